/**
 * Civil-date arithmetic on epoch days (days since 1970-01-01), independent of the
 * host time zone: no local `Date` constructors, only integer math.
 * Algorithms after Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms".
 */

/** Milliseconds in one day. */
export const DAY_MS = 86_400_000

/** Epoch day of a proleptic Gregorian date (month 1–12). */
export const daysFromCivil = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const mp = (month + 9) % 12
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

/** Year, month (1–12) and day of an epoch day. */
export const civilFromDays = (days: number): readonly [number, number, number] => {
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return [month <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, month, day]
}

/** Day of week of an epoch day: 0 Sunday … 6 Saturday (1970-01-01 was a Thursday). */
export const weekday = (days: number): number => (((days + 4) % 7) + 7) % 7

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0

const monthLength = (y: number, m: number): number =>
  m === 2 ? (isLeap(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31

const digit = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48
  return c >= 0 && c <= 9 ? c : -1000
}

/** Epoch day of a strict `YYYY-MM-DD` string, or `undefined` when malformed or not a real date. */
export const parseIso = (s: string): number | undefined => {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return undefined
  const y = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3)
  const m = digit(s, 5) * 10 + digit(s, 6)
  const d = digit(s, 8) * 10 + digit(s, 9)
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > monthLength(y, m)) return undefined
  return daysFromCivil(y, m, d)
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`)

/** `YYYY-MM-DD` of an epoch day (years 0–9999). */
export const formatIso = (days: number): string => {
  const [y, m, d] = civilFromDays(days)
  return `${String(y).padStart(4, "0")}-${pad2(m)}-${pad2(d)}`
}

/** Minutes since midnight of a strict `HH:MM` string (00:00–24:00), or `undefined`. */
export const parseClock = (s: string): number | undefined => {
  if (s.length !== 5 || s.charCodeAt(2) !== 58) return undefined
  const h = digit(s, 0) * 10 + digit(s, 1)
  const m = digit(s, 3) * 10 + digit(s, 4)
  if (h < 0 || m < 0 || m > 59 || h > 24 || (h === 24 && m !== 0)) return undefined
  return h * 60 + m
}

/** `HH:MM` of minutes since midnight. */
export const formatClock = (minutes: number): string => `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`
