/**
 * The server's layers: the store (SQLite in the data directory, or PostgreSQL), the
 * city's configuration kept in it (an empty store imports the city folder first,
 * followed after that: another server's change is seen within a poll), the case
 * service and its ports, the token authenticator, the rate
 * limiter, the notifier (a log line per notification, and a signed webhook with
 * `--webhook-url`), the SLA sweeper and the outbox dispatcher, and the HTTP
 * routes on a Node server. A failure to open the store or to listen becomes one
 * `StartupError` line (`failure.ts`).
 */
import { createServer } from "node:http"
import { join } from "node:path"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import { CalendarCn } from "@gridgov/calendar-cn"
import { CaseService, CityStore, Configuration, Dispatcher, Notifier, SlaSweeper } from "@gridgov/core"
import { Auth, RateLimit, Server } from "@gridgov/http"
import { Webhook } from "@gridgov/notify-webhook"
import { PgStore } from "@gridgov/storage-postgres"
import { SqlRecords } from "@gridgov/storage-sql"
import { SqliteStore } from "@gridgov/storage-sqlite"
import { Effect, Layer, Redacted } from "effect"
import { FetchHttpClient, HttpRouter, HttpServer } from "effect/http"
import { type City, seed } from "./city.js"
import { explain, StartupError } from "./failure.js"
import { type Options, shown } from "./options.js"

/** The base URL of a bound server, under the host name it was asked to listen on. */
export const baseUrl = (host: string, address: HttpServer.HttpServer["Service"]["address"]): string =>
  "port" in address ? `http://${host.includes(":") ? `[${host}]` : host}:${address.port}` : "unix socket"

/** Where the store is: the SQLite file, or the PostgreSQL URL without its password. */
export const storage = (options: Options): string =>
  options.databaseUrl === undefined
    ? join(options.dataDir, "gridgov.db")
    : `PostgreSQL ${shown(options.databaseUrl.href)}`

// The case store and the records store share one database (and one connection pool).
const stores = (options: Options) =>
  explain(
    SqlRecords.layer().pipe(
      Layer.provideMerge(
        options.databaseUrl === undefined
          ? SqliteStore.layerWithClient({ filename: join(options.dataDir, "gridgov.db") })
          : PgStore.layerWithClient({ url: Redacted.make(options.databaseUrl.href) })
      )
    ),
    `cannot open the store (${storage(options)})`
  )

/**
 * The notifier's transports by outbox channel. `CaseService` writes each case
 * notification to every channel here, so each has a transport and nothing is
 * dead-lettered for want of one. The `log` channel writes a log line; with
 * `--webhook-url`, the `webhook` channel POSTs each notification there, signed with
 * the webhook secret (`@gridgov/notify-webhook`: `Gridgov-Signature`, and the
 * notification's dedupe key as `Idempotency-Key`). A deployment adds `email`
 * (`@gridgov/notify-email`) the same way.
 */
const transports = (options: Options, city: City) => ({
  log: log,
  ...(options.webhookUrl === undefined || city.webhookSecret === undefined
    ? {}
    : {
        webhook: Webhook.make({
          subscribers: [{ id: "webhook", url: options.webhookUrl.href, secret: city.webhookSecret }]
        })
      })
})

const log = Effect.succeed<Notifier.Transport>({
  deliver: (message) =>
    Effect.as(
      Effect.logInfo("notification", {
        id: message.id,
        type: message.notification.type,
        caseId: message.notification.caseId,
        event: message.notification.event.type,
        recipient: message.notification.recipient
      }),
      Notifier.delivered
    )
})

/** The outbox channels case notifications are written to: those the notifier serves. */
export const channels = (options: Options, city: City): ReadonlyArray<string> => Object.keys(transports(options, city))

/**
 * The city's configuration, read from the store and followed; the calendar is built
 * from the notices it holds (those of @gridgov/calendar-cn, and any added since). An
 * empty store first imports the city folder (`--city-dir`); a filled one never reads it.
 */
const configuration = (options: Options) =>
  Layer.unwrap(
    Effect.gen(function* () {
      const head = yield* Effect.flatMap(Effect.service(CityStore.CityStore), (store) => store.head)
      const changes = head.version === 0 ? yield* seed(options.cityDir) : undefined
      return explain(
        Configuration.layerStore({
          calendar: CalendarCn.builder(),
          ...(changes === undefined
            ? {}
            : { seed: { changes, reason: `the city folder ${options.cityDir}, on an empty store` } })
        }),
        "cannot read the city's configuration from the store"
      )
    }).pipe(
      Effect.catchTag("StoreError", (e) =>
        Effect.fail(new StartupError({ message: `cannot read the city's configuration from the store: ${e.message}` }))
      )
    )
  )

const services = (options: Options, city: City) =>
  CaseService.layer.pipe(
    Layer.provideMerge(CaseService.layerOptions({ channels: channels(options, city) })),
    Layer.provideMerge(configuration(options)),
    Layer.provideMerge(stores(options)),
    Layer.provideMerge(
      Auth.layerHmac({
        secret: city.tokenSecret,
        apiKeys: [{ name: "open311", id: "integration:open311", sha256: Auth.hashKey(city.open311ApiKey) }]
      })
    ),
    Layer.provideMerge(RateLimit.layerMemory({ perSecond: 200, burst: 400 })),
    Layer.provideMerge(Notifier.layer(transports(options, city)).pipe(Layer.provide(FetchHttpClient.layer)))
  )

const workers = Layer.effectDiscard(
  Effect.gen(function* () {
    yield* Effect.forkScoped(SlaSweeper.run())
    yield* Effect.forkScoped(Dispatcher.run())
  })
)

/**
 * The HTTP routes: the API, its docs, and Open311, whose discovery document
 * advertises the port the server is bound to (not 0 when any free port was asked
 * for), and the `extra` routes beside them.
 */
const routes = <E, R>(options: Options, extra: Layer.Layer<never, E, R>) =>
  Layer.unwrap(
    Effect.map(Effect.service(HttpServer.HttpServer), (server) =>
      Layer.mergeAll(Server.layer({ open311: { baseUrl: baseUrl(options.host, server.address) } }), extra)
    )
  )

const listening = (options: Options) =>
  explain(
    // A client gets 10 s to send its headers and 60 s for the whole request (the body
    // itself has Server.Options.bodyTimeoutMs, 30 s by default).
    NodeHttpServer.layer(() => createServer({ headersTimeout: 10_000, requestTimeout: 60_000 }), {
      port: options.port,
      host: options.host,
      gracefulShutdownTimeout: "10 seconds"
    }),
    `cannot listen on ${options.host}:${options.port}`
  )

/**
 * The whole server, with `extra` routes beside the API (the console's): built, it
 * listens and serves; closed, it drains and closes the store.
 */
export const layer = <E, R>(options: Options, city: City, extra: Layer.Layer<never, E, R>) =>
  HttpRouter.serve(routes(options, extra), { disableListenLog: true }).pipe(
    Layer.provideMerge(workers),
    Layer.provideMerge(services(options, city)),
    Layer.provideMerge(listening(options))
  )
