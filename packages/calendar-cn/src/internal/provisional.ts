/**
 * Provisional years: the rest days a year is owed under the national holiday
 * regulations, derived by rule for a year whose State Council notice is not out.
 *
 * The rules (全国年节及纪念日放假办法, as revised by 国务院令第795号 of 2024-11-10,
 * in force 2025-01-01):
 * - art. 2: 元旦 1 day (Jan 1); 春节 4 days (农历除夕, 正月初一至初三); 清明节 1 day
 *   (the Qingming solar-term day); 劳动节 2 days (May 1–2); 端午节 1 day (5th of the
 *   5th lunar month); 中秋节 1 day (15th of the 8th lunar month); 国庆节 3 days (Oct 1–3);
 * - art. 6: a holiday for all citizens that falls on a Saturday or Sunday is made up
 *   on a working day (补假).
 *
 * Where the make-up day goes is not written in the regulations; we place it on the
 * first working day after the run of rest days that holds the holiday, as the
 * notices have done when nothing else was arranged (2021 Qingming → Mon Apr 5,
 * 2022 New Year → Mon Jan 3, 2022 Mid-Autumn → Mon Sep 12, 2025 Dragon Boat → Mon
 * Jun 2, 2026 Qingming → Mon Apr 6). A statutory day that falls on another
 * statutory day (Mid-Autumn on Oct 3 in 2028) is made up the same way, as the 2020
 * notice did for Mid-Autumn on National Day. Make-up workdays (调休, art. 7) are
 * decided by each notice and cannot be derived, so a provisional year has none.
 *
 * Art. 3's holidays for some citizens only (women, youth, children, the armed
 * forces) are not part of the table, as in the notices.
 */
import { rows } from "./lunarDates.js"

export type Name = "newYear" | "springFestival" | "qingming" | "labourDay" | "dragonBoat" | "midAutumn" | "nationalDay"

/** One day of a provisional table. */
export interface Day {
  readonly date: string
  readonly festival: Name
  /** The festival's name in the regulations. */
  readonly label: string
  /** `statutory`: a holiday day of art. 2; `compensation`: its make-up day under art. 6. */
  readonly kind: "statutory" | "compensation"
  /** For a compensation day, the statutory day it makes up for. */
  readonly compensates: string | undefined
  readonly provisional: true
  /** The rule the day comes from. */
  readonly source: string
}

/** The lunar-calendar holidays and the Qingming day of a year, as Gregorian dates ({@link rows}). */
export interface Lunar {
  readonly eve: string
  readonly springFestival: string
  readonly qingming: string
  readonly dragonBoat: string
  readonly midAutumn: string
}

export const lunar: Readonly<Record<number, Lunar>> = Object.fromEntries(
  Object.entries(rows).map(([year, [eve, springFestival, qingming, dragonBoat, midAutumn]]) => [
    year,
    { eve, springFestival, qingming, dragonBoat, midAutumn }
  ])
)

/** The years the rule can be applied to (those with checked lunar dates). */
export const ruleYears: ReadonlyArray<number> = Object.keys(lunar).map(Number)

const REGULATIONS = "全国年节及纪念日放假办法（2024年11月10日国务院令第795号修订，2025年1月1日起施行）"
const DAY = 86_400_000
const dayOf = (iso: string): number => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY
const isoOf = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10)
const isWeekend = (day: number): boolean => {
  const wd = (((day + 4) % 7) + 7) % 7
  return wd === 0 || wd === 6
}
const addDays = (iso: string, n: number): string => isoOf(dayOf(iso) + n)

/** The statutory days of a year, festival by festival, in date order. */
const statutory = (
  year: number
):
  | ReadonlyArray<{
      readonly name: Name
      readonly label: string
      readonly days: ReadonlyArray<string>
      readonly rule: string
    }>
  | undefined => {
  const l = lunar[year]
  if (l === undefined) return undefined
  return [
    { name: "newYear", label: "元旦", days: [`${year}-01-01`], rule: "第二条第（一）项 元旦，放假1天（1月1日）" },
    {
      name: "springFestival",
      label: "春节",
      days: [l.eve, l.springFestival, addDays(l.springFestival, 1), addDays(l.springFestival, 2)],
      rule: "第二条第（二）项 春节，放假4天（农历除夕、正月初一至初三）"
    },
    { name: "qingming", label: "清明节", days: [l.qingming], rule: "第二条第（三）项 清明节，放假1天（农历清明当日）" },
    {
      name: "labourDay",
      label: "劳动节",
      days: [`${year}-05-01`, `${year}-05-02`],
      rule: "第二条第（四）项 劳动节，放假2天（5月1日、2日）"
    },
    {
      name: "dragonBoat",
      label: "端午节",
      days: [l.dragonBoat],
      rule: "第二条第（五）项 端午节，放假1天（农历端午当日）"
    },
    {
      name: "midAutumn",
      label: "中秋节",
      days: [l.midAutumn],
      rule: "第二条第（六）项 中秋节，放假1天（农历中秋当日）"
    },
    {
      name: "nationalDay",
      label: "国庆节",
      days: [`${year}-10-01`, `${year}-10-02`, `${year}-10-03`],
      rule: "第二条第（七）项 国庆节，放假3天（10月1日至3日）"
    }
  ]
}

/**
 * The provisional table of a year: every statutory day and every compensation
 * day, in date order; `undefined` when the year's lunar dates are not in
 * {@link lunar}.
 */
export const derive = (year: number): ReadonlyArray<Day> | undefined => {
  const festivals = statutory(year)
  if (festivals === undefined) return undefined
  const rest = new Set<number>()
  for (const f of festivals) for (const d of f.days) rest.add(dayOf(d))
  const out: Array<Day> = []
  // Statutory days already claimed by a festival met earlier in the date order.
  const claimed = new Set<number>()
  const all = festivals
    .flatMap((f) => f.days.map((date) => ({ f, date, day: dayOf(date) })))
    // On a shared day the festival that began earlier holds it; the other is made up.
    .sort((a, b) => a.day - b.day || dayOf(a.f.days[0]!) - dayOf(b.f.days[0]!))
  for (const { f, date, day } of all) {
    out.push({
      date,
      festival: f.name,
      label: f.label,
      kind: "statutory",
      compensates: undefined,
      provisional: true,
      source: `provisional, by rule: ${REGULATIONS} ${f.rule}`
    })
    const onWeekend = isWeekend(day)
    const coincides = claimed.has(day)
    claimed.add(day)
    if (!onWeekend && !coincides) continue
    // The first working day after the run of rest days that holds this day.
    let c = day + 1
    while (isWeekend(c) || rest.has(c)) c++
    rest.add(c)
    const why = onWeekend ? "falls on a Saturday or Sunday" : "falls on another statutory holiday"
    out.push({
      date: isoOf(c),
      festival: f.name,
      label: f.label,
      kind: "compensation",
      compensates: date,
      provisional: true,
      source: `provisional, by rule: ${REGULATIONS} 第六条 补假 — ${f.label} ${date} ${why}; made up on the first working day after the holiday`
    })
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
}
