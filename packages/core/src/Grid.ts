/**
 * The grid tree (网格): grid records (codes built on the administrative division code,
 * names, exclusive grids with their specialty, optional GeoJSON boundaries and
 * provenance), built into a tree checked against a level scheme (`GridScheme`), with
 * interval numbering for O(1) jurisdiction checks, navigation and point location.
 * Changes to a built tree are `GridChange`s.
 *
 * @since 0.1.0
 */
import { Schema, SchemaIssue } from "effect"
import * as Result from "effect/Result"
import * as GridScheme from "./GridScheme.js"
import { isLinearRing } from "./internal/geo.js"
import * as internal from "./internal/grid.js"
import { Code, describeIssues } from "./internal/gridSchema.js"
import type * as T from "./internal/gridTypes.js"

type Scheme = GridScheme.Scheme
type Level = GridScheme.Level

// ---------------------------------------------------------------------------
// Records and errors
// ---------------------------------------------------------------------------

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
  name: GridScheme.Name,
  specialty: Schema.optionalKey(GridScheme.Specialty),
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
    return `${this.issues.length} problem(s) in grid records: ${describeIssues(this.issues)}`
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
  scheme: Scheme = GridScheme.defaults
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
export const fromUnknown = (
  input: unknown,
  scheme: Scheme = GridScheme.defaults
): Result.Result<Tree, RecordsInvalid> => Result.flatMap(decode(input), (records) => build(records, scheme))

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

/**
 * A grid's boundary as a map draws it: the shape, and where it comes from.
 *
 * - `source`: the boundary's part of the record's `source` note (a note is segments
 *   joined by `; `; the one that begins `boundary:` speaks of the shape), or `null`
 *   when the note says nothing of the shape;
 * - `invented`: that part says the shape is made up (`boundary: invented …`, as the
 *   test fixture's generated rectangles do). Whoever draws the shape should say so.
 *
 * @example
 * import type { Grid } from "@gridgov/core"
 * const caption = (o: Grid.Outline) => (o.invented ? "invented shapes" : (o.source ?? ""))
 *
 * @category geo
 * @since 0.1.0
 */
export interface Outline {
  readonly boundary: Boundary
  readonly source: string | null
  readonly invented: boolean
}

const boundaryNote = /(?:^|;)\s*(boundary:[^;]*)/

/**
 * A grid's boundary and its provenance (see {@link Outline}), or `undefined` when the
 * grid has no boundary.
 *
 * @example
 * import { Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{
 *   code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" },
 *   boundary: { type: "Polygon", coordinates: [[[96, 39], [99, 39], [99, 41], [96, 41], [96, 39]]] },
 *   source: "name: 2022 notice; boundary: invented (a generated rectangle)"
 * }]))
 * Grid.outline(tree, 0)?.source // "boundary: invented (a generated rectangle)"
 * Grid.outline(tree, 0)?.invented // true
 *
 * @category geo
 * @since 0.1.0
 */
export const outline = (tree: Tree, id: number): Outline | undefined => {
  const r = tree.records[id]!
  if (r.boundary === undefined) return undefined
  const note = r.source === undefined ? undefined : boundaryNote.exec(r.source)?.[1]?.trim()
  return {
    boundary: r.boundary,
    source: note ?? null,
    invented: note !== undefined && /^boundary:\s*invented\b/i.test(note)
  }
}
