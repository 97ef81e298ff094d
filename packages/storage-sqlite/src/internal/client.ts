/**
 * A `SqlClient` over Node's built-in `node:sqlite` (`DatabaseSync`), built from
 * the public pieces of `effect/sql`: one connection shared through a semaphore
 * (so one writer per process), `BEGIN IMMEDIATE` transactions (the write lock is
 * taken up front, so concurrent writers in other processes wait in the busy
 * handler instead of failing to upgrade), WAL, synchronous=NORMAL, a 64 MiB page cache,
 * and checkpoints in a worker thread (checkpointer.ts) rather than inside commits.
 */
import { closeSync, existsSync, mkdirSync, openSync } from "node:fs"
import { dirname } from "node:path"
import { DatabaseSync, type StatementSync } from "node:sqlite"
import { Effect, Semaphore, Stream } from "effect"
import { Reactivity } from "effect/reactivity"
import { SqlClient, type SqlConnection, SqlError, Statement } from "effect/sql"
import * as Checkpointer from "./checkpointer.js"

export interface Config {
  readonly filename: string
  readonly busyTimeoutMs?: number | undefined
  readonly synchronous?: "OFF" | "NORMAL" | "FULL" | undefined
  readonly statementCacheSize?: number | undefined
  readonly cacheSizeKiB?: number | undefined
  readonly walAutocheckpoint?: number | undefined
  readonly checkpoint?: "background" | "commit" | undefined
  readonly checkpointIntervalMs?: number | undefined
  readonly onStatement?: ((sql: string, params: ReadonlyArray<Param>) => void) | undefined
}

const isMemory = (filename: string) =>
  filename === "" || filename === ":memory:" || filename.startsWith("file::memory:")

/** Background checkpoints need a file a second connection can open. */
export const checkpointsInBackground = (config: Config): boolean =>
  (config.checkpoint ?? "background") === "background" && !isMemory(config.filename)

const autocheckpoint = (config: Config) => Math.max(0, Math.floor(config.walAutocheckpoint ?? 10_000))

const sqlError = (operation: string, what: string) => (cause: unknown) => {
  // node:sqlite's own message ("UNIQUE constraint failed: …") says what went wrong
  const reason = cause instanceof Error ? cause.message : undefined
  const message = reason === undefined ? what : `${what}: ${reason}`
  const errcode = (cause as { errcode?: unknown } | null)?.errcode
  // node:sqlite reports the extended result code as `errcode`; effect's classifier
  // reads `code`. A primary-key violation (1555) is a unique violation too.
  const normalized =
    typeof errcode === "number"
      ? { code: errcode === 1555 ? 2067 : errcode, message: (cause as Error).message, cause }
      : cause
  return new SqlError.SqlError({ reason: SqlError.classifySqliteError(normalized, { message, operation }) })
}

export type Param = null | number | bigint | string | Uint8Array

const toParam = (value: unknown): Param => {
  switch (typeof value) {
    case "boolean":
      return value ? 1 : 0
    case "undefined":
      return null
    case "number":
    case "bigint":
    case "string":
      return value
    default:
      if (value === null || value instanceof Uint8Array) return value
      if (value instanceof Date) return value.toISOString()
      return JSON.stringify(value)
  }
}

const params = (values: ReadonlyArray<unknown>): Array<Param> => values.map(toParam)

/**
 * A new database file is created readable by its owner only (0600), in a directory
 * made for it readable by its owner only (0700); SQLite gives its log and shared
 * memory files the database file's mode. Existing files and directories are left as
 * they are. URIs (`file:…`) and in-memory databases are SQLite's to open.
 */
const createPrivate = (filename: string) => {
  if (isMemory(filename) || filename.startsWith("file:") || existsSync(filename)) return
  const dir = dirname(filename)
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 })
  try {
    closeSync(openSync(filename, "wx", 0o600))
  } catch (e) {
    // another process created it meanwhile: it is theirs to have made
    if ((e as { code?: unknown }).code !== "EEXIST") throw e
  }
}

export const open = (config: Config): DatabaseSync => {
  createPrivate(config.filename)
  const db = new DatabaseSync(config.filename)
  db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(config.busyTimeoutMs ?? 10_000))}`)
  if (!isMemory(config.filename)) db.exec("PRAGMA journal_mode = WAL")
  db.exec(`PRAGMA synchronous = ${config.synchronous ?? "NORMAL"}`)
  db.exec("PRAGMA foreign_keys = ON")
  db.exec(`PRAGMA cache_size = -${Math.max(0, Math.floor(config.cacheSizeKiB ?? 65_536))}`)
  db.exec(`PRAGMA wal_autocheckpoint = ${autocheckpoint(config)}`)
  return db
}

export const make = (config: Config) =>
  Effect.gen(function* () {
    const db = yield* Effect.acquireRelease(
      Effect.try({ try: () => open(config), catch: sqlError("open", `cannot open ${config.filename}`) }),
      (db) => Effect.sync(() => db.isOpen && db.close())
    )
    // Released before the connection above (scopes close in reverse), so the writer's
    // close is the last one and removes the log. The writer's own auto-checkpoint stays
    // armed: it finds the log already copied, and takes over should the worker fail.
    const context = yield* Effect.context<never>()
    const checkpointer = checkpointsInBackground(config)
      ? yield* Checkpointer.start({
          filename: config.filename,
          busyTimeoutMs: Math.max(0, Math.floor(config.busyTimeoutMs ?? 10_000)),
          intervalMs: config.checkpointIntervalMs ?? 100,
          onFailure: (reason) =>
            Effect.runForkWith(context)(
              Effect.logWarning("SqliteStore: background checkpoints stopped; commits checkpoint again", {
                filename: config.filename,
                reason
              })
            )
        })
      : undefined
    const limit = config.statementCacheSize ?? 256
    const cache = new Map<string, StatementSync>()
    const prepare = (sql: string): StatementSync => {
      let statement = cache.get(sql)
      if (statement === undefined) {
        statement = db.prepare(sql)
        if (cache.size >= limit) cache.delete(cache.keys().next().value!)
        cache.set(sql, statement)
      }
      return statement
    }
    const onStatement = config.onStatement
    const bound = (sql: string, values: ReadonlyArray<unknown>): Array<Param> => {
      const converted = params(values)
      if (onStatement !== undefined) onStatement(sql, converted)
      return converted
    }
    const rows = (sql: string, values: ReadonlyArray<unknown>, prepared: boolean) =>
      Effect.try({
        try: () =>
          (prepared ? prepare(sql) : db.prepare(sql)).all(...bound(sql, values)) as ReadonlyArray<
            Record<string, unknown>
          >,
        catch: sqlError("execute", "Failed to execute statement")
      })
    const arrays = (sql: string, values: ReadonlyArray<unknown>, prepared: boolean) =>
      Effect.try({
        try: () => {
          const statement = prepared ? prepare(sql) : db.prepare(sql)
          statement.setReturnArrays(true)
          try {
            return statement.all(...bound(sql, values)) as unknown as ReadonlyArray<ReadonlyArray<unknown>>
          } finally {
            statement.setReturnArrays(false)
          }
        },
        catch: sqlError("execute", "Failed to execute statement")
      })

    const connection: SqlConnection.Connection = {
      execute: (sql, values, transformRows) =>
        transformRows ? Effect.map(rows(sql, values, true), transformRows) : rows(sql, values, true),
      executeRaw: (sql, values) => rows(sql, values, true),
      executeStream: (sql, values, transformRows) =>
        Stream.fromIterableEffect(
          transformRows ? Effect.map(rows(sql, values, true), transformRows) : rows(sql, values, true)
        ),
      executeValues: (sql, values) => arrays(sql, values, true),
      executeValuesUnprepared: (sql, values) => arrays(sql, values, false),
      executeUnprepared: (sql, values, transformRows) =>
        transformRows ? Effect.map(rows(sql, values, false), transformRows) : rows(sql, values, false)
    }

    const acquirers = SqlClient.makeSqliteAcquirers({
      connection: Effect.succeed(connection),
      semaphore: yield* Semaphore.make(1),
      isTransaction: () => db.isTransaction
    })
    const client = yield* SqlClient.make({
      acquirer: acquirers.acquirer,
      borrower: acquirers.borrower,
      transactionAcquirer: acquirers.transactionAcquirer,
      onCommitFailure: acquirers.onCommitFailure,
      isTransaction: acquirers.isTransaction,
      compiler: Statement.makeCompilerSqlite(),
      driver: "sqlite-node-builtin",
      spanAttributes: [
        ["db.system.name", "sqlite"],
        ["db.namespace", config.filename]
      ],
      prepareTransactionControls: true,
      beginTransaction: "BEGIN IMMEDIATE"
    }).pipe(Effect.provide(Reactivity.layer))
    return { client, db, checkpointer }
  })
