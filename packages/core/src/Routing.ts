/**
 * Routing: which grid level, department, mediation committee or window takes a case,
 * from its kind, category, severity, complexity, channel and place, with an
 * explanation of every decision.
 *
 * Rules are data ({@link Table}), decoded with {@link decode} from JSON or YAML,
 * compiled once with {@link compile} into an index, and then asked with {@link route}
 * (the hot path: no allocation beyond the decision, cost independent of the rule count)
 * or {@link explain} (the full explanation: every rule, met, outranked or rejected).
 * {@link escalate} climbs the ladder 小事不出格、大事不出村、难事不出镇, and {@link link}
 * decides the two-way linkage with departments (分流化解 / 预约进中心 / 移送中心调解).
 *
 * See docs/explanation/routing.md.
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import * as CaseKind from "./CaseKind.js"
import * as Category from "./Category.js"
import type { State as CaseState } from "./internal/caseState.js"
import { Problem, problemsOf, renderProblems } from "./internal/categoryIssues.js"
import * as index from "./internal/routingIndex.js"
import * as ladder from "./internal/routingLadder.js"
import * as scan from "./internal/routingScan.js"
import { yumenTable } from "./internal/routingYumen.js"

// ---------------------------------------------------------------------------
// vocabulary
// ---------------------------------------------------------------------------

/**
 * The kinds of case (`CaseKind.Kind`, re-exported: one vocabulary for cases and routing).
 *
 * @example
 * import { Routing } from "@gridgov/core"
 * Routing.Kind.literals // ["event", "dispute", "petition", "prelitigation", "hotline"]
 *
 * @category vocabulary
 * @since 0.1.0
 */
export const Kind = CaseKind.Kind

/**
 * @category vocabulary
 * @since 0.1.0
 */
export type Kind = CaseKind.Kind

/**
 * How serious a case is (`CaseKind.Severity`): `minor` (小事), `ordinary` (一般),
 * `major` (重大).
 *
 * @example
 * import { Routing } from "@gridgov/core"
 * Routing.Severity.literals // ["minor", "ordinary", "major"]
 *
 * @category vocabulary
 * @since 0.1.0
 */
export const Severity = CaseKind.Severity

/**
 * @category vocabulary
 * @since 0.1.0
 */
export type Severity = CaseKind.Severity

/**
 * How hard a case is to settle: `simple` or `complex` (繁简分流), the case's track
 * (`CaseKind.Track`).
 *
 * @example
 * import { Routing } from "@gridgov/core"
 * Routing.Complexity.literals // ["simple", "complex"]
 *
 * @category vocabulary
 * @since 0.1.0
 */
export const Complexity = CaseKind.Track

/**
 * @category vocabulary
 * @since 0.1.0
 */
export type Complexity = CaseKind.Track

/**
 * Where a case came in (`CaseKind.Channel`): a grid worker's app, the public (爆料),
 * the 12345 hotline, a department, smart city management, the 110 police command
 * center, a walk-in at the center, a letter, online, the court, or the
 * non-public-economy appeals channel.
 *
 * @example
 * import { Routing } from "@gridgov/core"
 * Routing.Channel.literals.includes("hotline") // true
 *
 * @category vocabulary
 * @since 0.1.0
 */
export const Channel = CaseKind.Channel

/**
 * @category vocabulary
 * @since 0.1.0
 */
export type Channel = CaseKind.Channel

/**
 * What a rule routes by: `owner` (属主: the unit responsible for the matter) or
 * `locality` (属地: the place's own grid). A rule's basis defaults from its target:
 * a unit is `owner`, a grid level is `locality`.
 *
 * @example
 * import { Routing } from "@gridgov/core"
 * Routing.Basis.literals // ["owner", "locality"]
 *
 * @category vocabulary
 * @since 0.1.0
 */
export const Basis = Schema.Literals(["owner", "locality"])

/**
 * @category vocabulary
 * @since 0.1.0
 */
export type Basis = typeof Basis.Type

/**
 * The strategy for a category: components go to their owner first (部件先属主后属地),
 * events to their place first (事件先属地后属主).
 *
 * @example
 * import { Routing } from "@gridgov/core"
 * Routing.Strategy.literals // ["ownerFirst", "localityFirst"]
 *
 * @category vocabulary
 * @since 0.1.0
 */
export const Strategy = Schema.Literals(["ownerFirst", "localityFirst"])

/**
 * @category vocabulary
 * @since 0.1.0
 */
export type Strategy = typeof Strategy.Type

/**
 * A unit beyond the grid tree: the center and its sub-centers (`center`,
 * `center.mediation`…), mediation committees (`committee.water`…), chief-mediator
 * studios (`studio.1`…), windows (`window.petition`…) and departments (`dept.court`…).
 *
 * @example
 * import { Routing } from "@gridgov/core"
 * import { Schema } from "effect"
 * Schema.is(Routing.UnitId)("committee.water") // true
 * Schema.is(Routing.UnitId)("water committee") // false
 *
 * @category vocabulary
 * @since 0.1.0
 */
export const UnitId = Schema.String.check(
  Schema.isPattern(
    /^(?:center(?:\.[a-z][a-z0-9-]*)?|committee\.[a-z][a-z0-9-]*|studio\.[a-z0-9][a-z0-9-]*|window\.[a-z][a-z0-9-]*|dept\.[a-z][a-z0-9-]*)$/,
    { message: "Expected a unit id: center, center.<name>, committee.<name>, studio.<n>, window.<name> or dept.<name>" }
  )
)

/**
 * @category vocabulary
 * @since 0.1.0
 */
export type UnitId = typeof UnitId.Type

/**
 * A department (`dept.<name>`): the top of the escalation ladder and the target of a
 * diversion.
 *
 * @example
 * import { Routing } from "@gridgov/core"
 * import { Schema } from "effect"
 * Schema.is(Routing.DepartmentId)("dept.hrss") // true
 * Schema.is(Routing.DepartmentId)("center.grid") // false
 *
 * @category vocabulary
 * @since 0.1.0
 */
export const DepartmentId = Schema.String.check(
  Schema.isPattern(/^dept\.[a-z][a-z0-9-]*$/, { message: "Expected a department id: dept.<name>" })
)

/**
 * A unit of the center tier (the center, a sub-center, a committee, a studio or a
 * window): not a department.
 *
 * @example
 * import { Routing } from "@gridgov/core"
 * import { Schema } from "effect"
 * Schema.is(Routing.CenterUnitId)("center.mediation") // true
 * Schema.is(Routing.CenterUnitId)("dept.court") // false
 *
 * @category vocabulary
 * @since 0.1.0
 */
export const CenterUnitId = Schema.String.check(
  Schema.isPattern(
    /^(?:center(?:\.[a-z][a-z0-9-]*)?|committee\.[a-z][a-z0-9-]*|studio\.[a-z0-9][a-z0-9-]*|window\.[a-z][a-z0-9-]*)$/,
    { message: "Expected a unit of the center: center, center.<name>, committee.<name>, studio.<n> or window.<name>" }
  )
)

/**
 * A grid code (administrative division code plus grid suffixes, e.g. `620981101201`).
 *
 * @example
 * import { Routing } from "@gridgov/core"
 * import { Schema } from "effect"
 * Schema.is(Routing.GridCode)("620981101") // true
 *
 * @category vocabulary
 * @since 0.1.0
 */
export const GridCode = Schema.String.check(
  Schema.isPattern(/^[0-9A-Za-z][0-9A-Za-z_-]*$/, { message: "Expected a grid code (letters, digits, _ and -)" })
)

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

// ---------------------------------------------------------------------------
// rules
// ---------------------------------------------------------------------------

/**
 * Where a rule sends a case: `{ level: n }`, the grid at level `n` of the place's path
 * (level 2 is the place's village), or `{ unit: id }`, a unit.
 *
 * @example
 * import { Routing } from "@gridgov/core"
 * import { Schema } from "effect"
 * Schema.decodeUnknownSync(Routing.Target)({ level: 2 })
 * Schema.decodeUnknownSync(Routing.Target)({ unit: "committee.water" })
 *
 * @category rules
 * @since 0.1.0
 */
export const Target = Schema.Union([
  Schema.Struct({ level: Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 15 })) }),
  Schema.Struct({ unit: UnitId })
])

/**
 * @category rules
 * @since 0.1.0
 */
export type Target = typeof Target.Type

/**
 * One routing rule. Every condition is optional; a rule matches a case when every
 * condition it has holds:
 * - `kind`, `severity`, `complexity`, `channel`: one value or a non-empty list of values;
 * - `category`: a prefix on segment boundaries (`dispute` matches `dispute.water`);
 * - `grid`: a grid code on the place's path (the place is in that grid's subtree);
 * - a `{ level }` target also needs the place to reach that level.
 *
 * `priority` (default 0, higher wins) ranks matching rules first, then the strategy of
 * the category, then specificity, then the id. `basis` overrides the basis derived from
 * the target. `note` is free text for people.
 *
 * @example
 * import { Routing } from "@gridgov/core"
 * import { Schema } from "effect"
 * Schema.decodeUnknownSync(Routing.Rule)({
 *   id: "water.walk-in",
 *   kind: "dispute",
 *   category: "dispute.water",
 *   channel: ["walkIn", "department"],
 *   target: { unit: "committee.water" }
 * })
 *
 * @category rules
 * @since 0.1.0
 */
export const Rule = Schema.Struct({
  id: Schema.String.check(
    Schema.isPattern(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, {
      message: "Expected a rule id (letters, digits and . _ : / -)"
    })
  ),
  priority: Schema.optionalKey(Schema.Int),
  kind: Schema.optionalKey(Schema.Union([Kind, Schema.NonEmptyArray(Kind)])),
  category: Schema.optionalKey(Category.Code),
  severity: Schema.optionalKey(Schema.Union([Severity, Schema.NonEmptyArray(Severity)])),
  complexity: Schema.optionalKey(Schema.Union([Complexity, Schema.NonEmptyArray(Complexity)])),
  channel: Schema.optionalKey(Schema.Union([Channel, Schema.NonEmptyArray(Channel)])),
  grid: Schema.optionalKey(GridCode),
  target: Target,
  basis: Schema.optionalKey(Basis),
  note: Schema.optionalKey(Schema.String)
})

/**
 * @category rules
 * @since 0.1.0
 */
export type Rule = typeof Rule.Type

const PerKind = <S extends Schema.Top>(value: S) =>
  Schema.Struct({ event: value, dispute: value, petition: value, prelitigation: value, hotline: value })

/**
 * The escalation ladder beyond the town: the center's sub-center for each kind, and the
 * top for each kind (a department, or `"owner"`: the owner department of the case's
 * category from {@link Table}'s `owners`, else `ownerFallback`).
 *
 * @example
 * import { Routing } from "@gridgov/core"
 * Routing.yumen.ladder.center.dispute // "center.mediation"
 *
 * @category rules
 * @since 0.1.0
 */
export const Ladder = Schema.Struct({
  center: PerKind(CenterUnitId),
  top: PerKind(Schema.Union([DepartmentId, Schema.Literal("owner")])),
  ownerFallback: DepartmentId
})

/**
 * @category rules
 * @since 0.1.0
 */
export type Ladder = typeof Ladder.Type

/**
 * A category prefix assigned to a unit (departments by category, committees by dispute
 * type). The longest matching prefix wins.
 *
 * @example
 * import { Routing } from "@gridgov/core"
 * Routing.yumen.owners.find((o) => o.category === "dispute.labor")?.unit // "dept.hrss"
 *
 * @category rules
 * @since 0.1.0
 */
export const Assignment = Schema.Struct({ category: Category.Code, unit: UnitId })

/**
 * @category rules
 * @since 0.1.0
 */
export type Assignment = typeof Assignment.Type

/**
 * A routing table: the rules, the backstop unit that takes what no rule matches, the
 * escalation ladder, the owner departments by category (属主), the mediation committees
 * by dispute type and the joint committee (联合调解委员会) for cross-type and major
 * disputes.
 *
 * @example
 * import { Routing } from "@gridgov/core"
 * Routing.yumen.backstop // "center.grid"
 *
 * @category rules
 * @since 0.1.0
 */
export const Table = Schema.Struct({
  rules: Schema.Array(Rule),
  backstop: UnitId,
  ladder: Ladder,
  owners: Schema.Array(Schema.Struct({ category: Category.Code, unit: DepartmentId })),
  committees: Schema.Array(Schema.Struct({ category: Category.Code, unit: CenterUnitId })),
  jointCommittee: CenterUnitId
})

/**
 * @category rules
 * @since 0.1.0
 */
export type Table = typeof Table.Type

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
  kind: Kind,
  category: Category.Code,
  severity: Schema.optionalKey(Severity),
  complexity: Schema.optionalKey(Complexity),
  channel: Schema.optionalKey(Channel),
  place: Schema.Array(GridCode)
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
 * import { Result } from "effect"
 * const opened = Case.evolve(Case.initialState, {
 *   _tag: "Opened", v: 1, at: 0, actor: { id: "w1", role: "gridWorker" }, kind: "dispute", id: "c1",
 *   category: "dispute.water", place: "620981101201", channel: "app", severity: "ordinary"
 * })
 * const router = Result.getOrThrow(Routing.compile(Routing.yumen))
 * const input = Result.getOrThrow(Routing.inputOf(opened, ["620981", "620981101", "620981101201"]))
 * Routing.route(router, input).target // { _tag: "Grid", level: 2, grid: "620981101201" }
 *
 * @category rules
 * @since 0.1.0
 */
export const inputOf = (state: CaseState, place: Place): Result.Result<Input, NotOpened> => {
  if (state.kind === null) return Result.fail(new NotOpened())
  const input: {
    kind: Kind
    category: string
    severity: Severity
    place: Place
    complexity?: Complexity
    channel?: Channel
  } = { kind: state.kind, category: state.category, severity: state.severity, place }
  if (state.track !== null) input.complexity = state.track
  if (state.channel !== null) input.channel = state.channel
  return Result.succeed(input)
}

// ---------------------------------------------------------------------------
// decisions
// ---------------------------------------------------------------------------

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
  Schema.TaggedStruct("Grid", { level: Schema.Int, grid: GridCode }),
  Schema.TaggedStruct("Unit", { unit: UnitId })
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
 * import { Result } from "effect"
 * const router = Result.getOrThrow(Routing.compile(Routing.yumen))
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
  readonly basis: Basis
  readonly strategy: Strategy
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
 * import { Result } from "effect"
 * const router = Result.getOrThrow(Routing.compile(Routing.yumen))
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
  readonly winner: { readonly rule: Rule; readonly met: ReadonlyArray<Met> } | undefined
  readonly outranked: ReadonlyArray<{ readonly rule: string; readonly by: string; readonly criterion: Criterion }>
  readonly rejected: ReadonlyArray<{ readonly rule: string; readonly failed: ReadonlyArray<Failed> }>
}

/**
 * A compiled routing table: the table, the taxonomy it was checked against, and the
 * index that {@link route} uses. Build it once with {@link compile} and share it.
 *
 * @example
 * import { Routing } from "@gridgov/core"
 * import { Result } from "effect"
 * const router = Result.getOrThrow(Routing.compile(Routing.yumen))
 * router.table.rules.length > 0 // true
 *
 * @category models
 * @since 0.1.0
 */
export interface Router {
  readonly table: Table
  readonly taxonomy: Category.Taxonomy
}

// ---------------------------------------------------------------------------
// errors
// ---------------------------------------------------------------------------

/**
 * A routing table that failed decoding or validation, with every problem and its path
 * (`["rules", 3, "category"]`).
 *
 * @example
 * import { Routing } from "@gridgov/core"
 * import { Result } from "effect"
 * const result = Routing.decode({ rules: [] })
 * if (Result.isFailure(result)) console.log(result.failure.problems.map((p) => p.path.join(".")))
 *
 * @category errors
 * @since 0.1.0
 */
export class TableError extends Schema.TaggedError<TableError>()("TableError", {
  problems: Schema.Array(Problem)
}) {
  override get message(): string {
    return `Invalid routing table:\n${renderProblems(this.problems)}`
  }
}

/**
 * An escalation from the top of the ladder: a department has no one above it.
 *
 * @example
 * import { Routing } from "@gridgov/core"
 * import { Result } from "effect"
 * const router = Result.getOrThrow(Routing.compile(Routing.yumen))
 * const top = Routing.escalate(router, { _tag: "Unit", unit: "dept.court" }, {
 *   kind: "dispute",
 *   category: "dispute.water",
 *   place: ["620981"]
 * })
 * Result.isFailure(top) // true
 *
 * @category errors
 * @since 0.1.0
 */
export class LadderTop extends Schema.TaggedError<LadderTop>()("LadderTop", { from: Handler }) {}

/**
 * An escalation from a grid that is not on the place's path at the level it claims.
 *
 * @example
 * import { Routing } from "@gridgov/core"
 * import { Result } from "effect"
 * const router = Result.getOrThrow(Routing.compile(Routing.yumen))
 * const r = Routing.escalate(router, { _tag: "Grid", level: 2, grid: "999" }, {
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
  from: Handler,
  place: Schema.Array(GridCode)
}) {}

/**
 * Two-way linkage asked for a case that is not a dispute.
 *
 * @example
 * import { Routing } from "@gridgov/core"
 * import { Result } from "effect"
 * const router = Result.getOrThrow(Routing.compile(Routing.yumen))
 * Result.isFailure(Routing.link(router, { kind: "petition", category: "petition", severity: "ordinary" })) // true
 *
 * @category errors
 * @since 0.1.0
 */
export class NotLinkable extends Schema.TaggedError<NotLinkable>()("NotLinkable", { kind: Kind }) {}

// ---------------------------------------------------------------------------
// building a router
// ---------------------------------------------------------------------------

const decodeTable = Schema.decodeUnknownResult(Table, { errors: "all" })

/**
 * Decodes a routing table from unknown data (parsed JSON or YAML), reporting every
 * problem with its path: malformed fields, and duplicate rule ids.
 *
 * @example
 * import { Routing } from "@gridgov/core"
 * import { Result } from "effect"
 * const table = Routing.decode(JSON.parse(JSON.stringify(Routing.yumen)))
 * Result.isSuccess(table) // true
 *
 * @category constructors
 * @since 0.1.0
 */
export const decode = (input: unknown): Result.Result<Table, TableError> => {
  const decoded = decodeTable(input)
  if (Result.isFailure(decoded)) return Result.fail(new TableError({ problems: problemsOf(decoded.failure.issue) }))
  const problems = index.duplicateIds(decoded.success)
  return problems.length > 0 ? Result.fail(new TableError({ problems })) : Result.succeed(decoded.success)
}

/**
 * Compiles a table into a {@link Router}. Checks what decoding cannot: unique rule ids,
 * and that every category named by a rule, an owner or a committee is in the taxonomy
 * (default {@link Category.defaults}), so a typo such as `dispute.watr` is an error, not a
 * rule that never matches.
 *
 * @example
 * import { Routing } from "@gridgov/core"
 * import { Result } from "effect"
 * const router = Routing.compile(Routing.yumen)
 * Result.isSuccess(router) // true
 *
 * @category constructors
 * @since 0.1.0
 */
export const compile = (
  table: Table,
  options: { readonly taxonomy?: Category.Taxonomy } = {}
): Result.Result<Router, TableError> => {
  const taxonomy = options.taxonomy ?? Category.defaults
  const problems = [...index.duplicateIds(table), ...index.unknownCategories(table, taxonomy)]
  return problems.length > 0
    ? Result.fail(new TableError({ problems }))
    : Result.succeed(index.compile(table, taxonomy))
}

// ---------------------------------------------------------------------------
// deciding
// ---------------------------------------------------------------------------

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
 * import { Result } from "effect"
 * const router = Result.getOrThrow(Routing.compile(Routing.yumen))
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
 * import { Result } from "effect"
 * const router = Result.getOrThrow(Routing.compile(Routing.yumen))
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

// ---------------------------------------------------------------------------
// escalation and linkage
// ---------------------------------------------------------------------------

/**
 * The tier of a handler on the escalation ladder: a grid at level `n` is `3 - n`
 * (block 0, village 1, town 2, city 3), units of the center (center, sub-centers,
 * committees, studios, windows) are 3, departments 4.
 *
 * @example
 * import { Routing } from "@gridgov/core"
 * Routing.tier({ _tag: "Grid", level: 3, grid: "620981101201001" }) // 0
 * Routing.tier({ _tag: "Unit", unit: "dept.court" }) // 4
 *
 * @category escalation
 * @since 0.1.0
 */
export const tier = (handler: Handler): number => ladder.tier(handler)

/**
 * One step of escalation: where from, where to, which step of the ladder, what in the
 * table decided it, and a sentence in zh-CN and en.
 *
 * @example
 * import type { Routing } from "@gridgov/core"
 * const step: Routing.Escalation["step"] = "up"
 *
 * @category escalation
 * @since 0.1.0
 */
export interface Escalation {
  readonly from: Handler
  readonly to: Handler
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
 * import { Routing } from "@gridgov/core"
 * import { Result } from "effect"
 * const router = Result.getOrThrow(Routing.compile(Routing.yumen))
 * const place = ["620981", "620981101", "620981101201", "620981101201001"]
 * const context = { kind: "dispute", category: "dispute.water", place } as const
 * const up = Routing.escalate(router, { _tag: "Grid", level: 1, grid: "620981101" }, context)
 * Result.map(up, (e) => e.to) // Result.succeed({ _tag: "Unit", unit: "center.mediation" })
 *
 * @category escalation
 * @since 0.1.0
 */
export const escalate = (
  router: Router,
  from: Handler,
  context: { readonly kind: Kind; readonly category: string; readonly place: Place }
): Result.Result<Escalation, LadderTop | NotOnPath> =>
  ladder.escalate(router.table, from, context, {
    top: () => new LadderTop({ from }),
    notOnPath: () => new NotOnPath({ from, place: context.place })
  })

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
 * import type { Routing } from "@gridgov/core"
 * const tag: Routing.Linkage["_tag"] = "Divert"
 *
 * @category linkage
 * @since 0.1.0
 */
export type Linkage =
  | {
      readonly _tag: "Divert"
      readonly to: string
      readonly owner: Assignment
      readonly because: { readonly "zh-CN": string; readonly en: string }
    }
  | {
      readonly _tag: "Book"
      readonly to: string
      readonly committee: Assignment | undefined
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
 * import { Routing } from "@gridgov/core"
 * import { Result } from "effect"
 * const router = Result.getOrThrow(Routing.compile(Routing.yumen))
 * const labor = Routing.link(router, { kind: "dispute", category: "dispute.labor", severity: "ordinary" })
 * Result.map(labor, (l) => [l._tag, l.to]) // Result.succeed(["Divert", "dept.hrss"])
 *
 * @category linkage
 * @since 0.1.0
 */
export const link = (
  router: Router,
  request: {
    readonly kind: Kind
    readonly category: string
    readonly severity: Severity
    readonly prefer?: "center" | "department"
  }
): Result.Result<Linkage, NotLinkable> =>
  request.kind === "dispute"
    ? Result.succeed(ladder.link(router.table, request))
    : Result.fail(new NotLinkable({ kind: request.kind }))

// ---------------------------------------------------------------------------
// defaults
// ---------------------------------------------------------------------------

/**
 * The default table for Yumen's "one center, one network": events by severity to the
 * block, village or town and components to their owner departments; disputes by the
 * ladder, major ones to the joint committee, walk-ins and department referrals to the
 * committee of their type (8 committees); labor cases to labor arbitration first;
 * petitions to visitor reception, the petition window and the leaders' duty window;
 * pre-litigation cases to the court's docking center; hotline tickets by type; the grid
 * management center as backstop. Read it as an example to copy, not as law.
 *
 * @example
 * import { Routing } from "@gridgov/core"
 * Routing.yumen.committees.map((c) => c.unit).includes("committee.water") // true
 *
 * @category defaults
 * @since 0.1.0
 */
export const yumen: Table = Result.getOrThrow(decode(yumenTable))
