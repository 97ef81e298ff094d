/**
 * The escalation ladder: a case climbs from the block to the village and the town
 * (小事不出格、大事不出村、难事不出镇), then to the center's sub-center for its kind and on
 * to the department (or court) at the top, as the routing table's `ladder` says. Every
 * step is strictly higher ({@link tier}) and says why.
 *
 * See docs/explanation/routing.md.
 *
 * @since 0.1.0
 */
import { type Result, Schema } from "effect"
import type * as CaseKind from "./CaseKind.js"
import * as ladder from "./internal/routingLadder.js"
import * as Routing from "./Routing.js"
import * as RoutingTable from "./RoutingTable.js"

/**
 * The tier of a handler on the escalation ladder: a grid at level `n` is `3 - n`
 * (block 0, village 1, town 2, city 3), units of the center (center, sub-centers,
 * committees, studios, windows) are 3, departments 4.
 *
 * @example
 * import { Escalation } from "@gridgov/core"
 * Escalation.tier({ _tag: "Grid", level: 3, grid: "620981101201001" }) // 0
 * Escalation.tier({ _tag: "Unit", unit: "dept.court" }) // 4
 *
 * @category escalation
 * @since 0.1.0
 */
export const tier = (handler: Routing.Handler): number => ladder.tier(handler)

/**
 * One step of escalation: where from, where to, which step of the ladder, what in the
 * table decided it, and a sentence in zh-CN and en.
 *
 * @example
 * import type { Escalation } from "@gridgov/core"
 * const step: Escalation.Step["step"] = "up"
 *
 * @category escalation
 * @since 0.1.0
 */
export interface Step {
  readonly from: Routing.Handler
  readonly to: Routing.Handler
  readonly step: "up" | "center" | "top"
  readonly source: string
  readonly because: { readonly "zh-CN": string; readonly en: string }
}

/**
 * Escalates a case from its current handler to the next one up: block → village →
 * town (小事不出格、大事不出村、难事不出镇) → the center's sub-center for the kind
 * (`ladder.center`) → the top for the kind (`ladder.top`: a department, the court, or the
 * owner department of the category). Every step is strictly higher ({@link tier}); from a
 * department it fails with {@link LadderTop}.
 *
 * @example
 * import { Escalation, Routing } from "@gridgov/core"
 * import { Yumen } from "@gridgov/testing"
 * import { Result } from "effect"
 * const router = Result.getOrThrow(Routing.compile(Yumen.routing))
 * const place = ["620981", "620981101", "620981101201", "620981101201001"]
 * const context = { kind: "dispute", category: "dispute.water", place } as const
 * const up = Escalation.next(router, { _tag: "Grid", level: 1, grid: "620981101" }, context)
 * Result.map(up, (e) => e.to) // Result.succeed({ _tag: "Unit", unit: "center.mediation" })
 *
 * @category escalation
 * @since 0.1.0
 */
export const next = (
  router: Routing.Router,
  from: Routing.Handler,
  context: { readonly kind: CaseKind.Kind; readonly category: string; readonly place: Routing.Place }
): Result.Result<Step, LadderTop | NotOnPath> =>
  ladder.escalate(router.table, from, context, {
    top: () => new LadderTop({ from }),
    notOnPath: () => new NotOnPath({ from, place: context.place })
  })

/**
 * An escalation from the top of the ladder: a department has no one above it.
 *
 * @example
 * import { Escalation, Routing } from "@gridgov/core"
 * import { Yumen } from "@gridgov/testing"
 * import { Result } from "effect"
 * const router = Result.getOrThrow(Routing.compile(Yumen.routing))
 * const top = Escalation.next(router, { _tag: "Unit", unit: "dept.court" }, {
 *   kind: "dispute",
 *   category: "dispute.water",
 *   place: ["620981"]
 * })
 * Result.isFailure(top) // true
 *
 * @category errors
 * @since 0.1.0
 */
export class LadderTop extends Schema.TaggedError<LadderTop>()("LadderTop", { from: Routing.Handler }) {}

/**
 * An escalation from a grid that is not on the place's path at the level it claims.
 *
 * @example
 * import { Escalation, Routing } from "@gridgov/core"
 * import { Yumen } from "@gridgov/testing"
 * import { Result } from "effect"
 * const router = Result.getOrThrow(Routing.compile(Yumen.routing))
 * const r = Escalation.next(router, { _tag: "Grid", level: 2, grid: "999" }, {
 *   kind: "event",
 *   category: "event",
 *   place: ["620981", "620981101", "620981101201"]
 * })
 * Result.isFailure(r) // true
 *
 * @category errors
 * @since 0.1.0
 */
export class NotOnPath extends Schema.TaggedError<NotOnPath>()("NotOnPath", {
  from: Routing.Handler,
  place: Schema.Array(RoutingTable.GridCode)
}) {}
