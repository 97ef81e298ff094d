/**
 * The configuration store port: the city's configuration as one append-only event
 * stream (`streamId`), hash-chained like a case's history (`Audit.seal` on append,
 * `Audit.verify` over `read`), with optimistic concurrency on its version — the
 * configuration version; snapshots of the folded document at a version, so a server
 * starts without replaying the whole stream; and the values kept off the chain
 * (staff contact details, subscribers' secrets), which can be corrected and erased
 * without touching the chain.
 *
 * One `append` is one transaction: the events, the off-chain writes and the
 * idempotency record, or nothing. Adapters: `@gridgov/testing`'s `Memory`,
 * `@gridgov/storage-sql` (SQLite, PostgreSQL); all pass `CityConformance`.
 *
 * @since 0.1.0
 */
import { Context, type Effect, type Option } from "effect"
import type * as Arr from "effect/Array"
import type { Json, NewEvent, StoredEvent, StoreError, VersionConflict } from "./CaseStore.js"

/**
 * The id of the configuration's stream, as its events carry it (and `Audit` hashes it).
 *
 * @example
 * import { CityStore } from "@gridgov/core"
 * CityStore.streamId // "city"
 *
 * @category models
 * @since 0.1.0
 */
export const streamId = "city"

/**
 * The stream's head: its version (0 when empty) and the hash of its last event
 * (`Audit.genesis` when empty).
 *
 * @example
 * import type { CityStore } from "@gridgov/core"
 * const moved = (a: CityStore.Head, b: CityStore.Head) => a.version !== b.version
 *
 * @category models
 * @since 0.1.0
 */
export interface Head {
  readonly version: number
  readonly hash: string
}

/**
 * A value kept off the chain, under its key; `null` erases it.
 *
 * @example
 * import type { CityStore } from "@gridgov/core"
 * const erase: CityStore.OffChain = { key: "contact/p-1", value: null }
 *
 * @category models
 * @since 0.1.0
 */
export interface OffChain {
  readonly key: string
  readonly value: Json | null
}

/**
 * What one `append` writes, atomically: events after `expectedVersion` (anything else
 * fails with `VersionConflict`), the off-chain values, and the idempotency record
 * (a key recorded before answers `Replayed` and writes nothing).
 *
 * @example
 * import type { CityStore } from "@gridgov/core"
 * const request: CityStore.AppendRequest = {
 *   expectedVersion: 0,
 *   events: [{ type: "PersonAdded", v: 1, payload: { person: { id: "p-1", name: "张三" }, reason: "hired" },
 *     actor: { id: "system", roles: ["system"] }, at: 0 }]
 * }
 *
 * @category models
 * @since 0.1.0
 */
export interface AppendRequest {
  readonly expectedVersion: number
  readonly events: Arr.NonEmptyReadonlyArray<NewEvent>
  readonly offChain?: ReadonlyArray<OffChain> | undefined
  readonly idempotency?: { readonly key: string; readonly fingerprint: string; readonly result: Json } | undefined
  /** When the off-chain values were written (default: the last event's instant). */
  readonly now?: number | undefined
}

/**
 * The outcome of an append: the new head and the stored events, or, for a key seen
 * before, the result recorded then and the fingerprint of its request.
 *
 * @example
 * import type { CityStore } from "@gridgov/core"
 * const version = (r: CityStore.AppendResult) => (r._tag === "Appended" ? r.head.version : undefined)
 *
 * @category models
 * @since 0.1.0
 */
export type AppendResult =
  | { readonly _tag: "Appended"; readonly head: Head; readonly events: ReadonlyArray<StoredEvent> }
  | { readonly _tag: "Replayed"; readonly result: Json; readonly fingerprint: string | null }

/**
 * The folded document at a version, with the hash of the event at that version (a
 * loader checks it against the stream, so a snapshot never outlives its stream).
 *
 * @example
 * import type { CityStore } from "@gridgov/core"
 * const behind = (s: CityStore.Snapshot, head: CityStore.Head) => head.version - s.version
 *
 * @category models
 * @since 0.1.0
 */
export interface Snapshot {
  readonly version: number
  readonly hash: string
  readonly document: Json
}

/**
 * The configuration store.
 *
 * - `head`: the stream's version and last hash;
 * - `read(after, limit)`: events with a version above `after`, in order, at most
 *   `limit` (stored events of stream `streamId`, `position` equal to `version`);
 * - `append(request)`: see `AppendRequest`;
 * - `snapshot`: the latest snapshot, if any; `saveSnapshot(s)`: keeps one (a
 *   snapshot already kept at that version is left as it is);
 * - `offChain(keys)`: the values kept under the keys that have one.
 *
 * @example
 * import { Effect } from "effect"
 * import { CityStore } from "@gridgov/core"
 * const version = Effect.flatMap(Effect.service(CityStore.CityStore), (s) => Effect.map(s.head, (h) => h.version))
 *
 * @category services
 * @since 0.1.0
 */
export class CityStore extends Context.Service<
  CityStore,
  {
    readonly head: Effect.Effect<Head, StoreError>
    readonly read: (after: number, limit: number) => Effect.Effect<ReadonlyArray<StoredEvent>, StoreError>
    readonly append: (request: AppendRequest) => Effect.Effect<AppendResult, VersionConflict | StoreError>
    readonly snapshot: Effect.Effect<Option.Option<Snapshot>, StoreError>
    readonly saveSnapshot: (snapshot: Snapshot) => Effect.Effect<void, StoreError>
    readonly offChain: (keys: ReadonlyArray<string>) => Effect.Effect<ReadonlyMap<string, Json>, StoreError>
  }
>()("@gridgov/core/CityStore") {}
