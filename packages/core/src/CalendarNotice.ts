/**
 * A year's holiday notice as data: the shape of the State Council General Office's
 * notice on the year's public holidays (国务院办公厅关于XXXX年部分节假日安排的通知),
 * with each festival's rest range and make-up workdays as printed. A deployment adds
 * a new year's notice as configuration (`CityChange`'s `AddNotice`) instead of
 * waiting for a package release; a calendar is then built from the notices given at
 * run time by a `Builder` (`@gridgov/calendar-cn`'s `CalendarCn.builder` for China's
 * table, or {@link builder} over any calendar).
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import * as Calendar from "./Calendar.js"
import { parseIso } from "./internal/calendarDate.js"

const IsoDate = Schema.String.check(
  Schema.makeFilter((s: string) => parseIso(s) !== undefined || "Expected a real date as YYYY-MM-DD")
)

/**
 * The festivals a notice arranges.
 *
 * @example
 * import { CalendarNotice } from "@gridgov/core"
 * CalendarNotice.FestivalName.literals.includes("springFestival") // true
 *
 * @category model
 * @since 0.1.0
 */
export const FestivalName = Schema.Literals([
  "newYear",
  "springFestival",
  "qingming",
  "labourDay",
  "dragonBoat",
  "midAutumn",
  "nationalDay"
])

/**
 * @category model
 * @since 0.1.0
 */
export type FestivalName = typeof FestivalName.Type

/**
 * One festival of a notice: its heading as printed (`label`), the rest range as
 * printed (inclusive, weekend days inside it included) and its make-up workdays
 * (调休上班日).
 *
 * @example
 * import { CalendarNotice } from "@gridgov/core"
 * import { Schema } from "effect"
 * const spring = Schema.decodeUnknownSync(CalendarNotice.Festival)({
 *   name: "springFestival", label: "春节", rest: ["2027-02-05", "2027-02-12"], work: ["2027-02-14"]
 * })
 * spring.rest[0] // "2027-02-05"
 *
 * @category model
 * @since 0.1.0
 */
export const Festival = Schema.Struct({
  name: FestivalName,
  label: Schema.NonEmptyString.check(Schema.isMaxLength(100)),
  rest: Schema.Tuple([IsoDate, IsoDate]).check(
    Schema.makeFilter(([from, to]: readonly [string, string]) => from <= to || "the rest range ends before it starts")
  ),
  work: Schema.Array(IsoDate)
})

/**
 * @category model
 * @since 0.1.0
 */
export type Festival = typeof Festival.Type

/**
 * One notice: a stable id (the year, plus a suffix for an amending notice), the year
 * it arranges, its title, document number (发文字号) when known, date and address,
 * the id of the notice it amends (applied after it), and its festivals. Every date of
 * a festival lies in the notice's year or next to it (a New Year range may start in
 * the December before).
 *
 * @example
 * import { CalendarNotice } from "@gridgov/core"
 * import { Result } from "effect"
 * const notice = CalendarNotice.decode({
 *   id: "2027", year: 2027, title: "国务院办公厅关于2027年部分节假日安排的通知", date: "2026-11-10",
 *   festivals: [{ name: "newYear", label: "元旦", rest: ["2027-01-01", "2027-01-03"], work: [] }]
 * })
 * Result.isSuccess(notice) // true
 *
 * @category model
 * @since 0.1.0
 */
export const Notice = Schema.Struct({
  id: Schema.String.check(
    Schema.isPattern(/^[0-9]{4}(?:-[a-z0-9-]{1,40})?$/, {
      message: "Expected a notice id: the year, optionally followed by - and a suffix (2020-extension)"
    })
  ),
  year: Schema.Int.check(Schema.isBetween({ minimum: 1990, maximum: 2200 })),
  title: Schema.NonEmptyString.check(Schema.isMaxLength(200)),
  number: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(100))),
  date: IsoDate,
  url: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(500))),
  amends: Schema.optionalKey(Schema.String),
  festivals: Schema.Array(Festival).check(Schema.isMinLength(1))
}).check(
  Schema.makeFilter((n) => {
    const near = (d: string) => Math.abs(Number(d.slice(0, 4)) - n.year) <= 1
    const all = n.festivals.flatMap((f) => [...f.rest, ...f.work])
    return all.every(near) || `every date of the ${n.year} notice lies in ${n.year} or next to it`
  })
)

/**
 * @category model
 * @since 0.1.0
 */
export type Notice = typeof Notice.Type

/**
 * A notice that does not decode, with Schema's message.
 *
 * @example
 * import { CalendarNotice } from "@gridgov/core"
 * new CalendarNotice.Invalid({ message: "year: Expected an integer" })._tag // "CalendarNoticeInvalid"
 *
 * @category errors
 * @since 0.1.0
 */
export class Invalid extends Schema.TaggedError<Invalid>()("CalendarNoticeInvalid", { message: Schema.String }) {}

const decodeNotice = Schema.decodeUnknownResult(Notice, { errors: "all" })

/**
 * Decodes a notice from untrusted input (a JSON file, a request body).
 *
 * @example
 * import { CalendarNotice } from "@gridgov/core"
 * import { Result } from "effect"
 * Result.isFailure(CalendarNotice.decode({ id: "2027", year: 2027 })) // true: no title, date or festivals
 *
 * @category decoding
 * @since 0.1.0
 */
export const decode = (input: unknown): Result.Result<Notice, Invalid> =>
  Result.mapError(decodeNotice(input), (error) => new Invalid({ message: error.message }))

/**
 * A notice as a calendar layer: its rest ranges made rest days and its make-up
 * workdays made workdays, named `cn-<id>`, with the notice's title, number, date and
 * address as its source.
 *
 * @example
 * import { CalendarNotice } from "@gridgov/core"
 * const layer = CalendarNotice.layer({
 *   id: "2027", year: 2027, title: "国务院办公厅关于2027年部分节假日安排的通知", date: "2026-11-10",
 *   festivals: [{ name: "springFestival", label: "春节", rest: ["2027-02-05", "2027-02-12"], work: ["2027-02-14"] }]
 * })
 * layer.name // "cn-2027"
 * layer.work // ["2027-02-14"]
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (notice: Notice): Calendar.Layer => ({
  name: `cn-${notice.id}`,
  region: "CN",
  source: [notice.title, notice.number, notice.date, notice.url].filter((s) => s !== undefined && s !== "").join(", "),
  rest: notice.festivals.map((f) => f.rest),
  work: notice.festivals.flatMap((f) => f.work)
})

/**
 * Builds the calendar a configuration uses from the notices it holds (in the order
 * they were added). A host supplies one: `CalendarCn.builder()` rebuilds China's table
 * with the added notices in place of the provisional years they settle; {@link builder}
 * layers them over any calendar.
 *
 * @example
 * import type { CalendarNotice } from "@gridgov/core"
 * const years = (build: CalendarNotice.Builder) => build([])
 *
 * @category builders
 * @since 0.1.0
 */
export type Builder = (notices: ReadonlyArray<Notice>) => Result.Result<Calendar.Calendar, Calendar.InvalidCalendar>

/**
 * A builder over any calendar: the notices' layers go on top of the calendar's own
 * (the later wins), the years they arrange are no longer provisional, and the
 * coverage grows to take in the noticed years that follow it without a gap. A provisional
 * year's own rest days stay where a notice does not say otherwise; for China's table
 * prefer `CalendarCn.builder()`, which drops them.
 *
 * @example
 * import { Calendar, CalendarNotice } from "@gridgov/core"
 * import { Result } from "effect"
 * const base = Result.getOrThrow(Calendar.make({ years: { from: 2026, to: 2027 }, provisional: [2027] }))
 * const cal = Result.getOrThrow(CalendarNotice.builder(base)([{
 *   id: "2027", year: 2027, title: "国务院办公厅关于2027年部分节假日安排的通知", date: "2026-11-10",
 *   festivals: [{ name: "springFestival", label: "春节", rest: ["2027-02-05", "2027-02-12"], work: ["2027-02-14"] }]
 * }]))
 * cal.provisionalYears // []
 * Result.getOrThrow(Calendar.isWorkingDay(cal, "2027-02-14")) // true, a make-up Sunday
 *
 * @category builders
 * @since 0.1.0
 */
export const builder =
  (base: Calendar.Calendar): Builder =>
  (notices) => {
    if (notices.length === 0) return Result.succeed(base)
    const noticed = new Set(notices.map((n) => n.year))
    // the coverage grows year by year: a noticed year right after it, and so on
    let to = base.spec.years.to
    while (noticed.has(to + 1)) to++
    const from = base.spec.years.from
    return Calendar.make({
      ...base.spec,
      years: { from, to },
      layers: [...(base.spec.layers ?? []), ...notices.map(layer)],
      provisional: base.provisionalYears.filter((y) => !noticed.has(y))
    })
  }
