/**
 * Summary queries under an access scope. A scope (grid intervals, units that held a
 * case, a reporter) goes to the store as `SummaryQuery.scope`, which the store
 * applies in its query, so pages are full and keyset paging is exact. `union`
 * merges the pages of sub-queries of one order (a work list: assigned to me, or
 * held by one of my units).
 */
import type { Effect } from "effect"
import * as Access from "../Access.js"
import type { Cursor, Page, StoreError, Summary, SummaryQuery } from "../CaseStore.js"
import { pageSize } from "../CaseStore.js"
import type { Role } from "../Staff.js"
import { reachOf } from "./access.js"
import type { Tree } from "./gridTypes.js"
import { initial } from "./machine.js"
import { compiled } from "./machines/index.js"

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

/** A filter on kind and state: cases of `kinds` (any kind when `undefined`) in one of `states`. */
export interface KindStates {
  readonly kinds: ReadonlyArray<string> | undefined
  readonly states: ReadonlyArray<string>
}

const moving = new Map<Role, ReadonlyArray<KindStates>>()

/**
 * Where `role` moves a case on: per kind, the open states from which some row
 * that allows the role leads to another state. As few filters as exact: one for
 * every kind when the union of states means the same in each kind that has them,
 * else one per kind.
 */
export const movedBy = (role: Role): ReadonlyArray<KindStates> => {
  const known = moving.get(role)
  if (known !== undefined) return known
  const byKind = new Map<string, Set<string>>()
  for (const [kind, machine] of Object.entries(compiled)) {
    const states = new Set<string>()
    for (const row of machine.rows) {
      if (row.to !== row.from && row.from !== initial && !machine.finals.has(row.from) && row.roles.includes(role)) {
        states.add(row.from)
      }
    }
    if (states.size > 0) byKind.set(kind, states)
  }
  const union = new Set([...byKind.values()].flatMap((s) => [...s]))
  // One filter fits when no kind has a state of the union that the role does not move there.
  const fits = Object.entries(compiled).every(([kind, machine]) =>
    [...union].every((s) => !machine.states.includes(s) || byKind.get(kind)?.has(s) === true)
  )
  const filters: ReadonlyArray<KindStates> =
    union.size === 0
      ? []
      : fits
        ? [{ kinds: undefined, states: [...union].sort() }]
        : [...byKind].map(([kind, states]) => ({ kinds: [kind], states: [...states].sort() }))
  moving.set(role, filters)
  return filters
}

/**
 * Whether a post can act on a case nobody holds: a unit's post acts only on what its
 * unit holds (the center's dispatchers excepted: they reach every case).
 */
export const actsUnheld = (context: { readonly tree: Tree }, post: Access.Post): boolean => {
  const reach = reachOf(context.tree, post)._tag
  return reach !== "Unit" && reach !== "None"
}

/**
 * The queries of an actor's to-do list, each with the scope it is read in: the open
 * cases assigned to the actor; those held by one of the actor's units or grids (or by a
 * code that resolves to one of them: a retired grid it succeeds, a code it had before a
 * move, from `former`); and the cases nobody holds (not dispatched yet, or handed back)
 * in a state one of the actor's posts moves them on from, within that post's reach.
 */
export const todo = (
  context: Access.Context,
  actor: Access.Actor,
  base: SummaryQuery,
  open: ReadonlyArray<string>,
  former: ReadonlyMap<string, ReadonlyArray<string>>
): Array<readonly [Access.Scope, SummaryQuery]> => {
  const units = new Set<string>()
  for (const post of actor.posts) {
    if (post.at === null) continue
    const unit = "unit" in post.at ? post.at.unit : post.at.grid
    units.add(unit)
    for (const code of former.get(unit) ?? []) units.add(code)
  }
  const all = Access.scope(context, actor)
  const queries: Array<readonly [Access.Scope, SummaryQuery]> = [[all, { ...base, assignee: actor.id }]]
  for (const unit of [...units].sort()) queries.push([all, { ...base, unit }])
  for (const post of actor.posts) {
    if (!actsUnheld(context, post)) continue
    const reach = Access.scope(context, { ...actor, posts: [post] })
    for (const f of movedBy(post.role)) {
      queries.push([reach, { ...base, unit: null, kinds: f.kinds, states: f.states.filter((s) => open.includes(s)) }])
    }
  }
  return queries
}
