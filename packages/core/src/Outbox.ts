/**
 * The outbox port: messages written in the same transaction as the events that
 * caused them, then delivered at least once by a dispatcher. The delivery state
 * of a message (pending, delivered, dead) stays apart from the case's state.
 *
 * @since 0.1.0
 */
import { Context, type Effect, type Option } from "effect"
import type { Json, StoreError } from "./CaseStore.js"

/**
 * A message to deliver on a channel (`webhook`, `email`, …). `dedupeKey` is
 * unique: a message whose key is already in the outbox is not added again.
 *
 * @example
 * import type { Outbox } from "@gridgov/core"
 * const message: Outbox.Message = { id: "m1", dedupeKey: "case-1/3/assigned", channel: "webhook", payload: { caseId: "case-1" } }
 *
 * @category models
 * @since 0.1.0
 */
export interface Message {
  readonly id: string
  readonly dedupeKey: string
  readonly channel: string
  readonly payload: Json
}

/**
 * Where a message is in its delivery.
 *
 * @example
 * import type { Outbox } from "@gridgov/core"
 * const done = (s: Outbox.Status) => s !== "pending"
 *
 * @category models
 * @since 0.1.0
 */
export type Status = "pending" | "delivered" | "dead"

/**
 * A message with its delivery state: `attempts` counts claims, `nextAttemptAt`
 * is when it may be claimed again, `lastError` the last failure reported.
 *
 * @example
 * import type { Outbox } from "@gridgov/core"
 * const failing = (e: Outbox.Entry) => e.lastError !== null
 *
 * @category models
 * @since 0.1.0
 */
export interface Entry extends Message {
  readonly status: Status
  readonly attempts: number
  readonly nextAttemptAt: number
  readonly owner: string | null
  readonly leaseUntil: number | null
  readonly lastError: string | null
  readonly createdAt: number
}

/**
 * A query over the outbox, for operators and dashboards: every filter is
 * optional and they combine with AND. Rows come ordered by `id`; pass the last
 * row's `id` as `after` for the next page. `limit` is 1 to 1000, default 100.
 *
 * @example
 * import type { Outbox } from "@gridgov/core"
 * const deadWebhooks: Outbox.Query = { status: "dead", channel: "webhook", limit: 50 }
 *
 * @category models
 * @since 0.1.0
 */
export interface Query {
  readonly status?: Status | undefined
  readonly channel?: string | undefined
  readonly after?: string | undefined
  readonly limit?: number | undefined
}

/**
 * The page size of a query: `limit` clamped to 1…1000, 100 when absent.
 *
 * @example
 * import { Outbox } from "@gridgov/core"
 * Outbox.pageSize({ limit: 5000 }) // 1000
 *
 * @category models
 * @since 0.1.0
 */
export const pageSize = (query: Query): number => Math.max(1, Math.min(1000, Math.floor(query.limit ?? 100)))

/**
 * How a claimed message's delivery went, for `settle`: `Delivered`; `Failed`
 * (claimable again at `retryAt`, `error` kept as `lastError`); or `Dead` (a dead
 * letter, with `error`).
 *
 * @example
 * import type { Outbox } from "@gridgov/core"
 * const outcomes: ReadonlyArray<Outbox.Settlement> = [
 *   { _tag: "Delivered", id: "m1" },
 *   { _tag: "Failed", id: "m2", retryAt: 1_700_000_030_000, error: "503 Service Unavailable" },
 *   { _tag: "Dead", id: "m3", error: "410 Gone" }
 * ]
 *
 * @category models
 * @since 0.1.0
 */
export type Settlement =
  | { readonly _tag: "Delivered"; readonly id: string }
  | { readonly _tag: "Failed"; readonly id: string; readonly retryAt: number; readonly error: string }
  | { readonly _tag: "Dead"; readonly id: string; readonly error: string }

/**
 * The outbox service.
 *
 * - `enqueue(messages, now)`: adds messages outside an append; returns how
 *   many were new (the others' `dedupeKey` was there already).
 * - `claim(now, limit, owner, leaseMs)`: pending messages due for an attempt
 *   that nobody holds, oldest first, leased to `owner`; each claim counts an attempt.
 * - `delivered(id, owner)`, `failed(id, owner, retryAt, error)`,
 *   `dead(id, owner, error)`: settle a claimed message; `false` when `owner`
 *   no longer holds it. `failed` makes it claimable again at `retryAt`.
 * - `settle(owner, settlements)`: settles many claimed messages at once, in one
 *   transaction (what a dispatcher does with a batch); answers, in order, whether
 *   each was settled (`false` when `owner` no longer holds it). An id that comes
 *   twice is settled by its first settlement; the repeat answers `false`.
 * - `get(id)`: one message with its delivery state.
 * - `list(query)`: messages with their delivery state (dead letters, say), by `id`.
 * - `requeue(id, now)`: puts a `dead` message back to `pending`, claimable at
 *   `now`, with `attempts` reset to 0 (its `lastError` is kept); `false` when
 *   the message is not dead (or not there).
 *
 * @example
 * import { Effect } from "effect"
 * import { Outbox } from "@gridgov/core"
 *
 * const dispatch = (now: number) =>
 *   Effect.gen(function*() {
 *     const outbox = yield* Outbox.Outbox
 *     const claimed = yield* outbox.claim(now, 10, "dispatcher-1", 60_000)
 *     yield* outbox.settle("dispatcher-1", claimed.map((m) => ({ _tag: "Delivered", id: m.id }) as const))
 *   })
 *
 * @category services
 * @since 0.1.0
 */
export class Outbox extends Context.Service<
  Outbox,
  {
    readonly enqueue: (messages: ReadonlyArray<Message>, now: number) => Effect.Effect<number, StoreError>
    readonly claim: (
      now: number,
      limit: number,
      owner: string,
      leaseMs: number
    ) => Effect.Effect<ReadonlyArray<Entry>, StoreError>
    readonly delivered: (id: string, owner: string) => Effect.Effect<boolean, StoreError>
    readonly failed: (id: string, owner: string, retryAt: number, error: string) => Effect.Effect<boolean, StoreError>
    readonly dead: (id: string, owner: string, error: string) => Effect.Effect<boolean, StoreError>
    readonly settle: (
      owner: string,
      settlements: ReadonlyArray<Settlement>
    ) => Effect.Effect<ReadonlyArray<boolean>, StoreError>
    readonly get: (id: string) => Effect.Effect<Option.Option<Entry>, StoreError>
    readonly list: (query: Query) => Effect.Effect<ReadonlyArray<Entry>, StoreError>
    readonly requeue: (id: string, now: number) => Effect.Effect<boolean, StoreError>
  }
>()("@gridgov/core/Outbox") {}
