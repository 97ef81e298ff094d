/**
 * The pure part of the case service: a stored stream replayed into the case's state
 * and SLA clocks, and one command planned into everything one append writes
 * (events, summary, timer changes, outbox rows, receipt). No Effect runs here; the
 * service (`CaseService`) loads, plans, appends and retries.
 */
import { Result, Schema } from "effect"
import * as Access from "../Access.js"
import { step } from "../Analytics.js"
import type { Json, NewEvent, StoredEvent, SummaryInput } from "../CaseStore.js"
import * as Category from "../Category.js"
import * as Escalation from "../Escalation.js"
import * as Grid from "../Grid.js"
import type * as Outbox from "../Outbox.js"
import * as Routing from "../Routing.js"
import type * as Timers from "../Timers.js"
import type { Delta } from "./analytics.js"
import { decide, effects as effectsOf, evolve } from "./caseDecider.js"
import { type ActorRef, type Command, Event, type Handler } from "./caseSchema.js"
import { type DecideError, type Config as DeciderConfig, initialState, type State } from "./caseState.js"
import type { Snapshot } from "./configurationCompile.js"
import { type Change, changes } from "./counters.js"
import type { Effect, RouteReason } from "./machine.js"
import { compiled } from "./machines/index.js"
import * as N from "./serviceNotify.js"
import * as S from "./serviceSla.js"

/** What the service needs besides the ports: the configuration it decides under, and its settings. */
export interface Env {
  readonly city: Snapshot
  readonly decider: DeciderConfig
  readonly autoDispatch: ReadonlyArray<RouteReason>
  readonly maxAttempts: number
  /** The outbox channels every notification is written to, one row each. */
  readonly channels: ReadonlyArray<string>
}

const setups = new WeakMap<Snapshot, S.Setup>()

/** The SLA setup of a configuration snapshot: its timing by version, its version, its category map. */
const setupOf = (env: Env): S.Setup => {
  let setup = setups.get(env.city)
  if (setup === undefined) {
    setup = { at: env.city.timing, version: env.city.version, category: env.city.category }
    setups.set(env.city, setup)
  }
  return setup
}

/** The configuration version a stored event was decided under (before versions were recorded: today's). */
const versionOf = (payload: Json, fallback: number): number => {
  const v = (payload as Record<string, Json>).config
  return typeof v === "number" ? v : fallback
}

// ------------------------------------------------------------------ encoding

/** A case event as the store keeps it: type, version, the payload (plus what the service adds), the actor. */
export const encode = (event: Event, extra: Readonly<Record<string, Json>>): NewEvent => {
  const { _tag, v, at, actor, ...fields } = event as Event & Record<string, unknown>
  return {
    type: _tag,
    v,
    at,
    actor: { id: actor.id, roles: [actor.role] },
    payload: { ...(fields as Record<string, Json>), ...extra }
  }
}

const decodeEvent = Schema.decodeUnknownResult(Event)

/** A stored event back as a case event; what the service added (post, routing) is dropped by the schema. */
export const decode = (stored: StoredEvent): Result.Result<Event, string> => {
  const payload = stored.payload
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) {
    return Result.fail(`${stored.streamId}#${stored.version}: payload is not an object`)
  }
  return Result.mapError(
    decodeEvent({
      ...payload,
      _tag: stored.type,
      v: stored.v,
      at: stored.at,
      actor: { id: stored.actor.id, role: stored.actor.roles[0] }
    }),
    (error) => `${stored.streamId}#${stored.version}: ${error.message}`
  )
}

// ------------------------------------------------------------------ replay

/** A case as loaded: its state, its SLA clocks and the last routing decision recorded with it. */
export interface Loaded {
  readonly state: State
  readonly track: S.Track
  readonly routing: Json | null
}

export const empty: Loaded = { state: initialState, track: S.emptyTrack, routing: null }

/** Folds a stored stream. Fails only on a row that does not decode. */
export const replay = (env: Env, stored: ReadonlyArray<StoredEvent>): Result.Result<Loaded, string> => {
  const setup = setupOf(env)
  let state = initialState
  let track = S.emptyTrack
  let routing: Json | null = null
  for (const row of stored) {
    const decoded = decode(row)
    if (Result.isFailure(decoded)) return Result.fail(decoded.failure)
    const event = decoded.success
    const fx = effectsOf(state, event)
    const next = evolve(state, event)
    track = S.step(setup, next, event, fx, track, versionOf(row.payload, setup.version))
    state = next
    const r = (row.payload as Record<string, Json>).routing
    if (r !== undefined) routing = r
  }
  return Result.succeed({ state, track, routing })
}

// ------------------------------------------------------------------ routing

const toRouting = (h: Handler): Routing.Handler =>
  h.level === undefined ? { _tag: "Unit", unit: h.unit } : { _tag: "Grid", level: h.level, grid: h.unit }

const fromRouting = (h: Routing.Handler): Handler =>
  h._tag === "Grid" ? { unit: h.grid, level: h.level } : { unit: h.unit }

/** The routing decision for a case (or why there is none), with its explanation, as stored. */
export interface RoutingRecord {
  readonly target: Handler | undefined
  readonly record: Json
}

const handlerJson = (h: Handler): Json => ({ ...h })

/**
 * Routes a case that asked for a new handler. `from` is who held it before the
 * event that asked (an escalation climbs the ladder from there; the event itself
 * has handed the case back, so `state.handler` is null).
 */
export const routeCase = (env: Env, state: State, reason: RouteReason, from: Handler | null): RoutingRecord => {
  const id = Grid.id(env.city.tree, state.place)
  if (id === undefined) return { target: undefined, record: { reason, error: `unknown place ${state.place}` } }
  const place = Grid.path(env.city.tree, id)
  const opened = Routing.inputOf(state, place)
  // a case filed under a category since removed is routed where its category counts now
  const input = Result.map(opened, (i) => {
    const category = env.city.category(i.category)
    return category === i.category ? i : { ...i, category }
  })
  if (Result.isFailure(input)) return { target: undefined, record: { reason, error: "not opened" } }
  if (reason === "escalate" && from !== null && state.kind !== null) {
    const up = Escalation.next(env.city.router, toRouting(from), {
      kind: state.kind,
      category: env.city.category(state.category),
      place
    })
    if (Result.isFailure(up)) {
      return { target: undefined, record: { reason, from: handlerJson(from), error: up.failure._tag } }
    }
    const to = fromRouting(up.success.to)
    return {
      target: to,
      record: {
        reason,
        from: handlerJson(from),
        target: handlerJson(to),
        step: up.success.step,
        source: up.success.source,
        because: { ...up.success.because }
      }
    }
  }
  const why = Routing.explain(env.city.router, input.success)
  const d = why.decision
  const to = fromRouting(d.target)
  return {
    target: to,
    record: {
      reason,
      target: handlerJson(to),
      rule: d.rule ?? null,
      backstop: d.backstop,
      basis: d.basis,
      strategy: d.strategy,
      categoryType: why.categoryType,
      met: (why.winner?.met ?? []).map((m) => ({ ...m, expected: [...m.expected] })),
      outranked: why.outranked.map((o) => ({ ...o }))
    }
  }
}

/** The command `system` issues to hand a routed case over, if the machine lets it from this state. */
const followUp = (state: State, to: Handler): Command | undefined => {
  if (state.kind === null) return undefined
  const cells = compiled[state.kind].byCommand[state.status]
  const system: ActorRef = { id: "system", role: "system" }
  for (const tag of ["Dispatch", "Assign"] as const) {
    const rows = cells?.[tag]
    if (rows?.some((r) => r.roles.includes("system")) === true) return { _tag: tag, actor: system, to }
  }
  return undefined
}

// ------------------------------------------------------------------ planning

export type PlanError =
  | Access.Denied
  | Category.Rejected
  | DecideError
  | { readonly _tag: "NotDue"; readonly clock: string }

/** Everything one append writes for one command. */
export interface Plan {
  readonly events: ReadonlyArray<NewEvent>
  readonly state: State
  readonly summary: SummaryInput
  readonly timers: ReadonlyArray<Timers.Change>
  readonly outbox: ReadonlyArray<Outbox.Message>
  /** The analytics counter changes of the events, summed per key. */
  readonly counters: ReadonlyArray<Change>
  readonly receipt: Receipt
  /** The case as it is after the append: what `replay` of the stream then yields. */
  readonly after: Loaded
}

/** What a command returns, and what an idempotency key remembers. */
export interface Receipt {
  readonly caseId: string
  readonly kind: string
  readonly version: number
  readonly status: string
  readonly events: ReadonlyArray<{ readonly type: string; readonly version: number }>
  readonly handler: Handler | null
}

export const receiptJson = (r: Receipt): Json => ({
  caseId: r.caseId,
  kind: r.kind,
  version: r.version,
  status: r.status,
  events: r.events.map((e) => ({ ...e })),
  handler: r.handler === null ? null : handlerJson(r.handler)
})

const postJson = (post: Access.Post): Json => ({ role: post.role, at: post.at === null ? null : { ...post.at } })

export const plan = (
  env: Env,
  caseId: string,
  loaded: Loaded,
  command: Command,
  actor: Access.Actor,
  now: number
): Result.Result<Plan, PlanError> => {
  const context = { tree: env.city.tree }
  const setup = setupOf(env)
  const authorized = Access.authorize(context, actor, command, loaded.state)
  if (Result.isFailure(authorized)) return Result.fail(authorized.failure)
  // A new case's category is one of the city's taxonomy, under its kind's root.
  if (command._tag === "Open") {
    const category = Category.check(env.city.router.taxonomy, command.kind, command.category)
    if (Result.isFailure(category)) return Result.fail(category.failure)
  }
  if (command._tag === "SlaWarn" || command._tag === "SlaBreach") {
    const kind = command._tag === "SlaWarn" ? "warning" : "breach"
    if (loaded.state.kind !== null && !S.isDue(setup, loaded.track, command.clock, kind, now)) {
      return Result.fail({ _tag: "NotDue", clock: command.clock })
    }
  }
  const decided = decide(command, loaded.state, now, env.decider)
  if (Result.isFailure(decided)) return Result.fail(decided.failure)

  const queue: Array<{ event: Event; post: Access.Post }> = decided.success.map((event) => ({
    event,
    post: authorized.success
  }))
  const events: Array<NewEvent> = []
  const outbox: Array<Outbox.Message> = []
  const deltas: Array<Delta> = []
  const notify: N.Setup = { tree: env.city.tree, sla: setup, channels: env.channels }
  let state = loaded.state
  let track = loaded.track
  let routing = loaded.routing
  const base = loaded.state.version
  for (let i = 0; i < queue.length; i++) {
    const { event, post } = queue[i]!
    const fx: ReadonlyArray<Effect> = effectsOf(state, event)
    const next = evolve(state, event)
    track = S.step(setup, next, event, fx, track, env.city.version)
    for (const d of step(state, next, event)) deltas.push(d)
    const from = state.handler
    state = next
    const version = base + events.length + 1
    // the configuration version the event is decided, routed and timed under
    const extra: Record<string, Json> = { post: postJson(post), config: env.city.version }
    for (const effect of fx) {
      if (effect._tag === "Notify") {
        outbox.push(...N.messages(notify, caseId, version, event, effect.to, state, track))
      } else if (effect._tag === "Route" && effect.reason !== "refer") {
        const routed = routeCase(env, state, effect.reason, from)
        const auto = env.autoDispatch.includes(effect.reason) && routed.target !== undefined
        const next = auto ? followUp(state, routed.target!) : undefined
        let dispatched = false
        if (next !== undefined) {
          const system = Access.system()
          const ok = Access.authorize(context, system, next, state)
          const d = Result.isSuccess(ok) ? decide(next, state, now, env.decider) : undefined
          if (d !== undefined && Result.isSuccess(d) && Result.isSuccess(ok)) {
            for (const e of d.success) queue.push({ event: e, post: ok.success })
            dispatched = true
          }
        }
        const record: Json = { ...(routed.record as Record<string, Json>), dispatched, config: env.city.version }
        extra.routing = record
        routing = record
      }
    }
    if (i >= decided.success.length && routing !== null) extra.routing = routing
    events.push(encode(event, extra))
  }

  const before = S.pending(setup, caseId, loaded.track, now)
  const after = S.pending(setup, caseId, track, now)
  const timers = S.diff(caseId, before, after)
  const due = S.due(setup, track, now)
  // The summary's rank is the grid's pre-order number (`Grid.interval(tree, id).pre`,
  // the same number `Access.facts` and the scope's intervals use); -1 outside the tree.
  const id = Grid.id(env.city.tree, state.place)
  const interval = id === undefined ? { pre: -1, post: -1 } : Grid.interval(env.city.tree, id)
  const facts = Access.facts(context, state)
  const summary: SummaryInput = {
    kind: state.kind ?? "",
    state: state.status,
    category: state.category,
    gridCode: state.place,
    gridPre: interval.pre,
    gridPost: interval.post,
    unit: state.handler?.unit ?? null,
    assignee: state.handler?.person ?? null,
    reporter: facts.reporter,
    held: [...facts.units],
    dueAt: due.dueAt,
    overdue: due.overdue,
    createdAt: state.openedAt ?? now,
    updatedAt: state.updatedAt ?? now,
    body: {
      summary: state.summary,
      channel: state.channel,
      severity: state.severity,
      track: state.track,
      final: state.final,
      closedAt: state.closedAt,
      paused: state.paused === null ? null : { ...state.paused },
      handler: state.handler === null ? null : handlerJson(state.handler),
      counts: { ...state.counts },
      routing,
      sla: due.clocks.map((c) => ({ ...c, breached: [...c.breached] })),
      slaIssues: [...track.issues, ...due.issues]
    }
  }
  const receipt: Receipt = {
    caseId,
    kind: state.kind ?? "",
    version: base + events.length,
    status: state.status,
    events: events.map((e, k) => ({ type: e.type, version: base + k + 1 })),
    handler: state.handler
  }
  const counters = deltas.length === 0 ? [] : changes(env.city.tree, deltas)
  return Result.succeed({
    events,
    state,
    summary,
    timers,
    outbox,
    counters,
    receipt,
    after: { state, track, routing }
  })
}
