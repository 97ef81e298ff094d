/**
 * China's official working-day table: public holidays and make-up workdays
 * (调休), one entry per State Council General Office notice, 2020–2026, and a
 * ready `Calendar` built from it (zone Asia/Shanghai, +08:00).
 *
 * A year whose notice is not in the table yet (2027 and later: each notice is
 * normally published in November of the year before and comes with a new release
 * of this package) is covered *provisionally* by default, through 2050: the rest
 * days the national holiday regulations give, derived by rule from lunar-calendar
 * tables shipped as data, marked provisional in every answer and SLA view that
 * rests on them, with no make-up workdays. A deployment keeps timing its cases on
 * January 1st; once the notice is in the table it replaces the provisional year
 * without a change of code. `make({ provisional: false })` is the strict calendar:
 * notices only, `OutOfCoverage` after the last one.
 *
 * @since 0.1.0
 */
import { Calendar, CalendarNotice } from "@gridgov/core"
import { Effect, Layer as EffectLayer, Result } from "effect"
import * as N from "./internal/notices.js"
import * as P from "./internal/provisional.js"

/**
 * The festivals a notice arranges.
 *
 * @example
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * const name: CalendarCn.FestivalName = "springFestival"
 *
 * @category model
 * @since 0.1.0
 */
export type FestivalName = N.FestivalName

/**
 * One festival of a notice: the rest range as printed (inclusive, weekend days
 * inside it included) and its make-up workdays.
 *
 * @example
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * const spring = CalendarCn.notices.find((n) => n.id === "2025")!.festivals[1]!
 * spring.rest // ["2025-01-28", "2025-02-04"]
 *
 * @category model
 * @since 0.1.0
 */
export type Festival = N.Festival

/**
 * One State Council General Office notice: title, document number, date, URL on
 * gov.cn, and its festivals. An amending notice (the 2020 Spring Festival
 * extension) names the notice it amends and is applied after it.
 *
 * @example
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * CalendarCn.notices.find((n) => n.id === "2025")!.number // "国办发明电〔2024〕12号"
 *
 * @category model
 * @since 0.1.0
 */
export type Notice = N.Notice

/**
 * Every notice in the table, in the order they apply.
 *
 * @example
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * CalendarCn.notices.map((n) => n.id) // ["2020", "2020-extension", "2021", …, "2026"]
 *
 * @category data
 * @since 0.1.0
 */
export const notices: ReadonlyArray<Notice> = N.notices

/**
 * The years the notices cover, inclusive. The default calendar covers more: the
 * years after them provisionally, through the last of {@link ruleYears}.
 *
 * @example
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * CalendarCn.years // { from: 2020, to: 2026 }
 *
 * @category data
 * @since 0.1.0
 */
export const years: { readonly from: number; readonly to: number } = { from: 2020, to: 2026 }

/**
 * Version of the table: the date of the newest notice it includes. A new notice
 * (or a correction) changes it.
 *
 * @example
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * CalendarCn.tableVersion // "2025-11-04"
 *
 * @category data
 * @since 0.1.0
 */
export const tableVersion = "2025-11-04"

const sourceOf = (n: Notice): string => `${n.title}${n.number ? `（${n.number}）` : ""}, ${n.date}, ${n.url}`

/**
 * The notices as calendar layers, one per notice, in order.
 *
 * @example
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * CalendarCn.layers[0]!.name // "cn-2020"
 *
 * @category data
 * @since 0.1.0
 */
export const layers: ReadonlyArray<Calendar.Layer> = N.notices.map((n) => ({
  name: `cn-${n.id}`,
  region: "CN",
  source: sourceOf(n),
  rest: n.festivals.map((f) => f.rest),
  work: n.festivals.flatMap((f) => f.work)
}))

/**
 * One day of a provisional year: a statutory holiday day of the national holiday
 * regulations (全国年节及纪念日放假办法, art. 2, as revised in 2024) or the working
 * day that makes up for one that falls on a weekend or on another holiday
 * (art. 6, 补假). `provisional` is always `true` and `source` names the rule.
 *
 * @example
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * import { Result } from "effect"
 * const day = Result.getOrThrow(CalendarCn.provisionalDays(2027)).find((d) => d.date === "2027-02-09")!
 * day.kind // "compensation"
 * day.compensates // "2027-02-06", the first day of the Spring Festival, a Saturday
 *
 * @category model
 * @since 0.1.0
 */
export type ProvisionalDay = P.Day

/**
 * The years a provisional table can be derived for: those whose lunar dates
 * (Spring Festival Eve, Spring Festival, Dragon Boat, Mid-Autumn) and Qingming
 * day this release carries as data, 2025–2050, checked against `chinese-days`.
 *
 * @example
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * CalendarCn.ruleYears.includes(2027) // true
 * CalendarCn.ruleYears.at(-1) // 2050
 *
 * @category data
 * @since 0.1.0
 */
export const ruleYears: ReadonlyArray<number> = P.ruleYears

/**
 * The rest days a year is owed by rule, in date order: every statutory holiday
 * day and every compensation day, each `provisional: true` with its rule as
 * `source`. Make-up workdays (调休) are arranged by each year's notice and
 * cannot be derived, so there are none. Fails with `InvalidCalendar` for a year
 * outside {@link ruleYears}. Available for years with a notice too, to compare;
 * {@link make} uses it only for years without one.
 *
 * @example
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * import { Result } from "effect"
 * Result.getOrThrow(CalendarCn.provisionalDays(2027)).filter((d) => d.festival === "labourDay").map((d) => d.date)
 * // ["2027-05-01", "2027-05-02", "2027-05-03", "2027-05-04"]: Saturday and Sunday, made up Monday and Tuesday
 *
 * @category data
 * @since 0.1.0
 */
export const provisionalDays = (
  year: number
): Result.Result<ReadonlyArray<ProvisionalDay>, Calendar.InvalidCalendar> => {
  const days = P.derive(year)
  return days === undefined
    ? Result.fail(
        new Calendar.InvalidCalendar({
          reason: `no provisional table for ${year}: this release carries checked lunar dates for ${P.ruleYears[0]}–${P.ruleYears.at(-1)} only`
        })
      )
    : Result.succeed(days)
}

/**
 * Options of {@link make}: regional overrides layered on top of the national
 * table (a later layer wins), working hours if yours differ from 08:30–12:00
 * and 14:30–18:00, and provisional years.
 *
 * `provisional` names the years after the last notice that the calendar covers
 * by rule ({@link provisionalDays}) until their notice is published. By default
 * (absent) it is every year of {@link ruleYears} after the notices, through 2050,
 * so a deployment keeps timing its cases when a year begins before its notice is
 * in this package. A list of years (`[2027]`) must follow the table without a
 * gap; `{ through: year }` is every year after the table up to that one; `false`
 * (or `[]`) is the strict calendar: the notices only, and a date after them is
 * `OutOfCoverage`. Years that have a notice in the table are taken from the
 * notice, so the option can stay in place when the package is updated.
 *
 * @example
 * import type { CalendarCn } from "@gridgov/calendar-cn"
 * const options: CalendarCn.Options = {
 *   overrides: [{ name: "example-township-festival", region: "illustrative", rest: ["2025-06-06"] }],
 *   provisional: { through: 2027 }
 * }
 * const strict: CalendarCn.Options = { provisional: false }
 *
 * @category constructors
 * @since 0.1.0
 */
export interface Options {
  readonly overrides?: ReadonlyArray<Calendar.Layer> | undefined
  readonly hours?: ReadonlyArray<Calendar.Hours> | undefined
  readonly provisional?: ReadonlyArray<number> | { readonly through: number } | false | undefined
}

const noticed = new Set(N.notices.map((n) => n.year))

const provisionalPlan = (
  option: Options["provisional"]
): Result.Result<ReadonlyArray<number>, Calendar.InvalidCalendar> => {
  if (option === false) return Result.succeed([])
  if (option === undefined) return Result.succeed(P.ruleYears.filter((y) => y > years.to))
  const invalid = (reason: string) => Result.fail(new Calendar.InvalidCalendar({ reason }))
  const asked = Array.isArray(option)
    ? option
    : Array.from(
        { length: Math.max(0, (option as { through: number }).through - years.to) },
        (_, i) => years.to + 1 + i
      )
  for (const y of asked) if (!Number.isInteger(y)) return invalid(`provisional year ${y} is not a whole year`)
  const wanted = [...new Set(asked.filter((y) => !noticed.has(y)))].sort((a, b) => a - b)
  for (const [i, y] of wanted.entries()) {
    if (y !== years.to + 1 + i) {
      return invalid(
        `provisional years must follow the notices (to ${years.to}) without a gap: ${years.to + 1 + i} is missing`
      )
    }
  }
  return Result.succeed(wanted)
}

const provisionalLayers = (year: number, days: ReadonlyArray<ProvisionalDay>): Array<Calendar.Layer> =>
  days.map((d) => ({
    name: `cn-${year}-provisional-${d.festival}${d.kind === "compensation" ? "-compensation" : ""}`,
    region: "CN",
    source: d.source,
    rest: [d.date]
  }))

/**
 * Builds China's working-day calendar, with regional overrides on top and the
 * years after the last notice covered provisionally (by default through 2050;
 * see {@link Options}). Fails with `InvalidCalendar` when an override is
 * malformed or outside the covered years, or a provisional year leaves a gap or
 * has no rule table ({@link ruleYears}).
 *
 * @example
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * import { Calendar } from "@gridgov/core"
 * import { Result } from "effect"
 * const cal = Result.getOrThrow(CalendarCn.make())
 * Result.getOrThrow(Calendar.isWorkingDay(cal, "2025-02-08")) // true, a make-up Saturday
 * cal.coverage.to // "2050-12-31"
 * Result.getOrThrow(Calendar.addWorkingDays(cal, "2026-12-31", 1)) // "2027-01-04", past New Year's Day
 * Result.getOrThrow(Calendar.isProvisional(cal, "2027-01-04")) // true
 * const strict = Result.getOrThrow(CalendarCn.make({ provisional: false }))
 * strict.coverage.to // "2026-12-31"
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (options: Options = {}): Result.Result<Calendar.Calendar, Calendar.InvalidCalendar> => {
  const plan = provisionalPlan(options.provisional)
  if (Result.isFailure(plan)) return Result.fail(plan.failure)
  const extra: Array<Calendar.Layer> = []
  for (const year of plan.success) {
    const days = provisionalDays(year)
    if (Result.isFailure(days)) return Result.fail(days.failure)
    extra.push(...provisionalLayers(year, days.success))
  }
  return Calendar.make({
    years: { from: years.from, to: plan.success.at(-1) ?? years.to },
    layers: [...layers, ...extra, ...(options.overrides ?? [])],
    hours: options.hours,
    zone: "Asia/Shanghai",
    offsetMinutes: 480,
    provisional: plan.success
  })
}

let cached: Calendar.Calendar | undefined

/**
 * The national calendar with its defaults (`make()`: the notices, then every
 * later year through 2050 provisionally), built once.
 *
 * @example
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * import { Calendar } from "@gridgov/core"
 * import { Result } from "effect"
 * Result.getOrThrow(Calendar.addWorkingDays(CalendarCn.calendar(), "2025-09-30", 1)) // "2025-10-09"
 *
 * @category constructors
 * @since 0.1.0
 */
export const calendar = (): Calendar.Calendar => {
  // The bundled table is checked by this package's tests; building it cannot fail.
  cached ??= Result.getOrThrow(make())
  return cached
}

/**
 * Provides `Calendar.Current` with the national calendar.
 *
 * @example
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * import { Calendar } from "@gridgov/core"
 * import { Effect } from "effect"
 * const program = Calendar.Current.use((cal) => Effect.succeed(cal.coverage))
 * Effect.runSync(Effect.provide(program, CalendarCn.layer)) // { from: "2020-01-01", to: "2050-12-31" }
 *
 * @category layers
 * @since 0.1.0
 */
export const layer: EffectLayer.Layer<Calendar.Current> = EffectLayer.sync(Calendar.Current, calendar)

/**
 * Provides `Calendar.Current` with the national calendar plus overrides; the
 * layer fails with `InvalidCalendar` when an override is invalid.
 *
 * @example
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * const local = CalendarCn.layerWith({ overrides: [{ name: "example-closure", rest: ["2025-07-14"] }] })
 *
 * @category layers
 * @since 0.1.0
 */
export const layerWith = (options: Options): EffectLayer.Layer<Calendar.Current, Calendar.InvalidCalendar> =>
  EffectLayer.effect(Calendar.Current, Effect.fromResult(make(options)))

/**
 * A calendar builder for a configuration kept in the store (`Configuration.layerStore`):
 * China's table as {@link make} builds it with `options`, plus the notices the
 * configuration holds (added with `CityChange`'s `AddNotice`, in the order they were
 * added). A notice settles its year: the year's provisional rest days are dropped and
 * the notice's rest ranges and make-up workdays apply, so a make-up Saturday counts as a
 * working day; a notice for a year the table already has amends it (it applies after);
 * a notice for the year right after the coverage extends it.
 *
 * @example
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * import { Calendar } from "@gridgov/core"
 * import { Result } from "effect"
 * const build = CalendarCn.builder({ provisional: { through: 2027 } })
 * const cal = Result.getOrThrow(build([{
 *   id: "2027", year: 2027, title: "国务院办公厅关于2027年部分节假日安排的通知", date: "2026-11-10",
 *   festivals: [{ name: "springFestival", label: "春节", rest: ["2027-02-05", "2027-02-12"], work: ["2027-01-30"] }]
 * }]))
 * cal.provisionalYears // []
 * Result.getOrThrow(Calendar.isWorkingDay(cal, "2027-01-30")) // true, a make-up Saturday
 *
 * @category constructors
 * @since 0.1.0
 */
export const builder =
  (options: Options = {}): CalendarNotice.Builder =>
  (added) => {
    const base = make(options)
    if (added.length === 0 || Result.isFailure(base)) return base
    const settled = new Set(added.map((n) => n.year))
    const provisional = base.success.provisionalYears.filter((y) => !settled.has(y))
    const stillProvisional: Array<Calendar.Layer> = []
    for (const year of provisional) {
      const days = provisionalDays(year)
      if (Result.isFailure(days)) return Result.fail(days.failure)
      stillProvisional.push(...provisionalLayers(year, days.success))
    }
    let to = base.success.spec.years.to
    while (settled.has(to + 1)) to++
    return Calendar.make({
      ...base.success.spec,
      years: { from: base.success.spec.years.from, to },
      layers: [...layers, ...stillProvisional, ...added.map(CalendarNotice.layer), ...(options.overrides ?? [])],
      provisional
    })
  }
