import { Audit, CaseStore, Idempotency, Outbox, Timers } from "@gridgov/core"
import { Context, Effect, Option, References } from "effect"
import { SqlClient, type SqlError, type Statement } from "effect/sql"
import { type Dialect, migrations } from "./migrations.js"
import * as Row from "./storeRows.js"

export interface Options {
  readonly prefix?: string | undefined
  readonly statementSpans?: boolean | undefined
}

export type Stores = CaseStore.CaseStore | Timers.Timers | Outbox.Outbox | Idempotency.Idempotency

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
  timers: sql(`${prefix}timers`),
  outbox: sql(`${prefix}outbox`),
  idempotency: sql(`${prefix}idempotency`),
  migrations: sql(`${prefix}migrations`)
})

/** Runs the migrations not yet applied, in one transaction (serialized across processes). */
export const migrate = (options: Options = {}) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const prefix = prefixOf(options)
    const dialect = dialectOf(sql)
    const t = tables(sql, prefix)
    yield* sql.withTransaction(
      Effect.gen(function* () {
        if (dialect === "pg") yield* sql`SELECT pg_advisory_xact_lock(${lockKey(prefix, 1)})`
        yield* sql`CREATE TABLE IF NOT EXISTS ${t.migrations} (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`
        const applied = new Set((yield* sql<{ id: number }>`SELECT id FROM ${t.migrations}`).map((r) => Number(r.id)))
        for (const migration of migrations) {
          if (applied.has(migration.id)) continue
          for (const statement of migration.statements(prefix, dialect)) yield* sql.unsafe(statement)
          yield* sql`INSERT INTO ${t.migrations} (id, name, applied_at) VALUES (${migration.id}, ${migration.name}, ${new Date().toISOString()})`
        }
      })
    )
  })

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
    const bodyColumn = sql.literal(dialect === "pg" ? "body::text AS body" : "body")
    const summaryColumns = sql.literal(
      "stream_id, kind, state, category, grid_code, grid_pre, grid_post, unit, assignee, due_at, overdue, created_at, updated_at, version"
    )
    const eventColumns = sql.literal("position, stream_id, version, type, v, payload, actor, at, prev_hash, hash")
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

    const writeOutbox = (messages: ReadonlyArray<Outbox.Message>, now: number) =>
      Effect.reduce(
        chunks(messages),
        () => 0,
        (added, chunk) =>
          Effect.map(
            sql`INSERT INTO ${t.outbox} ${sql.insert(
              rows(
                chunk.map((m) => ({
                  id: m.id,
                  dedupe_key: m.dedupeKey,
                  channel: m.channel,
                  payload: JSON.stringify(m.payload),
                  status: "pending",
                  attempts: 0,
                  next_attempt_at: now,
                  owner: null,
                  lease_until: null,
                  last_error: null,
                  created_at: now
                }))
              )
            )} ON CONFLICT DO NOTHING RETURNING id`,
            (inserted) => added + inserted.length
          )
      )

    const head = (streamId: string, key: string | null) =>
      sql<{ replay: string | null; version: unknown; hash: string | null }>`
        SELECT (SELECT result FROM ${t.idempotency} WHERE key = ${key}) AS replay, h.version, h.hash
        FROM (SELECT 1 AS one) AS o
        LEFT JOIN (SELECT version, hash FROM ${t.events} WHERE stream_id = ${streamId} ORDER BY version DESC LIMIT 1) AS h
        ON 1 = 1`

    const appendTransaction = (request: CaseStore.AppendRequest) =>
      Effect.gen(function* () {
        if (dialect === "pg") yield* sql`SELECT pg_advisory_xact_lock(${appendLock})`
        const idem = request.idempotency
        const [pre] = yield* head(request.streamId, idem?.key ?? null)
        if (pre?.replay != null) return { _tag: "Replayed", result: JSON.parse(pre.replay) } as const
        const actual = pre?.version == null ? 0 : Number(pre.version)
        if (actual !== request.expectedVersion) {
          return yield* new CaseStore.VersionConflict({
            streamId: request.streamId,
            expected: request.expectedVersion,
            actual
          })
        }
        const sealed = Audit.seal(
          request.streamId,
          actual === 0 ? undefined : { version: actual, hash: pre!.hash! },
          request.events
        )
        const inserted: Array<{ position: unknown; version: unknown }> = []
        for (const chunk of chunks(sealed)) {
          const returned = yield* sql<{ position: unknown; version: unknown }>`INSERT INTO ${t.events} ${sql.insert(
            rows(
              chunk.map((e) => ({
                stream_id: e.streamId,
                version: e.version,
                type: e.type,
                v: e.v,
                payload: JSON.stringify(e.payload),
                actor: JSON.stringify(e.actor),
                at: e.at,
                prev_hash: e.prevHash,
                hash: e.hash
              }))
            )
          )} RETURNING position, version`
          inserted.push(...returned)
        }
        const positions = new Map(inserted.map((r) => [Number(r.version), Number(r.position)]))
        const events = sealed.map((e) => Row.reparse({ ...e, position: positions.get(e.version)! }))
        const version = sealed[sealed.length - 1]!.version
        const at = request.events[request.events.length - 1]!.at
        if (request.summary !== undefined) {
          const row = Row.summaryRow(request.streamId, version, request.summary)
          yield* sql`INSERT INTO ${t.summaries} ${sql.insert(row)} ON CONFLICT (stream_id) DO UPDATE SET
            kind = excluded.kind, state = excluded.state, category = excluded.category, grid_code = excluded.grid_code,
            grid_pre = excluded.grid_pre, grid_post = excluded.grid_post, unit = excluded.unit,
            assignee = excluded.assignee, due_at = excluded.due_at, overdue = excluded.overdue,
            created_at = excluded.created_at, updated_at = excluded.updated_at, version = excluded.version,
            body = excluded.body`
        }
        if (request.timers !== undefined && request.timers.length > 0) yield* writeTimers(request.timers)
        if (request.outbox !== undefined) yield* writeOutbox(request.outbox, at)
        if (idem !== undefined) {
          yield* sql`INSERT INTO ${t.idempotency} ${sql.insert({ key: idem.key, result: JSON.stringify(idem.result), created_at: at })}`
        }
        return { _tag: "Appended", version, events } as const
      })

    // A unique violation means another writer got there first (only possible when
    // appends are not serialized): answer as if we had come second.
    const afterRace = (request: CaseStore.AppendRequest, error: SqlError.SqlError) =>
      Effect.gen(function* () {
        const [pre] = yield* head(request.streamId, request.idempotency?.key ?? null)
        if (pre?.replay != null) return { _tag: "Replayed", result: JSON.parse(pre.replay) } as const
        const actual = pre?.version == null ? 0 : Number(pre.version)
        if (actual !== request.expectedVersion) {
          return yield* new CaseStore.VersionConflict({
            streamId: request.streamId,
            expected: request.expectedVersion,
            actual
          })
        }
        return yield* Effect.fail(error)
      })

    // The hot path: one span for the whole append (its statements run without spans of
    // their own unless `statementSpans` is set), and no call-site capture per call.
    const quiet = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
      statementSpans ? effect : Effect.provideService(effect, References.TracerEnabled, false)

    const append = (
      request: CaseStore.AppendRequest
    ): Effect.Effect<CaseStore.AppendResult, CaseStore.VersionConflict | CaseStore.StoreError> =>
      quiet(sql.withTransaction(appendTransaction(request))).pipe(
        Effect.catchIf(
          (e): e is SqlError.SqlError => e._tag === "SqlError" && e.reason._tag === "UniqueViolation",
          (e) => afterRace(request, e)
        ),
        Effect.catchTag("SqlError", (e) => Effect.fail(storeError("append")(e))),
        Effect.withSpan("CaseStore.append", { attributes: { "gridgov.stream_id": request.streamId } })
      )

    const summaryWhere = (query: CaseStore.SummaryQuery, column: Statement.Identifier, descending: boolean) => {
      const where: Array<Statement.Fragment> = []
      if (query.grid !== undefined) where.push(sql`grid_pre BETWEEN ${query.grid.pre} AND ${query.grid.post}`)
      if (query.kinds !== undefined)
        where.push(query.kinds.length === 0 ? sql`1 = 0` : sql`kind IN ${sql.in(query.kinds)}`)
      if (query.states !== undefined)
        where.push(query.states.length === 0 ? sql`1 = 0` : sql`state IN ${sql.in(query.states)}`)
      if (query.category !== undefined) {
        const c = query.category
        where.push(sql`(category = ${c} OR (category >= ${`${c}.`} AND category < ${`${c}/`}))`)
      }
      if (query.unit !== undefined) where.push(sql`unit = ${query.unit}`)
      if (query.assignee !== undefined) where.push(sql`assignee = ${query.assignee}`)
      if (query.overdue !== undefined) where.push(sql`overdue = ${query.overdue ? 1 : 0}`)
      if (query.createdFrom !== undefined) where.push(sql`created_at >= ${query.createdFrom}`)
      if (query.createdTo !== undefined) where.push(sql`created_at < ${query.createdTo}`)
      if (query.dueBefore !== undefined) where.push(sql`due_at < ${query.dueBefore}`)
      if (query.orderBy === "dueAt") where.push(sql`due_at IS NOT NULL`)
      const after = query.after
      if (after !== undefined) {
        where.push(
          descending
            ? sql`(${column} < ${after.key} OR (${column} = ${after.key} AND stream_id < ${after.streamId}))`
            : sql`(${column} > ${after.key} OR (${column} = ${after.key} AND stream_id > ${after.streamId}))`
        )
      }
      return sql.and(where)
    }

    const columnOf = { createdAt: "created_at", updatedAt: "updated_at", dueAt: "due_at" } as const

    const caseStore = CaseStore.CaseStore.of({
      load: Effect.fn("CaseStore.load")((streamId: string) =>
        sql`SELECT ${eventColumns} FROM ${t.events} WHERE stream_id = ${streamId} ORDER BY version`.pipe(
          Effect.map((rows) => rows.map(Row.event)),
          Effect.mapError(storeError("load"))
        )
      ),
      append,
      readAll: Effect.fn("CaseStore.readAll")((after: number, limit: number) =>
        sql`SELECT ${eventColumns} FROM ${t.events} WHERE position > ${after} ORDER BY position LIMIT ${Math.max(0, Math.floor(limit))}`.pipe(
          Effect.map((rows) => rows.map(Row.event)),
          Effect.mapError(storeError("readAll"))
        )
      ),
      summary: Effect.fn("CaseStore.summary")((streamId: string) =>
        sql`SELECT ${summaryColumns}, ${bodyColumn} FROM ${t.summaries} WHERE stream_id = ${streamId}`.pipe(
          Effect.map((rows) => Option.map(Option.fromUndefinedOr(rows[0]), Row.summary)),
          Effect.mapError(storeError("summary"))
        )
      ),
      search: Effect.fn("CaseStore.search")((query: CaseStore.SummaryQuery) => {
        const orderBy = query.orderBy ?? "createdAt"
        const column = sql(columnOf[orderBy])
        const descending = query.descending === true
        const direction = sql.literal(descending ? "DESC" : "ASC")
        const size = CaseStore.pageSize(query)
        return sql`SELECT ${summaryColumns}, ${bodyColumn} FROM ${t.summaries}
          WHERE ${summaryWhere(query, column, descending)}
          ORDER BY ${column} ${direction}, stream_id ${direction} LIMIT ${size + 1}`.pipe(
          Effect.map((rows): CaseStore.Page<CaseStore.Summary> => {
            const items = rows.slice(0, size).map(Row.summary)
            const last = items[items.length - 1]
            const key = (s: CaseStore.Summary): number => (orderBy === "dueAt" ? s.dueAt! : s[orderBy])
            return {
              items,
              next: rows.length > size && last !== undefined ? { key: key(last), streamId: last.streamId } : undefined
            }
          }),
          Effect.mapError(storeError("search"))
        )
      })
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
      Effect.map(sql<{ result: string }>`SELECT result FROM ${t.idempotency} WHERE key = ${key}`, (rows) =>
        Option.map(Option.fromUndefinedOr(rows[0]), (r) => JSON.parse(r.result) as CaseStore.Json)
      )

    const idempotency = Idempotency.Idempotency.of({
      get: Effect.fn("Idempotency.get")((key: string) =>
        getKey(key).pipe(Effect.mapError(storeError("Idempotency.get")))
      ),
      put: Effect.fn("Idempotency.put")((key: string, result: CaseStore.Json, at: number) =>
        sql
          .withTransaction(
            Effect.gen(function* () {
              yield* sql`INSERT INTO ${t.idempotency} ${sql.insert({ key, result: JSON.stringify(result), created_at: at })} ON CONFLICT (key) DO NOTHING`
              return Option.getOrElse(yield* getKey(key), () => result)
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
      Context.add(Idempotency.Idempotency, idempotency)
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
        sql`SELECT stream_id, kind, state, category, grid_code, grid_pre, grid_post, unit, assignee, due_at, overdue,
          created_at, updated_at, version, ${body} FROM ${t.summaries} ORDER BY stream_id`,
        Row.summary
      ),
      timers: run(sql`SELECT * FROM ${t.timers} ORDER BY id`, Row.rawTimer),
      outbox: run(sql`SELECT * FROM ${t.outbox} ORDER BY id`, Row.outbox),
      idempotency: run(sql`SELECT * FROM ${t.idempotency} ORDER BY key`, Row.idempotency)
    }
  })
