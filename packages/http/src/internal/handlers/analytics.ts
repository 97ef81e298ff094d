/** The analytics group, over `AnalyticsService`. */
import { AnalyticsService, type CaseKind } from "@gridgov/core"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import * as Api from "../../Api.js"
import * as Problem from "../../Problem.js"
import * as P from "../problems.js"

/** The filters both endpoints take. */
interface Filters {
  readonly grid?: string
  readonly unit?: string
  readonly kind?: CaseKind.Kind
  readonly category?: string
  readonly from?: string
  readonly to?: string
}

const queryOf = (q: Filters): AnalyticsService.Query => ({
  grid: q.grid,
  unit: q.unit,
  kinds: q.kind === undefined ? undefined : [q.kind],
  category: q.category,
  from: q.from,
  to: q.to
})

/** The service's refusals as problems: a grid unknown or out of reach is a 404, a query out of reach a 403. */
const problems = (q: Filters) => ({
  AnalyticsQueryInvalid: (e: AnalyticsService.QueryInvalid) =>
    Effect.fail(
      new Problem.BadRequest({
        detail: "Request validation failed",
        errors: e.problems.map((p) => ({ path: ["query", ...p.path], message: p.message }))
      })
    ),
  GridNotFound: (e: { readonly grid: string }) => Effect.fail(new Problem.NotFound({ detail: `No grid ${e.grid}` })),
  Forbidden: (e: { readonly reason: string }) =>
    Effect.fail(
      new Problem.AccessDenied({
        detail:
          q.unit === undefined
            ? "Name a grid or unit within the caller's jurisdiction"
            : `Unit ${q.unit} is outside the caller's posts`,
        reason: e.reason
      })
    ),
  StoreError: P.fromStore
})

export const AnalyticsLive = HttpApiBuilder.group(Api.Api, "analytics", (handlers) =>
  Effect.gen(function* () {
    const analytics = yield* AnalyticsService.AnalyticsService
    const actor = Effect.map(Effect.service(Api.CurrentPrincipal), (p) => p.actor)
    return handlers
      .handle("report", ({ query }) =>
        Effect.flatMap(actor, (a) =>
          analytics.report(queryOf(query), a, query.by).pipe(Effect.catchTags(problems(query)))
        )
      )
      .handle("appraisal", ({ query }) =>
        Effect.gen(function* () {
          const by = query.by ?? "grid"
          const groups = yield* analytics
            .appraisal(queryOf(query), yield* actor, by)
            .pipe(Effect.catchTags(problems(query)))
          return {
            by,
            groups: groups.map((g) => ({
              key: g.key,
              score: g.appraisal.score,
              valid: g.totals.valid,
              parts: g.appraisal.parts.map((p) => ({ ...p }))
            }))
          }
        })
      )
  })
)
