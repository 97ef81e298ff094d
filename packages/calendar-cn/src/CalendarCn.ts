/**
 * China's official working-day table: public holidays and make-up workdays
 * (调休), one entry per State Council General Office notice, 2020–2026, and a
 * ready `Calendar` built from it (zone Asia/Shanghai, +08:00).
 *
 * 2027 is not included: its notice is normally published in November of the
 * year before; add it with a new release of this package (or, until then, as a
 * layer of your own — but mind that a calendar only covers the years it is told).
 *
 * @since 0.1.0
 */
import { Calendar } from "@gridgov/core"
import { Effect, Layer as EffectLayer, Result } from "effect"
import * as N from "./internal/notices.js"

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
 * The years the table covers, inclusive.
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
 * Options of {@link make}: regional overrides layered on top of the national
 * table (a later layer wins), and working hours if yours differ from 08:30–12:00
 * and 14:30–18:00.
 *
 * @example
 * import type { CalendarCn } from "@gridgov/calendar-cn"
 * const options: CalendarCn.Options = {
 *   overrides: [{ name: "example-township-festival", region: "illustrative", rest: ["2025-06-06"] }]
 * }
 *
 * @category constructors
 * @since 0.1.0
 */
export interface Options {
  readonly overrides?: ReadonlyArray<Calendar.Layer> | undefined
  readonly hours?: ReadonlyArray<Calendar.Hours> | undefined
}

/**
 * Builds China's working-day calendar, with regional overrides on top. Fails
 * with `InvalidCalendar` when an override is malformed or outside 2020–2026.
 *
 * @example
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * import { Calendar } from "@gridgov/core"
 * import { Result } from "effect"
 * const cal = Result.getOrThrow(CalendarCn.make())
 * Result.getOrThrow(Calendar.isWorkingDay(cal, "2025-02-08")) // true, a make-up Saturday
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (options: Options = {}): Result.Result<Calendar.Calendar, Calendar.InvalidCalendar> =>
  Calendar.make({
    years,
    layers: [...layers, ...(options.overrides ?? [])],
    hours: options.hours,
    zone: "Asia/Shanghai",
    offsetMinutes: 480
  })

let cached: Calendar.Calendar | undefined

/**
 * The national calendar, built once.
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
 * Effect.runSync(Effect.provide(program, CalendarCn.layer)) // { from: "2020-01-01", to: "2026-12-31" }
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
