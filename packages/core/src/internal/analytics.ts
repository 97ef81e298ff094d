/**
 * The counters behind Analytics: what one case state contributes (a key and a bit
 * set of measures, read from the tags the machine definitions give states and
 * transitions), and the delta between two states. Plain code: bit masks, no
 * allocation beyond the deltas returned.
 */

import { civilFromDays, DAY_MS } from "./calendarDate.js"
import type { Kind } from "./caseSchema.js"
import type { State } from "./caseState.js"
import { type StateTag, stateTags } from "./machine.js"
import { compiled } from "./machines/index.js"

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

/** A state's tags as bits, per track (none, simple, complex), from the machines. */
const tagBit = Object.fromEntries(stateTags.map((t, i) => [t, 1 << i])) as { readonly [T in StateTag]: number }
const bitsOf = (tags: ReadonlyArray<StateTag>) => tags.reduce((m, t) => m | tagBit[t], 0)
const tagBits = {} as Record<Kind, Readonly<Record<string, readonly [number, number, number]>>>
for (const kind of Object.keys(compiled) as Array<Kind>) {
  const byState: Record<string, readonly [number, number, number]> = Object.create(null)
  for (const [state, t] of Object.entries(compiled[kind].tags)) {
    byState[state] = [bitsOf(t.none), bitsOf(t.simple), bitsOf(t.complex)]
  }
  tagBits[kind] = byState
}
const trackIndex = (s: State): 0 | 1 | 2 => (s.track === "simple" ? 1 : s.track === "complex" ? 2 : 0)
const notValid = tagBit.screening | tagBit.screenedOut

/**
 * The measures a case state counts in, as a bit set (0 before `Opened`), from the
 * tags its machine gives the state: a case in a `screening` or `screenedOut` state
 * is not valid; `ticket`, `responded`, `resolved`, `visited`, `mediation` and
 * `mediated` count as their measures; `closed` is a final state; reworks and
 * reopens are the transitions tagged so.
 */
export const mask = (s: State): number => {
  if (s.kind === null) return 0
  const tags = tagBits[s.kind][s.status]?.[trackIndex(s)] ?? 0
  if ((tags & notValid) !== 0) return 0
  let m = bit.valid
  if (s.final) {
    m |= bit.closed
    if (s.overdue.length === 0) m |= bit.closedOnTime
    if (s.counts.reworks + s.counts.reopens > 0) m |= bit.closedReworked
  }
  if (s.counts.extensions > 0) m |= bit.extended
  if ((tags & tagBit.ticket) !== 0) {
    m |= bit.tickets
    if ((tags & tagBit.responded) !== 0) m |= bit.responded
    if ((tags & tagBit.resolved) !== 0) m |= bit.resolved
    if ((tags & tagBit.visited) !== 0 && s.satisfaction !== null) {
      m |= bit.visited
      if (s.satisfaction !== "dissatisfied") m |= bit.satisfied
    }
  }
  if ((tags & tagBit.mediation) !== 0) {
    m |= bit.mediations
    if ((tags & tagBit.mediated) !== 0) {
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
