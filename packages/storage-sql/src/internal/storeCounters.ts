/**
 * The analytics counters projection over `effect/sql`: counter changes summed into
 * the `counters` table inside an append's transaction (one multi-row upsert,
 * `value = value + delta`), and the `AnalyticsStore` queries, which aggregate in
 * SQL: a grid subtree is a range of `grid_pre`, a unit or category prefix is the code
 * itself or the range `[prefix + ".", prefix + "/")` (segment boundaries, byte order).
 */
import { AnalyticsStore, CaseStore } from "@gridgov/core"
import { Effect } from "effect"
import type { SqlClient, SqlError, Statement } from "effect/sql"

export interface Deps {
  readonly sql: SqlClient.SqlClient
  readonly prefix: string
  readonly chunks: <A>(values: ReadonlyArray<A>, size?: number) => Array<ReadonlyArray<A>>
}

const storeError = (operation: string) => (cause: SqlError.SqlError) =>
  new CaseStore.StoreError({ operation, message: cause.message, cause })

const keyOf = (c: AnalyticsStore.Change) =>
  `${c.grid}\u0000${c.unit}\u0000${c.kind}\u0000${c.category}\u0000${c.month}\u0000${c.measure}`

/** Sums changes per key and measure (the last rank wins), zero sums dropped, in key order. */
export const sum = (changes: Iterable<AnalyticsStore.Change>): Array<AnalyticsStore.Change> => {
  const sums = new Map<string, AnalyticsStore.Change>()
  for (const c of changes) {
    const key = keyOf(c)
    const prev = sums.get(key)
    sums.set(key, prev === undefined ? c : { ...c, delta: prev.delta + c.delta })
  }
  return [...sums.entries()]
    .filter(([, c]) => c.delta !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, c]) => c)
}

const num = (value: unknown): number => (typeof value === "number" ? value : Number(value))

export const row = (r: Readonly<Record<string, unknown>>): AnalyticsStore.Row => ({
  grid: String(r.grid_code),
  rank: num(r.grid_pre),
  unit: String(r.unit),
  kind: String(r.kind) as AnalyticsStore.Row["kind"],
  category: String(r.category),
  month: String(r.month),
  measure: String(r.measure) as AnalyticsStore.Row["measure"],
  value: num(r.value)
})

export const make = (deps: Deps) => {
  const { sql, prefix, chunks } = deps
  const table = sql(`${prefix}counters`)
  const columns = sql.literal("grid_code, grid_pre, unit, kind, category, month, measure, value")

  /**
   * Adds the changes to the counters (inside the caller's transaction). A key's rank
   * is the one it was first written with, moved only by `rerank` after a tree change:
   * assigning it again would rewrite its index entry at every append (and let a
   * server still on the old tree move it back).
   */
  const write = (changes: ReadonlyArray<AnalyticsStore.Change>) =>
    Effect.gen(function* () {
      const summed = sum(changes)
      for (const chunk of chunks(summed, 400)) {
        const values = chunk.map((c) => ({
          grid_code: c.grid,
          grid_pre: c.rank,
          unit: c.unit,
          kind: c.kind,
          category: c.category,
          month: c.month,
          measure: c.measure,
          value: c.delta
        }))
        yield* sql`INSERT INTO ${table} AS c ${sql.insert(values as never)}
          ON CONFLICT (grid_code, unit, kind, category, month, measure)
          DO UPDATE SET value = c.value + excluded.value`
      }
    })

  const prefixed = (column: string, prefix: string): Statement.Fragment => {
    const c = sql(column)
    return sql`(${c} = ${prefix} OR (${c} >= ${`${prefix}.`} AND ${c} < ${`${prefix}/`}))`
  }

  const where = (q: AnalyticsStore.Query): Statement.Fragment => {
    const parts: Array<Statement.Fragment> = [sql`value <> 0`]
    if (q.grid !== undefined) parts.push(sql`grid_pre BETWEEN ${q.grid.pre} AND ${q.grid.post}`)
    if (q.unit !== undefined) parts.push(q.unit === "" ? sql`unit = ''` : prefixed("unit", q.unit))
    if (q.kinds !== undefined) parts.push(q.kinds.length === 0 ? sql`1 = 0` : sql`kind IN ${sql.in(q.kinds)}`)
    if (q.category !== undefined) parts.push(prefixed("category", q.category))
    if (q.from !== undefined) parts.push(sql`month >= ${q.from}`)
    if (q.to !== undefined) parts.push(sql`month <= ${q.to}`)
    return sql.and(parts)
  }

  const all = sql`SELECT ${columns} FROM ${table} WHERE value <> 0
    ORDER BY grid_code, unit, kind, category, month, measure`

  const service = AnalyticsStore.AnalyticsStore.of({
    totals: Effect.fn("AnalyticsStore.totals")((q: AnalyticsStore.Query) =>
      sql<{ measure: string; total: unknown }>`SELECT measure, SUM(value) AS total FROM ${table}
        WHERE ${where(q)} GROUP BY measure`.pipe(
        Effect.map((rows) => {
          const out = AnalyticsStore.zero()
          for (const r of rows) if (r.measure in out) out[r.measure as keyof typeof out] = num(r.total)
          return out
        }),
        Effect.mapError(storeError("AnalyticsStore.totals"))
      )
    ),
    counters: Effect.fn("AnalyticsStore.counters")((q: AnalyticsStore.Query) =>
      sql`SELECT ${columns} FROM ${table} WHERE ${where(q)}
        ORDER BY grid_code, unit, kind, category, month, measure`.pipe(
        Effect.map((rows) => rows.map(row)),
        Effect.mapError(storeError("AnalyticsStore.counters"))
      )
    ),
    replace: Effect.fn("AnalyticsStore.replace")((changes: ReadonlyArray<AnalyticsStore.Change>) =>
      sql
        .withTransaction(Effect.andThen(sql`DELETE FROM ${table}`, write(changes)))
        .pipe(Effect.mapError(storeError("AnalyticsStore.replace")))
    )
  })

  /** Moves the counters of a grid code to its new rank (inside the caller's transaction). */
  const rerank = (gridCode: string, pre: number) =>
    sql`UPDATE ${table} SET grid_pre = ${pre} WHERE grid_code = ${gridCode} AND grid_pre <> ${pre}`

  return { write, service, rerank, all }
}
