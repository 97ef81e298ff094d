/**
 * The counters projection port: `Analytics` counters persisted beside the events,
 * and roll-up queries answered from them.
 *
 * The write side is part of the case store's append: `CaseService` computes the
 * counter deltas of every event it appends (`Analytics.step`), sums them per key
 * (`changes`) and hands them to `CaseStore.append` / `appendMany` as
 * `AppendRequest.counters`, so the counters move in the same transaction as the
 * events, summary, timers and outbox rows (a conflict or a replay moves none). A
 * store keeps one row per key and measure and adds each delta to it
 * (`value = value + delta`), with the grid's rank (`Grid.interval(tree, id).pre`)
 * beside its code, so a grid subtree is a range of ranks.
 *
 * The read side is this service: `totals` (the inputs of `Analytics.rates` and
 * `Analytics.appraise`), `counters` (the matching rows, for `Analytics.breakdown`)
 * and `replace` (what `rebuild` writes). Adapters: `@gridgov/testing`'s `Memory`,
 * `@gridgov/storage-sql` (SQLite and PostgreSQL); all pass the same conformance suite.
 * See docs/explanation/analytics.md.
 *
 * @since 0.1.0
 */
import { Context, Effect, Result } from "effect"
import * as Analytics from "./Analytics.js"
import * as CaseStore from "./CaseStore.js"
import * as Grid from "./Grid.js"
import { evolve } from "./internal/caseDecider.js"
import { initialState, type State } from "./internal/caseState.js"
import * as internal from "./internal/counters.js"
import { decode } from "./internal/service.js"

/**
 * A change to one persisted counter: an `Analytics.Delta` with the rank of its grid
 * (`Grid.interval(tree, id).pre`; -1 for a code outside the tree, which no grid
 * query matches). A store adds `delta` to the counter of the key and measure, and
 * sets the counter's rank to `rank`.
 *
 * @example
 * import type { AnalyticsStore } from "@gridgov/core"
 * const change: AnalyticsStore.Change = {
 *   grid: "620981101201", rank: 12, unit: "620981101201", kind: "event",
 *   category: "event.sanitation.garbage", month: "2020-03", measure: "closed", delta: 1
 * }
 *
 * @category models
 * @since 0.1.0
 */
export interface Change extends Analytics.Delta {
  readonly rank: number
}

/**
 * A persisted counter: an `Analytics.Counter` with its grid's rank.
 *
 * @example
 * import type { AnalyticsStore } from "@gridgov/core"
 * const value = (row: AnalyticsStore.Row) => row.value
 *
 * @category models
 * @since 0.1.0
 */
export interface Row extends Analytics.Counter {
  readonly rank: number
}

/**
 * Deltas as changes: summed per key and measure (zero sums dropped), each with the
 * rank of its grid in `tree`, in a stable order (so stores lock rows in one order).
 *
 * @example
 * import { AnalyticsStore, Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * const d = { grid: "620981", unit: "", kind: "event", category: "event", month: "2020-01", measure: "valid", delta: 1 } as const
 * AnalyticsStore.changes(tree, [d, d])[0]!.delta // 2
 *
 * @category models
 * @since 0.1.0
 */
export const changes: (tree: Grid.Tree, deltas: Iterable<Analytics.Delta>) => Array<Change> = internal.changes

/**
 * A counters query; every filter optional, combined with AND, as `Analytics.Query`
 * but with the grid given as a rank interval (`Grid.interval(tree, id)`):
 * - `grid`: counters whose rank lies in `[pre, post]`;
 * - `unit`: the handler's unit or below it on segment boundaries (`""`: unassigned);
 * - `kinds`; `category`: a code prefix on segment boundaries;
 * - `from` / `to`: months `YYYY-MM`, both inclusive.
 *
 * @example
 * import type { AnalyticsStore } from "@gridgov/core"
 * const q: AnalyticsStore.Query = { grid: { pre: 4, post: 40 }, kinds: ["dispute"], from: "2020-01", to: "2020-12" }
 *
 * @category queries
 * @since 0.1.0
 */
export interface Query {
  readonly grid?: { readonly pre: number; readonly post: number } | undefined
  readonly unit?: string | undefined
  readonly kinds?: ReadonlyArray<string> | undefined
  readonly category?: string | undefined
  readonly from?: string | undefined
  readonly to?: string | undefined
}

/**
 * An `Analytics.Query` (grid as a code) as a store query (grid as its rank
 * interval); a code not in the tree gives an empty interval, as in `Analytics.totals`.
 *
 * @example
 * import { AnalyticsStore, Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * AnalyticsStore.query(tree, { grid: "620981" }).grid // { pre: 0, post: 0 }
 *
 * @category queries
 * @since 0.1.0
 */
export const query = (tree: Grid.Tree, q: Analytics.Query): Query => {
  const { grid, ...rest } = q
  if (grid === undefined) return rest
  const id = Grid.id(tree, grid)
  return { ...rest, grid: id === undefined ? { pre: 0, post: -1 } : Grid.interval(tree, id) }
}

/**
 * Whether a persisted counter passes a query (what every adapter implements).
 *
 * @example
 * import { AnalyticsStore } from "@gridgov/core"
 * const row = { grid: "620981", rank: 0, unit: "dept.housing", kind: "event", category: "event.facility", month: "2020-05", measure: "valid", value: 3 } as const
 * AnalyticsStore.matches({ unit: "dept" })(row) // true
 *
 * @category queries
 * @since 0.1.0
 */
export const matches =
  (q: Query) =>
  (row: Row): boolean =>
    (q.grid === undefined || (row.rank >= q.grid.pre && row.rank <= q.grid.post)) &&
    (q.unit === undefined || (q.unit === "" ? row.unit === "" : prefixed(q.unit, row.unit))) &&
    (q.kinds === undefined || q.kinds.includes(row.kind)) &&
    (q.category === undefined || prefixed(q.category, row.category)) &&
    (q.from === undefined || row.month >= q.from) &&
    (q.to === undefined || row.month <= q.to)

const prefixed = (prefix: string, code: string): boolean =>
  code === prefix || (code.length > prefix.length && code.startsWith(prefix) && code.charCodeAt(prefix.length) === 46)

/**
 * Every measure at 0: the totals of no counters.
 *
 * @example
 * import { AnalyticsStore } from "@gridgov/core"
 * AnalyticsStore.zero().valid // 0
 *
 * @category queries
 * @since 0.1.0
 */
export const zero = (): { [M in Analytics.Measure]: number } =>
  Object.fromEntries(Analytics.measures.map((m) => [m, 0])) as { [M in Analytics.Measure]: number }

/**
 * The counters service.
 *
 * - `totals(query)`: each measure's sum over the matching counters: the input of
 *   `Analytics.rates` and `Analytics.appraise`.
 * - `counters(query)`: the matching counters (one per key and measure, non-zero),
 *   for `Analytics.breakdown` and `Analytics.appraisal`.
 * - `replace(changes)`: drops every counter and writes these (as values), in one
 *   transaction: what `rebuild` uses.
 *
 * @example
 * import { Effect } from "effect"
 * import { Analytics, AnalyticsStore } from "@gridgov/core"
 *
 * const disputes = Effect.gen(function*() {
 *   const counters = yield* AnalyticsStore.AnalyticsStore
 *   const totals = yield* counters.totals({ kinds: ["dispute"], from: "2020-01", to: "2020-12" })
 *   return Analytics.rates(totals).mediationSuccessRate
 * })
 *
 * @category services
 * @since 0.1.0
 */
export class AnalyticsStore extends Context.Service<
  AnalyticsStore,
  {
    readonly totals: (query: Query) => Effect.Effect<Analytics.Totals, CaseStore.StoreError>
    readonly counters: (query: Query) => Effect.Effect<ReadonlyArray<Row>, CaseStore.StoreError>
    readonly replace: (changes: ReadonlyArray<Change>) => Effect.Effect<void, CaseStore.StoreError>
  }
>()("@gridgov/core/AnalyticsStore") {}

/**
 * What a rebuild read and wrote.
 *
 * @example
 * import type { AnalyticsStore } from "@gridgov/core"
 * const summary = (r: AnalyticsStore.Rebuilt) => `${r.events} events, ${r.cases} cases, ${r.counters} counters`
 *
 * @category rebuild
 * @since 0.1.0
 */
export interface Rebuilt {
  readonly events: number
  readonly cases: number
  readonly counters: number
}

/**
 * Recomputes the counters from the event log (`CaseStore.readAll`, in pages of
 * `pageSize`): every stream folded to its current state, each state's
 * `Analytics.contributions` summed, and the result written with `replace`. For a
 * new projection, a changed definition or a repair; run it while no command is
 * appended (appends made during a rebuild may be counted twice or not at all).
 *
 * @example
 * import { AnalyticsStore } from "@gridgov/core"
 * import { Yumen } from "@gridgov/testing"
 * const rebuilt = AnalyticsStore.rebuild(Yumen.make().tree)
 *
 * @category rebuild
 * @since 0.1.0
 */
export const rebuild = Effect.fn("AnalyticsStore.rebuild")(function* (
  tree: Grid.Tree,
  pageSize = 5_000
): Effect.fn.Return<Rebuilt, CaseStore.StoreError, CaseStore.CaseStore | AnalyticsStore> {
  const store = yield* CaseStore.CaseStore
  const counters = yield* AnalyticsStore
  const states = new Map<string, State>()
  let after = 0
  let events = 0
  for (;;) {
    const page = yield* store.readAll(after, pageSize)
    for (const row of page) {
      const event = decode(row)
      if (Result.isFailure(event)) {
        return yield* new CaseStore.StoreError({ operation: "rebuild", message: event.failure, cause: null })
      }
      states.set(row.streamId, evolve(states.get(row.streamId) ?? initialState, event.success))
      after = row.position
    }
    events += page.length
    if (page.length < pageSize) break
  }
  const deltas: Array<Analytics.Delta> = []
  for (const state of states.values()) deltas.push(...Analytics.contributions(state))
  const rows = changes(tree, deltas)
  yield* counters.replace(rows)
  return { events, cases: states.size, counters: rows.length }
})
