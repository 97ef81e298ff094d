/**
 * Service-level deadlines: policies per case kind × clock (step) × category ×
 * track, each with two tiers — a statutory limit and a local target — in
 * calendar days, working days, working hours or hours; counting rules from the
 * Civil Code as defaults; and a pure fold of clock operations (start, stop,
 * pause, resume, extend) into clock runs with deadlines, warnings and a frozen
 * overdue flag.
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import * as Calendar from "./Calendar.js"
import * as C from "./internal/slaClock.js"
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
 * A clock operation with its instant: what a CaseMachine transition's
 * `{ _tag: "Clock", op, clock }` effect becomes once it happened at `at`, plus
 * `extend` (an approved extension) and `warned` / `breached` (a sweeper's
 * warning or breach was recorded, so it is not raised twice in the same run).
 *
 * @example
 * import type { Sla } from "@gridgov/core"
 * const ops: ReadonlyArray<Sla.Op> = [
 *   { op: "start", clock: "conclude", at: 0 },
 *   { op: "extend", clock: "conclude", at: 1, amount: 30, approvedBy: "head-of-office", noticeGiven: true }
 * ]
 *
 * @category clocks
 * @since 0.1.0
 */
export type Op =
  | { readonly op: "start"; readonly clock: string; readonly at: number }
  | { readonly op: "stop"; readonly clock: string; readonly at: number }
  | { readonly op: "pause"; readonly clock: string; readonly at: number; readonly reason?: string | undefined }
  | { readonly op: "resume"; readonly clock: string; readonly at: number }
  | {
      readonly op: "extend"
      readonly clock: string
      readonly at: number
      readonly amount: number
      readonly approvedBy: string
      readonly noticeGiven?: boolean | undefined
      readonly tier?: TierName | undefined
      /**
       * The unit of `amount` (default: the tier's own unit). It is converted to the
       * tier's unit where the ratio is fixed: calendar days and hours (24), working
       * days and working hours (the calendar's working hours per day). Other pairs
       * are refused as `unitMismatch`.
       */
      readonly unit?: Unit | undefined
    }
  | {
      readonly op: "warned"
      readonly clock: string
      readonly at: number
      readonly run: number
      readonly tier: TierName
      readonly threshold: number
    }
  | {
      readonly op: "breached"
      readonly clock: string
      readonly at: number
      readonly run: number
      readonly tier: TierName
    }

/**
 * One run of a clock (a clock started again after a stop begins a new run).
 * `frozen` holds each tier's deadline and overdue flag as they were when the run
 * stopped, so on-time rates can be reproduced later.
 *
 * @example
 * import type { Sla } from "@gridgov/core"
 * const overdue = (run: Sla.Run) => run.frozen?.statutory?.overdue === true
 *
 * @category clocks
 * @since 0.1.0
 */
export interface Run {
  readonly clock: string
  readonly run: number
  readonly policy: Policy
  readonly counting: Counting
  readonly warnings: ReadonlyArray<number>
  readonly status: "running" | "paused" | "stopped"
  readonly startedAt: number
  readonly lastAt: number
  readonly pauses: ReadonlyArray<{
    readonly from: number
    readonly to: number | undefined
    readonly reason?: string | undefined
  }>
  readonly extensions: ReadonlyArray<{
    readonly at: number
    readonly tier: TierName
    readonly amount: number
    readonly approvedBy: string
  }>
  readonly warned: ReadonlyArray<string>
  readonly breached: ReadonlyArray<TierName>
  readonly stoppedAt: number | undefined
  readonly frozen: Partial<Record<TierName, { readonly deadline: number; readonly overdue: boolean }>> | undefined
}

/**
 * The state of every clock of a case: the current run per clock and the runs
 * that were closed by a restart.
 *
 * @example
 * import { Sla } from "@gridgov/core"
 * Object.keys(Sla.empty.runs).length // 0
 *
 * @category clocks
 * @since 0.1.0
 */
export interface Clocks {
  readonly runs: Readonly<Record<string, Run>>
  readonly history: ReadonlyArray<Run>
}

/**
 * No clock has run yet.
 *
 * @example
 * import { Sla } from "@gridgov/core"
 * Sla.empty.history.length // 0
 *
 * @category clocks
 * @since 0.1.0
 */
export const empty: Clocks = { runs: {}, history: [] }

/**
 * What the fold needs: the calendar, the policy table and the case's subject.
 *
 * @example
 * import type { Sla } from "@gridgov/core"
 * const subject: Sla.Context["subject"] = { kind: "petition", category: "petition", track: "simple" }
 *
 * @category clocks
 * @since 0.1.0
 */
export interface Context {
  readonly calendar: Calendar.Calendar
  readonly table: Table
  readonly subject: Subject
}

/**
 * One tier of a clock at an instant. Times are milliseconds on the tier's own
 * time line: working time for working units, elapsed time otherwise, pauses
 * left out. `overdue` is set only once the run stopped (frozen at the stop).
 *
 * @example
 * import type { Sla } from "@gridgov/core"
 * const late = (t: Sla.TierView) => t.breached
 *
 * @category clocks
 * @since 0.1.0
 */
export interface TierView {
  readonly tier: TierName
  readonly limit: Limit
  readonly extended: number
  readonly deadline: number
  readonly elapsed: number
  readonly budget: number
  readonly fraction: number
  readonly breached: boolean
  readonly overdue: boolean | undefined
  /**
   * The deadline rests on a provisional year of the calendar (the clock's span
   * reaches into it, and the unit follows the holiday table): it may move when that
   * year's arrangement is published. Never for `hours`; for `calendarDays` only
   * when a deadline on a rest day rolls forward.
   */
  readonly provisional: boolean
}

/**
 * A due timer for a sweeper: a warning at a threshold or the breach of a tier.
 * It is due when `at <= now`. `key` is stable per clock run, tier and threshold,
 * so a timer table that upserts by key holds each at most once.
 *
 * @example
 * import type { Sla } from "@gridgov/core"
 * const due = (timers: ReadonlyArray<Sla.Timer>, now: number) => timers.filter((t) => t.at <= now)
 *
 * @category clocks
 * @since 0.1.0
 */
export interface Timer {
  readonly key: string
  readonly clock: string
  readonly run: number
  readonly tier: TierName
  readonly kind: "warning" | "breach"
  readonly threshold: number
  readonly at: number
}

/**
 * A clock at an instant: both tiers and the timers still to come (none unless
 * the clock is running).
 *
 * @example
 * import type { Sla } from "@gridgov/core"
 * const next = (v: Sla.ClockView) => v.timers[0]?.at
 *
 * @category clocks
 * @since 0.1.0
 */
export interface ClockView {
  readonly clock: string
  readonly run: number
  readonly status: Run["status"]
  readonly startedAt: number
  readonly stoppedAt: number | undefined
  readonly statutory: TierView | undefined
  readonly target: TierView | undefined
  readonly timers: ReadonlyArray<Timer>
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

/**
 * A clock operation does not fit the clock's state or its policy.
 *
 * @example
 * import { Sla } from "@gridgov/core"
 * new Sla.ClockRejected({ clock: "accept", op: "resume", at: 0, reason: "notPaused" }).reason // "notPaused"
 *
 * @category errors
 * @since 0.1.0
 */
export class ClockRejected extends Schema.TaggedError<ClockRejected>()("ClockRejected", {
  clock: Schema.String,
  op: Schema.String,
  at: Schema.Number,
  reason: Schema.Literals([
    "alreadyRunning",
    "notStarted",
    "notRunning",
    "notPaused",
    "outOfOrder",
    "notExtendable",
    "notApproved",
    "noticeRequired",
    "extensionExceeded",
    "invalidAmount",
    "unitMismatch"
  ])
}) {}

/**
 * The errors of the clock fold.
 *
 * @example
 * import type { Sla } from "@gridgov/core"
 * const isRejection = (e: Sla.SlaError) => e._tag === "ClockRejected"
 *
 * @category errors
 * @since 0.1.0
 */
export type SlaError = NoPolicy | ClockRejected | Calendar.CalendarError

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

const errors: C.Errors = {
  rejected: (op, reason) => new ClockRejected({ clock: op.clock, op: op.op, at: op.at, reason }),
  outOfCoverage: D.outOfCoverage
}

const resolver = (ctx: Context) => (clock: string) =>
  Result.map(lookup(ctx.table, ctx.subject, clock), (policy) => ({
    policy,
    counting: { ...ctx.table.counting, ...policy.counting },
    warnings: [...(policy.warnings ?? ctx.table.warnings)].sort((a, b) => a - b)
  }))

/**
 * Applies one clock operation. Starting a clock looks its policy up (kind,
 * clock, category, track) and fixes it for the run; pause and resume bracket
 * time that does not count; extend needs the tier's extension rule (approver,
 * notice, bound); stop freezes each tier's deadline and overdue flag.
 *
 * @example
 * import { Sla } from "@gridgov/core"
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * import { Result } from "effect"
 * const ctx = {
 *   calendar: CalendarCn.calendar(),
 *   table: Result.getOrThrow(Sla.make(Sla.national)),
 *   subject: { kind: "petition", category: "petition", track: "simple" }
 * }
 * const clocks = Sla.step(ctx, Sla.empty, { op: "start", clock: "accept", at: Date.UTC(2025, 8, 30, 2) })
 *
 * @category clocks
 * @since 0.1.0
 */
export const step = (ctx: Context, clocks: Clocks, op: Op): Result.Result<Clocks, SlaError> =>
  C.step(ctx, clocks, op, resolver(ctx), errors)

/**
 * Folds a sequence of clock operations, in order, from `initial` (default: no
 * clocks). Stops at the first rejected operation.
 *
 * @example
 * import { Sla } from "@gridgov/core"
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * import { Yumen } from "@gridgov/testing"
 * import { Result } from "effect"
 * const ctx = {
 *   calendar: CalendarCn.calendar(),
 *   table: Result.getOrThrow(Sla.make(Yumen.sla)),
 *   subject: { kind: "hotline", category: "hotline.help" }
 * }
 * const t0 = Date.UTC(2025, 2, 3, 1)
 * const clocks = Result.getOrThrow(
 *   Sla.fold(ctx, [
 *     { op: "start", clock: "handle", at: t0 },
 *     { op: "stop", clock: "handle", at: t0 + 3_600_000 }
 *   ])
 * )
 * clocks.runs.handle?.frozen?.target?.overdue // false
 *
 * @category clocks
 * @since 0.1.0
 */
export const fold = (ctx: Context, ops: Iterable<Op>, initial: Clocks = empty): Result.Result<Clocks, SlaError> => {
  let clocks = initial
  const resolve = resolver(ctx)
  for (const op of ops) {
    const next = C.step(ctx, clocks, op, resolve, errors)
    if (Result.isFailure(next)) return next
    clocks = next.success
  }
  return Result.succeed(clocks)
}

/**
 * A run at an instant: status, both tiers' deadlines (pauses and extensions
 * included), elapsed time, breach, the frozen overdue flag once stopped, and the
 * warning and breach timers still to come while it runs.
 *
 * @example
 * import { Sla } from "@gridgov/core"
 * import type { Calendar } from "@gridgov/core"
 * const nextTimer = (cal: Calendar.Calendar, run: Sla.Run, now: number) => Sla.view(cal, run, now)
 *
 * @category clocks
 * @since 0.1.0
 */
export const view = (calendar: Calendar.Calendar, run: Run, now: number): Result.Result<ClockView, SlaError> =>
  C.view(calendar, run, now, errors)

/**
 * Every current run at an instant, and all their timers in due order: what a
 * sweeper schedules for a case.
 *
 * @example
 * import { Sla } from "@gridgov/core"
 * import type { Calendar } from "@gridgov/core"
 * const schedule = (cal: Calendar.Calendar, clocks: Sla.Clocks, now: number) =>
 *   Sla.views(cal, clocks, now)
 *
 * @category clocks
 * @since 0.1.0
 */
export const views = (
  calendar: Calendar.Calendar,
  clocks: Clocks,
  now: number
): Result.Result<{ readonly clocks: ReadonlyArray<ClockView>; readonly timers: ReadonlyArray<Timer> }, SlaError> => {
  const out: Array<ClockView> = []
  for (const run of Object.values(clocks.runs)) {
    const v = view(calendar, run, now)
    if (Result.isFailure(v)) return Result.fail(v.failure)
    out.push(v.success)
  }
  return Result.succeed({ clocks: out, timers: out.flatMap((v) => v.timers).sort((a, b) => a.at - b.at) })
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
