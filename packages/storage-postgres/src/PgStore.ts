/**
 * The store on PostgreSQL, through `@effect/sql-pg`: the path past one machine.
 * Several stateless servers share one database; appends are serialized by a
 * transaction-scoped advisory lock (so global positions are handed out in commit
 * order and a projection reading `readAll` never skips an event), and sweepers
 * claim due timers and outbox rows with `FOR UPDATE SKIP LOCKED`, so each fires
 * once.
 *
 * @since 0.1.0
 */
import { PgClient } from "@effect/sql-pg"
import { SqlStore } from "@gridgov/storage-sql"
import { Layer, Redacted } from "effect"
import type { SqlClient, SqlError } from "effect/sql"

/**
 * How to reach the database.
 *
 * - `url`: `postgres://user:password@host:port/database`.
 * - `maxConnections`: pool size (default 10).
 * - `prefix`: table name prefix (default `gridgov_`).
 * - `maxMessageSize`: the largest message the client reads from the server, in bytes
 *   (default 512 MiB). A row is one message: a city's configuration snapshot grows with
 *   its grids and staff (about 60 MB for 57,000 grids and 200,000 people), past the
 *   driver's own default of 16 MiB.
 *
 * @example
 * import type { PgStore } from "@gridgov/storage-postgres"
 * const config: PgStore.Config = { url: "postgres://gridgov:secret@127.0.0.1:5432/gridgov" }
 *
 * @category models
 * @since 0.1.0
 */
export interface Config extends SqlStore.Options {
  readonly url: string | Redacted.Redacted
  readonly maxConnections?: number | undefined
  readonly maxMessageSize?: number | undefined
}

/**
 * A pooled `PgClient` (also provided as `SqlClient`) for the given URL.
 *
 * @example
 * import { PgStore } from "@gridgov/storage-postgres"
 * const client = PgStore.layerClient({ url: "postgres://gridgov:secret@127.0.0.1:5432/gridgov" })
 *
 * @category layers
 * @since 0.1.0
 */
export const layerClient = (config: Config): Layer.Layer<PgClient.PgClient | SqlClient.SqlClient, SqlError.SqlError> =>
  PgClient.layer({
    url: Redacted.isRedacted(config.url) ? config.url : Redacted.make(config.url),
    maxConnections: config.maxConnections ?? 10,
    maxMessageSize: config.maxMessageSize ?? 512 * 1024 * 1024,
    applicationName: "gridgov"
  })

/**
 * The storage services (`CaseStore`, `Timers`, `Outbox`, `Idempotency`) on
 * PostgreSQL, migrated on start (migrations take an advisory lock, so servers
 * may start together).
 *
 * @example
 * import { Effect } from "effect"
 * import { CaseStore } from "@gridgov/core"
 * import { PgStore } from "@gridgov/storage-postgres"
 *
 * const events = Effect.flatMap(Effect.service(CaseStore.CaseStore), (store) => store.load("case-1")).pipe(
 *   Effect.provide(PgStore.layer({ url: "postgres://gridgov:secret@127.0.0.1:5432/gridgov" }))
 * )
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (config: Config): Layer.Layer<SqlStore.Stores, SqlError.SqlError> =>
  SqlStore.layer(config).pipe(Layer.provide(layerClient(config)))

/**
 * Like `layer`, and also provides the `PgClient`/`SqlClient` it runs on.
 *
 * @example
 * import { PgStore } from "@gridgov/storage-postgres"
 * const live = PgStore.layerWithClient({ url: "postgres://gridgov:secret@127.0.0.1:5432/gridgov" })
 *
 * @category layers
 * @since 0.1.0
 */
export const layerWithClient = (
  config: Config
): Layer.Layer<SqlStore.Stores | PgClient.PgClient | SqlClient.SqlClient, SqlError.SqlError> =>
  SqlStore.layer(config).pipe(Layer.provideMerge(layerClient(config)))
