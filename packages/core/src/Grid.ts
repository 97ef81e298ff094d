/**
 * The grid tree (网格): a configurable level scheme (default: city → town/street/park →
 * village/community → villager group/compound), exclusive grids (专属网格) attached to
 * any grid, codes built on the administrative division code, interval numbering for
 * O(1) jurisdiction checks, changes as values, and optional GeoJSON boundaries.
 *
 * @since 0.1.0
 */
import { Schema, SchemaIssue } from "effect"
import * as Result from "effect/Result"
import { isLinearRing } from "./internal/geo.js"
import * as internal from "./internal/grid.js"
import * as change from "./internal/gridChange.js"
import type * as T from "./internal/gridTypes.js"

// ---------------------------------------------------------------------------
// Level schemes
// ---------------------------------------------------------------------------

/**
 * A label in the two catalogue languages (zh-CN and en).
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * import { Schema } from "effect"
 * Schema.decodeUnknownSync(Grid.Name)({ zh: "花海镇", en: "Huahai Town" })
 *
 * @category schemes
 * @since 0.1.0
 */
export const Name = Schema.Struct({ zh: Schema.NonEmptyString, en: Schema.NonEmptyString })

/**
 * @category schemes
 * @since 0.1.0
 */
export type Name = T.Name

/**
 * One kind of grid at a level (镇, 乡, 街道, 园区 …) and the inclusive range its code
 * suffix must fall in.
 *
 * @example
 * import type { Grid } from "@gridgov/core"
 * const town: Grid.Kind = { id: "town", name: { zh: "镇", en: "town" }, suffix: [100, 199] }
 *
 * @category schemes
 * @since 0.1.0
 */
export type Kind = T.Kind

/**
 * One level of a scheme: its id, names, the width of its code suffix and its kinds.
 * For the first (root) level, `width` is the length of the root code.
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * Grid.defaultScheme.levels.map((l) => l.id) // ["city", "town", "village", "block"]
 *
 * @category schemes
 * @since 0.1.0
 */
export type Level = T.Level

/**
 * A level scheme: levels from the root down, and how exclusive grids are coded.
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * Grid.defaultScheme.exclusive // { marker: "X", width: 3 }
 *
 * @category schemes
 * @since 0.1.0
 */
export type Scheme = T.Scheme

/**
 * The default scheme, following the national statistical division codes (统计用区划代码):
 * a 6-digit county-level code (Yumen: `620981`); a 3-digit township suffix (001–099
 * streets 街道, 100–199 towns 镇, 200–399 townships 乡 incl. ethnic townships, 400–499
 * parks 园区, 500–599 state farms 农场; the national codes group parks and farms
 * together in 400–599); a 3-digit village suffix (001–199 communities 社区, 200–399
 * administrative villages 行政村, 400–599 village-like units such as farm teams and park
 * sections); then a 3-digit grid suffix for blocks (001–499 villager groups 村民小组,
 * 500–999 residential compounds 小区). An exclusive grid's code is its host's code +
 * `X` + 3 digits.
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * Grid.defaultScheme.levels[1]!.kinds.map((k) => k.id) // ["street", "town", "township", "park", "farm"]
 *
 * @category schemes
 * @since 0.1.0
 */
export const defaultScheme: Scheme = {
  levels: [
    {
      id: "city",
      name: { zh: "市", en: "city" },
      width: 6,
      kinds: [{ id: "city", name: { zh: "县级市", en: "county-level city" }, suffix: [0, 999999] }],
      duties: { zh: "一个中心统筹", en: "the center coordinates the whole network" }
    },
    {
      id: "town",
      name: { zh: "乡镇、街道、园区", en: "town, street or park" },
      width: 3,
      kinds: [
        { id: "street", name: { zh: "街道", en: "street" }, suffix: [1, 99] },
        { id: "town", name: { zh: "镇", en: "town" }, suffix: [100, 199] },
        { id: "township", name: { zh: "乡", en: "township" }, suffix: [200, 399] },
        { id: "park", name: { zh: "园区", en: "park" }, suffix: [400, 499] },
        { id: "farm", name: { zh: "农场", en: "state farm" }, suffix: [500, 599] }
      ],
      duties: {
        zh: "监管、协调、处理、督办、绩效考核",
        en: "supervise, coordinate, handle, oversee, appraise performance"
      }
    },
    {
      id: "village",
      name: { zh: "行政村、社区", en: "village or community" },
      width: 3,
      kinds: [
        { id: "community", name: { zh: "社区", en: "community" }, suffix: [1, 199] },
        { id: "village", name: { zh: "行政村", en: "administrative village" }, suffix: [200, 399] },
        { id: "unit", name: { zh: "类似村级单位", en: "village-like unit" }, suffix: [400, 599] }
      ],
      duties: {
        zh: "分类汇总信息和事件，处置职权内事项，上报与反馈",
        en: "classify and summarize, handle what is within authority, report up and feed back"
      }
    },
    {
      id: "block",
      name: { zh: "村民小组、小区", en: "villager group or compound" },
      width: 3,
      kinds: [
        { id: "group", name: { zh: "村民小组", en: "villager group" }, suffix: [1, 499] },
        { id: "compound", name: { zh: "小区", en: "residential compound" }, suffix: [500, 999] }
      ],
      duties: {
        zh: "入户走访、宣传、信息采集、隐患排查、纠纷调解、环境卫生",
        en: "household visits, publicity, information collection, hazard inspection, mediation, sanitation"
      }
    }
  ],
  exclusive: { marker: "X", width: 3 }
}

/**
 * The kind of every exclusive grid (专属网格, "a grid within the grid"); its
 * `specialty` says what it covers.
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * Grid.exclusiveKind // "exclusive"
 *
 * @category schemes
 * @since 0.1.0
 */
export const exclusiveKind: "exclusive" = internal.EXCLUSIVE as "exclusive"

/**
 * What an exclusive grid covers: a forest, a railway line, an enterprise, a courier
 * route, a school, a security patrol area, anti-drug work, a township law-enforcement
 * area, a hospital, a market, a construction site or a scenic area.
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * Grid.Specialty.literals.includes("railway") // true
 *
 * @category schemes
 * @since 0.1.0
 */
export const Specialty = Schema.Literals([
  "forest",
  "railway",
  "enterprise",
  "courier",
  "school",
  "security",
  "antiDrug",
  "lawEnforcement",
  "hospital",
  "market",
  "construction",
  "scenic"
])

/**
 * @category schemes
 * @since 0.1.0
 */
export type Specialty = typeof Specialty.Type

/**
 * The position of a level in a scheme by its id, or -1.
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * Grid.levelIndex(Grid.defaultScheme, "village") // 2
 *
 * @category schemes
 * @since 0.1.0
 */
export const levelIndex = (scheme: Scheme, id: string): number => scheme.levels.findIndex((l) => l.id === id)

/**
 * A level scheme failed validation (duplicate kind ids, a range wider than the suffix,
 * a reserved kind id, a bad exclusive marker).
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const r = Grid.makeScheme({ ...Grid.defaultScheme, exclusive: { marker: "7", width: 3 } })
 * Result.isFailure(r) // true
 *
 * @category errors
 * @since 0.1.0
 */
export class SchemeInvalid extends Schema.TaggedError<SchemeInvalid>()("GridSchemeInvalid", {
  problems: Schema.Array(Schema.String)
}) {
  override get message(): string {
    return `invalid level scheme: ${this.problems.join("; ")}`
  }
}

/**
 * Validates a custom level scheme.
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * Result.isSuccess(Grid.makeScheme(Grid.defaultScheme)) // true
 *
 * @category schemes
 * @since 0.1.0
 */
export const makeScheme = (scheme: Scheme): Result.Result<Scheme, SchemeInvalid> => {
  const problems: Array<string> = []
  const seen = new Set<string>()
  if (scheme.levels.length === 0) problems.push("a scheme needs at least one level")
  if (scheme.levels.length > 120) problems.push("at most 120 levels")
  for (const level of scheme.levels) {
    if (!Number.isInteger(level.width) || level.width < 1 || level.width > 12)
      problems.push(`level ${level.id}: width must be 1–12`)
    if (level.kinds.length === 0) problems.push(`level ${level.id}: no kinds`)
    for (const kind of level.kinds) {
      if (kind.id === exclusiveKind) problems.push(`kind id "${exclusiveKind}" is reserved`)
      if (seen.has(kind.id)) problems.push(`kind id ${kind.id} is used twice`)
      seen.add(kind.id)
      const [from, to] = kind.suffix
      if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && from <= to && to < 10 ** level.width))
        problems.push(`kind ${kind.id}: suffix range must lie in 0–${10 ** level.width - 1}`)
    }
  }
  const { marker, width } = scheme.exclusive
  if (!/^[A-Z]$/.test(marker)) problems.push("the exclusive marker must be one capital letter")
  if (!Number.isInteger(width) || width < 1 || width > 6) problems.push("the exclusive width must be 1–6")
  return problems.length > 0 ? Result.fail(new SchemeInvalid({ problems })) : Result.succeed(scheme)
}

// ---------------------------------------------------------------------------
// Records and errors
// ---------------------------------------------------------------------------

const Code = Schema.String.check(Schema.isPattern(/^[0-9A-Z]{1,64}$/))

const Position = Schema.Tuple([
  Schema.Finite.check(Schema.isBetween({ minimum: -180, maximum: 180 })),
  Schema.Finite.check(Schema.isBetween({ minimum: -90, maximum: 90 }))
])

const Ring = Schema.Array(Position).check(
  Schema.makeFilter((ring) => isLinearRing(ring) || "a linear ring has at least 4 positions and ends where it starts")
)

const PolygonCoordinates = Schema.Array(Ring).check(Schema.isMinLength(1))

/**
 * An optional GeoJSON boundary of a grid: a `Polygon` or `MultiPolygon` in
 * [longitude, latitude] positions (WGS 84), rings closed.
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * import { Schema } from "effect"
 * Schema.decodeUnknownSync(Grid.Boundary)({
 *   type: "Polygon",
 *   coordinates: [[[97, 40], [98, 40], [98, 41], [97, 41], [97, 40]]]
 * })
 *
 * @category records
 * @since 0.1.0
 */
export const Boundary = Schema.Union([
  Schema.Struct({ type: Schema.Literal("Polygon"), coordinates: PolygonCoordinates }),
  Schema.Struct({ type: Schema.Literal("MultiPolygon"), coordinates: Schema.Array(PolygonCoordinates) })
])

/**
 * @category records
 * @since 0.1.0
 */
export type Boundary = typeof Boundary.Type

/**
 * One grid as a flat record: its code, its parent's code (`null` for the root), its
 * kind (from the scheme, or `"exclusive"` with a `specialty`), names, an optional
 * `successor` (present when the grid is retired), an optional boundary, and an
 * optional provenance (`verified`, `source`) for data taken from public sources.
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * const record: Grid.GridRecord = {
 *   code: "620981103",
 *   parent: "620981",
 *   kind: "town",
 *   name: { zh: "花海镇", en: "Huahai Town" }
 * }
 *
 * @category records
 * @since 0.1.0
 */
export const GridRecord = Schema.Struct({
  code: Code,
  parent: Schema.NullOr(Code),
  kind: Schema.NonEmptyString,
  name: Name,
  specialty: Schema.optionalKey(Specialty),
  successor: Schema.optionalKey(Code),
  boundary: Schema.optionalKey(Boundary),
  verified: Schema.optionalKey(Schema.Boolean),
  source: Schema.optionalKey(Schema.String)
})

/**
 * @category records
 * @since 0.1.0
 */
export type GridRecord = typeof GridRecord.Type

/**
 * One problem with grid records or a change, with the path of the offending field
 * (`[recordIndex, field]` for records; `[field]` or `["record", field]` for changes).
 *
 * Tags: `Schema` (shape), `NoRoot`, `MultipleRoots`, `UnknownParent`, `DuplicateCode`,
 * `Cycle`, `UnknownKind`, `LevelSkipped`, `LevelOutOfOrder`, `ExclusiveUnderExclusive`,
 * `GridUnderExclusive`, `MissingSpecialty`, `BadSuffix`, `BadSuccessor`,
 * `ActiveUnderRetired`, and for changes `UnknownGrid`, `RootChange`,
 * `MoveIntoOwnSubtree`, `Retired`, `HasActiveChildren`.
 *
 * @example
 * import type { Grid } from "@gridgov/core"
 * const issue: Grid.Issue = { _tag: "UnknownParent", path: [3, "parent"], code: "620981101200001", message: "…" }
 *
 * @category errors
 * @since 0.1.0
 */
export const Issue = Schema.Struct({
  _tag: Schema.Literals([
    "Schema",
    "NoRoot",
    "MultipleRoots",
    "UnknownParent",
    "DuplicateCode",
    "Cycle",
    "UnknownKind",
    "LevelSkipped",
    "LevelOutOfOrder",
    "ExclusiveUnderExclusive",
    "GridUnderExclusive",
    "MissingSpecialty",
    "BadSuffix",
    "BadSuccessor",
    "ActiveUnderRetired",
    "UnknownGrid",
    "RootChange",
    "MoveIntoOwnSubtree",
    "Retired",
    "HasActiveChildren"
  ]),
  path: Schema.Array(Schema.Union([Schema.String, Schema.Number])),
  code: Schema.optionalKey(Schema.String),
  message: Schema.String
})

/**
 * @category errors
 * @since 0.1.0
 */
export type Issue = typeof Issue.Type

const describe = (issues: ReadonlyArray<Issue>): string =>
  issues
    .slice(0, 5)
    .map((i) => `${i._tag} at ${i.path.join(".") || "(root)"}: ${i.message}`)
    .join("; ") + (issues.length > 5 ? `; and ${issues.length - 5} more` : "")

/**
 * Grid records were rejected; `issues` lists every problem found, each with its path.
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const r = Grid.build([{ code: "620981", parent: "000000", kind: "city", name: { zh: "玉门市", en: "Yumen" } }])
 * Result.isFailure(r) && r.failure.issues.map((i) => i._tag) // ["UnknownParent", "NoRoot"]
 *
 * @category errors
 * @since 0.1.0
 */
export class RecordsInvalid extends Schema.TaggedError<RecordsInvalid>()("GridRecordsInvalid", {
  issues: Schema.Array(Issue)
}) {
  override get message(): string {
    return `${this.issues.length} problem(s) in grid records: ${describe(this.issues)}`
  }
}

/**
 * A change was rejected; the tree it was applied to is unchanged.
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * const r = Grid.apply(tree, { _tag: "Rename", code: "620981999", name: { zh: "甲", en: "A" } })
 * Result.isFailure(r) && r.failure.issues[0]!._tag // "UnknownGrid"
 *
 * @category errors
 * @since 0.1.0
 */
export class ChangeRejected extends Schema.TaggedError<ChangeRejected>()("GridChangeRejected", {
  change: Schema.String,
  issues: Schema.Array(Issue)
}) {
  override get message(): string {
    return `${this.change} rejected: ${describe(this.issues)}`
  }
}

const decodeRecords = Schema.decodeUnknownResult(Schema.Array(GridRecord))
const formatIssue = SchemaIssue.makeFormatterStandardSchemaV1()

/**
 * Decodes unknown input (e.g. parsed JSON) into grid records, reporting every shape
 * problem with its path. The boundary step: `build` then works on typed records.
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const r = Grid.decode([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市" } }])
 * Result.isFailure(r) && r.failure.issues[0]!.path // [0, "name", "en"]
 *
 * @category constructors
 * @since 0.1.0
 */
export const decode = (input: unknown): Result.Result<ReadonlyArray<GridRecord>, RecordsInvalid> =>
  Result.mapError(
    decodeRecords(input, { errors: "all" }),
    (error) =>
      new RecordsInvalid({
        issues: formatIssue(error.issue).issues.map((i) => ({
          _tag: "Schema" as const,
          path: (i.path ?? []).map((k) => (typeof k === "object" && k !== null ? String(k.key) : k)) as Array<
            string | number
          >,
          message: i.message
        }))
      })
  )

// ---------------------------------------------------------------------------
// The tree
// ---------------------------------------------------------------------------

/**
 * A built grid tree, held in columns indexed by grid id. A grid's id is the position
 * of its record; ids are stable across changes (records keep their place, new grids
 * are appended). Treat every array as read-only.
 *
 * - `parent[id]` (-1 for the root), `level[id]` (scheme level; an exclusive grid has
 *   its host's level), `depth[id]`, `exclusive[id]`, `retired[id]`;
 * - `pre[id]`/`post[id]`: pre- and post-order numbers (interval numbering);
 * - `order`: ids in pre-order, so a subtree is a contiguous slice;
 * - `childStart`/`childIds`: children in compressed rows;
 * - `index`: code → id (`index.get(code)`).
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * tree.size // 1
 *
 * @category models
 * @since 0.1.0
 */
export interface Tree extends Omit<T.Tree, "records"> {
  readonly records: ReadonlyArray<GridRecord>
}

/**
 * Builds a tree from typed records (see `decode` for unknown input). Checks every
 * invariant and reports every problem at once: unknown parent, duplicate code, cycle,
 * skipped or inverted level, exclusive grid under an exclusive grid, bad code suffix
 * for the parent, missing specialty, bad successor. Never returns a partial tree.
 * Runs in O(n); the records array is kept by reference, do not mutate it.
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Grid.build([
 *   { code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } },
 *   { code: "620981103", parent: "620981", kind: "town", name: { zh: "花海镇", en: "Huahai" } }
 * ])
 * Result.isSuccess(tree) // true
 *
 * @category constructors
 * @since 0.1.0
 */
export const build = (
  records: ReadonlyArray<GridRecord>,
  scheme: Scheme = defaultScheme
): Result.Result<Tree, RecordsInvalid> =>
  Result.mapBoth(internal.build(records, scheme), {
    onFailure: (issues) => new RecordsInvalid({ issues }),
    onSuccess: (tree) => tree as Tree
  })

/**
 * Decodes unknown input and builds the tree: `decode` then `build`.
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const json = JSON.parse('[{"code":"620981","parent":null,"kind":"city","name":{"zh":"玉门市","en":"Yumen"}}]')
 * Result.isSuccess(Grid.fromUnknown(json)) // true
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromUnknown = (input: unknown, scheme: Scheme = defaultScheme): Result.Result<Tree, RecordsInvalid> =>
  Result.flatMap(decode(input), (records) => build(records, scheme))

/**
 * The id of the grid with this code, or `undefined`.
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * Grid.id(tree, "620981") // 0
 *
 * @category look-ups
 * @since 0.1.0
 */
export const id = (tree: Tree, code: string): number | undefined => tree.index.get(code)

/**
 * The record of a grid by id.
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * Grid.record(tree, 0).name.zh // "玉门市"
 *
 * @category look-ups
 * @since 0.1.0
 */
export const record = (tree: Tree, id: number): GridRecord => tree.records[id]!

/**
 * Whether grid `descendant` lies inside grid `ancestor` (a grid contains itself), by
 * id: two comparisons of interval numbers, O(1).
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([
 *   { code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } },
 *   { code: "620981103", parent: "620981", kind: "town", name: { zh: "花海镇", en: "Huahai" } }
 * ]))
 * Grid.contains(tree, 0, 1) // true
 * Grid.contains(tree, 1, 0) // false
 *
 * @category jurisdiction
 * @since 0.1.0
 */
export const contains: (tree: Tree, ancestor: number, descendant: number) => boolean = internal.contains

/**
 * `contains` by code; `false` when either code is unknown.
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([
 *   { code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } },
 *   { code: "620981103", parent: "620981", kind: "town", name: { zh: "花海镇", en: "Huahai" } }
 * ]))
 * Grid.containsCode(tree, "620981", "620981103") // true
 *
 * @category jurisdiction
 * @since 0.1.0
 */
export const containsCode = (tree: Tree, ancestor: string, descendant: string): boolean => {
  const a = tree.index.get(ancestor)
  const d = tree.index.get(descendant)
  return a !== undefined && d !== undefined && internal.contains(tree, a, d)
}

/**
 * The range of pre-order numbers a grid's subtree occupies: grid D lies inside grid A
 * exactly when `interval(A).pre <= tree.pre[D] <= interval(A).post`. This is what a
 * store filters on: keep each case's `tree.pre[id]` (its rank) in a column and ask for
 * a subtree as `rank BETWEEN pre AND post`. (`post` here is the last pre-order number
 * of the subtree, not `tree.post[id]`, the grid's post-order number.) Pre-order numbers
 * are renumbered when the tree changes (`apply`), so stored ranks follow the tree.
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([
 *   { code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } },
 *   { code: "620981103", parent: "620981", kind: "town", name: { zh: "花海镇", en: "Huahai" } }
 * ]))
 * Grid.interval(tree, 0) // { pre: 0, post: 1 }
 * Grid.interval(tree, 1) // { pre: 1, post: 1 }
 *
 * @category jurisdiction
 * @since 0.1.0
 */
export const interval = (tree: Tree, id: number): { readonly pre: number; readonly post: number } => {
  const pre = tree.pre[id]!
  return { pre, post: pre + internal.subtreeSize(tree, id) - 1 }
}

/**
 * The parent's id, or -1 for the root.
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * Grid.parentOf(tree, 0) // -1
 *
 * @category navigation
 * @since 0.1.0
 */
export const parentOf = (tree: Tree, id: number): number => tree.parent[id]!

/**
 * The ids of a grid's children, in record order (a view, not a copy).
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([
 *   { code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } },
 *   { code: "620981103", parent: "620981", kind: "town", name: { zh: "花海镇", en: "Huahai" } }
 * ]))
 * Array.from(Grid.children(tree, 0)) // [1]
 *
 * @category navigation
 * @since 0.1.0
 */
export const children = (tree: Tree, id: number): Int32Array =>
  tree.childIds.subarray(tree.childStart[id]!, tree.childStart[id + 1]!)

/**
 * The ids of a grid's ancestors, from the root down to its parent.
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([
 *   { code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } },
 *   { code: "620981103", parent: "620981", kind: "town", name: { zh: "花海镇", en: "Huahai" } }
 * ]))
 * Grid.ancestors(tree, 1) // [0]
 *
 * @category navigation
 * @since 0.1.0
 */
export const ancestors = (tree: Tree, id: number): Array<number> => internal.pathIds(tree, id).slice(0, -1)

/**
 * The ids of a grid's subtree (itself first), in pre-order: a view, not a copy.
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([
 *   { code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } },
 *   { code: "620981103", parent: "620981", kind: "town", name: { zh: "花海镇", en: "Huahai" } }
 * ]))
 * Array.from(Grid.subtree(tree, 0)) // [0, 1]
 *
 * @category navigation
 * @since 0.1.0
 */
export const subtree = (tree: Tree, id: number): Int32Array =>
  tree.order.subarray(tree.pre[id]!, tree.pre[id]! + internal.subtreeSize(tree, id))

/**
 * The level of a grid as a position in the scheme (an exclusive grid reports its
 * host's level; see `isExclusive`).
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * Grid.level(tree, 0) // 0
 * Grid.levelOf(tree, 0).id // "city"
 *
 * @category navigation
 * @since 0.1.0
 */
export const level = (tree: Tree, id: number): number => tree.level[id]!

/**
 * The scheme level of a grid (its definition: id, names, duties).
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * Grid.levelOf(tree, 0).name.zh // "市"
 *
 * @category navigation
 * @since 0.1.0
 */
export const levelOf = (tree: Tree, id: number): Level => tree.scheme.levels[tree.level[id]!]!

/**
 * Whether a grid is an exclusive grid (专属网格).
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * Grid.isExclusive(tree, 0) // false
 *
 * @category navigation
 * @since 0.1.0
 */
export const isExclusive = (tree: Tree, id: number): boolean => tree.exclusive[id] === 1

/**
 * Whether a grid is retired (kept for history, with an active successor).
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * Grid.isRetired(tree, 0) // false
 *
 * @category navigation
 * @since 0.1.0
 */
export const isRetired = (tree: Tree, id: number): boolean => tree.retired[id] === 1

/**
 * The codes from the root down to the grid, inclusive.
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([
 *   { code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } },
 *   { code: "620981103", parent: "620981", kind: "town", name: { zh: "花海镇", en: "Huahai" } }
 * ]))
 * Grid.path(tree, 1) // ["620981", "620981103"]
 *
 * @category navigation
 * @since 0.1.0
 */
export const path = (tree: Tree, id: number): Array<string> =>
  internal.pathIds(tree, id).map((j) => tree.records[j]!.code)

/**
 * The names from the root down to the grid, in one catalogue language.
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([
 *   { code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } },
 *   { code: "620981103", parent: "620981", kind: "town", name: { zh: "花海镇", en: "Huahai" } }
 * ]))
 * Grid.pathNames(tree, 1, "zh").join(" / ") // "玉门市 / 花海镇"
 *
 * @category navigation
 * @since 0.1.0
 */
export const pathNames = (tree: Tree, id: number, lang: "zh" | "en"): Array<string> =>
  internal.pathIds(tree, id).map((j) => tree.records[j]!.name[lang])

/**
 * The grid itself or its nearest ancestor that is a regular grid at `level` (a scheme
 * position), or -1 when the grid lies above that level. For an exclusive grid the
 * search starts at its host.
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([
 *   { code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } },
 *   { code: "620981103", parent: "620981", kind: "town", name: { zh: "花海镇", en: "Huahai" } }
 * ]))
 * Grid.ancestorAt(tree, 1, 0) // 0
 * Grid.ancestorAt(tree, 0, 1) // -1
 *
 * @category navigation
 * @since 0.1.0
 */
export const ancestorAt: (tree: Tree, id: number, level: number) => number = internal.ancestorAt

/**
 * Follows a retired grid to its active successor (an active grid resolves to itself).
 * Returns `undefined` for an unknown code.
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * Grid.resolve(tree, "620981") // 0
 *
 * @category look-ups
 * @since 0.1.0
 */
export const resolve = (tree: Tree, code: string): number | undefined => {
  const found = tree.index.get(code)
  if (found === undefined) return undefined
  const successor = tree.records[found]!.successor
  return successor === undefined ? found : tree.index.get(successor)
}

/**
 * The deepest active grid whose boundary contains the point (longitude, latitude),
 * e.g. to place a public report; `undefined` when none does. Exclusive grids are
 * skipped unless `{ exclusive: true }`. Bounding boxes are checked before polygons.
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{
 *   code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" },
 *   boundary: { type: "Polygon", coordinates: [[[96, 39], [99, 39], [99, 41], [96, 41], [96, 39]]] }
 * }]))
 * Grid.locate(tree, 97.5, 40.2) // 0
 * Grid.locate(tree, 100, 40) // undefined
 *
 * @category geo
 * @since 0.1.0
 */
export const locate = (
  tree: Tree,
  lon: number,
  lat: number,
  options: { readonly exclusive?: boolean } = {}
): number | undefined => {
  const found = internal.locate(tree, lon, lat, options.exclusive === true)
  return found < 0 ? undefined : found
}

// ---------------------------------------------------------------------------
// Changes
// ---------------------------------------------------------------------------

/**
 * A change to the tree, as a value:
 * - `Add`: a new grid (appended; its id is the tree's size);
 * - `Move`: a subtree under a new parent; codes in the subtree take the new prefix
 *   (and `suffix`, if given, replaces the moved grid's own suffix); ids do not change;
 * - `Rename`: new names;
 * - `Retire`: a grid with no active children is kept for history and points to an
 *   active `successor` at the same level; grids that pointed to it now point there;
 * - `SetBoundary`: set or clear (`null`) the boundary.
 *
 * @example
 * import type { Grid } from "@gridgov/core"
 * const change: Grid.Change = { _tag: "Retire", code: "620981103201", successor: "620981103200" }
 *
 * @category changes
 * @since 0.1.0
 */
export const Change = Schema.Union([
  Schema.TaggedStruct("Add", { record: GridRecord }),
  Schema.TaggedStruct("Move", { code: Code, parent: Code, suffix: Schema.optionalKey(Code) }),
  Schema.TaggedStruct("Rename", { code: Code, name: Name }),
  Schema.TaggedStruct("Retire", { code: Code, successor: Code }),
  Schema.TaggedStruct("SetBoundary", { code: Code, boundary: Schema.NullOr(Boundary) })
])

/**
 * @category changes
 * @since 0.1.0
 */
export type Change = typeof Change.Type

/**
 * Applies a change: a new tree that keeps every invariant, or `ChangeRejected` with
 * the issues (the given tree is never modified). O(n): the tree is rebuilt through the
 * same checks as `build`.
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * const next = Grid.apply(tree, {
 *   _tag: "Add",
 *   record: { code: "620981103", parent: "620981", kind: "town", name: { zh: "花海镇", en: "Huahai" } }
 * })
 * Result.isSuccess(next) && next.success.size // 2
 *
 * @category changes
 * @since 0.1.0
 */
export const apply = (tree: Tree, c: Change): Result.Result<Tree, ChangeRejected> =>
  Result.mapBoth(change.apply(tree, c), {
    onFailure: (issues) => new ChangeRejected({ change: c._tag, issues }),
    onSuccess: (next) => next as Tree
  })

/**
 * Applies changes in order, stopping at the first rejected one.
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * Result.isSuccess(Grid.applyAll(tree, [{ _tag: "Rename", code: "620981", name: { zh: "玉门", en: "Yumen" } }])) // true
 *
 * @category changes
 * @since 0.1.0
 */
export const applyAll = (tree: Tree, changes: Iterable<Change>): Result.Result<Tree, ChangeRejected> => {
  let current = tree
  for (const c of changes) {
    const next = apply(current, c)
    if (Result.isFailure(next)) return next
    current = next.success
  }
  return Result.succeed(current)
}
