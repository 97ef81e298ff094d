/**
 * The compiled form of a working-day calendar: one byte per covered day, prefix
 * counts of working days (Int32Array) and an inverse index from the k-th working
 * day to its day, so that every question is a table look-up.
 *
 * Functions here are unchecked: they return -1 or NaN outside the coverage and
 * leave the typed errors to the public module.
 */
import { DAY_MS, daysFromCivil, formatIso, parseClock, parseIso, weekday } from "./calendarDate.js"

export interface LayerSpec {
  readonly name: string
  readonly rest?: ReadonlyArray<string | readonly [string, string]> | undefined
  readonly work?: ReadonlyArray<string | readonly [string, string]> | undefined
}

export interface BuildSpec {
  readonly fromYear: number
  readonly toYear: number
  readonly weekend: ReadonlyArray<number>
  readonly layers: ReadonlyArray<LayerSpec>
  readonly hours: ReadonlyArray<readonly [string, string]>
  readonly offsetMinutes: number
}

export interface Compiled {
  readonly firstDay: number
  readonly dayCount: number
  /** 1 when the day is a working day. */
  readonly work: Uint8Array
  /** Index of the layer that decided the day, -1 for the weekly pattern. */
  readonly decidedBy: Int16Array
  /** prefix[i] = working days among the first i covered days (length dayCount + 1). */
  readonly prefix: Int32Array
  /** workIndex[k] = offset of the k-th working day (0-based). */
  readonly workIndex: Int32Array
  readonly iso: ReadonlyArray<string>
  /** Working windows as [start, end) pairs, in ms since local midnight. */
  readonly windows: Int32Array
  /** Working ms in one working day. */
  readonly dayWorkMs: number
  readonly offsetMs: number
}

const expand = (
  entries: ReadonlyArray<string | readonly [string, string]>,
  onDay: (day: number) => void
): string | undefined => {
  for (const entry of entries) {
    const [a, b] = typeof entry === "string" ? [entry, entry] : entry
    const from = parseIso(a)
    const to = parseIso(b)
    if (from === undefined) return `"${a}" is not a YYYY-MM-DD date`
    if (to === undefined) return `"${b}" is not a YYYY-MM-DD date`
    if (to < from) return `range ${a}..${b} ends before it starts`
    for (let d = from; d <= to; d++) onDay(d)
  }
  return undefined
}

/** Compiles a calendar table, or returns the reason it is invalid. */
export const compile = (spec: BuildSpec): Compiled | string => {
  const { fromYear, toYear } = spec
  if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || fromYear < 1900 || toYear > 9999) {
    return "years must be integers between 1900 and 9999"
  }
  if (toYear < fromYear) return "the last covered year comes before the first"
  if (!Number.isInteger(spec.offsetMinutes) || Math.abs(spec.offsetMinutes) > 14 * 60) {
    return "the UTC offset must be a whole number of minutes within ±14:00"
  }
  for (const w of spec.weekend) if (!Number.isInteger(w) || w < 0 || w > 6) return `weekend day ${w} is not 0–6`

  const windows = new Int32Array(spec.hours.length * 2)
  let dayWorkMs = 0
  let previousEnd = 0
  for (const [i, [a, b]] of spec.hours.entries()) {
    const s = parseClock(a)
    const e = parseClock(b)
    if (s === undefined || e === undefined) return `working hours "${a}"–"${b}" are not HH:MM`
    if (e <= s) return `working hours ${a}–${b} end before they start`
    if (s < previousEnd) return `working hours ${a}–${b} overlap or are out of order`
    previousEnd = e
    windows[2 * i] = s * 60_000
    windows[2 * i + 1] = e * 60_000
    dayWorkMs += (e - s) * 60_000
  }
  if (dayWorkMs === 0) return "a working day needs at least one working-hours window"

  const firstDay = daysFromCivil(fromYear, 1, 1)
  const dayCount = daysFromCivil(toYear + 1, 1, 1) - firstDay
  const work = new Uint8Array(dayCount)
  const decidedBy = new Int16Array(dayCount).fill(-1)
  const weekend = new Set(spec.weekend)
  for (let i = 0; i < dayCount; i++) work[i] = weekend.has(weekday(firstDay + i)) ? 0 : 1

  for (const [index, layer] of spec.layers.entries()) {
    const marks = new Map<number, number>()
    let outside: number | undefined
    const mark = (value: number) => (day: number) => {
      const i = day - firstDay
      if (i < 0 || i >= dayCount) outside ??= day
      else if (marks.has(i) && marks.get(i) !== value) outside ??= Number.NaN
      else marks.set(i, value)
    }
    const problem = expand(layer.rest ?? [], mark(0)) ?? expand(layer.work ?? [], mark(1))
    if (problem !== undefined) return `layer "${layer.name}": ${problem}`
    if (outside !== undefined) {
      return Number.isNaN(outside)
        ? `layer "${layer.name}" marks a day both as a rest day and as a workday`
        : `layer "${layer.name}": ${formatIso(outside)} is outside the covered years ${fromYear}–${toYear}`
    }
    for (const [i, value] of marks) {
      work[i] = value
      decidedBy[i] = index
    }
  }

  const prefix = new Int32Array(dayCount + 1)
  for (let i = 0; i < dayCount; i++) prefix[i + 1] = prefix[i]! + work[i]!
  const workIndex = new Int32Array(prefix[dayCount]!)
  for (let i = 0, k = 0; i < dayCount; i++) if (work[i] === 1) workIndex[k++] = i
  const iso = Array.from({ length: dayCount }, (_, i) => formatIso(firstDay + i))
  return {
    firstDay,
    dayCount,
    work,
    decidedBy,
    prefix,
    workIndex,
    iso,
    windows,
    dayWorkMs,
    offsetMs: spec.offsetMinutes * 60_000
  }
}

/** Offset of a `YYYY-MM-DD` date in the table: -2 when malformed, -1 when outside coverage. */
export const indexOfIso = (c: Compiled, date: string): number => {
  const day = parseIso(date)
  if (day === undefined) return -2
  const i = day - c.firstDay
  return i >= 0 && i < c.dayCount ? i : -1
}

/** Offset of the local day of an instant, or -1 outside coverage. */
export const indexOfInstant = (c: Compiled, instant: number): number => {
  const i = Math.floor((instant + c.offsetMs) / DAY_MS) - c.firstDay
  return i >= 0 && i < c.dayCount ? i : -1
}

/** The first date after the table (`forward`), or the last one before it: where arithmetic ran off it. */
export const beyond = (c: Compiled, forward: boolean): string =>
  formatIso(forward ? c.firstDay + c.dayCount : c.firstDay - 1)

/** The instant of local midnight starting the day at offset `i`. */
export const startOfIndex = (c: Compiled, i: number): number => (c.firstDay + i) * DAY_MS - c.offsetMs

/** The n-th working day after (n > 0) or before (n < 0) day `i`; `i` itself for n = 0; -1 past coverage. */
export const addWorkingDays = (c: Compiled, i: number, n: number): number => {
  if (n === 0) return i
  const k = n > 0 ? c.prefix[i + 1]! + n - 1 : c.prefix[i]! + n
  return k >= 0 && k < c.workIndex.length ? c.workIndex[k]! : -1
}

/** Day `i` when it is a working day, else the next working day; -1 past coverage. */
export const rollForward = (c: Compiled, i: number): number => {
  if (c.work[i] === 1) return i
  const k = c.prefix[i]!
  return k < c.workIndex.length ? c.workIndex[k]! : -1
}

/** Working days d with i < d ≤ j (negative when j < i). */
export const countWorkingDays = (c: Compiled, i: number, j: number): number => c.prefix[j + 1]! - c.prefix[i + 1]!

const withinDay = (c: Compiled, ms: number): number => {
  let acc = 0
  const w = c.windows
  for (let k = 0; k < w.length; k += 2) {
    const s = w[k]!
    const e = w[k + 1]!
    if (ms >= e) acc += e - s
    else {
      if (ms > s) acc += ms - s
      break
    }
  }
  return acc
}

/**
 * Position of an instant on the working-time line: working ms since the start of
 * coverage. Non-decreasing in the instant; NaN outside coverage (the midnight that
 * closes the last covered day still has a position).
 */
export const position = (c: Compiled, instant: number): number => {
  const local = instant + c.offsetMs
  const day = Math.floor(local / DAY_MS)
  const i = day - c.firstDay
  if (i === c.dayCount && local === day * DAY_MS) return c.prefix[i]! * c.dayWorkMs
  if (i < 0 || i >= c.dayCount) return Number.NaN
  const base = c.prefix[i]! * c.dayWorkMs
  return c.work[i] === 1 ? base + withinDay(c, local - day * DAY_MS) : base
}

/** The earliest instant whose position is `pos`; NaN past coverage. */
export const instantAt = (c: Compiled, pos: number): number => {
  const total = c.workIndex.length * c.dayWorkMs
  if (!(pos >= 0 && pos <= total) || c.workIndex.length === 0) return Number.NaN
  const k = Math.floor(pos / c.dayWorkMs)
  const r = pos - k * c.dayWorkMs
  const w = c.windows
  if (r === 0) {
    if (k === 0) return startOfIndex(c, c.workIndex[0]!) + w[0]!
    return startOfIndex(c, c.workIndex[k - 1]!) + w[w.length - 1]!
  }
  const dayStart = startOfIndex(c, c.workIndex[k]!)
  let acc = 0
  for (let j = 0; j < w.length; j += 2) {
    const len = w[j + 1]! - w[j]!
    if (r <= acc + len) return dayStart + w[j]! + (r - acc)
    acc += len
  }
  return Number.NaN
}

/** The instant at which the last working window of day `i` closes. */
export const closeOfIndex = (c: Compiled, i: number): number => startOfIndex(c, i) + c.windows[c.windows.length - 1]!
