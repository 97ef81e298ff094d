/**
 * Changes to the grid tree as values, applied by a pure function: the records are
 * rewritten and the tree rebuilt through the same checks as `build`, so a change
 * either yields a tree that keeps every invariant or is rejected with its issues.
 * Ids stay stable: records keep their positions, and new grids are appended.
 */
import * as Result from "effect/Result"
import { build, contains, subtreeSize } from "./grid.js"
import type { Change, GridRecord, Issue, IssueTag, Tree } from "./gridTypes.js"

const reject = (_tag: IssueTag, path: ReadonlyArray<string | number>, code: string, message: string) =>
  Result.fail<Array<Issue>>([{ _tag, path, code, message }])

const lookup = (tree: Tree, code: string, field: string): Result.Result<number, Array<Issue>> => {
  const id = tree.index.get(code)
  return id === undefined ? reject("UnknownGrid", [field], code, `no grid has code ${code}`) : Result.succeed(id)
}

const withoutBoundary = (r: GridRecord): GridRecord => {
  const { boundary: _, ...rest } = r
  return rest
}

const rebuild = (tree: Tree, records: ReadonlyArray<GridRecord>, appended = -1) =>
  Result.mapError(build(records, tree.scheme), (issues) =>
    issues.map((i) => (i.path[0] === appended ? { ...i, path: ["record", ...i.path.slice(1)] } : i))
  )

/** Applies one change; the old tree is never modified. */
export const apply = (tree: Tree, change: Change): Result.Result<Tree, Array<Issue>> => {
  switch (change._tag) {
    case "Add": {
      const parent = change.record.parent
      if (parent !== null) {
        const p = tree.index.get(parent)
        if (p === undefined)
          return reject("UnknownParent", ["record", "parent"], change.record.code, `no grid has code ${parent}`)
        if (tree.retired[p] === 1)
          return reject("Retired", ["record", "parent"], change.record.code, `parent ${parent} is retired`)
      }
      return rebuild(tree, [...tree.records, change.record], tree.size)
    }
    case "Rename": {
      const found = lookup(tree, change.code, "code")
      if (Result.isFailure(found)) return Result.fail(found.failure)
      const records = tree.records.slice()
      records[found.success] = { ...records[found.success]!, name: change.name }
      return rebuild(tree, records)
    }
    case "SetBoundary": {
      const found = lookup(tree, change.code, "code")
      if (Result.isFailure(found)) return Result.fail(found.failure)
      const records = tree.records.slice()
      const r = records[found.success]!
      records[found.success] = change.boundary === null ? withoutBoundary(r) : { ...r, boundary: change.boundary }
      return rebuild(tree, records)
    }
    case "Retire": {
      const found = lookup(tree, change.code, "code")
      if (Result.isFailure(found)) return Result.fail(found.failure)
      const id = found.success
      if (tree.parent[id] === -1) return reject("RootChange", ["code"], change.code, "the root cannot be retired")
      if (tree.retired[id] === 1) return reject("Retired", ["code"], change.code, `${change.code} is already retired`)
      const succ = lookup(tree, change.successor, "successor")
      if (Result.isFailure(succ)) return Result.fail(succ.failure)
      for (let c = tree.childStart[id]!; c < tree.childStart[id + 1]!; c++) {
        if (tree.retired[tree.childIds[c]!] === 0)
          return reject(
            "HasActiveChildren",
            ["code"],
            change.code,
            `${change.code} still has active child ${tree.records[tree.childIds[c]!]!.code}: move or retire it first`
          )
      }
      const records = tree.records.slice()
      records[id] = { ...records[id]!, successor: change.successor }
      // Keep every successor pointing at an active grid: grids that named this one now name its successor.
      for (let i = 0; i < records.length; i++) {
        if (records[i]!.successor === change.code) records[i] = { ...records[i]!, successor: change.successor }
      }
      return rebuild(tree, records)
    }
    case "Move": {
      const found = lookup(tree, change.code, "code")
      if (Result.isFailure(found)) return Result.fail(found.failure)
      const id = found.success
      if (tree.parent[id] === -1) return reject("RootChange", ["code"], change.code, "the root cannot be moved")
      if (tree.retired[id] === 1) return reject("Retired", ["code"], change.code, `${change.code} is retired`)
      const target = lookup(tree, change.parent, "parent")
      if (Result.isFailure(target)) return Result.fail(target.failure)
      const p = target.success
      if (tree.retired[p] === 1) return reject("Retired", ["parent"], change.parent, `${change.parent} is retired`)
      if (contains(tree, id, p))
        return reject(
          "MoveIntoOwnSubtree",
          ["parent"],
          change.parent,
          `${change.parent} lies inside ${change.code}: a subtree cannot move under itself`
        )
      const old = tree.records[id]!
      const oldParentCode = old.parent!
      const newRootCode = change.parent + (change.suffix ?? old.code.slice(oldParentCode.length))
      const recode = (code: string) => newRootCode + code.slice(old.code.length)
      const records = tree.records.slice()
      const renamed = new Map<string, string>()
      const start = tree.pre[id]!
      const end = start + subtreeSize(tree, id)
      for (let k = start; k < end; k++) {
        const j = tree.order[k]!
        const r = records[j]!
        const code = recode(r.code)
        renamed.set(r.code, code)
        records[j] = { ...r, code, parent: j === id ? change.parent : recode(r.parent!) }
      }
      for (let i = 0; i < records.length; i++) {
        const s = records[i]!.successor
        if (s !== undefined && renamed.has(s)) records[i] = { ...records[i]!, successor: renamed.get(s)! }
      }
      return rebuild(tree, records)
    }
  }
}
