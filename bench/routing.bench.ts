/**
 * Routing decisions per second: the naive scan over every rule (baseline) against the
 * compiled index, with 100, 1,000, 10,000 and 100,000 random-but-realistic rules over a
 * Yumen-sized place tree (15 towns × 8 villages × 4 blocks = 616 grids). Goals: ≥ 1 M
 * decisions/s with 10,000 rules, and a cost that does not grow with the rule count
 * (100,000 rules at ≥ 0.8× the rate of 100), with the compile time, peak memory and the
 * size of the tables of winners printed for each table.
 */
import * as CaseKind from "@gridgov/core/CaseKind"
import * as Category from "@gridgov/core/Category"
import * as Routing from "@gridgov/core/Routing"
import type * as RoutingTable from "@gridgov/core/RoutingTable"
import { Yumen } from "@gridgov/testing"
import { Result } from "effect"
import { type Compiled, compile as compileIndex, scanRoute } from "../packages/core/src/internal/routingIndex.js"
import { compare, goal, once } from "./harness.js"

// a small deterministic PRNG (mulberry32), so every run routes the same cases
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const random = prng(20210315)
const pick = <T>(values: ReadonlyArray<T>): T => values[Math.floor(random() * values.length)]!
const some = <T>(values: ReadonlyArray<T>, max: number): Array<T> => {
  const n = 1 + Math.floor(random() * max)
  return [...new Set(Array.from({ length: n }, () => pick(values)))]
}

const pad = (n: number) => String(n).padStart(3, "0")
const places: Array<Array<string>> = []
const byLevel: Array<Array<string>> = [["620981"], [], [], []]
places.push(["620981"])
for (let t = 0; t < 15; t++) {
  const town = `620981${pad(101 + t)}`
  byLevel[1]!.push(town)
  places.push(["620981", town])
  for (let v = 0; v < 8; v++) {
    const village = `${town}${pad(201 + v)}`
    byLevel[2]!.push(village)
    places.push(["620981", town, village])
    for (let b = 0; b < 4; b++) {
      const block = `${village}${pad(1 + b)}`
      byLevel[3]!.push(block)
      places.push(["620981", town, village, block])
    }
  }
}

const categories = Category.defaults.entries.map((e) => e.code)
const kindsOf = (category: string): ReadonlyArray<CaseKind.Kind> =>
  category.startsWith("dispute")
    ? ["dispute", "prelitigation"]
    : category.startsWith("petition")
      ? ["petition"]
      : category.startsWith("hotline")
        ? ["hotline"]
        : ["event", "hotline"]
const units = [
  "center.grid",
  "center.mediation",
  "center.reception",
  "center.litigation",
  "committee.joint",
  "committee.water",
  "committee.labor",
  "committee.family",
  "window.petition",
  "window.labor-arbitration",
  "dept.hrss",
  "dept.urban-management",
  "dept.environment",
  "dept.housing",
  "dept.water"
]

/** A rule as a city would write it: mostly scoped to a village or town, a category, a few conditions. */
const randomRule = (id: string): RoutingTable.Rule => {
  const scope = random()
  const grid =
    scope < 0.6 ? pick(byLevel[2]!) : scope < 0.85 ? pick(byLevel[1]!) : scope < 0.95 ? pick(byLevel[3]!) : undefined
  const category = random() < 0.8 ? pick(categories) : undefined
  const kinds = category === undefined ? some(CaseKind.Kind.literals, 2) : some(kindsOf(category), 2)
  const rule: Record<string, unknown> = {
    id,
    priority: Math.floor(random() * 4),
    kind: kinds.length === 1 ? kinds[0] : kinds,
    target: random() < 0.5 ? { level: Math.floor(random() * 4) } : { unit: pick(units) }
  }
  if (grid !== undefined) rule.grid = grid
  if (category !== undefined) rule.category = category
  if (random() < 0.4) rule.severity = some(CaseKind.Severity.literals, 2)
  if (random() < 0.2) rule.complexity = pick(CaseKind.Track.literals)
  if (random() < 0.3) rule.channel = some(CaseKind.Channel.literals, 3)
  return rule as RoutingTable.Rule
}

const makeRules = (count: number): Array<RoutingTable.Rule> => {
  const rules = [...Yumen.routing.rules]
  for (let i = 0; rules.length < count; i++) rules.push(randomRule(`city.${String(i).padStart(5, "0")}`))
  return rules
}

/** Compiles `count` rules, printing the compile time, the peak RSS and the index's shape. */
const makeRouter = (count: number): Compiled => {
  const rules = makeRules(count)
  const label = `compile ${count.toLocaleString("en")} rules`
  const router = once(label, () => Result.getOrThrow(Routing.compile({ ...Yumen.routing, rules })) as Compiled).value
  let buckets = 0
  let tabled = 0
  let bytes = 0
  let largest = 0
  for (const grid of router.buckets) {
    if (grid === undefined) continue
    for (const bucket of Array.isArray(grid) ? grid : [...(grid as ReadonlyMap<number, unknown>).values()]) {
      if (bucket === undefined) continue
      buckets++
      largest = Math.max(largest, bucket.component.length)
      if (bucket.winners === undefined) continue
      tabled++
      bytes += bucket.winners.offsets.byteLength + bucket.winners.chains.byteLength
    }
  }
  console.log(
    `  ${buckets} buckets, the largest ${largest} rules; ${tabled} with a table of winners (${(bytes / 2 ** 20).toFixed(1)} MiB)`
  )
  return router
}

/**
 * Crowded buckets: every rule is a dispute rule of one path (no grid, the town or the
 * village) and one category chain (none, `dispute`, `dispute.water`), so all of them fall
 * in the same 9 buckets, and they differ only in severity, complexity, channel, priority
 * and target. Each case looks up the same 9 buckets whatever the rule count, so the rate
 * shows the cost of a bucket alone.
 */
const crowdedPath = ["620981", "620981101", "620981101201"]
const crowdedRule = (id: string): RoutingTable.Rule => {
  const scope = random()
  const category = random()
  const rule: Record<string, unknown> = {
    id,
    priority: Math.floor(random() * 4),
    kind: "dispute",
    severity: some(CaseKind.Severity.literals, 2),
    complexity: pick(CaseKind.Track.literals),
    channel: some(CaseKind.Channel.literals, 3),
    target: random() < 0.5 ? { level: Math.floor(random() * 4) } : { unit: pick(units) }
  }
  if (scope < 0.6) rule.grid = crowdedPath[2]
  else if (scope < 0.9) rule.grid = crowdedPath[1]
  if (category < 0.6) rule.category = "dispute.water"
  else if (category < 0.9) rule.category = "dispute"
  return rule as RoutingTable.Rule
}
const crowdedRouter = (count: number, winnersOver?: number): Compiled => {
  const rules = Array.from({ length: count }, (_, i) => crowdedRule(`crowd.${String(i).padStart(6, "0")}`))
  const table = { ...Yumen.routing, rules }
  return winnersOver === undefined
    ? (Result.getOrThrow(Routing.compile(table)) as Compiled)
    : compileIndex(table, Category.defaults, undefined, winnersOver)
}
const crowdedInput = (): Routing.Input => {
  const input: Record<string, unknown> = {
    kind: "dispute",
    category: "dispute.water",
    place: [...crowdedPath, `${crowdedPath[2]}${pad(1 + Math.floor(random() * 4))}`].slice(
      0,
      2 + Math.floor(random() * 3)
    )
  }
  if (random() < 0.9) input.severity = pick(CaseKind.Severity.literals)
  if (random() < 0.6) input.complexity = pick(CaseKind.Track.literals)
  if (random() < 0.9) input.channel = pick(CaseKind.Channel.literals)
  return input as Routing.Input
}

const randomInput = (): Routing.Input => {
  const category = pick(categories)
  const input: Record<string, unknown> = {
    kind: pick(kindsOf(category)),
    category,
    place: random() < 0.7 ? pick(places.filter((p) => p.length === 4)) : pick(places)
  }
  if (random() < 0.9) input.severity = pick(CaseKind.Severity.literals)
  if (random() < 0.6) input.complexity = pick(CaseKind.Track.literals)
  if (random() < 0.9) input.channel = pick(CaseKind.Channel.literals)
  return input as Routing.Input
}

export default async () => {
  const small = makeRouter(100)
  const mid = makeRouter(1_000)
  const big = makeRouter(10_000)
  const huge = makeRouter(100_000)
  const inputs = Array.from({ length: 4096 }, randomInput)

  // the index and the scan must agree before their speed means anything
  for (const router of [huge, big, mid, small])
    for (const input of inputs) {
      const a = Routing.route(router, input)
      const b = scanRoute(router, input)
      if (a.rule !== b.rule)
        throw new Error(`index and scan disagree on ${JSON.stringify(input)}: ${a.rule} ≠ ${b.rule}`)
    }
  const byCity = inputs.filter((i) => Routing.route(big, i).rule?.startsWith("city.")).length
  console.log(
    `${inputs.length} cases; with 10,000 rules, ${byCity} are decided by a city rule, the rest by the Yumen rules`
  )

  let cursor = 0
  const batch = (router: Compiled, n: number, f: (r: Compiled, input: Routing.Input) => Routing.Decision) => () => {
    let hits = 0
    for (let i = 0; i < n; i++) {
      cursor = (cursor + 1) & 4095
      if (f(router, inputs[cursor]!).backstop) hits++
    }
    return hits
  }
  const rows = compare(
    "Routing.route: decisions/s",
    [
      { name: "compiled index, 100 rules", fn: batch(small, 1024, Routing.route), ops: 1024 },
      { name: "compiled index, 1,000 rules", fn: batch(mid, 1024, Routing.route), ops: 1024 },
      { name: "compiled index, 10,000 rules", fn: batch(big, 1024, Routing.route), ops: 1024 },
      { name: "compiled index, 100,000 rules", fn: batch(huge, 1024, Routing.route), ops: 1024 },
      { name: "naive scan, 100 rules", fn: batch(small, 256, scanRoute), ops: 256 },
      { name: "naive scan, 10,000 rules", fn: batch(big, 4, scanRoute), ops: 4 }
    ],
    { samples: 9, sampleMs: 100 }
  )
  const rate = (i: number) => rows[i]!.medianOpsPerSec
  goal("≥ 1 M decisions/s with 10,000 rules", rate(2) >= 1e6, `${(rate(2) / 1e6).toFixed(2)} M/s`)
  console.log(
    `rules spread over the tree: 100 → 10,000 rules ${(rate(2) / rate(0)).toFixed(2)}×, → 100,000 rules ${(rate(3) / rate(0)).toFixed(2)}× ` +
      `(naive scan 100 → 10,000 rules ${(rate(5) / rate(4)).toFixed(4)}×): a case finds rules in more of its buckets as the table grows`
  )

  // crowded buckets: the same 9 buckets per case, 100 to 100,000 rules in them
  const crowdedInputs = Array.from({ length: 4096 }, crowdedInput)
  const crowded = [100, 10_000, 100_000].map((n) => crowdedRouter(n))
  const unTabled = crowdedRouter(100_000, Number.POSITIVE_INFINITY)
  for (const router of [...crowded, unTabled])
    for (const input of crowdedInputs) {
      const a = Routing.route(router, input)
      const b = scanRoute(router, input)
      if (a.rule !== b.rule)
        throw new Error(`index and scan disagree on ${JSON.stringify(input)}: ${a.rule} ≠ ${b.rule}`)
    }
  const crowdedBatch = (router: Compiled) => () => {
    let hits = 0
    for (let i = 0; i < 1024; i++) {
      cursor = (cursor + 1) & 4095
      if (Routing.route(router, crowdedInputs[cursor]!).backstop) hits++
    }
    return hits
  }
  const crowdedRows = compare(
    "Routing.route, crowded buckets (9 buckets per case, rules differing only in severity, complexity, channel, priority): decisions/s",
    [
      { name: "compiled index, 100 rules", fn: crowdedBatch(crowded[0]!), ops: 1024 },
      { name: "compiled index, 10,000 rules", fn: crowdedBatch(crowded[1]!), ops: 1024 },
      { name: "compiled index, 100,000 rules", fn: crowdedBatch(crowded[2]!), ops: 1024 },
      { name: "index without tables of winners, 100,000 rules", fn: crowdedBatch(unTabled), ops: 1024 }
    ],
    { samples: 9, sampleMs: 100 }
  )
  const crowdedRate = (i: number) => crowdedRows[i]!.medianOpsPerSec
  goal(
    "index cost flat in the rule count (crowded buckets: 100,000 rules ≥ 0.8× the rate of 100)",
    crowdedRate(2) >= 0.8 * crowdedRate(0),
    `100 → 10,000 rules: ${(crowdedRate(1) / crowdedRate(0)).toFixed(2)}×, → 100,000 rules: ${(crowdedRate(2) / crowdedRate(0)).toFixed(2)}×; without tables ${(crowdedRate(3) / crowdedRate(0)).toFixed(3)}×`
  )

  const next = () => {
    cursor = (cursor + 1) & 4095
    return inputs[cursor]!
  }
  compare(
    "Routing.explain (full explanation, O(rules)): explanations/s",
    [
      { name: "explain, 10,000 rules", fn: () => Routing.explain(big, next()), ops: 1 },
      { name: "explain, 100 rules", fn: () => Routing.explain(small, next()), ops: 1 }
    ],
    { samples: 5, sampleMs: 100 }
  )
}
