/**
 * gridgov's storage ports (`CaseStore`, `Timers`, `Outbox`, `Idempotency`,
 * `AnalyticsStore`, and the configuration's `CityStore`) over
 * any `effect/sql` `SqlClient` whose dialect is SQLite or PostgreSQL. Brings no
 * driver: `@gridgov/storage-sqlite` and `@gridgov/storage-postgres` provide one
 * and wrap this in their own `layer`.
 *
 * Tables (with a configurable prefix, default `gridgov_`): `events`, `summaries`,
 * `timers`, `outbox`, `idempotency`, `counters`, `migrations`, and the configuration's
 * `city_events` (append-only), `city_snapshots` and `city_private`. See docs/explanation/storage.md.
 *
 * @since 0.1.0
 */
import type { AnalyticsStore, CaseStore, CityStore, Idempotency, Outbox, Timers } from "@gridgov/core"
import { type Context, type Effect, Layer } from "effect"
import type { SqlClient, SqlError } from "effect/sql"
import * as internal from "./internal/store.js"

/**
 * Options of the SQL store. `prefix` names the tables (`[a-z_][a-z0-9_]*`,
 * default `gridgov_`), so several stores can share one database.
 *
 * @example
 * import type { SqlStore } from "@gridgov/storage-sql"
 * const options: SqlStore.Options = { prefix: "tenant1_" }
 *
 * @category models
 * @since 0.1.0
 */
export interface Options {
  readonly prefix?: string | undefined
}

/**
 * The services the store provides.
 *
 * @example
 * import type { SqlStore } from "@gridgov/storage-sql"
 * type S = SqlStore.Stores
 *
 * @category models
 * @since 0.1.0
 */
export type Stores =
  | CaseStore.CaseStore
  | Timers.Timers
  | Outbox.Outbox
  | Idempotency.Idempotency
  | AnalyticsStore.AnalyticsStore
  | CityStore.CityStore

/**
 * Creates the tables, or brings them up to date. Runs in one transaction,
 * serialized across processes (SQLite's write lock, a PostgreSQL advisory lock),
 * so several servers can start at once. `to` stops after that migration (by id):
 * to upgrade step by step, or to test a data migration from an older schema.
 *
 * @example
 * import { SqlStore } from "@gridgov/storage-sql"
 * const program = SqlStore.migrate({ prefix: "gridgov_" })
 * const upToFour = SqlStore.migrate({ to: 4 })
 *
 * @category migrations
 * @since 0.1.0
 */
export const migrate: (
  options?: Options & { readonly to?: number | undefined }
) => Effect.Effect<void, SqlError.SqlError, SqlClient.SqlClient> = internal.migrate

/**
 * Builds the six services over the `SqlClient` in context (without migrating).
 *
 * @example
 * import { SqlStore } from "@gridgov/storage-sql"
 * const services = SqlStore.make()
 *
 * @category constructors
 * @since 0.1.0
 */
export const make: (options?: Options) => Effect.Effect<Context.Context<Stores>, never, SqlClient.SqlClient> =
  internal.make

/**
 * Migrates, then provides the six services over the `SqlClient` in context.
 *
 * @example
 * import { SqlStore } from "@gridgov/storage-sql"
 * const StoreLive = SqlStore.layer({ prefix: "gridgov_" }) // needs a SqlClient
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (options: Options = {}): Layer.Layer<Stores, SqlError.SqlError, SqlClient.SqlClient> =>
  Layer.effectContext(internal.make(options)).pipe(Layer.provide(Layer.effectDiscard(internal.migrate(options))))

/**
 * Reads every table as stored (JSON columns parsed), bypassing the ports: what
 * the conformance suite compares against, and a way to inspect a database.
 *
 * @example
 * import { Effect } from "effect"
 * import { SqlStore } from "@gridgov/storage-sql"
 * const eventCount = Effect.flatMap(SqlStore.dump(), (tables) => Effect.map(tables.events, (rows) => rows.length))
 *
 * @category inspection
 * @since 0.1.0
 */
export const dump = internal.dump
