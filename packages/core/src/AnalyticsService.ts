/**
 * The analytics service: the city's figures (rates and counts from the counters
 * projection, `AnalyticsStore`), broken down and appraised, each within the actor's
 * jurisdiction.
 *
 * A query names a grid, a unit, or neither (the whole city). A grid must be within
 * the actor's reach, and one outside it answers exactly as an unknown grid
 * (`Access.GridNotFound`); a unit needs a post at it or above it, or one that reaches
 * the whole city; the whole city needs a post that reaches it (a leader at the city's
 * grid, the center, an administrator). Totals and rates are `Analytics.rates` of the
 * store's totals; breakdowns and appraisals are `Analytics.breakdown` and
 * `Analytics.appraisal` of its counters. See docs/explanation/analytics.md.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Result, Schema } from "effect"
import * as Access from "./Access.js"
import * as Analytics from "./Analytics.js"
import * as AnalyticsStore from "./AnalyticsStore.js"
import * as CaseKind from "./CaseKind.js"
import type { StoreError } from "./CaseStore.js"
import * as Category from "./Category.js"
import * as Configuration from "./Configuration.js"
import { problemsOf, renderProblems } from "./internal/categoryIssues.js"
import * as kit from "./internal/serviceKit.js"

// ---------------------------------------------------------------------------
// configuration
// ---------------------------------------------------------------------------

/**
 * How appraisals score: the weights and targets of each rate (default: the
 * configuration's, `Configuration.Snapshot.weights`, which a city sets with
 * `CityChange`'s `SetWeights`).
 *
 * @example
 * import type { AnalyticsService } from "@gridgov/core"
 * const closureOnly: AnalyticsService.Settings = { weights: { rates: [{ rate: "closureRate", weight: 1 }] } }
 *
 * @category config
 * @since 0.1.0
 */
export interface Settings {
  readonly weights?: Analytics.Weights | undefined
}

/**
 * `Settings` with every default filled in.
 *
 * @example
 * import { AnalyticsService } from "@gridgov/core"
 * AnalyticsService.environment({}).weights // undefined: the configuration's
 *
 * @category config
 * @since 0.1.0
 */
export interface Environment {
  readonly weights: Analytics.Weights | undefined
}

/**
 * Fills in the defaults of `Settings`.
 *
 * @example
 * import { AnalyticsService } from "@gridgov/core"
 * AnalyticsService.environment({ weights: { rates: [{ rate: "closureRate", weight: 1 }] } }).weights?.rates.length // 1
 *
 * @category config
 * @since 0.1.0
 */
export const environment = (settings: Settings): Environment => ({
  weights: settings.weights
})

/**
 * The service's settings, with the defaults when none are provided.
 *
 * @example
 * import { Effect } from "effect"
 * import { AnalyticsService } from "@gridgov/core"
 * const weights = Effect.map(Effect.service(AnalyticsService.Config), (env) => env.weights)
 *
 * @category config
 * @since 0.1.0
 */
export const Config: Context.Reference<Environment> = Context.Reference("@gridgov/core/AnalyticsService/Config", {
  defaultValue: () => environment({})
})

/**
 * Provides `Config` from `Settings`.
 *
 * @example
 * import { AnalyticsService } from "@gridgov/core"
 * const closureOnly = AnalyticsService.layerConfig({ weights: { rates: [{ rate: "closureRate", weight: 1 }] } })
 *
 * @category config
 * @since 0.1.0
 */
export const layerConfig = (settings: Settings): Layer.Layer<never> => Layer.succeed(Config, environment(settings))

// ---------------------------------------------------------------------------
// models
// ---------------------------------------------------------------------------

const Month = Schema.String.check(Schema.isPattern(/^[0-9]{4}-(0[1-9]|1[0-2])$/))

/**
 * What the figures are about, every filter optional: a grid's subtree (by code), a
 * handling unit (or a prefix: `dept`), case kinds, a category prefix, and a period in
 * months (`YYYY-MM`, both inclusive).
 *
 * @example
 * import type { AnalyticsService } from "@gridgov/core"
 * const q: AnalyticsService.Query = { grid: "620981103", kinds: ["dispute"], from: "2020-01", to: "2020-12" }
 *
 * @category queries
 * @since 0.1.0
 */
export const Query = Schema.Struct({
  grid: Schema.optional(Schema.String.check(Schema.isPattern(/^[0-9A-Z]{1,64}$/))),
  unit: Schema.optional(Category.Code),
  kinds: Schema.optional(Schema.Array(CaseKind.Kind)),
  category: Schema.optional(Category.Code),
  from: Schema.optional(Month),
  to: Schema.optional(Month)
})

/**
 * @category queries
 * @since 0.1.0
 */
export type Query = typeof Query.Type

/**
 * Totals and rates, and (when asked for a dimension) the same per group.
 *
 * @example
 * import type { AnalyticsService } from "@gridgov/core"
 * const closure = (r: AnalyticsService.Report) => r.rates.closureRate.value
 *
 * @category models
 * @since 0.1.0
 */
export interface Report {
  readonly totals: Analytics.Totals
  readonly rates: ReturnType<typeof Analytics.rates>
  readonly breakdown: ReadonlyArray<{
    readonly key: string
    readonly totals: Analytics.Totals
    readonly rates: ReturnType<typeof Analytics.rates>
  }> | null
}

/**
 * One appraised group: its key (a grid code or unit), totals and appraisal.
 *
 * @example
 * import type { AnalyticsService } from "@gridgov/core"
 * const score = (g: AnalyticsService.Appraised) => g.appraisal.score
 *
 * @category models
 * @since 0.1.0
 */
export interface Appraised {
  readonly key: string
  readonly totals: Analytics.Totals
  readonly appraisal: Analytics.Appraisal
}

// ---------------------------------------------------------------------------
// errors
// ---------------------------------------------------------------------------

/**
 * A query that does not decode (a month that is not `YYYY-MM`, a malformed code…),
 * with every problem and its path.
 *
 * @example
 * import { AnalyticsService } from "@gridgov/core"
 * new AnalyticsService.QueryInvalid({ problems: [{ path: ["from"], message: "bad month" }] })._tag // "AnalyticsQueryInvalid"
 *
 * @category errors
 * @since 0.1.0
 */
export class QueryInvalid extends Schema.TaggedError<QueryInvalid>()("AnalyticsQueryInvalid", {
  problems: Schema.Array(
    Schema.Struct({ path: Schema.Array(Schema.Union([Schema.String, Schema.Number])), message: Schema.String })
  )
}) {
  override get message(): string {
    return `invalid analytics query:\n${renderProblems(this.problems)}`
  }
}

/**
 * Why a query is refused: it does not decode, its grid is unknown or out of reach,
 * its unit or the whole city is outside the actor's jurisdiction, or the store failed.
 *
 * @example
 * import type { AnalyticsService } from "@gridgov/core"
 * const hidden = (e: AnalyticsService.QueryError) => e._tag === "GridNotFound"
 *
 * @category errors
 * @since 0.1.0
 */
export type QueryError = QueryInvalid | Access.GridNotFound | Access.Forbidden | StoreError

// ---------------------------------------------------------------------------
// the service
// ---------------------------------------------------------------------------

/**
 * The analytics service.
 *
 * - `report(query, actor, by?)`: totals and rates, and per group of `by` (grid,
 *   unit, kind, category or month) when given;
 * - `appraisal(query, actor, by?)`: each grid below the query's (or each unit) scored
 *   with the configured weights, best first (groups without a score last).
 *
 * @example
 * import { Effect } from "effect"
 * import { type Access, AnalyticsService } from "@gridgov/core"
 * declare const chief: Access.Actor
 *
 * const township = Effect.gen(function* () {
 *   const analytics = yield* AnalyticsService.AnalyticsService
 *   const report = yield* analytics.report({ grid: "620981103", kinds: ["event"] }, chief)
 *   return report.rates.closureRate.value
 * })
 *
 * @category services
 * @since 0.1.0
 */
export class AnalyticsService extends Context.Service<
  AnalyticsService,
  {
    readonly report: (query: Query, actor: Access.Actor, by?: Analytics.Dimension) => Effect.Effect<Report, QueryError>
    readonly appraisal: (
      query: Query,
      actor: Access.Actor,
      by?: "grid" | "unit"
    ) => Effect.Effect<ReadonlyArray<Appraised>, QueryError>
  }
>()("@gridgov/core/AnalyticsService") {}

const decodeQuery = Schema.decodeUnknownResult(Query, { errors: "all" })

const make = Effect.gen(function* () {
  const env = yield* Config
  const configuration = yield* Configuration.Configuration
  const counters = yield* AnalyticsStore.AnalyticsStore

  /** The actor's query, checked and within their jurisdiction. */
  const scoped = Effect.fnUntraced(function* (
    city: Configuration.Snapshot,
    query: Query,
    actor: Access.Actor,
    action: string
  ) {
    const context: Access.Context = { tree: city.tree }
    const decoded = decodeQuery(kit.defined(query))
    if (Result.isFailure(decoded)) return yield* new QueryInvalid({ problems: problemsOf(decoded.failure.issue) })
    const q = decoded.success
    const reach = Access.scope(context, actor)
    const whole = Access.reachesCity(context, reach)
    if (q.grid !== undefined) yield* kit.reachedGrid(context, reach, q.grid)
    else if (q.unit !== undefined ? !whole && !Access.reachesUnit(reach, q.unit) : !whole) {
      return yield* new Access.Forbidden({ action, reason: "OutsideJurisdiction" })
    }
    return q satisfies Analytics.Query
  })

  const report = Effect.fn("AnalyticsService.report")(function* (
    query: Query,
    actor: Access.Actor,
    by?: Analytics.Dimension
  ) {
    const city = yield* configuration.current
    const q = yield* scoped(city, query, actor, "AnalyticsReport")
    const stored = AnalyticsStore.query(city.tree, q)
    const totals = yield* counters.totals(stored)
    const breakdown =
      by === undefined
        ? null
        : Analytics.breakdown(yield* counters.counters(stored), city.tree, q, by).map((g) => ({
            key: g.key,
            totals: g.totals,
            rates: Analytics.rates(g.totals)
          }))
    return { totals, rates: Analytics.rates(totals), breakdown } satisfies Report
  })

  const appraisal = Effect.fn("AnalyticsService.appraisal")(function* (
    query: Query,
    actor: Access.Actor,
    by: "grid" | "unit" = "grid"
  ) {
    const city = yield* configuration.current
    const q = yield* scoped(city, query, actor, "AnalyticsAppraisal")
    const rows = yield* counters.counters(AnalyticsStore.query(city.tree, q))
    return Analytics.appraisal(rows, city.tree, q, by, env.weights ?? city.weights)
  })

  return AnalyticsService.of({ report, appraisal })
})

/**
 * The analytics service over `AnalyticsStore`, with the tree and weights of the live `Configuration`
 * and its own `Config` (defaults unless provided).
 *
 * @example
 * import { Layer } from "effect"
 * import { AnalyticsService, CaseService } from "@gridgov/core"
 * import { SqliteStore } from "@gridgov/storage-sqlite"
 * declare const settings: CaseService.Settings
 *
 * const analytics = AnalyticsService.layer.pipe(
 *   Layer.provide(CaseService.layerConfig(settings)),
 *   Layer.provide(SqliteStore.layer({ filename: "gridgov.db" }))
 * )
 *
 * @category layers
 * @since 0.1.0
 */
export const layer: Layer.Layer<AnalyticsService, never, Configuration.Configuration | AnalyticsStore.AnalyticsStore> =
  Layer.effect(AnalyticsService, make)
