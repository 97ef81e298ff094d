/**
 * The SLA clocks of a case: a pure fold of clock operations (start, stop, pause,
 * resume, extend, and the warnings and breaches a sweeper recorded) into clock runs,
 * each under the policy (`Sla`) that applied when it started, with both tiers'
 * deadlines, the warning and breach timers still to come, and an overdue flag frozen
 * when the run stops.
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import type * as Calendar from "./Calendar.js"
import * as C from "./internal/slaClock.js"
import * as D from "./internal/slaDeadline.js"
import * as Sla from "./Sla.js"

/**
 * A clock operation with its instant: what a CaseMachine transition's
 * `{ _tag: "Clock", op, clock }` effect becomes once it happened at `at`, plus
 * `extend` (an approved extension) and `warned` / `breached` (a sweeper's
 * warning or breach was recorded, so it is not raised twice in the same run).
 *
 * @example
 * import type { SlaClock } from "@gridgov/core"
 * const ops: ReadonlyArray<SlaClock.Op> = [
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
      readonly tier?: Sla.TierName | undefined
      /**
       * The unit of `amount` (default: the tier's own unit). It is converted to the
       * tier's unit where the ratio is fixed: calendar days and hours (24), working
       * days and working hours (the calendar's working hours per day). Other pairs
       * are refused as `unitMismatch`.
       */
      readonly unit?: Sla.Unit | undefined
    }
  | {
      readonly op: "warned"
      readonly clock: string
      readonly at: number
      readonly run: number
      readonly tier: Sla.TierName
      readonly threshold: number
    }
  | {
      readonly op: "breached"
      readonly clock: string
      readonly at: number
      readonly run: number
      readonly tier: Sla.TierName
    }

/**
 * One run of a clock (a clock started again after a stop begins a new run).
 * `frozen` holds each tier's deadline and overdue flag as they were when the run
 * stopped, so on-time rates can be reproduced later.
 *
 * @example
 * import type { SlaClock } from "@gridgov/core"
 * const overdue = (run: SlaClock.Run) => run.frozen?.statutory?.overdue === true
 *
 * @category clocks
 * @since 0.1.0
 */
export interface Run {
  readonly clock: string
  readonly run: number
  readonly policy: Sla.Policy
  readonly counting: Sla.Counting
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
    readonly tier: Sla.TierName
    readonly amount: number
    readonly approvedBy: string
  }>
  readonly warned: ReadonlyArray<string>
  readonly breached: ReadonlyArray<Sla.TierName>
  readonly stoppedAt: number | undefined
  readonly frozen: Partial<Record<Sla.TierName, { readonly deadline: number; readonly overdue: boolean }>> | undefined
}

/**
 * The state of every clock of a case: the current run per clock and the runs
 * that were closed by a restart.
 *
 * @example
 * import { SlaClock } from "@gridgov/core"
 * Object.keys(SlaClock.empty.runs).length // 0
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
 * import { SlaClock } from "@gridgov/core"
 * SlaClock.empty.history.length // 0
 *
 * @category clocks
 * @since 0.1.0
 */
export const empty: Clocks = { runs: {}, history: [] }

/**
 * What the fold needs: the calendar, the policy table and the case's subject.
 *
 * @example
 * import type { SlaClock } from "@gridgov/core"
 * const subject: SlaClock.Context["subject"] = { kind: "petition", category: "petition", track: "simple" }
 *
 * @category clocks
 * @since 0.1.0
 */
export interface Context {
  readonly calendar: Calendar.Calendar
  readonly table: Sla.Table
  readonly subject: Sla.Subject
}

/**
 * One tier of a clock at an instant. Times are milliseconds on the tier's own
 * time line: working time for working units, elapsed time otherwise, pauses
 * left out. `overdue` is set only once the run stopped (frozen at the stop).
 *
 * @example
 * import type { SlaClock } from "@gridgov/core"
 * const late = (t: SlaClock.TierView) => t.breached
 *
 * @category clocks
 * @since 0.1.0
 */
export interface TierView {
  readonly tier: Sla.TierName
  readonly limit: Sla.Limit
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
 * import type { SlaClock } from "@gridgov/core"
 * const due = (timers: ReadonlyArray<SlaClock.Timer>, now: number) => timers.filter((t) => t.at <= now)
 *
 * @category clocks
 * @since 0.1.0
 */
export interface Timer {
  readonly key: string
  readonly clock: string
  readonly run: number
  readonly tier: Sla.TierName
  readonly kind: "warning" | "breach"
  readonly threshold: number
  readonly at: number
}

/**
 * A clock at an instant: both tiers and the timers still to come (none unless
 * the clock is running).
 *
 * @example
 * import type { SlaClock } from "@gridgov/core"
 * const next = (v: SlaClock.ClockView) => v.timers[0]?.at
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
 * A clock operation does not fit the clock's state or its policy.
 *
 * @example
 * import { SlaClock } from "@gridgov/core"
 * new SlaClock.ClockRejected({ clock: "accept", op: "resume", at: 0, reason: "notPaused" }).reason // "notPaused"
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
 * import type { SlaClock } from "@gridgov/core"
 * const isRejection = (e: SlaClock.SlaError) => e._tag === "ClockRejected"
 *
 * @category errors
 * @since 0.1.0
 */
export type SlaError = Sla.NoPolicy | ClockRejected | Calendar.CalendarError

const errors: C.Errors = {
  rejected: (op, reason) => new ClockRejected({ clock: op.clock, op: op.op, at: op.at, reason }),
  outOfCoverage: D.outOfCoverage
}

const resolver = (ctx: Context) => (clock: string) =>
  Result.map(Sla.lookup(ctx.table, ctx.subject, clock), (policy) => ({
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
 * import { Sla, SlaClock } from "@gridgov/core"
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * import { Result } from "effect"
 * const ctx = {
 *   calendar: CalendarCn.calendar(),
 *   table: Result.getOrThrow(Sla.make(Sla.national)),
 *   subject: { kind: "petition", category: "petition", track: "simple" }
 * }
 * const clocks = SlaClock.step(ctx, SlaClock.empty, { op: "start", clock: "accept", at: Date.UTC(2025, 8, 30, 2) })
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
 * import { Sla, SlaClock } from "@gridgov/core"
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
 *   SlaClock.fold(ctx, [
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
 * import { SlaClock } from "@gridgov/core"
 * import type { Calendar } from "@gridgov/core"
 * const nextTimer = (cal: Calendar.Calendar, run: SlaClock.Run, now: number) => SlaClock.view(cal, run, now)
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
 * import { SlaClock } from "@gridgov/core"
 * import type { Calendar } from "@gridgov/core"
 * const schedule = (cal: Calendar.Calendar, clocks: SlaClock.Clocks, now: number) =>
 *   SlaClock.views(cal, clocks, now)
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
