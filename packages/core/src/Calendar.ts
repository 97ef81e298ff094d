/**
 * Working days and working hours on an explicit table: a weekly pattern, layers
 * of rest days and make-up workdays (a national table, then regional overrides),
 * working-hours windows and a fixed UTC offset.
 *
 * Coverage is explicit: a date or instant outside the covered years is an
 * `OutOfCoverage` failure, never a Monday–Friday guess. A covered year may be
 * marked *provisional* (its table derived from rules, not from a published
 * arrangement): it is answered, and says so. Every question is
 * answered from prefix counts over the table in O(1), independent of the host
 * time zone.
 *
 * @since 0.1.0
 */
import { Context, Result, Schema } from "effect"
import {
  civilFromDays,
  DAY_MS,
  formatClock,
  formatIso,
  parseClock,
  parseIso,
  weekday
} from "./internal/calendarDate.js"
import * as T from "./internal/calendarTable.js"

/**
 * A date or instant falls outside the years the calendar covers, or arithmetic
 * (a working-day count, a deadline) runs off the table.
 *
 * - `date`: a `YYYY-MM-DD` date the answer needs and the table does not have:
 *   the date asked about (the local date of an instant), or, when arithmetic runs
 *   off the table, the first date after it (the last one before it, going back);
 * - `detail`: what was being computed, for people and logs;
 * - `from` / `to`: the first and last covered dates.
 *
 * @example
 * import { Calendar } from "@gridgov/core"
 * import { Result } from "effect"
 * const cal = Result.getOrThrow(Calendar.make({ years: { from: 2025, to: 2025 } }))
 * const r = Calendar.addWorkingDays(cal, "2025-12-30", 5)
 * const e = Result.isFailure(r) && r.failure._tag === "OutOfCoverage" ? r.failure : undefined
 * e?.date // "2026-01-01"
 * e?.detail // "2025-12-30 +5 working days runs past 2025-12-31"
 *
 * @category errors
 * @since 0.1.0
 */
export class OutOfCoverage extends Schema.TaggedError<OutOfCoverage>()("OutOfCoverage", {
  /** A date the answer needs that the table does not have (`YYYY-MM-DD`). */
  date: Schema.String,
  /** First covered date. */
  from: Schema.String,
  /** Last covered date. */
  to: Schema.String,
  /** What was asked or computed. */
  detail: Schema.String
}) {
  override get message() {
    return `${this.date} is outside the calendar (${this.from} to ${this.to}): ${this.detail}`
  }
}

/**
 * A string is not a strict `YYYY-MM-DD` date (or a finite instant or amount was expected).
 *
 * @example
 * import { Calendar } from "@gridgov/core"
 * new Calendar.InvalidDate({ input: "2025-02-30" })._tag // "InvalidDate"
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidDate extends Schema.TaggedError<InvalidDate>()("InvalidDate", {
  input: Schema.String
}) {}

/**
 * A calendar table cannot be built: bad years, bad hours, a layer date outside the
 * covered years, or a day marked both rest and work in one layer.
 *
 * @example
 * import { Calendar } from "@gridgov/core"
 * import { Result } from "effect"
 * const r = Calendar.make({ years: { from: 2026, to: 2025 } })
 * Result.isFailure(r) && r.failure._tag // "InvalidCalendar"
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidCalendar extends Schema.TaggedError<InvalidCalendar>()("InvalidCalendar", {
  reason: Schema.String
}) {}

/**
 * The errors of calendar look-ups and arithmetic.
 *
 * @example
 * import type { Calendar } from "@gridgov/core"
 * const explain = (e: Calendar.CalendarError) => (e._tag === "OutOfCoverage" ? `not covered: ${e.date}` : e.input)
 *
 * @category errors
 * @since 0.1.0
 */
export type CalendarError = OutOfCoverage | InvalidDate

/**
 * A layer of the table: days made rest days (holidays) and days made workdays
 * (make-up workdays, 调休), as dates or inclusive `[from, to]` ranges. Layers are
 * applied in order over the weekly pattern; a later layer wins, so a regional
 * override placed after the national table replaces what it says about a day.
 *
 * @example
 * import type { Calendar } from "@gridgov/core"
 * const local: Calendar.Layer = {
 *   name: "example-city-closure",
 *   region: "620981",
 *   rest: [["2025-07-14", "2025-07-15"]],
 *   source: "illustrative example, not a real notice"
 * }
 *
 * @category model
 * @since 0.1.0
 */
export interface Layer {
  readonly name: string
  readonly rest?: ReadonlyArray<string | readonly [string, string]> | undefined
  readonly work?: ReadonlyArray<string | readonly [string, string]> | undefined
  /** Administrative division code or grid code the layer applies to (documentation only). */
  readonly region?: string | undefined
  /** Where the layer comes from: a notice title, number and date. */
  readonly source?: string | undefined
}

/**
 * One working-hours window, local time, `from` inclusive and `to` exclusive.
 *
 * @example
 * import type { Calendar } from "@gridgov/core"
 * const morning: Calendar.Hours = { from: "08:30", to: "12:00" }
 *
 * @category model
 * @since 0.1.0
 */
export interface Hours {
  readonly from: string
  readonly to: string
}

/**
 * What a calendar is built from.
 *
 * The zone is a fixed UTC offset (China has had no daylight saving time since
 * 1991). Zones with daylight saving time are not supported: a calendar has one
 * offset for all covered days.
 *
 * @example
 * import { Calendar } from "@gridgov/core"
 * const spec: Calendar.Spec = {
 *   years: { from: 2025, to: 2025 },
 *   layers: [{ name: "national-day", rest: [["2025-10-01", "2025-10-08"]], work: ["2025-09-28", "2025-10-11"] }]
 * }
 *
 * @category model
 * @since 0.1.0
 */
export interface Spec {
  /** Covered years, inclusive. */
  readonly years: { readonly from: number; readonly to: number }
  readonly layers?: ReadonlyArray<Layer> | undefined
  /** Weekly rest days, 0 = Sunday … 6 = Saturday (default Saturday and Sunday). */
  readonly weekend?: ReadonlyArray<number> | undefined
  /** Working-hours windows of every working day (default 08:30–12:00 and 14:30–18:00). */
  readonly hours?: ReadonlyArray<Hours> | undefined
  /** IANA name shown to people (default `Asia/Shanghai`). */
  readonly zone?: string | undefined
  /** Fixed UTC offset in minutes (default 480, +08:00). */
  readonly offsetMinutes?: number | undefined
  /**
   * Covered years whose table is provisional: derived from rules while the
   * authoritative arrangement is not published, so any day of them may still
   * change. Answers in these years are given, and {@link isProvisional},
   * {@link touchesProvisional} and {@link describe} say so. Default none.
   */
  readonly provisional?: ReadonlyArray<number> | undefined
}

/**
 * A compiled working-day calendar. Build it with {@link make}; read it with the
 * functions of this module.
 *
 * @example
 * import { Calendar } from "@gridgov/core"
 * import { Result } from "effect"
 * const cal = Result.getOrThrow(Calendar.make({ years: { from: 2025, to: 2025 } }))
 * cal.coverage // { from: "2025-01-01", to: "2025-12-31" }
 *
 * @category model
 * @since 0.1.0
 */
export interface Calendar {
  readonly _tag: "Calendar"
  readonly spec: Spec
  readonly zone: string
  readonly offsetMinutes: number
  readonly coverage: { readonly from: string; readonly to: string }
  readonly hours: ReadonlyArray<Hours>
  /** Working minutes in one working day. */
  readonly minutesPerDay: number
  /** The provisional years of the table, ascending (empty when every year is authoritative). */
  readonly provisionalYears: ReadonlyArray<number>
  /** @internal */
  readonly table: T.Compiled
}

/**
 * The default working hours: 08:30–12:00 and 14:30–18:00 (7 hours).
 *
 * @example
 * import { Calendar } from "@gridgov/core"
 * Calendar.defaultHours.length // 2
 *
 * @category constructors
 * @since 0.1.0
 */
export const defaultHours: ReadonlyArray<Hours> = [
  { from: "08:30", to: "12:00" },
  { from: "14:30", to: "18:00" }
]

/**
 * Builds a calendar from a table. Fails with `InvalidCalendar` when the table is
 * inconsistent.
 *
 * @example
 * import { Calendar } from "@gridgov/core"
 * import { Result } from "effect"
 * const cal = Result.getOrThrow(
 *   Calendar.make({ years: { from: 2025, to: 2025 }, layers: [{ name: "new-year", rest: ["2025-01-01"] }] })
 * )
 * Result.getOrThrow(Calendar.isWorkingDay(cal, "2025-01-01")) // false
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (spec: Spec): Result.Result<Calendar, InvalidCalendar> => {
  const hours = spec.hours ?? defaultHours
  const compiled = T.compile({
    fromYear: spec.years.from,
    toYear: spec.years.to,
    weekend: spec.weekend ?? [0, 6],
    layers: spec.layers ?? [],
    hours: hours.map((h) => [h.from, h.to] as const),
    offsetMinutes: spec.offsetMinutes ?? 480
  })
  if (typeof compiled === "string") return Result.fail(new InvalidCalendar({ reason: compiled }))
  const provisionalYears = [...new Set(spec.provisional ?? [])].sort((a, b) => a - b)
  for (const y of provisionalYears) {
    if (!Number.isInteger(y) || y < spec.years.from || y > spec.years.to) {
      return Result.fail(
        new InvalidCalendar({
          reason: `provisional year ${y} is not a covered year (${spec.years.from}–${spec.years.to})`
        })
      )
    }
  }
  return Result.succeed({
    _tag: "Calendar",
    spec,
    zone: spec.zone ?? "Asia/Shanghai",
    offsetMinutes: spec.offsetMinutes ?? 480,
    coverage: { from: compiled.iso[0]!, to: compiled.iso[compiled.dayCount - 1]! },
    hours,
    minutesPerDay: compiled.dayWorkMs / 60_000,
    provisionalYears,
    table: compiled
  })
}

/**
 * Adds layers (regional overrides, a city's own closures) on top of a calendar's
 * table and rebuilds it. The new layers come last, so they win.
 *
 * @example
 * import { Calendar } from "@gridgov/core"
 * import { Result } from "effect"
 * const national = Result.getOrThrow(Calendar.make({ years: { from: 2025, to: 2025 } }))
 * const local = Result.getOrThrow(
 *   Calendar.withLayers(national, [{ name: "example-local-festival", rest: ["2025-06-06"] }])
 * )
 * Result.getOrThrow(Calendar.isWorkingDay(local, "2025-06-06")) // false
 *
 * @category constructors
 * @since 0.1.0
 */
export const withLayers = (
  calendar: Calendar,
  layers: ReadonlyArray<Layer>
): Result.Result<Calendar, InvalidCalendar> =>
  make({ ...calendar.spec, layers: [...(calendar.spec.layers ?? []), ...layers] })

/**
 * The calendar an Effect program uses, as a service.
 *
 * @example
 * import { Calendar } from "@gridgov/core"
 * import { Effect, Layer, Result } from "effect"
 * const cal = Result.getOrThrow(Calendar.make({ years: { from: 2025, to: 2025 } }))
 * const program = Calendar.Current.use((c) => Effect.succeed(c.coverage.to))
 * Effect.runSync(Effect.provide(program, Layer.succeed(Calendar.Current, cal))) // "2025-12-31"
 *
 * @category services
 * @since 0.1.0
 */
export class Current extends Context.Service<Current, Calendar>()("@gridgov/core/Calendar/Current") {}

const outOfCoverage = (calendar: Calendar, date: string, detail: string) =>
  Result.fail(new OutOfCoverage({ date, from: calendar.coverage.from, to: calendar.coverage.to, detail }))

/** Arithmetic from a covered date ran off the table, forward or back. */
const ranOff = (calendar: Calendar, forward: boolean, what: string) =>
  outOfCoverage(
    calendar,
    T.beyond(calendar.table, forward),
    `${what} runs ${forward ? `past ${calendar.coverage.to}` : `before ${calendar.coverage.from}`}`
  )

const dateIndex = (calendar: Calendar, date: string): Result.Result<number, CalendarError> => {
  const i = T.indexOfIso(calendar.table, date)
  if (i >= 0) return Result.succeed(i)
  return i === -2
    ? Result.fail(new InvalidDate({ input: date }))
    : outOfCoverage(calendar, date, `${date} is not in the table`)
}

const localDateOf = (calendar: Calendar, instant: number): string =>
  formatIso(Math.floor((instant + calendar.table.offsetMs) / DAY_MS))

const instantIndex = (calendar: Calendar, instant: number): Result.Result<number, CalendarError> => {
  if (!Number.isFinite(instant)) return Result.fail(new InvalidDate({ input: String(instant) }))
  const i = T.indexOfInstant(calendar.table, instant)
  if (i >= 0) return Result.succeed(i)
  const date = localDateOf(calendar, instant)
  return outOfCoverage(calendar, date, `an instant on ${date} is not in the table`)
}

/**
 * Whether a date is a working day.
 *
 * @example
 * import { Calendar } from "@gridgov/core"
 * import { Result } from "effect"
 * const cal = Result.getOrThrow(Calendar.make({ years: { from: 2025, to: 2025 } }))
 * Result.getOrThrow(Calendar.isWorkingDay(cal, "2025-03-08")) // false, a Saturday
 *
 * @category queries
 * @since 0.1.0
 */
export const isWorkingDay = (calendar: Calendar, date: string): Result.Result<boolean, CalendarError> =>
  Result.map(dateIndex(calendar, date), (i) => calendar.table.work[i] === 1)

/**
 * What a day is and why: working or not, its weekday (0 = Sunday), the layer
 * that decided it and that layer's source (`undefined` when the weekly pattern
 * did), and whether the day lies in a provisional year (then the answer may
 * change when the authoritative arrangement is published).
 *
 * @example
 * import { Calendar } from "@gridgov/core"
 * import { Result } from "effect"
 * const cal = Result.getOrThrow(
 *   Calendar.make({ years: { from: 2025, to: 2025 }, layers: [{ name: "spring", work: ["2025-02-08"] }] })
 * )
 * Result.getOrThrow(Calendar.describe(cal, "2025-02-08"))
 * // { date, working: true, weekday: 6, layer: "spring", source: undefined, provisional: false }
 *
 * @category queries
 * @since 0.1.0
 */
export const describe = (
  calendar: Calendar,
  date: string
): Result.Result<
  {
    readonly date: string
    readonly working: boolean
    readonly weekday: number
    readonly layer: string | undefined
    readonly source: string | undefined
    readonly provisional: boolean
  },
  CalendarError
> =>
  Result.map(dateIndex(calendar, date), (i) => {
    const by = calendar.table.decidedBy[i]!
    const layer = by >= 0 ? calendar.spec.layers?.[by] : undefined
    return {
      date,
      working: calendar.table.work[i] === 1,
      weekday: weekday(calendar.table.firstDay + i),
      layer: layer?.name,
      source: layer?.source,
      provisional: calendar.provisionalYears.includes(civilFromDays(calendar.table.firstDay + i)[0])
    }
  })

/**
 * Whether a covered date lies in a provisional year of the table.
 *
 * @example
 * import { Calendar } from "@gridgov/core"
 * import { Result } from "effect"
 * const cal = Result.getOrThrow(Calendar.make({ years: { from: 2026, to: 2027 }, provisional: [2027] }))
 * Result.getOrThrow(Calendar.isProvisional(cal, "2027-03-01")) // true
 * Result.getOrThrow(Calendar.isProvisional(cal, "2026-03-02")) // false
 *
 * @category queries
 * @since 0.1.0
 */
export const isProvisional = (calendar: Calendar, date: string): Result.Result<boolean, CalendarError> =>
  Result.map(dateIndex(calendar, date), (i) =>
    calendar.provisionalYears.includes(civilFromDays(calendar.table.firstDay + i)[0])
  )

/**
 * Whether any local day between two instants (inclusive, either order) lies in
 * a provisional year: a deadline computed from `from` to `to` then rests on a
 * provisional table and may move when the arrangement is published. Instants
 * outside the coverage are compared by their local year, so this never fails.
 *
 * @example
 * import { Calendar } from "@gridgov/core"
 * import { Result } from "effect"
 * const cal = Result.getOrThrow(Calendar.make({ years: { from: 2026, to: 2027 }, provisional: [2027] }))
 * const start = Result.getOrThrow(Calendar.at(cal, "2026-12-28", "09:00"))
 * const due = Result.getOrThrow(Calendar.addWorkingHours(cal, start, 35))
 * Calendar.touchesProvisional(cal, start, due) // true: the deadline runs into 2027
 *
 * @category queries
 * @since 0.1.0
 */
export const touchesProvisional = (calendar: Calendar, from: number, to: number): boolean => {
  if (calendar.provisionalYears.length === 0) return false
  const a = civilFromDays(Math.floor((Math.min(from, to) + calendar.table.offsetMs) / DAY_MS))[0]
  const b = civilFromDays(Math.floor((Math.max(from, to) + calendar.table.offsetMs) / DAY_MS))[0]
  return calendar.provisionalYears.some((y) => y >= a && y <= b)
}

/**
 * Counts the working days `d` with `from < d ≤ to`: the start day is not counted,
 * the end day is. Negative when `to` is before `from`. Inverse of
 * {@link addWorkingDays}: `countWorkingDays(d, addWorkingDays(d, n)) === n` for
 * n ≥ 0 (and for n < 0 when `d` is a working day).
 *
 * @example
 * import { Calendar } from "@gridgov/core"
 * import { Result } from "effect"
 * const cal = Result.getOrThrow(Calendar.make({ years: { from: 2025, to: 2025 } }))
 * Result.getOrThrow(Calendar.countWorkingDays(cal, "2025-03-07", "2025-03-10")) // 1 (Friday to Monday)
 *
 * @category arithmetic
 * @since 0.1.0
 */
export const countWorkingDays = (
  calendar: Calendar,
  from: string,
  to: string
): Result.Result<number, CalendarError> => {
  const i = dateIndex(calendar, from)
  if (Result.isFailure(i)) return i
  const j = dateIndex(calendar, to)
  if (Result.isFailure(j)) return j
  return Result.succeed(T.countWorkingDays(calendar.table, i.success, j.success))
}

/**
 * The `n`-th working day after `date` (n > 0), before it (n < 0), or `date`
 * itself (n = 0). Fails with `OutOfCoverage` when the answer lies past the table.
 *
 * @example
 * import { Calendar } from "@gridgov/core"
 * import { Result } from "effect"
 * const cal = Result.getOrThrow(Calendar.make({ years: { from: 2025, to: 2025 } }))
 * Result.getOrThrow(Calendar.addWorkingDays(cal, "2025-03-07", 1)) // "2025-03-10"
 *
 * @category arithmetic
 * @since 0.1.0
 */
export const addWorkingDays = (calendar: Calendar, date: string, n: number): Result.Result<string, CalendarError> => {
  if (!Number.isInteger(n)) return Result.fail(new InvalidDate({ input: `working-day count ${n}` }))
  const i = dateIndex(calendar, date)
  if (Result.isFailure(i)) return Result.fail(i.failure)
  const j = T.addWorkingDays(calendar.table, i.success, n)
  return j >= 0
    ? Result.succeed(calendar.table.iso[j]!)
    : ranOff(calendar, n >= 0, `${date} ${n >= 0 ? "+" : ""}${n} working days`)
}

/**
 * `date` when it is a working day, otherwise the next working day: the rule that
 * moves a deadline off a rest day.
 *
 * @example
 * import { Calendar } from "@gridgov/core"
 * import { Result } from "effect"
 * const cal = Result.getOrThrow(Calendar.make({ years: { from: 2025, to: 2025 } }))
 * Result.getOrThrow(Calendar.rollForward(cal, "2025-03-08")) // "2025-03-10"
 *
 * @category arithmetic
 * @since 0.1.0
 */
export const rollForward = (calendar: Calendar, date: string): Result.Result<string, CalendarError> => {
  const i = dateIndex(calendar, date)
  if (Result.isFailure(i)) return Result.fail(i.failure)
  const j = T.rollForward(calendar.table, i.success)
  return j >= 0 ? Result.succeed(calendar.table.iso[j]!) : ranOff(calendar, true, `the working day from ${date}`)
}

/**
 * The local date (`YYYY-MM-DD`, in the calendar's zone) of an instant.
 *
 * @example
 * import { Calendar } from "@gridgov/core"
 * import { Result } from "effect"
 * const cal = Result.getOrThrow(Calendar.make({ years: { from: 2025, to: 2025 } }))
 * Result.getOrThrow(Calendar.dateOf(cal, Date.UTC(2025, 0, 1, 16))) // "2025-01-02" (00:00 in Shanghai)
 *
 * @category conversions
 * @since 0.1.0
 */
export const dateOf = (calendar: Calendar, instant: number): Result.Result<string, CalendarError> =>
  Result.map(instantIndex(calendar, instant), (i) => calendar.table.iso[i]!)

/**
 * The local date (`YYYY-MM-DD`) of an instant in the calendar's zone, inside its
 * coverage or not: a date as such, for look-ups by date (who holds a post that day),
 * not a working-day answer (`dateOf` is the one that refuses a date the table does
 * not cover).
 *
 * @example
 * import { Calendar } from "@gridgov/core"
 * import { Result } from "effect"
 * const cal = Result.getOrThrow(Calendar.make({ years: { from: 2025, to: 2025 } }))
 * Calendar.localDate(cal, Date.UTC(2030, 0, 1, 16)) // "2030-01-02"
 *
 * @category conversions
 * @since 0.1.0
 */
export const localDate = (calendar: Calendar, instant: number): string => localDateOf(calendar, instant)

/**
 * The instant of a local date and wall-clock time (`HH:MM`, default `00:00`;
 * `24:00` is the end of the day, i.e. midnight of the next).
 *
 * @example
 * import { Calendar } from "@gridgov/core"
 * import { Result } from "effect"
 * const cal = Result.getOrThrow(Calendar.make({ years: { from: 2025, to: 2025 } }))
 * Result.getOrThrow(Calendar.at(cal, "2025-01-02", "08:00")) === Date.UTC(2025, 0, 2, 0) // true
 *
 * @category conversions
 * @since 0.1.0
 */
export const at = (calendar: Calendar, date: string, time = "00:00"): Result.Result<number, CalendarError> => {
  const minutes = parseClock(time)
  if (minutes === undefined) return Result.fail(new InvalidDate({ input: time }))
  return Result.map(dateIndex(calendar, date), (i) => T.startOfIndex(calendar.table, i) + minutes * 60_000)
}

/**
 * The local date and time of an instant as `YYYY-MM-DD HH:MM`; an instant at
 * local midnight is shown as `24:00` of the day before when `endOfDay` is set,
 * which is how a deadline "by the end of the day" reads.
 *
 * @example
 * import { Calendar } from "@gridgov/core"
 * import { Result } from "effect"
 * const cal = Result.getOrThrow(Calendar.make({ years: { from: 2025, to: 2025 } }))
 * const t = Result.getOrThrow(Calendar.at(cal, "2025-10-16"))
 * Result.getOrThrow(Calendar.format(cal, t, { endOfDay: true })) // "2025-10-15 24:00"
 *
 * @category conversions
 * @since 0.1.0
 */
export const format = (
  calendar: Calendar,
  instant: number,
  options: { readonly endOfDay?: boolean } = {}
): Result.Result<string, CalendarError> => {
  if (!Number.isFinite(instant)) return Result.fail(new InvalidDate({ input: String(instant) }))
  const local = instant + calendar.table.offsetMs
  const day = Math.floor(local / DAY_MS)
  const ms = local - day * DAY_MS
  const useEnd = options.endOfDay === true && ms === 0
  const i = (useEnd ? day - 1 : day) - calendar.table.firstDay
  if (i < 0 || i >= calendar.table.dayCount) {
    const date = localDateOf(calendar, instant)
    return outOfCoverage(calendar, date, `an instant on ${date} is not in the table`)
  }
  const minutes = useEnd ? 24 * 60 : Math.floor(ms / 60_000)
  return Result.succeed(`${calendar.table.iso[i]} ${formatClock(minutes)}`)
}

/**
 * Whether the working clock runs at an instant: a working day, inside a
 * working-hours window.
 *
 * @example
 * import { Calendar } from "@gridgov/core"
 * import { Result } from "effect"
 * const cal = Result.getOrThrow(Calendar.make({ years: { from: 2025, to: 2025 } }))
 * Result.getOrThrow(Calendar.isWorkingInstant(cal, Result.getOrThrow(Calendar.at(cal, "2025-03-07", "13:00")))) // false, lunch
 *
 * @category queries
 * @since 0.1.0
 */
export const isWorkingInstant = (calendar: Calendar, instant: number): Result.Result<boolean, CalendarError> =>
  Result.map(instantIndex(calendar, instant), (i) => {
    if (calendar.table.work[i] !== 1) return false
    const ms = instant - T.startOfIndex(calendar.table, i)
    const w = calendar.table.windows
    for (let k = 0; k < w.length; k += 2) if (ms >= w[k]! && ms < w[k + 1]!) return true
    return false
  })

/**
 * Working time between two instants, in milliseconds (negative when `to` is
 * before `from`): only working days, only inside working hours.
 *
 * @example
 * import { Calendar } from "@gridgov/core"
 * import { Result } from "effect"
 * const cal = Result.getOrThrow(Calendar.make({ years: { from: 2025, to: 2025 } }))
 * const a = Result.getOrThrow(Calendar.at(cal, "2025-03-07", "17:00"))
 * const b = Result.getOrThrow(Calendar.at(cal, "2025-03-10", "09:30"))
 * Result.getOrThrow(Calendar.workingMillis(cal, a, b)) / 3_600_000 // 2
 *
 * @category arithmetic
 * @since 0.1.0
 */
export const workingMillis = (calendar: Calendar, from: number, to: number): Result.Result<number, CalendarError> => {
  const a = instantIndex(calendar, from)
  if (Result.isFailure(a)) return a
  const b = instantIndex(calendar, to)
  if (Result.isFailure(b)) return b
  return Result.succeed(T.position(calendar.table, to) - T.position(calendar.table, from))
}

/**
 * The earliest instant at which `hours` working hours have passed since
 * `instant` (fractions allowed, rounded to the millisecond; negative goes back).
 * Adding zero returns the instant itself. A deadline that ends exactly at the
 * close of a working day is that close, not the next morning.
 *
 * @example
 * import { Calendar } from "@gridgov/core"
 * import { Result } from "effect"
 * const cal = Result.getOrThrow(Calendar.make({ years: { from: 2025, to: 2025 } }))
 * const friday4pm = Result.getOrThrow(Calendar.at(cal, "2025-03-07", "16:00"))
 * const due = Result.getOrThrow(Calendar.addWorkingHours(cal, friday4pm, 4))
 * Result.getOrThrow(Calendar.format(cal, due)) // "2025-03-10 10:30"
 *
 * @category arithmetic
 * @since 0.1.0
 */
export const addWorkingHours = (
  calendar: Calendar,
  instant: number,
  hours: number
): Result.Result<number, CalendarError> => {
  if (!Number.isFinite(hours)) return Result.fail(new InvalidDate({ input: `working hours ${hours}` }))
  const i = instantIndex(calendar, instant)
  if (Result.isFailure(i)) return i
  if (hours === 0) return Result.succeed(instant)
  const target = T.position(calendar.table, instant) + Math.round(hours * 3_600_000)
  const result = T.instantAt(calendar.table, target)
  return Number.isNaN(result)
    ? ranOff(calendar, hours >= 0, `${localDateOf(calendar, instant)} ${hours >= 0 ? "+" : ""}${hours} working hours`)
    : Result.succeed(result)
}

/**
 * Whether a string is a strict, real `YYYY-MM-DD` date.
 *
 * @example
 * import { Calendar } from "@gridgov/core"
 * Calendar.isDate("2024-02-29") // true
 * Calendar.isDate("2025-02-29") // false
 *
 * @category queries
 * @since 0.1.0
 */
export const isDate = (input: string): boolean => parseIso(input) !== undefined
