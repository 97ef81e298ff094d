/**
 * The counters behind Analytics: what one case state contributes (a key and a bit
 * set of measures), and the delta between two states. Plain code: bit masks, no
 * allocation beyond the deltas returned.
 */

import { civilFromDays, DAY_MS } from "./calendarDate.js"
import type { Kind } from "./caseSchema.js"
import type { State } from "./caseState.js"

export const measures = [
  "valid",
  "closed",
  "closedOnTime",
  "closedReworked",
  "extended",
  "tickets",
  "responded",
  "resolved",
  "visited",
  "satisfied",
  "mediations",
  "mediated",
  "settled"
] as const

export type Measure = (typeof measures)[number]

const bit = Object.fromEntries(measures.map((m, i) => [m, 1 << i])) as { readonly [M in Measure]: number }

export interface Key {
  readonly grid: string
  readonly unit: string
  readonly kind: Kind
  readonly category: string
  readonly month: string
}

export interface Delta extends Key {
  readonly measure: Measure
  readonly delta: number
}

const SHANGHAI_MS = 8 * 3_600_000

/** `YYYY-MM` of an instant in Asia/Shanghai (UTC+8, no daylight saving since 1991). */
export const monthOf = (at: number): string => {
  const [y, m] = civilFromDays(Math.floor((at + SHANGHAI_MS) / DAY_MS))
  return `${String(y).padStart(4, "0")}-${m < 10 ? "0" : ""}${m}`
}

const hotlineResponded = new Set(["handling", "handled", "replied", "closed"])
const hotlineResolved = new Set(["handled", "replied", "closed"])

const isValid = (s: State): boolean => {
  switch (s.kind) {
    case "event":
      return s.status !== "reported" && s.status !== "cancelled" && s.status !== "merged"
    case "petition":
      return s.status !== "registered" && s.status !== "notAccepted" && s.status !== "redirected"
    default:
      return true
  }
}

/** The measures a case state counts in, as a bit set (0 before `Opened`). */
export const mask = (s: State): number => {
  if (s.kind === null || !isValid(s)) return 0
  let m = bit.valid
  if (s.final) {
    m |= bit.closed
    if (s.overdue.length === 0) m |= bit.closedOnTime
    if (s.counts.reworks + s.counts.reopens > 0) m |= bit.closedReworked
  }
  if (s.counts.extensions > 0) m |= bit.extended
  if (s.kind === "hotline") {
    m |= bit.tickets
    if (hotlineResponded.has(s.status)) m |= bit.responded
    if (hotlineResolved.has(s.status)) m |= bit.resolved
    if (s.status === "closed" && s.satisfaction !== null) {
      m |= bit.visited
      if (s.satisfaction !== "dissatisfied") m |= bit.satisfied
    }
  } else if (s.kind === "dispute" || (s.kind === "prelitigation" && s.track === "simple" && s.status !== "received")) {
    m |= bit.mediations
    if (s.status === "mediated") {
      m |= bit.mediated
      if (s.confirmation !== "refused") m |= bit.settled
    }
  }
  return m
}

/** The key a case state counts under. */
export const keyOf = (s: State): Key => ({
  grid: s.place,
  unit: s.handler?.unit ?? "",
  kind: s.kind!,
  category: s.category,
  month: monthOf(s.openedAt ?? 0)
})

const sameKey = (a: State, b: State): boolean =>
  a.place === b.place &&
  (a.handler?.unit ?? "") === (b.handler?.unit ?? "") &&
  a.kind === b.kind &&
  a.category === b.category &&
  a.openedAt === b.openedAt

const push = (out: Array<Delta>, key: Key, bits: number, delta: number) => {
  for (let i = 0; i < measures.length; i++)
    if ((bits & (1 << i)) !== 0) out.push({ ...key, measure: measures[i]!, delta })
}

/** The counter deltas from `before` to `after`. */
export const diff = (before: State, after: State): Array<Delta> => {
  const m0 = mask(before)
  const m1 = mask(after)
  const out: Array<Delta> = []
  if (m0 === 0 && m1 === 0) return out
  if (m0 !== 0 && m1 !== 0 && sameKey(before, after)) {
    if (m0 === m1) return out
    const key = keyOf(after)
    push(out, key, m1 & ~m0, 1)
    push(out, key, m0 & ~m1, -1)
    return out
  }
  if (m0 !== 0) push(out, keyOf(before), m0, -1)
  if (m1 !== 0) push(out, keyOf(after), m1, 1)
  return out
}
