/**
 * Case lifecycles as data, and the one interpreter that runs them.
 *
 * A definition is a table of states and transition rows. `compile` turns it into
 * per-state look-up tables (state × command → rows, state × event → row), and
 * `select` picks the row a command takes: plain look-ups and loops, no Effect run.
 */
import type { Role } from "../Staff.js"
import type { Command, CommandTag, EventTag, Kind } from "./caseSchema.js"
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

export interface StateDef {
  /** A final state: the case is finished; it accepts only the rows that leave from it. */
  readonly final?: boolean
  /** The SLA clocks that run while the case is in this state. */
  readonly clocks?: ReadonlyArray<string>
}

export interface TransitionDef<S extends string = string> {
  readonly command: CommandTag
  readonly from: ReadonlyArray<S | typeof initial>
  /** Target state; absent when the command is recorded without a change of state. */
  readonly to?: S
  readonly event: EventTag
  readonly roles: ReadonlyArray<Role>
  readonly guards?: ReadonlyArray<GuardName>
  readonly effects?: ReadonlyArray<Effect>
  /** Allowed while the case is paused (default: not). */
  readonly whilePaused?: boolean
}

export interface Definition<S extends string = string> {
  readonly kind: Kind
  readonly states: { readonly [K in S]: StateDef }
  readonly transitions: ReadonlyArray<TransitionDef<S>>
}

/** One transition row for one source state, ready to run. */
export interface Row {
  readonly _tag: "Transition"
  readonly kind: Kind
  readonly command: CommandTag
  readonly from: string
  readonly to: string
  readonly event: EventTag
  readonly roles: ReadonlyArray<Role>
  readonly guards: ReadonlyArray<GuardName>
  readonly effects: ReadonlyArray<Effect>
  readonly whilePaused: boolean
  /** The clocks running in `to`. */
  readonly clocks: ReadonlyArray<string>
  readonly final: boolean
  /**
   * The row hands the case back: it asks for a new handler (a `Route` effect other
   * than `refer`, e.g. return, transfer, escalate, reopen), so whoever held the case
   * holds it no more. Derived from `effects`.
   */
  readonly handsBack: boolean
  readonly guardFns: ReadonlyArray<(state: State, command: Command, now: number, config: Config) => boolean>
}

export interface Compiled {
  readonly definition: Definition
  readonly kind: Kind
  /** Every state, `initial` first. */
  readonly states: ReadonlyArray<string>
  readonly finals: ReadonlySet<string>
  readonly rows: ReadonlyArray<Row>
  /** state → command → rows, in definition order. */
  readonly byCommand: Readonly<Record<string, Readonly<Record<string, ReadonlyArray<Row>>>>>
  /** state → event → row (unique). */
  readonly byEvent: Readonly<Record<string, Readonly<Record<string, Row>>>>
}

const empty: ReadonlyArray<never> = Object.freeze([])

export const compile = (definition: Definition): Compiled => {
  const stateDefs = definition.states as Readonly<Record<string, StateDef>>
  const states = [initial, ...Object.keys(stateDefs)]
  const finals = new Set(states.filter((s) => stateDefs[s]?.final === true))
  const byCommand: Record<string, Record<string, Array<Row>>> = Object.create(null)
  const byEvent: Record<string, Record<string, Row>> = Object.create(null)
  for (const s of states) {
    byCommand[s] = Object.create(null)
    byEvent[s] = Object.create(null)
  }
  const rows: Array<Row> = []
  for (const t of definition.transitions) {
    for (const from of t.from) {
      if (!(from in byCommand)) throw new Error(`${definition.kind}: unknown state ${from} in ${t.command}`)
      const to = t.to ?? from
      if (!(to in byCommand) || to === initial) throw new Error(`${definition.kind}: bad target ${to} in ${t.command}`)
      const names = t.guards ?? empty
      const row: Row = Object.freeze({
        _tag: "Transition",
        kind: definition.kind,
        command: t.command,
        from,
        to,
        event: t.event,
        roles: Object.freeze([...t.roles]),
        guards: names,
        effects: t.effects ?? empty,
        whilePaused: t.whilePaused === true,
        clocks: Object.freeze([...(stateDefs[to]?.clocks ?? empty)]),
        final: finals.has(to),
        handsBack: (t.effects ?? empty).some((e) => e._tag === "Route" && e.reason !== "refer"),
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
  return { definition, kind: definition.kind, states, finals, rows, byCommand, byEvent }
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

/** Applies clock effects to a set of running clocks (start/resume add, stop/pause remove). */
export const applyClocks = (running: ReadonlyArray<string>, effects: ReadonlyArray<Effect>): Array<string> => {
  const next = [...running]
  for (const e of effects) {
    if (e._tag !== "Clock") continue
    const i = next.indexOf(e.clock)
    if (e.op === "start" || e.op === "resume") {
      if (i < 0) next.push(e.clock)
    } else if (i >= 0) next.splice(i, 1)
  }
  return next
}
