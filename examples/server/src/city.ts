/**
 * What the server keeps in its data directory besides the store: the token secret, the
 * Open311 key and, with a webhook URL, the webhook's signing key (each made once and
 * kept there, unless the environment gives it). The
 * city itself (grids, units, people, posts, routing, SLA policies, calendar notices) is
 * configuration kept in the store (`wiring.ts`): an empty store imports the city folder
 * (`--city-dir`, default Yumen's), as `gridgov import` does; the store is read after
 * that, and changed through the admin endpoints or `gridgov import`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { CalendarCn } from "@gridgov/calendar-cn"
import { Folder } from "@gridgov/cli"
import { CityChange, City as Config } from "@gridgov/core"
import { Auth } from "@gridgov/http"
import { Effect, type Redacted, Result } from "effect"
import type * as Arr from "effect/Array"
import { attempt, StartupError } from "./failure.js"
import type { Options, Secrets } from "./options.js"

export interface City {
  readonly tokenSecret: Redacted.Redacted<string>
  readonly open311ApiKey: string
  /** The webhook's signing key, when a webhook URL is given. */
  readonly webhookSecret: string | undefined
}

/** A value kept in the data directory: read it, or make it once and keep it. */
const kept = (dataDir: string, name: string, make: () => string): string => {
  const path = join(dataDir, name)
  if (existsSync(path)) return readFileSync(path, "utf8").trim()
  const value = make()
  writeFileSync(path, `${value}\n`, { mode: 0o600 })
  return value
}

// The working-day calendar: the State Council's notices, and each later year (through 2050)
// by rule until its notice is in @gridgov/calendar-cn (published each November), so that SLA
// deadlines keep computing on January 1st. Those years are provisional: make-up workdays (调休)
// are not known yet, and the notice may move rest days; every deadline resting on them says so.
// The configuration builds its calendar from the notices it holds (`CalendarCn.builder()`);
// this warns when the years around today rest on the rule alone.
const warnCalendar = () => {
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
}

/** Opens the data directory (made when missing) and reads the secrets kept in it. */
export const open = (options: Options, secrets: Secrets): Effect.Effect<City, StartupError> =>
  Effect.gen(function* () {
    const dir = options.dataDir
    // readable by its owner only: it holds the store, the secret and personal data
    yield* attempt(`cannot use the data directory ${dir}`, () => mkdirSync(dir, { recursive: true, mode: 0o700 }))
    const [secret, open311ApiKey, webhookSecret] = yield* attempt(
      `cannot write to the data directory ${dir}`,
      () =>
        [
          // GRIDGOV_SECRET, else DATA_DIR/secret (made on the first start): `gridgov token` reads the same
          Auth.secret({ value: secrets.tokenSecret, dataDir: dir, create: true }),
          secrets.open311ApiKey ?? kept(dir, "open311-api-key", Auth.randomSecret),
          options.webhookUrl === undefined
            ? undefined
            : (secrets.webhookSecret ?? kept(dir, "webhook-secret", Auth.randomSecret))
        ] as const
    )
    const tokenSecret = yield* Result.match(secret, {
      onSuccess: Effect.succeed,
      onFailure: (error) => Effect.fail(new StartupError({ message: error.message }))
    })
    warnCalendar()
    return { tokenSecret, open311ApiKey, webhookSecret }
  })

/**
 * The changes that import a city folder into an empty store, as `gridgov import` makes
 * them; a folder with faults stops the server, each fault on a line `file:line: reason`.
 */
export const seed = (cityDir: string): Effect.Effect<Arr.NonEmptyReadonlyArray<CityChange.Change>, StartupError> =>
  Effect.gen(function* () {
    const read = Folder.read(cityDir)
    if (Result.isFailure(read)) {
      return yield* new StartupError({
        message: `cannot import the city folder ${cityDir}:\n  ${read.failure.map(Folder.show).join("\n  ")}`
      })
    }
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
    const diff = CityChange.diff(Config.empty, read.success.target, { today })
    const [first, ...rest] = diff.steps.map((s) => s.change)
    if (first === undefined) {
      return yield* new StartupError({ message: `cannot import the city folder ${cityDir}: it holds no city` })
    }
    return [first, ...rest]
  })
