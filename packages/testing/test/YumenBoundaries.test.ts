/**
 * The Yumen fixture's invented boundaries, for any seed: nested (a grid's shape lies
 * inside its parent's), non-overlapping (siblings share edges at most) and covering
 * (the children of a grid tile it), with every shape labelled as invented. Checked
 * with an oracle of its own (shoelace areas, ray-casting point tests), independent of
 * `Grid.locate`, which is then checked against it on random points.
 */
import { Grid } from "@gridgov/core"
import { Yumen } from "@gridgov/testing"
import fc from "fast-check"
import { describe, expect, it } from "vitest"

type Point = readonly [number, number]
type Ring = ReadonlyArray<Point>

const ringOf = (g: Grid.GridRecord): Ring => {
  if (g.boundary?.type !== "Polygon") throw new Error(`${g.code} has no polygon`)
  return g.boundary.coordinates[0] as Ring
}

/** Twice the signed area (shoelace). */
const area = (ring: Ring): number => {
  let sum = 0
  for (let i = 0; i + 1 < ring.length; i++) sum += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1]
  return Math.abs(sum) / 2
}

/** Strictly inside (ray casting; a point on an edge may go either way, so callers keep off edges). */
const inside = (ring: Ring, [x, y]: Point): boolean => {
  let odd = false
  for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++) {
    const [xi, yi] = ring[i]!
    const [xj, yj] = ring[j]!
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) odd = !odd
  }
  return odd
}

/** On an edge (within a tolerance), for points the ray test cannot decide. */
const onEdge = (ring: Ring, [x, y]: Point, eps = 1e-9): boolean => {
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x1, y1] = ring[i]!
    const [x2, y2] = ring[i + 1]!
    const cross = (x2 - x1) * (y - y1) - (y2 - y1) * (x - x1)
    const within = Math.min(x1, x2) - eps <= x && x <= Math.max(x1, x2) + eps
    const between = Math.min(y1, y2) - eps <= y && y <= Math.max(y1, y2) + eps
    if (Math.abs(cross) <= eps && within && between) return true
  }
  return false
}

const bbox = (ring: Ring) => ({
  w: Math.min(...ring.map((p) => p[0])),
  e: Math.max(...ring.map((p) => p[0])),
  s: Math.min(...ring.map((p) => p[1])),
  n: Math.max(...ring.map((p) => p[1]))
})

/** The regular (non-exclusive) children of every grid with a boundary. */
const families = (fixture: Yumen.Fixture) => {
  const children = new Map<string, Array<Grid.GridRecord>>()
  for (const g of fixture.grids) {
    if (g.parent === null || g.kind === "exclusive") continue
    children.set(g.parent, [...(children.get(g.parent) ?? []), g])
  }
  return fixture.grids
    .filter((g) => children.has(g.code))
    .map((parent) => ({ parent, children: children.get(parent.code)! }))
}

const fixtures = new Map<number, Yumen.Fixture>()
const fixture = (seed: number) => {
  let f = fixtures.get(seed)
  if (f === undefined) {
    f = Yumen.make(seed)
    fixtures.set(seed, f)
  }
  return f
}
const seed = fc.integer({ min: 1, max: 10_000 })
/** A few seeds, for properties that draw many points per fixture. */
const fewSeeds = fc.integer({ min: 1, max: 4 })

describe("the Yumen fixture's boundaries", () => {
  it("every regular grid has one, labelled as invented; exclusive grids have none", () => {
    fc.assert(
      fc.property(seed, (s) => {
        for (const g of fixture(s).grids) {
          if (g.kind === "exclusive") expect(g.boundary).toBeUndefined()
          else {
            expect(g.boundary?.type).toBe("Polygon")
            expect(g.source?.endsWith(Yumen.inventedBoundary)).toBe(true)
          }
        }
      }),
      { numRuns: 4 }
    )
  })

  it("nested: every vertex of a grid's shape lies inside or on its parent's", () => {
    fc.assert(
      fc.property(seed, (s) => {
        for (const { parent, children } of families(fixture(s))) {
          const outer = ringOf(parent)
          for (const child of children)
            for (const p of ringOf(child)) expect(inside(outer, p) || onEdge(outer, p), `${child.code} ${p}`).toBe(true)
        }
      }),
      { numRuns: 4 }
    )
  })

  it("non-overlapping and covering: siblings' areas add up to their parent's, and no two overlap", () => {
    fc.assert(
      fc.property(seed, (s) => {
        for (const { parent, children } of families(fixture(s))) {
          const whole = area(ringOf(parent))
          const sum = children.reduce((a, c) => a + area(ringOf(c)), 0)
          // nested and pairwise disjoint, so equal areas mean the children cover the parent
          expect(Math.abs(sum - whole) / whole).toBeLessThan(1e-9)
          const boxes = children.map((c) => bbox(ringOf(c)))
          for (let i = 0; i < boxes.length; i++)
            for (let j = i + 1; j < boxes.length; j++) {
              const a = boxes[i]!
              const b = boxes[j]!
              const overlap =
                Math.max(0, Math.min(a.e, b.e) - Math.max(a.w, b.w)) *
                Math.max(0, Math.min(a.n, b.n) - Math.max(a.s, b.s))
              expect(overlap, `${children[i]!.code} × ${children[j]!.code}`).toBeLessThan(1e-12)
            }
        }
      }),
      { numRuns: 4 }
    )
  })

  it("a random point of a grid lies in exactly one of its children, and Grid.locate finds the deepest grid holding it", () => {
    fc.assert(
      fc.property(
        fewSeeds,
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        (s, u, v) => {
          const f = fixture(s)
          const byCode = new Map(f.grids.map((g) => [g.code, g]))
          // walk down from the city: at each level the point is in exactly one child
          let here = f.grids.find((g) => g.parent === null)!
          const box = bbox(ringOf(here))
          const point: Point = [box.w + u * (box.e - box.w), box.s + v * (box.n - box.s)]
          const kids = families(f)
          for (;;) {
            const family = kids.find((k) => k.parent.code === here.code)
            if (family === undefined) break
            if (family.children.some((c) => onEdge(ringOf(c), point))) return // on a shared edge: undecided
            const holding = family.children.filter((c) => inside(ringOf(c), point))
            expect(holding.map((c) => c.code)).toHaveLength(1)
            here = holding[0]!
          }
          const located = Grid.locate(f.tree, point[0], point[1])
          expect(located === undefined ? undefined : Grid.record(f.tree, located).code).toBe(here.code)
          expect(byCode.get(here.code)?.kind).toMatch(/^(group|compound)$/)
        }
      ),
      { numRuns: 300 }
    )
  })
})
