/**
 * Summary queries under an access scope. The store's query filters one grid
 * interval; a scope is a union (grid intervals, units that held a case, a
 * reporter). Grid-only scopes run one store query per interval and merge the pages
 * (keyset paging stays exact: each interval's rows after the cursor, merged, the
 * first `limit` kept). Scopes with units or a reporter scan the store's pages and
 * keep the rows `Access.filter` admits, reading the facts the service stores in
 * each summary's body; a scan stops after `scanLimit` rows with a cursor to go on.
 */
import { Effect } from "effect"
import * as Access from "../Access.js"
import type { Cursor, Page, StoreError, Summary, SummaryQuery } from "../CaseStore.js"
import { pageSize } from "../CaseStore.js"

type Search = (query: SummaryQuery) => Effect.Effect<Page<Summary>, StoreError>

const keyOf = (query: SummaryQuery) => {
  const orderBy = query.orderBy ?? "createdAt"
  return (s: Summary): number => (orderBy === "dueAt" ? (s.dueAt ?? 0) : s[orderBy])
}

const cursorOf = (query: SummaryQuery, s: Summary): Cursor => ({ key: keyOf(query)(s), streamId: s.streamId })

/** The facts of a summary written by the service (`body.facts`); none for other rows. */
export const factsOf = (s: Summary): Access.Facts | undefined => {
  const body = s.body as { readonly facts?: Access.Facts } | null
  return body !== null && typeof body === "object" && body.facts !== undefined ? body.facts : undefined
}

/** Whether an actor's scope admits a summary. */
export const admits = (scope: Access.Scope, s: Summary): boolean => {
  if (scope._tag === "All") return true
  const facts = factsOf(s)
  return facts !== undefined && Access.filter(scope, facts)
}

const intersect = (
  a: { readonly pre: number; readonly post: number } | undefined,
  b: { readonly pre: number; readonly post: number }
) => {
  if (a === undefined) return b
  const pre = Math.max(a.pre, b.pre)
  const post = Math.min(a.post, b.post)
  return pre <= post ? { pre, post } : undefined
}

const merge = (search: Search, query: SummaryQuery, grids: ReadonlyArray<{ pre: number; post: number }>) =>
  Effect.gen(function* () {
    const size = pageSize(query)
    if (grids.length === 0) return { items: [], next: undefined } satisfies Page<Summary>
    if (grids.length === 1) return yield* search({ ...query, grid: grids[0]! })
    const pages = yield* Effect.forEach(grids, (grid) => search({ ...query, grid }))
    const key = keyOf(query)
    const sign = query.descending === true ? -1 : 1
    const rows = pages.flatMap((p) => p.items)
    rows.sort((a, b) => sign * (key(a) - key(b) || (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0)))
    const items = rows.slice(0, size)
    const more = rows.length > size || pages.some((p) => p.next !== undefined)
    const last = items[items.length - 1]
    return { items, next: more && last !== undefined ? cursorOf(query, last) : undefined } satisfies Page<Summary>
  })

const scan = (search: Search, query: SummaryQuery, scope: Access.Scope, scanLimit: number) =>
  Effect.gen(function* () {
    const size = pageSize(query)
    const items: Array<Summary> = []
    let after = query.after
    let scanned = 0
    for (;;) {
      const page = yield* search({ ...query, after, limit: Math.min(1000, Math.max(size, 100)) })
      for (let i = 0; i < page.items.length; i++) {
        const row = page.items[i]!
        scanned++
        if (admits(scope, row)) items.push(row)
        const moreHere = i < page.items.length - 1 || page.next !== undefined
        if (items.length === size || scanned >= scanLimit) {
          return { items, next: moreHere ? cursorOf(query, row) : undefined } satisfies Page<Summary>
        }
      }
      if (page.next === undefined) return { items, next: undefined } satisfies Page<Summary>
      after = page.next
    }
  })

/** Runs a summary query restricted to what `scope` may read. */
export const scoped = (
  search: Search,
  scope: Access.Scope,
  query: SummaryQuery,
  scanLimit: number
): Effect.Effect<Page<Summary>, StoreError> => {
  if (scope._tag === "All") return search(query)
  if (scope.units.length === 0 && scope.reporter === null) {
    const grids: Array<{ pre: number; post: number }> = []
    for (const g of scope.grids) {
      const i = intersect(query.grid, g)
      if (i !== undefined) grids.push(i)
    }
    return merge(search, query, grids)
  }
  return scan(search, query, scope, scanLimit)
}

/** The union of pages of the same order (one per sub-query): merged, each case once, the first `limit` kept. */
export const union = (query: SummaryQuery, pages: ReadonlyArray<Page<Summary>>): Page<Summary> => {
  const size = pageSize(query)
  const key = keyOf(query)
  const sign = query.descending === true ? -1 : 1
  const seen = new Set<string>()
  const rows: Array<Summary> = []
  for (const p of pages) for (const s of p.items) if (!seen.has(s.streamId) && seen.add(s.streamId)) rows.push(s)
  rows.sort((a, b) => sign * (key(a) - key(b) || (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0)))
  const items = rows.slice(0, size)
  const last = items[items.length - 1]
  const more = rows.length > size || pages.some((p) => p.next !== undefined)
  return { items, next: more && last !== undefined ? cursorOf(query, last) : undefined }
}
