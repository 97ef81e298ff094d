/**
 * The notice store port: published notices with their audience as target rows,
 * each reader's inbox at an instant (addressed to them, published, not expired;
 * newest first, keyset paging), and read receipts (each reader once). Adapters:
 * `@gridgov/testing`'s `MemoryRecords`, and `SqlRecords` in `@gridgov/storage-sql`;
 * all pass `RecordsConformance`.
 *
 * @since 0.1.0
 */
import { Context, type Effect, type Option, Schema } from "effect"
import type { StoreError } from "./CaseStore.js"
import type * as Notice from "./Notice.js"

/**
 * Where an inbox page ended: the publication instant and id of its last notice.
 *
 * @example
 * import type { NoticeStore } from "@gridgov/core"
 * const cursor: NoticeStore.Cursor = { at: 1_610_000_000_000, id: "n-9" }
 *
 * @category queries
 * @since 0.1.0
 */
export interface Cursor {
  readonly at: number
  readonly id: string
}

/**
 * An inbox query: the reader (`Notice.reader`), the instant, whether to leave out
 * what they have read, and paging (`limit` 1–1000, default 50).
 *
 * @example
 * import type { NoticeStore } from "@gridgov/core"
 * const q: NoticeStore.InboxQuery = { reader: { id: "r-1", posts: [] }, now: 0, unreadOnly: true }
 *
 * @category queries
 * @since 0.1.0
 */
export interface InboxQuery {
  readonly reader: Notice.Reader
  readonly now: number
  readonly unreadOnly?: boolean | undefined
  readonly limit?: number | undefined
  readonly after?: Cursor | undefined
}

/**
 * A notice in an inbox, with when this reader first read it (`null`: unread).
 *
 * @example
 * import type { NoticeStore } from "@gridgov/core"
 * const unread = (item: NoticeStore.Item) => item.readAt === null
 *
 * @category queries
 * @since 0.1.0
 */
export interface Item {
  readonly notice: Notice.Notice
  readonly readAt: number | null
}

/**
 * One page of an inbox.
 *
 * @example
 * import type { NoticeStore } from "@gridgov/core"
 * const count = (page: NoticeStore.Page) => page.items.length
 *
 * @category queries
 * @since 0.1.0
 */
export interface Page {
  readonly items: ReadonlyArray<Item>
  readonly next: Cursor | undefined
}

/**
 * A read receipt: who read a notice, and when they first did.
 *
 * @example
 * import type { NoticeStore } from "@gridgov/core"
 * const receipt: NoticeStore.Receipt = { reader: "p-1", at: 1_610_000_000_000 }
 *
 * @category models
 * @since 0.1.0
 */
export interface Receipt {
  readonly reader: string
  readonly at: number
}

/**
 * A notice with this id was published before; nothing was written.
 *
 * @example
 * import { NoticeStore } from "@gridgov/core"
 * new NoticeStore.NoticeExists({ id: "n-1" })._tag // "NoticeExists"
 *
 * @category errors
 * @since 0.1.0
 */
export class NoticeExists extends Schema.TaggedError<NoticeExists>()("NoticeExists", { id: Schema.String }) {}

/**
 * No notice with this id.
 *
 * @example
 * import { NoticeStore } from "@gridgov/core"
 * new NoticeStore.NoticeNotFound({ id: "n-404" })._tag // "NoticeNotFound"
 *
 * @category errors
 * @since 0.1.0
 */
export class NoticeNotFound extends Schema.TaggedError<NoticeNotFound>()("NoticeNotFound", { id: Schema.String }) {}

/**
 * The page size of an inbox query: `limit` clamped to 1…1000, 50 when absent.
 *
 * @example
 * import { NoticeStore } from "@gridgov/core"
 * NoticeStore.pageSize({ reader: { id: "r", posts: [] }, now: 0 }) // 50
 *
 * @category queries
 * @since 0.1.0
 */
export const pageSize = (query: InboxQuery): number => Math.max(1, Math.min(1000, Math.floor(query.limit ?? 50)))

/**
 * The notice store service.
 *
 * - `publish(notice, targets)`: stores a notice with its audience rows
 *   (`Notice.targets`), atomically;
 * - `get(id)`;
 * - `inbox(query)`: the notices shown at `now` (`Notice.shown`) that are public or
 *   whose targets match one of the reader's posts (`Notice.matches`), newest first;
 * - `markRead(id, reader, at)`: records the reader's first read; `true` the first
 *   time, `false` after (the first instant is kept);
 * - `receipts(id)`: every reader's first read, by instant then reader.
 *
 * @example
 * import { Effect } from "effect"
 * import { NoticeStore } from "@gridgov/core"
 *
 * const read = Effect.flatMap(Effect.service(NoticeStore.NoticeStore), (store) => store.markRead("n-1", "p-1", 0))
 *
 * @category services
 * @since 0.1.0
 */
export class NoticeStore extends Context.Service<
  NoticeStore,
  {
    readonly publish: (
      notice: Notice.Notice,
      targets: ReadonlyArray<Notice.Target>
    ) => Effect.Effect<void, NoticeExists | StoreError>
    readonly get: (id: string) => Effect.Effect<Option.Option<Notice.Notice>, StoreError>
    readonly inbox: (query: InboxQuery) => Effect.Effect<Page, StoreError>
    readonly markRead: (id: string, reader: string, at: number) => Effect.Effect<boolean, NoticeNotFound | StoreError>
    readonly receipts: (id: string) => Effect.Effect<ReadonlyArray<Receipt>, StoreError>
  }
>()("@gridgov/core/NoticeStore") {}
