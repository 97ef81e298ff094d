/**
 * The enumerated conditions of routing (kind, severity, complexity, channel) as bits, and
 * as a combination number: the key of a bucket's table of winners.
 *
 * Each group has one bit per value, plus (except kind) one "unspecified" bit for a case
 * that does not say. A case sets exactly one bit per group; a rule sets the bits of the
 * values it accepts (every bit of a group when it states no condition on it, so a rule
 * silent on severity also matches a case silent on severity).
 */
import * as CaseKind from "../CaseKind.js"
import type { Input } from "../Routing.js"

export const KINDS = CaseKind.Kind.literals
export const SEVERITIES = CaseKind.Severity.literals
export const COMPLEXITIES = CaseKind.Track.literals
export const CHANNELS = CaseKind.Channel.literals

/** Values per group, "unspecified" included. */
export const SEVERITY_COUNT = SEVERITIES.length + 1
export const COMPLEXITY_COUNT = COMPLEXITIES.length + 1
export const CHANNEL_COUNT = CHANNELS.length + 1
/** Severity × complexity × channel: the number of distinct cases a bucket can be asked about. */
export const COMBOS = SEVERITY_COUNT * COMPLEXITY_COUNT * CHANNEL_COUNT

export const KIND_BASE = 0
export const SEVERITY_BASE = KIND_BASE + KINDS.length
export const COMPLEXITY_BASE = SEVERITY_BASE + SEVERITY_COUNT
export const CHANNEL_BASE = COMPLEXITY_BASE + COMPLEXITY_COUNT

const indexOf = <T extends string>(values: ReadonlyArray<T>): Record<T, number> =>
  Object.fromEntries(values.map((v, i) => [v, i])) as Record<T, number>

export const KIND_INDEX = indexOf(KINDS)
export const SEVERITY_INDEX = indexOf(SEVERITIES)
export const COMPLEXITY_INDEX = indexOf(COMPLEXITIES)
export const CHANNEL_INDEX = indexOf(CHANNELS)

const groupBits = (base: number, count: number): number => ((1 << count) - 1) << base

export const ALL_KINDS = groupBits(KIND_BASE, KINDS.length)
export const ALL_SEVERITIES = groupBits(SEVERITY_BASE, SEVERITY_COUNT)
export const ALL_COMPLEXITIES = groupBits(COMPLEXITY_BASE, COMPLEXITY_COUNT)
export const ALL_CHANNELS = groupBits(CHANNEL_BASE, CHANNEL_COUNT)

/** A condition value as a list (a rule may give one value or a list). */
export const asList = <T>(value: T | ReadonlyArray<T> | undefined): ReadonlyArray<T> | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? (value as ReadonlyArray<T>) : [value as T]

/** The bits of a condition: the values it accepts, or the whole group when it is absent. */
export const maskOf = <T extends string>(
  values: ReadonlyArray<T> | undefined,
  index: Record<T, number>,
  base: number,
  all: number
): number => {
  if (values === undefined) return all
  let m = 0
  for (const v of values) m |= 1 << (base + index[v])
  return m
}

const severityOf = (input: Input): number =>
  input.severity === undefined ? SEVERITIES.length : SEVERITY_INDEX[input.severity]
const complexityOf = (input: Input): number =>
  input.complexity === undefined ? COMPLEXITIES.length : COMPLEXITY_INDEX[input.complexity]
const channelOf = (input: Input): number =>
  input.channel === undefined ? CHANNELS.length : CHANNEL_INDEX[input.channel]

/** The bits of a case: exactly one bit per group ("unspecified" when the case is silent). */
export const inputBits = (input: Input): number =>
  (1 << (KIND_BASE + KIND_INDEX[input.kind])) |
  (1 << (SEVERITY_BASE + severityOf(input))) |
  (1 << (COMPLEXITY_BASE + complexityOf(input))) |
  (1 << (CHANNEL_BASE + channelOf(input)))

/** The combination number of a case, in `[0, COMBOS)`. */
export const inputCombo = (input: Input): number =>
  (severityOf(input) * COMPLEXITY_COUNT + complexityOf(input)) * CHANNEL_COUNT + channelOf(input)

/**
 * Calls `f` with every combination number a rule's mask accepts (the product of the
 * severity, complexity and channel values it accepts).
 */
export const forEachCombo = (mask: number, f: (combo: number) => void): void => {
  for (let s = 0; s < SEVERITY_COUNT; s++) {
    if ((mask & (1 << (SEVERITY_BASE + s))) === 0) continue
    for (let x = 0; x < COMPLEXITY_COUNT; x++) {
      if ((mask & (1 << (COMPLEXITY_BASE + x))) === 0) continue
      const row = (s * COMPLEXITY_COUNT + x) * CHANNEL_COUNT
      for (let c = 0; c < CHANNEL_COUNT; c++) if ((mask & (1 << (CHANNEL_BASE + c))) !== 0) f(row + c)
    }
  }
}
