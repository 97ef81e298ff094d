/**
 * The `CityStore` over `effect/sql`: the configuration's stream in a table of its
 * own (`city_events`, keyed by version, append-only: a trigger refuses updates and
 * deletes), its snapshots (`city_snapshots`) and the values kept off the chain
 * (`city_private`). Appends are serialized like the case store's (a PostgreSQL
 * advisory lock; SQLite's write lock) and write their idempotency key into the shared
 * `idempotency` table in the same transaction.
 */
import { Audit, CaseStore, CityStore } from "@gridgov/core"
import { Effect, Option } from "effect"
import type { SqlClient, SqlError } from "effect/sql"
import type { Dialect, Migration } from "./migrations.js"

/** The configuration's tables; ids far from the other lists, so each grows apart. */
export const migrations: ReadonlyArray<Migration> = [
  {
    id: 2001,
    name: "configuration stream",
    statements: (p, dialect) => {
      const big = dialect === "pg" ? "BIGINT" : "INTEGER"
      const key = dialect === "pg" ? 'TEXT COLLATE "C"' : "TEXT"
      const message = "the configuration stream is append-only"
      const guard =
        dialect === "pg"
          ? [
              `CREATE FUNCTION ${p}city_append_only() RETURNS trigger LANGUAGE plpgsql AS
                'BEGIN RAISE EXCEPTION ''${message}''; END'`,
              `CREATE TRIGGER ${p}city_events_append_only BEFORE UPDATE OR DELETE ON ${p}city_events
                FOR EACH ROW EXECUTE FUNCTION ${p}city_append_only()`,
              `CREATE TRIGGER ${p}city_events_no_truncate BEFORE TRUNCATE ON ${p}city_events
                FOR EACH STATEMENT EXECUTE FUNCTION ${p}city_append_only()`
            ]
          : [
              `CREATE TRIGGER ${p}city_events_no_update BEFORE UPDATE ON ${p}city_events
                BEGIN SELECT RAISE(ABORT, '${message}'); END`,
              `CREATE TRIGGER ${p}city_events_no_delete BEFORE DELETE ON ${p}city_events
                BEGIN SELECT RAISE(ABORT, '${message}'); END`
            ]
      return [
        `CREATE TABLE ${p}city_events (
          version ${big} PRIMARY KEY,
          type TEXT NOT NULL,
          v INTEGER NOT NULL,
          payload TEXT NOT NULL,
          actor TEXT NOT NULL,
          at ${big} NOT NULL,
          prev_hash TEXT NOT NULL,
          hash TEXT NOT NULL
        )`,
        `CREATE TABLE ${p}city_snapshots (
          version ${big} PRIMARY KEY,
          hash TEXT NOT NULL,
          document TEXT NOT NULL
        )`,
        `CREATE TABLE ${p}city_private (
          key ${key} PRIMARY KEY,
          value TEXT NOT NULL,
          updated_at ${big} NOT NULL
        )`,
        ...guard
      ]
    }
  }
]

export interface Deps {
  readonly sql: SqlClient.SqlClient
  readonly dialect: Dialect
  readonly prefix: string
  readonly lock: number
  readonly chunks: <A>(values: ReadonlyArray<A>, size?: number) => Array<ReadonlyArray<A>>
}

const storeError = (operation: string) => (cause: SqlError.SqlError) =>
  new CaseStore.StoreError({ operation, message: cause.message, cause })

const isUniqueViolation = (e: { readonly _tag: string }): e is SqlError.SqlError =>
  e._tag === "SqlError" && (e as SqlError.SqlError).reason._tag === "UniqueViolation"

export const tables = (sql: SqlClient.SqlClient, prefix: string) => ({
  events: sql(`${prefix}city_events`),
  snapshots: sql(`${prefix}city_snapshots`),
  private: sql(`${prefix}city_private`),
  idempotency: sql(`${prefix}idempotency`)
})

export const eventOf = (row: Readonly<Record<string, unknown>>): CaseStore.StoredEvent => ({
  streamId: CityStore.streamId,
  version: Number(row.version),
  position: Number(row.version),
  type: String(row.type),
  v: Number(row.v),
  payload: JSON.parse(String(row.payload)),
  actor: JSON.parse(String(row.actor)),
  at: Number(row.at),
  prevHash: String(row.prev_hash),
  hash: String(row.hash)
})

export const make = (deps: Deps): CityStore.CityStore["Service"] => {
  const { sql, dialect, chunks } = deps
  const t = tables(sql, deps.prefix)
  const columns = sql.literal("version, type, v, payload, actor, at, prev_hash, hash")

  const headNow = Effect.map(
    sql<{ version: unknown; hash: string }>`SELECT version, hash FROM ${t.events} ORDER BY version DESC LIMIT 1`,
    (rows): CityStore.Head =>
      rows[0] === undefined
        ? { version: 0, hash: Audit.genesis }
        : { version: Number(rows[0].version), hash: rows[0].hash }
  )

  const recorded = (key: string | undefined) =>
    key === undefined
      ? Effect.succeed(undefined)
      : Effect.map(
          sql<{ result: string; fingerprint: string | null }>`SELECT result, fingerprint FROM ${t.idempotency}
            WHERE key = ${key}`,
          (rows) => rows[0]
        )

  const appendIn = (request: CityStore.AppendRequest) =>
    Effect.gen(function* () {
      const idem = request.idempotency
      const seen = yield* recorded(idem?.key)
      if (seen !== undefined) {
        return { _tag: "Replayed", result: JSON.parse(seen.result), fingerprint: seen.fingerprint } as const
      }
      const head = yield* headNow
      if (head.version !== request.expectedVersion) {
        return new CaseStore.VersionConflict({
          streamId: CityStore.streamId,
          expected: request.expectedVersion,
          actual: head.version
        })
      }
      const sealed = Audit.seal(CityStore.streamId, head.version === 0 ? undefined : head, request.events)
      const rows = sealed.map((e) => ({
        version: e.version,
        type: e.type,
        v: e.v,
        payload: JSON.stringify(e.payload),
        actor: JSON.stringify(e.actor),
        at: e.at,
        prev_hash: e.prevHash,
        hash: e.hash
      }))
      for (const chunk of chunks(rows, 200)) {
        yield* sql`INSERT INTO ${t.events} ${sql.insert(chunk as unknown as readonly [Record<string, unknown>])}`
      }
      const at = request.now ?? request.events[request.events.length - 1]!.at
      for (const o of request.offChain ?? []) {
        if (o.value === null) yield* sql`DELETE FROM ${t.private} WHERE key = ${o.key}`
        else {
          const value = JSON.stringify(o.value)
          yield* sql`INSERT INTO ${t.private} ${sql.insert({ key: o.key, value, updated_at: at })}
            ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`
        }
      }
      if (idem !== undefined) {
        yield* sql`INSERT INTO ${t.idempotency} ${sql.insert({
          key: idem.key,
          fingerprint: idem.fingerprint,
          result: JSON.stringify(idem.result),
          created_at: at
        })}`
      }
      const events = rows.map(eventOf)
      const last = events[events.length - 1]!
      return { _tag: "Appended", head: { version: last.version, hash: last.hash }, events } as const
    })

  const lock = dialect === "pg" ? sql`SELECT pg_advisory_xact_lock(${deps.lock})` : Effect.void

  // A unique violation means another writer appended that version first (outside the lock).
  const afterRace = (request: CityStore.AppendRequest, error: SqlError.SqlError) =>
    Effect.gen(function* () {
      const seen = yield* recorded(request.idempotency?.key)
      if (seen !== undefined) {
        return { _tag: "Replayed", result: JSON.parse(seen.result), fingerprint: seen.fingerprint } as const
      }
      const head = yield* headNow
      if (head.version !== request.expectedVersion) {
        return yield* new CaseStore.VersionConflict({
          streamId: CityStore.streamId,
          expected: request.expectedVersion,
          actual: head.version
        })
      }
      return yield* Effect.fail(error)
    })

  const append = (
    request: CityStore.AppendRequest
  ): Effect.Effect<CityStore.AppendResult, CaseStore.VersionConflict | CaseStore.StoreError> =>
    sql
      .withTransaction(
        Effect.flatMap(
          Effect.andThen(lock, appendIn(request)),
          (outcome): Effect.Effect<CityStore.AppendResult, CaseStore.VersionConflict> =>
            outcome._tag === "VersionConflict" ? Effect.fail(outcome) : Effect.succeed(outcome)
        )
      )
      .pipe(
        Effect.catchIf(isUniqueViolation, (e) => afterRace(request, e)),
        Effect.catchTag("SqlError", (e) => Effect.fail(storeError("CityStore.append")(e))),
        Effect.withSpan("CityStore.append")
      )

  return CityStore.CityStore.of({
    head: headNow.pipe(Effect.mapError(storeError("CityStore.head"))),
    read: Effect.fn("CityStore.read")((after: number, limit: number) =>
      (limit <= 0
        ? Effect.succeed([])
        : Effect.map(
            sql`SELECT ${columns} FROM ${t.events} WHERE version > ${after} ORDER BY version LIMIT ${Math.floor(limit)}`,
            (rows) => rows.map(eventOf)
          )
      ).pipe(Effect.mapError(storeError("CityStore.read")))
    ),
    append,
    snapshot: Effect.map(
      sql<{ version: unknown; hash: string; document: string }>`SELECT version, hash, document FROM ${t.snapshots}
        ORDER BY version DESC LIMIT 1`,
      (rows) =>
        Option.map(
          Option.fromUndefinedOr(rows[0]),
          (r): CityStore.Snapshot => ({ version: Number(r.version), hash: r.hash, document: JSON.parse(r.document) })
        )
    ).pipe(Effect.mapError(storeError("CityStore.snapshot"))),
    saveSnapshot: Effect.fn("CityStore.saveSnapshot")((snapshot: CityStore.Snapshot) =>
      sql`INSERT INTO ${t.snapshots} ${sql.insert({
        version: snapshot.version,
        hash: snapshot.hash,
        document: JSON.stringify(snapshot.document)
      })} ON CONFLICT (version) DO NOTHING`.pipe(Effect.asVoid, Effect.mapError(storeError("CityStore.saveSnapshot")))
    ),
    offChain: Effect.fn("CityStore.offChain")((keys: ReadonlyArray<string>) =>
      Effect.gen(function* () {
        const out = new Map<string, CaseStore.Json>()
        for (const chunk of chunks([...new Set(keys)])) {
          const rows = yield* sql<{ key: string; value: string }>`SELECT key, value FROM ${t.private}
            WHERE key IN ${sql.in(chunk)}`
          for (const r of rows) out.set(r.key, JSON.parse(r.value))
        }
        return out
      }).pipe(Effect.mapError(storeError("CityStore.offChain")))
    )
  })
}

/** The configuration's tables read directly (the conformance suite's raw hook). */
export const dump = (sql: SqlClient.SqlClient, prefix: string) => {
  const t = tables(sql, prefix)
  return {
    events: Effect.map(sql`SELECT * FROM ${t.events} ORDER BY version`, (rows) => rows.map(eventOf)),
    snapshots: Effect.map(sql`SELECT * FROM ${t.snapshots} ORDER BY version`, (rows) =>
      rows.map(
        (r): CityStore.Snapshot => ({
          version: Number(r.version),
          hash: String(r.hash),
          document: JSON.parse(String(r.document))
        })
      )
    ),
    offChain: Effect.map(sql`SELECT * FROM ${t.private} ORDER BY key`, (rows) =>
      rows.map((r) => ({ key: String(r.key), value: JSON.parse(String(r.value)), updatedAt: Number(r.updated_at) }))
    ),
    idempotency: Effect.map(sql`SELECT * FROM ${t.idempotency} ORDER BY key`, (rows) =>
      rows.map((r) => ({
        key: String(r.key),
        fingerprint: r.fingerprint == null ? null : String(r.fingerprint),
        result: JSON.parse(String(r.result)),
        createdAt: Number(r.created_at)
      }))
    )
  }
}
