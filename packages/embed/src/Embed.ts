/**
 * gridgov for hosts that do not use Effect: `start` starts it over a store URL and a
 * city, and answers with plain async functions for what a host does — report a case,
 * issue a command, read cases and work lists, the commands allowed now, file and read
 * records, publish and read notices, figures, and a check of the hash chains — and
 * `close()`.
 *
 * Every function answers an `Outcome`: `{ ok: true, value }` or `{ ok: false, error }`,
 * where `error` is plain data with a `_tag` to switch on — the tag of the core
 * service's own error (`AccessDenied`, `TransitionNotAllowed`, `CaseNotFound`,
 * `StoreError`…) with its fields and `message`, or `InputInvalid` when an argument does
 * not decode (its `message` is the Schema's, `issues` list each problem with its
 * path). Arguments are decoded at every call, so a host may pass a request's JSON
 * body as it came. Nothing here throws an Effect cause; a defect (a bug) rejects the
 * promise with a plain `Error`.
 *
 * It adds no rule of its own: each function calls one of core's services
 * (`CaseService`, `RecordService`, `NoticeService`, `AnalyticsService`) on one
 * `ManagedRuntime`, as the actor the host names with `as(who)` — a person of the
 * city's staff directory (`{ person }`: their posts today decide what they may do) or
 * a member of the public (`{ resident }`). Authentication is the host's: it decides
 * who a request comes from.
 *
 * See docs/tutorials/use-gridgov-in-your-app.md.
 *
 * @since 0.1.0
 */
import type {
  Access,
  AnalyticsService,
  Audit,
  Case,
  CaseService,
  CaseStore,
  Notice,
  NoticeService,
  NoticeStore,
  Notifier,
  RecordCipher,
  RecordService,
  Records,
  SlaSweeper
} from "@gridgov/core"
import type * as City from "./City.js"
import * as facade from "./internal/facade.js"
import type * as failure from "./internal/failure.js"
import type * as inputs from "./internal/inputs.js"
import * as startError from "./internal/startError.js"

// ---------------------------------------------------------------------------
// outcomes
// ---------------------------------------------------------------------------

/**
 * What every function answers: the value, or a failure (plain data with a `_tag`).
 *
 * @example
 * import type { Embed } from "@gridgov/embed"
 * const status = (o: Embed.Outcome<{ status: string }, { _tag: string }>) => (o.ok ? o.value.status : o.error._tag)
 *
 * @category outcomes
 * @since 0.1.0
 */
export type Outcome<A, E> = failure.Outcome<A, E>

/**
 * A core error as plain data: its `_tag`, its fields (an `AccessDenied`'s `reason`, a
 * `GuardRejected`'s `guard`, a `Tampered`'s `findings`…) and its `message`.
 *
 * @example
 * import type { CaseService } from "@gridgov/core"
 * import type { Embed } from "@gridgov/embed"
 * const notFound: Embed.Failure<CaseService.NotFound> = { _tag: "CaseNotFound", caseId: "case-1", message: "case case-1 not found" }
 *
 * @category outcomes
 * @since 0.1.0
 */
export type Failure<E> = failure.Failure<E>

/**
 * One problem of an argument that does not decode: its path from the argument's
 * root, and the Schema's message.
 *
 * @example
 * import type { Embed } from "@gridgov/embed"
 * const issue: Embed.Issue = { path: ["kind"], message: 'Expected "event" | "dispute" | "petition" | "prelitigation" | "hotline"' }
 *
 * @category outcomes
 * @since 0.1.0
 */
export type Issue = failure.Issue

/**
 * An argument that does not decode: `message` is the Schema's (every problem, each
 * with its path), `issues` the same as data. Nothing was done.
 *
 * @example
 * import type { Embed } from "@gridgov/embed"
 * const invalid: Embed.InputInvalid = {
 *   _tag: "InputInvalid", message: "Missing key\n  at [\"place\"]", issues: [{ path: ["place"], message: "Missing key" }]
 * }
 *
 * @category outcomes
 * @since 0.1.0
 */
export type InputInvalid = failure.InputInvalid

// ---------------------------------------------------------------------------
// inputs
// ---------------------------------------------------------------------------

/**
 * Who acts: a person of the city's staff directory (`{ person: "p-00017" }`: what they
 * may do follows from their posts today) or a member of the public
 * (`{ resident: "r-…" }`, any stable id of the host's user: they report, and read and
 * act on the cases they reported). The host authenticates; gridgov authorizes.
 *
 * @example
 * import type { Embed } from "@gridgov/embed"
 * const worker: Embed.Who = { person: "p-00017" }
 * const user: Embed.Who = { resident: "user-8812" }
 *
 * @category inputs
 * @since 0.1.0
 */
export type Who = inputs.Who

/**
 * A report of a new case: its kind, category (a code of the city's taxonomy), place
 * (a grid code) and optionally channel (default `public` for a resident, `app` for
 * staff), severity (default `ordinary`), track, summary (at most 2,000 characters)
 * and the role acted in (default: the first of the actor's roles that may open it).
 *
 * @example
 * import type { Embed } from "@gridgov/embed"
 * const report: Embed.Report = { kind: "event", category: "event.sanitation.garbage", place: "620981101201001", summary: "垃圾堆放" }
 *
 * @category inputs
 * @since 0.1.0
 */
export type Report = inputs.Report

/**
 * A lifecycle command: any `Case.Command` but `Open` (that is `report`), without
 * `actor` (the actor is who `as` names), with an optional `role` (default: the first
 * of the actor's roles that may issue it on the case as it is, as `CaseService` picks
 * it).
 *
 * @example
 * import type { Embed } from "@gridgov/embed"
 * const register: Embed.Command = { _tag: "Register" }
 * const verify: Embed.Command = { _tag: "Verify", passed: true, role: "gridChief" }
 *
 * @category inputs
 * @since 0.1.0
 */
export type Command = inputs.Command

/**
 * A search of cases in the actor's scope: a grid's subtree (by code), kinds, states,
 * a category prefix, the handling unit, the assignee, overdue or not, a creation
 * period (epoch ms), the order, and paging (`limit` 1–1000; `after`: the previous
 * page's `next`).
 *
 * @example
 * import type { Embed } from "@gridgov/embed"
 * const open: Embed.Search = { grid: "620981103", kinds: ["dispute"], states: ["registered", "dispatched"], limit: 20 }
 *
 * @category inputs
 * @since 0.1.0
 */
export type Search = inputs.Search

/**
 * Paging of the to-do list: page size (1–1000) and the previous page's `next`.
 *
 * @example
 * import type { Embed } from "@gridgov/embed"
 * const first: Embed.Paging = { limit: 50 }
 *
 * @category inputs
 * @since 0.1.0
 */
export type Paging = inputs.Paging

/**
 * The overdue and due-soon lists' filters: a grid's subtree, the handling unit, and paging.
 *
 * @example
 * import type { Embed } from "@gridgov/embed"
 * const housing: Embed.WorkQuery = { unit: "dept.housing", limit: 50 }
 *
 * @category inputs
 * @since 0.1.0
 */
export type WorkQuery = inputs.WorkQuery

/**
 * A record to file (`RecordService.Input`): grid, item of the taxonomy, and optionally
 * its id, task, subject, fields, note and instant.
 *
 * @example
 * import type { Embed } from "@gridgov/embed"
 * const visit: Embed.RecordInput = { grid: "620981101201001", item: "person.household", task: "visit", fields: { members: 4 } }
 *
 * @category inputs
 * @since 0.1.0
 */
export type RecordInput = inputs.RecordInput

/**
 * A list of records (`RecordService.ListQuery`): grid subtree, item prefix, task,
 * author, period, order and paging.
 *
 * @example
 * import type { Embed } from "@gridgov/embed"
 * const visits: Embed.RecordQuery = { grid: "620981101", task: "visit", descending: true, limit: 20 }
 *
 * @category inputs
 * @since 0.1.0
 */
export type RecordQuery = inputs.RecordQuery

/**
 * A notice to publish (`NoticeService.Input`): title, body, audience, and optionally
 * its id, publication instant (later: scheduled) and expiry.
 *
 * @example
 * import type { Embed } from "@gridgov/embed"
 * const flood: Embed.NoticeInput = {
 *   title: "防汛通知", body: "今晚有暴雨", audience: { public: false, grids: ["620981103"], roles: ["gridWorker"], units: [] }
 * }
 *
 * @category inputs
 * @since 0.1.0
 */
export type NoticeInput = inputs.NoticeInput

/**
 * An inbox request: unread only or all, and paging.
 *
 * @example
 * import type { Embed } from "@gridgov/embed"
 * const unread: Embed.InboxQuery = { unreadOnly: true }
 *
 * @category inputs
 * @since 0.1.0
 */
export type InboxQuery = inputs.InboxQuery

/**
 * What figures are about (`AnalyticsService.Query`): a grid's subtree, a unit, kinds,
 * a category, months (`YYYY-MM`).
 *
 * @example
 * import type { Embed } from "@gridgov/embed"
 * const year: Embed.AnalyticsQuery = { grid: "620981103", from: "2026-01", to: "2026-12" }
 *
 * @category inputs
 * @since 0.1.0
 */
export type AnalyticsQuery = inputs.AnalyticsQuery

/**
 * Options of a write: an idempotency key chosen by the client for one request (at
 * most 200 characters). The same request again with the key answers the first
 * result and writes nothing; another request with the key fails with
 * `IdempotencyKeyReused`.
 *
 * @example
 * import type { Embed } from "@gridgov/embed"
 * const once: Embed.WriteOptions = { idempotencyKey: "form-5f1c2a" }
 *
 * @category inputs
 * @since 0.1.0
 */
export type WriteOptions = inputs.ExecuteOptions

// ---------------------------------------------------------------------------
// answers
// ---------------------------------------------------------------------------

/**
 * A case as its reader sees it: the folded state, the summary row (`null` before the
 * projection has one) and the full history (hash chain, actors, routing records). A
 * resident reads the resident view (masked text, the handler as its unit).
 *
 * @example
 * import type { Embed } from "@gridgov/embed"
 * const steps = (view: Embed.CaseView) => view.history.map((e) => e.type)
 *
 * @category answers
 * @since 0.1.0
 */
export interface CaseView {
  readonly state: Case.State
  readonly summary: CaseStore.Summary | null
  readonly history: ReadonlyArray<CaseStore.StoredEvent>
}

/**
 * A page of case summaries; pass `next` as `after` for the following page.
 *
 * @example
 * import type { Embed } from "@gridgov/embed"
 * const ids = (page: Embed.Cases) => page.items.map((s) => s.streamId)
 *
 * @category answers
 * @since 0.1.0
 */
export type Cases = CaseStore.Page<CaseStore.Summary>

// ---------------------------------------------------------------------------
// failures
// ---------------------------------------------------------------------------

/**
 * Why `report` or `command` fails: an argument does not decode, the actor may not
 * (`AccessDenied`, with its reason), the category is not in the taxonomy, the case's
 * machine refuses (`TransitionNotAllowed`, `GuardRejected`, `CasePaused`,
 * `RoleNotAllowed`, `InvalidCommand`), an SLA command has nothing due, other writers
 * kept winning (`CaseConflict`), the idempotency key was used for another request,
 * or the store failed.
 *
 * @example
 * import type { Embed } from "@gridgov/embed"
 * const retry = (e: Embed.CommandError) => e._tag === "CaseConflict" || e._tag === "StoreError"
 *
 * @category failures
 * @since 0.1.0
 */
export type CommandError = InputInvalid | Failure<CaseService.ExecuteError>

/**
 * Why reading a case fails: not found (or not the actor's to read), its stored
 * history fails its hash-chain check (`Tampered`), or the store failed.
 *
 * @example
 * import type { Embed } from "@gridgov/embed"
 * const missing = (e: Embed.ReadError) => e._tag === "CaseNotFound"
 *
 * @category failures
 * @since 0.1.0
 */
export type ReadError = InputInvalid | Failure<CaseService.NotFound | Audit.Tampered | CaseStore.StoreError>

/**
 * Why a list fails: an argument does not decode, or the store failed.
 *
 * @example
 * import type { Embed } from "@gridgov/embed"
 * const invalid = (e: Embed.ListError) => e._tag === "InputInvalid"
 *
 * @category failures
 * @since 0.1.0
 */
export type ListError = InputInvalid | Failure<CaseStore.StoreError>

/**
 * Why `allowed` fails: the case is not found (or not the actor's to read), or the store failed.
 *
 * @example
 * import type { Embed } from "@gridgov/embed"
 * const missing = (e: Embed.AllowedError) => e._tag === "CaseNotFound"
 *
 * @category failures
 * @since 0.1.0
 */
export type AllowedError = InputInvalid | Failure<CaseService.NotFound | CaseStore.StoreError>

/**
 * Why `verify` fails: a hash chain is broken (`Tampered`, each finding with its
 * stream, version and what is wrong), or the store failed.
 *
 * @example
 * import type { Embed } from "@gridgov/embed"
 * const broken = (e: Embed.VerifyError) => (e._tag === "Tampered" ? e.findings.length : 0)
 *
 * @category failures
 * @since 0.1.0
 */
export type VerifyError = Failure<Audit.Tampered | CaseStore.StoreError>

// ---------------------------------------------------------------------------
// the facade
// ---------------------------------------------------------------------------

/**
 * What one actor does, as plain async functions (see the module doc for the outcomes).
 *
 * Cases (`CaseService`):
 * - `report(report, options)`: opens a case with a new id; answers the receipt (case
 *   id, kind, version, status, events written, handler);
 * - `command(caseId, command, options)`: issues a lifecycle command;
 * - `get(caseId)`: the case with its history (hash chain checked);
 * - `allowed(caseId)`: the commands the actor may issue on it now, with their fields;
 * - `list(search)`: summaries in the actor's scope;
 * - `work.todo(paging)`, `work.overdue(query)`, `work.dueSoon(withinMs, query)`: the
 *   actor's work lists (due soon: within `withinMs`, default one day).
 *
 * Records (`RecordService`): `records.file(input, options)`, `records.get(id)`,
 * `records.list(query)`. Notices (`NoticeService`): `notices.publish(input, options)`,
 * `notices.list(query)` (the actor's inbox), `notices.get(id)`, `notices.read(id)`
 * (records the first read; `true` the first time). Figures (`AnalyticsService`):
 * `analytics.report(query, by)`, `analytics.appraisal(query, by)`.
 *
 * @example
 * import type { Embed } from "@gridgov/embed"
 * declare const gridgov: Embed.Gridgov
 *
 * const worker = gridgov.as({ person: "p-00017" })
 * const opened = await worker.report({ kind: "event", category: "event.sanitation.garbage", place: "620981101201001" })
 * if (opened.ok) console.log(opened.value.caseId, opened.value.status)
 * else console.log(opened.error._tag, opened.error.message)
 *
 * @category facade
 * @since 0.1.0
 */
export interface Client {
  readonly report: (report: Report, options?: WriteOptions) => Promise<Outcome<CaseService.Receipt, CommandError>>
  readonly command: (
    caseId: string,
    command: Command,
    options?: WriteOptions
  ) => Promise<Outcome<CaseService.Receipt, CommandError>>
  readonly get: (caseId: string) => Promise<Outcome<CaseView, ReadError>>
  readonly allowed: (caseId: string) => Promise<Outcome<CaseService.Allowed, AllowedError>>
  readonly list: (search?: Search) => Promise<Outcome<Cases, ListError>>
  readonly work: {
    readonly todo: (paging?: Paging) => Promise<Outcome<Cases, ListError>>
    readonly overdue: (query?: WorkQuery) => Promise<Outcome<Cases, ListError>>
    readonly dueSoon: (withinMs?: number, query?: WorkQuery) => Promise<Outcome<Cases, ListError>>
  }
  readonly records: {
    readonly file: (
      input: RecordInput,
      options?: WriteOptions
    ) => Promise<Outcome<Records.View, InputInvalid | Failure<RecordService.FileError>>>
    readonly get: (
      id: string
    ) => Promise<Outcome<Records.View, InputInvalid | Failure<RecordService.NotFound | RecordServiceReadError>>>
    readonly list: (
      query?: RecordQuery
    ) => Promise<Outcome<RecordService.Page, InputInvalid | Failure<Access.GridNotFound | RecordServiceReadError>>>
  }
  readonly notices: {
    readonly publish: (
      input: NoticeInput,
      options?: WriteOptions
    ) => Promise<Outcome<Notice.Notice, InputInvalid | Failure<NoticeService.PublishError>>>
    readonly list: (query?: InboxQuery) => Promise<Outcome<NoticeStore.Page, ListError>>
    readonly get: (
      id: string
    ) => Promise<Outcome<Notice.Notice, InputInvalid | Failure<NoticeService.NotFound | CaseStore.StoreError>>>
    readonly read: (
      id: string
    ) => Promise<Outcome<boolean, InputInvalid | Failure<NoticeService.NotFound | CaseStore.StoreError>>>
  }
  readonly analytics: {
    readonly report: (
      query?: AnalyticsQuery,
      by?: "grid" | "unit" | "kind" | "category" | "month"
    ) => Promise<Outcome<AnalyticsService.Report, InputInvalid | Failure<AnalyticsService.QueryError>>>
    readonly appraisal: (
      query?: AnalyticsQuery,
      by?: "grid" | "unit"
    ) => Promise<
      Outcome<ReadonlyArray<AnalyticsService.Appraised>, InputInvalid | Failure<AnalyticsService.QueryError>>
    >
  }
}

type RecordServiceReadError = RecordCipher.CipherError | CaseStore.StoreError

/**
 * A started gridgov: `as(who)` for what an actor does, `verify()` to check every
 * case's hash chain in the store (the whole event log, read in pages: an operator's
 * check, not an actor's; the host decides who may run it), and `close()`, which stops
 * the SLA sweeper and the notification dispatcher and closes the store (calls after
 * it reject).
 *
 * @example
 * import type { Embed } from "@gridgov/embed"
 * declare const gridgov: Embed.Gridgov
 *
 * const checked = await gridgov.verify()
 * if (checked.ok) console.log(`${checked.value.events} events in ${checked.value.streams} cases, intact`)
 * await gridgov.close()
 *
 * @category facade
 * @since 0.1.0
 */
export interface Gridgov {
  readonly as: (who: Who) => Client
  readonly verify: () => Promise<Outcome<Audit.Verified, VerifyError>>
  readonly close: () => Promise<void>
}

/**
 * What `start` takes:
 * - `store`: a store URL (`memory`, `sqlite:PATH`, `postgres://…`; see `Store.parse`);
 * - `city`: the city (`City.Input`: a city folder `{ folder }` kept in the store, its
 *   settings, or `"yumen"` for the fixture);
 * - `sweep`: run the SLA sweeper in process, recording warnings, breaches and
 *   escalations as deadlines pass (default `true`; `SlaSweeper.Options` to tune it, e.g.
 *   `{ escalate: () => false }` to record breaches without escalating);
 * - `notify`: receive the notifications cases send (dispatch, urge, warnings…), each
 *   delivered at least once and deduplicated by `dedupeKey`; a throw or rejection is
 *   retried later. Without it no notification is written (unless the city's
 *   `channels` name some);
 * - `now`: the clock gridgov reads (epoch ms), for a host's tests (default: the system's).
 *
 * @example
 * import type { Embed } from "@gridgov/embed"
 * const options: Embed.StartOptions = {
 *   store: "sqlite:data/gridgov.db",
 *   city: "yumen",
 *   notify: (message) => console.log(message.notification.type, message.notification.caseId)
 * }
 *
 * @category facade
 * @since 0.1.0
 */
export interface StartOptions {
  readonly store: string
  readonly city: City.Input
  readonly sweep?: boolean | SlaSweeper.Options | undefined
  readonly notify?: ((message: Notifier.Message) => void | Promise<void>) | undefined
  readonly now?: (() => number) | undefined
}

/**
 * Why `start` did not start (its promise rejects with it): `StoreUrlInvalid`,
 * `AdapterMissing` (the store's adapter is not installed), `StoreUnavailable` (the
 * database could not be opened or migrated) or `CityInvalid`.
 *
 * @example
 * import { Embed } from "@gridgov/embed"
 * const started = await Embed.start({ store: "mysql://db/gridgov", city: "yumen" }).catch((e: Embed.StartError) => e._tag)
 * started // "StoreUrlInvalid"
 *
 * @category facade
 * @since 0.1.0
 */
export const StartError: typeof startError.StartError = startError.StartError

/**
 * @category facade
 * @since 0.1.0
 */
export type StartError = startError.StartError

/**
 * Starts gridgov: parses the store URL, loads its adapter, opens (and migrates) the
 * database, reads the city (a city folder: from the store, which imports the folder
 * when empty), and builds the services on one `ManagedRuntime`, with the
 * SLA sweeper (unless `sweep: false`) and the notification dispatcher (with `notify`).
 * Rejects with `StartError` if any of that fails.
 *
 * @example
 * import { Embed } from "@gridgov/embed"
 *
 * const gridgov = await Embed.start({ store: "memory", city: "yumen", sweep: false })
 * const resident = gridgov.as({ resident: "user-1" })
 * const opened = await resident.report({ kind: "event", category: "event.sanitation.garbage", place: "620981101201001" })
 * opened.ok && opened.value.status // "reported"
 * const bad = await resident.report({ kind: "event", category: "event.sanitation.garbage" } as Embed.Report)
 * bad.ok || bad.error._tag // "InputInvalid"
 * await gridgov.close()
 *
 * @category facade
 * @since 0.1.0
 */
export const start = (options: StartOptions): Promise<Gridgov> => facade.start(options)
