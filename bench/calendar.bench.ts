/**
 * Deadline arithmetic on China's working-day calendar: adding N working days and
 * N working hours. Baseline: a naive day-by-day loop over the same table; peer:
 * the `chinese-days` package (findWorkday / isWorkday); ours: gridgov's prefix
 * counts (`Calendar.addWorkingDays`, `Calendar.addWorkingHours`, `Sla.deadline`).
 */
import { CalendarCn } from "@gridgov/calendar-cn"
import { Calendar, Sla } from "@gridgov/core"
import chineseDays from "chinese-days"
import { Result } from "effect"
import { compare, goal } from "./harness.js"

const DAY = 86_400_000
const cal = CalendarCn.calendar()

// The naive baseline reads the same national table, as sets of dates.
const rest = new Set<string>()
const work = new Set<string>()
for (const notice of CalendarCn.notices) {
  for (const f of notice.festivals) {
    for (let t = Date.parse(`${f.rest[0]}T00:00:00Z`); t <= Date.parse(`${f.rest[1]}T00:00:00Z`); t += DAY) {
      const d = new Date(t).toISOString().slice(0, 10)
      rest.add(d)
      work.delete(d)
    }
    for (const d of f.work) {
      work.add(d)
      rest.delete(d)
    }
  }
}
const naiveIsWorking = (t: number): boolean => {
  const d = new Date(t).toISOString().slice(0, 10)
  if (work.has(d)) return true
  if (rest.has(d)) return false
  const wd = new Date(t).getUTCDay()
  return wd !== 0 && wd !== 6
}
const naiveAddDays = (date: string, n: number): string => {
  let t = Date.parse(`${date}T00:00:00Z`)
  for (let left = n; left > 0; ) {
    t += DAY
    if (naiveIsWorking(t)) left--
  }
  return new Date(t).toISOString().slice(0, 10)
}
// Working hours: walk day by day (local +08:00), consuming 08:30–12:00 and 14:30–18:00.
const windows: ReadonlyArray<readonly [number, number]> = [
  [8.5 * 3_600_000, 12 * 3_600_000],
  [14.5 * 3_600_000, 18 * 3_600_000]
]
const OFFSET = 8 * 3_600_000
const walkHours = (instant: number, hours: number, isWorking: (dayStartUtc: number) => boolean): number => {
  let left = hours * 3_600_000
  let day = Math.floor((instant + OFFSET) / DAY) * DAY
  let ms = instant + OFFSET - day
  for (;;) {
    if (isWorking(day)) {
      for (const [s, e] of windows) {
        const from = Math.max(s, ms)
        if (from >= e) continue
        if (from + left <= e) return day + from + left - OFFSET
        left -= e - from
      }
    }
    day += DAY
    ms = 0
  }
}

// Inputs: 256 starts spread over 2025, N from 1 to 30 working days / 1 to 60 working hours.
const N = 256
const starts: Array<string> = []
const amounts: Array<number> = []
const instants: Array<number> = []
let seed = 42
const next = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
  return seed / 2 ** 31
}
for (let i = 0; i < N; i++) {
  const t = Date.UTC(2025, 0, 1) + Math.floor(next() * 330) * DAY
  starts.push(new Date(t).toISOString().slice(0, 10))
  amounts.push(1 + Math.floor(next() * 30))
  instants.push(t - OFFSET + Math.floor(next() * 24 * 60) * 60_000)
}

// Every implementation must give the same answers before it is timed.
for (let i = 0; i < N; i++) {
  const ours = Result.getOrThrow(Calendar.addWorkingDays(cal, starts[i]!, amounts[i]!))
  const peer = chineseDays.findWorkday(amounts[i]!, starts[i]!)
  const naive = naiveAddDays(starts[i]!, amounts[i]!)
  if (ours !== peer || ours !== naive)
    throw new Error(`disagreement on ${starts[i]} + ${amounts[i]}: ${ours} ${peer} ${naive}`)
  const h = amounts[i]! * 2
  const oursH = Result.getOrThrow(Calendar.addWorkingHours(cal, instants[i]!, h))
  const naiveH = walkHours(instants[i]!, h, (d) => naiveIsWorking(d))
  if (oursH !== naiveH) throw new Error(`disagreement on ${instants[i]} + ${h} h: ${oursH} ${naiveH}`)
}

let sink = 0
const batch = (f: (i: number) => unknown) => () => {
  for (let i = 0; i < N; i++) if (f(i) === undefined) sink++
}

export default async () => {
  compare("add N working days (N = 1–30), 2025 starts", [
    { name: "naive day-by-day loop", ops: N, fn: batch((i) => naiveAddDays(starts[i]!, amounts[i]!)) },
    { name: "chinese-days findWorkday", ops: N, fn: batch((i) => chineseDays.findWorkday(amounts[i]!, starts[i]!)) },
    {
      name: "gridgov Calendar.addWorkingDays",
      ops: N,
      fn: batch((i) => Calendar.addWorkingDays(cal, starts[i]!, amounts[i]!))
    }
  ])

  compare("add N working hours (N = 2–60), 2025 starts", [
    {
      name: "naive day-by-day loop",
      ops: N,
      fn: batch((i) => walkHours(instants[i]!, amounts[i]! * 2, (d) => naiveIsWorking(d)))
    },
    {
      name: "chinese-days isWorkday day walk",
      ops: N,
      fn: batch((i) =>
        walkHours(instants[i]!, amounts[i]! * 2, (d) => chineseDays.isWorkday(new Date(d).toISOString().slice(0, 10)))
      )
    },
    {
      name: "gridgov Calendar.addWorkingHours",
      ops: N,
      fn: batch((i) => Calendar.addWorkingHours(cal, instants[i]!, amounts[i]! * 2))
    }
  ])

  const limits: ReadonlyArray<Sla.Limit> = [
    { amount: 15, unit: "calendarDays" },
    { amount: 10, unit: "workingDays" },
    { amount: 4, unit: "workingHours" },
    { amount: 2, unit: "hours" }
  ]
  const rows = compare("Sla.deadline, mixed units (15 days, 10 working days, 4 working hours, 2 hours)", [
    {
      name: "naive day-by-day loop (working days)",
      ops: N,
      fn: batch((i) => naiveAddDays(starts[i]!, 10))
    },
    { name: "gridgov Sla.deadline", ops: N, fn: batch((i) => Sla.deadline(cal, instants[i]!, limits[i & 3]!)) }
  ])
  const ours = rows[1]!.medianOpsPerSec
  goal("≥ 5 M deadline computations/s (Sla.deadline)", ours >= 5e6, `${(ours / 1e6).toFixed(2)} M/s`)
  if (sink < 0) console.log(sink)
}
