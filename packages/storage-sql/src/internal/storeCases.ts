/**
 * The `CaseStore` over `effect/sql`: appends (one, or a batch in one transaction),
 * the summary projection with its scope columns (`reporter`, `held` and the
 * `summary_units` side table), scoped keyset queries, and re-ranking after a tree
 * change. Timer and outbox writes come from `store.ts`, shared with those ports.
 */
import { type AnalyticsStore, Audit, CaseStore, type Idempotency, type Outbox, type Timers } from "@gridgov/core"
import { Effect, Option, References } from "effect"
import type { SqlClient, SqlError, Statement } from "effect/sql"
import type { Dialect } from "./migrations.js"
import type * as Counters from "./storeCounters.js"
import * as Row from "./storeRows.js"

export interface Deps {
  readonly sql: SqlClient.SqlClient
  readonly dialect: Dialect
  readonly prefix: string
  readonly appendLock: number
  readonly statementSpans: boolean
  readonly writeTimers: (changes: ReadonlyArray<Timers.Change>) => Effect.Effect<void, SqlError.SqlError>
  readonly writeOutbox: (
    messages: ReadonlyArray<Outbox.Message>,
    now: number
  ) => Effect.Effect<number, SqlError.SqlError>
  readonly chunks: <A>(values: ReadonlyArray<A>, size?: number) => Array<ReadonlyArray<A>>
  readonly counters: ReturnType<typeof Counters.make>
}

type Sealed = ReturnType<typeof Audit.seal>[number]

const storeError = (operation: string) => (cause: SqlError.SqlError) =>
  new CaseStore.StoreError({ operation, message: cause.message, cause })

const isUniqueViolation = (e: { readonly _tag: string }): e is SqlError.SqlError =>
  e._tag === "SqlError" && (e as SqlError.SqlError).reason._tag === "UniqueViolation"

/** A sealed event with its JSON columns serialized once: for the row, and parsed back for the result. */
interface Encoded {
  readonly event: Sealed
  readonly payload: string
  readonly actor: string
}

const encode = (event: Sealed): Encoded => ({
  event,
  payload: JSON.stringify(event.payload),
  actor: JSON.stringify(event.actor)
})

const eventRow = ({ event: e, payload, actor }: Encoded) => ({
  stream_id: e.streamId,
  version: e.version,
  type: e.type,
  v: e.v,
  payload,
  actor,
  at: e.at,
  prev_hash: e.prevHash,
  hash: e.hash
})

/** The event as a later read returns it (its JSON parsed from the text stored). */
const stored = ({ event: e, payload, actor }: Encoded, position: number): CaseStore.StoredEvent => ({
  streamId: e.streamId,
  version: e.version,
  position,
  type: e.type,
  v: e.v,
  payload: JSON.parse(payload),
  actor: JSON.parse(actor),
  at: e.at,
  prevHash: e.prevHash,
  hash: e.hash
})

/** Rows for `sql.insert`, which wants a non-empty array (callers check the length). */
const rows = <A extends Record<string, unknown>>(values: ReadonlyArray<A>) =>
  values as unknown as readonly [Record<string, unknown>, ...Array<Record<string, unknown>>]

export const make = (deps: Deps): CaseStore.CaseStore["Service"] => {
  const { sql, dialect, prefix, chunks } = deps
  const t = {
    events: sql(`${prefix}events`),
    summaries: sql(`${prefix}summaries`),
    units: sql(`${prefix}summary_units`),
    idempotency: sql(`${prefix}idempotency`)
  }
  const bodyColumn = sql.literal(dialect === "pg" ? "body::text AS body" : "body")
  const summaryColumns = sql.literal(
    "stream_id, kind, state, category, grid_code, grid_pre, grid_post, unit, assignee, reporter, held, due_at, overdue, created_at, updated_at, version"
  )
  const eventColumns = sql.literal("position, stream_id, version, type, v, payload, actor, at, prev_hash, hash")
  const indexedColumns = (alias: string) => sql.literal(Row.indexedColumnNames.map((c) => `${alias}${c}`).join(", "))

  // The stream's head, a recorded result for the key, and the summary's `held` (so
  // the side table is only written when it changes) and indexed columns (so an update
  // leaves the indexes on them alone): one round trip.
  const head = (streamId: string, key: string | null) =>
    sql<
      {
        replay: string | null
        fingerprint: string | null
        version: unknown
        hash: string | null
        held: string | null
      } & Row.IndexedColumns
    >`
      SELECT k.result AS replay, k.fingerprint, h.version, h.hash, s.held, ${indexedColumns("s.")}
      FROM (SELECT 1 AS one) AS o
      LEFT JOIN (SELECT result, fingerprint FROM ${t.idempotency} WHERE key = ${key}) AS k
      ON 1 = 1
      LEFT JOIN (SELECT version, hash FROM ${t.events} WHERE stream_id = ${streamId} ORDER BY version DESC LIMIT 1) AS h
      ON 1 = 1
      LEFT JOIN (SELECT held, ${indexedColumns("")} FROM ${t.summaries} WHERE stream_id = ${streamId}) AS s
      ON 1 = 1`

  // An upsert assigns the columns no index covers, and of the indexed ones only those
  // whose value changed: the entries of the other indexes stay untouched, which
  // keeps the pages one append dirties (and the log it writes) few.
  const upsertSummaries = (
    chunk: ReadonlyArray<ReturnType<typeof Row.summaryRow>>,
    changed: ReadonlyArray<Row.IndexedColumn>
  ): Effect.Effect<unknown, SqlError.SqlError> =>
    sql`INSERT INTO ${t.summaries} ${sql.insert(rows(chunk))} ON CONFLICT (stream_id) DO UPDATE SET ${sql.literal(
      [...changed, ...Row.movingColumnNames].map((c) => `${c} = excluded.${c}`).join(", ")
    )}`

  /** Upserts grouped by the indexed columns they change, one statement per group and chunk. */
  const upsertGrouped = (
    entries: ReadonlyArray<{
      readonly row: ReturnType<typeof Row.summaryRow>
      readonly changed: ReadonlyArray<Row.IndexedColumn>
    }>
  ) => {
    const groups = new Map<
      string,
      { changed: ReadonlyArray<Row.IndexedColumn>; rows: Array<ReturnType<typeof Row.summaryRow>> }
    >()
    for (const { row, changed } of entries) {
      const key = changed.join(",")
      const group = groups.get(key)
      if (group === undefined) groups.set(key, { changed, rows: [row] })
      else group.rows.push(row)
    }
    return Effect.forEach(
      groups.values(),
      (group) =>
        Effect.forEach(chunks(group.rows, 200), (chunk) => upsertSummaries(chunk, group.changed), { discard: true }),
      { discard: true }
    )
  }

  const writeSummary = (
    streamId: string,
    version: number,
    before: string | null,
    indexedBefore: ReadonlyArray<string | number | null> | undefined,
    summary: CaseStore.SummaryInput
  ) =>
    Effect.gen(function* () {
      const row = Row.summaryRow(streamId, version, summary)
      yield* upsertSummaries([row], Row.changedIndexed(indexedBefore, row))
      const held = [...new Set(summary.held)]
      // The side table mirrors `held`; most commands leave it as it was.
      if (before === row.held) return
      if (before !== null) {
        yield* held.length === 0
          ? sql`DELETE FROM ${t.units} WHERE stream_id = ${streamId}`
          : sql`DELETE FROM ${t.units} WHERE stream_id = ${streamId} AND unit NOT IN ${sql.in(held)}`
      }
      for (const chunk of chunks(held)) {
        yield* sql`INSERT INTO ${t.units} ${sql.insert(rows(chunk.map((unit) => ({ unit, stream_id: streamId }))))}
          ON CONFLICT DO NOTHING`
      }
    })

  /** One request inside an open transaction (the lock held): its outcome; a conflict or replay writes nothing. */
  const appendOne = (request: CaseStore.AppendRequest) =>
    Effect.gen(function* () {
      const idem = request.idempotency
      const [pre] = yield* head(request.streamId, idem?.key ?? null)
      if (pre?.replay != null) {
        return {
          _tag: "Replayed",
          result: JSON.parse(pre.replay),
          fingerprint: pre.fingerprint
        } as CaseStore.AppendOutcome
      }
      const actual = pre?.version == null ? 0 : Number(pre.version)
      if (actual !== request.expectedVersion) {
        return new CaseStore.VersionConflict({
          streamId: request.streamId,
          expected: request.expectedVersion,
          actual
        }) as CaseStore.AppendOutcome
      }
      const sealed = Audit.seal(
        request.streamId,
        actual === 0 ? undefined : { version: actual, hash: pre!.hash! },
        request.events
      )
      const encoded = sealed.map(encode)
      const inserted: Array<{ position: unknown; version: unknown }> = []
      for (const chunk of chunks(encoded)) {
        const returned = yield* sql<{ position: unknown; version: unknown }>`INSERT INTO ${t.events} ${sql.insert(
          rows(chunk.map(eventRow))
        )} RETURNING position, version`
        inserted.push(...returned)
      }
      const positions = new Map(inserted.map((r) => [Number(r.version), Number(r.position)]))
      const events = encoded.map((x) => stored(x, positions.get(x.event.version)!))
      const version = sealed[sealed.length - 1]!.version
      const at = request.events[request.events.length - 1]!.at
      if (request.summary !== undefined)
        yield* writeSummary(
          request.streamId,
          version,
          pre?.held ?? null,
          pre?.held == null ? undefined : Row.indexedValues(pre),
          request.summary
        )
      if (request.timers !== undefined && request.timers.length > 0) yield* deps.writeTimers(request.timers)
      if (request.outbox !== undefined && request.outbox.length > 0) yield* deps.writeOutbox(request.outbox, at)
      if (request.counters !== undefined && request.counters.length > 0) yield* deps.counters.write(request.counters)
      if (idem !== undefined) {
        yield* sql`INSERT INTO ${t.idempotency} ${sql.insert({
          key: idem.key,
          fingerprint: idem.fingerprint,
          result: JSON.stringify(idem.result),
          created_at: at
        })}`
      }
      return { _tag: "Appended", version, events } as CaseStore.AppendOutcome
    })

  const lock = dialect === "pg" ? sql`SELECT pg_advisory_xact_lock(${deps.appendLock})` : Effect.void

  // A unique violation means another writer got there first (only possible when
  // appends are not serialized): answer as if we had come second.
  const afterRace = (request: CaseStore.AppendRequest, error: SqlError.SqlError) =>
    Effect.gen(function* () {
      const [pre] = yield* head(request.streamId, request.idempotency?.key ?? null)
      if (pre?.replay != null) {
        return { _tag: "Replayed", result: JSON.parse(pre.replay), fingerprint: pre.fingerprint } as const
      }
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
    deps.statementSpans ? effect : Effect.provideService(effect, References.TracerEnabled, false)

  const append = (
    request: CaseStore.AppendRequest
  ): Effect.Effect<CaseStore.AppendResult, CaseStore.VersionConflict | CaseStore.StoreError> =>
    quiet(
      sql.withTransaction(
        Effect.flatMap(
          Effect.andThen(lock, appendOne(request)),
          (outcome): Effect.Effect<CaseStore.AppendResult, CaseStore.VersionConflict> =>
            outcome._tag === "VersionConflict" ? Effect.fail(outcome) : Effect.succeed(outcome)
        )
      )
    ).pipe(
      Effect.catchIf(isUniqueViolation, (e) => afterRace(request, e)),
      Effect.catchTag("SqlError", (e) => Effect.fail(storeError("append")(e))),
      Effect.withSpan("CaseStore.append", { attributes: { "gridgov.stream_id": request.streamId } })
    )

  // One at a time, each in its own transaction: the fallback when a batch hit a
  // unique violation (a writer outside the lock); the batch wrote nothing.
  const oneByOne = (requests: ReadonlyArray<CaseStore.AppendRequest>) =>
    Effect.forEach(requests, (request) =>
      append(request).pipe(
        Effect.catchTag(
          "VersionConflict",
          (conflict): Effect.Effect<CaseStore.AppendOutcome> => Effect.succeed(conflict)
        )
      )
    )

  /**
   * A batch inside an open transaction (the lock held): three reads for every
   * stream head, recorded key and summary `held` of the batch, the requests
   * decided in order in memory (each sees the ones before it), then one multi-row
   * statement per table. The outcomes are those of running the requests one by one.
   */
  const appendBatch = (requests: ReadonlyArray<CaseStore.AppendRequest>) =>
    Effect.gen(function* () {
      const streamIds = [...new Set(requests.map((r) => r.streamId))]
      const keyList = [...new Set(requests.flatMap((r) => (r.idempotency === undefined ? [] : [r.idempotency.key])))]
      const heads = new Map<string, { version: number; hash: string }>()
      const held = new Map<string, string>()
      const indexedBefore = new Map<string, ReadonlyArray<string | number | null>>()
      const keys = new Map<string, Idempotency.Entry>()
      for (const chunk of chunks(streamIds)) {
        const found = yield* sql<{ stream_id: string; version: unknown; hash: string }>`
          SELECT stream_id, version, hash FROM ${t.events} WHERE (stream_id, version) IN
            (SELECT stream_id, MAX(version) FROM ${t.events} WHERE stream_id IN ${sql.in(chunk)} GROUP BY stream_id)`
        for (const row of found) heads.set(String(row.stream_id), { version: Number(row.version), hash: row.hash })
        const summaries = yield* sql<{ stream_id: string; held: string } & Row.IndexedColumns>`
          SELECT stream_id, held, ${indexedColumns("")} FROM ${t.summaries} WHERE stream_id IN ${sql.in(chunk)}`
        for (const row of summaries) {
          held.set(String(row.stream_id), row.held)
          indexedBefore.set(String(row.stream_id), Row.indexedValues(row))
        }
      }
      for (const chunk of chunks(keyList)) {
        const found = yield* sql<{ key: string; result: string; fingerprint: string | null }>`
          SELECT key, result, fingerprint FROM ${t.idempotency} WHERE key IN ${sql.in(chunk)}`
        for (const row of found) keys.set(row.key, { fingerprint: row.fingerprint, result: JSON.parse(row.result) })
      }

      const outcomes: Array<CaseStore.AppendOutcome | { readonly sealed: ReadonlyArray<Sealed> }> = []
      const events: Array<Sealed> = []
      const summaryRows = new Map<string, ReturnType<typeof Row.summaryRow>>()
      const unitsChanged = new Map<string, { readonly before: boolean; readonly units: ReadonlyArray<string> }>()
      const timerChanges: Array<Timers.Change> = []
      const messages: Array<{ readonly message: Outbox.Message; readonly at: number }> = []
      const seenMessages = new Set<string>()
      const keyRows: Array<{ key: string; fingerprint: string; result: string; created_at: number }> = []
      const counterChanges: Array<AnalyticsStore.Change> = []
      for (const request of requests) {
        const idem = request.idempotency
        const replay = idem === undefined ? undefined : keys.get(idem.key)
        if (replay !== undefined) {
          outcomes.push({ _tag: "Replayed", result: Row.reparse(replay.result), fingerprint: replay.fingerprint })
          continue
        }
        const head = heads.get(request.streamId)
        const actual = head?.version ?? 0
        if (actual !== request.expectedVersion) {
          outcomes.push(
            new CaseStore.VersionConflict({ streamId: request.streamId, expected: request.expectedVersion, actual })
          )
          continue
        }
        const sealed = Audit.seal(request.streamId, head, request.events)
        const last = sealed[sealed.length - 1]!
        heads.set(request.streamId, { version: last.version, hash: last.hash })
        events.push(...sealed)
        outcomes.push({ sealed })
        const at = request.events[request.events.length - 1]!.at
        if (request.summary !== undefined) {
          const row = Row.summaryRow(request.streamId, last.version, request.summary)
          summaryRows.set(request.streamId, row)
          const before = held.get(request.streamId)
          if (before !== row.held) {
            const previous = unitsChanged.get(request.streamId)
            unitsChanged.set(request.streamId, {
              before: previous?.before ?? before !== undefined,
              units: JSON.parse(row.held) as Array<string>
            })
            held.set(request.streamId, row.held)
          }
        }
        if (request.timers !== undefined) timerChanges.push(...request.timers)
        if (request.counters !== undefined) for (const c of request.counters) counterChanges.push(c)
        for (const message of request.outbox ?? []) {
          if (seenMessages.has(`id:${message.id}`) || seenMessages.has(`key:${message.dedupeKey}`)) continue
          seenMessages.add(`id:${message.id}`)
          seenMessages.add(`key:${message.dedupeKey}`)
          messages.push({ message, at })
        }
        if (idem !== undefined) {
          keys.set(idem.key, { fingerprint: idem.fingerprint, result: idem.result })
          keyRows.push({
            key: idem.key,
            fingerprint: idem.fingerprint,
            result: JSON.stringify(idem.result),
            created_at: at
          })
        }
      }

      const encoded = new Map(events.map((e) => [e, encode(e)]))
      const positions = new Map<string, number>()
      for (const chunk of chunks(events)) {
        const returned = yield* sql<{
          position: unknown
          stream_id: string
          version: unknown
        }>`INSERT INTO ${t.events} ${sql.insert(rows(chunk.map((e) => eventRow(encoded.get(e)!))))} RETURNING position, stream_id, version`
        for (const r of returned) positions.set(`${r.version}:${r.stream_id}`, Number(r.position))
      }
      yield* upsertGrouped(
        [...summaryRows].map(([streamId, row]) => ({
          row,
          changed: Row.changedIndexed(indexedBefore.get(streamId), row)
        }))
      )
      const stale = [...unitsChanged].filter(([, c]) => c.before).map(([streamId]) => streamId)
      for (const chunk of chunks(stale)) yield* sql`DELETE FROM ${t.units} WHERE stream_id IN ${sql.in(chunk)}`
      const unitRows = [...unitsChanged].flatMap(([streamId, c]) =>
        c.units.map((unit) => ({ unit, stream_id: streamId }))
      )
      for (const chunk of chunks(unitRows)) {
        yield* sql`INSERT INTO ${t.units} ${sql.insert(rows(chunk))} ON CONFLICT DO NOTHING`
      }
      if (timerChanges.length > 0) yield* deps.writeTimers(timerChanges)
      const byAt = new Map<number, Array<Outbox.Message>>()
      for (const { message, at } of messages) byAt.set(at, [...(byAt.get(at) ?? []), message])
      for (const [at, group] of byAt) yield* deps.writeOutbox(group, at)
      for (const chunk of chunks(keyRows)) yield* sql`INSERT INTO ${t.idempotency} ${sql.insert(rows(chunk))}`
      if (counterChanges.length > 0) yield* deps.counters.write(counterChanges)

      return outcomes.map((o): CaseStore.AppendOutcome => {
        if (!("sealed" in o)) return o
        const appended = o.sealed.map((e) => stored(encoded.get(e)!, positions.get(`${e.version}:${e.streamId}`)!))
        return { _tag: "Appended", version: appended[appended.length - 1]!.version, events: appended }
      })
    })

  const appendMany = (
    requests: ReadonlyArray<CaseStore.AppendRequest>
  ): Effect.Effect<ReadonlyArray<CaseStore.AppendOutcome>, CaseStore.StoreError> =>
    requests.length === 0
      ? Effect.succeed([])
      : quiet(
          sql.withTransaction(
            // One request: a single head read is cheaper than the batch's three.
            Effect.andThen(
              lock,
              requests.length === 1 ? Effect.map(appendOne(requests[0]!), (o) => [o]) : appendBatch(requests)
            )
          )
        ).pipe(
          Effect.catch((e) => (isUniqueViolation(e) ? oneByOne(requests) : Effect.fail(storeError("appendMany")(e)))),
          Effect.withSpan("CaseStore.appendMany", { attributes: { "gridgov.batch": requests.length } })
        )

  const scopeWhere = (scope: CaseStore.Scope): Statement.Fragment => {
    const any: Array<Statement.Fragment> = scope.grids.map((g) => sql`grid_pre BETWEEN ${g.pre} AND ${g.post}`)
    if (scope.reporter !== null) any.push(sql`reporter = ${scope.reporter}`)
    if (scope.units.length > 0) {
      any.push(sql`stream_id IN (SELECT stream_id FROM ${t.units} WHERE unit IN ${sql.in(scope.units)})`)
    }
    return any.length === 0 ? sql`1 = 0` : sql.or(any)
  }

  const summaryWhere = (query: CaseStore.SummaryQuery, column: Statement.Identifier, descending: boolean) => {
    const where: Array<Statement.Fragment> = []
    if (query.grid !== undefined) where.push(sql`grid_pre BETWEEN ${query.grid.pre} AND ${query.grid.post}`)
    if (query.scope !== undefined) where.push(scopeWhere(query.scope))
    if (query.kinds !== undefined)
      where.push(query.kinds.length === 0 ? sql`1 = 0` : sql`kind IN ${sql.in(query.kinds)}`)
    if (query.states !== undefined)
      where.push(query.states.length === 0 ? sql`1 = 0` : sql`state IN ${sql.in(query.states)}`)
    if (query.category !== undefined) {
      const c = query.category
      where.push(sql`(category = ${c} OR (category >= ${`${c}.`} AND category < ${`${c}/`}))`)
    }
    if (query.unit === null) where.push(sql`unit IS NULL`)
    else if (query.unit !== undefined) where.push(sql`unit = ${query.unit}`)
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

  const rerank = (ranks: ReadonlyArray<CaseStore.Rank>) =>
    sql
      .withTransaction(
        Effect.reduce(
          ranks,
          () => 0,
          (changed, r) =>
            Effect.map(
              Effect.tap(
                sql`UPDATE ${t.summaries} SET grid_pre = ${r.pre}, grid_post = ${r.post}
                WHERE grid_code = ${r.gridCode} AND (grid_pre <> ${r.pre} OR grid_post <> ${r.post}) RETURNING stream_id`,
                () => deps.counters.rerank(r.gridCode, r.pre)
              ),
              (updated) => changed + updated.length
            )
        )
      )
      .pipe(Effect.mapError(storeError("rerank")))

  return CaseStore.CaseStore.of({
    load: Effect.fn("CaseStore.load")((streamId: string) =>
      sql`SELECT ${eventColumns} FROM ${t.events} WHERE stream_id = ${streamId} ORDER BY version`.pipe(
        Effect.map((rows) => rows.map(Row.event)),
        Effect.mapError(storeError("load"))
      )
    ),
    append,
    appendMany,
    rerank: Effect.fn("CaseStore.rerank")(rerank),
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
}
