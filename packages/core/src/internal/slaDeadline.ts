/**
 * Deadline arithmetic of SLA limits over a compiled calendar: plain code, table
 * look-ups, NaN when the answer lies outside the calendar's coverage.
 */
import * as Calendar from "../Calendar.js"
import { DAY_MS, formatIso } from "./calendarDate.js"
import * as T from "./calendarTable.js"

export type Unit = "calendarDays" | "workingDays" | "workingHours" | "hours"

export interface Counting {
  readonly startDay: "excluded" | "included"
  readonly rollOffRestDay: boolean
  readonly inclusive: boolean
  readonly dayEnds: "midnight" | "closeOfBusiness"
}

export const HOUR_MS = 3_600_000

export const isDayUnit = (unit: Unit): boolean => unit === "calendarDays" || unit === "workingDays"

export const isWorkingUnit = (unit: Unit): boolean => unit === "workingDays" || unit === "workingHours"

/**
 * An amount in `from` expressed in `to`, where the two have a fixed ratio: calendar
 * days and hours (24 h a day), working days and working hours (`dayWorkMs` of
 * working time a day). `undefined` for any other pair (calendar against working time).
 */
export const convert = (amount: number, from: Unit, to: Unit, dayWorkMs: number): number | undefined => {
  if (from === to) return amount
  if (from === "calendarDays" && to === "hours") return amount * 24
  if (from === "hours" && to === "calendarDays") return amount / 24
  const perDay = dayWorkMs / HOUR_MS
  if (from === "workingDays" && to === "workingHours") return amount * perDay
  if (from === "workingHours" && to === "workingDays") return perDay > 0 ? amount / perDay : undefined
  return undefined
}

/** Offset of the last day of a day-based limit started on day `i`, or -1 past coverage. */
export const lastDay = (c: T.Compiled, i: number, amount: number, unit: Unit, counting: Counting): number => {
  const counted = counting.startDay === "included"
  let last: number
  if (unit === "calendarDays") {
    last = i + (amount > 0 && counted ? amount - 1 : amount)
    if (last >= c.dayCount) return -1
    if (counting.rollOffRestDay) last = T.rollForward(c, last)
  } else {
    last = T.addWorkingDays(c, i, amount > 0 && counted && c.work[i] === 1 ? amount - 1 : amount)
  }
  return last
}

/** The instant a day-based limit ends, given its last day. */
export const endOfLastDay = (c: T.Compiled, last: number, counting: Counting): number =>
  !counting.inclusive
    ? T.startOfIndex(c, last)
    : counting.dayEnds === "midnight"
      ? T.startOfIndex(c, last + 1)
      : T.closeOfIndex(c, last)

/**
 * The deadline of `amount` `unit`s started at `start`, or NaN when the start is
 * outside coverage or a deadline on the table would be past it (elapsed hours need
 * no table past their start).
 */
export const deadline = (c: T.Compiled, start: number, amount: number, unit: Unit, counting: Counting): number => {
  const i = T.indexOfInstant(c, start)
  if (i < 0) return Number.NaN
  if (unit === "hours") return start + Math.round(amount * HOUR_MS)
  if (unit === "workingHours") {
    return amount === 0 ? start : T.instantAt(c, T.position(c, start) + Math.round(amount * HOUR_MS))
  }
  const last = lastDay(c, i, amount, unit, counting)
  return last < 0 ? Number.NaN : endOfLastDay(c, last, counting)
}

/**
 * `instant` outside the table, or, when it is inside, a deadline counted from it
 * that runs past the table's end.
 */
export const outOfCoverage = (calendar: Calendar.Calendar, instant: number): Calendar.OutOfCoverage => {
  const i = T.indexOfInstant(calendar.table, instant)
  const { from, to } = calendar.coverage
  if (i >= 0) {
    const date = T.beyond(calendar.table, true)
    return new Calendar.OutOfCoverage({
      date,
      from,
      to,
      detail: `a deadline counted from ${calendar.table.iso[i]} runs past ${to}`
    })
  }
  const date = formatIso(Math.floor((instant + calendar.table.offsetMs) / DAY_MS))
  return new Calendar.OutOfCoverage({ date, from, to, detail: `an instant on ${date} is not in the table` })
}
