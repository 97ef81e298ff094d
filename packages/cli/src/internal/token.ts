/**
 * `gridgov token PERSON`: a bearer token for a person of the store's configuration,
 * signed with the secret the server signs with, for a person who holds a post today.
 */
import { dirname } from "node:path"
import { CalendarCn } from "@gridgov/calendar-cn"
import { Access, Calendar, Configuration, StaffService, Tokens } from "@gridgov/core"
import { Auth } from "@gridgov/http"
import { Clock, Config, Console, Effect, Option, Result } from "effect"
import * as Store from "../Store.js"
import { exit, Failed } from "./failure.js"

const failed = (reason: string, code: number = exit.failed) => new Failed({ reason, code })

/** The server's signing secret: GRIDGOV_SECRET, else DATA_DIR/secret (the flag, the variable, or the SQLite file's directory). */
const secretOf = (store: Store.Url, dataDir: Option.Option<string>) =>
  Effect.gen(function* () {
    const given = yield* Config.option(Config.String("GRIDGOV_SECRET"))
    const dir = Option.orElse(dataDir, () =>
      store._tag === "Sqlite" ? Option.some(dirname(store.path)) : Option.none()
    )
    if (Option.isNone(given) && Option.isNone(dir)) {
      return yield* failed(
        "no signing secret: set GRIDGOV_SECRET, or --data-dir to the server's DATA_DIR (where its secret file is)"
      )
    }
    const secret = Auth.secret({ value: Option.getOrUndefined(given), dataDir: Option.getOrElse(dir, () => ".") })
    return Result.isSuccess(secret) ? secret.success : yield* failed(secret.failure.message)
  }).pipe(Effect.catchTag("ConfigError", (e) => Effect.fail(failed(`GRIDGOV_SECRET: ${e.message}`))))

export const token = (options: {
  readonly store: Store.Url
  readonly person: string
  readonly hours: number
  readonly dataDir: Option.Option<string>
  readonly json: boolean
}) =>
  Effect.gen(function* () {
    const limits = StaffService.environment({})
    const ttlMs = Math.round(options.hours * 3_600_000)
    if (!(ttlMs >= limits.minTtlMs && ttlMs <= limits.maxTtlMs)) {
      return yield* failed(
        `--hours ${options.hours}: a token lives from ${limits.minTtlMs / 60_000} minute(s) to ${limits.maxTtlMs / 3_600_000} hours`,
        exit.usage
      )
    }
    const secret = yield* secretOf(options.store, options.dataDir)
    const current = yield* Effect.flatMap(Effect.service(Configuration.Configuration), (c) => c.current)
    if (current.version === 0) {
      return yield* failed("the store holds no city configuration yet: import a city folder first (gridgov import)")
    }
    const person = current.directory.people.get(options.person)
    if (person === undefined) {
      return yield* failed(`no person ${options.person} in the store's configuration (version ${current.version})`)
    }
    const now = yield* Clock.currentTimeMillis
    const today = Calendar.localDate(current.calendar, now)
    const actor = Access.actor(current.directory, options.person, today)
    if (actor.posts.length === 0) {
      return yield* failed(
        `${options.person} (${person.name}) holds no post on ${today}: a token would let them do nothing`
      )
    }
    const issued = yield* Effect.flatMap(Effect.service(Tokens.Tokens), (tokens) =>
      tokens.issue({ _tag: "Person", id: options.person }, now + ttlMs)
    ).pipe(Effect.provide(Auth.layerHmac({ secret })))
    yield* Console.log(
      options.json
        ? JSON.stringify({
            token: issued.token,
            person: options.person,
            name: person.name,
            posts: actor.posts,
            expiresAt: new Date(issued.expiresAt).toISOString()
          })
        : issued.token
    )
  }).pipe(
    Effect.provide(Configuration.layerStore({ calendar: CalendarCn.builder(), pollMs: 0 })),
    Effect.provide(Store.layer(options.store))
  )
