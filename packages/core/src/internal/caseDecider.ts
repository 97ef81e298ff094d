/**
 * The case decider: `decide` picks a row with the machine interpreter and records
 * its event; `evolve` folds an event into the state (status from the machine's
 * state × event table, fields from the event's payload). Plain code: one look-up,
 * one object spread, no Effect run.
 */
import { Result } from "effect"
import type { Command, Event, EventOf, EventTag, Kind } from "./caseSchema.js"
import {
  type Config,
  type DecideError,
  defaultConfig,
  initialState,
  type State,
  type Status,
  TransitionNotAllowed
} from "./caseState.js"
import { type Compiled, type Effect, type Row, select, type TransitionTag } from "./machine.js"
import { compiled } from "./machines/index.js"

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

const machineFor = (state: State, command: Command): Compiled | undefined =>
  state.kind !== null ? compiled[state.kind] : command._tag === "Open" ? compiled[command.kind] : undefined

const build = (row: Row, command: Command, state: State, now: number): Event => {
  if (command._tag === "ApproveExtension") {
    const pending = state.pendingExtension!
    return { _tag: "ExtensionApproved", v: 1, at: now, actor: command.actor, clock: pending.clock, days: pending.days }
  }
  return { ...command, _tag: row.event, v: 1, at: now } as Event
}

export const decide = (
  command: Command,
  state: State,
  now: number,
  config: Config = defaultConfig
): Result.Result<ReadonlyArray<Event>, DecideError> => {
  const machine = machineFor(state, command)
  if (machine === undefined) {
    return Result.fail(new TransitionNotAllowed({ kind: state.kind, state: state.status, command: command._tag }))
  }
  const row = select(machine, state, command, now, config)
  if (row._tag !== "Transition") return Result.fail(row)
  return Result.succeed([build(row, command, state, now)])
}

const rowOf = (state: State, event: Event): Row<Status> | undefined => {
  const kind: Kind | null = state.kind ?? (event._tag === "Opened" ? event.kind : null)
  return kind === null ? undefined : (compiled[kind].byEvent[state.status]?.[event._tag] as Row<Status> | undefined)
}

export const effects = (state: State, event: Event): ReadonlyArray<Effect> => rowOf(state, event)?.effects ?? []

type Apply<T extends EventTag> = (next: Mutable<State>, event: EventOf<T>, prev: State) => void

/** Makes `handler` the case's handler and records its unit among the units that held the case. */
const handOver = (next: Mutable<State>, handler: State["handler"] & {}) => {
  next.handler = handler
  if (!next.held.includes(handler.unit)) next.held = [...next.held, handler.unit]
}

const inc = (next: Mutable<State>, key: keyof State["counts"]) => {
  next.counts = { ...next.counts, [key]: next.counts[key] + 1 }
}

/** The count a row's tag adds to: a `rework` row to `reworks`, a `reopen` row to `reopens`. */
const counted: { readonly [T in TransitionTag]: keyof State["counts"] } = { rework: "reworks", reopen: "reopens" }

const apply: { readonly [T in EventTag]?: Apply<T> } = {
  Opened: (next, e) => {
    next.id = e.id
    next.kind = e.kind
    next.category = e.category
    next.place = e.place
    next.channel = e.channel
    next.severity = e.severity
    next.track = e.track ?? null
    next.summary = e.summary ?? ""
    next.reporter = e.reporter ?? e.actor
    next.openedAt = e.at
  },
  Cancelled: (next, e) => {
    next.reason = e.reason
  },
  Merged: (next, e) => {
    next.duplicateOf = e.duplicateOf
  },
  Dispatched: (next, e) => {
    handOver(next, e.to)
  },
  Acknowledged: (next, e, prev) => {
    if (prev.handler !== null && prev.handler.person === undefined)
      next.handler = { ...prev.handler, person: e.actor.id }
  },
  Returned: (next, e, prev) => {
    inc(next, "returns")
    next.reason = e.reason
    next.lastReturn = { reason: e.reason, at: e.at, improper: false, by: prev.handler }
  },
  ReturnMarkedImproper: (next, _e, prev) => {
    inc(next, "improperReturns")
    if (prev.lastReturn !== null) next.lastReturn = { ...prev.lastReturn, improper: true }
  },
  Transferred: (next, e) => {
    inc(next, "transfers")
    next.reason = e.reason
  },
  Escalated: (next, e) => {
    inc(next, "escalations")
    next.reason = e.reason
  },
  ResultSubmitted: (next, e) => {
    next.result = { text: e.result, evidence: e.evidence }
  },
  VerificationFailed: (next, e) => {
    if (e.note !== undefined) next.reason = e.note
  },
  Evaluated: (next, e) => {
    next.evaluation = e.rating
  },
  Reopened: (next, e) => {
    next.reason = e.reason
    next.result = null
    next.satisfaction = null
    next.evaluation = null
  },
  Urged: (next) => inc(next, "urges"),
  SlaWarned: (next) => inc(next, "warnings"),
  SlaBreached: (next, e, prev) => {
    inc(next, "breaches")
    if (!prev.overdue.includes(e.clock)) next.overdue = [...prev.overdue, e.clock]
  },
  Paused: (next, e) => {
    next.paused = { reason: e.reason, since: e.at }
  },
  Resumed: (next) => {
    next.paused = null
  },
  ExtensionRequested: (next, e) => {
    next.pendingExtension = { clock: e.clock, days: e.days, reason: e.reason }
  },
  ExtensionApproved: (next) => {
    inc(next, "extensions")
    next.pendingExtension = null
  },
  ExtensionRejected: (next, e) => {
    next.pendingExtension = null
    next.reason = e.reason
  },
  MediationAssigned: (next, e) => {
    handOver(next, e.to)
  },
  AgreementReached: (next, e) => {
    next.agreement = e.agreement
  },
  MediationFailed: (next, e) => {
    next.reason = e.reason
  },
  Referred: (next, e) => {
    next.referral = { channel: e.channel, to: e.to ?? null }
  },
  ConfirmationRequested: (next) => {
    next.confirmation = "requested"
  },
  ConfirmationRecorded: (next, e) => {
    next.confirmation = e.granted ? "granted" : "refused"
  },
  Accepted: (next, e, prev) => {
    handOver(next, e.to)
    next.track = e.track ?? prev.track
  },
  Declined: (next, e) => {
    next.reason = e.reason
  },
  Redirected: (next, e) => {
    handOver(next, e.to)
    next.reason = e.reason
  },
  Concluded: (next, e) => {
    next.reply = e.reply
  },
  ReviewRequested: (next, e) => {
    next.reason = e.reason
  },
  Reviewed: (next, e) => {
    next.reply = e.reply
    next.upheld = e.upheld
  },
  RereviewRequested: (next, e) => {
    next.reason = e.reason
  },
  Rereviewed: (next, e) => {
    next.reply = e.reply
    next.upheld = e.upheld
  },
  TriagedForMediation: (next, e) => {
    next.track = e.track
  },
  TriagedForFiling: (next, e) => {
    next.track = e.track
  },
  Filed: (next, e) => {
    if (e.docket !== undefined) next.docket = e.docket
  },
  Replied: (next, e) => {
    next.reply = e.content
  },
  ReturnVisited: (next, e) => {
    next.satisfaction = e.satisfaction
  }
}

export const evolve = (state: State, event: Event): State => {
  const row = rowOf(state, event)
  const next: Mutable<State> = { ...state }
  next.version = state.version + 1
  next.updatedAt = event.at
  if (row !== undefined && row.to !== state.status) {
    next.status = row.to
    next.enteredAt = event.at
    next.clocks = row.clocks
    next.final = row.final
    next.closedAt = row.final ? (state.final ? state.closedAt : event.at) : null
    next.pendingExtension = null
  }
  // Return, transfer, escalate, reopen: the case goes back to be routed; nobody holds it
  // until it is dispatched or assigned again (an automatic dispatch follows in the same append).
  if (row?.handsBack === true) next.handler = null
  if (row !== undefined) for (let i = 0; i < row.tags.length; i++) inc(next, counted[row.tags[i]!])
  const f = apply[event._tag] as Apply<EventTag> | undefined
  if (f !== undefined) f(next, event, state)
  return next
}

export const fold = (events: Iterable<Event>, state: State = initialState): State => {
  let s = state
  for (const e of events) s = evolve(s, e)
  return s
}
