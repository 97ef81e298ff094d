/**
 * Two-way linkage (双向联动) of disputes with the departments outside the center:
 * divert an ordinary dispute to the department that owns it (分流化解), book it into
 * the center (预约进中心), or transfer a major one into the center (移送中心调解), from
 * the routing table's owners and committees.
 *
 * See docs/explanation/routing.md.
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import * as CaseKind from "./CaseKind.js"
import * as ladder from "./internal/routingLadder.js"
import type * as Routing from "./Routing.js"
import type * as RoutingTable from "./RoutingTable.js"

/**
 * A two-way linkage decision (双向联动) for a dispute:
 * - `Divert` (分流化解): an ordinary dispute goes out to the department that owns its
 *   category;
 * - `Book` (预约进中心): an ordinary dispute is booked into the center, to the committee
 *   of its type (the joint committee for a cross-type dispute) — when the parties ask for
 *   the center, or no department owns the category;
 * - `Transfer` (移送中心调解): a major dispute is transferred into the center, to the joint
 *   committee.
 *
 * @example
 * import type { Linkage } from "@gridgov/core"
 * const tag: Linkage.Linkage["_tag"] = "Divert"
 *
 * @category linkage
 * @since 0.1.0
 */
export type Linkage =
  | {
      readonly _tag: "Divert"
      readonly to: string
      readonly owner: RoutingTable.Assignment
      readonly because: { readonly "zh-CN": string; readonly en: string }
    }
  | {
      readonly _tag: "Book"
      readonly to: string
      readonly committee: RoutingTable.Assignment | undefined
      readonly reason: "requested" | "noOwner"
      readonly because: { readonly "zh-CN": string; readonly en: string }
    }
  | {
      readonly _tag: "Transfer"
      readonly to: string
      readonly because: { readonly "zh-CN": string; readonly en: string }
    }

/**
 * Decides the two-way linkage of a dispute with the departments outside the center
 * (see {@link Linkage}). `prefer: "center"` records that the parties asked to be
 * mediated at the center. Minor disputes are treated like ordinary ones.
 *
 * @example
 * import { Linkage, Routing } from "@gridgov/core"
 * import { Yumen } from "@gridgov/testing"
 * import { Result } from "effect"
 * const router = Result.getOrThrow(Routing.compile(Yumen.routing))
 * const labor = Linkage.decide(router, { kind: "dispute", category: "dispute.labor", severity: "ordinary" })
 * Result.map(labor, (l) => [l._tag, l.to]) // Result.succeed(["Divert", "dept.hrss"])
 *
 * @category linkage
 * @since 0.1.0
 */
export const decide = (
  router: Routing.Router,
  request: {
    readonly kind: CaseKind.Kind
    readonly category: string
    readonly severity: CaseKind.Severity
    readonly prefer?: "center" | "department"
  }
): Result.Result<Linkage, NotLinkable> =>
  request.kind === "dispute"
    ? Result.succeed(ladder.link(router.table, request))
    : Result.fail(new NotLinkable({ kind: request.kind }))

/**
 * Two-way linkage asked for a case that is not a dispute.
 *
 * @example
 * import { Linkage, Routing } from "@gridgov/core"
 * import { Yumen } from "@gridgov/testing"
 * import { Result } from "effect"
 * const router = Result.getOrThrow(Routing.compile(Yumen.routing))
 * Result.isFailure(Linkage.decide(router, { kind: "petition", category: "petition", severity: "ordinary" })) // true
 *
 * @category errors
 * @since 0.1.0
 */
export class NotLinkable extends Schema.TaggedError<NotLinkable>()("NotLinkable", { kind: CaseKind.Kind }) {}
