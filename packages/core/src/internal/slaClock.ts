/**
 * The pure clock fold: clock operations in, per-clock runs out; and the view of
 * a run at an instant (deadlines of both tiers, elapsed time, due timers).
 */
import { Result } from "effect"
import * as Calendar from "../Calendar.js"
import type { TierName } from "../Sla.js"
import type { ClockRejected, Clocks, ClockView, Context, Op, Run, SlaError, TierView, Timer } from "../SlaClock.js"
import * as T from "./calendarTable.js"
import * as D from "./slaDeadline.js"

export interface Errors {
  readonly rejected: (op: Op, reason: ClockRejected["reason"]) => SlaError
  readonly outOfCoverage: (calendar: Calendar.Calendar, instant: number) => SlaError
}

const tierNames: ReadonlyArray<TierName> = ["statutory", "target"]

const extendedAmount = (run: Run, tier: TierName): number => {
  let sum = 0
  for (const e of run.extensions) if (e.tier === tier) sum += e.amount
  return sum
}

/** The view of one tier of a run at `now` (clamped to the stop), or NaN fields outside coverage. */
export const tierView = (calendar: Calendar.Calendar, run: Run, tier: TierName, now: number): TierView | undefined => {
  const def = run.policy[tier]
  if (def === undefined) return undefined
  const c = calendar.table
  const unit = def.limit.unit
  const end = run.stoppedAt ?? now
  const working = D.isWorkingUnit(unit)
  const pos = (t: number) => (working ? T.position(c, t) : t)
  let pausedExact = 0
  let pausedDays = 0
  for (const p of run.pauses) {
    const to = Math.min(p.to ?? end, end)
    pausedExact += pos(to) - pos(p.from)
    if (D.isDayUnit(unit)) {
      const a = T.indexOfInstant(c, p.from)
      const b = T.indexOfInstant(c, to)
      pausedDays += unit === "calendarDays" ? b - a : T.countWorkingDays(c, a, b)
    }
  }
  const extended = extendedAmount(run, tier)
  const amount = def.limit.amount + extended
  let deadline: number
  if (D.isDayUnit(unit)) {
    const i = T.indexOfInstant(c, run.startedAt)
    const last = i < 0 ? -1 : D.lastDay(c, i, amount + pausedDays, unit, run.counting)
    deadline = last < 0 ? Number.NaN : D.endOfLastDay(c, last, run.counting)
  } else {
    const base = pos(run.startedAt) + Math.round(amount * D.HOUR_MS) + pausedExact
    deadline = working ? (amount === 0 && pausedExact === 0 ? run.startedAt : T.instantAt(c, base)) : base
  }
  const startPos = pos(run.startedAt)
  const elapsed = pos(end) - startPos - pausedExact
  const budget = pos(deadline) - startPos - pausedExact
  const frozen = run.frozen?.[tier]
  const breached = frozen !== undefined ? frozen.overdue : end > deadline
  // Elapsed hours ignore the holiday table; calendar days follow it only when a
  // deadline on a rest day rolls forward.
  const followsTable = unit === "hours" ? false : unit === "calendarDays" ? run.counting.rollOffRestDay : true
  return {
    tier,
    limit: def.limit,
    extended,
    deadline,
    elapsed,
    budget,
    fraction: budget > 0 ? elapsed / budget : elapsed > 0 ? Number.POSITIVE_INFINITY : 1,
    breached,
    overdue: frozen?.overdue,
    provisional:
      followsTable && !Number.isNaN(deadline) && Calendar.touchesProvisional(calendar, run.startedAt, deadline),
    warnAt: (threshold: number) => {
      const target = Math.ceil(startPos + pausedExact + threshold * budget)
      return working ? T.instantAt(c, target) : target
    }
  } as TierView & { warnAt: (threshold: number) => number }
}

const isBad = (v: TierView | undefined) =>
  v !== undefined && (Number.isNaN(v.deadline) || Number.isNaN(v.elapsed) || Number.isNaN(v.budget))

/** The view of a run at `now`: both tiers and the timers a sweeper should hold. */
export const view = (
  calendar: Calendar.Calendar,
  run: Run,
  now: number,
  errors: Errors
): Result.Result<ClockView, SlaError> => {
  if (run.stoppedAt === undefined && T.indexOfInstant(calendar.table, now) < 0) {
    return Result.fail(errors.outOfCoverage(calendar, now))
  }
  const tiers: Partial<Record<TierName, TierView>> = {}
  const timers: Array<Timer> = []
  for (const name of tierNames) {
    const v = tierView(calendar, run, name, now) as (TierView & { warnAt: (t: number) => number }) | undefined
    if (v === undefined) continue
    if (isBad(v)) return Result.fail(errors.outOfCoverage(calendar, Number.isNaN(v.elapsed) ? now : run.startedAt))
    const { warnAt, ...plain } = v
    tiers[name] = plain
    if (run.status !== "running") continue
    for (const threshold of run.warnings) {
      if (run.warned.includes(`${name}:${threshold}`)) continue
      const at = warnAt(threshold)
      if (Number.isNaN(at)) return Result.fail(errors.outOfCoverage(calendar, run.startedAt))
      timers.push({
        key: `${run.clock}#${run.run}:${name}:warning:${threshold}`,
        clock: run.clock,
        run: run.run,
        tier: name,
        kind: "warning",
        threshold,
        at
      })
    }
    if (!run.breached.includes(name)) {
      timers.push({
        key: `${run.clock}#${run.run}:${name}:breach`,
        clock: run.clock,
        run: run.run,
        tier: name,
        kind: "breach",
        threshold: 1,
        at: v.deadline + 1
      })
    }
  }
  timers.sort((a, b) => a.at - b.at)
  return Result.succeed({
    clock: run.clock,
    run: run.run,
    status: run.status,
    startedAt: run.startedAt,
    stoppedAt: run.stoppedAt,
    statutory: tiers.statutory,
    target: tiers.target,
    timers
  })
}

const closePauses = (run: Run, at: number): Run["pauses"] =>
  run.pauses.map((p) => (p.to === undefined ? { ...p, to: at } : p))

/** Applies one clock operation; `resolve` looks up the policy of a clock being started. */
export const step = (
  ctx: Context,
  clocks: Clocks,
  op: Op,
  resolve: (clock: string) => Result.Result<Pick<Run, "policy" | "counting" | "warnings">, SlaError>,
  errors: Errors
): Result.Result<Clocks, SlaError> => {
  const current = clocks.runs[op.clock]
  if (!Number.isFinite(op.at)) return Result.fail(errors.rejected(op, "outOfOrder"))
  if (op.op !== "warned" && op.op !== "breached" && T.indexOfInstant(ctx.calendar.table, op.at) < 0) {
    return Result.fail(errors.outOfCoverage(ctx.calendar, op.at))
  }
  if (current !== undefined && op.at < current.lastAt) return Result.fail(errors.rejected(op, "outOfOrder"))
  const put = (run: Run, history = clocks.history): Result.Result<Clocks, SlaError> =>
    Result.succeed({ runs: { ...clocks.runs, [op.clock]: run }, history })
  switch (op.op) {
    case "start": {
      if (current !== undefined && current.status !== "stopped")
        return Result.fail(errors.rejected(op, "alreadyRunning"))
      const resolved = resolve(op.clock)
      if (Result.isFailure(resolved)) return Result.fail(resolved.failure)
      const run: Run = {
        clock: op.clock,
        run: (current?.run ?? 0) + 1,
        ...resolved.success,
        status: "running",
        startedAt: op.at,
        lastAt: op.at,
        pauses: [],
        extensions: [],
        warned: [],
        breached: [],
        stoppedAt: undefined,
        frozen: undefined
      }
      return put(run, current === undefined ? clocks.history : [...clocks.history, current])
    }
    case "pause": {
      if (current === undefined) return Result.fail(errors.rejected(op, "notStarted"))
      if (current.status !== "running") return Result.fail(errors.rejected(op, "notRunning"))
      return put({
        ...current,
        status: "paused",
        lastAt: op.at,
        pauses: [...current.pauses, { from: op.at, to: undefined, reason: op.reason }]
      })
    }
    case "resume": {
      if (current === undefined) return Result.fail(errors.rejected(op, "notStarted"))
      if (current.status !== "paused") return Result.fail(errors.rejected(op, "notPaused"))
      return put({ ...current, status: "running", lastAt: op.at, pauses: closePauses(current, op.at) })
    }
    case "extend": {
      if (current === undefined) return Result.fail(errors.rejected(op, "notStarted"))
      if (current.status === "stopped") return Result.fail(errors.rejected(op, "notRunning"))
      const tier: TierName = op.tier ?? (current.policy.statutory?.extension !== undefined ? "statutory" : "target")
      const rule = current.policy[tier]?.extension
      if (rule === undefined) return Result.fail(errors.rejected(op, "notExtendable"))
      const unit = current.policy[tier]!.limit.unit
      const amount = D.convert(op.amount, op.unit ?? unit, unit, ctx.calendar.table.dayWorkMs)
      if (amount === undefined) return Result.fail(errors.rejected(op, "unitMismatch"))
      const whole = D.isDayUnit(unit) ? Number.isInteger(amount) : true
      if (!(Number.isFinite(amount) && amount > 0 && whole)) return Result.fail(errors.rejected(op, "invalidAmount"))
      if (rule.approval && op.approvedBy.trim() === "") return Result.fail(errors.rejected(op, "notApproved"))
      if (rule.notice && op.noticeGiven !== true) return Result.fail(errors.rejected(op, "noticeRequired"))
      if (extendedAmount(current, tier) + amount > rule.max) {
        return Result.fail(errors.rejected(op, "extensionExceeded"))
      }
      return put({
        ...current,
        lastAt: op.at,
        extensions: [...current.extensions, { at: op.at, tier, amount, approvedBy: op.approvedBy }]
      })
    }
    case "stop": {
      if (current === undefined) return Result.fail(errors.rejected(op, "notStarted"))
      if (current.status === "stopped") return Result.fail(errors.rejected(op, "notRunning"))
      const stopped: Run = {
        ...current,
        status: "stopped",
        lastAt: op.at,
        stoppedAt: op.at,
        pauses: closePauses(current, op.at)
      }
      const frozen: Partial<Record<TierName, { readonly deadline: number; readonly overdue: boolean }>> = {}
      for (const name of tierNames) {
        const v = tierView(ctx.calendar, stopped, name, op.at)
        if (v === undefined) continue
        if (isBad(v)) return Result.fail(errors.outOfCoverage(ctx.calendar, op.at))
        frozen[name] = { deadline: v.deadline, overdue: op.at > v.deadline }
      }
      return put({ ...stopped, frozen })
    }
    case "warned":
    case "breached": {
      // Recorded when a sweeper's warning or breach was accepted; stale ones (another run) are ignored.
      if (current === undefined || current.run !== op.run) return Result.succeed(clocks)
      const key = op.op === "warned" ? `${op.tier}:${op.threshold}` : op.tier
      if (op.op === "warned") {
        return current.warned.includes(key)
          ? Result.succeed(clocks)
          : put({ ...current, warned: [...current.warned, key] })
      }
      return current.breached.includes(op.tier)
        ? Result.succeed(clocks)
        : put({ ...current, breached: [...current.breached, op.tier] })
    }
  }
}
