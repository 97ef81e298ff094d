/**
 * The case service's implementation (see `CaseService`): the load–decide–append loop
 * with its retries, idempotency and cache of recently written cases, the reads in the
 * actor's scope, the work lists, and what a caller may leave to the service (the role
 * acted in, a report's place as a point: `serviceRequest`).
 */
import { Clock, Effect, Option, Result } from "effect"
import * as Access from "../Access.js"
import * as Audit from "../Audit.js"
import * as CalendarM from "../Calendar.js"
import * as Case from "../Case.js"
import * as CaseKind from "../CaseKind.js"
import * as CaseMachine from "../CaseMachine.js"
import type * as CaseServiceM from "../CaseService.js"
import * as CaseStore from "../CaseStore.js"
import * as Configuration from "../Configuration.js"
import * as Grid from "../Grid.js"
import * as Idempotency from "../Idempotency.js"
import type * as Staff from "../Staff.js"
import * as allowedOf from "./allowed.js"
import * as internal from "./service.js"
import { follow, formerCodesOf, recently } from "./serviceCity.js"
import * as kit from "./serviceKit.js"
import * as query from "./serviceQuery.js"
import * as request from "./serviceRequest.js"
import * as residentView from "./serviceView.js"
import * as write from "./serviceWriter.js"

type Receipt = CaseServiceM.Receipt
type ExecuteOptions = CaseServiceM.ExecuteOptions
type ExecuteError = CaseServiceM.ExecuteError
type Search = CaseServiceM.Search
type Paging = CaseServiceM.Paging
type WorkQuery = CaseServiceM.WorkQuery
type CaseView = CaseServiceM.CaseView
type Allowed = CaseServiceM.Allowed

/** The machine states that are not final in any kind: what work lists show. */
export const openStates: ReadonlyArray<string> = [
  ...new Set(
    CaseKind.kinds.flatMap((kind) =>
      CaseMachine.states(kind).filter((s) => s !== CaseMachine.initial && !CaseMachine.isFinal(kind, s))
    )
  )
]

/** The errors of the service's own, made in the public module. */
export interface Errors {
  readonly NotFound: typeof CaseServiceM.NotFound
  readonly Conflict: typeof CaseServiceM.Conflict
  readonly NotDue: typeof CaseServiceM.NotDue
}

const storeError = (operation: string, message: string) => new CaseStore.StoreError({ operation, message, cause: null })

/** The case service over its settings, the ports `CaseStore` and `Idempotency`, and the live `Configuration`. */
export const make = (settings: CaseServiceM.Environment, errors: Errors) =>
  Effect.gen(function* () {
    const { NotFound, Conflict, NotDue } = errors
    const store = yield* CaseStore.CaseStore
    const keys = yield* Idempotency.Idempotency
    const configuration = yield* Configuration.Configuration
    const writer = yield* write.make(store, settings.batchSize)

    // The configuration each command reads, by version (the summaries re-ranked on a new tree).
    const current = yield* follow(configuration, store, settings)
    const contextOf = (env: internal.Env): Access.Context => ({ tree: env.city.tree })

    // Cases this service wrote last, folded (least recently used first out).
    const { recent, remember, forget } = recently<internal.Loaded>(settings.cacheSize)

    const load = Effect.fnUntraced(function* (caseId: string, env: internal.Env) {
      const stored = yield* store.load(caseId)
      const loaded = internal.replay(env, stored)
      if (Result.isFailure(loaded)) return yield* storeError("decode", loaded.failure)
      return { stored, loaded: loaded.success }
    })

    /** The recorded receipt for a keyed request, or `KeyReused` when the key was recorded for another request. */
    const replayed = (binding: kit.Keyed, entry: Idempotency.Entry) =>
      Effect.map(
        Effect.fromResult(Idempotency.replay(binding.client, entry, binding.fingerprint)),
        (json): Receipt => ({ ...(json as unknown as internal.Receipt), replayed: true })
      )

    const run = Effect.fnUntraced(function* (
      caseId: string,
      command: Case.Command,
      actor: Access.Actor,
      binding: kit.Keyed | undefined
    ): Effect.fn.Return<Receipt, ExecuteError> {
      if (command._tag === "Open" && command.id !== caseId) {
        return yield* new Case.InvalidCommand({ message: `Open names case ${command.id}, not ${caseId}` })
      }
      let fresh = false
      for (let attempt = 1; ; attempt++) {
        if (binding !== undefined) {
          const seen = yield* keys.get(binding.key)
          if (Option.isSome(seen)) return yield* replayed(binding, seen.value)
        }
        const env = yield* current
        const cached = fresh ? undefined : recent.get(caseId)
        const loaded = cached ?? (yield* load(caseId, env)).loaded
        const now = yield* Clock.currentTimeMillis
        const planned = internal.plan(env, caseId, loaded, command, actor, now)
        if (Result.isFailure(planned)) {
          // Refused on the cached case: decide again on the stored one (another writer
          // may have moved it) before refusing.
          if (cached !== undefined) {
            forget(caseId, cached)
            fresh = true
            attempt--
            continue
          }
          // A twin request with the same key may have committed between our key check
          // and our load: the command is then decided against its result (an `Open` of
          // an opened case, say). The key is written with the events, so if it is there
          // now, that commit is what we loaded: answer with its receipt.
          if (binding !== undefined) {
            const seen = yield* keys.get(binding.key)
            if (Option.isSome(seen)) return yield* replayed(binding, seen.value)
          }
          const error = planned.failure
          return yield* error._tag === "NotDue" ? new NotDue({ caseId, clock: error.clock }) : Effect.fail(error)
        }
        const p = planned.success
        const outcome = yield* writer.submit({
          streamId: caseId,
          expectedVersion: loaded.state.version,
          events: p.events as [CaseStore.NewEvent, ...Array<CaseStore.NewEvent>],
          summary: p.summary,
          timers: p.timers,
          outbox: p.outbox,
          counters: p.counters.length === 0 ? undefined : p.counters,
          idempotency:
            binding === undefined
              ? undefined
              : { key: binding.key, fingerprint: binding.fingerprint, result: internal.receiptJson(p.receipt) }
        })
        if (outcome._tag === "Appended") {
          remember(caseId, p.after)
          return { ...p.receipt, replayed: false }
        }
        forget(caseId, loaded)
        if (outcome._tag === "Replayed") return yield* replayed(binding!, outcome)
        fresh = true
        if (attempt >= settings.maxAttempts) return yield* new Conflict({ caseId, attempts: attempt })
      }
    })

    /** The command as `actor` issues it: in the role it names, else in the role `roleFor` picks on the case as it is. */
    const attributed = Effect.fnUntraced(function* (
      caseId: string,
      command: request.CommandInput,
      actor: Access.Actor
    ) {
      if (request.attributed(command)) return command
      const make = (role: Staff.Role) => request.attribute(command, actor, role)
      if (request.rolesOf(actor).length === 1) return make(request.rolesOf(actor)[0]!)
      const env = yield* current
      const context = contextOf(env)
      const { state } = (yield* load(caseId, env)).loaded
      return make(request.roleFor(context, actor, make, Access.canRead(context, actor, state) ? state : undefined))
    })

    const execute = Effect.fn("CaseService.execute")(function* (
      caseId: string,
      command: request.CommandInput,
      actor: Access.Actor,
      options?: ExecuteOptions
    ) {
      // bound to the command as given, not to the role picked on the case as it is now
      const binding = kit.bind(actor, options?.idempotencyKey, "CaseService.execute", {
        caseId,
        request: options?.request ?? command
      })
      return yield* run(caseId, yield* attributed(caseId, command, actor), actor, binding)
    })

    const open = Effect.fn("CaseService.open")(function* (
      fields: request.OpenInput,
      actor: Access.Actor,
      options?: ExecuteOptions
    ) {
      // bound to what was asked, not to the id made here
      const binding = kit.bind(actor, options?.idempotencyKey, "CaseService.open", options?.request ?? fields)
      const id = yield* settings.newId
      const context = contextOf(yield* current)
      return yield* run(id, yield* Effect.fromResult(request.opening(context, fields, actor, id)), actor, binding)
    })

    const get = Effect.fn("CaseService.get")(function* (caseId: string, actor: Access.Actor) {
      // The summary first: the stream can only have grown since, so its version is a
      // head the stream must reach (a shorter stream lost its tail).
      const env = yield* current
      const summary = yield* store.summary(caseId)
      const { stored, loaded } = yield* load(caseId, env)
      if (!Access.canRead(contextOf(env), actor, loaded.state)) return yield* new NotFound({ caseId })
      if (settings.verifyReads) {
        const heads = Option.isSome(summary) ? new Map([[caseId, summary.value.version]]) : undefined
        const checked = Audit.verify(stored, { heads })
        if (Result.isFailure(checked)) return yield* checked.failure
      }
      if (!Access.readsAsPublic(actor)) return { state: loaded.state, summary, history: stored } satisfies CaseView
      return {
        state: residentView.state(loaded.state),
        summary: Option.map(summary, residentView.summary),
        history: stored.map((e) => residentView.event(e, actor.id))
      } satisfies CaseView
    })

    // What the public reads of a page is the resident view of each summary.
    const scoped = (
      env: internal.Env,
      actor: Access.Actor,
      q: CaseStore.SummaryQuery,
      scope = Access.scope(contextOf(env), actor)
    ) =>
      query
        .scoped(store.search, scope, q)
        .pipe(
          Effect.map((page) =>
            Access.readsAsPublic(actor) ? { ...page, items: page.items.map(residentView.summary) } : page
          )
        )

    const search = Effect.fn("CaseService.search")(function* (s: Search, actor: Access.Actor) {
      const env = yield* current
      const { grid, ...rest } = s
      if (grid === undefined) return yield* scoped(env, actor, rest)
      const id = Grid.id(env.city.tree, grid)
      if (id === undefined) return { items: [], next: undefined } satisfies CaseStore.Page<CaseStore.Summary>
      return yield* scoped(env, actor, { ...rest, grid: Grid.interval(env.city.tree, id) })
    })

    const todo = Effect.fn("CaseService.todo")(function* (actor: Access.Actor, paging: Paging = {}) {
      const env = yield* current
      const base: CaseStore.SummaryQuery = { states: openStates, limit: paging.limit, after: paging.after }
      // work a retired or moved grid held goes to the grid that holds its code now
      const queries = query.todo(contextOf(env), actor, base, openStates, formerCodesOf(env.city))
      const pages = yield* Effect.forEach(queries, ([scope, q]) => scoped(env, actor, q, scope))
      return query.union(base, pages)
    })

    /** A work list's query in the actor's scope; undefined when its grid is unknown (an empty list). */
    const work = (env: internal.Env, actor: Access.Actor, q: CaseStore.SummaryQuery, w: WorkQuery) => {
      if (w.grid === undefined) return scoped(env, actor, { ...q, unit: w.unit })
      const id = Grid.id(env.city.tree, w.grid)
      if (id === undefined)
        return Effect.succeed({ items: [], next: undefined } satisfies CaseStore.Page<CaseStore.Summary>)
      return scoped(env, actor, { ...q, unit: w.unit, grid: Grid.interval(env.city.tree, id) })
    }

    const overdue = Effect.fn("CaseService.overdue")(function* (actor: Access.Actor, paging: WorkQuery = {}) {
      return yield* work(
        yield* current,
        actor,
        { states: openStates, overdue: true, orderBy: "dueAt", limit: paging.limit, after: paging.after },
        paging
      )
    })

    const dueSoon = Effect.fn("CaseService.dueSoon")(function* (
      actor: Access.Actor,
      withinMs: number | undefined,
      paging: WorkQuery = {}
    ) {
      const now = yield* Clock.currentTimeMillis
      return yield* work(
        yield* current,
        actor,
        {
          states: openStates,
          overdue: false,
          dueBefore: now + (withinMs ?? 86_400_000),
          orderBy: "dueAt",
          limit: paging.limit,
          after: paging.after
        },
        paging
      )
    })

    const allowed = Effect.fn("CaseService.allowed")(function* (caseId: string, actor: Access.Actor) {
      const env = yield* current
      const { loaded } = yield* load(caseId, env)
      if (!Access.canRead(contextOf(env), actor, loaded.state)) return yield* new NotFound({ caseId })
      const now = yield* Clock.currentTimeMillis
      const state = loaded.state
      return {
        caseId,
        kind: state.kind ?? "",
        status: state.status,
        version: state.version,
        commands: allowedOf.allowed(env, caseId, loaded, actor, now)
      } satisfies Allowed
    })

    const actorOf = Effect.fn("CaseService.actor")(function* (person: string) {
      const now = yield* Clock.currentTimeMillis
      const city = yield* configuration.current
      return Access.actor(city.directory, person, CalendarM.localDate(city.calendar, now))
    })

    const preview = Effect.fn("CaseService.preview")(function* (input: request.PreviewInput) {
      // the configuration held now: a preview decides nothing, so nothing is re-ranked for it
      const city = yield* configuration.current
      return yield* Effect.fromResult(request.preview(city.tree, city.router, input))
    })

    return { execute, open, get, search, todo, overdue, dueSoon, allowed, actor: actorOf, preview }
  })
