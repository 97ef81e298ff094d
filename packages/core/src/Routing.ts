/**
 * Routing: which grid level, department, mediation committee or window takes a case,
 * from its kind, category, severity, complexity, channel and place, with an
 * explanation of every decision.
 *
 * A routing table (`RoutingTable`) is compiled once with {@link compile} into an index,
 * and then asked with {@link route} (the hot path: no allocation beyond the decision,
 * cost independent of the rule count) or {@link explain} (the full explanation: every
 * rule, met, outranked or rejected). Climbing the ladder is `Escalation`; the two-way
 * linkage of disputes with departments is `Linkage`.
 *
 * See docs/explanation/routing.md.
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import * as CaseKind from "./CaseKind.js"
import * as Category from "./Category.js"
import type { State as CaseState } from "./internal/caseState.js"
import * as index from "./internal/routingIndex.js"
import * as scan from "./internal/routingScan.js"
import * as RoutingTable from "./RoutingTable.js"

/**
 * The place of a case: the grid codes from the root to its grid, index = level
 * (0 city, 1 town/street/park, 2 village/community, 3 block), as the grid tree gives it.
 *
 * @example
 * import type { Routing } from "@gridgov/core"
 * const place: Routing.Place = ["620981", "620981101", "620981101201", "620981101201001"]
 *
 * @category vocabulary
 * @since 0.1.0
 */
export type Place = ReadonlyArray<string>

/**
 * The facts about a case that routing looks at. `place` is the grid path of the case.
 * A missing `severity`, `complexity` or `channel` matches only rules without that
 * condition.
 *
 * @example
 * import type { Routing } from "@gridgov/core"
 * const input: Routing.Input = {
 *   kind: "dispute",
 *   category: "dispute.water",
 *   severity: "ordinary",
 *   channel: "app",
 *   place: ["620981", "620981101", "620981101201"]
 * }
 *
 * @category rules
 * @since 0.1.0
 */
export const Input = Schema.Struct({
  kind: CaseKind.Kind,
  category: Category.Code,
  severity: Schema.optionalKey(CaseKind.Severity),
  complexity: Schema.optionalKey(CaseKind.Track),
  channel: Schema.optionalKey(CaseKind.Channel),
  place: Schema.Array(RoutingTable.GridCode)
})

/**
 * @category rules
 * @since 0.1.0
 */
export type Input = typeof Input.Type

/**
 * A routing input asked for a case that has not been opened (no kind, no category).
 *
 * @example
 * import { Case, Routing } from "@gridgov/core"
 * import { Result } from "effect"
 * Result.isFailure(Routing.inputOf(Case.initialState, ["620981"])) // true
 *
 * @category errors
 * @since 0.1.0
 */
export class NotOpened extends Schema.TaggedError<NotOpened>()("RoutingNotOpened", {}) {
  override get message(): string {
    return "A case that has not been opened cannot be routed"
  }
}

/**
 * The routing input of a case, straight from its state: kind, category, severity,
 * track (as `complexity`, when the case has one), channel, and the place's grid path
 * (`Grid.path(tree, Grid.id(tree, state.place))`).
 *
 * @example
 * import { Case, Routing } from "@gridgov/core"
 * import { Yumen } from "@gridgov/testing"
 * import { Result } from "effect"
 * const opened = Case.evolve(Case.initialState, {
 *   _tag: "Opened", v: 1, at: 0, actor: { id: "w1", role: "gridWorker" }, kind: "dispute", id: "c1",
 *   category: "dispute.water", place: "620981101201", channel: "app", severity: "ordinary"
 * })
 * const router = Result.getOrThrow(Routing.compile(Yumen.routing))
 * const input = Result.getOrThrow(Routing.inputOf(opened, ["620981", "620981101", "620981101201"]))
 * Routing.route(router, input).target // { _tag: "Grid", level: 2, grid: "620981101201" }
 *
 * @category rules
 * @since 0.1.0
 */
export const inputOf = (state: CaseState, place: Place): Result.Result<Input, NotOpened> => {
  if (state.kind === null) return Result.fail(new NotOpened())
  const input: {
    kind: CaseKind.Kind
    category: string
    severity: CaseKind.Severity
    place: Place
    complexity?: CaseKind.Track
    channel?: CaseKind.Channel
  } = { kind: state.kind, category: state.category, severity: state.severity, place }
  if (state.track !== null) input.complexity = state.track
  if (state.channel !== null) input.channel = state.channel
  return Result.succeed(input)
}

/**
 * Who handles a case: a grid of the place's path (`Grid`, with its level) or a unit.
 *
 * @example
 * import type { Routing } from "@gridgov/core"
 * const village: Routing.Handler = { _tag: "Grid", level: 2, grid: "620981101201" }
 * const committee: Routing.Handler = { _tag: "Unit", unit: "committee.water" }
 *
 * @category decisions
 * @since 0.1.0
 */
export const Handler = Schema.Union([
  Schema.TaggedStruct("Grid", { level: Schema.Int, grid: RoutingTable.GridCode }),
  Schema.TaggedStruct("Unit", { unit: RoutingTable.UnitId })
])

/**
 * @category decisions
 * @since 0.1.0
 */
export type Handler = typeof Handler.Type

/**
 * What {@link route} returns: the handler, the id of the rule that chose it
 * (`undefined` when the backstop answered), the basis of that rule and the strategy of
 * the case's category. {@link explain} gives the reasons.
 *
 * @example
 * import { Routing } from "@gridgov/core"
 * import { Yumen } from "@gridgov/testing"
 * import { Result } from "effect"
 * const router = Result.getOrThrow(Routing.compile(Yumen.routing))
 * const decision = Routing.route(router, {
 *   kind: "event",
 *   category: "event.facility.streetlight",
 *   severity: "ordinary",
 *   place: ["620981", "620981101", "620981101201"]
 * })
 * decision.target // { _tag: "Unit", unit: "dept.urban-management" }
 * decision.strategy // "ownerFirst"
 *
 * @category decisions
 * @since 0.1.0
 */
export interface Decision {
  readonly target: Handler
  readonly rule: string | undefined
  readonly backstop: boolean
  readonly basis: RoutingTable.Basis
  readonly strategy: RoutingTable.Strategy
}

/**
 * A condition of a rule. `level` is the implicit condition of a `{ level }` target:
 * the place reaches that level.
 *
 * @example
 * import type { Routing } from "@gridgov/core"
 * const c: Routing.Condition = "category"
 *
 * @category decisions
 * @since 0.1.0
 */
export type Condition = "kind" | "category" | "severity" | "complexity" | "channel" | "grid" | "level"

/**
 * A condition a rule met: what the rule asked for and what the case had.
 *
 * @example
 * import type { Routing } from "@gridgov/core"
 * const met: Routing.Met = { condition: "category", expected: ["dispute"], actual: "dispute.water" }
 *
 * @category decisions
 * @since 0.1.0
 */
export interface Met {
  readonly condition: Condition
  readonly expected: ReadonlyArray<string>
  readonly actual: string
}

/**
 * A condition a rule failed: what it asked for and what the case had (`undefined` when
 * the case did not say, e.g. no severity).
 *
 * @example
 * import type { Routing } from "@gridgov/core"
 * const failed: Routing.Failed = { condition: "severity", expected: ["major"], actual: "minor" }
 *
 * @category decisions
 * @since 0.1.0
 */
export interface Failed {
  readonly condition: Condition
  readonly expected: ReadonlyArray<string>
  readonly actual: string | undefined
}

/**
 * Why a matching rule lost to the winner: the first criterion of the precedence on
 * which they differ (`priority`, `strategy`, then specificity `category`, `grid`,
 * `conditions`, then `id`).
 *
 * @example
 * import type { Routing } from "@gridgov/core"
 * const c: Routing.Criterion = "strategy"
 *
 * @category decisions
 * @since 0.1.0
 */
export type Criterion = "priority" | "strategy" | "category" | "grid" | "conditions" | "id"

/**
 * The full explanation of a decision: the winner and the conditions it met, every other
 * matching rule and the criterion by which the winner outranked it, and every rule that
 * did not match with the conditions it failed (in table order).
 *
 * @example
 * import { Routing } from "@gridgov/core"
 * import { Yumen } from "@gridgov/testing"
 * import { Result } from "effect"
 * const router = Result.getOrThrow(Routing.compile(Yumen.routing))
 * const why = Routing.explain(router, {
 *   kind: "event",
 *   category: "event.sanitation.garbage",
 *   severity: "ordinary",
 *   place: ["620981", "620981101", "620981101201"]
 * })
 * why.winner?.rule.id // "event.village"
 * why.outranked.find((o) => o.rule === "owner.event.sanitation")?.criterion // "strategy"
 *
 * @category decisions
 * @since 0.1.0
 */
export interface Explanation {
  readonly decision: Decision
  readonly categoryType: Category.Type
  readonly winner: { readonly rule: RoutingTable.Rule; readonly met: ReadonlyArray<Met> } | undefined
  readonly outranked: ReadonlyArray<{ readonly rule: string; readonly by: string; readonly criterion: Criterion }>
  readonly rejected: ReadonlyArray<{ readonly rule: string; readonly failed: ReadonlyArray<Failed> }>
}

/**
 * A compiled routing table: the table, the taxonomy it was checked against, and the
 * index that {@link route} uses. Build it once with {@link compile} and share it.
 *
 * @example
 * import { Routing } from "@gridgov/core"
 * import { Yumen } from "@gridgov/testing"
 * import { Result } from "effect"
 * const router = Result.getOrThrow(Routing.compile(Yumen.routing))
 * router.table.rules.length > 0 // true
 *
 * @category models
 * @since 0.1.0
 */
export interface Router {
  readonly table: RoutingTable.Table
  readonly taxonomy: Category.Taxonomy
}

/**
 * Compiles a table into a {@link Router}. Checks what decoding cannot: unique rule ids,
 * and that every category named by a rule, an owner or a committee is in the taxonomy
 * (default {@link Category.defaults}), so a typo such as `dispute.watr` is an error, not a
 * rule that never matches.
 *
 * @example
 * import { Routing } from "@gridgov/core"
 * import { Yumen } from "@gridgov/testing"
 * import { Result } from "effect"
 * const router = Routing.compile(Yumen.routing)
 * Result.isSuccess(router) // true
 *
 * @category constructors
 * @since 0.1.0
 */
export const compile = (
  table: RoutingTable.Table,
  options: { readonly taxonomy?: Category.Taxonomy } = {}
): Result.Result<Router, RoutingTable.Invalid> => {
  const taxonomy = options.taxonomy ?? Category.defaults
  const problems = [...index.duplicateIds(table), ...index.unknownCategories(table, taxonomy)]
  return problems.length > 0
    ? Result.fail(new RoutingTable.Invalid({ problems }))
    : Result.succeed(index.compile(table, taxonomy))
}

/**
 * Routes a case: the hot path. Looks up the rules bucketed under each grid of the
 * place's path, each prefix of the category and the kind (O(depth), independent of the
 * number of rules), keeps the best by precedence, and falls back to the backstop.
 * Returns a small {@link Decision}; call {@link explain} for the reasons.
 *
 * Precedence, highest first: `priority`; the strategy (for a component, an `owner` rule
 * beats a `locality` rule; for an event, the reverse); a longer category prefix; a deeper
 * grid; more conditions; the smaller rule id.
 *
 * @example
 * import { Routing } from "@gridgov/core"
 * import { Yumen } from "@gridgov/testing"
 * import { Result } from "effect"
 * const router = Result.getOrThrow(Routing.compile(Yumen.routing))
 * Routing.route(router, {
 *   kind: "dispute",
 *   category: "dispute.water",
 *   severity: "ordinary",
 *   channel: "walkIn",
 *   place: ["620981", "620981101", "620981101201"]
 * }).target // { _tag: "Unit", unit: "committee.water" }
 *
 * @category deciding
 * @since 0.1.0
 */
export const route = (router: Router, input: Input): Decision => index.route(router as index.Compiled, input)

/**
 * Explains a case's routing in full: evaluates every rule (O(rules), meant for people,
 * audits and tests, not the hot path) and returns the same decision as {@link route}
 * with the winner's met conditions, the outranked candidates and the rejected rules.
 *
 * @example
 * import { Routing } from "@gridgov/core"
 * import { Yumen } from "@gridgov/testing"
 * import { Result } from "effect"
 * const router = Result.getOrThrow(Routing.compile(Yumen.routing))
 * const why = Routing.explain(router, {
 *   kind: "dispute",
 *   category: "dispute.water",
 *   severity: "major",
 *   place: ["620981", "620981101"]
 * })
 * why.decision.target // { _tag: "Unit", unit: "committee.joint" }
 * why.winner?.met.map((m) => m.condition) // ["kind", "severity"]
 *
 * @category deciding
 * @since 0.1.0
 */
export const explain = (router: Router, input: Input): Explanation => scan.explain(router as index.Compiled, input)
