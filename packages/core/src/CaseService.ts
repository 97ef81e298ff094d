/**
 * The application service: runs case commands against the storage ports, and answers
 * access-checked queries.
 *
 * `execute` loads a case's stream, folds it, authorizes the command (`Access`, deny
 * by default), decides it (`Case.decide`, time from effect's `Clock`), and writes
 * everything in one append: the events, the summary projection, the SLA timer
 * changes, the outbox rows of its notifications (`Notification` v1, one row per
 * channel) and the idempotency record. Appends of concurrent commands are
 * group-committed: one writer fiber drains them into one
 * `CaseStore.appendMany` transaction (at most `batchSize`), each keeping its own
 * outcome. The same append carries the analytics counter changes of its events
 * (`Analytics.step`, summed per key: `AppendRequest.counters`), so the counters
 * projection read through `AnalyticsStore` moves with the events. A version conflict retries from the load. `Route` effects ask `Routing` for the next handler and,
 * for the reasons in `autoDispatch`, hand the case over as `system` in the same
 * append, with the routing explanation stored in the events. See
 * docs/explanation/case-service.md.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, type Option, Schema } from "effect"
import type * as Access from "./Access.js"
import type * as Audit from "./Audit.js"
import * as Case from "./Case.js"
import type * as CaseMachine from "./CaseMachine.js"
import type * as CaseStore from "./CaseStore.js"
import type * as Category from "./Category.js"
import * as Configuration from "./Configuration.js"
import type * as Idempotency from "./Idempotency.js"
import type * as allowedOf from "./internal/allowed.js"
import * as impl from "./internal/caseService.js"
import type * as internal from "./internal/service.js"
import * as kit from "./internal/serviceKit.js"
import type * as request from "./internal/serviceRequest.js"
import type * as Routing from "./Routing.js"

// ---------------------------------------------------------------------------
// configuration
// ---------------------------------------------------------------------------

/**
 * How the service runs, besides the city's configuration (which it reads from
 * `Configuration`, by version): the decider's configuration, the route reasons it
 * dispatches by itself (default `["dispatch", "escalate"]`), how many times a version
 * conflict is retried (default 5), the outbox channels its notifications are written to
 * (`channels`, default `["webhook"]`: one row per channel, each with its own delivery
 * state), how many appends one group commit takes at most (`batchSize`, default 64; 1
 * writes each command in a transaction of its own), how many recently written cases the
 * service keeps folded (`cacheSize`, default 1,024; 0 turns it off), whether `get` checks
 * the hash chain of the stream it serves (`verifyReads`, default `true`; see `get`) and
 * how new case ids are made.
 *
 * The cache only saves reading and folding a stream the service itself just wrote:
 * a command decided on a cached case is appended with that case's version as the
 * expected version, so if anyone else wrote the stream since, the append conflicts
 * and the command is retried from the store; a command refused on a cached case is
 * decided again on the stored one before it is refused.
 *
 * @example
 * import type { CaseService } from "@gridgov/core"
 * const options: CaseService.Options = { autoDispatch: ["dispatch", "escalate", "reopen"], batchSize: 32 }
 *
 * @category config
 * @since 0.1.0
 */
export interface Options {
  readonly decider?: Case.Config | undefined
  readonly autoDispatch?: ReadonlyArray<CaseMachine.RouteReason> | undefined
  readonly maxAttempts?: number | undefined
  readonly channels?: ReadonlyArray<string> | undefined
  readonly batchSize?: number | undefined
  readonly cacheSize?: number | undefined
  readonly verifyReads?: boolean | undefined
  readonly newId?: Effect.Effect<string> | undefined
}

/**
 * `Options` with a static configuration: the grid tree, the calendar and SLA table the
 * clocks run on, the compiled router (its category taxonomy is the one every new case's
 * category is checked against, `Category.check`) and the staff directory (default:
 * nobody). What tests and simple hosts give {@link layerConfig}; a host that keeps its
 * city in the store gives {@link layerOptions} and `Configuration.layerStore` instead.
 *
 * @example
 * import { CaseService, Routing, Sla } from "@gridgov/core"
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * import { Yumen } from "@gridgov/testing"
 * import { Result } from "effect"
 *
 * const city = Yumen.make()
 * const settings: CaseService.Settings = {
 *   tree: city.tree, directory: city.directory, calendar: CalendarCn.calendar(),
 *   sla: Result.getOrThrow(Sla.make(Yumen.sla)), router: Result.getOrThrow(Routing.compile(Yumen.routing))
 * }
 *
 * @category config
 * @since 0.1.0
 */
export interface Settings extends Options, Configuration.Pieces {}

/**
 * `Options` with every default filled in: what the `Config` service holds.
 *
 * @example
 * import type { CaseService } from "@gridgov/core"
 * const attempts = (env: CaseService.Environment) => env.maxAttempts
 *
 * @category config
 * @since 0.1.0
 */
export interface Environment extends Omit<internal.Env, "city"> {
  readonly batchSize: number
  readonly cacheSize: number
  readonly verifyReads: boolean
  readonly newId: Effect.Effect<string>
}

/**
 * Fills in the defaults of `Options`.
 *
 * @example
 * import { CaseService } from "@gridgov/core"
 * CaseService.environment({}).maxAttempts // 5
 *
 * @category config
 * @since 0.1.0
 */
export const environment = (options: Options): Environment => ({
  decider: options.decider ?? Case.defaultConfig,
  autoDispatch: options.autoDispatch ?? ["dispatch", "escalate"],
  maxAttempts: Math.max(1, Math.floor(options.maxAttempts ?? 5)),
  channels: [...new Set(options.channels ?? ["webhook"])],
  batchSize: Math.max(1, Math.floor(options.batchSize ?? 64)),
  cacheSize: Math.max(0, Math.floor(options.cacheSize ?? 1_024)),
  verifyReads: options.verifyReads ?? true,
  newId: options.newId ?? kit.newId("case")
})

/**
 * The service's settings as a service.
 *
 * @example
 * import { Effect } from "effect"
 * import { CaseService } from "@gridgov/core"
 * const channels = Effect.map(Effect.service(CaseService.Config), (env) => env.channels)
 *
 * @category config
 * @since 0.1.0
 */
export class Config extends Context.Service<Config, Environment>()("@gridgov/core/CaseService/Config") {}

/**
 * Provides `Config` from `Options`; the city comes from a `Configuration` layer of its
 * own (`Configuration.layerStore` for a city kept in the store).
 *
 * @example
 * import { CaseService } from "@gridgov/core"
 * const config = CaseService.layerOptions({ channels: ["webhook", "email"] })
 *
 * @category config
 * @since 0.1.0
 */
export const layerOptions = (options: Options = {}): Layer.Layer<Config> => Layer.succeed(Config, environment(options))

/**
 * Provides `Config` and a static `Configuration` (`Configuration.layerStatic`) from
 * `Settings`: a city that never changes, for tests and simple hosts.
 *
 * @example
 * import { CaseService } from "@gridgov/core"
 * declare const settings: CaseService.Settings
 * const config = CaseService.layerConfig(settings)
 *
 * @category config
 * @since 0.1.0
 */
export const layerConfig = (settings: Settings): Layer.Layer<Config | Configuration.Configuration> =>
  Layer.merge(layerOptions(settings), Configuration.layerStatic(settings))

// ---------------------------------------------------------------------------
// models
// ---------------------------------------------------------------------------

/**
 * What a command returns (and what its idempotency key remembers): the case, its
 * kind, the version and machine state after the command, the events written with
 * their versions, the handler, and whether this is the recorded result of an earlier
 * request with the same key (`replayed`), in which case nothing was written.
 *
 * @example
 * import type { CaseService } from "@gridgov/core"
 * const dispatched = (r: CaseService.Receipt) => r.events.some((e) => e.type === "Dispatched")
 *
 * @category models
 * @since 0.1.0
 */
export interface Receipt extends internal.Receipt {
  readonly replayed: boolean
}

/**
 * Options of `execute` and `open`: an idempotency key chosen by the client for one
 * request, and what that key is bound to.
 *
 * The key is the actor's (`Idempotency.scope`) and is bound to the request
 * (`Idempotency.fingerprint`): for `execute`, the case id and the command; for
 * `open`, the fields of the case to open (not the id the service makes). The same
 * request repeated with the key returns the first receipt (`replayed: true`) and
 * writes nothing; another request with the key fails with
 * `Idempotency.KeyReused` and writes nothing.
 *
 * `request` replaces the command (or the fields) as what the key is bound to, for
 * a caller that derives the command from a request with choices that depend on
 * the case's state: HTTP binds to the body as decoded, because the role it acts in,
 * when the body names none, is picked on the case as it is, and a retry after the
 * command went through would pick another. Give plain data (JSON).
 *
 * @example
 * import type { CaseService } from "@gridgov/core"
 * const options: CaseService.ExecuteOptions = { idempotencyKey: "2b0c6f9e-request-1" }
 *
 * @category models
 * @since 0.1.0
 */
export interface ExecuteOptions {
  readonly idempotencyKey?: string | undefined
  readonly request?: unknown
}

/**
 * A command as `execute` takes it: a `Case.Command`, whose `actor` (who issues it, and
 * in which role) may be left out. The service then issues it as the actor, in their
 * only role, or else in the first of their roles that `Access` lets issue the command
 * on the case as it is (their first role when none may, or when they may not read
 * the case: the refusal is then the answer).
 *
 * @example
 * import type { CaseService } from "@gridgov/core"
 * const register: CaseService.CommandInput = { _tag: "Register" }
 *
 * @category models
 * @since 0.1.0
 */
export type CommandInput = request.CommandInput

/**
 * A case to open, as `open` takes it: the fields of `Open` but its id (the service
 * makes one), where the place may be given as a point (`{ long, lat }`: the grid it
 * lies in; a grid code in `place` wins), the severity defaults to `ordinary`, the
 * actor reference may be left out (the reporter's role is then picked as for
 * `CommandInput`) and the channel defaults to `public` for a member of the public and
 * `app` for staff.
 *
 * @example
 * import type { CaseService } from "@gridgov/core"
 * const pothole: CaseService.OpenInput = { kind: "event", category: "event.facility.road", point: { long: 97.05, lat: 40.29 } }
 *
 * @category models
 * @since 0.1.0
 */
export interface OpenInput extends request.OpenInput {}

/**
 * What `preview` routes: a case's kind, category and place (a grid code), and the
 * severity, track and channel routing rules may look at.
 *
 * @example
 * import type { CaseService } from "@gridgov/core"
 * const water: CaseService.PreviewInput = { kind: "dispute", category: "dispute.water", place: "620981103" }
 *
 * @category queries
 * @since 0.1.0
 */
export interface PreviewInput extends request.PreviewInput {}

/**
 * A case as its reader sees it: the folded state, its summary row and the full
 * history as stored (hash chain, actors, and what the service recorded: the post
 * acted under and routing explanations). `get` has checked the history's hash
 * chain against the summary's version (unless `verifyReads` is off).
 *
 * @example
 * import type { CaseService } from "@gridgov/core"
 * const steps = (view: CaseService.CaseView) => view.history.map((e) => e.type)
 *
 * @category models
 * @since 0.1.0
 */
export interface CaseView {
  readonly state: Case.State
  readonly summary: Option.Option<CaseStore.Summary>
  readonly history: ReadonlyArray<CaseStore.StoredEvent>
}

/**
 * A search: the store's summary query with the grid given as a code (its subtree).
 *
 * @example
 * import type { CaseService } from "@gridgov/core"
 * const search: CaseService.Search = { grid: "620981103", kinds: ["dispute"], category: "dispute.water", limit: 20 }
 *
 * @category queries
 * @since 0.1.0
 */
export interface Search extends Omit<CaseStore.SummaryQuery, "grid" | "scope"> {
  readonly grid?: string | undefined
}

/**
 * Paging of a work list: page size and the previous page's `next`.
 *
 * @example
 * import type { CaseService } from "@gridgov/core"
 * const first: CaseService.Paging = { limit: 50 }
 *
 * @category queries
 * @since 0.1.0
 */
export interface Paging {
  readonly limit?: number | undefined
  readonly after?: CaseStore.Cursor | undefined
}

/**
 * A work list's filters besides paging: a grid subtree (by code; an unknown code
 * gives an empty list) and a unit (the unit that handles the case now, exactly), both
 * within the actor's scope.
 *
 * @example
 * import type { CaseService } from "@gridgov/core"
 * const late: CaseService.WorkQuery = { grid: "620981103", unit: "dept.housing", limit: 50 }
 *
 * @category queries
 * @since 0.1.0
 */
export interface WorkQuery extends Paging {
  readonly grid?: string | undefined
  readonly unit?: string | undefined
}

/**
 * One payload field of an allowed command: its name, whether it may be left out, its
 * type (`text`, `integer`, `boolean`, `choice`, `handler` — a `{ unit, level?, person? }`
 * — or `list` of texts) and, for a field the rules look at (a literal, a boolean, a
 * clock's name), the values that pass now (`choices`). An optional field's `choices`
 * are all the values its schema takes.
 *
 * @example
 * import type { CaseService } from "@gridgov/core"
 * const verdict: CaseService.AllowedField = { name: "passed", optional: false, type: "boolean", choices: [true, false] }
 *
 * @category models
 * @since 0.1.0
 */
export interface AllowedField extends allowedOf.Field {}

/**
 * A command the actor may issue now: its tag, the roles they may issue it in (the
 * first is the one `execute` picks for a command that names no actor), and its payload fields.
 *
 * @example
 * import type { CaseService } from "@gridgov/core"
 * const urge: CaseService.Allowance = { command: "Urge", roles: ["dispatcher"], fields: [{ name: "note", optional: false, type: "text" }] }
 *
 * @category models
 * @since 0.1.0
 */
export interface Allowance extends allowedOf.Allowance {}

/**
 * What `allowed` answers: the case's kind, state and version as it was read, and the
 * commands the actor may issue on it now.
 *
 * @example
 * import type { CaseService } from "@gridgov/core"
 * const buttons = (a: CaseService.Allowed) => a.commands.map((c) => c.command)
 *
 * @category models
 * @since 0.1.0
 */
export interface Allowed {
  readonly caseId: string
  readonly kind: string
  readonly status: string
  readonly version: number
  readonly commands: ReadonlyArray<Allowance>
}

// ---------------------------------------------------------------------------
// errors
// ---------------------------------------------------------------------------

/**
 * The case does not exist, or the reader may not see it: the two cannot be told apart.
 *
 * @example
 * import { CaseService } from "@gridgov/core"
 * new CaseService.NotFound({ caseId: "case-1" }).message // "case case-1 not found"
 *
 * @category errors
 * @since 0.1.0
 */
export class NotFound extends Schema.TaggedError<NotFound>()("CaseNotFound", { caseId: Schema.String }) {
  override get message(): string {
    return `case ${this.caseId} not found`
  }
}

/**
 * Other writers kept appending to the case: the command was decided `attempts`
 * times and each append lost the race. Nothing was written; the caller may retry.
 *
 * @example
 * import { CaseService } from "@gridgov/core"
 * new CaseService.Conflict({ caseId: "case-1", attempts: 5 })._tag // "CaseConflict"
 *
 * @category errors
 * @since 0.1.0
 */
export class Conflict extends Schema.TaggedError<Conflict>()("CaseConflict", {
  caseId: Schema.String,
  attempts: Schema.Number
}) {
  override get message(): string {
    return `case ${this.caseId}: version conflict after ${this.attempts} attempts`
  }
}

/**
 * A `SlaWarn` or `SlaBreach` for a clock that has no warning (or breach) due now: the
 * clock stopped, was paused or extended, or the warning was recorded already.
 *
 * @example
 * import { CaseService } from "@gridgov/core"
 * new CaseService.NotDue({ caseId: "case-1", clock: "handle" })._tag // "SlaNotDue"
 *
 * @category errors
 * @since 0.1.0
 */
export class NotDue extends Schema.TaggedError<NotDue>()("SlaNotDue", {
  caseId: Schema.String,
  clock: Schema.String
}) {}

/**
 * Why `execute` fails.
 *
 * @example
 * import type { CaseService } from "@gridgov/core"
 * const retryable = (e: CaseService.ExecuteError) => e._tag === "CaseConflict" || e._tag === "StoreError"
 *
 * @category errors
 * @since 0.1.0
 */
export type ExecuteError =
  | Idempotency.KeyReused
  | Access.Denied
  | Category.Rejected
  | Case.DecideError
  | Case.InvalidCommand
  | NotDue
  | Conflict
  | CaseStore.StoreError

// ---------------------------------------------------------------------------
// the service
// ---------------------------------------------------------------------------

/**
 * The case service.
 *
 * - `execute(caseId, command, actor, options)`: runs a command (see the module doc);
 *   a command without its `actor` is issued in the role `CommandInput` says.
 * - `open(fields, actor, options)`: opens a case with a new id (`OpenInput`: the place
 *   as a grid code or a point, the role, channel and severity defaulted), or fails
 *   with `Case.InvalidCommand` when the point lies in no grid or no place is given.
 * - `get(caseId, actor)`: the case with its history, or `NotFound` (also when the
 *   actor may not read it). It checks the stream's hash chain first (`Audit.verify`,
 *   with the summary's version as the stream's head, so a deleted tail is found
 *   too) and fails with `Audit.Tampered`, naming each broken link (stream, version,
 *   edited / deleted / inserted), rather than serve an edited history; `verifyReads:
 *   false` turns the check off for deployments that verify elsewhere. `execute` does
 *   not re-check the streams it loads: run `Audit.verify` over `CaseStore.readAll`
 *   (the CLI's audit) to check every stream. A reader who reads as the public
 *   (`Access.readsAsPublic`) gets the resident view, in lists too: free text with
 *   phone and ID numbers masked (`Mask`), the handler as its unit, no staff ids,
 *   posts, routing records or hashes.
 * - `search(search, actor)`: summaries in the actor's scope, by grid subtree, kind,
 *   state, category, period…, with cursor paging.
 * - `todo(actor, paging)`: open cases assigned to the actor, or held by one of the
 *   actor's units or grids, or held by nobody (not dispatched yet, or handed back
 *   by a return, transfer or escalation) in a state from which one of the actor's
 *   posts moves them on and within that post's reach (a dispatcher's queue);
 *   `overdue(actor, paging)`: open cases with a breached
 *   clock; `dueSoon(actor, withinMs, paging)`: open cases due within `withinMs` (default a day), not
 *   yet overdue, earliest first. All within the actor's scope.
 * - `allowed(caseId, actor)`: the commands the actor may issue on the case now, each
 *   with the roles it may be issued in and its payload fields. Each command is planned
 *   as `execute` plans it (`Access`, the SLA due check, the machine's rows and guards)
 *   with probe payloads: every value of each field a guard may look at (literals,
 *   booleans, the kind's clock names), one plain value for the others. So a command is
 *   listed iff `execute` would take it with some payload, and `choices` say which
 *   values of those fields pass; a free field's content is not judged (a text, the
 *   days of an extension within `Case.Config.maxExtensionDays`, a duplicate's id other
 *   than the case's own). `NotFound` when the actor may not read the case.
 *   Work lists take `WorkQuery` filters (grid subtree, unit).
 * - `actor(person)`: the actor a person is now: `Access.actor` over the configuration's
 *   current staff directory on today's date in the calendar's zone (so a post an
 *   administrator adds is held from the next call on).
 * - `preview(input)`: where a case would be routed now, and why (`Routing.explain`
 *   on the place's path), or `Access.GridNotFound` when the place is not a grid.
 *
 * @example
 * import { Effect } from "effect"
 * import { Access, CaseService } from "@gridgov/core"
 *
 * const report = Effect.gen(function* () {
 *   const cases = yield* CaseService.CaseService
 *   return yield* cases.open(
 *     { actor: { id: "r-1", role: "public" }, kind: "event", category: "event.sanitation.garbage",
 *       place: "620981101201", channel: "public", severity: "ordinary" },
 *     Access.resident("r-1"),
 *     { idempotencyKey: "r-1/2025-03-03/1" }
 *   )
 * })
 *
 * @category services
 * @since 0.1.0
 */
export class CaseService extends Context.Service<
  CaseService,
  {
    readonly execute: (
      caseId: string,
      command: CommandInput,
      actor: Access.Actor,
      options?: ExecuteOptions
    ) => Effect.Effect<Receipt, ExecuteError>
    readonly open: (
      fields: OpenInput,
      actor: Access.Actor,
      options?: ExecuteOptions
    ) => Effect.Effect<Receipt, ExecuteError>
    readonly get: (
      caseId: string,
      actor: Access.Actor
    ) => Effect.Effect<CaseView, NotFound | Audit.Tampered | CaseStore.StoreError>
    readonly search: (
      search: Search,
      actor: Access.Actor
    ) => Effect.Effect<CaseStore.Page<CaseStore.Summary>, CaseStore.StoreError>
    readonly todo: (
      actor: Access.Actor,
      paging?: Paging
    ) => Effect.Effect<CaseStore.Page<CaseStore.Summary>, CaseStore.StoreError>
    readonly overdue: (
      actor: Access.Actor,
      paging?: WorkQuery
    ) => Effect.Effect<CaseStore.Page<CaseStore.Summary>, CaseStore.StoreError>
    readonly dueSoon: (
      actor: Access.Actor,
      withinMs?: number | undefined,
      paging?: WorkQuery
    ) => Effect.Effect<CaseStore.Page<CaseStore.Summary>, CaseStore.StoreError>
    readonly allowed: (caseId: string, actor: Access.Actor) => Effect.Effect<Allowed, NotFound | CaseStore.StoreError>
    readonly actor: (person: string) => Effect.Effect<Access.Actor>
    readonly preview: (input: PreviewInput) => Effect.Effect<Routing.Explanation, Access.GridNotFound>
  }
>()("@gridgov/core/CaseService") {}

/**
 * The machine states that are not final in any kind: what work lists show.
 *
 * @example
 * import { CaseService } from "@gridgov/core"
 * CaseService.openStates.includes("handling") // true
 *
 * @category queries
 * @since 0.1.0
 */
export const openStates: ReadonlyArray<string> = impl.openStates

/**
 * The case service over the storage ports (`CaseStore`, `Idempotency`), the live
 * `Configuration` and `Config`. With a city kept in the store:
 *
 * @example
 * import { Layer } from "effect"
 * import { CaseService, Configuration } from "@gridgov/core"
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * import { SqliteStore } from "@gridgov/storage-sqlite"
 *
 * const store = SqliteStore.layer({ filename: "gridgov.db" })
 * const live = CaseService.layer.pipe(
 *   Layer.provide(CaseService.layerOptions()),
 *   Layer.provide(Configuration.layerStore({ calendar: CalendarCn.builder() })),
 *   Layer.provideMerge(store)
 * )
 *
 * @category layers
 * @since 0.1.0
 */
export const layer: Layer.Layer<
  CaseService,
  never,
  Config | CaseStore.CaseStore | Idempotency.Idempotency | Configuration.Configuration
> = Layer.effect(
  CaseService,
  Effect.gen(function* () {
    return CaseService.of(yield* impl.make(yield* Config, { NotFound, Conflict, NotDue }))
  })
)
