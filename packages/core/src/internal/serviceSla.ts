/**
 * The SLA side of the case service: the clock operations a case's events ask for,
 * folded with `SlaClock` into clock runs; the warning and breach timers those runs hold;
 * and the difference between two sets of timers as `Timers` changes.
 *
 * Derived, never authoritative: an operation `SlaClock` rejects (a clock without a
 * policy, a date outside the calendar, an extension the policy does not allow) is
 * skipped and noted in `issues`, so a stored history always folds. A running clock
 * whose deadlines cannot be computed (one that runs past the calendar) is never
 * dropped silently either: `due` names it in its own `issues`.
 *
 * Reproducible: a clock run is timed under the configuration version of the event
 * that started it (the SLA table and calendar of that version, `Setup.at`), and keeps
 * that calendar for its deadlines (`Track.pins`), so a rule or a calendar notice added
 * later never moves a deadline already running; clocks started after it follow it.
 */
import { Result } from "effect"
import type * as Calendar from "../Calendar.js"
import type * as Sla from "../Sla.js"
import * as SlaClock from "../SlaClock.js"
import type * as Timers from "../Timers.js"
import type { Event } from "./caseSchema.js"
import type { State } from "./caseState.js"
import type { Effect } from "./machine.js"

export interface Track {
  readonly clocks: SlaClock.Clocks
  /** Clocks without a policy for this case: not timed. */
  readonly untimed: ReadonlySet<string>
  readonly issues: ReadonlyArray<string>
  /** The configuration version each clock's current run was started under. */
  readonly pins: Readonly<Record<string, number>>
}

export const emptyTrack: Track = { clocks: SlaClock.empty, untimed: new Set(), issues: [], pins: {} }

/** The SLA table and calendar in force at a configuration version. */
export interface Timing {
  readonly sla: Sla.Table
  readonly calendar: Calendar.Calendar
}

export interface Setup {
  /** The timing of a configuration version. */
  readonly at: (version: number) => Timing
  /** The version in force now: what a new event is timed under. */
  readonly version: number
  /** Where a case filed under a removed category counts now (for policy look-ups). */
  readonly category: (code: string) => string
}

/** A setup of one table and calendar for every version. */
export const fixed = (table: Sla.Table, calendar: Calendar.Calendar): Setup => {
  const timing: Timing = { sla: table, calendar }
  return { at: () => timing, version: 0, category: (code) => code }
}

/** The calendar a run's deadlines are computed on: the one of the version it started under. */
export const calendarOf = (setup: Setup, track: Track, clock: string): Calendar.Calendar =>
  setup.at(track.pins[clock] ?? setup.version).calendar

const contextOf = (setup: Setup, state: State, version: number): SlaClock.Context => {
  const timing = setup.at(version)
  return {
    calendar: timing.calendar,
    table: timing.sla,
    subject: {
      kind: state.kind ?? "",
      category: setup.category(state.category),
      ...(state.track === null ? {} : { track: state.track })
    }
  }
}

const apply = (setup: Setup, state: State, track: Track, op: SlaClock.Op, version: number): Track => {
  if (track.untimed.has(op.clock)) return track
  // a start is timed under the event's version; everything after it under the run's
  const pinned = op.op === "start" ? version : (track.pins[op.clock] ?? version)
  const next = SlaClock.step(contextOf(setup, state, pinned), track.clocks, op)
  if (Result.isSuccess(next)) {
    if (op.op !== "start" || track.pins[op.clock] === version) return { ...track, clocks: next.success }
    return { ...track, clocks: next.success, pins: { ...track.pins, [op.clock]: version } }
  }
  const error = next.failure
  if (error._tag === "NoPolicy" && op.op === "start") {
    return { ...track, untimed: new Set([...track.untimed, op.clock]) }
  }
  return { ...track, issues: [...track.issues, `${op.op} ${op.clock} at ${op.at}: ${explain(error)}`].slice(-20) }
}

/** A rejected clock operation or view in one line: the reason, or the date and what ran off the calendar. */
const explain = (error: SlaClock.SlaError): string =>
  error._tag === "ClockRejected"
    ? error.reason
    : error._tag === "OutOfCoverage"
      ? `OutOfCoverage ${error.date} (${error.detail})`
      : error._tag

/** The due timer of a run that a `SlaWarned` / `SlaBreached` recorded at `at` consumes: the earliest due one. */
const dueTimer = (
  setup: Setup,
  track: Track,
  run: SlaClock.Run | undefined,
  kind: SlaClock.Timer["kind"],
  at: number
): SlaClock.Timer | undefined => {
  if (run === undefined || run.status !== "running") return undefined
  const view = SlaClock.view(calendarOf(setup, track, run.clock), run, at)
  if (Result.isFailure(view)) return undefined
  return view.success.timers.find((t) => t.kind === kind && t.at <= at)
}

/** Whether a `SlaWarn` (warning) or `SlaBreach` (breach) for `clock` has a timer due at `now`. */
export const isDue = (setup: Setup, track: Track, clock: string, kind: SlaClock.Timer["kind"], now: number): boolean =>
  dueTimer(setup, track, track.clocks.runs[clock], kind, now) !== undefined

/**
 * What the `days` of an approved extension count: working days on a tier that
 * counts working time (working days or working hours: a working day is the
 * calendar's working hours), calendar days otherwise (24 hours a day on an hours
 * tier). The tier is the one `Sla` extends (statutory when it is extendable).
 */
const extensionUnit = (run: SlaClock.Run | undefined): Sla.Unit => {
  const tier = run?.policy.statutory?.extension !== undefined ? run.policy.statutory : run?.policy.target
  const unit = tier?.limit.unit
  return unit === "workingDays" || unit === "workingHours" ? "workingDays" : "calendarDays"
}

/**
 * Folds one event into the track: its clock effects at the event's instant (the
 * state is the one the event applies to, with the case's kind, category and
 * track once opened), an approved extension, and the warning or breach it records.
 * `version` is the configuration version the event was decided under (a clock it
 * starts is timed under it).
 */
export const step = (
  setup: Setup,
  after: State,
  event: Event,
  effects: ReadonlyArray<Effect>,
  track: Track,
  version: number = setup.version
): Track => {
  let t = track
  // The state after the event: its kind, category and track (`Accept` and `Triage` may set the track).
  const subject = after
  for (const fx of effects) {
    if (fx._tag !== "Clock") continue
    const op: SlaClock.Op =
      fx.op === "pause" && after.paused !== null
        ? { op: "pause", clock: fx.clock, at: event.at, reason: after.paused.reason }
        : { op: fx.op, clock: fx.clock, at: event.at }
    t = apply(setup, subject, t, op, version)
  }
  switch (event._tag) {
    case "ExtensionApproved":
      return apply(
        setup,
        subject,
        t,
        {
          op: "extend",
          clock: event.clock,
          at: event.at,
          amount: event.days,
          unit: extensionUnit(t.clocks.runs[event.clock]),
          approvedBy: event.actor.id,
          noticeGiven: true
        },
        version
      )
    case "SlaWarned":
    case "SlaBreached": {
      const kind = event._tag === "SlaWarned" ? "warning" : "breach"
      const timer = dueTimer(setup, t, t.clocks.runs[event.clock], kind, event.at)
      if (timer === undefined) return t
      return apply(
        setup,
        subject,
        t,
        kind === "warning"
          ? {
              op: "warned",
              clock: timer.clock,
              at: event.at,
              run: timer.run,
              tier: timer.tier,
              threshold: timer.threshold
            }
          : { op: "breached", clock: timer.clock, at: event.at, run: timer.run, tier: timer.tier },
        version
      )
    }
    default:
      return t
  }
}

/** A timer of the timers table, with what the sweeper needs in its payload. */
export interface Pending {
  readonly id: string
  readonly timer: SlaClock.Timer
}

/**
 * The timers the case's running clocks hold: one per clock run and tier
 * (`<case>/<clock>#<run>:<tier>`), due at that tier's next warning not yet
 * raised, else at its breach. A warning or breach appended moves the same row to
 * the tier's next instant (or cancels it), so a clock keeps one row per tier
 * instead of one per threshold: fewer rows to write, index and sweep.
 */
export const pending = (setup: Setup, caseId: string, track: Track, now: number): Map<string, SlaClock.Timer> => {
  const out = new Map<string, SlaClock.Timer>()
  for (const run of Object.values(track.clocks.runs)) {
    if (run.status !== "running") continue
    const view = SlaClock.view(calendarOf(setup, track, run.clock), run, now)
    if (Result.isFailure(view)) continue
    for (const timer of view.success.timers) {
      const id = `${caseId}/${timer.clock}#${timer.run}:${timer.tier}`
      const held = out.get(id)
      if (held === undefined || timer.at < held.at) out.set(id, timer)
    }
  }
  return out
}

/** The timer changes from one set of pending timers to the next. */
export const diff = (
  caseId: string,
  before: ReadonlyMap<string, SlaClock.Timer>,
  after: ReadonlyMap<string, SlaClock.Timer>
): Array<Timers.Change> => {
  const changes: Array<Timers.Change> = []
  for (const [id, timer] of after) {
    const old = before.get(id)
    if (old !== undefined && old.at === timer.at && old.kind === timer.kind) continue
    changes.push({
      _tag: "Schedule",
      timer: {
        id,
        streamId: caseId,
        dueAt: timer.at,
        kind: timer.kind === "warning" ? "SlaWarn" : "SlaBreach",
        payload: { clock: timer.clock, run: timer.run, tier: timer.tier, threshold: timer.threshold }
      }
    })
  }
  for (const id of before.keys()) if (!after.has(id)) changes.push({ _tag: "Cancel", id })
  return changes
}

/**
 * What lists show of the clocks: per running or paused clock its deadlines; the
 * earliest; the overdue flag; and the clocks whose deadlines cannot be computed
 * (a deadline past the calendar's coverage), each with why, in `issues`.
 */
export interface Due {
  readonly dueAt: number | null
  readonly overdue: boolean
  readonly clocks: ReadonlyArray<{
    readonly clock: string
    readonly status: string
    readonly statutory: number | null
    readonly target: number | null
    readonly breached: ReadonlyArray<string>
    /** A deadline of the clock rests on a provisional calendar year (`SlaClock.TierView.provisional`). */
    readonly provisional: boolean
    /** Why the clock's deadlines are `null` though it has a policy (it is not timed), else `null`. */
    readonly issue: string | null
    /** The configuration version the run was timed under (its SLA table and calendar). */
    readonly config: number
  }>
  readonly issues: ReadonlyArray<string>
}

export const due = (setup: Setup, track: Track, now: number): Due => {
  let dueAt: number | null = null
  let overdue = false
  const clocks: Array<Due["clocks"][number]> = []
  const issues: Array<string> = []
  for (const run of Object.values(track.clocks.runs)) {
    if (run.status === "stopped") continue
    if (run.breached.length > 0) overdue = true
    const view = SlaClock.view(calendarOf(setup, track, run.clock), run, now)
    const tiers = Result.isSuccess(view) ? view.success : undefined
    const statutory = tiers?.statutory?.deadline ?? null
    const target = tiers?.target?.deadline ?? null
    const provisional = tiers?.statutory?.provisional === true || tiers?.target?.provisional === true
    const issue = Result.isFailure(view) ? `${run.clock} not timed: ${explain(view.failure)}` : null
    if (issue !== null) issues.push(issue)
    const config = track.pins[run.clock] ?? setup.version
    clocks.push({
      clock: run.clock,
      status: run.status,
      statutory,
      target,
      breached: run.breached,
      provisional,
      issue,
      config
    })
    if (run.status !== "running") continue
    for (const d of [statutory, target]) if (d !== null && (dueAt === null || d < dueAt)) dueAt = d
  }
  return { dueAt, overdue, clocks, issues }
}
