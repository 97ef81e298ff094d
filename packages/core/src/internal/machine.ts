/**
 * Case lifecycles as data, and the one interpreter that runs them.
 *
 * A definition is a table of states and transition rows. `compile` turns it into
 * per-state look-up tables (state × command → rows, state × event → row), and
 * `select` picks the row a command takes: plain look-ups and loops, no Effect run.
 *
 * What the interpreter derives rather than the rows repeat: the SLA clock effects
 * (a clock runs while the case is in a state that declares it, so leaving such a
 * state stops it and entering one starts it), and the tags a state or a row carries
 * (what analytics counts).
 */
import type { Role } from "../Staff.js"
import type { Command, CommandTag, EventTag, Kind, Track } from "./caseSchema.js"
import type { Config, DecideError, State } from "./caseState.js"
import { CasePaused, GuardRejected, RoleNotAllowed, TransitionNotAllowed } from "./caseState.js"
import { type GuardName, guards } from "./machineGuards.js"

export type { GuardName }

/** The pseudo-state of a case before its first event. */
export const initial = "initial"

export type ClockOp = "start" | "stop" | "pause" | "resume"

export type Recipient =
  | { readonly _tag: "Handler" }
  | { readonly _tag: "Reporter" }
  | { readonly _tag: "Role"; readonly role: Role }
  | { readonly _tag: "Unit"; readonly unit: string }

export type RouteReason = "dispatch" | "escalate" | "transfer" | "return" | "reopen" | "refer"

export type Effect =
  | { readonly _tag: "Clock"; readonly op: ClockOp; readonly clock: string }
  | { readonly _tag: "Notify"; readonly to: Recipient }
  | { readonly _tag: "Route"; readonly reason: RouteReason }

/**
 * What holds of a case while it is in a state (what analytics counts it as):
 * - `screening`: waiting to be registered or accepted; not a valid case yet;
 * - `screenedOut`: turned away at screening (cancelled, merged, not accepted,
 *   redirected); never a valid case;
 * - `ticket`: a 12345 hotline ticket;
 * - `responded`: the handler has signed for the ticket (响应);
 * - `resolved`: the handler has reported a result (解决);
 * - `visited`: the return visit is done (回访);
 * - `mediation`: the case is a mediation (a dispute; a pre-litigation case sent to mediation);
 * - `mediated`: the parties reached an agreement.
 */
export const stateTags = [
  "screening",
  "screenedOut",
  "ticket",
  "responded",
  "resolved",
  "visited",
  "mediation",
  "mediated"
] as const

export type StateTag = (typeof stateTags)[number]

/** A tag that holds only on one track (繁简分流), e.g. a filing is a mediation only on the simple track. */
export interface TrackTag {
  readonly tag: StateTag
  readonly track: Track
}

/**
 * What taking a row means beyond its event (what analytics counts): `rework` (the
 * result failed verification and goes back to the handler) and `reopen` (a closed
 * case is opened again). Each is counted in the case's `counts` (`reworks`, `reopens`).
 */
export const transitionTags = ["rework", "reopen"] as const

export type TransitionTag = (typeof transitionTags)[number]

export interface StateDef {
  /** A final state: the case is finished; it accepts only the rows that leave from it. */
  readonly final?: boolean
  /**
   * The SLA clocks that run while the case is in this state: entering the state
   * starts those not already running, leaving it stops those the next state does
   * not run too.
   */
  readonly clocks?: ReadonlyArray<string>
  /** What holds of a case in this state (beside the machine's own `tags`). */
  readonly tags?: ReadonlyArray<StateTag | TrackTag>
}

export interface TransitionDef<S extends string = string> {
  readonly command: CommandTag
  readonly from: ReadonlyArray<S | typeof initial>
  /** Target state; absent when the command is recorded without a change of state. */
  readonly to?: S
  readonly event: EventTag
  readonly roles: ReadonlyArray<Role>
  readonly guards?: ReadonlyArray<GuardName>
  /**
   * Effects beyond the clocks the change of state starts and stops (notices,
   * routing). A `Clock` effect here is a special case (say, a clock restarted on a
   * row that stays); the clocks must still end up as the target state declares.
   */
  readonly effects?: ReadonlyArray<Effect>
  /** A row that stays: pause, or resume, every clock running in its state. */
  readonly clockOp?: "pause" | "resume"
  /** What taking the row means (counted in the case's `counts`). */
  readonly tags?: ReadonlyArray<TransitionTag>
  /** Allowed while the case is paused (default: not). */
  readonly whilePaused?: boolean
}

export interface Definition<S extends string = string> {
  readonly kind: Kind
  readonly states: { readonly [K in S]: StateDef }
  readonly transitions: ReadonlyArray<TransitionDef<S>>
  /** What holds of the kind's cases in every state (e.g. a hotline case is a `ticket`). */
  readonly tags?: ReadonlyArray<StateTag>
}

/** One transition row for one source state, ready to run. */
export interface Row<S extends string = string> {
  readonly _tag: "Transition"
  readonly kind: Kind
  readonly command: CommandTag
  readonly from: S | typeof initial
  readonly to: S
  readonly event: EventTag
  readonly roles: ReadonlyArray<Role>
  readonly guards: ReadonlyArray<GuardName>
  /**
   * Every effect the row asks for: first the clocks its change of state stops and
   * starts (or, for `clockOp`, pauses or resumes), derived from the states' `clocks`,
   * then the effects the definition lists.
   */
  readonly effects: ReadonlyArray<Effect>
  readonly whilePaused: boolean
  /** The clocks running in `to`. */
  readonly clocks: ReadonlyArray<string>
  readonly final: boolean
  readonly tags: ReadonlyArray<TransitionTag>
  /**
   * The row hands the case back: it asks for a new handler (a `Route` effect other
   * than `refer`, e.g. return, transfer, escalate, reopen), so whoever held the case
   * holds it no more. Derived from `effects`.
   */
  readonly handsBack: boolean
  readonly guardFns: ReadonlyArray<(state: State, command: Command, now: number, config: Config) => boolean>
}

/** A state's tags: on no track (or one that qualifies none), on the simple track, on the complex track. */
export interface StateTags {
  readonly none: ReadonlyArray<StateTag>
  readonly simple: ReadonlyArray<StateTag>
  readonly complex: ReadonlyArray<StateTag>
}

export interface Compiled<S extends string = string> {
  readonly definition: Definition<S>
  readonly kind: Kind
  /** Every state, `initial` first. */
  readonly states: ReadonlyArray<string>
  readonly finals: ReadonlySet<string>
  readonly rows: ReadonlyArray<Row<S>>
  /** state → command → rows, in definition order. */
  readonly byCommand: Readonly<Record<string, Readonly<Record<string, ReadonlyArray<Row<S>>>>>>
  /** state → event → row (unique). */
  readonly byEvent: Readonly<Record<string, Readonly<Record<string, Row<S>>>>>
  /** state → its tags (the machine's included; none for `initial`). */
  readonly tags: Readonly<Record<string, StateTags>>
}

const empty: ReadonlyArray<never> = Object.freeze([])

const clock = (op: ClockOp, name: string): Effect => Object.freeze({ _tag: "Clock", op, clock: name })

/**
 * The clock effects of a row from `from` to `to`: the clocks `from` runs and `to`
 * does not are stopped, then those `to` runs and `from` did not are started (each
 * in its state's order); a row that stays changes no clock unless it pauses or
 * resumes them all.
 */
const derivedClocks = (
  t: TransitionDef,
  from: ReadonlyArray<string>,
  to: ReadonlyArray<string>,
  stays: boolean
): ReadonlyArray<Effect> => {
  if (t.clockOp !== undefined) return from.map((c) => clock(t.clockOp!, c))
  if (stays) return empty
  return [
    ...from.filter((c) => !to.includes(c)).map((c) => clock("stop", c)),
    ...to.filter((c) => !from.includes(c)).map((c) => clock("start", c))
  ]
}

/** The clocks running after `effects`, or why they do not fit (a stop of a clock not running, a second start). */
const runClocks = (running: ReadonlyArray<string>, effects: ReadonlyArray<Effect>): Array<string> | string => {
  const next = [...running]
  for (const e of effects) {
    if (e._tag !== "Clock") continue
    const i = next.indexOf(e.clock)
    if (e.op === "start" || e.op === "resume") {
      if (e.op === "start" && i >= 0) return `starts ${e.clock}, which is running`
      if (i < 0) next.push(e.clock)
    } else {
      if (i < 0) return `${e.op}s ${e.clock}, which is not running`
      next.splice(i, 1)
    }
  }
  return next
}

const sameSet = (a: ReadonlyArray<string>, b: ReadonlyArray<string>) =>
  a.length === b.length && a.every((x) => b.includes(x))

const stateTagsOf = (machine: ReadonlyArray<StateTag>, def: StateDef | undefined): StateTags => {
  const plain = [...machine]
  const byTrack = { simple: [...machine], complex: [...machine] }
  for (const t of def?.tags ?? empty) {
    if (typeof t === "string") {
      plain.push(t)
      byTrack.simple.push(t)
      byTrack.complex.push(t)
    } else byTrack[t.track].push(t.tag)
  }
  const unique = (xs: ReadonlyArray<StateTag>) => Object.freeze([...new Set(xs)])
  return Object.freeze({ none: unique(plain), simple: unique(byTrack.simple), complex: unique(byTrack.complex) })
}

export const compile = <S extends string>(definition: Definition<S>): Compiled<S> => {
  const stateDefs = definition.states as Readonly<Record<string, StateDef>>
  const states = [initial, ...Object.keys(stateDefs)]
  const finals = new Set<string>(states.filter((s) => stateDefs[s]?.final === true))
  const byCommand: Record<string, Record<string, Array<Row<S>>>> = Object.create(null)
  const byEvent: Record<string, Record<string, Row<S>>> = Object.create(null)
  const tags: Record<string, StateTags> = Object.create(null)
  for (const s of states) {
    byCommand[s] = Object.create(null)
    byEvent[s] = Object.create(null)
    tags[s] = s === initial ? stateTagsOf([], undefined) : stateTagsOf(definition.tags ?? empty, stateDefs[s])
  }
  const clocksOf = (s: string): ReadonlyArray<string> => stateDefs[s]?.clocks ?? empty
  const rows: Array<Row<S>> = []
  for (const t of definition.transitions as ReadonlyArray<TransitionDef>) {
    for (const from of t.from) {
      const where = `${definition.kind}: ${t.command} from ${from}`
      if (!(from in byCommand)) throw new Error(`${definition.kind}: unknown state ${from} in ${t.command}`)
      const to = (t.to ?? from) as S
      if (!(to in byCommand) || to === initial) throw new Error(`${definition.kind}: bad target ${to} in ${t.command}`)
      const stays = to === from
      if (t.clockOp !== undefined && !stays) throw new Error(`${where}: only a row that stays pauses or resumes clocks`)
      const effects = [...derivedClocks(t, clocksOf(from), clocksOf(to), stays), ...(t.effects ?? empty)]
      if (t.clockOp === undefined) {
        const after = runClocks(clocksOf(from), effects)
        if (typeof after === "string") throw new Error(`${where} ${after}`)
        if (!sameSet(after, clocksOf(to))) {
          throw new Error(`${where} leaves ${after.join(", ") || "no clock"} running, not what ${to} declares`)
        }
      }
      const names = t.guards ?? empty
      const row: Row<S> = Object.freeze({
        _tag: "Transition",
        kind: definition.kind,
        command: t.command,
        from: from as S | typeof initial,
        to,
        event: t.event,
        roles: Object.freeze([...t.roles]),
        guards: names,
        effects: effects.length === 0 ? empty : Object.freeze(effects),
        whilePaused: t.whilePaused === true,
        clocks: Object.freeze([...clocksOf(to)]),
        final: finals.has(to),
        tags: t.tags ?? empty,
        handsBack: effects.some((e) => e._tag === "Route" && e.reason !== "refer"),
        guardFns: names.map((name) => guards[name])
      })
      rows.push(row)
      const cell = byCommand[from]!
      const alternatives = cell[t.command] ?? []
      alternatives.push(row)
      cell[t.command] = alternatives
      const events = byEvent[from]!
      if (events[t.event] !== undefined) throw new Error(`${definition.kind}: event ${t.event} twice from ${from}`)
      events[t.event] = row
    }
  }
  return { definition, kind: definition.kind, states, finals, rows, byCommand, byEvent, tags }
}

/**
 * Picks the row `command` takes from `state`, or the reason it may not: not defined
 * here, a role the row does not allow, the case is paused, or a named guard fails.
 */
export const select = (
  machine: Compiled,
  state: State,
  command: Command,
  now: number,
  config: Config
): Row | DecideError => {
  const rows = machine.byCommand[state.status]?.[command._tag]
  if (rows === undefined) {
    return new TransitionNotAllowed({ kind: machine.kind, state: state.status, command: command._tag })
  }
  const role = command.actor.role
  let failed: GuardName | undefined
  let roleOk = false
  let pausedBlocks = false
  outer: for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!
    if (!row.roles.includes(role)) continue
    roleOk = true
    if (state.paused !== null && !row.whilePaused) {
      pausedBlocks = true
      continue
    }
    const fns = row.guardFns
    for (let g = 0; g < fns.length; g++) {
      if (!fns[g]!(state, command, now, config)) {
        failed ??= row.guards[g]
        continue outer
      }
    }
    return row
  }
  if (!roleOk) return new RoleNotAllowed({ kind: machine.kind, command: command._tag, role })
  if (failed === undefined && pausedBlocks) {
    return new CasePaused({ kind: machine.kind, state: state.status, command: command._tag })
  }
  return new GuardRejected({ kind: machine.kind, state: state.status, command: command._tag, guard: failed ?? "" })
}
