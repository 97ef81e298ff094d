/**
 * Summary queries under an access scope. A scope (grid intervals, units that held a
 * case, a reporter) goes to the store as `SummaryQuery.scope`, which the store
 * applies in its query, so pages are full and keyset paging is exact. `union`
 * merges the pages of sub-queries of one order (a work list: assigned to me, or
 * held by one of my units).
 */
import type { Effect } from "effect"
import type * as Access from "../Access.js"
import type { Cursor, Page, StoreError, Summary, SummaryQuery } from "../CaseStore.js"
import { pageSize } from "../CaseStore.js"

type Search = (query: SummaryQuery) => Effect.Effect<Page<Summary>, StoreError>

const keyOf = (query: SummaryQuery) => {
  const orderBy = query.orderBy ?? "createdAt"
  return (s: Summary): number => (orderBy === "dueAt" ? (s.dueAt ?? 0) : s[orderBy])
}

const cursorOf = (query: SummaryQuery, s: Summary): Cursor => ({ key: keyOf(query)(s), streamId: s.streamId })

/** Runs a summary query restricted to what `scope` may read. */
export const scoped = (
  search: Search,
  scope: Access.Scope,
  query: SummaryQuery
): Effect.Effect<Page<Summary>, StoreError> =>
  scope._tag === "All"
    ? search(query)
    : search({
        ...query,
        scope: {
          grids: scope.grids.map((g) => ({ pre: g.pre, post: g.post })),
          units: scope.units,
          reporter: scope.reporter
        }
      })

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
