/**
 * Case lifecycles as data: for each case kind, its states (which are final, which
 * SLA clocks run in each, what analytics counts a case there as), its transitions
 * (command, from, to, the event recorded, the roles allowed, named guards, the
 * effects asked for: notices, routing; and tags such as `rework`) and one pure
 * interpreter. The interpreter derives the SLA clock effects from the states: a
 * clock runs while the case is in a state that declares it. The decider (`Case`)
 * runs on these tables; the reference docs and diagrams are generated from them.
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import type { Status } from "./CaseKind.js"
import type { Command, Kind, Track } from "./internal/caseSchema.js"
import { type Config, type DecideError, defaultConfig, type State } from "./internal/caseState.js"
import * as internal from "./internal/machine.js"
import * as guardsInternal from "./internal/machineGuards.js"
import * as machines from "./internal/machines/index.js"

/**
 * The pseudo-state of a case before its first event; only `Open` leaves it.
 *
 * @example
 * import { CaseMachine } from "@gridgov/core"
 * CaseMachine.initial // "initial"
 *
 * @category states
 * @since 0.1.0
 */
export const initial: typeof internal.initial = internal.initial

/**
 * What a clock effect does to an SLA clock.
 *
 * @example
 * import type { CaseMachine } from "@gridgov/core"
 * const op: CaseMachine.ClockOp = "pause"
 *
 * @category effects
 * @since 0.1.0
 */
export type ClockOp = internal.ClockOp

/**
 * Who a `Notify` effect addresses: the current handler, the reporter, everyone
 * holding a role (within jurisdiction), or a unit such as `center.litigation`.
 *
 * @example
 * import type { CaseMachine } from "@gridgov/core"
 * const to: CaseMachine.Recipient = { _tag: "Role", role: "dispatcher" }
 *
 * @category effects
 * @since 0.1.0
 */
export type Recipient = internal.Recipient

/**
 * Why a transition asks Routing for the next handler.
 *
 * @example
 * import type { CaseMachine } from "@gridgov/core"
 * const reason: CaseMachine.RouteReason = "escalate"
 *
 * @category effects
 * @since 0.1.0
 */
export type RouteReason = internal.RouteReason

/**
 * An effect a transition asks for, as data: start/stop/pause/resume an SLA clock,
 * notify someone, or ask Routing for the next handler. Nothing runs inside a
 * transition; the application service carries effects out after the events are stored.
 * Clock effects are derived from the states a row leaves and enters (see `Row`).
 *
 * @example
 * import type { CaseMachine } from "@gridgov/core"
 * const effects: ReadonlyArray<CaseMachine.Effect> = [
 *   { _tag: "Clock", op: "stop", clock: "register" },
 *   { _tag: "Clock", op: "start", clock: "dispatch" },
 *   { _tag: "Route", reason: "dispatch" }
 * ]
 *
 * @category effects
 * @since 0.1.0
 */
export type Effect = internal.Effect

/**
 * A state of a machine: final or not, the SLA clocks that run while a case is in
 * it (entering the state starts them, leaving it stops them), and its tags: what
 * analytics counts a case there as, on every track or on one.
 *
 * @example
 * import type { CaseMachine } from "@gridgov/core"
 * const handling: CaseMachine.StateDef = { clocks: ["handle"], tags: ["responded"] }
 * const filed: CaseMachine.StateDef = { final: true, tags: [{ tag: "mediation", track: "simple" }] }
 *
 * @category models
 * @since 0.1.0
 */
export type StateDef = internal.StateDef

/**
 * What holds of a case while it is in a state, for analytics:
 * - `screening`: waiting to be registered or accepted (not a valid case yet);
 * - `screenedOut`: turned away at screening (cancelled, merged, not accepted, redirected: never valid);
 * - `ticket`: a 12345 hotline ticket;
 * - `responded`, `resolved`, `visited`: the ticket was signed for, has a result, had its return visit;
 * - `mediation`: the case is a mediation; `mediated`: its parties reached an agreement.
 *
 * @example
 * import { CaseMachine } from "@gridgov/core"
 * CaseMachine.tags("hotline", "handled") // ["ticket", "responded", "resolved"]
 *
 * @category tags
 * @since 0.1.0
 */
export type StateTag = internal.StateTag

/**
 * A state tag that holds on one track only (繁简分流).
 *
 * @example
 * import type { CaseMachine } from "@gridgov/core"
 * const onSimple: CaseMachine.TrackTag = { tag: "mediation", track: "simple" }
 *
 * @category tags
 * @since 0.1.0
 */
export type TrackTag = internal.TrackTag

/**
 * What taking a transition means, for analytics: `rework` (a result failed
 * verification) and `reopen` (a closed case opened again). A case counts them in
 * `counts.reworks` and `counts.reopens`.
 *
 * @example
 * import { CaseMachine } from "@gridgov/core"
 * CaseMachine.rowsFor("event", "handled", "Verify").map((r) => r.tags) // [[], ["rework"]]
 *
 * @category tags
 * @since 0.1.0
 */
export type TransitionTag = internal.TransitionTag

/**
 * Every state tag, in a stable order.
 *
 * @example
 * import { CaseMachine } from "@gridgov/core"
 * CaseMachine.stateTags.includes("mediated") // true
 *
 * @category tags
 * @since 0.1.0
 */
export const stateTags: ReadonlyArray<StateTag> = internal.stateTags

/**
 * Every transition tag, in a stable order.
 *
 * @example
 * import { CaseMachine } from "@gridgov/core"
 * CaseMachine.transitionTags // ["rework", "reopen"]
 *
 * @category tags
 * @since 0.1.0
 */
export const transitionTags: ReadonlyArray<TransitionTag> = internal.transitionTags

/**
 * One transition row of a definition: a command from some states to a target (or
 * none: recorded without a change of state), the event it records, the roles that
 * may issue it, named guards (all must hold), the effects it asks for beyond the
 * clocks (notices, routing), and its tags. A row that stays may pause or resume
 * every clock of its state (`clockOp`). Several rows for the same state and command
 * are alternatives tried in order.
 *
 * @example
 * import type { CaseMachine } from "@gridgov/core"
 * const register: CaseMachine.Transition = {
 *   command: "Register",
 *   from: ["reported"],
 *   to: "registered",
 *   event: "Registered",
 *   roles: ["dispatcher", "gridChief"]
 * }
 *
 * @category models
 * @since 0.1.0
 */
export type Transition<S extends string = string> = internal.TransitionDef<S>

/**
 * A kind's lifecycle: its states, its transition rows, and the tags every state of
 * the kind carries (a hotline case is a `ticket`, a dispute a `mediation`).
 *
 * @example
 * import { CaseMachine } from "@gridgov/core"
 * Object.keys(CaseMachine.event.states).includes("registered") // true
 *
 * @category models
 * @since 0.1.0
 */
export type Definition<S extends string = string> = internal.Definition<S>

/**
 * A row expanded to one source state, as the interpreter runs it. Its `effects`
 * start with the clock effects derived from the two states' clocks: those the
 * source state runs and the target does not are stopped, then those the target
 * runs and the source did not are started (a row that stays changes no clock,
 * unless it pauses or resumes them); the definition's own effects follow.
 *
 * @example
 * import { CaseMachine } from "@gridgov/core"
 * const row = CaseMachine.rows("event").find((r) => r.command === "Register")
 * row?.to // "registered"
 * row?.effects.slice(0, 2) // [{ "_tag": "Clock", "op": "stop", "clock": "register" }, { "_tag": "Clock", "op": "start", "clock": "dispatch" }]
 *
 * @category models
 * @since 0.1.0
 */
export type Row<S extends string = Status> = internal.Row<S>

/**
 * The name of a guard; guards are named in the tables and implemented in `guards`.
 *
 * @example
 * import type { CaseMachine } from "@gridgov/core"
 * const g: CaseMachine.GuardName = "withinReopenWindow"
 *
 * @category guards
 * @since 0.1.0
 */
export type GuardName = guardsInternal.GuardName

/**
 * A guard: a plain function of (state, command, now, config).
 *
 * @example
 * import type { CaseMachine } from "@gridgov/core"
 * const always: CaseMachine.Guard = () => true
 *
 * @category guards
 * @since 0.1.0
 */
export type Guard = guardsInternal.Guard

/**
 * The guard implementations, by name.
 *
 * @example
 * import { Case, CaseMachine } from "@gridgov/core"
 * CaseMachine.guards.isPaused(Case.initialState, { _tag: "Resume", actor: { id: "u1", role: "dispatcher" } }, 0, Case.defaultConfig) // false
 *
 * @category guards
 * @since 0.1.0
 */
export const guards: { readonly [K in GuardName]: Guard } = guardsInternal.guards

/**
 * The general event (事件): the closed loop of digital city management.
 *
 * @example
 * import { CaseMachine } from "@gridgov/core"
 * CaseMachine.event.states.closed?.final // true
 *
 * @category definitions
 * @since 0.1.0
 */
export const event: Definition<Status<"event">> = machines.definitions.event

/**
 * The dispute (矛盾纠纷): mediation up the ladder, agreement, or referral out.
 *
 * @example
 * import { CaseMachine } from "@gridgov/core"
 * CaseMachine.dispute.kind // "dispute"
 *
 * @category definitions
 * @since 0.1.0
 */
export const dispute: Definition<Status<"dispute">> = machines.definitions.dispute

/**
 * The petition (信访): acceptance, meeting, conclusion, review and re-review.
 *
 * @example
 * import { CaseMachine } from "@gridgov/core"
 * CaseMachine.petition.kind // "petition"
 *
 * @category definitions
 * @since 0.1.0
 */
export const petition: Definition<Status<"petition">> = machines.definitions.petition

/**
 * Pre-litigation mediation (诉前调解): triage, mediation, or filing.
 *
 * @example
 * import { CaseMachine } from "@gridgov/core"
 * CaseMachine.prelitigation.kind // "prelitigation"
 *
 * @category definitions
 * @since 0.1.0
 */
export const prelitigation: Definition<Status<"prelitigation">> = machines.definitions.prelitigation

/**
 * The 12345 hotline ticket (工单): dispatch, sign, handle, reply, return visit.
 *
 * @example
 * import { CaseMachine } from "@gridgov/core"
 * CaseMachine.hotline.kind // "hotline"
 *
 * @category definitions
 * @since 0.1.0
 */
export const hotline: Definition<Status<"hotline">> = machines.definitions.hotline

/**
 * Every kind's definition.
 *
 * @example
 * import { CaseMachine } from "@gridgov/core"
 * Object.keys(CaseMachine.definitions) // ["event", "dispute", "petition", "prelitigation", "hotline"]
 *
 * @category definitions
 * @since 0.1.0
 */
export const definitions: { readonly [K in Kind]: Definition<Status<K>> } = machines.definitions

/**
 * The states of a kind, the pseudo-state `initial` first.
 *
 * @example
 * import { CaseMachine } from "@gridgov/core"
 * CaseMachine.states("prelitigation")[1] // "received"
 *
 * @category introspection
 * @since 0.1.0
 */
export const states = <K extends Kind>(kind: K): ReadonlyArray<Status<K> | typeof initial> =>
  machines.compiled[kind].states as ReadonlyArray<Status<K> | typeof initial>

/**
 * Whether a state of a kind is final.
 *
 * @example
 * import { CaseMachine } from "@gridgov/core"
 * CaseMachine.isFinal("hotline", "closed") // true
 *
 * @category introspection
 * @since 0.1.0
 */
export const isFinal = <K extends Kind>(kind: K, state: Status<K> | typeof initial): boolean =>
  machines.compiled[kind].finals.has(state)

/**
 * Every row of a kind, expanded to one source state each, in definition order.
 *
 * @example
 * import { CaseMachine } from "@gridgov/core"
 * CaseMachine.rows("event").filter((r) => r.command === "Verify").map((r) => r.to) // ["closed", "handling"]
 *
 * @category introspection
 * @since 0.1.0
 */
export const rows = <K extends Kind>(kind: K): ReadonlyArray<Row<Status<K>>> =>
  machines.compiled[kind].rows as ReadonlyArray<Row<Status<K>>>

/**
 * The rows a command may take from a state (alternatives in order; empty when the
 * command is not defined there).
 *
 * @example
 * import { CaseMachine } from "@gridgov/core"
 * CaseMachine.rowsFor("event", "reported", "Register").length // 1
 *
 * @category introspection
 * @since 0.1.0
 */
export const rowsFor = <K extends Kind>(
  kind: K,
  state: Status<K> | typeof initial,
  command: Command["_tag"]
): ReadonlyArray<Row<Status<K>>> =>
  (machines.compiled[kind].byCommand[state]?.[command] as ReadonlyArray<Row<Status<K>>> | undefined) ?? []

/**
 * The commands defined from a state (for a work list's buttons, say).
 *
 * @example
 * import { CaseMachine } from "@gridgov/core"
 * CaseMachine.commandsFrom("hotline", "dispatched").includes("Acknowledge") // true
 *
 * @category introspection
 * @since 0.1.0
 */
export const commandsFrom = <K extends Kind>(
  kind: K,
  state: Status<K> | typeof initial
): ReadonlyArray<Command["_tag"]> =>
  Object.keys(machines.compiled[kind].byCommand[state] ?? {}) as Array<Command["_tag"]>

/**
 * The tags of a state of a kind: the machine's own, the state's, and those the
 * state carries on the case's track only (none for `initial`).
 *
 * @example
 * import { CaseMachine } from "@gridgov/core"
 * CaseMachine.tags("prelitigation", "filed", "simple") // ["mediation"]
 * CaseMachine.tags("prelitigation", "filed", "complex") // []
 * CaseMachine.tags("event", "cancelled") // ["screenedOut"]
 *
 * @category tags
 * @since 0.1.0
 */
export const tags = <K extends Kind>(
  kind: K,
  state: Status<K> | typeof initial,
  track: Track | null = null
): ReadonlyArray<StateTag> => {
  const t = machines.compiled[kind].tags[state]
  return t === undefined ? [] : t[track ?? "none"]
}

/**
 * The SLA clock names a kind uses, in order of first appearance: the keys an SLA
 * policy is keyed by.
 *
 * @example
 * import { CaseMachine } from "@gridgov/core"
 * CaseMachine.clocks("petition") // ["accept", "meet", "conclude", "review", "rereview"]
 *
 * @category introspection
 * @since 0.1.0
 */
export const clocks = (kind: Kind): ReadonlyArray<string> => {
  const names = new Set<string>()
  for (const def of Object.values(machines.definitions[kind].states as Record<string, StateDef>)) {
    for (const clock of def.clocks ?? []) names.add(clock)
  }
  return [...names]
}

/**
 * The interpreter: the row `command` takes from `state` (target, event, effects), or
 * a typed rejection (`TransitionNotAllowed`, `RoleNotAllowed`, `CasePaused`,
 * `GuardRejected`). Pure; `Case.decide` is built on it.
 *
 * @example
 * import { Case, CaseMachine } from "@gridgov/core"
 * import { Result } from "effect"
 *
 * const actor = { id: "w1", role: "gridWorker" } as const
 * const r = CaseMachine.transition("event", Case.initialState, {
 *   _tag: "Open", actor, kind: "event", id: "c1", category: "event.sanitation.garbage",
 *   place: "620981001001", channel: "app", severity: "ordinary"
 * }, 0)
 * Result.isSuccess(r) && r.success.to // "reported"
 *
 * @category interpreter
 * @since 0.1.0
 */
export const transition = (
  kind: Kind,
  state: State,
  command: Command,
  now: number,
  config: Config = defaultConfig
): Result.Result<Row, DecideError> => {
  const row = internal.select(machines.compiled[kind], state, command, now, config)
  return row._tag === "Transition" ? Result.succeed(row as Row) : Result.fail(row)
}
