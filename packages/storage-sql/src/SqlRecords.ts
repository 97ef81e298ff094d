/**
 * The `RecordStore` and `NoticeStore` ports over any `effect/sql` `SqlClient`
 * whose dialect is SQLite or PostgreSQL, beside `SqlStore` on the same database.
 *
 * Tables (same prefix as `SqlStore`, default `gridgov_`): `records`, `notices`,
 * `notice_targets`, `notice_reads`; their migrations (ids 1001, 1002) go in the
 * shared `migrations` table. On SQLite, share the store's client:
 * `SqlRecords.layer().pipe(Layer.provideMerge(SqliteStore.layerWithClient(config)))`.
 * See docs/explanation/records.md.
 *
 * @since 0.1.0
 */
import { type Context, type Effect, Layer } from "effect"
import type { SqlClient, SqlError } from "effect/sql"
import * as internal from "./internal/records.js"

/**
 * Options: the table prefix (`[a-z_][a-z0-9_]*`, default `gridgov_`).
 *
 * @example
 * import type { SqlRecords } from "@gridgov/storage-sql"
 * const options: SqlRecords.Options = { prefix: "tenant1_" }
 *
 * @category models
 * @since 0.1.0
 */
export interface Options {
  readonly prefix?: string | undefined
}

/**
 * The services this module provides.
 *
 * @example
 * import type { SqlRecords } from "@gridgov/storage-sql"
 * type S = SqlRecords.Stores
 *
 * @category models
 * @since 0.1.0
 */
export type Stores = internal.Stores

/**
 * Creates the records and notices tables, or brings them up to date, in one
 * transaction (serialized across processes like `SqlStore.migrate`).
 *
 * @example
 * import { SqlRecords } from "@gridgov/storage-sql"
 * const program = SqlRecords.migrate()
 *
 * @category migrations
 * @since 0.1.0
 */
export const migrate: (options?: Options) => Effect.Effect<void, SqlError.SqlError, SqlClient.SqlClient> =
  internal.migrate

/**
 * Builds the two services over the `SqlClient` in context (without migrating).
 *
 * @example
 * import { SqlRecords } from "@gridgov/storage-sql"
 * const services = SqlRecords.make()
 *
 * @category constructors
 * @since 0.1.0
 */
export const make: (options?: Options) => Effect.Effect<Context.Context<Stores>, never, SqlClient.SqlClient> =
  internal.make

/**
 * Migrates, then provides `RecordStore` and `NoticeStore` over the `SqlClient` in context.
 *
 * @example
 * import { SqlRecords } from "@gridgov/storage-sql"
 * const RecordsLive = SqlRecords.layer() // needs a SqlClient
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (options: Options = {}): Layer.Layer<Stores, SqlError.SqlError, SqlClient.SqlClient> =>
  Layer.effectContext(internal.make(options)).pipe(Layer.provide(Layer.effectDiscard(internal.migrate(options))))

/**
 * Reads the records and notices tables as stored, bypassing the ports: the raw hook
 * of `RecordsConformance`.
 *
 * @example
 * import { Effect } from "effect"
 * import { SqlRecords } from "@gridgov/storage-sql"
 * const count = Effect.flatMap(SqlRecords.dump(), (raw) => Effect.map(raw.records, (rows) => rows.length))
 *
 * @category inspection
 * @since 0.1.0
 */
export const dump = internal.dump
