/**
 * The city the server runs, from its data directory: the Yumen fixture's grid tree,
 * the staff records (seeded into the directory on first run, read from there
 * afterwards, written by administration), the token secret and the Open311 key
 * (made once and kept there, unless the environment gives them), the working-day
 * calendar and the settings `CaseService` runs on.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { CalendarCn } from "@gridgov/calendar-cn"
import { type CaseService, Routing, Sla, Staff } from "@gridgov/core"
import { Auth } from "@gridgov/http"
import { Yumen } from "@gridgov/testing"
import { Effect, Result, Schema } from "effect"
import { attempt, StartupError } from "./failure.js"
import type { Options, Secrets } from "./options.js"

export interface City {
  readonly fixture: Yumen.Fixture
  readonly staff: Staff.Records
  /** Where administration writes the staff records. */
  readonly staffPath: string
  /** Whether this run seeded the data directory. */
  readonly seeded: boolean
  readonly tokenSecret: string
  readonly open311ApiKey: string
  /** The staff directory built from `staff` over the fixture's tree, for `Directory.layerMemory`. */
  readonly directory: Staff.Directory
  readonly settings: Omit<CaseService.Settings, "channels">
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
// `CalendarCn.make({ provisional: false })` is the strict calendar (notices only).
const workingDays = () => {
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
  return calendar
}

/** Opens the data directory (made when missing) and reads the city from it. */
export const open = (options: Options, secrets: Secrets): Effect.Effect<City, StartupError> =>
  Effect.gen(function* () {
    const dir = options.dataDir
    // readable by its owner only: it holds the store, the secret and personal data
    yield* attempt(`cannot use the data directory ${dir}`, () => mkdirSync(dir, { recursive: true, mode: 0o700 }))
    const fixture = Yumen.make()
    const staffPath = join(dir, "staff.json")
    const seeded = !existsSync(staffPath)
    const [tokenSecret, open311ApiKey] = yield* attempt(`cannot write to the data directory ${dir}`, () => {
      if (seeded) writeFileSync(staffPath, JSON.stringify(fixture.staff))
      return [
        secrets.tokenSecret ?? kept(dir, "secret", Auth.randomSecret),
        secrets.open311ApiKey ?? kept(dir, "open311-api-key", Auth.randomSecret)
      ] as const
    })
    const text = yield* attempt(`cannot read ${staffPath}`, () => readFileSync(staffPath, "utf8"))
    const staff = yield* attempt(`${staffPath} is not a staff records file`, () =>
      Schema.decodeUnknownSync(Staff.Records)(JSON.parse(text))
    )
    const directory = Staff.directory(staff, fixture.tree)
    if (Result.isFailure(directory)) {
      return yield* new StartupError({
        message: `${staffPath}: the staff records do not fit the Yumen grid tree: ${directory.failure.message}`
      })
    }
    return {
      fixture,
      staff,
      staffPath,
      seeded,
      tokenSecret,
      open311ApiKey,
      directory: directory.success,
      settings: {
        tree: fixture.tree,
        calendar: workingDays(),
        sla: Result.getOrThrow(Sla.make(Yumen.sla)),
        router: Result.getOrThrow(Routing.compile(Yumen.routing))
      }
    }
  })
