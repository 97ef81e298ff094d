/**
 * The embedded default store: SQLite through Node's built-in `node:sqlite`, in
 * WAL mode with synchronous=NORMAL and a busy timeout, one writer per process
 * (write transactions are serialized in-process and start with
 * `BEGIN IMMEDIATE`, so several processes on one file take turns).
 *
 * @since 0.1.0
 */
import { SqlStore } from "@gridgov/storage-sql"
import { Effect, Layer } from "effect"
import { SqlClient, type SqlError } from "effect/sql"
import * as internal from "./internal/client.js"

/**
 * Where the database lives and how it syncs.
 *
 * - `filename`: a path or `":memory:"`. A missing file is created readable and
 *   writable by its owner only (0600; SQLite gives its `-wal` and `-shm` files the
 *   same mode), and a missing directory for it likewise (0700): cases and records
 *   hold personal data. Existing files and directories keep their modes.
 * - `busyTimeoutMs`: how long to wait for another process's write lock (default 10 s).
 * - `synchronous`: `NORMAL` (default; with WAL, a crash of the process loses
 *   nothing committed, a power cut may lose the last transactions) or `FULL`.
 * - `cacheSizeKiB`: the page cache of the connection (default 65,536 KiB, i.e. 64 MiB;
 *   SQLite's own default is 2 MiB, too small for the summaries' indexes).
 * - `checkpoint`: who copies the write-ahead log into the database file.
 *   `"background"` (the default for a file): a worker thread with its own connection
 *   runs a PASSIVE checkpoint every `checkpointIntervalMs` (default 100 ms), so no
 *   commit ever waits for the copy and its fsyncs (the tail latency of a busy server).
 *   `"commit"`: SQLite's own auto-checkpoint, inside the commit that crosses
 *   `walAutocheckpoint` pages. An in-memory database has no log and ignores both.
 * - `walAutocheckpoint`: WAL pages after which a commit checkpoints (default 10,000,
 *   about 40 MB; SQLite's default is 1,000). In `"background"` mode that commit finds
 *   the log already copied and only resets it; should the worker fail, it carries on
 *   alone. Durability is the same either way.
 * - `onStatement`: called with each statement's SQL text and its parameters (as
 *   bound: booleans as 0/1, objects as JSON text) just before it runs, transaction
 *   control (`BEGIN IMMEDIATE`, `COMMIT`, `ROLLBACK`) included: a statement log
 *   for debugging, or to replay a workload against SQLite alone. It runs on the
 *   writer's path, so keep it cheap; if it throws, the statement fails with that
 *   error as a `SqlError` and does not run.
 * - `prefix`: table name prefix (default `gridgov_`).
 *
 * @example
 * import type { SqliteStore } from "@gridgov/storage-sqlite"
 * const config: SqliteStore.Config = { filename: "data/gridgov.db" }
 * const log: Array<string> = []
 * const traced: SqliteStore.Config = { filename: ":memory:", onStatement: (sql) => log.push(sql) }
 *
 * @category models
 * @since 0.1.0
 */
export interface Config extends SqlStore.Options {
  readonly filename: string
  readonly busyTimeoutMs?: number | undefined
  readonly synchronous?: "NORMAL" | "FULL" | undefined
  readonly cacheSizeKiB?: number | undefined
  readonly walAutocheckpoint?: number | undefined
  readonly checkpoint?: "background" | "commit" | undefined
  readonly checkpointIntervalMs?: number | undefined
  readonly onStatement?: ((sql: string, params: ReadonlyArray<SqliteValue>) => void) | undefined
}

/**
 * A parameter as `node:sqlite` binds it.
 *
 * @category models
 * @since 0.1.0
 */
export type SqliteValue = internal.Param

/**
 * A `SqlClient` over `node:sqlite` with the settings above, for your own
 * queries or to share one connection with the store (`layer` uses it).
 *
 * @example
 * import { Effect } from "effect"
 * import { SqlClient } from "effect/sql"
 * import { SqliteStore } from "@gridgov/storage-sqlite"
 *
 * const one = Effect.flatMap(Effect.service(SqlClient.SqlClient), (sql) => sql`SELECT 1 AS one`).pipe(
 *   Effect.provide(SqliteStore.layerClient({ filename: ":memory:" }))
 * )
 *
 * @category layers
 * @since 0.1.0
 */
export const layerClient = (config: Config): Layer.Layer<SqlClient.SqlClient, SqlError.SqlError> =>
  Layer.effect(
    SqlClient.SqlClient,
    Effect.map(internal.make(config), ({ client }) => client)
  )

/**
 * The storage services (`CaseStore`, `Timers`, `Outbox`, `Idempotency`) on a
 * SQLite file, migrated on start.
 *
 * @example
 * import { Effect } from "effect"
 * import { CaseStore } from "@gridgov/core"
 * import { SqliteStore } from "@gridgov/storage-sqlite"
 *
 * const events = Effect.flatMap(Effect.service(CaseStore.CaseStore), (store) => store.load("case-1")).pipe(
 *   Effect.provide(SqliteStore.layer({ filename: ":memory:" }))
 * )
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (config: Config): Layer.Layer<SqlStore.Stores, SqlError.SqlError> =>
  SqlStore.layer(config).pipe(Layer.provide(layerClient(config)))

/**
 * Like `layer`, and also provides the `SqlClient` it runs on.
 *
 * @example
 * import { SqliteStore } from "@gridgov/storage-sqlite"
 * const live = SqliteStore.layerWithClient({ filename: ":memory:" })
 *
 * @category layers
 * @since 0.1.0
 */
export const layerWithClient = (
  config: Config
): Layer.Layer<SqlStore.Stores | SqlClient.SqlClient, SqlError.SqlError> =>
  SqlStore.layer(config).pipe(Layer.provideMerge(layerClient(config)))
