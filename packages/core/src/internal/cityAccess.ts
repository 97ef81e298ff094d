/**
 * Who may change what of the configuration. `system` (an importer, the command
 * line) and an administrator posted city-wide (at the root grid, or at a unit of the
 * center) change everything. An administrator posted at a grid (a town's admin)
 * changes only that grid's subtree: its grids and the posts at them, and the people
 * who hold posts nowhere else; nothing city-wide (the scheme, units, routing, SLA,
 * taxonomies, weights, subscribers, calendar notices). Anyone else changes nothing.
 */
import { Result } from "effect"
import * as Access from "../Access.js"
import * as Grid from "../Grid.js"
import type { Change } from "./cityChanges.js"
import type { Document } from "./citySchema.js"

const forbidden = (action: string, reason: Access.Forbidden["reason"]) =>
  Result.fail(new Access.Forbidden({ action, reason }))

/** Whether the actor changes everything: `system`, or an administrator posted city-wide. */
export const cityWide = (document: Document, actor: Access.Actor): boolean => {
  const root = document.grids.find((g) => g.parent === null)?.code
  return actor.posts.some(
    (p) =>
      p.role === "system" ||
      (p.role === "admin" && p.at !== null && ("unit" in p.at || (root !== undefined && p.at.grid === root)))
  )
}

/**
 * Whether the actor may make a change; `added` are the grids earlier changes of the same
 * batch add (code → parent), so a town's admin may add a grid and post someone there at
 * once.
 */
export const authorize = (
  document: Document,
  tree: Grid.Tree | undefined,
  actor: Access.Actor,
  change: Change,
  added: ReadonlyMap<string, string | null> = new Map()
): Result.Result<void, Access.Forbidden> => {
  if (cityWide(document, actor)) return Result.void
  const reach = actor.posts.flatMap((p) => (p.role === "admin" && p.at !== null && "grid" in p.at ? [p.at.grid] : []))
  if (reach.length === 0) return forbidden(change._tag, "AdminOnly")
  const inReach = (start: string | null | undefined): boolean => {
    // a grid added earlier in the batch is in reach when its parent is
    let code = start
    for (let hops = 0; code !== null && code !== undefined && hops <= added.size; hops++) {
      if (tree?.index.has(code) === true || !added.has(code)) break
      code = added.get(code)
    }
    return (
      code !== null && code !== undefined && tree !== undefined && reach.some((r) => Grid.containsCode(tree, r, code))
    )
  }
  const posts = new Map(document.posts.map((p) => [p.id, p]))
  const postInReach = (id: string) => {
    const post = posts.get(id)
    return post !== undefined && "grid" in post.at && inReach(post.at.grid)
  }
  const personInReach = (person: string) =>
    document.posts.every((p) => p.person !== person || ("grid" in p.at && inReach(p.at.grid)))
  const newOrOld = (code: string, added: ReadonlyArray<Grid.GridRecord>) =>
    inReach(code) || added.some((r) => r.code === code && inReach(r.parent))
  const ok = ((): boolean => {
    switch (change._tag) {
      case "AddGrid":
        return inReach(change.record.parent)
      case "MoveGrid":
        return inReach(change.code) && inReach(change.parent)
      case "RenameGrid":
      case "SetGridBoundary":
        return inReach(change.code)
      case "RetireGrid":
        return inReach(change.code) && inReach(change.successor)
      case "SplitGrid":
        return (
          inReach(change.code) && change.into.every((r) => inReach(r.parent)) && newOrOld(change.successor, change.into)
        )
      case "MergeGrids":
        return inReach(change.into) && change.codes.every(inReach)
      case "AddPerson":
        return true
      case "EditPerson":
        return personInReach(change.person.id)
      case "SetContact":
      case "EraseContact":
        return personInReach(change.person)
      case "AddPost":
        return "grid" in change.post.at && inReach(change.post.at.grid)
      case "EditPost":
      case "EndPost":
        return postInReach(change.id)
      case "TransferPost":
        return postInReach(change.id) && "grid" in change.to && inReach(change.to.grid)
      default:
        return false
    }
  })()
  return ok ? Result.void : forbidden(change._tag, "OutsideJurisdiction")
}

/** Every change of a batch authorized in order (grids added early in the batch count for the later changes). */
export const authorizeAll = (
  document: Document,
  tree: Grid.Tree | undefined,
  actor: Access.Actor,
  changes: ReadonlyArray<Change>
): Result.Result<void, Access.Forbidden> => {
  if (cityWide(document, actor)) return Result.void
  const added = new Map<string, string | null>()
  for (const change of changes) {
    const ok = authorize(document, tree, actor, change, added)
    if (Result.isFailure(ok)) return ok
    if (change._tag === "AddGrid") added.set(change.record.code, change.record.parent)
    if (change._tag === "SplitGrid") for (const r of change.into) added.set(r.code, r.parent)
  }
  return Result.void
}
