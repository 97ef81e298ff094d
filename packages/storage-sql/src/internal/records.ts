import { CaseStore, type Notice, NoticeStore, RecordStore, type Records } from "@gridgov/core"
import { Context, Effect, Option } from "effect"
import { SqlClient, type SqlError, type Statement } from "effect/sql"
import type { Dialect, Migration } from "./migrations.js"
import { prefixOf, runMigrations } from "./store.js"

export interface Options {
  readonly prefix?: string | undefined
}

export type Stores = RecordStore.RecordStore | NoticeStore.NoticeStore

const types = (dialect: Dialect) =>
  dialect === "pg" ? { key: 'TEXT COLLATE "C"', instant: "BIGINT" } : { key: "TEXT", instant: "INTEGER" }

/** The records and notices tables; ids far from the case store's, so both lists grow apart. */
export const migrations: ReadonlyArray<Migration> = [
  {
    id: 1001,
    name: "records",
    statements: (p, dialect) => {
      const t = types(dialect)
      return [
        `CREATE TABLE ${p}records (
          id ${t.key} PRIMARY KEY,
          grid_code ${t.key} NOT NULL,
          grid_pre INTEGER NOT NULL,
          class ${t.key} NOT NULL,
          item ${t.key} NOT NULL,
          task ${t.key},
          author ${t.key} NOT NULL,
          at ${t.instant} NOT NULL,
          sealed SMALLINT NOT NULL,
          body TEXT NOT NULL
        )`,
        `CREATE INDEX ${p}records_at ON ${p}records (at, id)`,
        `CREATE INDEX ${p}records_grid ON ${p}records (grid_pre, at)`,
        `CREATE INDEX ${p}records_item ON ${p}records (item, at)`,
        `CREATE INDEX ${p}records_author ON ${p}records (author, at)`
      ]
    }
  },
  {
    id: 1002,
    name: "notices",
    statements: (p, dialect) => {
      const t = types(dialect)
      return [
        `CREATE TABLE ${p}notices (
          id ${t.key} PRIMARY KEY,
          published_at ${t.instant} NOT NULL,
          expires_at ${t.instant},
          public SMALLINT NOT NULL,
          body TEXT NOT NULL
        )`,
        `CREATE INDEX ${p}notices_published ON ${p}notices (published_at, id)`,
        `CREATE TABLE ${p}notice_targets (
          notice_id ${t.key} NOT NULL,
          role ${t.key},
          pre INTEGER,
          post INTEGER,
          unit ${t.key}
        )`,
        `CREATE INDEX ${p}notice_targets_notice ON ${p}notice_targets (notice_id)`,
        `CREATE TABLE ${p}notice_reads (
          notice_id ${t.key} NOT NULL,
          reader ${t.key} NOT NULL,
          at ${t.instant} NOT NULL,
          PRIMARY KEY (notice_id, reader)
        )`
      ]
    }
  }
]

const tables = (sql: SqlClient.SqlClient, prefix: string) => ({
  records: sql(`${prefix}records`),
  notices: sql(`${prefix}notices`),
  targets: sql(`${prefix}notice_targets`),
  reads: sql(`${prefix}notice_reads`)
})

/** Runs the records and notices migrations not yet applied (in the case store's migrations table and lock). */
export const migrate = (options: Options = {}) => runMigrations(migrations, options)

const storeError = (operation: string) => (cause: SqlError.SqlError) =>
  new CaseStore.StoreError({ operation, message: cause.message, cause })

const isUnique = (e: SqlError.SqlError): boolean => e.reason._tag === "UniqueViolation"

const chunks = <A>(values: ReadonlyArray<A>, size = 300): Array<ReadonlyArray<A>> => {
  const out: Array<ReadonlyArray<A>> = []
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size))
  return out
}

const rows = <A extends Record<string, unknown>>(values: ReadonlyArray<A>) =>
  values as unknown as readonly [Record<string, unknown>, ...Array<Record<string, unknown>>]

const classOf = (item: string): string => {
  const i = item.indexOf(".")
  return i < 0 ? item : item.slice(0, i)
}

/** Builds the two services over the `SqlClient` in context. */
export const make = (options: Options = {}) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const prefix = prefixOf(options)
    const t = tables(sql, prefix)

    const recordWhere = (query: RecordStore.Query, extra: ReadonlyArray<Statement.Fragment> = []) => {
      const where: Array<Statement.Fragment> = [...extra]
      if (query.grid !== undefined) where.push(sql`grid_pre BETWEEN ${query.grid.pre} AND ${query.grid.post}`)
      if (query.grids !== undefined)
        where.push(
          query.grids.length === 0
            ? sql`1 = 0`
            : sql.or(query.grids.map((g) => sql`grid_pre BETWEEN ${g.pre} AND ${g.post}`))
        )
      if (query.item !== undefined) {
        const c = query.item
        where.push(sql`(item = ${c} OR (item >= ${`${c}.`} AND item < ${`${c}/`}))`)
      }
      if (query.task !== undefined) where.push(sql`task = ${query.task}`)
      if (query.author !== undefined) where.push(sql`author = ${query.author}`)
      if (query.from !== undefined) where.push(sql`at >= ${query.from}`)
      if (query.to !== undefined) where.push(sql`at < ${query.to}`)
      return sql.and(where)
    }

    const insertRecords = (batch: ReadonlyArray<RecordStore.Row>) =>
      Effect.gen(function* () {
        const ids = batch.map((r) => r.record.id)
        const seen = new Set<string>()
        for (const id of ids) {
          if (seen.has(id)) return yield* new RecordStore.RecordExists({ id })
          seen.add(id)
        }
        for (const chunk of chunks(ids)) {
          const found = yield* sql<{
            id: string
          }>`SELECT id FROM ${t.records} WHERE id IN ${sql.in(chunk)} ORDER BY id LIMIT 1`
          if (found.length > 0) return yield* new RecordStore.RecordExists({ id: found[0]!.id })
        }
        for (const chunk of chunks(batch)) {
          yield* sql`INSERT INTO ${t.records} ${sql.insert(
            rows(
              chunk.map(({ record, gridPre }) => ({
                id: record.id,
                grid_code: record.grid,
                grid_pre: gridPre,
                class: classOf(record.item),
                item: record.item,
                task: record.task ?? null,
                author: record.author,
                at: record.at,
                sealed: record.sealed === true ? 1 : 0,
                body: JSON.stringify(record)
              }))
            )
          )}`
        }
      })

    const recordStore = RecordStore.RecordStore.of({
      append: (batch) =>
        batch.length === 0
          ? Effect.void
          : sql.withTransaction(insertRecords(batch)).pipe(
              Effect.catchIf(
                (e): e is SqlError.SqlError => e._tag === "SqlError" && isUnique(e),
                () =>
                  Effect.flatMap(
                    sql<{
                      id: string
                    }>`SELECT id FROM ${t.records} WHERE id IN ${sql.in(batch.map((r) => r.record.id))} ORDER BY id LIMIT 1`,
                    (found) => Effect.fail(new RecordStore.RecordExists({ id: found[0]?.id ?? batch[0]!.record.id }))
                  )
              ),
              Effect.catchTag("SqlError", (e) => Effect.fail(storeError("RecordStore.append")(e))),
              Effect.withSpan("RecordStore.append")
            ),
      get: Effect.fn("RecordStore.get")((id: string) =>
        sql<{ body: string }>`SELECT body FROM ${t.records} WHERE id = ${id}`.pipe(
          Effect.map((found) =>
            Option.map(Option.fromUndefinedOr(found[0]), (r) => JSON.parse(r.body) as Records.Record)
          ),
          Effect.mapError(storeError("RecordStore.get"))
        )
      ),
      query: Effect.fn("RecordStore.query")((query: RecordStore.Query) => {
        const descending = query.descending === true
        const direction = sql.literal(descending ? "DESC" : "ASC")
        const size = RecordStore.pageSize(query)
        const a = query.after
        const cursor =
          a === undefined
            ? []
            : [
                descending
                  ? sql`(at < ${a.at} OR (at = ${a.at} AND id < ${a.id}))`
                  : sql`(at > ${a.at} OR (at = ${a.at} AND id > ${a.id}))`
              ]
        return sql<{ body: string }>`SELECT body FROM ${t.records} WHERE ${recordWhere(query, cursor)}
          ORDER BY at ${direction}, id ${direction} LIMIT ${size + 1}`.pipe(
          Effect.map((found): RecordStore.Page => {
            const items = found.slice(0, size).map((r) => JSON.parse(r.body) as Records.Record)
            const last = items[items.length - 1]
            return { items, next: found.length > size && last !== undefined ? { at: last.at, id: last.id } : undefined }
          }),
          Effect.mapError(storeError("RecordStore.query"))
        )
      }),
      count: Effect.fn("RecordStore.count")((query: RecordStore.Query, by: RecordStore.CountBy) => {
        const key = sql.literal(by === "class" ? "class" : by === "item" ? "item" : "COALESCE(task, '')")
        return sql<{ key: string; count: unknown }>`SELECT ${key} AS key, COUNT(*) AS count FROM ${t.records}
          WHERE ${recordWhere(query)} GROUP BY ${key} ORDER BY ${key}`.pipe(
          Effect.map((found) => found.map((r) => ({ key: r.key, count: Number(r.count) }))),
          Effect.mapError(storeError("RecordStore.count"))
        )
      })
    })

    const postMatch = (p: Notice.Reader["posts"][number]) => {
      const places: Array<Statement.Fragment> = [sql`(t.pre IS NULL AND t.unit IS NULL)`]
      if (p.rank !== null) places.push(sql`(t.pre <= ${p.rank} AND t.post >= ${p.rank})`)
      if (p.unit !== null)
        places.push(sql`(t.unit = ${p.unit} OR (${p.unit} >= (t.unit || '.') AND ${p.unit} < (t.unit || '/')))`)
      return sql`((t.role IS NULL OR t.role = ${p.role}) AND ${sql.or(places)})`
    }

    const publishTx = (
      notice: Notice.Notice,
      targets: ReadonlyArray<Notice.Target>
    ): Effect.Effect<void, NoticeStore.NoticeExists | SqlError.SqlError> =>
      Effect.gen(function* () {
        const found = yield* sql`SELECT id FROM ${t.notices} WHERE id = ${notice.id}`
        if (found.length > 0) return yield* new NoticeStore.NoticeExists({ id: notice.id })
        yield* sql`INSERT INTO ${t.notices} ${sql.insert({
          id: notice.id,
          published_at: notice.publishedAt,
          expires_at: notice.expiresAt ?? null,
          public: notice.audience.public ? 1 : 0,
          body: JSON.stringify(notice)
        })}`
        for (const chunk of chunks(targets)) {
          if (chunk.length === 0) continue
          yield* sql`INSERT INTO ${t.targets} ${sql.insert(
            rows(chunk.map((g) => ({ notice_id: notice.id, role: g.role, pre: g.pre, post: g.post, unit: g.unit })))
          )}`
        }
      })

    const noticeStore = NoticeStore.NoticeStore.of({
      publish: (notice, targets) =>
        sql.withTransaction(publishTx(notice, targets)).pipe(
          Effect.catchIf(
            (e) => e._tag === "SqlError" && isUnique(e),
            () => Effect.fail(new NoticeStore.NoticeExists({ id: notice.id }))
          ),
          Effect.catchTag("SqlError", (e) => Effect.fail(storeError("NoticeStore.publish")(e))),
          Effect.withSpan("NoticeStore.publish")
        ),
      get: Effect.fn("NoticeStore.get")((id: string) =>
        sql<{ body: string }>`SELECT body FROM ${t.notices} WHERE id = ${id}`.pipe(
          Effect.map((found) =>
            Option.map(Option.fromUndefinedOr(found[0]), (r) => JSON.parse(r.body) as Notice.Notice)
          ),
          Effect.mapError(storeError("NoticeStore.get"))
        )
      ),
      inbox: Effect.fn("NoticeStore.inbox")((query: NoticeStore.InboxQuery) => {
        const size = NoticeStore.pageSize(query)
        const posts = query.reader.posts
        const audience =
          posts.length === 0
            ? sql`n.public = 1`
            : sql`(n.public = 1 OR EXISTS (SELECT 1 FROM ${t.targets} AS t WHERE t.notice_id = n.id AND ${sql.or(posts.map(postMatch))}))`
        const where: Array<Statement.Fragment> = [
          sql`n.published_at <= ${query.now}`,
          sql`(n.expires_at IS NULL OR n.expires_at > ${query.now})`,
          audience
        ]
        if (query.unreadOnly === true) where.push(sql`r.at IS NULL`)
        const a = query.after
        if (a !== undefined)
          where.push(sql`(n.published_at < ${a.at} OR (n.published_at = ${a.at} AND n.id < ${a.id}))`)
        return sql<{ body: string; read_at: unknown }>`SELECT n.body, r.at AS read_at FROM ${t.notices} AS n
          LEFT JOIN ${t.reads} AS r ON r.notice_id = n.id AND r.reader = ${query.reader.id}
          WHERE ${sql.and(where)} ORDER BY n.published_at DESC, n.id DESC LIMIT ${size + 1}`.pipe(
          Effect.map((found): NoticeStore.Page => {
            const items = found.slice(0, size).map((r) => ({
              notice: JSON.parse(r.body) as Notice.Notice,
              readAt: r.read_at == null ? null : Number(r.read_at)
            }))
            const last = items[items.length - 1]
            return {
              items,
              next:
                found.length > size && last !== undefined
                  ? { at: last.notice.publishedAt, id: last.notice.id }
                  : undefined
            }
          }),
          Effect.mapError(storeError("NoticeStore.inbox"))
        )
      }),
      markRead: (id, reader, at) =>
        sql
          .withTransaction(
            Effect.gen(function* () {
              const found = yield* sql`SELECT id FROM ${t.notices} WHERE id = ${id}`
              if (found.length === 0) return yield* new NoticeStore.NoticeNotFound({ id })
              const inserted = yield* sql`INSERT INTO ${t.reads} ${sql.insert({ notice_id: id, reader, at })}
                ON CONFLICT (notice_id, reader) DO NOTHING RETURNING reader`
              return inserted.length > 0
            })
          )
          .pipe(
            Effect.catchTag("SqlError", (e) => Effect.fail(storeError("NoticeStore.markRead")(e))),
            Effect.withSpan("NoticeStore.markRead")
          ),
      receipts: Effect.fn("NoticeStore.receipts")((id: string) =>
        sql<{
          reader: string
          at: unknown
        }>`SELECT reader, at FROM ${t.reads} WHERE notice_id = ${id} ORDER BY at, reader`.pipe(
          Effect.map((found) => found.map((r) => ({ reader: r.reader, at: Number(r.at) }))),
          Effect.mapError(storeError("NoticeStore.receipts"))
        )
      )
    })

    return Context.make(RecordStore.RecordStore, recordStore).pipe(Context.add(NoticeStore.NoticeStore, noticeStore))
  })

/** The tables read directly, for the conformance suite's raw hook. */
export const dump = (options: Options = {}) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const t = tables(sql, prefixOf(options))
    return {
      records: Effect.map(
        sql<{ body: string; grid_pre: unknown }>`SELECT body, grid_pre FROM ${t.records} ORDER BY id`,
        (found): ReadonlyArray<RecordStore.Row> =>
          found.map((r) => ({ record: JSON.parse(r.body) as Records.Record, gridPre: Number(r.grid_pre) }))
      ),
      notices: Effect.gen(function* () {
        const notices = yield* sql<{ id: string; body: string }>`SELECT id, body FROM ${t.notices} ORDER BY id`
        const targets = yield* sql<{
          notice_id: string
          role: Notice.Target["role"]
          pre: unknown
          post: unknown
          unit: string | null
        }>`
          SELECT notice_id, role, pre, post, unit FROM ${t.targets}`
        const num = (v: unknown) => (v == null ? null : Number(v))
        return notices.map((n) => ({
          notice: JSON.parse(n.body) as Notice.Notice,
          targets: targets
            .filter((g) => g.notice_id === n.id)
            .map((g): Notice.Target => ({ role: g.role, pre: num(g.pre), post: num(g.post), unit: g.unit }))
        }))
      }),
      reads: Effect.map(
        sql<{
          notice_id: string
          reader: string
          at: unknown
        }>`SELECT notice_id, reader, at FROM ${t.reads} ORDER BY notice_id, reader`,
        (found) => found.map((r) => ({ notice: r.notice_id, reader: r.reader, at: Number(r.at) }))
      )
    }
  })
