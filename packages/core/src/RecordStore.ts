/**
 * The record store port: append-only storage of `Records.Record`s, with queries by
 * grid subtree, class or item, task, author and period (keyset paging), and counts
 * by class, item or task. Adapters: `@gridgov/testing`'s `MemoryRecords`, and
 * `SqlRecords` in `@gridgov/storage-sql` (SQLite and PostgreSQL); all pass
 * `RecordsConformance`.
 *
 * Records are stored as given: seal them first (`Records.seal`) to keep personal
 * data encrypted at rest, and show them through `Records.view`.
 *
 * @since 0.1.0
 */
import { Context, type Effect, type Option, Schema } from "effect"
import type { StoreError } from "./CaseStore.js"
import type * as Records from "./Records.js"

/**
 * A record to store, with the rank of its grid (`tree.pre` of the grid, see
 * `Grid.interval`), so "inside grid G" is `gridPre BETWEEN G.pre AND G.post`.
 *
 * @example
 * import type { RecordStore } from "@gridgov/core"
 * const row = (record: RecordStore.Row["record"]): RecordStore.Row => ({ record, gridPre: 0 })
 *
 * @category models
 * @since 0.1.0
 */
export interface Row {
  readonly record: Records.Record
  readonly gridPre: number
}

/**
 * Where a page ended: the instant and id of its last record.
 *
 * @example
 * import type { RecordStore } from "@gridgov/core"
 * const cursor: RecordStore.Cursor = { at: 1_610_000_000_000, id: "r-9" }
 *
 * @category queries
 * @since 0.1.0
 */
export interface Cursor {
  readonly at: number
  readonly id: string
}

/**
 * A record query; filters combine with AND.
 *
 * - `grid`: records whose `gridPre` lies in `[pre, post]`; `grids`: in any of these
 *   intervals (an actor's `Records.scope`; an empty list matches nothing);
 * - `item`: the code or anything below it on segment boundaries (`person` is the
 *   class, `person.key` a group);
 * - `task`, `author`;
 * - `from` (inclusive) / `to` (exclusive) on `at`;
 * - ordered by `at` then `id`, ascending unless `descending`; `limit` 1–1000
 *   (default 50); `after`: the previous page's `next`.
 *
 * @example
 * import type { RecordStore } from "@gridgov/core"
 * const keyPersons: RecordStore.Query = { item: "person.key", task: "control", descending: true }
 *
 * @category queries
 * @since 0.1.0
 */
export interface Query {
  readonly grid?: { readonly pre: number; readonly post: number } | undefined
  readonly grids?: ReadonlyArray<{ readonly pre: number; readonly post: number }> | undefined
  readonly item?: string | undefined
  readonly task?: Records.Task | undefined
  readonly author?: string | undefined
  readonly from?: number | undefined
  readonly to?: number | undefined
  readonly descending?: boolean | undefined
  readonly limit?: number | undefined
  readonly after?: Cursor | undefined
}

/**
 * One page of records, and the cursor of the next when more may follow.
 *
 * @example
 * import type { RecordStore } from "@gridgov/core"
 * const more = (page: RecordStore.Page) => page.next !== undefined
 *
 * @category queries
 * @since 0.1.0
 */
export interface Page {
  readonly items: ReadonlyArray<Records.Record>
  readonly next: Cursor | undefined
}

/**
 * What counts are grouped by: the class (`person`, …), the item, or the task (`""`
 * for records that log no task).
 *
 * @example
 * import type { RecordStore } from "@gridgov/core"
 * const by: RecordStore.CountBy = "class"
 *
 * @category queries
 * @since 0.1.0
 */
export type CountBy = "class" | "item" | "task"

/**
 * One group of a count, groups ordered by key.
 *
 * @example
 * import type { RecordStore } from "@gridgov/core"
 * const c: RecordStore.Count = { key: "person", count: 164_586 }
 *
 * @category queries
 * @since 0.1.0
 */
export interface Count {
  readonly key: string
  readonly count: number
}

/**
 * The page size of a query: `limit` clamped to 1…1000, 50 when absent.
 *
 * @example
 * import { RecordStore } from "@gridgov/core"
 * RecordStore.pageSize({ limit: 0 }) // 1
 *
 * @category queries
 * @since 0.1.0
 */
export const pageSize = (query: Query): number => Math.max(1, Math.min(1000, Math.floor(query.limit ?? 50)))

/**
 * A record with this id is stored already; nothing was written.
 *
 * @example
 * import { RecordStore } from "@gridgov/core"
 * new RecordStore.RecordExists({ id: "r-1" })._tag // "RecordExists"
 *
 * @category errors
 * @since 0.1.0
 */
export class RecordExists extends Schema.TaggedError<RecordExists>()("RecordExists", { id: Schema.String }) {}

/**
 * The record store service.
 *
 * - `append(rows)`: stores records, all or none; an id stored before (or twice in
 *   the batch) fails with `RecordExists`;
 * - `get(id)`; `query(query)`: a page; `count(query, by)`: counts per group over
 *   every record the query matches (`limit`, `after` and order ignored).
 *
 * @example
 * import { Effect } from "effect"
 * import { RecordStore } from "@gridgov/core"
 *
 * const byClass = Effect.flatMap(Effect.service(RecordStore.RecordStore), (store) => store.count({}, "class"))
 *
 * @category services
 * @since 0.1.0
 */
export class RecordStore extends Context.Service<
  RecordStore,
  {
    readonly append: (rows: ReadonlyArray<Row>) => Effect.Effect<void, RecordExists | StoreError>
    readonly get: (id: string) => Effect.Effect<Option.Option<Records.Record>, StoreError>
    readonly query: (query: Query) => Effect.Effect<Page, StoreError>
    readonly count: (query: Query, by: CountBy) => Effect.Effect<ReadonlyArray<Count>, StoreError>
  }
>()("@gridgov/core/RecordStore") {}
