/**
 * Service-level deadlines: policies per case kind × clock (step) × category ×
 * track, each with two tiers — a statutory limit and a local target — in
 * calendar days, working days, working hours or hours; counting rules from the
 * Civil Code as defaults; and the deadline of a limit started at an instant. How a
 * case's clocks run against these policies (start, stop, pause, resume, extend) is
 * `SlaClock`.
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import * as Calendar from "./Calendar.js"
import * as D from "./internal/slaDeadline.js"
import * as N from "./internal/slaNational.js"

/**
 * The unit of a limit.
 *
 * @example
 * import type { Sla } from "@gridgov/core"
 * const unit: Sla.Unit = "workingDays"
 *
 * @category model
 * @since 0.1.0
 */
export type Unit = D.Unit

/**
 * An amount of time in one unit. Day units take whole numbers.
 *
 * @example
 * import type { Sla } from "@gridgov/core"
 * const limit: Sla.Limit = { amount: 15, unit: "calendarDays" }
 *
 * @category model
 * @since 0.1.0
 */
export interface Limit {
  readonly amount: number
  readonly unit: Unit
}

/**
 * How a tier may be extended: at most `max` (in the tier's unit, summed over all
 * extensions of a run), with a named approver when `approval`, and only once the
 * person concerned was told when `notice`.
 *
 * @example
 * import type { Sla } from "@gridgov/core"
 * const rule: Sla.Extension = { max: 30, approval: true, notice: true }
 *
 * @category model
 * @since 0.1.0
 */
export interface Extension {
  readonly max: number
  readonly approval: boolean
  readonly notice: boolean
  readonly source?: string | undefined
}

/**
 * One tier of a policy: its limit, where it comes from, and how it may be extended.
 *
 * @example
 * import type { Sla } from "@gridgov/core"
 * const tier: Sla.Tier = { limit: { amount: 60, unit: "calendarDays" }, source: "信访工作条例 art. 34" }
 *
 * @category model
 * @since 0.1.0
 */
export interface Tier {
  readonly limit: Limit
  readonly source?: string | undefined
  readonly extension?: Extension | undefined
}

/**
 * The two tiers: the law's limit and the local target.
 *
 * @example
 * import type { Sla } from "@gridgov/core"
 * const tier: Sla.TierName = "target"
 *
 * @category model
 * @since 0.1.0
 */
export type TierName = "statutory" | "target"

/**
 * Counting rules of day-based limits.
 *
 * - `startDay: "excluded"` — the day the clock starts is not counted (Civil Code art. 201);
 * - `rollOffRestDay` — a last day that is a rest day moves to the next working day (art. 203);
 * - `inclusive` — "within N days" includes day N (art. 1259: 以内 includes the number itself);
 * - `dayEnds: "midnight"` — the last day ends at 24:00 (art. 203); `"closeOfBusiness"` when
 *   the act must be done in office hours (art. 203, 有业务时间的).
 *
 * @example
 * import { Sla } from "@gridgov/core"
 * const strict: Sla.Counting = { ...Sla.civilCode, dayEnds: "closeOfBusiness" }
 *
 * @category model
 * @since 0.1.0
 */
export type Counting = D.Counting

/**
 * The Civil Code's counting rules (arts. 201, 203, 1259), the default of every table.
 *
 * @example
 * import { Sla } from "@gridgov/core"
 * Sla.civilCode.startDay // "excluded"
 *
 * @category model
 * @since 0.1.0
 */
export const civilCode: Counting = {
  startDay: "excluded",
  rollOffRestDay: true,
  inclusive: true,
  dayEnds: "midnight"
}

/**
 * A policy: for a case kind and clock, optionally narrowed to a category
 * (dotted code, matched by prefix on segment boundaries) and a track, the
 * statutory tier and/or the local target. The most specific policy wins: longer
 * category first, then one with a track.
 *
 * @example
 * import type { Sla } from "@gridgov/core"
 * const policy: Sla.Policy = {
 *   kind: "hotline",
 *   clock: "handle",
 *   category: "hotline.complaint",
 *   target: { limit: { amount: 15, unit: "workingDays" } }
 * }
 *
 * @category model
 * @since 0.1.0
 */
export interface Policy {
  readonly kind: string
  readonly clock: string
  readonly category?: string | undefined
  readonly track?: string | undefined
  readonly statutory?: Tier | undefined
  readonly target?: Tier | undefined
  /** Warning thresholds as fractions of the budget (default: the table's). */
  readonly warnings?: ReadonlyArray<number> | undefined
  /** Counting rules overriding the table's. */
  readonly counting?: Partial<Counting> | undefined
}

/**
 * A validated set of policies with its default warnings and counting rules.
 *
 * @example
 * import { Sla } from "@gridgov/core"
 * import { Result } from "effect"
 * const table = Result.getOrThrow(Sla.make(Sla.national))
 * table.warnings // [0.5, 0.75, 0.9]
 *
 * @category model
 * @since 0.1.0
 */
export interface Table {
  readonly _tag: "SlaTable"
  readonly policies: ReadonlyArray<Policy>
  readonly warnings: ReadonlyArray<number>
  readonly counting: Counting
  /** @internal */
  readonly index: ReadonlyMap<string, ReadonlyArray<Policy>>
}

/**
 * What a case is, for policy look-up.
 *
 * @example
 * import type { Sla } from "@gridgov/core"
 * const subject: Sla.Subject = { kind: "petition", category: "petition.land", track: "complex" }
 *
 * @category model
 * @since 0.1.0
 */
export interface Subject {
  readonly kind: string
  readonly category: string
  readonly track?: string | undefined
}

/**
 * A policy table is inconsistent.
 *
 * @example
 * import { Sla } from "@gridgov/core"
 * new Sla.InvalidPolicy({ reason: "no tier" })._tag // "InvalidPolicy"
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidPolicy extends Schema.TaggedError<InvalidPolicy>()("InvalidPolicy", {
  reason: Schema.String
}) {}

/**
 * No policy matches a kind, clock, category and track.
 *
 * @example
 * import { Sla } from "@gridgov/core"
 * new Sla.NoPolicy({ kind: "event", clock: "x", category: "event", track: undefined })._tag // "NoPolicy"
 *
 * @category errors
 * @since 0.1.0
 */
export class NoPolicy extends Schema.TaggedError<NoPolicy>()("NoPolicy", {
  kind: Schema.String,
  clock: Schema.String,
  category: Schema.String,
  track: Schema.UndefinedOr(Schema.String)
}) {}

const units: ReadonlyArray<Unit> = ["calendarDays", "workingDays", "workingHours", "hours"]
const keyOf = (p: Pick<Policy, "kind" | "clock" | "category" | "track">) =>
  `${p.kind}\u0000${p.clock}\u0000${p.category ?? ""}\u0000${p.track ?? ""}`
const specificity = (p: Policy) => (p.category === undefined ? 0 : p.category.split(".").length * 2) + (p.track ? 1 : 0)

const checkTier = (p: Policy, name: TierName, tier: Tier | undefined): string | undefined => {
  if (tier === undefined) return undefined
  const { amount, unit } = tier.limit
  const where = `${p.kind}/${p.clock}${p.category ? `/${p.category}` : ""}${p.track ? `/${p.track}` : ""} ${name}`
  if (!units.includes(unit)) return `${where}: unknown unit ${unit}`
  if (!(Number.isFinite(amount) && amount >= 0)) return `${where}: amount must be a finite number ≥ 0`
  if (D.isDayUnit(unit) && !Number.isInteger(amount)) return `${where}: day limits take whole numbers`
  if (tier.extension !== undefined && !(Number.isFinite(tier.extension.max) && tier.extension.max > 0)) {
    return `${where}: extension max must be a positive number`
  }
  return undefined
}

const validate = (p: Policy, warnings: ReadonlyArray<number>): string | undefined => {
  if (p.kind === "" || p.clock === "") return "kind and clock must be non-empty"
  if (p.category !== undefined && !/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(p.category)) {
    return `category "${p.category}" is not a dotted code`
  }
  if (p.category !== undefined && p.category.split(".")[0] !== p.kind) {
    return `category "${p.category}" does not belong to kind ${p.kind}`
  }
  if (p.statutory === undefined && p.target === undefined) return `${p.kind}/${p.clock}: a policy needs a tier`
  for (const w of p.warnings ?? warnings) if (!(w > 0 && w < 1)) return `warning threshold ${w} is not in (0, 1)`
  return checkTier(p, "statutory", p.statutory) ?? checkTier(p, "target", p.target)
}

/**
 * Builds a policy table: validates every policy (a tier present, units and
 * amounts sane, categories dotted codes of their kind, thresholds in (0, 1)) and
 * rejects two policies for the same kind, clock, category and track.
 *
 * @example
 * import { Sla } from "@gridgov/core"
 * import { Result } from "effect"
 * const table = Result.getOrThrow(Sla.make(Sla.national, { warnings: [0.8] }))
 * table.warnings // [0.8]
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (
  policies: ReadonlyArray<Policy>,
  options: { readonly warnings?: ReadonlyArray<number>; readonly counting?: Partial<Counting> } = {}
): Result.Result<Table, InvalidPolicy> => {
  const warnings = [...(options.warnings ?? [0.5, 0.75, 0.9])].sort((a, b) => a - b)
  const seen = new Set<string>()
  const index = new Map<string, Array<Policy>>()
  for (const p of policies) {
    const problem = validate(p, warnings)
    if (problem !== undefined) return Result.fail(new InvalidPolicy({ reason: problem }))
    const key = keyOf(p)
    if (seen.has(key)) {
      return Result.fail(new InvalidPolicy({ reason: `two policies for ${key.replaceAll("\u0000", "/")}` }))
    }
    seen.add(key)
    const slot = `${p.kind}\u0000${p.clock}`
    index.set(slot, [...(index.get(slot) ?? []), p])
  }
  for (const list of index.values()) list.sort((a, b) => specificity(b) - specificity(a))
  return Result.succeed({
    _tag: "SlaTable",
    policies,
    warnings,
    counting: { ...civilCode, ...options.counting },
    index
  })
}

/**
 * Replaces or adds policies: a policy with the same kind, clock, category and
 * track as one in the table replaces it; the others are added.
 *
 * @example
 * import { Sla } from "@gridgov/core"
 * import { Result } from "effect"
 * const base = Result.getOrThrow(Sla.make(Sla.national))
 * const city = Result.getOrThrow(
 *   Sla.override(base, [{ kind: "hotline", clock: "handle", category: "hotline.help", target: Sla.workingDays(5) }])
 * )
 *
 * @category constructors
 * @since 0.1.0
 */
export const override = (table: Table, policies: ReadonlyArray<Policy>): Result.Result<Table, InvalidPolicy> => {
  const replaced = new Set(policies.map(keyOf))
  return make([...table.policies.filter((p) => !replaced.has(keyOf(p))), ...policies], {
    warnings: table.warnings,
    counting: table.counting
  })
}

/**
 * The most specific policy for a kind, clock, category and track: among those
 * whose category is a prefix of the subject's on segment boundaries (or absent)
 * and whose track equals the subject's (or is absent), the one with the longest
 * category, then one with a track.
 *
 * @example
 * import { Sla } from "@gridgov/core"
 * import { Yumen } from "@gridgov/testing"
 * import { Result } from "effect"
 * const table = Result.getOrThrow(Sla.make(Yumen.sla))
 * const p = Result.getOrThrow(Sla.lookup(table, { kind: "event", category: "event.sanitation.street" }, "handle"))
 * p.category // "event.sanitation"
 *
 * @category look-up
 * @since 0.1.0
 */
export const lookup = (table: Table, subject: Subject, clock: string): Result.Result<Policy, NoPolicy> => {
  const candidates = table.index.get(`${subject.kind}\u0000${clock}`) ?? []
  for (const p of candidates) {
    const categoryOk =
      p.category === undefined ||
      subject.category === p.category ||
      (subject.category.startsWith(p.category) && subject.category.charCodeAt(p.category.length) === 46)
    if (categoryOk && (p.track === undefined || p.track === subject.track)) return Result.succeed(p)
  }
  return Result.fail(new NoPolicy({ kind: subject.kind, clock, category: subject.category, track: subject.track }))
}

/**
 * A limit of whole calendar days.
 *
 * @example
 * import { Sla } from "@gridgov/core"
 * Sla.days(15).limit // { amount: 15, unit: "calendarDays" }
 *
 * @category constructors
 * @since 0.1.0
 */
export const days = (amount: number, source?: string): Tier => ({ limit: { amount, unit: "calendarDays" }, source })

/**
 * A limit of whole working days.
 *
 * @example
 * import { Sla } from "@gridgov/core"
 * Sla.workingDays(2).limit.unit // "workingDays"
 *
 * @category constructors
 * @since 0.1.0
 */
export const workingDays = (amount: number, source?: string): Tier => ({
  limit: { amount, unit: "workingDays" },
  source
})

/**
 * A limit in working hours (the calendar's working-hours windows on working days).
 *
 * @example
 * import { Sla } from "@gridgov/core"
 * Sla.workingHours(4).limit.unit // "workingHours"
 *
 * @category constructors
 * @since 0.1.0
 */
export const workingHours = (amount: number, source?: string): Tier => ({
  limit: { amount, unit: "workingHours" },
  source
})

/**
 * A limit in elapsed hours, day and night (emergencies).
 *
 * @example
 * import { Sla } from "@gridgov/core"
 * Sla.hours(2).limit.unit // "hours"
 *
 * @category constructors
 * @since 0.1.0
 */
export const hours = (amount: number, source?: string): Tier => ({ limit: { amount, unit: "hours" }, source })

/**
 * The deadline of a limit started at an instant, by the counting rules: for day
 * limits the start day is not counted, the last day rolls off rest days and
 * ends at 24:00; working hours count only working time; hours count all time.
 * Fails with `OutOfCoverage` when the start lies outside the calendar (for every
 * unit, elapsed hours included), or when a deadline that follows the table (every
 * unit but elapsed hours) would lie past it.
 *
 * @example
 * import { Calendar, Sla } from "@gridgov/core"
 * import { Result } from "effect"
 * const cal = Result.getOrThrow(Calendar.make({ years: { from: 2025, to: 2025 } }))
 * const friday = Result.getOrThrow(Calendar.at(cal, "2025-03-07", "10:00"))
 * const due = Result.getOrThrow(Sla.deadline(cal, friday, { amount: 1, unit: "calendarDays" }))
 * Result.getOrThrow(Calendar.format(cal, due, { endOfDay: true })) // "2025-03-10 24:00" (Saturday rolls to Monday)
 *
 * @category deadlines
 * @since 0.1.0
 */
export const deadline = (
  calendar: Calendar.Calendar,
  start: number,
  limit: Limit,
  counting: Counting = civilCode
): Result.Result<number, Calendar.CalendarError> => {
  if (!Number.isFinite(start) || !Number.isFinite(limit.amount)) {
    return Result.fail(new Calendar.InvalidDate({ input: `${start} + ${limit.amount} ${limit.unit}` }))
  }
  const result = D.deadline(calendar.table, start, limit.amount, limit.unit, counting)
  return Number.isNaN(result) ? Result.fail(D.outOfCoverage(calendar, start)) : Result.succeed(result)
}

/**
 * The national rules gridgov ships: petitions under the Petition Work Regulations
 * (信访工作条例, 2022; arts. 22, 34–36: accept within 15 days, conclude within 60,
 * extendable by up to 30 with approval, review and re-review within 30) and
 * pre-litigation mediation (30 days, extendable by consent of the parties). Only
 * statutory tiers: a city adds its own local targets and the clocks of its events and
 * hotline tickets with `override` (the Yumen fixture's `Yumen.sla` in
 * `@gridgov/testing` is a worked example).
 *
 * @example
 * import { Sla } from "@gridgov/core"
 * Sla.national.filter((p) => p.kind === "petition").length // 4
 * Sla.national.every((p) => p.target === undefined) // true
 *
 * @category defaults
 * @since 0.1.0
 */
export const national: ReadonlyArray<Policy> = N.policies
