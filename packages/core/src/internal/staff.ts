/**
 * The staff directory: checks on people, units and posts, and the look-ups over them.
 */
import * as Result from "effect/Result"
import type { Kind as CaseKind } from "../CaseKind.js"
import { matches } from "../Category.js"
import { pathIds } from "./grid.js"
import type { Name, Tree } from "./gridTypes.js"

export interface Take {
  readonly kind: CaseKind
  readonly categories: ReadonlyArray<string>
}

export interface Person {
  readonly id: string
  readonly name: string
}

export interface Unit {
  readonly id: string
  readonly type: "center" | "subCenter" | "department" | "committee" | "studio" | "window"
  readonly name: Name
  readonly parent?: string
  readonly takes: ReadonlyArray<Take>
  readonly temporary?: boolean
  readonly verified?: boolean
  readonly source?: string
}

export type Place = { readonly grid: string } | { readonly unit: string }

export interface Post {
  readonly person: string
  readonly role: string
  readonly at: Place
  readonly validFrom: string
  readonly validTo?: string
}

export interface Records {
  readonly people: ReadonlyArray<Person>
  readonly units: ReadonlyArray<Unit>
  readonly posts: ReadonlyArray<Post>
}

export type IssueTag =
  | "Schema"
  | "DuplicatePerson"
  | "DuplicateUnit"
  | "UnknownUnitParent"
  | "UnitCycle"
  | "UnknownPerson"
  | "UnknownGrid"
  | "UnknownUnit"
  | "DateOrder"
  | "WrongPlace"

export interface Issue {
  readonly _tag: IssueTag
  readonly path: ReadonlyArray<string | number>
  readonly message: string
}

/** Where a role may be posted. */
export type PlaceRule = "grid" | "exclusiveGrid" | "unit" | "department" | "any" | "none"

export const placeRules: Readonly<Record<string, PlaceRule>> = {
  gridWorker: "grid",
  exclusiveMember: "exclusiveGrid",
  gridChief: "grid",
  gridManager: "grid",
  dispatcher: "any",
  departmentOfficer: "department",
  mediator: "any",
  judgeAssistant: "unit",
  leader: "any",
  admin: "any",
  public: "none",
  system: "none"
}

/** Roles whose post on a grid also covers the grids below it. */
export const inheriting: ReadonlySet<string> = new Set(["gridChief", "gridManager", "leader", "admin"])

export interface Directory {
  readonly tree: Tree
  readonly records: Records
  readonly people: ReadonlyMap<string, Person>
  readonly units: ReadonlyMap<string, Unit>
  readonly byGrid: ReadonlyMap<number, ReadonlyArray<Post>>
  readonly byUnit: ReadonlyMap<string, ReadonlyArray<Post>>
  readonly byPerson: ReadonlyMap<string, ReadonlyArray<Post>>
}

const push = <K, V>(map: Map<K, Array<V>>, key: K, value: V) => {
  const list = map.get(key)
  if (list === undefined) map.set(key, [value])
  else list.push(value)
}

export const build = (records: Records, tree: Tree): Result.Result<Directory, Array<Issue>> => {
  const issues: Array<Issue> = []
  const people = new Map<string, Person>()
  for (const [i, p] of records.people.entries()) {
    if (people.has(p.id))
      issues.push({ _tag: "DuplicatePerson", path: ["people", i, "id"], message: `person ${p.id} appears twice` })
    else people.set(p.id, p)
  }
  const units = new Map<string, Unit>()
  for (const [i, u] of records.units.entries()) {
    if (units.has(u.id))
      issues.push({ _tag: "DuplicateUnit", path: ["units", i, "id"], message: `unit ${u.id} appears twice` })
    else units.set(u.id, u)
  }
  for (const [i, u] of records.units.entries()) {
    if (u.parent === undefined) continue
    if (!units.has(u.parent)) {
      issues.push({
        _tag: "UnknownUnitParent",
        path: ["units", i, "parent"],
        message: `unit ${u.parent} is not listed`
      })
      continue
    }
    let steps = 0
    for (let p: string | undefined = u.parent; p !== undefined; p = units.get(p)?.parent) {
      if (p === u.id || ++steps > units.size) {
        issues.push({ _tag: "UnitCycle", path: ["units", i, "parent"], message: `unit ${u.id} is its own ancestor` })
        break
      }
    }
  }
  const byGrid = new Map<number, Array<Post>>()
  const byUnit = new Map<string, Array<Post>>()
  const byPerson = new Map<string, Array<Post>>()
  for (const [i, post] of records.posts.entries()) {
    const path = ["posts", i]
    if (!people.has(post.person))
      issues.push({ _tag: "UnknownPerson", path: [...path, "person"], message: `person ${post.person} is not listed` })
    if (post.validTo !== undefined && post.validTo < post.validFrom)
      issues.push({ _tag: "DateOrder", path: [...path, "validTo"], message: "validTo is before validFrom" })
    const rule = placeRules[post.role] ?? "none"
    if ("grid" in post.at) {
      const id = tree.index.get(post.at.grid)
      if (id === undefined) {
        issues.push({
          _tag: "UnknownGrid",
          path: [...path, "at", "grid"],
          message: `grid ${post.at.grid} is not in the tree`
        })
        continue
      }
      const exclusive = tree.exclusive[id] === 1
      const ok = rule === "any" || (rule === "grid" && !exclusive) || (rule === "exclusiveGrid" && exclusive)
      if (!ok)
        issues.push({
          _tag: "WrongPlace",
          path: [...path, "at"],
          message: `a ${post.role} cannot be posted to ${exclusive ? "an exclusive" : "a regular"} grid`
        })
      else {
        push(byGrid, id, post)
        push(byPerson, post.person, post)
      }
    } else {
      const unit = units.get(post.at.unit)
      if (unit === undefined) {
        issues.push({
          _tag: "UnknownUnit",
          path: [...path, "at", "unit"],
          message: `unit ${post.at.unit} is not listed`
        })
        continue
      }
      const ok = rule === "any" || rule === "unit" || (rule === "department" && unit.type === "department")
      if (!ok)
        issues.push({
          _tag: "WrongPlace",
          path: [...path, "at"],
          message: `a ${post.role} cannot be posted to ${unit.type} ${unit.id}`
        })
      else {
        push(byUnit, unit.id, post)
        push(byPerson, post.person, post)
      }
    }
  }
  if (issues.length > 0) return Result.fail(issues)
  return Result.succeed({ tree, records, people, units, byGrid, byUnit, byPerson })
}

/** Whether a post is held on `date` (both ends inclusive). */
export const validOn = (post: Post, date: string): boolean =>
  post.validFrom <= date && (post.validTo === undefined || date <= post.validTo)

export interface Cover {
  readonly role: string
  readonly grid: string
  readonly inherited: boolean
  readonly posts: ReadonlyArray<Post>
}

/** Who covers grid `id` on `date`, per role, following the inheritance rule. */
export const coverage = (dir: Directory, id: number, date: string): Array<Cover> => {
  const path = pathIds(dir.tree, id)
  const found = new Map<string, Cover>()
  for (let k = path.length - 1; k >= 0; k--) {
    const g = path[k]!
    const own = g === id
    const byRole = new Map<string, Array<Post>>()
    for (const post of dir.byGrid.get(g) ?? []) {
      if (!validOn(post, date) || found.has(post.role)) continue
      if (!own && !inheriting.has(post.role)) continue
      push(byRole, post.role, post)
    }
    for (const [role, posts] of byRole)
      found.set(role, { role, grid: dir.tree.records[g]!.code, inherited: !own, posts })
  }
  return [...found.values()]
}

/** Units that take cases of `kind` in `category`, most specific first (then by id). */
export const unitsFor = (dir: Directory, kind: CaseKind, category: string): Array<Unit> => {
  const scored: Array<readonly [Unit, number]> = []
  for (const unit of dir.units.values()) {
    let best = -1
    for (const take of unit.takes) {
      if (take.kind !== kind) continue
      if (take.categories.length === 0) best = Math.max(best, 0)
      for (const prefix of take.categories) if (matches(prefix, category)) best = Math.max(best, prefix.length)
    }
    if (best >= 0) scored.push([unit, best])
  }
  return scored.sort((a, b) => b[1] - a[1] || (a[0].id < b[0].id ? -1 : 1)).map(([u]) => u)
}
