/**
 * The columnar grid tree: building it from typed records (every invariant checked,
 * every problem reported) and the hot queries over it.
 */
import * as Result from "effect/Result"
import { containsPoint, writeBbox } from "./geo.js"
import { HashIndex } from "./gridIndex.js"
import type { GridRecord, Issue, IssueTag, Scheme, Tree } from "./gridTypes.js"

/** The reserved kind of exclusive grids (专属网格). */
export const EXCLUSIVE = "exclusive"

interface KindInfo {
  readonly level: number
  readonly from: number
  readonly to: number
}

const kindTables = new WeakMap<Scheme, Map<string, KindInfo>>()

/** Kind id → level and suffix range, cached per scheme value. */
export const kindTable = (scheme: Scheme): Map<string, KindInfo> => {
  let table = kindTables.get(scheme)
  if (table === undefined) {
    table = new Map()
    for (const [level, def] of scheme.levels.entries()) {
      for (const kind of def.kinds) table.set(kind.id, { level, from: kind.suffix[0], to: kind.suffix[1] })
    }
    kindTables.set(scheme, table)
  }
  return table
}

/** The numeric value of `code[from, from + width)` if all are ASCII digits, else -1. */
const digitsAt = (code: string, from: number, width: number): number => {
  let value = 0
  for (let k = from; k < from + width; k++) {
    const c = code.charCodeAt(k) - 48
    if (c < 0 || c > 9) return -1
    value = value * 10 + c
  }
  return value
}

const rootCode = /^[0-9A-Z]+$/

const issue = (
  issues: Array<Issue>,
  _tag: IssueTag,
  path: ReadonlyArray<string | number>,
  code: string | undefined,
  message: string
): void => {
  issues.push(code === undefined ? { _tag, path, message } : { _tag, path, code, message })
}

/** Why a code is not a valid suffix for its parent, or undefined when it is. */
export const suffixProblem = (
  scheme: Scheme,
  code: string,
  parentCode: string,
  exclusive: boolean,
  kind: KindInfo | undefined
): string | undefined => {
  const p = parentCode.length
  if (exclusive) {
    const { marker, width } = scheme.exclusive
    const value =
      code.length === p + 1 + width && code.startsWith(parentCode) && code[p] === marker
        ? digitsAt(code, p + 1, width)
        : -1
    return value >= 1
      ? undefined
      : `an exclusive grid's code is its parent's code (${parentCode}) + "${marker}" + ${width} digits, not all zero`
  }
  if (kind === undefined) return undefined
  const width = scheme.levels[kind.level]!.width
  const value = code.length === p + width && code.startsWith(parentCode) ? digitsAt(code, p, width) : -1
  return value >= kind.from && value <= kind.to
    ? undefined
    : `the code must be the parent's code (${parentCode}) + ${width} digits in ${String(kind.from).padStart(width, "0")}–${String(kind.to).padStart(width, "0")}`
}

/** Builds the tree from typed records, or returns every problem found. Never a partial tree. */
export const build = (records: ReadonlyArray<GridRecord>, scheme: Scheme): Result.Result<Tree, Array<Issue>> => {
  const n = records.length
  const kinds = kindTable(scheme)
  const issues: Array<Issue> = []
  const index = new HashIndex(records, n)
  const parent = new Int32Array(n).fill(-1)
  const level = new Int8Array(n).fill(-1)
  const exclusive = new Uint8Array(n)
  const retired = new Uint8Array(n)
  const kindOf: Array<KindInfo | undefined> = new Array(n)
  let bounded = 0

  // Pass 1: codes, kinds, levels of regular grids.
  for (let i = 0; i < n; i++) {
    const r = records[i]!
    const first = index.insert(i)
    if (first >= 0)
      issue(issues, "DuplicateCode", [i, "code"], r.code, `code ${r.code} is already used by record ${first}`)
    if (r.kind === EXCLUSIVE) {
      exclusive[i] = 1
      if (r.specialty === undefined)
        issue(issues, "MissingSpecialty", [i, "specialty"], r.code, "an exclusive grid needs a specialty")
    } else {
      const info = kinds.get(r.kind)
      if (info === undefined)
        issue(issues, "UnknownKind", [i, "kind"], r.code, `kind "${r.kind}" is not in the level scheme`)
      else {
        level[i] = info.level
        kindOf[i] = info
      }
    }
    if (r.successor !== undefined) retired[i] = 1
    if (r.boundary !== undefined) bounded++
  }

  // Pass 2: parents, roots.
  let root = -1
  for (let i = 0; i < n; i++) {
    const r = records[i]!
    if (r.parent === null) {
      if (root === -1) root = i
      else
        issue(
          issues,
          "MultipleRoots",
          [i, "parent"],
          r.code,
          `a second root: ${records[root]!.code} is already the root`
        )
      if (exclusive[i] === 1 || (level[i] !== 0 && level[i] !== -1))
        issue(
          issues,
          "LevelOutOfOrder",
          [i, "kind"],
          r.code,
          `the root must be of the first level (${scheme.levels[0]?.id})`
        )
      else if (!(rootCode.test(r.code) && r.code.length === scheme.levels[0]!.width))
        issue(
          issues,
          "BadSuffix",
          [i, "code"],
          r.code,
          `the root code must be ${scheme.levels[0]!.width} digits or capital letters`
        )
      continue
    }
    const p = index.get(r.parent)
    if (p === undefined)
      issue(issues, "UnknownParent", [i, "parent"], r.code, `parent ${r.parent} is not in the records`)
    else parent[i] = p
  }
  if (root === -1 && n > 0) issue(issues, "NoRoot", [], undefined, "no record has parent null")
  if (n === 0) issue(issues, "NoRoot", [], undefined, "no records")

  // Pass 3: levels and code suffixes against the parent; exclusive grids take their host's level.
  for (let i = 0; i < n; i++) {
    const p = parent[i]!
    if (p < 0) continue
    const r = records[i]!
    if (exclusive[i] === 1) {
      if (exclusive[p] === 1)
        issue(
          issues,
          "ExclusiveUnderExclusive",
          [i, "parent"],
          r.code,
          `exclusive grid under exclusive grid ${r.parent}`
        )
      else level[i] = level[p]!
    } else if (exclusive[p] === 1) {
      issue(
        issues,
        "GridUnderExclusive",
        [i, "parent"],
        r.code,
        `only exclusive grids hang under grids; ${r.parent} is exclusive`
      )
    } else if (level[i]! >= 0 && level[p]! >= 0) {
      if (level[i]! > level[p]! + 1)
        issue(
          issues,
          "LevelSkipped",
          [i, "kind"],
          r.code,
          `a ${scheme.levels[level[i]!]!.id} under a ${scheme.levels[level[p]!]!.id} skips ${scheme.levels[level[p]! + 1]!.id}`
        )
      else if (level[i]! <= level[p]!)
        issue(
          issues,
          "LevelOutOfOrder",
          [i, "kind"],
          r.code,
          `a ${scheme.levels[level[i]!]!.id} cannot hang under a ${scheme.levels[level[p]!]!.id}`
        )
    }
    const problem = suffixProblem(scheme, r.code, r.parent!, exclusive[i] === 1, kindOf[i])
    if (problem !== undefined) issue(issues, "BadSuffix", [i, "code"], r.code, problem)
  }

  // Pass 4: retirement.
  for (let i = 0; i < n; i++) {
    const r = records[i]!
    if (r.successor !== undefined) {
      const s = index.get(r.successor)
      const why =
        r.parent === null
          ? "the root cannot be retired"
          : s === undefined
            ? `successor ${r.successor} is not in the records`
            : s === i
              ? "a grid cannot succeed itself"
              : retired[s] === 1
                ? `successor ${r.successor} is itself retired`
                : exclusive[s] !== exclusive[i] || level[s] !== level[i]
                  ? `successor ${r.successor} is not at the same level`
                  : undefined
      if (why !== undefined) issue(issues, "BadSuccessor", [i, "successor"], r.code, why)
    }
    const p = parent[i]!
    if (p >= 0 && retired[i] === 0 && retired[p] === 1)
      issue(issues, "ActiveUnderRetired", [i, "parent"], r.code, `parent ${r.parent} is retired`)
  }

  // Children in compressed rows, in record order.
  const childStart = new Int32Array(n + 1)
  for (let i = 0; i < n; i++) if (parent[i]! >= 0) childStart[parent[i]! + 1]!++
  for (let i = 0; i < n; i++) childStart[i + 1]! += childStart[i]!
  const fill = childStart.slice(0, n)
  const childIds = new Int32Array(Math.max(0, childStart[n]!))
  for (let i = 0; i < n; i++) {
    const p = parent[i]!
    if (p >= 0) childIds[fill[p]!++] = i
  }

  // Interval numbering by an iterative depth-first walk from the root.
  const pre = new Int32Array(n).fill(-1)
  const post = new Int32Array(n).fill(-1)
  const depth = new Uint8Array(n)
  const order = new Int32Array(n)
  let visited = 0
  if (root >= 0) {
    const stack = new Int32Array(n)
    const cursor = new Int32Array(n)
    let top = 0
    let preCount = 0
    let postCount = 0
    stack[0] = root
    cursor[0] = childStart[root]!
    pre[root] = preCount
    order[preCount++] = root
    while (top >= 0) {
      const node = stack[top]!
      const c = cursor[top]!
      if (c < childStart[node + 1]!) {
        cursor[top] = c + 1
        const child = childIds[c]!
        pre[child] = preCount
        order[preCount++] = child
        depth[child] = depth[node]! + 1
        stack[++top] = child
        cursor[top] = childStart[child]!
      } else {
        post[node] = postCount++
        top--
      }
    }
    visited = preCount
  }

  // Whatever the walk did not reach hangs under an unknown parent, a second root, or a cycle.
  if (visited < n) {
    const color = new Uint8Array(n)
    for (let i = 0; i < n; i++) {
      if (pre[i]! >= 0 || color[i] !== 0) continue
      const walk: Array<number> = []
      let j = i
      while (j >= 0 && pre[j]! < 0 && color[j] === 0) {
        color[j] = 1
        walk.push(j)
        j = parent[j]!
      }
      if (j >= 0 && color[j] === 1) {
        const cycle = walk.slice(walk.indexOf(j)).map((k) => records[k]!.code)
        const first = walk[walk.indexOf(j)]!
        issue(
          issues,
          "Cycle",
          [first, "parent"],
          records[first]!.code,
          `parent links form a cycle: ${cycle.join(" → ")} → ${cycle[0]}`
        )
      }
      for (const k of walk) color[k] = 2
    }
  }

  if (issues.length > 0) return Result.fail(issues)

  const boundedIds = new Int32Array(bounded)
  const bbox = new Float64Array(bounded * 4)
  if (bounded > 0) {
    let k = 0
    for (let i = 0; i < n; i++) {
      const shape = records[i]!.boundary
      if (shape === undefined) continue
      boundedIds[k] = i
      writeBbox(shape, bbox, k * 4)
      k++
    }
  }

  return Result.succeed({
    scheme,
    size: n,
    records,
    index,
    parent,
    level,
    depth,
    exclusive,
    retired,
    pre,
    post,
    order,
    childStart,
    childIds,
    bounded: boundedIds,
    bbox
  })
}

/** Whether `descendant` lies in the subtree of `ancestor` (a grid contains itself). */
export const contains = (tree: Tree, ancestor: number, descendant: number): boolean =>
  tree.pre[ancestor]! <= tree.pre[descendant]! && tree.post[descendant]! <= tree.post[ancestor]!

/** Number of grids in the subtree of `id`, itself included. */
export const subtreeSize = (tree: Tree, id: number): number => tree.post[id]! - tree.pre[id]! + tree.depth[id]! + 1

/** The ancestor of `id` (or `id` itself) that is a regular grid of `level`, or -1. */
export const ancestorAt = (tree: Tree, id: number, level: number): number => {
  let j = id
  while (j >= 0) {
    if (tree.exclusive[j] === 0) {
      const l = tree.level[j]!
      if (l === level) return j
      if (l < level) return -1
    }
    j = tree.parent[j]!
  }
  return -1
}

/** Ids from the root down to `id`, inclusive. */
export const pathIds = (tree: Tree, id: number): Array<number> => {
  const out = new Array<number>(tree.depth[id]! + 1)
  for (let j = id, k = out.length - 1; j >= 0; j = tree.parent[j]!, k--) out[k] = j
  return out
}

/** The deepest active grid whose boundary holds the point, or -1. */
export const locate = (tree: Tree, lon: number, lat: number, includeExclusive: boolean): number => {
  let best = -1
  let bestDepth = -1
  const { bbox, bounded } = tree
  for (let k = 0; k < bounded.length; k++) {
    const o = k * 4
    if (lon < bbox[o]! || lat < bbox[o + 1]! || lon > bbox[o + 2]! || lat > bbox[o + 3]!) continue
    const id = bounded[k]!
    if (tree.retired[id] === 1 || (!includeExclusive && tree.exclusive[id] === 1)) continue
    const d = tree.depth[id]!
    if (d <= bestDepth) continue
    if (containsPoint(tree.records[id]!.boundary!, lon, lat)) {
      best = id
      bestDepth = d
    }
  }
  return best
}
