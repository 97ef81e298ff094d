/**
 * The routing index's layouts, against the plain scan: buckets crowded past the size
 * where they get a table of winners, a table of winners in every bucket however small,
 * and the map layout (for huge taxonomies × many grids) against the dense one. The
 * oracle is `Routing.explain`, which evaluates every rule one by one; the decisions of
 * the default layout are checked against `RoutingSpec.reference` in @gridgov/testing's
 * tests. The tables are drawn here, from core alone: core's tests cannot import
 * @gridgov/testing, which depends on core.
 */
import * as CaseKind from "@gridgov/core/CaseKind"
import * as Category from "@gridgov/core/Category"
import * as Routing from "@gridgov/core/Routing"
import * as RoutingTable from "@gridgov/core/RoutingTable"
import { Result } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Index from "../src/internal/routingIndex.js"

/** A small tree (2 towns × 2 villages × 2 blocks) so that random rules collide. */
const places: Array<Routing.Place> = (() => {
  const root = "620981"
  const out: Array<Routing.Place> = [[root]]
  for (let t = 0; t < 2; t++) {
    const town = `${root}${101 + t}`
    out.push([root, town])
    for (let v = 0; v < 2; v++) {
      const village = `${town}${201 + v}`
      out.push([root, town, village])
      for (let b = 0; b < 2; b++) out.push([root, town, village, `${village}00${1 + b}`])
    }
  }
  return out
})()
const universe = {
  places,
  categories: Category.defaults.entries.map((e) => e.code),
  units: ["center.grid", "center.mediation", "committee.joint", "committee.water", "dept.hrss", "dept.court"]
}
const grids = [...new Set(places.flat())]

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined })
const oneOrMany = <T>(values: ReadonlyArray<T>) =>
  optional(
    fc.oneof(fc.constantFrom(...values), fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 3 }))
  )
const strip = <A extends object>(record: A): A =>
  Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as A

const rule = (id: string): fc.Arbitrary<RoutingTable.Rule> =>
  fc
    .record({
      priority: optional(fc.integer({ min: 0, max: 2 })),
      kind: oneOrMany(CaseKind.Kind.literals),
      category: optional(fc.constantFrom(...universe.categories)),
      severity: oneOrMany(CaseKind.Severity.literals),
      complexity: oneOrMany(CaseKind.Track.literals),
      channel: oneOrMany(CaseKind.Channel.literals),
      grid: optional(fc.constantFrom(...grids)),
      target: fc.oneof(
        fc.integer({ min: 0, max: 3 }).map((level) => ({ level })),
        fc.constantFrom(...universe.units).map((unit) => ({ unit }))
      ),
      basis: optional(fc.constantFrom(...RoutingTable.Basis.literals))
    })
    .map((r) => strip({ id, ...r }) as RoutingTable.Rule)

const rulesOf = (maxLength: number): fc.Arbitrary<ReadonlyArray<RoutingTable.Rule>> =>
  fc
    .integer({ min: 0, max: maxLength })
    .chain(
      (n): fc.Arbitrary<Array<RoutingTable.Rule>> => fc.tuple(...Array.from({ length: n }, (_, i) => rule(`r${i}`)))
    )

const perKind = <A>(a: A) => ({ event: a, dispute: a, petition: a, prelitigation: a, hotline: a })
const base: Omit<RoutingTable.Table, "rules" | "backstop"> = {
  ladder: { center: perKind("center.grid"), top: perKind("owner"), ownerFallback: "dept.hrss" },
  owners: [{ category: "dispute.labor", unit: "dept.hrss" }],
  committees: [{ category: "dispute.water", unit: "committee.water" }],
  jointCommittee: "committee.joint"
}

const table = (maxLength: number): fc.Arbitrary<RoutingTable.Table> =>
  fc
    .record({ rules: rulesOf(maxLength), backstop: fc.constantFrom(...universe.units) })
    .map(({ rules, backstop }) => ({ ...base, rules, backstop }))

const input: fc.Arbitrary<Routing.Input> = fc
  .record({
    kind: fc.constantFrom(...CaseKind.Kind.literals),
    category: fc.constantFrom(...universe.categories),
    severity: optional(fc.constantFrom(...CaseKind.Severity.literals)),
    complexity: optional(fc.constantFrom(...CaseKind.Track.literals)),
    channel: optional(fc.constantFrom(...CaseKind.Channel.literals)),
    place: fc.constantFrom(...places)
  })
  .map((i) => strip(i) as Routing.Input)

const compile = (t: RoutingTable.Table) => Result.getOrThrow(Routing.compile(t))
/** The plain scan's decision: every rule evaluated, the best kept. */
const scanned = (t: RoutingTable.Table, i: Routing.Input) => Routing.explain(compile(t), i).decision

/**
 * A table whose rules crowd into one bucket: `size` rules with the same grid, category and
 * kind that differ only in severity, complexity, channel, priority, target and basis, on
 * top of a few random rules; and cases that reach that bucket.
 */
const crowded = (size: { readonly min: number; readonly max: number }) => {
  const anyGrid = [undefined, ...grids]
  return fc
    .record({
      grid: fc.constantFrom(...anyGrid),
      category: optional(fc.constantFrom(...universe.categories)),
      kind: fc.constantFrom(...CaseKind.Kind.literals),
      others: rulesOf(15),
      backstop: fc.constantFrom(...universe.units)
    })
    .chain(({ grid, category, kind, others, backstop }) => {
      const member = fc.record({
        priority: optional(fc.integer({ min: 0, max: 3 })),
        severity: oneOrMany(CaseKind.Severity.literals),
        complexity: oneOrMany(CaseKind.Track.literals),
        channel: oneOrMany(CaseKind.Channel.literals),
        target: fc.oneof(
          fc.integer({ min: 0, max: 3 }).map((level) => ({ level })),
          fc.constantFrom(...universe.units).map((unit) => ({ unit }))
        ),
        basis: optional(fc.constantFrom(...RoutingTable.Basis.literals))
      })
      const places = universe.places.filter((p) => grid === undefined || p.includes(grid))
      const categories = universe.categories.filter((c) => category === undefined || Category.matches(category, c))
      const input = fc
        .record({
          category: fc.constantFrom(...categories),
          severity: optional(fc.constantFrom(...CaseKind.Severity.literals)),
          complexity: optional(fc.constantFrom(...CaseKind.Track.literals)),
          channel: optional(fc.constantFrom(...CaseKind.Channel.literals)),
          place: fc.constantFrom(...places)
        })
        .map((i) => JSON.parse(JSON.stringify({ kind, ...i })) as Routing.Input)
      return fc.record({
        table: fc.array(member, { minLength: size.min, maxLength: size.max }).map(
          (members): RoutingTable.Table => ({
            ...base,
            backstop,
            rules: [
              ...others,
              ...members.map(
                (m, i) =>
                  JSON.parse(
                    JSON.stringify({ id: `b${i}`, grid, category, kind: i % 3 === 0 ? [kind] : kind, ...m })
                  ) as RoutingTable.Rule
              )
            ]
          })
        ),
        inputs: fc.array(input, { minLength: 30, maxLength: 30 })
      })
    })
}

describe("routing index: large buckets", () => {
  it("agrees with the plain scan when many rules share a grid, category and kind", () => {
    fc.assert(
      fc.property(crowded({ min: 9, max: 200 }), ({ table, inputs }) => {
        const router = compile(table)
        const maps = Index.compile(table, Category.defaults, -1)
        for (const input of inputs) {
          const expected = Routing.explain(router, input).decision
          const decision = Routing.route(router, input)
          expect(decision.rule).toBe(expected.rule)
          expect(decision.target).toEqual(expected.target)
          expect(Index.route(maps, input).rule).toBe(expected.rule)
        }
      }),
      { numRuns: 150 }
    )
  })

  it("a table of winners in every bucket, however small, agrees with the plain scan", () => {
    fc.assert(
      fc.property(table(80), input, (t, i) => {
        const tabled = Index.compile(t, Category.defaults, undefined, -1)
        expect(Index.route(tabled, i).rule).toBe(scanned(t, i).rule)
      }),
      { numRuns: 300 }
    )
  })
})

describe("routing index layouts", () => {
  it("the map layout (for huge taxonomies × many grids) agrees with the dense one", () => {
    fc.assert(
      fc.property(table(80), input, (t, i) => {
        const maps = Index.compile(t, Category.defaults, -1)
        expect(maps.dense).toBe(false)
        expect(Index.route(maps, i).rule).toBe(scanned(t, i).rule)
      }),
      { numRuns: 300 }
    )
  })
})
