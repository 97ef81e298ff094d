/**
 * Jurisdiction: what each post reaches, whether a case lies inside it (to read and to
 * act), and which roles the case machines allow for a command. Plain code over the
 * grid tree's typed arrays: O(1) per post, no allocation on the checks.
 */
import type { Kind } from "../CaseKind.js"
import type { Role } from "../Staff.js"
import { contains, subtreeSize } from "./grid.js"
import type { Tree } from "./gridTypes.js"
import { compiled } from "./machines/index.js"

/** A post an actor holds, as `Access.Post`. */
export interface Post {
  readonly role: Role
  readonly at: { readonly grid: string } | { readonly unit: string } | null
}

/** What the case looks like to the checks. */
export interface CaseView {
  readonly kind: Kind | null
  readonly status: string
  readonly place: string
  readonly reporter: { readonly id: string; readonly role: Role } | null
  readonly handler: { readonly unit: string } | null
  readonly held: ReadonlyArray<string>
}

/** What a post reaches. */
export type Reach =
  | { readonly _tag: "City" }
  | { readonly _tag: "Subtree"; readonly grid: number }
  | { readonly _tag: "Own"; readonly grid: number }
  | { readonly _tag: "Exact"; readonly grid: number }
  | { readonly _tag: "Unit"; readonly unit: string }
  | { readonly _tag: "Reporter" }
  | { readonly _tag: "None" }

const CITY: Reach = { _tag: "City" }
const REPORTER: Reach = { _tag: "Reporter" }
const NONE: Reach = { _tag: "None" }

/** Whether a unit is one of the center's (the center, a sub-center, committee, studio or window): not a department. */
export const isCenter = (unit: string): boolean => !unit.startsWith("dept.")

/** The reach of one post (see docs/explanation/access.md for the table). */
export const reachOf = (tree: Tree, post: Post): Reach => {
  if (post.role === "system" || post.role === "admin") return CITY
  if (post.role === "public") return REPORTER
  const at = post.at
  if (at === null) return NONE
  if ("unit" in at) return post.role === "dispatcher" && isCenter(at.unit) ? CITY : { _tag: "Unit", unit: at.unit }
  const grid = tree.index.get(at.grid)
  if (grid === undefined) return NONE
  if (post.role === "gridWorker") return { _tag: "Own", grid }
  if (post.role === "exclusiveMember") return { _tag: "Exact", grid }
  return { _tag: "Subtree", grid }
}

/** Whether a grid-based reach covers grid `place` (an id, -1 when unknown: only `City` covers that). */
export const coversGrid = (tree: Tree, reach: Reach, place: number): boolean => {
  if (reach._tag === "City") return true
  if (place < 0) return false
  switch (reach._tag) {
    case "Subtree":
      return contains(tree, reach.grid, place)
    case "Own":
      return place === reach.grid || (tree.exclusive[place] === 1 && tree.parent[place] === reach.grid)
    case "Exact":
      return place === reach.grid
    default:
      return false
  }
}

/** The public reporter of a case, or `null` when staff reported it. */
export const publicReporter = (view: CaseView): string | null =>
  view.reporter !== null && view.reporter.role === "public" ? view.reporter.id : null

/** Whether the reach lets its holder read an opened case. */
export const canRead = (tree: Tree, reach: Reach, view: CaseView, actorId: string, place: number): boolean => {
  switch (reach._tag) {
    case "Unit":
      return view.held.includes(reach.unit)
    case "Reporter":
      return publicReporter(view) === actorId
    case "None":
      return false
    default:
      return coversGrid(tree, reach, place)
  }
}

/** Whether the reach lets its holder act on an opened case: a unit only on what it holds now. */
export const canAct = (tree: Tree, reach: Reach, view: CaseView, actorId: string, place: number): boolean =>
  reach._tag === "Unit"
    ? view.handler !== null && view.handler.unit === reach.unit
    : canRead(tree, reach, view, actorId, place)

/** Whether the reach lets its holder open a case at grid `place`: units and the public anywhere in the tree. */
export const canOpen = (tree: Tree, reach: Reach, place: number): boolean =>
  place >= 0 && (reach._tag === "Unit" || reach._tag === "Reporter" || coversGrid(tree, reach, place))

const unions = new Map<string, ReadonlySet<string>>()

/** The roles any row of `kind` allows for `command`, from any state. */
const anyRow = (kind: Kind, command: string): ReadonlySet<string> => {
  const key = `${kind}/${command}`
  let roles = unions.get(key)
  if (roles === undefined) {
    const set = new Set<string>()
    for (const row of compiled[kind].rows) if (row.command === command) for (const r of row.roles) set.add(r)
    roles = set
    unions.set(key, roles)
  }
  return roles
}

/**
 * Whether the machine lets `role` issue `command` on a case of `kind` in `status`:
 * some row from that state allows the role; when the command is not defined in that
 * state, some row of the kind does (the decider then reports the state).
 */
export const machineAllows = (kind: Kind, status: string, command: string, role: Role): boolean => {
  const rows = compiled[kind].byCommand[status]?.[command as never] as
    | ReadonlyArray<{ readonly roles: ReadonlyArray<string> }>
    | undefined
  if (rows !== undefined && rows.length > 0) {
    for (const row of rows) if (row.roles.includes(role)) return true
    return false
  }
  return anyRow(kind, command).has(role)
}

/** A subtree as a range of pre-order numbers. */
export interface Interval {
  readonly grid: string
  readonly pre: number
  readonly post: number
}

const single = (tree: Tree, id: number): Interval => ({
  grid: tree.records[id]!.code,
  pre: tree.pre[id]!,
  post: tree.pre[id]!
})

/** The intervals a grid-based reach covers. */
export const intervalsOf = (tree: Tree, reach: Reach): Array<Interval> => {
  switch (reach._tag) {
    case "Subtree": {
      const pre = tree.pre[reach.grid]!
      return [{ grid: tree.records[reach.grid]!.code, pre, post: pre + subtreeSize(tree, reach.grid) - 1 }]
    }
    case "Exact":
      return [single(tree, reach.grid)]
    case "Own": {
      const out = [single(tree, reach.grid)]
      for (let k = tree.childStart[reach.grid]!; k < tree.childStart[reach.grid + 1]!; k++) {
        const child = tree.childIds[k]!
        if (tree.exclusive[child] === 1) out.push(single(tree, child))
      }
      return out
    }
    default:
      return []
  }
}

/** Sorts intervals and drops those inside another, so none overlap. */
export const normalize = (intervals: ReadonlyArray<Interval>): Array<Interval> => {
  const sorted = [...intervals].sort((a, b) => a.pre - b.pre || b.post - a.post)
  const out: Array<Interval> = []
  for (const i of sorted) {
    const last = out[out.length - 1]
    if (last !== undefined && i.post <= last.post) continue
    out.push(i)
  }
  return out
}
