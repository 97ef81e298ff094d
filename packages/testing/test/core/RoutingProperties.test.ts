import * as CaseKind from "@gridgov/core/CaseKind"
import * as Category from "@gridgov/core/Category"
import * as Escalation from "@gridgov/core/Escalation"
import * as Routing from "@gridgov/core/Routing"
import type * as RoutingTable from "@gridgov/core/RoutingTable"
import * as RoutingSpec from "@gridgov/testing/RoutingSpec"
import * as Yumen from "@gridgov/testing/Yumen"
import { Result } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"

const universe = RoutingSpec.universe()
const compile = (table: RoutingTable.Table) => Result.getOrThrow(Routing.compile(table))

/** Does a rule match a case? Written from the docs, condition by condition. */
const matches = (rule: RoutingTable.Rule, input: Routing.Input): boolean => {
  const among = <T>(c: T | ReadonlyArray<T> | undefined, v: T | undefined) =>
    c === undefined || (v !== undefined && (Array.isArray(c) ? c.includes(v) : c === v))
  return (
    among(rule.kind, input.kind) &&
    among(rule.severity, input.severity) &&
    among(rule.complexity, input.complexity) &&
    among(rule.channel, input.channel) &&
    (rule.category === undefined ||
      input.category === rule.category ||
      input.category.startsWith(`${rule.category}.`)) &&
    (rule.grid === undefined || input.place.includes(rule.grid)) &&
    (!("level" in rule.target) || rule.target.level <= input.place.length - 1)
  )
}

describe("routing properties", () => {
  it("the compiled index agrees with the reference scan", () => {
    fc.assert(
      fc.property(RoutingSpec.table(universe, { maxLength: 60 }), RoutingSpec.input(universe), (table, input) => {
        const decision = Routing.route(compile(table), input)
        const expected = RoutingSpec.reference(table, input)
        expect(decision.rule).toBe(expected.rule)
        expect(decision.target).toEqual(expected.target)
        expect(decision.backstop).toBe(expected.rule === undefined)
      }),
      { numRuns: 400 }
    )
  })

  it("agrees on many inputs per table, including large tables", () => {
    fc.assert(
      fc.property(
        RoutingSpec.table(universe, { minLength: 100, maxLength: 300 }),
        fc.array(RoutingSpec.input(universe), { minLength: 20, maxLength: 20 }),
        (table, inputs) => {
          const router = compile(table)
          for (const input of inputs)
            expect(Routing.route(router, input).rule).toBe(RoutingSpec.reference(table, input).rule)
        }
      ),
      { numRuns: 40 }
    )
  })

  it("is deterministic: same input, same decision, whatever the order of the rules", () => {
    fc.assert(
      fc.property(
        RoutingSpec.table(universe, { maxLength: 40 }),
        RoutingSpec.input(universe),
        fc.infiniteStream(fc.nat()),
        (table, input, seeds) => {
          const shuffled = [...table.rules]
          const s = seeds[Symbol.iterator]()
          for (let i = shuffled.length - 1; i > 0; i--) {
            const j = s.next().value! % (i + 1)
            ;[shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!]
          }
          const router = compile(table)
          const first = Routing.route(router, input)
          expect(Routing.route(router, input)).toEqual(first)
          expect(Routing.route(compile({ ...table, rules: shuffled }), input)).toEqual(first)
          expect(Routing.explain(router, input).decision).toEqual(first)
        }
      ),
      { numRuns: 300 }
    )
  })

  it("every explanation names a rule that matches, and tells the truth about the others", () => {
    fc.assert(
      fc.property(RoutingSpec.table(universe, { maxLength: 40 }), RoutingSpec.input(universe), (table, input) => {
        const why = Routing.explain(compile(table), input)
        const byId = new Map(table.rules.map((r) => [r.id, r]))
        if (why.winner !== undefined) {
          expect(matches(why.winner.rule, input)).toBe(true)
          expect(why.decision.rule).toBe(why.winner.rule.id)
        }
        for (const o of why.outranked) expect(matches(byId.get(o.rule)!, input)).toBe(true)
        for (const r of why.rejected) {
          expect(matches(byId.get(r.rule)!, input)).toBe(false)
          expect(r.failed.length).toBeGreaterThan(0)
        }
        expect(why.outranked.length + why.rejected.length + (why.winner ? 1 : 0)).toBe(table.rules.length)
        expect(why.categoryType).toBe(Category.typeOf(Category.defaults, input.category))
      }),
      { numRuns: 300 }
    )
  })

  it("the backstop answers when nothing matches", () => {
    fc.assert(
      fc.property(RoutingSpec.table(universe, { maxLength: 30 }), RoutingSpec.input(universe), (table, input) => {
        // only rules for other kinds: none can match
        const others = table.rules.map((r) => ({
          ...r,
          kind: CaseKind.Kind.literals.find((k) => k !== input.kind)!
        }))
        const decision = Routing.route(compile({ ...table, rules: others }), input)
        expect(decision.backstop).toBe(true)
        expect(decision.rule).toBeUndefined()
        expect(decision.target).toEqual({ _tag: "Unit", unit: table.backstop })
      })
    )
  })

  it("escalation always moves strictly up and ends", () => {
    const handler = (place: Routing.Place) =>
      fc.oneof(
        fc
          .integer({ min: 0, max: place.length - 1 })
          .map((level): Routing.Handler => ({ _tag: "Grid", level, grid: place[level]! })),
        fc
          .constantFrom(...universe.units, "window.petition", "studio.1", "center")
          .map((unit): Routing.Handler => ({ _tag: "Unit", unit }))
      )
    const router = compile(Yumen.routing)
    fc.assert(
      fc.property(
        RoutingSpec.place(universe).chain((place) => fc.tuple(fc.constant(place), handler(place))),
        fc.constantFrom(...CaseKind.Kind.literals),
        fc.constantFrom(...universe.categories),
        ([place, from], kind, category) => {
          let current = from
          let steps = 0
          for (;;) {
            const next = Escalation.next(router, current, { kind, category, place })
            if (Result.isFailure(next)) {
              expect(next.failure._tag).toBe("LadderTop")
              expect(Escalation.tier(current)).toBe(4)
              break
            }
            expect(next.success.from).toEqual(current)
            expect(Escalation.tier(next.success.to)).toBeGreaterThan(Escalation.tier(current))
            current = next.success.to
            steps++
            expect(steps).toBeLessThanOrEqual(place.length + 2)
          }
        }
      ),
      { numRuns: 300 }
    )
  })
})
