/**
 * Routing decisions per second: the naive scan over every rule (baseline) against the
 * compiled index, with 10,000 and with 100 random-but-realistic rules over a Yumen-sized
 * place tree (15 towns × 8 villages × 4 blocks = 616 grids). Goal: ≥ 1 M decisions/s with
 * 10,000 rules, and a cost that does not grow with the rule count.
 */
import * as Category from "@gridgov/core/Category"
import * as Routing from "@gridgov/core/Routing"
import { Result } from "effect"
import { type Compiled, scanRoute } from "../packages/core/src/internal/routingIndex.js"
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
const kindsOf = (category: string): ReadonlyArray<Routing.Kind> =>
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
const randomRule = (id: string): Routing.Rule => {
  const scope = random()
  const grid =
    scope < 0.6 ? pick(byLevel[2]!) : scope < 0.85 ? pick(byLevel[1]!) : scope < 0.95 ? pick(byLevel[3]!) : undefined
  const category = random() < 0.8 ? pick(categories) : undefined
  const kinds = category === undefined ? some(Routing.Kind.literals, 2) : some(kindsOf(category), 2)
  const rule: Record<string, unknown> = {
    id,
    priority: Math.floor(random() * 4),
    kind: kinds.length === 1 ? kinds[0] : kinds,
    target: random() < 0.5 ? { level: Math.floor(random() * 4) } : { unit: pick(units) }
  }
  if (grid !== undefined) rule.grid = grid
  if (category !== undefined) rule.category = category
  if (random() < 0.4) rule.severity = some(Routing.Severity.literals, 2)
  if (random() < 0.2) rule.complexity = pick(Routing.Complexity.literals)
  if (random() < 0.3) rule.channel = some(Routing.Channel.literals, 3)
  return rule as Routing.Rule
}

const makeRouter = (count: number): Compiled => {
  const rules = [...Routing.yumen.rules]
  for (let i = 0; rules.length < count; i++) rules.push(randomRule(`city.${String(i).padStart(5, "0")}`))
  return Result.getOrThrow(Routing.compile({ ...Routing.yumen, rules })) as Compiled
}

const randomInput = (): Routing.Input => {
  const category = pick(categories)
  const input: Record<string, unknown> = {
    kind: pick(kindsOf(category)),
    category,
    place: random() < 0.7 ? pick(places.filter((p) => p.length === 4)) : pick(places)
  }
  if (random() < 0.9) input.severity = pick(Routing.Severity.literals)
  if (random() < 0.6) input.complexity = pick(Routing.Complexity.literals)
  if (random() < 0.9) input.channel = pick(Routing.Channel.literals)
  return input as Routing.Input
}

export default async () => {
  const big = once("compile 10,000 rules", () => makeRouter(10_000)).value
  const huge = once("compile 100,000 rules", () => makeRouter(100_000)).value
  const mid = makeRouter(1_000)
  const small = makeRouter(100)
  const inputs = Array.from({ length: 4096 }, randomInput)

  // the index and the scan must agree before their speed means anything
  for (const router of [big, mid, small])
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
      { name: "naive scan, 10,000 rules", fn: batch(big, 4, scanRoute), ops: 4 },
      { name: "compiled index, 10,000 rules", fn: batch(big, 1024, Routing.route), ops: 1024 },
      { name: "naive scan, 100 rules", fn: batch(small, 256, scanRoute), ops: 256 },
      { name: "compiled index, 100 rules", fn: batch(small, 1024, Routing.route), ops: 1024 },
      { name: "compiled index, 1,000 rules", fn: batch(mid, 1024, Routing.route), ops: 1024 },
      { name: "compiled index, 100,000 rules", fn: batch(huge, 1024, Routing.route), ops: 1024 }
    ],
    { samples: 9, sampleMs: 100 }
  )
  const rate = (i: number) => rows[i]!.medianOpsPerSec
  goal("≥ 1 M decisions/s with 10,000 rules", rate(1) >= 1e6, `${(rate(1) / 1e6).toFixed(2)} M/s`)
  goal(
    "index cost flat in the rule count once the buckets of the tree are filled (100,000 rules ≥ 0.67× the rate of 10,000)",
    rate(5) >= 0.67 * rate(1),
    `${(rate(5) / rate(1)).toFixed(2)}×; 100 → 10,000 rules: ${(rate(1) / rate(3)).toFixed(2)}×, naive scan ${(rate(0) / rate(2)).toFixed(4)}×`
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
