/**
 * The case store port: event streams with optimistic concurrency, a case summary
 * projection kept in the same transaction, and queries over the summaries.
 *
 * One `append` is one atomic transaction: the events (unique on stream and
 * version), the summary upsert, timer changes, outbox rows and the idempotency
 * record are all written, or none is. Adapters: `@gridgov/testing`'s `Memory`,
 * `@gridgov/storage-sqlite`, `@gridgov/storage-postgres`; all pass the same
 * conformance suite.
 *
 * @since 0.1.0
 */
import { Context, type Effect, type Option, Schema } from "effect"
import type * as Arr from "effect/Array"
import type * as AnalyticsStore from "./AnalyticsStore.js"
import * as Grid from "./Grid.js"
import type * as Outbox from "./Outbox.js"
import type * as Timers from "./Timers.js"

/**
 * A JSON value: what payloads, actors, summary bodies and results are stored as.
 *
 * @example
 * import type { CaseStore } from "@gridgov/core"
 * const payload: CaseStore.Json = { note: "water pipe burst", photos: 2 }
 *
 * @category models
 * @since 0.1.0
 */
export type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json }

/**
 * Who recorded an event: a person id and the roles they acted in.
 *
 * @example
 * import type { CaseStore } from "@gridgov/core"
 * const actor: CaseStore.Actor = { id: "p-17", roles: ["gridWorker"] }
 *
 * @category models
 * @since 0.1.0
 */
export interface Actor {
  readonly id: string
  readonly roles: ReadonlyArray<string>
}

/**
 * An event to append: its type, the version of its payload schema (`v`), the
 * payload, the actor and the instant (epoch ms). The store adds the stream
 * version, the global position and the hash chain.
 *
 * @example
 * import type { CaseStore } from "@gridgov/core"
 * const event: CaseStore.NewEvent = {
 *   type: "Reported", v: 1, payload: { category: "dispute.water" },
 *   actor: { id: "p-17", roles: ["gridWorker"] }, at: 1_700_000_000_000
 * }
 *
 * @category models
 * @since 0.1.0
 */
export interface NewEvent {
  readonly type: string
  readonly v: number
  readonly payload: Json
  readonly actor: Actor
  readonly at: number
}

/**
 * An event as stored: `version` counts from 1 within its stream, `position` is
 * global and increasing in commit order, `hash` is SHA-256 over the event's
 * canonical encoding and `prevHash` (the hash of the previous event in the
 * stream, or `Audit.genesis`). See `Audit`.
 *
 * @example
 * import type { CaseStore } from "@gridgov/core"
 * const versions = (events: ReadonlyArray<CaseStore.StoredEvent>) => events.map((e) => e.version)
 *
 * @category models
 * @since 0.1.0
 */
export interface StoredEvent extends NewEvent {
  readonly streamId: string
  readonly version: number
  readonly position: number
  readonly prevHash: string
  readonly hash: string
}

/**
 * The case summary projection: the columns that lists, work lists and analytics
 * query, plus a JSON `body` for the rest.
 *
 * - `gridPre` is the **rank** of the case's grid: its pre-order number in the tree
 *   (`Grid.interval(tree, id).pre`), so "inside grid G" is
 *   `gridPre BETWEEN Grid.interval(tree, G).pre AND Grid.interval(tree, G).post`.
 *   `gridPost` is the end of the grid's own subtree interval (kept for reference).
 *   Both change when the tree changes: see `rerank`.
 * - `reporter`: the member of the public who reported the case, if any; `held`: the
 *   units that hold or held the case. Scoped queries (`SummaryQuery.scope`) filter
 *   on them.
 * - `version` is the stream version the summary reflects.
 *
 * @example
 * import type { CaseStore } from "@gridgov/core"
 * const late = (s: CaseStore.Summary, now: number) => s.dueAt !== null && s.dueAt < now
 *
 * @category models
 * @since 0.1.0
 */
export interface Summary {
  readonly streamId: string
  readonly kind: string
  readonly state: string
  readonly category: string
  readonly gridCode: string
  readonly gridPre: number
  readonly gridPost: number
  readonly unit: string | null
  readonly assignee: string | null
  readonly reporter: string | null
  readonly held: ReadonlyArray<string>
  readonly dueAt: number | null
  readonly overdue: boolean
  readonly createdAt: number
  readonly updatedAt: number
  readonly version: number
  readonly body: Json
}

/**
 * A summary to upsert with an append; the store sets its `version` (and its
 * `streamId`, to the appended stream's).
 *
 * @example
 * import type { CaseStore } from "@gridgov/core"
 * const input: CaseStore.SummaryInput = {
 *   kind: "dispute", state: "registered", category: "dispute.water", gridCode: "620981001",
 *   gridPre: 10, gridPost: 10, unit: "committee.water", assignee: null, reporter: null,
 *   held: ["committee.water"], dueAt: null, overdue: false, createdAt: 0, updatedAt: 0, body: {}
 * }
 *
 * @category models
 * @since 0.1.0
 */
export type SummaryInput = Omit<Summary, "version" | "streamId">

/**
 * What one `append` writes, atomically.
 *
 * - `expectedVersion`: the stream version the events were decided against
 *   (0 for a new stream); anything else fails with `VersionConflict` and writes nothing.
 * - `summary`: upserted, with `version` set to the new stream version.
 * - `timers`: timers to schedule (upsert by id) or cancel.
 * - `outbox`: messages to deliver; a `dedupeKey` already present is skipped.
 * - `idempotency`: if `key` was recorded before, nothing is written and the
 *   recorded entry is returned (`Replayed`, with the first `result` and the
 *   `fingerprint` it was recorded with: the caller compares it to its own, see
 *   `Idempotency.replay`); otherwise `key` is recorded with `fingerprint` and
 *   `result`, in the same transaction as the events.
 * - `counters`: analytics counter changes (`AnalyticsStore.Change`, summed per key),
 *   each added to its persisted counter (`value = value + delta`), read back
 *   through the `AnalyticsStore` port. `CaseService` fills it from `Analytics.step`.
 *
 * @example
 * import type { CaseStore } from "@gridgov/core"
 * const request: CaseStore.AppendRequest = {
 *   streamId: "case-1", expectedVersion: 0,
 *   events: [{ type: "Reported", v: 1, payload: {}, actor: { id: "p-1", roles: ["public"] }, at: 0 }]
 * }
 *
 * @category models
 * @since 0.1.0
 */
export interface AppendRequest {
  readonly streamId: string
  readonly expectedVersion: number
  readonly events: Arr.NonEmptyReadonlyArray<NewEvent>
  readonly summary?: SummaryInput | undefined
  readonly timers?: ReadonlyArray<Timers.Change> | undefined
  readonly outbox?: ReadonlyArray<Outbox.Message> | undefined
  readonly idempotency?: { readonly key: string; readonly fingerprint: string; readonly result: Json } | undefined
  readonly counters?: ReadonlyArray<AnalyticsStore.Change> | undefined
}

/**
 * The outcome of an append: the stored events and the new version, or, for an
 * idempotency key seen before, the result recorded the first time and the
 * fingerprint of the request it was recorded for (`null` for a key recorded before
 * keys were bound to requests; see `Idempotency.Entry`).
 *
 * @example
 * import type { CaseStore } from "@gridgov/core"
 * const version = (r: CaseStore.AppendResult) => (r._tag === "Appended" ? r.version : undefined)
 *
 * @category models
 * @since 0.1.0
 */
export type AppendResult =
  | { readonly _tag: "Appended"; readonly version: number; readonly events: ReadonlyArray<StoredEvent> }
  | { readonly _tag: "Replayed"; readonly result: Json; readonly fingerprint: string | null }

/**
 * The outcome of one request of `appendMany`: appended, replayed (its
 * idempotency key was recorded before, possibly by an earlier request of the same
 * batch), or refused with its `VersionConflict` (nothing of that request was
 * written; the other requests of the batch were).
 *
 * @example
 * import type { CaseStore } from "@gridgov/core"
 * const retry = (o: CaseStore.AppendOutcome) => o._tag === "VersionConflict"
 *
 * @category models
 * @since 0.1.0
 */
export type AppendOutcome = AppendResult | VersionConflict

/**
 * Where a page ended: the sort key and stream id of its last row. Pass it back as
 * `after` for the next page (keyset paging: stable under inserts).
 *
 * @example
 * import type { CaseStore } from "@gridgov/core"
 * const cursor: CaseStore.Cursor = { key: 1_700_000_000_000, streamId: "case-9" }
 *
 * @category queries
 * @since 0.1.0
 */
export interface Cursor {
  readonly key: number
  readonly streamId: string
}

/**
 * A reader's scope as a filter (see `Access.scope`): a case is in it when its rank
 * (`gridPre`) lies in one of the `grids` intervals, one of the `units` holds or
 * held it (`held`), or `reporter` reported it. An empty scope admits nothing.
 *
 * @example
 * import type { CaseStore } from "@gridgov/core"
 * const scope: CaseStore.Scope = { grids: [{ pre: 4, post: 9 }], units: ["dept.water"], reporter: null }
 *
 * @category queries
 * @since 0.1.0
 */
export interface Scope {
  readonly grids: ReadonlyArray<{ readonly pre: number; readonly post: number }>
  readonly units: ReadonlyArray<string>
  readonly reporter: string | null
}

/**
 * A summary query. Every filter is optional and they combine with AND.
 *
 * - `grid`: cases whose rank (`gridPre`) lies in `[pre, post]`: a grid subtree,
 *   given as `Grid.interval(tree, id)`.
 * - `scope`: cases a reader may see (`Scope`), applied by the store, so pages are
 *   full and keyset paging stays exact.
 * - `category`: the code itself or any code below it on segment boundaries
 *   (`dispute` matches `dispute.water`, not `disputes`).
 * - `unit`: the handler's unit; `null` for cases nobody holds (not dispatched
 *   yet, or handed back by a return, transfer or escalation).
 * - `createdFrom` (inclusive) / `createdTo` (exclusive): the period, on `createdAt`.
 * - `dueBefore`: `dueAt < dueBefore` (due soon, or overdue when it is now).
 * - `orderBy` (default `createdAt`) then `streamId`, ascending unless
 *   `descending`; ordering by `dueAt` leaves out cases without a due time.
 * - `limit`: 1 to 1000, default 50; `after`: the previous page's `next`.
 *
 * @example
 * import type { CaseStore } from "@gridgov/core"
 * const workList: CaseStore.SummaryQuery = { assignee: "p-17", states: ["assigned"], orderBy: "dueAt" }
 *
 * @category queries
 * @since 0.1.0
 */
export interface SummaryQuery {
  readonly grid?: { readonly pre: number; readonly post: number } | undefined
  readonly scope?: Scope | undefined
  readonly kinds?: ReadonlyArray<string> | undefined
  readonly states?: ReadonlyArray<string> | undefined
  readonly category?: string | undefined
  readonly unit?: string | null | undefined
  readonly assignee?: string | undefined
  readonly overdue?: boolean | undefined
  readonly createdFrom?: number | undefined
  readonly createdTo?: number | undefined
  readonly dueBefore?: number | undefined
  readonly orderBy?: "createdAt" | "updatedAt" | "dueAt" | undefined
  readonly descending?: boolean | undefined
  readonly limit?: number | undefined
  readonly after?: Cursor | undefined
}

/**
 * One page of a query: the rows and, when more may follow, the cursor to pass as
 * `after`.
 *
 * @example
 * import type { CaseStore } from "@gridgov/core"
 * const more = (page: CaseStore.Page<CaseStore.Summary>) => page.next !== undefined
 *
 * @category queries
 * @since 0.1.0
 */
export interface Page<A> {
  readonly items: ReadonlyArray<A>
  readonly next: Cursor | undefined
}

/**
 * A grid's rank and subtree interval, for `rerank`: the new `gridPre` and
 * `gridPost` of every summary whose `gridCode` is `gridCode`.
 *
 * @example
 * import type { CaseStore } from "@gridgov/core"
 * const rank: CaseStore.Rank = { gridCode: "620981101201", pre: 12, post: 20 }
 *
 * @category models
 * @since 0.1.0
 */
export interface Rank {
  readonly gridCode: string
  readonly pre: number
  readonly post: number
}

/**
 * Every grid's rank in a tree, for `rerank` after the tree changed: the
 * grid's `Grid.interval` under its code.
 *
 * @example
 * import { CaseStore, Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * CaseStore.ranks(tree) // [{ gridCode: "620981", pre: 0, post: 0 }]
 *
 * @category models
 * @since 0.1.0
 */
export const ranks = (tree: Grid.Tree): Array<Rank> =>
  tree.records.map((record, id) => ({ gridCode: record.code, ...Grid.interval(tree, id) }))

/**
 * The largest `limit` a query accepts.
 *
 * @example
 * import { CaseStore } from "@gridgov/core"
 * CaseStore.maxLimit // 1000
 *
 * @category queries
 * @since 0.1.0
 */
export const maxLimit = 1000

/**
 * The page size of a query: `limit` clamped to 1…`maxLimit`, 50 when absent.
 *
 * @example
 * import { CaseStore } from "@gridgov/core"
 * CaseStore.pageSize({ limit: 5000 }) // 1000
 *
 * @category queries
 * @since 0.1.0
 */
export const pageSize = (query: SummaryQuery): number => Math.max(1, Math.min(maxLimit, Math.floor(query.limit ?? 50)))

/**
 * The append's `expectedVersion` was not the stream's version: someone else
 * appended first. Nothing was written; reload, decide again, retry.
 *
 * @example
 * import { CaseStore } from "@gridgov/core"
 * new CaseStore.VersionConflict({ streamId: "case-1", expected: 2, actual: 3 })
 *
 * @category errors
 * @since 0.1.0
 */
export class VersionConflict extends Schema.TaggedError<VersionConflict>()("VersionConflict", {
  streamId: Schema.String,
  expected: Schema.Number,
  actual: Schema.Number
}) {}

/**
 * The storage backend failed (connection, disk, a row that does not decode).
 * `operation` names the port method.
 *
 * @example
 * import { CaseStore } from "@gridgov/core"
 * new CaseStore.StoreError({ operation: "append", message: "disk full", cause: null })
 *
 * @category errors
 * @since 0.1.0
 */
export class StoreError extends Schema.TaggedError<StoreError>()("StoreError", {
  operation: Schema.String,
  message: Schema.String,
  cause: Schema.Defect()
}) {}

/**
 * The case store service.
 *
 * - `load(streamId)`: the stream's events in version order (empty if none).
 * - `append(request)`: see `AppendRequest`.
 * - `appendMany(requests)`: several appends in ONE transaction, in
 *   order, each seeing the ones before it (two requests on one stream chain;
 *   a key recorded by an earlier request replays). Each gets its own outcome:
 *   a `VersionConflict` or a replay writes nothing of that request and the
 *   others still commit. A storage failure fails the call and writes nothing.
 *   This is group commit: one commit for many commands.
 * - `rerank(ranks)`: sets `gridPre`/`gridPost` of the summaries of each grid
 *   code listed (and the rank of the analytics counters of that code), in one
 *   transaction; returns how many summaries changed. Run it
 *   with `ranks(tree)` after the grid tree changed (pre-order numbers move).
 * - `readAll(after, limit)`: events with `position > after`, in position
 *   order, for projections and rebuilds.
 * - `summary(streamId)` and `search(query)`: the summary projection.
 *
 * @example
 * import { Effect } from "effect"
 * import { CaseStore } from "@gridgov/core"
 *
 * const report = Effect.gen(function*() {
 *   const store = yield* CaseStore.CaseStore
 *   return yield* store.append({
 *     streamId: "case-1", expectedVersion: 0,
 *     events: [{ type: "Reported", v: 1, payload: {}, actor: { id: "p-1", roles: ["public"] }, at: 0 }]
 *   })
 * })
 *
 * @category services
 * @since 0.1.0
 */
export class CaseStore extends Context.Service<
  CaseStore,
  {
    readonly load: (streamId: string) => Effect.Effect<ReadonlyArray<StoredEvent>, StoreError>
    readonly append: (request: AppendRequest) => Effect.Effect<AppendResult, VersionConflict | StoreError>
    readonly appendMany: (
      requests: ReadonlyArray<AppendRequest>
    ) => Effect.Effect<ReadonlyArray<AppendOutcome>, StoreError>
    readonly rerank: (ranks: ReadonlyArray<Rank>) => Effect.Effect<number, StoreError>
    readonly readAll: (after: number, limit: number) => Effect.Effect<ReadonlyArray<StoredEvent>, StoreError>
    readonly summary: (streamId: string) => Effect.Effect<Option.Option<Summary>, StoreError>
    readonly search: (query: SummaryQuery) => Effect.Effect<Page<Summary>, StoreError>
  }
>()("@gridgov/core/CaseStore") {}
