/**
 * The case decider: `initialState`, `decide(command, state, now)` returning a
 * `Result` of events or a tagged domain error (never a throw), and
 * `evolve(state, event)`. Commands and events are Schemas; every event carries its
 * schema version `v`, the instant `at` and the actor. The lifecycles it runs are
 * the tables of `CaseMachine`.
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import * as decider from "./internal/caseDecider.js"
import * as schema from "./internal/caseSchema.js"
import * as state from "./internal/caseState.js"
import type { Effect } from "./internal/machine.js"

/**
 * The five case kinds: the same schema as `CaseKind.Kind`, the source of truth for
 * kinds, severities, tracks and channels.
 *
 * @example
 * import { Case } from "@gridgov/core"
 * Case.Kind.literals // ["event", "dispute", "petition", "prelitigation", "hotline"]
 *
 * @category models
 * @since 0.1.0
 */
export const Kind = schema.Kind

/**
 * @category models
 * @since 0.1.0
 */
export type Kind = schema.Kind

/**
 * Who issues a command: an id and the `Staff.Role` they act in.
 *
 * @example
 * import { Case } from "@gridgov/core"
 * const actor: Case.ActorRef = { id: "w-17", role: "gridWorker" }
 *
 * @category models
 * @since 0.1.0
 */
export const ActorRef = schema.ActorRef

/**
 * @category models
 * @since 0.1.0
 */
export type ActorRef = schema.ActorRef

/**
 * Who handles a case: a unit id (a grid code, `dept.housing`, `committee.family`, …),
 * optionally its grid level and the person.
 *
 * @example
 * import { Case } from "@gridgov/core"
 * const handler: Case.Handler = { unit: "620981001", level: 1 }
 *
 * @category models
 * @since 0.1.0
 */
export const Handler = schema.Handler

/**
 * @category models
 * @since 0.1.0
 */
export type Handler = schema.Handler

/**
 * Every command, as a tagged union schema (`Case.Command.cases.Register`, …).
 * Decode untrusted input with `decodeCommand`.
 *
 * @example
 * import { Case } from "@gridgov/core"
 * const cmd: Case.Command = { _tag: "Register", actor: { id: "d1", role: "dispatcher" } }
 * Case.Command.guards.Register(cmd) // true
 *
 * @category commands
 * @since 0.1.0
 */
export const Command = schema.Command

/**
 * @category commands
 * @since 0.1.0
 */
export type Command = schema.Command

/**
 * Every event, as a tagged union schema. Each carries `v` (its schema version),
 * `at` (epoch ms) and `actor`.
 *
 * @example
 * import { Case } from "@gridgov/core"
 * Case.Event.guards.Registered({ _tag: "Registered", v: 1, at: 0, actor: { id: "d1", role: "dispatcher" } }) // true
 *
 * @category events
 * @since 0.1.0
 */
export const Event = schema.Event

/**
 * @category events
 * @since 0.1.0
 */
export type Event = schema.Event

/**
 * The state a case's events fold into: id, kind, machine state (`status`), version,
 * category, place, reporter, handler, the units that have held it (`held`), track,
 * severity, counts, timestamps, running
 * clocks, overdue clocks, and what the steps recorded (result, reply, agreement, …).
 *
 * @example
 * import { Case } from "@gridgov/core"
 * const s: Case.State = Case.initialState
 * s.status // "initial"
 *
 * @category state
 * @since 0.1.0
 */
export type State = state.State

/**
 * The state of a case before its first event.
 *
 * @example
 * import { Case } from "@gridgov/core"
 * Case.initialState.version // 0
 *
 * @category state
 * @since 0.1.0
 */
export const initialState: State = state.initialState

/**
 * Values the guards read: the reopen, review and re-review windows and the bounds on
 * extensions.
 *
 * @example
 * import { Case } from "@gridgov/core"
 * const config: Case.Config = { ...Case.defaultConfig, reopenWindowMs: 3 * 86_400_000 }
 *
 * @category config
 * @since 0.1.0
 */
export type Config = state.Config

/**
 * Defaults: reopen within 7 days, review and re-review within 30 days, one extension
 * of at most 30 days.
 *
 * @example
 * import { Case } from "@gridgov/core"
 * Case.defaultConfig.maxExtensions // 1
 *
 * @category config
 * @since 0.1.0
 */
export const defaultConfig: Config = state.defaultConfig

/**
 * The command is not defined in the case's current state (or the case is not opened).
 *
 * @example
 * import { Case } from "@gridgov/core"
 * new Case.TransitionNotAllowed({ kind: "event", state: "closed", command: "Register" }).message
 *
 * @category errors
 * @since 0.1.0
 */
export const TransitionNotAllowed = state.TransitionNotAllowed

/**
 * @category errors
 * @since 0.1.0
 */
export type TransitionNotAllowed = state.TransitionNotAllowed

/**
 * The actor's role may not issue this command on this kind.
 *
 * @example
 * import { Case } from "@gridgov/core"
 * new Case.RoleNotAllowed({ kind: "event", command: "Register", role: "public" })._tag // "RoleNotAllowed"
 *
 * @category errors
 * @since 0.1.0
 */
export const RoleNotAllowed = state.RoleNotAllowed

/**
 * @category errors
 * @since 0.1.0
 */
export type RoleNotAllowed = state.RoleNotAllowed

/**
 * A named guard of the transition does not hold (e.g. `withinReopenWindow`).
 *
 * @example
 * import { Case } from "@gridgov/core"
 * new Case.GuardRejected({ kind: "event", state: "closed", command: "Reopen", guard: "withinReopenWindow" }).guard
 *
 * @category errors
 * @since 0.1.0
 */
export const GuardRejected = state.GuardRejected

/**
 * @category errors
 * @since 0.1.0
 */
export type GuardRejected = state.GuardRejected

/**
 * The case is paused and the command is not one allowed while paused.
 *
 * @example
 * import { Case } from "@gridgov/core"
 * new Case.CasePaused({ kind: "petition", state: "accepted", command: "Meet" })._tag // "CasePaused"
 *
 * @category errors
 * @since 0.1.0
 */
export const CasePaused = state.CasePaused

/**
 * @category errors
 * @since 0.1.0
 */
export type CasePaused = state.CasePaused

/**
 * Input that does not decode as a command; `message` is Schema's.
 *
 * @example
 * import { Case } from "@gridgov/core"
 * new Case.InvalidCommand({ message: "Missing key" })._tag // "InvalidCommand"
 *
 * @category errors
 * @since 0.1.0
 */
export const InvalidCommand = state.InvalidCommand

/**
 * @category errors
 * @since 0.1.0
 */
export type InvalidCommand = state.InvalidCommand

/**
 * Why `decide` rejects a command.
 *
 * @example
 * import type { Case } from "@gridgov/core"
 * const tag = (e: Case.DecideError) => e._tag
 *
 * @category errors
 * @since 0.1.0
 */
export type DecideError = state.DecideError

/**
 * The tags of every error `Case` defines, for catalogues and exhaustive checks.
 *
 * @example
 * import { Case } from "@gridgov/core"
 * Case.errorTags.includes("GuardRejected") // true
 *
 * @category errors
 * @since 0.1.0
 */
export const errorTags: ReadonlyArray<"InvalidCommand" | DecideError["_tag"]> = state.errorTags

/**
 * Decides what a command records, given the state and the instant `now` (epoch ms):
 * the events, or a typed rejection. Never throws; the state is not changed.
 *
 * @example
 * import { Case } from "@gridgov/core"
 * import { Result } from "effect"
 *
 * const r = Case.decide(
 *   { _tag: "Open", actor: { id: "w1", role: "gridWorker" }, kind: "event", id: "c1",
 *     category: "event.sanitation.garbage", place: "620981001001", channel: "app", severity: "ordinary" },
 *   Case.initialState,
 *   1_700_000_000_000
 * )
 * Result.isSuccess(r) && r.success[0]?._tag // "Opened"
 *
 * @category decider
 * @since 0.1.0
 */
export const decide: (
  command: Command,
  state: State,
  now: number,
  config?: Config
) => Result.Result<ReadonlyArray<Event>, DecideError> = decider.decide

/**
 * Folds one event into the state: the machine state moves as the definition says,
 * the version grows by one, and the event's payload is recorded. Total: never throws.
 *
 * @example
 * import { Case } from "@gridgov/core"
 * const s = Case.evolve(Case.initialState, {
 *   _tag: "Opened", v: 1, at: 0, actor: { id: "w1", role: "gridWorker" }, kind: "event", id: "c1",
 *   category: "event.sanitation.garbage", place: "620981001001", channel: "app", severity: "ordinary"
 * })
 * s.status // "reported"
 *
 * @category decider
 * @since 0.1.0
 */
export const evolve: (state: State, event: Event) => State = decider.evolve

/**
 * Rebuilds a state from its events (from `initialState` unless given).
 *
 * @example
 * import { Case } from "@gridgov/core"
 * Case.fold([]).status // "initial"
 *
 * @category decider
 * @since 0.1.0
 */
export const fold: (events: Iterable<Event>, state?: State) => State = decider.fold

/**
 * The effects (SLA clocks, notices, routing) an event asks for, given the state it
 * is applied to. The application service stores them with the events.
 *
 * @example
 * import { Case } from "@gridgov/core"
 * const opened: Case.Event = {
 *   _tag: "Opened", v: 1, at: 0, actor: { id: "w1", role: "gridWorker" }, kind: "event", id: "c1",
 *   category: "event.sanitation.garbage", place: "620981001001", channel: "app", severity: "ordinary"
 * }
 * Case.effects(Case.initialState, opened)[0] // { _tag: "Clock", op: "start", clock: "register" }
 *
 * @category decider
 * @since 0.1.0
 */
export const effects: (state: State, event: Event) => ReadonlyArray<Effect> = decider.effects

/**
 * A decision carried through: the events, the effects they ask for, and the new state.
 *
 * @example
 * import type { Case } from "@gridgov/core"
 * const version = (o: Case.Outcome) => o.state.version
 *
 * @category decider
 * @since 0.1.0
 */
export interface Outcome {
  readonly events: ReadonlyArray<Event>
  readonly effects: ReadonlyArray<Effect>
  readonly state: State
}

/**
 * `decide`, then `evolve` and `effects` over the events: what an application service
 * stores for one command.
 *
 * @example
 * import { Case } from "@gridgov/core"
 * import { Result } from "effect"
 *
 * const r = Case.execute(
 *   { _tag: "Open", actor: { id: "op", role: "system" }, kind: "hotline", id: "h1",
 *     category: "hotline.complaint", place: "620981", channel: "hotline", severity: "ordinary" },
 *   Case.initialState,
 *   0
 * )
 * Result.isSuccess(r) && r.success.state.status // "received"
 *
 * @category decider
 * @since 0.1.0
 */
export const execute = (
  command: Command,
  current: State,
  now: number,
  config: Config = defaultConfig
): Result.Result<Outcome, DecideError> =>
  Result.map(decider.decide(command, current, now, config), (events) => {
    let s = current
    const fx: Array<Effect> = []
    for (const e of events) {
      fx.push(...decider.effects(s, e))
      s = decider.evolve(s, e)
    }
    return { events, effects: fx, state: s }
  })

/**
 * A decider bound to a configuration, in the `{ initialState, decide, evolve }` shape
 * that given/when/then helpers and event stores expect.
 *
 * @example
 * import { Case } from "@gridgov/core"
 * const d = Case.make({ ...Case.defaultConfig, maxExtensions: 2 })
 * d.initialState.status // "initial"
 *
 * @category decider
 * @since 0.1.0
 */
export interface Decider {
  readonly initialState: State
  readonly decide: (command: Command, state: State, now: number) => Result.Result<ReadonlyArray<Event>, DecideError>
  readonly evolve: (state: State, event: Event) => State
}

/**
 * Builds a `Decider` with the given configuration.
 *
 * @example
 * import { Case } from "@gridgov/core"
 * Case.make().initialState === Case.initialState // true
 *
 * @category decider
 * @since 0.1.0
 */
export const make = (config: Config = defaultConfig): Decider => ({
  initialState: state.initialState,
  decide: (command, s, now) => decider.decide(command, s, now, config),
  evolve: decider.evolve
})

const decodeCommandResult = Schema.decodeUnknownResult(schema.Command)
const decodeEventResult = Schema.decodeUnknownResult(schema.Event)

/**
 * Decodes a command from untrusted input; failures carry Schema's message.
 *
 * @example
 * import { Case } from "@gridgov/core"
 * import { Result } from "effect"
 * Result.isFailure(Case.decodeCommand({ _tag: "Register" })) // true: no actor
 *
 * @category commands
 * @since 0.1.0
 */
export const decodeCommand = (input: unknown): Result.Result<Command, InvalidCommand> =>
  Result.mapError(decodeCommandResult(input), (error) => new InvalidCommand({ message: error.message }))

/**
 * Decodes a stored event (e.g. a row read back from a store).
 *
 * @example
 * import { Case } from "@gridgov/core"
 * import { Result } from "effect"
 * Result.isSuccess(Case.decodeEvent({ _tag: "Registered", v: 1, at: 0, actor: { id: "d1", role: "dispatcher" } })) // true
 *
 * @category events
 * @since 0.1.0
 */
export const decodeEvent = (input: unknown): Result.Result<Event, Schema.SchemaError> => decodeEventResult(input)
