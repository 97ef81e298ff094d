/**
 * Changes to a grid tree, as values: add a grid, move a subtree, rename, retire a grid
 * to a successor, set or clear a boundary. {@link apply} returns a new tree that keeps
 * every invariant `Grid.build` checks, or rejects the change with its issues; the
 * tree it was given is never modified.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import * as Result from "effect/Result"
import * as Grid from "./Grid.js"
import * as GridScheme from "./GridScheme.js"
import * as change from "./internal/gridChange.js"
import { Code, describeIssues } from "./internal/gridSchema.js"

/**
 * A change was rejected; the tree it was applied to is unchanged.
 *
 * @example
 * import { Grid, GridChange } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * const r = GridChange.apply(tree, { _tag: "Rename", code: "620981999", name: { zh: "甲", en: "A" } })
 * Result.isFailure(r) && r.failure.issues[0]!._tag // "UnknownGrid"
 *
 * @category errors
 * @since 0.1.0
 */
export class Rejected extends Schema.TaggedError<Rejected>()("GridChangeRejected", {
  change: Schema.String,
  issues: Schema.Array(Grid.Issue)
}) {
  override get message(): string {
    return `${this.change} rejected: ${describeIssues(this.issues)}`
  }
}

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
 * import type { GridChange } from "@gridgov/core"
 * const change: GridChange.Change = { _tag: "Retire", code: "620981103201", successor: "620981103200" }
 *
 * @category changes
 * @since 0.1.0
 */
export const Change = Schema.Union([
  Schema.TaggedStruct("Add", { record: Grid.GridRecord }),
  Schema.TaggedStruct("Move", { code: Code, parent: Code, suffix: Schema.optionalKey(Code) }),
  Schema.TaggedStruct("Rename", { code: Code, name: GridScheme.Name }),
  Schema.TaggedStruct("Retire", { code: Code, successor: Code }),
  Schema.TaggedStruct("SetBoundary", { code: Code, boundary: Schema.NullOr(Grid.Boundary) })
])

/**
 * @category changes
 * @since 0.1.0
 */
export type Change = typeof Change.Type

/**
 * Applies a change: a new tree that keeps every invariant, or `Rejected` with
 * the issues (the given tree is never modified). O(n): the tree is rebuilt through the
 * same checks as `Grid.build`.
 *
 * @example
 * import { Grid, GridChange } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * const next = GridChange.apply(tree, {
 *   _tag: "Add",
 *   record: { code: "620981103", parent: "620981", kind: "town", name: { zh: "花海镇", en: "Huahai" } }
 * })
 * Result.isSuccess(next) && next.success.size // 2
 *
 * @category changes
 * @since 0.1.0
 */
export const apply = (tree: Grid.Tree, c: Change): Result.Result<Grid.Tree, Rejected> =>
  Result.mapBoth(change.apply(tree, c), {
    onFailure: (issues) => new Rejected({ change: c._tag, issues }),
    onSuccess: (next) => next as Grid.Tree
  })

/**
 * Applies changes in order, stopping at the first rejected one.
 *
 * @example
 * import { Grid, GridChange } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * Result.isSuccess(GridChange.applyAll(tree, [{ _tag: "Rename", code: "620981", name: { zh: "玉门", en: "Yumen" } }])) // true
 *
 * @category changes
 * @since 0.1.0
 */
export const applyAll = (tree: Grid.Tree, changes: Iterable<Change>): Result.Result<Grid.Tree, Rejected> => {
  let current = tree
  for (const c of changes) {
    const next = apply(current, c)
    if (Result.isFailure(next)) return next
    current = next.success
  }
  return Result.succeed(current)
}
