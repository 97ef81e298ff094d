/**
 * The compiled routing index: the hot path of `Routing.route`.
 *
 * Rules are bucketed by (grid code, category prefix, kind); a missing grid or category
 * condition is its own bucket (slot 0). A decision looks up the buckets of every grid on
 * the place's path (plus "no grid") × every prefix of the category (plus "no category"),
 * so its cost grows with the depth of the tree and of the taxonomy, not with the number
 * of rules. Inside a bucket, rules are sorted by the part of the precedence that varies
 * inside it (priority, strategy tier, condition count, id), so the first rule whose
 * remaining conditions hold is the bucket's best. A small bucket is scanned for it (the
 * remaining conditions are one bit-mask test); a bucket with more than `WINNERS_OVER`
 * rules answers from its table of winners (`routingWinners.ts`), precomputed for every
 * severity × complexity × channel a case can bring, so no bucket costs more than a few
 * steps however many rules share it.
 */
import * as Category from "../Category.js"
import type { Decision, Handler, Input, Router } from "../Routing.js"
import type { Basis, Rule, Strategy, Table } from "../RoutingTable.js"
import type { Problem } from "./categoryIssues.js"
import {
  ALL_CHANNELS,
  ALL_COMPLEXITIES,
  ALL_KINDS,
  ALL_SEVERITIES,
  asList,
  CHANNEL_BASE,
  CHANNEL_INDEX,
  COMBOS,
  COMPLEXITY_BASE,
  COMPLEXITY_INDEX,
  inputBits,
  inputCombo,
  KIND_BASE,
  KIND_INDEX,
  KINDS,
  maskOf,
  SEVERITY_BASE,
  SEVERITY_INDEX
} from "./routingBits.js"
import { builder, type Winners } from "./routingWinners.js"

export { asList, inputBits, KIND_INDEX, KINDS } from "./routingBits.js"

/** The number of conditions a rule states (its specificity by conditions). */
export const conditionCount = (rule: Rule): number =>
  (rule.kind !== undefined ? 1 : 0) +
  (rule.category !== undefined ? 1 : 0) +
  (rule.severity !== undefined ? 1 : 0) +
  (rule.complexity !== undefined ? 1 : 0) +
  (rule.channel !== undefined ? 1 : 0) +
  (rule.grid !== undefined ? 1 : 0)

/** The basis of a rule: as stated, else from its target. */
export const basisOf = (rule: Rule): Basis => rule.basis ?? ("level" in rule.target ? "locality" : "owner")

// --- the compiled form ------------------------------------------------------------------

interface CategoryInfo {
  /** The category slots of the prefixes that have rules, with slot 0 ("no category") first. */
  readonly slots: Int32Array
  /** The depth (segment count) of each of those prefixes, 0 for slot 0. */
  readonly depths: Int32Array
  readonly component: boolean
}

/**
 * The rules of one (grid, category prefix, kind), sorted by the part of the precedence
 * that varies inside a bucket: priority, strategy tier (two orders, one per strategy),
 * condition count, id. The first rule whose remaining conditions hold is the bucket's best.
 */
interface Bucket {
  readonly component: Int32Array
  readonly event: Int32Array
  /** The highest priority in the bucket: a bucket below the best so far is skipped. */
  readonly top: number
  /** The table of winners of a large bucket (undefined for a small one, which is scanned). */
  readonly winners: Winners | undefined
}

/** A compiled router: the public `Router` plus the index. */
export interface Compiled extends Router {
  readonly mask: Uint32Array
  readonly priority: Float64Array
  readonly conds: Uint8Array
  readonly catDepth: Uint8Array
  /** 0 owner, 1 locality. */
  readonly basis: Uint8Array
  /** The target level, or -1 for a unit target. */
  readonly level: Int32Array
  /** The rank of the rule id in code-unit order. */
  readonly idRank: Int32Array
  readonly unitTarget: ReadonlyArray<Handler | undefined>
  readonly gridSlot: ReadonlyMap<string, number>
  readonly catSlot: ReadonlyMap<string, number>
  /** By grid slot: bucket key (category slot × 5 + kind) → the bucket's rules in both orders. */
  readonly buckets: ReadonlyArray<ReadonlyArray<Bucket | undefined> | ReadonlyMap<number, Bucket> | undefined>
  /** Whether the buckets of a grid are dense arrays (else maps). */
  readonly dense: boolean
  readonly catMemo: Map<string, CategoryInfo>
  readonly backstopDecision: { readonly ownerFirst: Decision; readonly localityFirst: Decision }
}

const MEMO_LIMIT = 65_536
const DENSE_LIMIT = 1 << 21
/** Buckets with more rules than this get a table of winners; smaller ones are scanned. */
const WINNERS_OVER = 8

export const duplicateIds = (table: Table): Array<Problem> => {
  const seen = new Map<string, number>()
  const problems: Array<Problem> = []
  table.rules.forEach((rule, i) => {
    const first = seen.get(rule.id)
    if (first === undefined) seen.set(rule.id, i)
    else problems.push({ path: ["rules", i, "id"], message: `Duplicate rule id ${rule.id} (first at rules.${first})` })
  })
  return problems
}

export const unknownCategories = (table: Table, taxonomy: Category.Taxonomy): Array<Problem> => {
  const problems: Array<Problem> = []
  const check = (code: string | undefined, path: ReadonlyArray<string | number>) => {
    if (code !== undefined && !taxonomy.byCode.has(code))
      problems.push({ path, message: `Unknown category ${code}: it is not in the taxonomy` })
  }
  for (const [i, rule] of table.rules.entries()) check(rule.category, ["rules", i, "category"])
  for (const [i, o] of table.owners.entries()) check(o.category, ["owners", i, "category"])
  for (const [i, o] of table.committees.entries()) check(o.category, ["committees", i, "category"])
  return problems
}

/**
 * Compiles a validated table (unique ids) into the index. `denseLimit` bounds the dense
 * layout (slots per grid × grids); `winnersOver` is the bucket size above which a bucket
 * gets a table of winners (tests pass -1 to give every bucket one).
 */
export const compile = (
  table: Table,
  taxonomy: Category.Taxonomy,
  denseLimit = DENSE_LIMIT,
  winnersOver = WINNERS_OVER
): Compiled => {
  const rules = table.rules
  const n = rules.length
  const mask = new Uint32Array(n)
  const priority = new Float64Array(n)
  const conds = new Uint8Array(n)
  const catDepth = new Uint8Array(n)
  const basis = new Uint8Array(n)
  const level = new Int32Array(n)
  const idRank = new Int32Array(n)
  const unitTarget: Array<Handler | undefined> = []
  const gridSlot = new Map<string, number>()
  const catSlot = new Map<string, number>()

  const byId = rules.map((r, i) => [r.id, i] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  byId.forEach(([, i], rank) => {
    idRank[i] = rank
  })

  const lists = new Map<number, Map<number, Array<number>>>()
  for (let i = 0; i < n; i++) {
    const rule = rules[i]!
    const kinds = asList(rule.kind)
    mask[i] =
      (maskOf(kinds, KIND_INDEX, KIND_BASE, ALL_KINDS) |
        maskOf(asList(rule.severity), SEVERITY_INDEX, SEVERITY_BASE, ALL_SEVERITIES) |
        maskOf(asList(rule.complexity), COMPLEXITY_INDEX, COMPLEXITY_BASE, ALL_COMPLEXITIES) |
        maskOf(asList(rule.channel), CHANNEL_INDEX, CHANNEL_BASE, ALL_CHANNELS)) >>>
      0
    priority[i] = rule.priority ?? 0
    conds[i] = conditionCount(rule)
    catDepth[i] = rule.category === undefined ? 0 : Category.depth(rule.category)
    basis[i] = basisOf(rule) === "owner" ? 0 : 1
    level[i] = "level" in rule.target ? rule.target.level : -1
    unitTarget.push("unit" in rule.target ? { _tag: "Unit", unit: rule.target.unit } : undefined)

    let g = 0
    if (rule.grid !== undefined) {
      g = gridSlot.get(rule.grid) ?? gridSlot.size + 1
      gridSlot.set(rule.grid, g)
    }
    let c = 0
    if (rule.category !== undefined) {
      c = catSlot.get(rule.category) ?? catSlot.size + 1
      catSlot.set(rule.category, c)
    }
    let bucket = lists.get(g)
    if (bucket === undefined) {
      bucket = new Map()
      lists.set(g, bucket)
    }
    for (const kind of new Set(kinds ?? KINDS)) {
      const key = c * KINDS.length + KIND_INDEX[kind]
      const list = bucket.get(key)
      if (list === undefined) bucket.set(key, [i])
      else list.push(i)
    }
  }

  // Two orders of each list: for components (owner rules first within a priority) and
  // for events (locality rules first within a priority).
  const order = (ownerFirst: boolean) => (a: number, b: number) =>
    priority[b]! - priority[a]! ||
    (ownerFirst ? basis[a]! - basis[b]! : basis[b]! - basis[a]!) ||
    conds[b]! - conds[a]! ||
    idRank[a]! - idRank[b]!
  const componentOrder = order(true)
  const eventOrder = order(false)
  // Dense arrays per grid (one slot per category prefix × kind) are the fastest look-up;
  // a huge taxonomy times many grids falls back to maps to bound memory.
  const width = (catSlot.size + 1) * KINDS.length
  const dense = lists.size * width <= denseLimit
  const buckets: Array<Array<Bucket | undefined> | Map<number, Bucket> | undefined> = new Array(gridSlot.size + 1).fill(
    undefined
  )
  const winners = builder(mask, level)
  for (const [g, bucket] of lists) {
    const compiled: Array<Bucket | undefined> | Map<number, Bucket> = dense
      ? new Array<Bucket | undefined>(width).fill(undefined)
      : new Map<number, Bucket>()
    for (const [key, list] of bucket) {
      const component = Int32Array.from(list).sort(componentOrder)
      const event = Int32Array.from(list).sort(eventOrder)
      const entry: Bucket = {
        component,
        event,
        top: priority[component[0]!]!,
        winners: list.length > winnersOver ? winners(component, event) : undefined
      }
      if (Array.isArray(compiled)) compiled[key] = entry
      else compiled.set(key, entry)
    }
    buckets[g] = compiled
  }

  const backstop: Handler = { _tag: "Unit", unit: table.backstop }
  const backstopDecision = (strategy: Strategy): Decision => ({
    target: backstop,
    rule: undefined,
    backstop: true,
    basis: "owner",
    strategy
  })

  return {
    table,
    taxonomy,
    mask,
    priority,
    conds,
    catDepth,
    basis,
    level,
    idRank,
    unitTarget,
    gridSlot,
    catSlot,
    buckets,
    dense,
    catMemo: new Map(),
    backstopDecision: { ownerFirst: backstopDecision("ownerFirst"), localityFirst: backstopDecision("localityFirst") }
  }
}

const categoryInfo = (c: Compiled, code: string): CategoryInfo => {
  const memo = c.catMemo.get(code)
  if (memo !== undefined) return memo
  const slots = [0]
  const depths = [0]
  Category.prefixes(code).forEach((prefix, i) => {
    const slot = c.catSlot.get(prefix)
    if (slot !== undefined) {
      slots.push(slot)
      depths.push(i + 1)
    }
  })
  const info: CategoryInfo = {
    slots: Int32Array.from(slots),
    depths: Int32Array.from(depths),
    component: Category.typeOf(c.taxonomy, code) === "component"
  }
  if (c.catMemo.size < MEMO_LIMIT) c.catMemo.set(code, info)
  return info
}

/**
 * Whether rule `a` (with category depth `ac` and grid depth `ag` for this case) outranks
 * rule `b`. The precedence: priority, strategy tier, category depth, grid depth,
 * condition count, id.
 */
export const outranks = (
  c: Compiled,
  component: boolean,
  a: number,
  ac: number,
  ag: number,
  b: number,
  bc: number,
  bg: number
): boolean => {
  const pa = c.priority[a]!
  const pb = c.priority[b]!
  if (pa !== pb) return pa > pb
  const ta = c.basis[a]!
  const tb = c.basis[b]!
  // ownerFirst: owner (0) before locality (1); localityFirst: locality (1) before owner (0)
  if (ta !== tb) return component ? ta < tb : ta > tb
  if (ac !== bc) return ac > bc
  if (ag !== bg) return ag > bg
  const ca = c.conds[a]!
  const cb = c.conds[b]!
  if (ca !== cb) return ca > cb
  return c.idRank[a]! < c.idRank[b]!
}

/** Builds the decision for a winning rule. */
export const decisionFor = (c: Compiled, rule: number, place: ReadonlyArray<string>, strategy: Strategy): Decision => {
  const lv = c.level[rule]!
  return {
    target: lv < 0 ? c.unitTarget[rule]! : { _tag: "Grid", level: lv, grid: place[lv]! },
    rule: c.table.rules[rule]!.id,
    backstop: false,
    basis: c.basis[rule] === 0 ? "owner" : "locality",
    strategy
  }
}

/** The hot path: route through the index. */
export const route = (c: Compiled, input: Input): Decision => {
  const place = input.place
  const depth = place.length
  const info = categoryInfo(c, input.category)
  const component = info.component
  const bits = inputBits(input)
  // the entry of this case in a table of winners: strategy order, then combination
  const entry = (component ? 0 : COMBOS) + inputCombo(input)
  const kind = KIND_INDEX[input.kind]
  const slots = info.slots
  const depths = info.depths
  const mask = c.mask
  const level = c.level
  const priority = c.priority
  const dense = c.dense
  let best = -1
  let bestCat = 0
  let bestGrid = 0
  let bestPriority = Number.NEGATIVE_INFINITY
  for (let g = -1; g < depth; g++) {
    const slot = g < 0 ? 0 : c.gridSlot.get(place[g]!)
    if (slot === undefined) continue
    const grid = c.buckets[slot]
    if (grid === undefined) continue
    const gridDepth = g + 1
    for (let s = 0; s < slots.length; s++) {
      const key = slots[s]! * KINDS.length + kind
      const bucket = dense
        ? (grid as ReadonlyArray<Bucket | undefined>)[key]
        : (grid as ReadonlyMap<number, Bucket>).get(key)
      if (bucket === undefined || bucket.top < bestPriority) continue
      const winners = bucket.winners
      // a large bucket: walk the chain of this case (usually one rule); a small one: scan
      const list = winners !== undefined ? winners.chains : component ? bucket.component : bucket.event
      const end = winners !== undefined ? winners.offsets[entry + 1]! : list.length
      for (let k = winners !== undefined ? winners.offsets[entry]! : 0; k < end; k++) {
        const r = list[k]!
        if (priority[r]! < bestPriority) break
        if ((mask[r]! & bits) === bits && level[r]! < depth) {
          if (best < 0 || outranks(c, component, r, depths[s]!, gridDepth, best, bestCat, bestGrid)) {
            best = r
            bestCat = depths[s]!
            bestGrid = gridDepth
            bestPriority = priority[r]!
          }
          break
        }
      }
    }
  }
  const strategy: Strategy = component ? "ownerFirst" : "localityFirst"
  return best < 0 ? c.backstopDecision[strategy] : decisionFor(c, best, place, strategy)
}

/**
 * The naive scan: evaluates every rule with the same checks and keeps the best. The
 * baseline of the benchmark; O(rules).
 */
export const scanRoute = (c: Compiled, input: Input): Decision => {
  const place = input.place
  const depth = place.length
  const rules = c.table.rules
  const component = Category.typeOf(c.taxonomy, input.category) === "component"
  const bits = inputBits(input)
  let best = -1
  let bestCat = 0
  let bestGrid = 0
  for (let r = 0; r < rules.length; r++) {
    if ((c.mask[r]! & bits) !== bits || c.level[r]! >= depth) continue
    const rule = rules[r]!
    if (rule.category !== undefined && !Category.matches(rule.category, input.category)) continue
    let gridDepth = 0
    if (rule.grid !== undefined) {
      const at = place.lastIndexOf(rule.grid)
      if (at < 0) continue
      gridDepth = at + 1
    }
    const catDepth = c.catDepth[r]!
    if (best < 0 || outranks(c, component, r, catDepth, gridDepth, best, bestCat, bestGrid)) {
      best = r
      bestCat = catDepth
      bestGrid = gridDepth
    }
  }
  const strategy: Strategy = component ? "ownerFirst" : "localityFirst"
  return best < 0 ? c.backstopDecision[strategy] : decisionFor(c, best, place, strategy)
}
