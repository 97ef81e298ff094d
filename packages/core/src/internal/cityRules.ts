/**
 * The checks a batch of configuration changes passes as a whole, once its events are
 * folded: the tree, the directory, the taxonomies, the routing table, the SLA policies
 * and the calendar, each only when the batch touched what it rests on; and the work
 * the batch would strand (grids and units left without a post, open cases held by a
 * closed unit or filed under a removed category).
 */
import { Result } from "effect"
import * as Category from "../Category.js"
import * as Grid from "../Grid.js"
import type * as RoutingTable from "../RoutingTable.js"
import * as Sla from "../Sla.js"
import * as Staff from "../Staff.js"
import { formatIso, parseIso } from "./calendarDate.js"
import type { Change } from "./cityChanges.js"
import { compileRouting, nationalPolicies } from "./cityCompat.js"
import type { Context, Issue, Strand } from "./cityDecide.js"
import type { Document } from "./citySchema.js"

/** What a batch touched, and which change touched it last. */
export interface Touched {
  scheme: number | undefined
  readonly grids: Map<string, number>
  readonly units: Map<string, number>
  readonly closed: Map<string, number>
  readonly people: Map<string, number>
  readonly posts: Map<string, number>
  readonly ended: Map<string, number>
  routing: number | undefined
  sla: number | undefined
  categories: number | undefined
  notices: number | undefined
}

export const touches = (): Touched => ({
  scheme: undefined,
  grids: new Map(),
  units: new Map(),
  closed: new Map(),
  people: new Map(),
  posts: new Map(),
  ended: new Map(),
  routing: undefined,
  sla: undefined,
  categories: undefined,
  notices: undefined
})

const lastOf = (m: ReadonlyMap<string, number>): number | undefined => {
  let out: number | undefined
  for (const v of m.values()) if (out === undefined || v > out) out = v
  return out
}

/** The roles whose posts at a grid take its work (own posts, or inherited from above). */
export const handling: ReadonlySet<string> = new Set(["gridWorker", "exclusiveMember", "gridChief", "gridManager"])

/** The units a routing table names, with where. */
export const routingUnits = (table: RoutingTable.Table): Array<{ readonly path: string; readonly unit: string }> => {
  const out: Array<{ path: string; unit: string }> = []
  table.rules.forEach((r, k) => {
    if ("unit" in r.target) out.push({ path: `rules.${k}.target`, unit: r.target.unit })
  })
  out.push({ path: "backstop", unit: table.backstop })
  for (const [kind, unit] of Object.entries(table.ladder.center)) out.push({ path: `ladder.center.${kind}`, unit })
  for (const [kind, unit] of Object.entries(table.ladder.top)) {
    if (unit !== "owner") out.push({ path: `ladder.top.${kind}`, unit })
  }
  out.push({ path: "ladder.ownerFallback", unit: table.ladder.ownerFallback })
  for (const [k, o] of table.owners.entries()) out.push({ path: `owners.${k}.unit`, unit: o.unit })
  for (const [k, c] of table.committees.entries()) out.push({ path: `committees.${k}.unit`, unit: c.unit })
  out.push({ path: "jointCommittee", unit: table.jointCommittee })
  return out
}

/** The staff records of a document, for `Staff.directory`. */
export const staffOf = (d: Document): Staff.Records => ({ people: d.people, units: d.units, posts: d.posts })

type Path = ReadonlyArray<string | number>

/** Whether `path` leads to a value inside `value`. */
const resolves = (value: unknown, path: Path): boolean => {
  let v = value
  for (const key of path) {
    if (v === null || typeof v !== "object" || !(key in v)) return false
    v = (v as Record<string | number, unknown>)[key]
  }
  return true
}

/**
 * Where, inside the change it comes from, a problem of the folded tree or directory
 * lies (its path is a field of a record: `["kind"]`, `["post", "validTo"]`): inside the
 * record an `AddGrid` or a `SplitGrid` gave for the grid, else the path as far as the
 * change has it (the change itself when it has none of it).
 */
const inChange = (change: Change | undefined, code: string | undefined, path: Path): Path => {
  if (change === undefined) return path
  if (change._tag === "AddGrid" && change.record.code === code) return ["record", ...path]
  if (change._tag === "SplitGrid") {
    const k = change.into.findIndex((r) => r.code === code)
    if (k >= 0) return ["into", k, ...path]
  }
  for (let n = path.length; n > 0; n--) if (resolves(change, path.slice(0, n))) return path.slice(0, n)
  return []
}

/** Problems of the document a batch leads to, each with the change it comes from. */
export const check = (
  before: Document,
  after: Document,
  t: Touched,
  context: Context,
  changes: ReadonlyArray<Change> = []
): Array<Issue> => {
  const issues: Array<Issue> = []
  const at = (change: number | undefined, _tag: string, path: ReadonlyArray<string | number>, message: string) =>
    issues.push({ _tag, change: change ?? 0, path, message })
  const of = (change: number | undefined) => (change === undefined ? undefined : changes[change])

  const gridsTouched = t.scheme !== undefined || t.grids.size > 0
  const staffTouched = gridsTouched || t.units.size > 0 || t.people.size > 0 || t.posts.size > 0
  if (gridsTouched || staffTouched) {
    const tree = Grid.build(after.grids, after.scheme)
    if (Result.isFailure(tree)) {
      for (const p of tree.failure.issues) {
        const change = (p.code === undefined ? undefined : t.grids.get(p.code)) ?? lastOf(t.grids) ?? t.scheme
        const path = inChange(of(change), p.code, p.path.slice(1))
        at(change, p._tag, path, p.code === undefined ? p.message : `${p.code}: ${p.message}`)
      }
      return issues
    }
    if (staffTouched) {
      const dir = Staff.directory(staffOf(after), tree.success)
      if (Result.isFailure(dir)) {
        for (const p of dir.failure.issues) {
          const [list, k] = p.path
          const item = typeof k === "number" ? after[list as "people" | "units" | "posts"]?.[k] : undefined
          const id = item === undefined ? undefined : "person" in item ? item.id : item.id
          const map = list === "people" ? t.people : list === "units" ? t.units : t.posts
          const change = (id === undefined ? undefined : map.get(id)) ?? lastOf(map) ?? lastOf(t.grids)
          // the path inside the change that gave the item: its `person`, `unit` or `post`
          const field = list === "people" ? "person" : list === "units" ? "unit" : "post"
          const path = inChange(of(change), undefined, [field, ...p.path.slice(2)])
          at(change, p._tag, path, id === undefined ? p.message : `${list} ${id}: ${p.message}`)
        }
      }
    }
  }

  const categoriesTouched = t.categories !== undefined
  const taxonomy = Category.decode(after.categories)
  if (Result.isFailure(taxonomy)) {
    for (const p of taxonomy.failure.problems) at(t.categories, "TaxonomyInvalid", ["entries", ...p.path], p.message)
    return issues
  }
  const codes = taxonomy.success.byCode
  if (categoriesTouched) {
    for (const [k, a] of after.categoryMap.entries()) {
      if (!codes.has(a.to)) at(t.categories, "UnknownCategory", ["mapping", k, "to"], `${a.to} is not in the taxonomy`)
      if (codes.has(a.from))
        at(t.categories, "CategoryKept", ["mapping", k, "from"], `${a.from} stays in the taxonomy: nothing to map`)
    }
  }

  if (t.routing !== undefined || categoriesTouched) {
    const compiled = compileRouting(after.routing, taxonomy.success)
    if (Result.isFailure(compiled)) {
      for (const p of compiled.failure.problems) {
        // a taxonomy change that breaks the routing table in force names the table's place in the message
        if (t.routing !== undefined) at(t.routing, "RoutingInvalid", ["table", ...p.path], p.message)
        else
          at(
            t.categories,
            "RoutingInvalid",
            ["entries"],
            `the routing table in force (${p.path.join(".")}): ${p.message}; set it in the same batch (SetRouting)`
          )
      }
    }
  }
  if (t.routing !== undefined) {
    const units = new Map(after.units.map((u) => [u.id, u]))
    for (const { path, unit } of routingUnits(after.routing)) {
      const u = units.get(unit)
      if (u === undefined) at(t.routing, "UnknownUnit", ["table", ...path.split(".")], `unit ${unit} is not listed`)
      else if (u.closedOn !== undefined && !t.closed.has(unit))
        at(t.routing, "ClosedUnit", ["table", ...path.split(".")], `unit ${unit} closed on ${u.closedOn}`)
    }
  }

  if (t.sla !== undefined || categoriesTouched) {
    const policies = after.sla.at(-1)?.policies ?? []
    const table = Result.flatMap(Sla.make(nationalPolicies), (national) => Sla.override(national, policies))
    if (Result.isFailure(table)) {
      if (t.sla !== undefined) at(t.sla, "SlaInvalid", ["policies"], table.failure.reason)
      else at(t.categories, "SlaInvalid", ["entries"], `the city's SLA tier in force: ${table.failure.reason}`)
    }
    policies.forEach((p, k) => {
      if (p.category === undefined || codes.has(p.category)) return
      if (t.sla !== undefined)
        at(t.sla, "UnknownCategory", ["policies", k, "category"], `${p.category} is not in the taxonomy`)
      else
        at(
          t.categories,
          "UnknownCategory",
          ["entries"],
          `the city's SLA policy ${k} (${p.kind} ${p.clock}) names ${p.category}, which this change removes; set the SLA tier in the same batch (SetSla)`
        )
    })
  }

  if (t.notices !== undefined && context.calendar !== undefined) {
    const calendar = context.calendar(after.notices.map((n) => n.notice))
    if (Result.isFailure(calendar)) at(t.notices, "CalendarInvalid", ["notice"], calendar.failure.reason)
  }
  void before
  return issues
}

const shift = (date: string, days: number) => formatIso(parseIso(date)! + days)

const covered = (dir: Staff.Directory, code: string, date: string): boolean =>
  Staff.coverage(dir, code, date).some((c) => handling.has(c.role))

/** The work a batch would strand; empty when it strands nothing. */
export const strands = (
  before: Document,
  after: Document,
  _changes: ReadonlyArray<Change>,
  t: Touched,
  context: Context
): Array<Strand> => {
  const out: Array<Strand> = []
  const usage = (q: Parameters<NonNullable<Context["usage"]>>[0]) => context.usage?.(q) ?? { ids: [], total: 0 }
  const referenced = new Map<string, Array<string>>()
  for (const { path, unit } of routingUnits(after.routing))
    referenced.set(unit, [...(referenced.get(unit) ?? []), path])

  for (const [unit, change] of t.closed) {
    const closedOn = after.units.find((u) => u.id === unit)?.closedOn ?? context.today
    const held = usage({ _tag: "Held", unit })
    if (held.total > 0)
      out.push({
        _tag: "OpenCases",
        change,
        subject: unit,
        items: held.ids,
        total: held.total,
        remedy: "close or hand these cases to another unit before the unit closes"
      })
    const posts = after.posts.filter(
      (p) => "unit" in p.at && p.at.unit === unit && (p.validTo === undefined || p.validTo > closedOn)
    )
    if (posts.length > 0)
      out.push({
        _tag: "ActivePosts",
        change,
        subject: unit,
        items: posts.map((p) => p.id),
        total: posts.length,
        remedy: "end or transfer these posts in the same batch (EndPost, TransferPost)"
      })
    const paths = referenced.get(unit) ?? []
    if (paths.length > 0)
      out.push({
        _tag: "InUse",
        change,
        subject: unit,
        items: paths,
        total: paths.length,
        remedy: "change the routing table in the same batch (SetRouting) so it names another unit"
      })
  }

  if (t.ended.size > 0) {
    const beforeTree = Grid.build(before.grids, before.scheme)
    const afterTree = Grid.build(after.grids, after.scheme)
    const beforeDir = Result.flatMap(beforeTree, (tree) =>
      Result.mapError(Staff.directory(staffOf(before), tree), () => undefined)
    )
    const afterDir = Result.flatMap(afterTree, (tree) =>
      Result.mapError(Staff.directory(staffOf(after), tree), () => undefined)
    )
    if (Result.isSuccess(beforeDir) && Result.isSuccess(afterDir)) {
      const seen = new Set<string>()
      const posts = new Map(after.posts.map((p) => [p.id, p]))
      const retired = new Set(after.grids.filter((g) => g.successor !== undefined).map((g) => g.code))
      for (const [id, change] of t.ended) {
        const post = posts.get(id)
        if (post?.validTo === undefined) continue
        const stops = shift(post.validTo, 1)
        // biome-ignore lint/complexity/useMathMinMax: ISO dates, compared as strings
        const day = stops < context.today ? context.today : stops
        if ("grid" in post.at) {
          const root = post.at.grid
          const codes = Staff.inheriting.has(post.role as Staff.Role)
            ? after.grids.filter((g) => g.code.startsWith(root) && g.successor === undefined).map((g) => g.code)
            : [root]
          for (const code of codes) {
            // a grid retired by the batch hands its work to its successor: nothing is stranded there
            if (seen.has(`grid:${code}`) || retired.has(code)) continue
            if (covered(beforeDir.success, code, day) && !covered(afterDir.success, code, day)) {
              seen.add(`grid:${code}`)
              out.push({
                _tag: "UncoveredGrid",
                change,
                subject: code,
                items: [id],
                total: 1,
                remedy: `name a replacement (EndPost.replacement) or post someone at ${code} from ${day} in the same batch`
              })
            }
          }
        } else {
          const unit = post.at.unit
          if (seen.has(`unit:${unit}`) || t.closed.has(unit)) continue
          const before = Staff.postsAt(beforeDir.success, unit, day).length
          const left = Staff.postsAt(afterDir.success, unit, day).length
          if (before === 0 || left > 0) continue
          const held = usage({ _tag: "Held", unit })
          const paths = referenced.get(unit) ?? []
          if (held.total === 0 && paths.length === 0) continue
          seen.add(`unit:${unit}`)
          out.push({
            _tag: "UncoveredUnit",
            change,
            subject: unit,
            items: held.total > 0 ? held.ids : paths,
            total: held.total > 0 ? held.total : paths.length,
            remedy: `name a replacement (EndPost.replacement) or post someone at ${unit} from ${day} in the same batch`
          })
        }
      }
    }
  }

  if (t.categories !== undefined) {
    const kept = new Set(after.categories.map((e) => e.code))
    const mapped = new Set(after.categoryMap.map((a) => a.from))
    for (const e of before.categories) {
      if (kept.has(e.code) || mapped.has(e.code)) continue
      const used = usage({ _tag: "Category", code: e.code })
      if (used.total > 0)
        out.push({
          _tag: "OpenCases",
          change: t.categories,
          subject: e.code,
          items: used.ids,
          total: used.total,
          remedy: `map ${e.code} to a category that stays (SetCategories.mapping)`
        })
    }
  }
  return out
}
