/**
 * Routing tables as data: the rules (kind, category, severity, complexity, channel
 * and place → a level of the place's grid path or a unit), the backstop unit, the
 * escalation ladder beyond the town, the owner departments by category (属主) and the
 * mediation committees by dispute type. A table is kept in JSON or YAML, decoded with
 * {@link decode}, and compiled into a router with `Routing.compile`.
 *
 * See docs/explanation/routing.md.
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import * as CaseKind from "./CaseKind.js"
import * as Category from "./Category.js"
import { Problem, problemsOf, renderProblems } from "./internal/categoryIssues.js"
import * as index from "./internal/routingIndex.js"

/**
 * What a rule routes by: `owner` (属主: the unit responsible for the matter) or
 * `locality` (属地: the place's own grid). A rule's basis defaults from its target:
 * a unit is `owner`, a grid level is `locality`.
 *
 * @example
 * import { RoutingTable } from "@gridgov/core"
 * RoutingTable.Basis.literals // ["owner", "locality"]
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
 * import { RoutingTable } from "@gridgov/core"
 * RoutingTable.Strategy.literals // ["ownerFirst", "localityFirst"]
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
 * import { RoutingTable } from "@gridgov/core"
 * import { Schema } from "effect"
 * Schema.is(RoutingTable.UnitId)("committee.water") // true
 * Schema.is(RoutingTable.UnitId)("water committee") // false
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
 * import { RoutingTable } from "@gridgov/core"
 * import { Schema } from "effect"
 * Schema.is(RoutingTable.DepartmentId)("dept.hrss") // true
 * Schema.is(RoutingTable.DepartmentId)("center.grid") // false
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
 * import { RoutingTable } from "@gridgov/core"
 * import { Schema } from "effect"
 * Schema.is(RoutingTable.CenterUnitId)("center.mediation") // true
 * Schema.is(RoutingTable.CenterUnitId)("dept.court") // false
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
 * import { RoutingTable } from "@gridgov/core"
 * import { Schema } from "effect"
 * Schema.is(RoutingTable.GridCode)("620981101") // true
 *
 * @category vocabulary
 * @since 0.1.0
 */
export const GridCode = Schema.String.check(
  Schema.isPattern(/^[0-9A-Za-z][0-9A-Za-z_-]*$/, { message: "Expected a grid code (letters, digits, _ and -)" })
)

/**
 * Where a rule sends a case: `{ level: n }`, the grid at level `n` of the place's path
 * (level 2 is the place's village), or `{ unit: id }`, a unit.
 *
 * @example
 * import { RoutingTable } from "@gridgov/core"
 * import { Schema } from "effect"
 * Schema.decodeUnknownSync(RoutingTable.Target)({ level: 2 })
 * Schema.decodeUnknownSync(RoutingTable.Target)({ unit: "committee.water" })
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
 * import { RoutingTable } from "@gridgov/core"
 * import { Schema } from "effect"
 * Schema.decodeUnknownSync(RoutingTable.Rule)({
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
  kind: Schema.optionalKey(Schema.Union([CaseKind.Kind, Schema.NonEmptyArray(CaseKind.Kind)])),
  category: Schema.optionalKey(Category.Code),
  severity: Schema.optionalKey(Schema.Union([CaseKind.Severity, Schema.NonEmptyArray(CaseKind.Severity)])),
  complexity: Schema.optionalKey(Schema.Union([CaseKind.Track, Schema.NonEmptyArray(CaseKind.Track)])),
  channel: Schema.optionalKey(Schema.Union([CaseKind.Channel, Schema.NonEmptyArray(CaseKind.Channel)])),
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
 * import { Yumen } from "@gridgov/testing"
 * Yumen.routing.ladder.center.dispute // "center.mediation"
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
 * import { Yumen } from "@gridgov/testing"
 * Yumen.routing.owners.find((o) => o.category === "dispute.labor")?.unit // "dept.hrss"
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
 * import { Yumen } from "@gridgov/testing"
 * Yumen.routing.backstop // "center.grid"
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
 * A routing table that failed decoding or validation, with every problem and its path
 * (`["rules", 3, "category"]`).
 *
 * @example
 * import { RoutingTable } from "@gridgov/core"
 * import { Result } from "effect"
 * const result = RoutingTable.decode({ rules: [] })
 * if (Result.isFailure(result)) console.log(result.failure.problems.map((p) => p.path.join(".")))
 *
 * @category errors
 * @since 0.1.0
 */
export class Invalid extends Schema.TaggedError<Invalid>()("TableError", {
  problems: Schema.Array(Problem)
}) {
  override get message(): string {
    return `Invalid routing table:\n${renderProblems(this.problems)}`
  }
}

const decodeTable = Schema.decodeUnknownResult(Table, { errors: "all" })

/**
 * Decodes a routing table from unknown data (parsed JSON or YAML), reporting every
 * problem with its path: malformed fields, and duplicate rule ids.
 *
 * @example
 * import { RoutingTable } from "@gridgov/core"
 * import { Yumen } from "@gridgov/testing"
 * import { Result } from "effect"
 * const table = RoutingTable.decode(JSON.parse(JSON.stringify(Yumen.routing)))
 * Result.isSuccess(table) // true
 *
 * @category constructors
 * @since 0.1.0
 */
export const decode = (input: unknown): Result.Result<Table, Invalid> => {
  const decoded = decodeTable(input)
  if (Result.isFailure(decoded)) return Result.fail(new Invalid({ problems: problemsOf(decoded.failure.issue) }))
  const problems = index.duplicateIds(decoded.success)
  return problems.length > 0 ? Result.fail(new Invalid({ problems })) : Result.succeed(decoded.success)
}
