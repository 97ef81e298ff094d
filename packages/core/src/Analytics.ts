/**
 * Oversight figures (数据分析): rates and counts by grid subtree, unit, case kind,
 * category and month, with published definitions (docs/explanation/analytics.md),
 * and appraisal scores with configurable weights.
 *
 * The figures are kept incrementally: `step(before, after, event)` gives the counter
 * deltas one event causes, keyed by (grid, unit, kind, category, month, measure) —
 * a pure function an application service calls beside its append and a store sums.
 * Every measure counts a case as it stands now, in the month it was opened (a
 * cohort), under its place, its current handler's unit and its category; queries
 * roll up a grid subtree (`Grid.interval`) and a category prefix.
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import type * as Case from "./Case.js"
import * as Category from "./Category.js"
import type * as Grid from "./Grid.js"
import * as internal from "./internal/analytics.js"
import { initialState } from "./internal/caseState.js"
import { problemsOf, renderProblems } from "./internal/categoryIssues.js"
import { subtreeSize } from "./internal/grid.js"

// ---------------------------------------------------------------------------
// counters
// ---------------------------------------------------------------------------

/**
 * The counted measures (each a number of cases; see docs/explanation/analytics.md):
 * `valid`, `closed`, `closedOnTime`, `closedReworked`, `extended` (every kind);
 * `tickets`, `responded`, `resolved`, `visited`, `satisfied` (hotline);
 * `mediations`, `mediated`, `settled` (disputes and pre-litigation mediation).
 * They are read from the tags the case machines give their states and transitions
 * (`CaseMachine.StateTag`, `CaseMachine.TransitionTag`), never from state names.
 *
 * @example
 * import { Analytics } from "@gridgov/core"
 * Analytics.measures.includes("mediated") // true
 *
 * @category counters
 * @since 0.1.0
 */
export const measures: ReadonlyArray<Measure> = internal.measures

/**
 * @category counters
 * @since 0.1.0
 */
export type Measure = internal.Measure

/**
 * What a counter is keyed by: the case's place (a grid code), its current handler's
 * unit (`""` while unassigned), kind, category and the month it was opened
 * (`YYYY-MM`, Asia/Shanghai).
 *
 * @example
 * import type { Analytics } from "@gridgov/core"
 * const key: Analytics.Key = { grid: "620981103200001", unit: "committee.water", kind: "dispute", category: "dispute.water", month: "2021-03" }
 *
 * @category counters
 * @since 0.1.0
 */
export type Key = internal.Key

/**
 * A change to one counter.
 *
 * @example
 * import type { Analytics } from "@gridgov/core"
 * const d: Analytics.Delta = { grid: "620981", unit: "", kind: "event", category: "event.sanitation", month: "2021-03", measure: "closed", delta: 1 }
 *
 * @category counters
 * @since 0.1.0
 */
export type Delta = internal.Delta

/**
 * A counter's value (what a store keeps per key and measure).
 *
 * @example
 * import type { Analytics } from "@gridgov/core"
 * const c: Analytics.Counter = { grid: "620981", unit: "", kind: "event", category: "event.sanitation", month: "2021-03", measure: "valid", value: 12 }
 *
 * @category counters
 * @since 0.1.0
 */
export interface Counter extends Key {
  readonly measure: Measure
  readonly value: number
}

/**
 * The counter deltas of one event: what the case counted in before it, taken away,
 * and what it counts in after it, added (only the differences). Pure and plain; the
 * event is the one that turned `before` into `after` (events that can change no
 * measure return at once).
 *
 * @example
 * import { Analytics, Case } from "@gridgov/core"
 * const opened: Case.Event = {
 *   _tag: "Opened", v: 1, at: 0, actor: { id: "w1", role: "gridWorker" }, kind: "dispute", id: "d1",
 *   category: "dispute.water", place: "620981", channel: "app", severity: "minor"
 * }
 * const after = Case.evolve(Case.initialState, opened)
 * Analytics.step(Case.initialState, after, opened).map((d) => `${d.measure}${d.delta}`) // ["valid1", "mediations1"]
 *
 * @category counters
 * @since 0.1.0
 */
export const step = (before: Case.State, after: Case.State, event: Case.Event): Array<Delta> =>
  inert.has(event._tag) ? [] : internal.diff(before, after)

const inert: ReadonlySet<string> = new Set([
  "Urged",
  "SlaWarned",
  "Paused",
  "Resumed",
  "ExtensionRequested",
  "ExtensionRejected",
  "ConfirmationRequested",
  "ReturnMarkedImproper"
])

/**
 * What one case state counts in, as deltas from nothing: the rebuild path (sum over
 * every case's current state).
 *
 * @example
 * import { Analytics, Case } from "@gridgov/core"
 * Analytics.contributions(Case.initialState) // []
 *
 * @category counters
 * @since 0.1.0
 */
export const contributions = (state: Case.State): Array<Delta> => internal.diff(initialState, state)

/**
 * Sums deltas into counters (onto `base` when given): one counter per key and
 * measure, zeros dropped, in a stable order.
 *
 * @example
 * import { Analytics } from "@gridgov/core"
 * const k = { grid: "620981", unit: "", kind: "event", category: "event", month: "2021-01" } as const
 * Analytics.sum([{ ...k, measure: "valid", delta: 1 }, { ...k, measure: "valid", delta: 1 }])[0]!.value // 2
 *
 * @category counters
 * @since 0.1.0
 */
export const sum = (deltas: Iterable<Delta>, base: Iterable<Counter> = []): Array<Counter> => {
  const map = new Map<string, Counter>()
  const add = (k: Key & { readonly measure: Measure }, n: number) => {
    const id = `${k.grid}\u0000${k.unit}\u0000${k.kind}\u0000${k.category}\u0000${k.month}\u0000${k.measure}`
    const prev = map.get(id)
    map.set(id, {
      grid: k.grid,
      unit: k.unit,
      kind: k.kind,
      category: k.category,
      month: k.month,
      measure: k.measure,
      value: (prev?.value ?? 0) + n
    })
  }
  for (const c of base) add(c, c.value)
  for (const d of deltas) add(d, d.delta)
  return [...map.entries()]
    .filter(([, c]) => c.value !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, c]) => c)
}

/**
 * The month (`YYYY-MM`) of an instant in Asia/Shanghai: the cohort a case opened at
 * that instant counts in.
 *
 * @example
 * import { Analytics } from "@gridgov/core"
 * Analytics.monthOf(Date.UTC(2021, 0, 31, 17)) // "2021-02": 01:00 on 1 February in Yumen
 *
 * @category counters
 * @since 0.1.0
 */
export const monthOf: (at: number) => string = internal.monthOf

// ---------------------------------------------------------------------------
// queries
// ---------------------------------------------------------------------------

/**
 * A roll-up query; every filter optional, combined with AND:
 * - `grid`: cases placed in that grid's subtree (codes not in the tree never match);
 * - `unit`: the handler's unit or below it on segment boundaries (`dept` is every
 *   department; `""` the unassigned);
 * - `kinds`; `category`: a code prefix on segment boundaries;
 * - `from` / `to`: months `YYYY-MM`, both inclusive.
 *
 * @example
 * import type { Analytics } from "@gridgov/core"
 * const q: Analytics.Query = { grid: "620981103", kinds: ["dispute"], from: "2021-01", to: "2021-12" }
 *
 * @category queries
 * @since 0.1.0
 */
export interface Query {
  readonly grid?: string | undefined
  readonly unit?: string | undefined
  readonly kinds?: ReadonlyArray<Case.Kind> | undefined
  readonly category?: string | undefined
  readonly from?: string | undefined
  readonly to?: string | undefined
}

/**
 * Each measure's total.
 *
 * @example
 * import type { Analytics } from "@gridgov/core"
 * const closed = (t: Analytics.Totals) => t.closed
 *
 * @category queries
 * @since 0.1.0
 */
export type Totals = { readonly [M in Measure]: number }

const zero = (): { [M in Measure]: number } =>
  Object.fromEntries(internal.measures.map((m) => [m, 0])) as { [M in Measure]: number }

const matcher = (tree: Grid.Tree, query: Query): ((c: Counter) => boolean) => {
  let lo = Number.NEGATIVE_INFINITY
  let hi = Number.POSITIVE_INFINITY
  if (query.grid !== undefined) {
    const id = tree.index.get(query.grid)
    if (id === undefined) return () => false
    lo = tree.pre[id]!
    hi = lo + subtreeSize(tree, id) - 1
  }
  return (c) => {
    if (query.grid !== undefined) {
      const id = tree.index.get(c.grid)
      if (id === undefined) return false
      const rank = tree.pre[id]!
      if (rank < lo || rank > hi) return false
    }
    if (query.unit !== undefined && !(query.unit === "" ? c.unit === "" : Category.matches(query.unit, c.unit)))
      return false
    if (query.kinds !== undefined && !query.kinds.includes(c.kind)) return false
    if (query.category !== undefined && !Category.matches(query.category, c.category)) return false
    if (query.from !== undefined && c.month < query.from) return false
    if (query.to !== undefined && c.month > query.to) return false
    return true
  }
}

/**
 * The totals of the counters a query matches.
 *
 * @example
 * import { Analytics, Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * Analytics.totals([], tree, {}).valid // 0
 *
 * @category queries
 * @since 0.1.0
 */
export const totals = (counters: Iterable<Counter>, tree: Grid.Tree, query: Query = {}): Totals => {
  const out = zero()
  const keep = matcher(tree, query)
  for (const c of counters) if (keep(c)) out[c.measure] += c.value
  return out
}

/**
 * A dimension to break totals down by:
 * - `grid`: the children of the query's grid (the root when none), each with its
 *   subtree; cases placed on the grid itself come under its own code;
 * - `unit`, `kind`, `month`: the counter's value;
 * - `category`: the category one segment below the query's (the top level when none).
 *
 * @example
 * import type { Analytics } from "@gridgov/core"
 * const by: Analytics.Dimension = "month"
 *
 * @category queries
 * @since 0.1.0
 */
export type Dimension = "grid" | "unit" | "kind" | "category" | "month"

/**
 * Totals per group of one dimension, groups in key order.
 *
 * @example
 * import { Analytics, Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * Analytics.breakdown([], tree, {}, "unit") // []
 *
 * @category queries
 * @since 0.1.0
 */
export const breakdown = (
  counters: Iterable<Counter>,
  tree: Grid.Tree,
  query: Query,
  by: Dimension
): Array<{ readonly key: string; readonly totals: Totals }> => {
  const keep = matcher(tree, query)
  const groups = new Map<string, { [M in Measure]: number }>()
  const groupOf = groupKey(tree, query, by)
  for (const c of counters) {
    if (!keep(c)) continue
    const key = groupOf(c)
    if (key === undefined) continue
    let t = groups.get(key)
    if (t === undefined) {
      t = zero()
      groups.set(key, t)
    }
    t[c.measure] += c.value
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, totals]) => ({ key, totals }))
}

const groupKey = (tree: Grid.Tree, query: Query, by: Dimension): ((c: Counter) => string | undefined) => {
  switch (by) {
    case "unit":
      return (c) => c.unit
    case "kind":
      return (c) => c.kind
    case "month":
      return (c) => c.month
    case "category": {
      const depth = query.category === undefined ? 1 : Category.depth(query.category) + 1
      return (c) => Category.prefixes(c.category)[depth - 1] ?? c.category
    }
    case "grid": {
      const root = query.grid === undefined ? tree.order[0]! : tree.index.get(query.grid)!
      const starts: Array<readonly [number, number, string]> = []
      for (let k = tree.childStart[root]!; k < tree.childStart[root + 1]!; k++) {
        const child = tree.childIds[k]!
        const pre = tree.pre[child]!
        starts.push([pre, pre + subtreeSize(tree, child) - 1, tree.records[child]!.code])
      }
      const own = tree.records[root]!.code
      return (c) => {
        const id = tree.index.get(c.grid)
        if (id === undefined) return undefined
        const rank = tree.pre[id]!
        for (const [lo, hi, code] of starts) if (lo <= rank && rank <= hi) return code
        return own
      }
    }
  }
}

// ---------------------------------------------------------------------------
// rates
// ---------------------------------------------------------------------------

/**
 * The published rates, each a numerator over a denominator of counted measures:
 * - `closureRate` = closed / valid (结案率);
 * - `onTimeRate` = closedOnTime / closed (按期办结率: no step breached);
 * - `reworkRate` = closedReworked / closed (返工率: verification failed or reopened);
 * - `extensionRate` = extended / valid (延期率);
 * - `responseRate` = responded / tickets, `resolutionRate` = resolved / tickets,
 *   `satisfactionRate` = satisfied / visited (12345 响应率、解决率、满意率);
 * - `mediationSuccessRate` = mediated / mediations (调解成功率);
 * - `settledRate` = settled / mediated (调解后案结事了率).
 *
 * @example
 * import { Analytics } from "@gridgov/core"
 * Analytics.definitions.mediationSuccessRate // ["mediated", "mediations"]
 *
 * @category rates
 * @since 0.1.0
 */
export const definitions = {
  closureRate: ["closed", "valid"],
  onTimeRate: ["closedOnTime", "closed"],
  reworkRate: ["closedReworked", "closed"],
  extensionRate: ["extended", "valid"],
  responseRate: ["responded", "tickets"],
  resolutionRate: ["resolved", "tickets"],
  satisfactionRate: ["satisfied", "visited"],
  mediationSuccessRate: ["mediated", "mediations"],
  settledRate: ["settled", "mediated"]
} as const satisfies { readonly [name: string]: readonly [Measure, Measure] }

/**
 * The name of a published rate.
 *
 * @example
 * import { Analytics } from "@gridgov/core"
 * Analytics.RateName.literals.length // 9
 *
 * @category rates
 * @since 0.1.0
 */
export const RateName = Schema.Literals([
  "closureRate",
  "onTimeRate",
  "reworkRate",
  "extensionRate",
  "responseRate",
  "resolutionRate",
  "satisfactionRate",
  "mediationSuccessRate",
  "settledRate"
])

/**
 * @category rates
 * @since 0.1.0
 */
export type RateName = typeof RateName.Type

/**
 * A rate: its numerator, denominator and value (`null` when the denominator is 0).
 *
 * @example
 * import type { Analytics } from "@gridgov/core"
 * const pct = (r: Analytics.Rate) => (r.value === null ? "—" : `${(r.value * 100).toFixed(1)}%`)
 *
 * @category rates
 * @since 0.1.0
 */
export interface Rate {
  readonly numerator: number
  readonly denominator: number
  readonly value: number | null
}

/**
 * Every published rate of some totals.
 *
 * @example
 * import { Analytics, Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * Analytics.rates(Analytics.totals([], tree)).closureRate.value // null
 *
 * @category rates
 * @since 0.1.0
 */
export const rates = (totals: Totals): { readonly [R in RateName]: Rate } => {
  const out = {} as { [R in RateName]: Rate }
  for (const name of RateName.literals) {
    const [n, d] = definitions[name]
    const numerator = totals[n]
    const denominator = totals[d]
    out[name] = { numerator, denominator, value: denominator === 0 ? null : numerator / denominator }
  }
  return out
}

// ---------------------------------------------------------------------------
// appraisal
// ---------------------------------------------------------------------------

/**
 * Appraisal weights (绩效考核): per rate, a positive weight and an optional target in
 * (0, 1]. A rate where higher is better earns `min(1, value / target)` of its
 * weight (`value` without a target); for `reworkRate` and `extensionRate`, where
 * lower is better, `1` at or under the target and `(1 - value) / (1 - target)`
 * above it (`1 - value` without a target). `minimumCases`: groups with fewer valid
 * cases get no score.
 *
 * @example
 * import { Analytics } from "@gridgov/core"
 * import { Schema } from "effect"
 * Schema.decodeUnknownSync(Analytics.Weights)({ rates: [{ rate: "closureRate", weight: 1, target: 0.95 }] })
 *
 * @category appraisal
 * @since 0.1.0
 */
export const Weights = Schema.Struct({
  rates: Schema.Array(
    Schema.Struct({
      rate: RateName,
      weight: Schema.Finite.check(Schema.isGreaterThan(0)),
      target: Schema.optionalKey(Schema.Finite.check(Schema.isGreaterThan(0), Schema.isLessThanOrEqualTo(1)))
    })
  ).check(Schema.isMinLength(1)),
  minimumCases: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)))
})

/**
 * @category appraisal
 * @since 0.1.0
 */
export type Weights = typeof Weights.Type

/**
 * Default weights, with the targets Yumen holds itself to where it names one
 * (mediation success ≥ 98%, settled after mediation ≥ 90%, satisfaction ≥ 90%) and
 * example targets elsewhere (closure 95%, on time 90%, rework ≤ 5%).
 *
 * @example
 * import { Analytics } from "@gridgov/core"
 * Analytics.defaultWeights.rates.map((r) => r.rate).includes("mediationSuccessRate") // true
 *
 * @category appraisal
 * @since 0.1.0
 */
export const defaultWeights: Weights = {
  rates: [
    { rate: "closureRate", weight: 0.2, target: 0.95 },
    { rate: "onTimeRate", weight: 0.2, target: 0.9 },
    { rate: "reworkRate", weight: 0.1, target: 0.05 },
    { rate: "mediationSuccessRate", weight: 0.2, target: 0.98 },
    { rate: "settledRate", weight: 0.1, target: 0.9 },
    { rate: "satisfactionRate", weight: 0.2, target: 0.9 }
  ]
}

/**
 * Weights that do not decode; `problems` has each with its path.
 *
 * @example
 * import { Analytics } from "@gridgov/core"
 * import { Result } from "effect"
 * Result.isFailure(Analytics.decodeWeights({ rates: [{ rate: "closureRate", weight: 0 }] })) // true
 *
 * @category errors
 * @since 0.1.0
 */
export class WeightsInvalid extends Schema.TaggedError<WeightsInvalid>()("AnalyticsWeightsInvalid", {
  problems: Schema.Array(
    Schema.Struct({ path: Schema.Array(Schema.Union([Schema.String, Schema.Number])), message: Schema.String })
  )
}) {
  override get message(): string {
    return `invalid appraisal weights:\n${renderProblems(this.problems)}`
  }
}

/**
 * Decodes weights from configuration, reporting every problem with its path.
 *
 * @example
 * import { Analytics } from "@gridgov/core"
 * import { Result } from "effect"
 * Result.isSuccess(Analytics.decodeWeights({ rates: [{ rate: "onTimeRate", weight: 2, target: 0.9 }] })) // true
 *
 * @category appraisal
 * @since 0.1.0
 */
export const decodeWeights = (input: unknown): Result.Result<Weights, WeightsInvalid> =>
  Result.mapError(
    Schema.decodeUnknownResult(Weights, { errors: "all" })(input),
    (e) => new WeightsInvalid({ problems: problemsOf(e.issue) })
  )

const lowerIsBetter: ReadonlySet<RateName> = new Set(["reworkRate", "extensionRate"])

/**
 * An appraisal: the score out of 100 (`null` when no weighted rate has a value or
 * there are too few cases) and each part (the rate, its target, its weight, the
 * share of the weight earned).
 *
 * @example
 * import type { Analytics } from "@gridgov/core"
 * const score = (a: Analytics.Appraisal) => a.score ?? 0
 *
 * @category appraisal
 * @since 0.1.0
 */
export interface Appraisal {
  readonly score: number | null
  readonly parts: ReadonlyArray<{
    readonly rate: RateName
    readonly value: number | null
    readonly target: number | null
    readonly weight: number
    readonly earned: number | null
  }>
}

/**
 * Scores totals with weights: the weighted mean of what each rate earns, over the
 * rates that have a value, times 100.
 *
 * @example
 * import { Analytics, Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * Analytics.appraise(Analytics.totals([], tree), Analytics.defaultWeights).score // null
 *
 * @category appraisal
 * @since 0.1.0
 */
export const appraise = (t: Totals, weights: Weights): Appraisal => {
  const r = rates(t)
  let points = 0
  let weightSum = 0
  const parts = weights.rates.map(({ rate, weight, target }) => {
    const value = r[rate].value
    let earned: number | null = null
    if (value !== null) {
      if (lowerIsBetter.has(rate))
        earned = target === undefined ? 1 - value : value <= target ? 1 : Math.max(0, (1 - value) / (1 - target))
      else earned = target === undefined ? value : Math.min(1, value / target)
      points += weight * earned
      weightSum += weight
    }
    return { rate, value, target: target ?? null, weight, earned }
  })
  const enough = weights.minimumCases === undefined || t.valid >= weights.minimumCases
  return { score: weightSum === 0 || !enough ? null : (100 * points) / weightSum, parts }
}

/**
 * Appraisal per group of a dimension (per grid below the query's grid, or per
 * unit): each group's key, totals and appraisal, best score first (groups without
 * a score last), ties by key.
 *
 * @example
 * import { Analytics, Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * Analytics.appraisal([], tree, {}, "grid", Analytics.defaultWeights) // []
 *
 * @category appraisal
 * @since 0.1.0
 */
export const appraisal = (
  counters: Iterable<Counter>,
  tree: Grid.Tree,
  query: Query,
  by: "grid" | "unit",
  weights: Weights = defaultWeights
): Array<{ readonly key: string; readonly totals: Totals; readonly appraisal: Appraisal }> =>
  breakdown(counters, tree, query, by)
    .map((g) => ({ ...g, appraisal: appraise(g.totals, weights) }))
    .sort((a, b) => {
      const x = a.appraisal.score
      const y = b.appraisal.score
      if (x !== y) return x === null ? 1 : y === null ? -1 : y - x
      return a.key < b.key ? -1 : a.key > b.key ? 1 : 0
    })
