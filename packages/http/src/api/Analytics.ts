/**
 * The analytics group's contract: the city's numbers (考核): totals, rates, breakdowns
 * and appraisal scores. Part of `Api`, which composes the groups; import the names
 * from there (`Api.AnalyticsGroup`).
 *
 * @since 0.1.0
 */
import { Analytics, CaseKind, Category } from "@gridgov/core"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import * as Problem from "../Problem.js"
import { Authentication } from "./Middleware.js"

const Totals = Schema.Record(Schema.String, Schema.Number).annotate({
  description: "Each measure's total (valid, closed, closedOnTime, …; see Analytics.measures)"
})
const Rates = Schema.Record(
  Schema.String,
  Schema.Struct({ numerator: Schema.Number, denominator: Schema.Number, value: Schema.NullOr(Schema.Number) })
).annotate({ description: "Each published rate (Analytics.rates): value null when the denominator is 0" })

/**
 * Analytics for a grid subtree (or a unit), kind, category and months: each
 * measure's total, every published rate, and optionally the same per group of one
 * dimension.
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const closure = (a: Api.AnalyticsReport) => a.rates.closureRate?.value
 *
 * @category schemas
 * @since 0.1.0
 */
export const AnalyticsReport = Schema.Struct({
  totals: Totals,
  rates: Rates,
  breakdown: Schema.NullOr(Schema.Array(Schema.Struct({ key: Schema.String, totals: Totals, rates: Rates })))
}).annotate({ identifier: "AnalyticsReport" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type AnalyticsReport = typeof AnalyticsReport.Type

/**
 * Appraisal scores (绩效考核) per grid below the query's grid, or per unit, best
 * first, with each rate's part (`Analytics.appraisal` with the server's weights).
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const best = (a: Api.AppraisalReport) => a.groups[0]?.key
 *
 * @category schemas
 * @since 0.1.0
 */
export const AppraisalReport = Schema.Struct({
  by: Schema.Literals(["grid", "unit"]),
  groups: Schema.Array(
    Schema.Struct({
      key: Schema.String,
      score: Schema.NullOr(Schema.Number),
      valid: Schema.Number,
      parts: Schema.Array(
        Schema.Struct({
          rate: Analytics.RateName,
          value: Schema.NullOr(Schema.Number),
          target: Schema.NullOr(Schema.Number),
          weight: Schema.Number,
          earned: Schema.NullOr(Schema.Number)
        })
      )
    })
  )
}).annotate({ identifier: "AppraisalReport" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type AppraisalReport = typeof AppraisalReport.Type

const Month = Schema.String.check(Schema.isPattern(/^[0-9]{4}-(0[1-9]|1[0-2])$/))
const analyticsFilters = {
  grid: Schema.optionalKey(Schema.String.check(Schema.isPattern(/^[0-9A-Z]{1,64}$/))),
  unit: Schema.optionalKey(Category.Code),
  kind: Schema.optionalKey(CaseKind.Kind),
  category: Schema.optionalKey(Category.Code),
  from: Schema.optionalKey(Month),
  to: Schema.optionalKey(Month)
}

/**
 * The city's numbers (考核): `GET /analytics` (totals and rates, optionally broken
 * down by grid, unit, kind, category or month) and `GET /analytics/appraisal`
 * (scores per grid or unit), from the counters projection, for a grid subtree
 * within the caller's jurisdiction (the whole city needs a post that reaches it), or
 * for a unit the caller is posted at.
 *
 * @example
 * import { Api } from "@gridgov/http"
 * Api.AnalyticsGroup.identifier // "analytics"
 *
 * @category groups
 * @since 0.1.0
 */
export class AnalyticsGroup extends HttpApiGroup.make("analytics")
  .add(
    HttpApiEndpoint.get("report", "/analytics", {
      query: {
        ...analyticsFilters,
        by: Schema.optionalKey(Schema.Literals(["grid", "unit", "kind", "category", "month"]))
      },
      success: AnalyticsReport,
      error: [Problem.AccessDenied, Problem.NotFound, Problem.Internal]
    }).annotate(
      OpenApi.Summary,
      "Totals and rates (closure, on time, rework, hotline, mediation) for a grid subtree or unit and period"
    )
  )
  .add(
    HttpApiEndpoint.get("appraisal", "/analytics/appraisal", {
      query: { ...analyticsFilters, by: Schema.optionalKey(Schema.Literals(["grid", "unit"])) },
      success: AppraisalReport,
      error: [Problem.AccessDenied, Problem.NotFound, Problem.Internal]
    }).annotate(OpenApi.Summary, "Appraisal scores of grids or departments, with configurable weights")
  )
  .middleware(Authentication)
  .annotateMerge(OpenApi.annotations({ title: "Analytics", description: "Totals, rates and appraisal scores" })) {}
