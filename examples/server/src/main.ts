/**
 * The example server: gridgov over HTTP, on SQLite (a file under `./data`) or on
 * PostgreSQL when `DATABASE_URL` is set. The city (grids, units, people, posts,
 * routing, SLA policies) is configuration kept in the store: seeded with the Yumen
 * fixture on an empty store, read from the store after that, and changed through the
 * admin endpoints; every server on the same database sees a change.
 * It runs the SLA sweeper and the outbox dispatcher in process, prints its URL, the
 * docs and demo tokens, logs as JSON lines, and on SIGINT/SIGTERM stops taking
 * connections, finishes the requests in flight, then closes the store.
 *
 * Environment: `PORT` (default 3000), `HOST` (default 127.0.0.1), `DATA_DIR`
 * (default ./data), `DATABASE_URL`, `OPEN311_API_KEY`, `GRIDGOV_SECRET`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { createServer } from "node:http"
import { join, resolve } from "node:path"
import { NodeHttpServer, NodeRuntime } from "@effect/platform-node"
import { CalendarCn } from "@gridgov/calendar-cn"
import { CaseService, Configuration, Dispatcher, Grid, Notifier, SlaSweeper, type Staff } from "@gridgov/core"
import { Auth, RateLimit, Server } from "@gridgov/http"
import { PgStore } from "@gridgov/storage-postgres"
import { SqlRecords } from "@gridgov/storage-sql"
import { SqliteStore } from "@gridgov/storage-sqlite"
import { Yumen } from "@gridgov/testing"
import { Clock, Effect, Layer, Logger, Redacted } from "effect"
import { HttpRouter, HttpServer } from "effect/http"
import * as Console from "./console.js"

const env = process.env
const port = Number(env.PORT ?? 3000)
const host = env.HOST ?? "127.0.0.1"
const dataDir = resolve(env.DATA_DIR ?? "./data")
mkdirSync(dataDir, { recursive: true, mode: 0o700 })

/** A value kept in the data directory: read it, or make it once and keep it. */
const kept = (name: string, make: () => string): string => {
  const path = join(dataDir, name)
  if (existsSync(path)) return readFileSync(path, "utf8").trim()
  const value = make()
  writeFileSync(path, `${value}\n`, { mode: 0o600 })
  return value
}

// The city an empty store starts with: the Yumen fixture.
const city = Yumen.make()
const secret = env.GRIDGOV_SECRET ?? kept("secret", Auth.randomSecret)
const open311Key = env.OPEN311_API_KEY ?? kept("open311-api-key", Auth.randomSecret)

// The working-day calendar: the State Council's notices, and each later year (through 2050)
// by rule until its notice is in @gridgov/calendar-cn (published each November), so that SLA
// deadlines keep computing on January 1st. Those years are provisional: make-up workdays (调休)
// are not known yet, and the notice may move rest days; every deadline resting on them says so.
// `CalendarCn.make({ provisional: false })` is the strict calendar (notices only).
const calendar = CalendarCn.calendar()
const thisYear = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4))
const soon = calendar.provisionalYears.filter((y) => y <= thisYear + 1)
if (soon.length > 0) {
  console.warn(
    `WARNING calendar: ${soon.join(", ")} provisional (holiday notice not in @gridgov/calendar-cn ${CalendarCn.tableVersion}); ` +
      "rest days derived from the holiday regulations, no make-up workdays; deadlines in those years may change when the notice is added"
  )
}
if (calendar.coverage.to < `${thisYear + 1}-12-31`) {
  console.warn(`WARNING calendar: covers only until ${calendar.coverage.to}; update @gridgov/calendar-cn`)
}

// The console at /console, the opt-in demo tokens and test clock (see console.ts); its demo
// people are read from the configuration held when asked.
const consoleHook = Console.hook(env)

// The case store and the records store share one database (and one connection pool).
const stores = SqlRecords.layer().pipe(
  Layer.provideMerge(
    env.DATABASE_URL?.startsWith("postgres")
      ? PgStore.layerWithClient({ url: Redacted.make(env.DATABASE_URL) })
      : SqliteStore.layerWithClient({ filename: join(dataDir, "gridgov.db") })
  )
)

// Notices go out through the outbox; here the "notice" channel writes a log line.
const notifier = Notifier.layer({
  notice: Effect.succeed<Notifier.Transport>({
    deliver: (message) =>
      Effect.as(Effect.logInfo("notice", { id: message.id, notification: message.notification }), Notifier.delivered)
  })
})

// The city's configuration, read from the store and followed (another server's change is
// seen within a poll); the calendar is built from the notices it holds.
const configuration = Configuration.layerStore({
  calendar: CalendarCn.builder(),
  seed: { changes: Yumen.changes(city), reason: "the Yumen fixture, on an empty store" }
})

const services = CaseService.layer.pipe(
  Layer.provideMerge(CaseService.layerOptions()),
  Layer.provideMerge(configuration),
  Layer.provideMerge(stores),
  Layer.provideMerge(
    Auth.layerHmac({
      secret: Redacted.make(secret),
      apiKeys: [{ name: "open311", id: "integration:open311", sha256: Auth.hashKey(open311Key) }]
    })
  ),
  Layer.provideMerge(RateLimit.layerMemory({ perSecond: 200, burst: 400 })),
  Layer.provideMerge(notifier)
)

const workers = Layer.effectDiscard(
  Effect.gen(function* () {
    yield* Effect.forkScoped(SlaSweeper.run())
    yield* Effect.forkScoped(Dispatcher.run())
  })
)

const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
const holder = (staff: ReadonlyArray<Staff.Post>, role: Staff.Role, at?: (place: Staff.Place) => boolean) =>
  staff.find(
    (p) =>
      p.role === role &&
      p.validFrom <= today &&
      (p.validTo === undefined || p.validTo >= today) &&
      (at === undefined || at(p.at))
  )

const banner = Effect.gen(function* () {
  const server = yield* HttpServer.HttpServer
  const auth = yield* Auth.Authenticator
  const current = yield* Effect.flatMap(Effect.service(Configuration.Configuration), (c) => c.current)
  const posts = current.document.posts
  const tree = current.tree
  const address = server.address
  const base = "port" in address ? `http://${host}:${address.port}` : "unix socket"
  const worker = holder(posts, "gridWorker")!
  const block = "grid" in worker.at ? worker.at.grid : ""
  const village = Grid.record(tree, Grid.id(tree, block)!).parent!
  const demo: Array<readonly [string, Staff.Post | undefined]> = [
    ["gridWorker", worker],
    ["gridChief", holder(posts, "gridChief", (at) => "grid" in at && at.grid === village)],
    ["dispatcher", holder(posts, "dispatcher", (at) => "unit" in at && at.unit === "center.grid")],
    ["departmentOfficer", holder(posts, "departmentOfficer", (at) => "unit" in at && at.unit === "dept.housing")],
    [
      "leader",
      holder(posts, "leader", (at) => "grid" in at && tree.records[Grid.id(tree, at.grid) ?? -1]?.parent === null)
    ],
    ["admin", holder(posts, "admin")]
  ]
  const lines = [
    `gridgov server listening on ${base}`,
    `  docs:     ${base}/docs`,
    `  openapi:  ${base}/openapi.json`,
    `  open311:  ${base}/open311/v2/discovery.json`,
    `  storage:  ${env.DATABASE_URL?.startsWith("postgres") ? "PostgreSQL" : join(dataDir, "gridgov.db")}`,
    `  city:     configuration version ${current.version} (the Yumen fixture on an empty store)`,
    `  demo place (the grid worker's block): ${block}`,
    "Demo tokens (Authorization: Bearer <token>, valid 12 hours):"
  ]
  for (const [role, post] of demo) {
    if (post === undefined) continue
    const t = yield* auth.issue({ _tag: "Person", id: post.person })
    const at = "grid" in post.at ? post.at.grid : post.at.unit
    lines.push(`  TOKEN ${role.padEnd(18)} ${post.person} ${at.padEnd(16)} ${t.token}`)
  }
  const resident = yield* auth.issue({ _tag: "Resident", id: "r-demo" })
  lines.push(`  TOKEN ${"public".padEnd(18)} r-demo - ${resident.token}`)
  lines.push(`Open311 api_key: ${open311Key}`)
  lines.splice(4, 0, ...consoleHook.lines(base))
  console.log(lines.join("\n"))
})

const app = HttpRouter.serve(
  Layer.mergeAll(Server.layer({ open311: { baseUrl: `http://${host}:${port}` } }), consoleHook.routes),
  {
    disableListenLog: true
  }
).pipe(
  Layer.provideMerge(Layer.mergeAll(workers, Layer.effectDiscard(Effect.void))),
  Layer.provideMerge(services),
  // A client gets 10 s to send its headers and 60 s for the whole request (the body
  // itself has Server.Options.bodyTimeoutMs, 30 s by default).
  Layer.provideMerge(
    NodeHttpServer.layer(() => createServer({ headersTimeout: 10_000, requestTimeout: 60_000 }), {
      port,
      host,
      gracefulShutdownTimeout: "10 seconds"
    })
  )
)

const main = Layer.launch(Layer.mergeAll(app, Layer.effectDiscard(banner).pipe(Layer.provide(app)))).pipe(
  Effect.provide(Logger.layer([Logger.consoleJson]))
)

NodeRuntime.runMain(
  consoleHook.clock === undefined ? main : Effect.provideService(main, Clock.Clock, consoleHook.clock)
)
