import { AnalyticsStore, CaseStore, CityStore, Idempotency, Outbox, Timers } from "@gridgov/core"
import { Context, Effect, Option, References } from "effect"
import { SqlClient, type SqlError, type Statement } from "effect/sql"
import * as City from "./city.js"
import { type Dialect, type Migration, migrations } from "./migrations.js"
import * as Cases from "./storeCases.js"
import * as Counters from "./storeCounters.js"
import * as Row from "./storeRows.js"

export interface Options {
  readonly prefix?: string | undefined
  readonly statementSpans?: boolean | undefined
}

export type Stores =
  | CaseStore.CaseStore
  | Timers.Timers
  | Outbox.Outbox
  | Idempotency.Idempotency
  | AnalyticsStore.AnalyticsStore
  | CityStore.CityStore

const validPrefix = /^[a-z_][a-z0-9_]{0,40}$/

export const prefixOf = (options: Options): string => {
  const prefix = options.prefix ?? "gridgov_"
  if (!validPrefix.test(prefix)) throw new Error(`SqlStore: invalid table prefix ${JSON.stringify(prefix)}`)
  return prefix
}

/** A 31-bit key for PostgreSQL advisory locks, from the table prefix. */
export const lockKey = (prefix: string, salt: number): number => {
  let h = 0x811c9dc5 ^ salt
  for (let i = 0; i < prefix.length; i++) h = Math.imul(h ^ prefix.charCodeAt(i), 0x01000193)
  return h & 0x7fffffff
}

const storeError = (operation: string) => (cause: SqlError.SqlError) =>
  new CaseStore.StoreError({ operation, message: cause.message, cause })

const dialectOf = (sql: SqlClient.SqlClient): Dialect =>
  sql.onDialectOrElse({ orElse: () => "sqlite" as const, pg: () => "pg" as const })

export const tables = (sql: SqlClient.SqlClient, prefix: string) => ({
  events: sql(`${prefix}events`),
  summaries: sql(`${prefix}summaries`),
  summaryUnits: sql(`${prefix}summary_units`),
  timers: sql(`${prefix}timers`),
  outbox: sql(`${prefix}outbox`),
  idempotency: sql(`${prefix}idempotency`)
})

/**
 * Runs the migrations of `list` not yet applied, in one transaction, recorded in the
 * shared migrations table and serialized across processes by the same lock (the
 * case store's and the records store's lists share both; their ids do not overlap).
 */
export const runMigrations = (list: ReadonlyArray<Migration>, options: Options = {}) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const prefix = prefixOf(options)
    const dialect = dialectOf(sql)
    const t = { migrations: sql(`${prefix}migrations`) }
    yield* sql.withTransaction(
      Effect.gen(function* () {
        if (dialect === "pg") yield* sql`SELECT pg_advisory_xact_lock(${lockKey(prefix, 1)})`
        yield* sql`CREATE TABLE IF NOT EXISTS ${t.migrations} (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`
        const applied = new Set((yield* sql<{ id: number }>`SELECT id FROM ${t.migrations}`).map((r) => Number(r.id)))
        for (const migration of list) {
          if (applied.has(migration.id)) continue
          for (const statement of migration.statements(prefix, dialect)) yield* sql.unsafe(statement)
          yield* sql`INSERT INTO ${t.migrations} (id, name, applied_at) VALUES (${migration.id}, ${migration.name}, ${new Date().toISOString()})`
        }
      })
    )
  })
/**
 * Runs the case store's and the configuration store's migrations not yet applied (up to
 * and including `to`, when given).
 */
export const migrate = (options: Options & { readonly to?: number | undefined } = {}) => {
  const all = [...migrations, ...City.migrations]
  return runMigrations(options.to === undefined ? all : all.filter((m) => m.id <= options.to!), options)
}

/** Rows for `sql.insert`, which wants a non-empty array (callers check the length). */
const rows = <A extends Record<string, unknown>>(values: ReadonlyArray<A>) =>
  values as unknown as readonly [Record<string, unknown>, ...Array<Record<string, unknown>>]

/** Splits multi-row inserts so no statement passes the drivers' bind-parameter limits. */
const chunks = <A>(values: ReadonlyArray<A>, size = 500): Array<ReadonlyArray<A>> => {
  const out: Array<ReadonlyArray<A>> = []
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size))
  return out
}

const foldTimers = (changes: ReadonlyArray<Timers.Change>) => {
  const last = new Map<string, Timers.Change>()
  for (const change of changes) last.set(change._tag === "Cancel" ? change.id : change.timer.id, change)
  const schedule: Array<Timers.Timer> = []
  const cancel: Array<string> = []
  for (const [id, change] of last) {
    if (change._tag === "Cancel") cancel.push(id)
    else schedule.push(change.timer)
  }
  return { schedule, cancel }
}

/** Builds the four services over the `SqlClient` in context. */
export const make = (options: Options = {}) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const prefix = prefixOf(options)
    const dialect = dialectOf(sql)
    const t = tables(sql, prefix)
    const appendLock = lockKey(prefix, 2)
    const statementSpans = options.statementSpans === true
    const timerColumns = sql.literal("id, stream_id, due_at, kind, payload, owner, lease_until, attempts")
    const outboxColumns = sql.literal(
      "id, dedupe_key, channel, payload, status, attempts, next_attempt_at, owner, lease_until, last_error, created_at"
    )

    const writeTimers = (changes: ReadonlyArray<Timers.Change>) =>
      Effect.gen(function* () {
        const { schedule, cancel } = foldTimers(changes)
        if (schedule.length > 0) {
          const timerRows = schedule.map((timer) => ({
            id: timer.id,
            stream_id: timer.streamId,
            due_at: timer.dueAt,
            kind: timer.kind,
            payload: JSON.stringify(timer.payload),
            owner: null,
            lease_until: null,
            attempts: 0
          }))
          for (const chunk of chunks(timerRows)) {
            yield* sql`INSERT INTO ${t.timers} ${sql.insert(rows(chunk))}
              ON CONFLICT (id) DO UPDATE SET stream_id = excluded.stream_id, due_at = excluded.due_at,
              kind = excluded.kind, payload = excluded.payload, owner = NULL, lease_until = NULL, attempts = 0`
          }
        }
        for (const chunk of chunks(cancel)) yield* sql`DELETE FROM ${t.timers} WHERE id IN ${sql.in(chunk)}`
      })

    /**
     * Adds the messages whose id and dedupe key are both new (the first of any
     * repeated in the list wins). A key equal to its id is stored as NULL, so the
     * partial unique index on `dedupe_key` holds only keys that differ from their
     * ids; the two NOT EXISTS probes check each form against the other.
     */
    const writeOutbox = (messages: ReadonlyArray<Outbox.Message>, now: number) => {
      const seen = new Set<string>()
      const fresh = messages.filter((m) => {
        if (seen.has(`id:${m.id}`) || seen.has(`key:${m.dedupeKey}`)) return false
        seen.add(`id:${m.id}`)
        seen.add(`key:${m.dedupeKey}`)
        return true
      })
      return Effect.reduce(
        chunks(fresh),
        () => 0,
        (added, chunk) =>
          Effect.map(
            sql`WITH v (id, dedupe_key, channel, payload) AS (VALUES ${sql.csv(
              chunk.map(
                (m) =>
                  sql`(${m.id}, ${m.dedupeKey === m.id ? null : m.dedupeKey}, ${m.channel}, ${JSON.stringify(m.payload)})`
              )
            )})
              INSERT INTO ${t.outbox} (id, dedupe_key, channel, payload, status, attempts, next_attempt_at, owner,
                lease_until, last_error, created_at)
              SELECT v.id, v.dedupe_key, v.channel, v.payload, 'pending', 0, ${now}, NULL, NULL, NULL, ${now}
              FROM v
              WHERE NOT EXISTS (SELECT 1 FROM ${t.outbox} AS o WHERE o.dedupe_key = COALESCE(v.dedupe_key, v.id))
                AND NOT EXISTS (
                  SELECT 1 FROM ${t.outbox} AS o WHERE o.id = COALESCE(v.dedupe_key, v.id) AND o.dedupe_key IS NULL
                )
              ON CONFLICT DO NOTHING RETURNING id`,
            (inserted) => added + inserted.length
          )
      )
    }

    // Hot paths run their statements without spans of their own unless `statementSpans` is set.
    const quiet = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
      statementSpans ? effect : Effect.provideService(effect, References.TracerEnabled, false)

    const counters = Counters.make({ sql, prefix, chunks })

    const caseStore = Cases.make({
      counters,
      sql,
      dialect,
      prefix,
      appendLock,
      statementSpans,
      writeTimers,
      writeOutbox,
      chunks
    })

    const claimTimers = (now: number, limit: number, owner: string, leaseMs: number) =>
      dialect === "pg"
        ? sql`UPDATE ${t.timers} AS t SET owner = ${owner}, lease_until = ${now + leaseMs}, attempts = t.attempts + 1
            FROM (SELECT id FROM ${t.timers} WHERE due_at <= ${now} AND (lease_until IS NULL OR lease_until <= ${now})
                  ORDER BY due_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED) AS c
            WHERE t.id = c.id
            RETURNING t.id, t.stream_id, t.due_at, t.kind, t.payload, t.owner, t.lease_until, t.attempts`
        : sql.withTransaction(
            sql`UPDATE ${t.timers} SET owner = ${owner}, lease_until = ${now + leaseMs}, attempts = attempts + 1
              WHERE id IN (SELECT id FROM ${t.timers} WHERE due_at <= ${now} AND (lease_until IS NULL OR lease_until <= ${now})
                           ORDER BY due_at, id LIMIT ${limit})
              RETURNING ${timerColumns}`
          )

    const timers = Timers.Timers.of({
      change: Effect.fn("Timers.change")((changes: ReadonlyArray<Timers.Change>) =>
        sql.withTransaction(writeTimers(changes)).pipe(Effect.mapError(storeError("Timers.change")))
      ),
      claimDue: Effect.fn("Timers.claimDue")((now: number, limit: number, owner: string, leaseMs: number) =>
        (limit <= 0 ? Effect.succeed([]) : claimTimers(now, Math.floor(limit), owner, leaseMs)).pipe(
          Effect.map((rows) => rows.map(Row.timer).sort((a, b) => a.dueAt - b.dueAt || Row.compare(a.id, b.id))),
          Effect.mapError(storeError("Timers.claimDue"))
        )
      ),
      complete: Effect.fn("Timers.complete")((id: string, owner: string) =>
        sql`DELETE FROM ${t.timers} WHERE id = ${id} AND owner = ${owner} RETURNING id`.pipe(
          Effect.map((rows) => rows.length > 0),
          Effect.mapError(storeError("Timers.complete"))
        )
      ),
      nextDue: Effect.fn("Timers.nextDue")(() =>
        sql<{ next: unknown }>`SELECT MIN(due_at) AS next FROM ${t.timers}`.pipe(
          Effect.map((rows) => (rows[0]?.next == null ? null : Number(rows[0].next))),
          Effect.mapError(storeError("Timers.nextDue"))
        )
      )
    })

    const claimOutbox = (now: number, limit: number, owner: string, leaseMs: number) =>
      dialect === "pg"
        ? sql`UPDATE ${t.outbox} AS o SET owner = ${owner}, lease_until = ${now + leaseMs}, attempts = o.attempts + 1
            FROM (SELECT id FROM ${t.outbox} WHERE status = 'pending' AND next_attempt_at <= ${now}
                    AND (lease_until IS NULL OR lease_until <= ${now})
                  ORDER BY next_attempt_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED) AS c
            WHERE o.id = c.id
            RETURNING o.id, o.dedupe_key, o.channel, o.payload, o.status, o.attempts, o.next_attempt_at, o.owner,
              o.lease_until, o.last_error, o.created_at`
        : sql.withTransaction(
            sql`UPDATE ${t.outbox} SET owner = ${owner}, lease_until = ${now + leaseMs}, attempts = attempts + 1
              WHERE id IN (SELECT id FROM ${t.outbox} WHERE status = 'pending' AND next_attempt_at <= ${now}
                             AND (lease_until IS NULL OR lease_until <= ${now})
                           ORDER BY next_attempt_at, id LIMIT ${limit})
              RETURNING ${outboxColumns}`
          )

    const settle = (operation: string, id: string, owner: string, set: Statement.Fragment) =>
      sql`UPDATE ${t.outbox} SET ${set}, owner = NULL, lease_until = NULL
        WHERE id = ${id} AND owner = ${owner} AND status = 'pending' RETURNING id`.pipe(
        Effect.map((rows) => rows.length > 0),
        Effect.mapError(storeError(operation))
      )

    // A batch of settlements: one UPDATE per outcome (and per 500 rows), all in one
    // transaction; per-row values (errors, retry instants) through CASE on the id.
    const instant = sql.literal(dialect === "pg" ? "BIGINT" : "INTEGER")
    const spaced = sql.join(" ", false)
    const caseOn = <A extends { readonly id: string }>(items: ReadonlyArray<A>, value: (a: A) => Statement.Fragment) =>
      sql`CASE id ${spaced(items.map((a) => sql`WHEN ${a.id} THEN ${value(a)}`))} END`
    const settleMany = (owner: string, settlements: ReadonlyArray<Outbox.Settlement>) =>
      Effect.gen(function* () {
        const first = new Map<string, Outbox.Settlement>()
        for (const s of settlements) if (!first.has(s.id)) first.set(s.id, s)
        const delivered: Array<string> = []
        const dead: Array<Extract<Outbox.Settlement, { _tag: "Dead" }>> = []
        const failed: Array<Extract<Outbox.Settlement, { _tag: "Failed" }>> = []
        for (const s of first.values()) {
          if (s._tag === "Delivered") delivered.push(s.id)
          else if (s._tag === "Dead") dead.push(s)
          else failed.push(s)
        }
        const held = sql`owner = ${owner} AND status = 'pending'`
        const statements: Array<Effect.Effect<ReadonlyArray<{ id: string }>, SqlError.SqlError>> = [
          ...chunks(delivered).map(
            (ids) => sql<{ id: string }>`UPDATE ${t.outbox} SET status = 'delivered', owner = NULL, lease_until = NULL
              WHERE ${held} AND id IN ${sql.in(ids)} RETURNING id`
          ),
          ...chunks(dead).map(
            (rows) => sql<{ id: string }>`UPDATE ${t.outbox}
              SET status = 'dead', last_error = ${caseOn(rows, (r) => sql`${r.error}`)}, owner = NULL, lease_until = NULL
              WHERE ${held} AND id IN ${sql.in(rows.map((r) => r.id))} RETURNING id`
          ),
          ...chunks(failed).map(
            (rows) => sql<{ id: string }>`UPDATE ${t.outbox}
              SET next_attempt_at = ${caseOn(rows, (r) => sql`CAST(${r.retryAt} AS ${instant})`)},
                last_error = ${caseOn(rows, (r) => sql`${r.error}`)}, owner = NULL, lease_until = NULL
              WHERE ${held} AND id IN ${sql.in(rows.map((r) => r.id))} RETURNING id`
          )
        ]
        if (statements.length === 0) return settlements.map(() => false)
        const settled = new Set<string>()
        const run = Effect.forEach(statements, (statement) =>
          Effect.map(statement, (rows) => {
            for (const row of rows) settled.add(String(row.id))
          })
        )
        yield* statements.length === 1 ? run : sql.withTransaction(run)
        const seen = new Set<string>()
        return settlements.map((s) => {
          if (seen.has(s.id)) return false
          seen.add(s.id)
          return settled.has(s.id)
        })
      })

    const outbox = Outbox.Outbox.of({
      enqueue: Effect.fn("Outbox.enqueue")((messages: ReadonlyArray<Outbox.Message>, now: number) =>
        writeOutbox(messages, now).pipe(Effect.mapError(storeError("Outbox.enqueue")))
      ),
      claim: Effect.fn("Outbox.claim")((now: number, limit: number, owner: string, leaseMs: number) =>
        (limit <= 0 ? Effect.succeed([]) : claimOutbox(now, Math.floor(limit), owner, leaseMs)).pipe(
          Effect.map((rows) =>
            rows.map(Row.outbox).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || Row.compare(a.id, b.id))
          ),
          Effect.mapError(storeError("Outbox.claim"))
        )
      ),
      delivered: (id, owner) => settle("Outbox.delivered", id, owner, sql`status = 'delivered'`),
      failed: (id, owner, retryAt, error) =>
        settle("Outbox.failed", id, owner, sql`next_attempt_at = ${retryAt}, last_error = ${error}`),
      dead: (id, owner, error) => settle("Outbox.dead", id, owner, sql`status = 'dead', last_error = ${error}`),
      settle: Effect.fn("Outbox.settle")((owner: string, settlements: ReadonlyArray<Outbox.Settlement>) =>
        quiet(settleMany(owner, settlements)).pipe(Effect.mapError(storeError("Outbox.settle")))
      ),
      get: Effect.fn("Outbox.get")((id: string) =>
        sql`SELECT ${outboxColumns} FROM ${t.outbox} WHERE id = ${id}`.pipe(
          Effect.map((rows) => Option.map(Option.fromUndefinedOr(rows[0]), Row.outbox)),
          Effect.mapError(storeError("Outbox.get"))
        )
      ),
      list: Effect.fn("Outbox.list")((query: Outbox.Query) =>
        sql`SELECT ${outboxColumns} FROM ${t.outbox} WHERE ${sql.and([
          ...(query.status === undefined ? [] : [sql`status = ${query.status}`]),
          ...(query.channel === undefined ? [] : [sql`channel = ${query.channel}`]),
          ...(query.after === undefined ? [] : [sql`id > ${query.after}`])
        ])} ORDER BY id LIMIT ${Outbox.pageSize(query)}`.pipe(
          Effect.map((rows) => rows.map(Row.outbox)),
          Effect.mapError(storeError("Outbox.list"))
        )
      ),
      requeue: Effect.fn("Outbox.requeue")((id: string, now: number) =>
        sql`UPDATE ${t.outbox} SET status = 'pending', attempts = 0, next_attempt_at = ${now}, owner = NULL,
          lease_until = NULL WHERE id = ${id} AND status = 'dead' RETURNING id`.pipe(
          Effect.map((rows) => rows.length > 0),
          Effect.mapError(storeError("Outbox.requeue"))
        )
      )
    })

    const getKey = (key: string) =>
      Effect.map(
        sql<{ result: string; fingerprint: string | null }>`SELECT result, fingerprint FROM ${t.idempotency}
          WHERE key = ${key}`,
        (rows) =>
          Option.map(
            Option.fromUndefinedOr(rows[0]),
            (r): Idempotency.Entry => ({ fingerprint: r.fingerprint, result: JSON.parse(r.result) as CaseStore.Json })
          )
      )

    const idempotency = Idempotency.Idempotency.of({
      get: Effect.fn("Idempotency.get")((key: string) =>
        getKey(key).pipe(Effect.mapError(storeError("Idempotency.get")))
      ),
      put: Effect.fn("Idempotency.put")((key: string, fingerprint: string, result: CaseStore.Json, at: number) =>
        sql
          .withTransaction(
            Effect.gen(function* () {
              yield* sql`INSERT INTO ${t.idempotency} ${sql.insert({ key, fingerprint, result: JSON.stringify(result), created_at: at })} ON CONFLICT (key) DO NOTHING`
              return Option.getOrElse(yield* getKey(key), (): Idempotency.Entry => ({ fingerprint, result }))
            })
          )
          .pipe(Effect.mapError(storeError("Idempotency.put")))
      ),
      prune: Effect.fn("Idempotency.prune")((before: number) =>
        sql`DELETE FROM ${t.idempotency} WHERE created_at < ${before} RETURNING key`.pipe(
          Effect.map((rows) => rows.length),
          Effect.mapError(storeError("Idempotency.prune"))
        )
      )
    })

    return Context.make(CaseStore.CaseStore, caseStore).pipe(
      Context.add(Timers.Timers, timers),
      Context.add(Outbox.Outbox, outbox),
      Context.add(Idempotency.Idempotency, idempotency),
      Context.add(AnalyticsStore.AnalyticsStore, counters.service),
      Context.add(CityStore.CityStore, City.make({ sql, dialect, prefix, lock: lockKey(prefix, 3), chunks }))
    )
  })

/** Every table read directly, decoded to the ports' shapes (the conformance suite's raw hook). */
export const dump = (options: Options = {}) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const prefix = prefixOf(options)
    const t = tables(sql, prefix)
    const body = sql.literal(dialectOf(sql) === "pg" ? "body::text AS body" : "body")
    const run = <A>(
      statement: Effect.Effect<ReadonlyArray<Record<string, unknown>>, SqlError.SqlError>,
      f: (row: Readonly<Record<string, unknown>>) => A
    ) => Effect.map(statement, (rows) => rows.map(f))
    return {
      events: run(sql`SELECT * FROM ${t.events} ORDER BY position`, Row.event),
      summaries: run(
        sql`SELECT stream_id, kind, state, category, grid_code, grid_pre, grid_post, unit, assignee, reporter, held,
          due_at, overdue, created_at, updated_at, version, ${body} FROM ${t.summaries} ORDER BY stream_id`,
        Row.summary
      ),
      timers: run(sql`SELECT * FROM ${t.timers} ORDER BY id`, Row.rawTimer),
      outbox: run(sql`SELECT * FROM ${t.outbox} ORDER BY id`, Row.outbox),
      idempotency: run(sql`SELECT * FROM ${t.idempotency} ORDER BY key`, Row.idempotency),
      counters: run(Counters.make({ sql, prefix, chunks }).all, Counters.row),
      summaryUnits: run(sql`SELECT unit, stream_id FROM ${t.summaryUnits} ORDER BY stream_id, unit`, (row) => ({
        streamId: String(row.stream_id),
        unit: String(row.unit)
      })),
      city: City.dump(sql, prefix)
    }
  })
