import * as Grid from "@gridgov/core/Grid"
import * as GridChange from "@gridgov/core/GridChange"
import * as Arbitrary from "@gridgov/testing/Arbitrary"
import { Result } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"

/** Is `a` an ancestor-or-self of `d`, by walking parent links one by one. */
const naiveContains = (tree: Grid.Tree, a: number, d: number): boolean => {
  for (let j = d; j >= 0; j = Grid.parentOf(tree, j)) if (j === a) return true
  return false
}

/** Every invariant of a tree, checked independently of the builder. */
const checkInvariants = (tree: Grid.Tree): void => {
  const { scheme } = tree
  let roots = 0
  const codes = new Set<string>()
  for (let i = 0; i < tree.size; i++) {
    const r = Grid.record(tree, i)
    expect(codes.has(r.code)).toBe(false)
    codes.add(r.code)
    expect(Grid.id(tree, r.code)).toBe(i)
    const p = Grid.parentOf(tree, i)
    if (r.parent === null) {
      roots++
      expect(p).toBe(-1)
      expect(Grid.level(tree, i)).toBe(0)
      continue
    }
    expect(Grid.record(tree, p).code).toBe(r.parent)
    expect(r.code.startsWith(r.parent)).toBe(true)
    const suffix = r.code.slice(r.parent.length)
    if (Grid.isExclusive(tree, i)) {
      expect(Grid.isExclusive(tree, p)).toBe(false)
      expect(suffix).toMatch(new RegExp(`^${scheme.exclusive.marker}\\d{${scheme.exclusive.width}}$`))
      expect(Grid.level(tree, i)).toBe(Grid.level(tree, p))
      expect(r.specialty).toBeDefined()
    } else {
      expect(Grid.isExclusive(tree, p)).toBe(false)
      expect(Grid.level(tree, i)).toBe(Grid.level(tree, p) + 1)
      const level = scheme.levels[Grid.level(tree, i)]!
      const kind = level.kinds.find((k) => k.id === r.kind)!
      expect(suffix).toMatch(new RegExp(`^\\d{${level.width}}$`))
      expect(Number(suffix)).toBeGreaterThanOrEqual(kind.suffix[0])
      expect(Number(suffix)).toBeLessThanOrEqual(kind.suffix[1])
    }
    if (r.successor !== undefined) {
      const s = Grid.id(tree, r.successor)!
      expect(Grid.isRetired(tree, s)).toBe(false)
      expect(Grid.level(tree, s)).toBe(Grid.level(tree, i))
    } else expect(Grid.isRetired(tree, p)).toBe(false)
  }
  expect(roots).toBe(1)
  // The interval numbering agrees with a naive walk, and subtrees are exactly the descendants
  // (every pair checked; the disagreements collected, so one assertion covers the n² pairs).
  const disagreements: Array<{ a: number; d: number; naive: boolean; contains: boolean; inSubtree: boolean }> = []
  for (let a = 0; a < tree.size; a++) {
    const sub = new Set(Grid.subtree(tree, a))
    for (let d = 0; d < tree.size; d++) {
      const naive = naiveContains(tree, a, d)
      const contains = Grid.contains(tree, a, d)
      if (contains !== naive || sub.has(d) !== naive)
        disagreements.push({ a, d, naive, contains, inSubtree: sub.has(d) })
    }
  }
  expect(disagreements).toEqual([])
  // The records rebuild to the same tree.
  expect(Result.isSuccess(Grid.build(tree.records, scheme))).toBe(true)
}

describe("Grid properties", () => {
  it("valid records always build, and contains agrees with a naive parent walk", () => {
    fc.assert(
      fc.property(Arbitrary.gridRecords(), (records) => {
        const tree = Grid.build(records)
        expect(Result.isSuccess(tree)).toBe(true)
        if (Result.isSuccess(tree)) checkInvariants(tree.success)
      }),
      { numRuns: 150 }
    )
  })

  it("ancestorAt and path agree with the parent chain", () => {
    fc.assert(
      fc.property(Arbitrary.gridRecords(), (records) => {
        const tree = Result.getOrThrow(Grid.build(records))
        for (let i = 0; i < tree.size; i++) {
          const path = Grid.path(tree, i)
          expect(path.at(-1)).toBe(Grid.record(tree, i).code)
          expect(path.length).toBe(tree.depth[i]! + 1)
          for (let level = 0; level < tree.scheme.levels.length; level++) {
            const a = Grid.ancestorAt(tree, i, level)
            if (a >= 0) {
              expect(Grid.contains(tree, a, i)).toBe(true)
              expect(Grid.level(tree, a)).toBe(level)
              expect(Grid.isExclusive(tree, a)).toBe(false)
            } else expect(level).toBeGreaterThan(Grid.level(tree, i))
          }
        }
      }),
      { numRuns: 100 }
    )
  })

  it("malformed records yield errors naming every planted problem, and no tree", () => {
    fc.assert(
      fc.property(Arbitrary.malformedGridRecords(), ({ records, expected }) => {
        const r = Grid.build(records)
        expect(Result.isFailure(r)).toBe(true)
        if (Result.isFailure(r)) {
          const tags = new Set(r.failure.issues.map((i) => i._tag))
          for (const tag of expected) expect(tags).toContain(tag)
          for (const issue of r.failure.issues) expect(issue.message.length).toBeGreaterThan(0)
        }
      }),
      { numRuns: 300 }
    )
  })

  it("random change sequences keep every invariant; rejected changes leave the tree untouched", () => {
    let accepted = 0
    let rejected = 0
    fc.assert(
      fc.property(Arbitrary.gridRecords({ maxTowns: 3, maxVillages: 3, maxBlocks: 3 }), fc.gen(), (records, gen) => {
        let tree = Result.getOrThrow(Grid.build(records))
        for (let step = 0; step < 12; step++) {
          const change = gen(() => Arbitrary.gridChange(tree))
          const snapshot = JSON.stringify(tree.records)
          const next = GridChange.apply(tree, change)
          expect(JSON.stringify(tree.records)).toBe(snapshot)
          if (Result.isSuccess(next)) {
            accepted++
            // ids are stable: an old id keeps its grid (moved or renamed, same kind), new ids come after
            expect(next.success.size).toBeGreaterThanOrEqual(tree.size)
            for (let i = 0; i < tree.size; i++)
              expect(Grid.record(next.success, i).kind).toBe(Grid.record(tree, i).kind)
            tree = next.success
            checkInvariants(tree)
          } else {
            rejected++
            expect(next.failure.issues.length).toBeGreaterThan(0)
          }
        }
      }),
      { numRuns: 60 }
    )
    expect(accepted).toBeGreaterThan(50)
    expect(rejected).toBeGreaterThan(50)
  })
})
