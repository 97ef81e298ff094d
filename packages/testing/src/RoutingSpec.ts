/**
 * A test kit for routing tables: given / when / then helpers with which a city checks
 * its own table ("a water dispute walked in at the center goes to the water
 * committee"), a reference evaluator (the rules of precedence written as plainly as
 * possible, for property tests), a deterministic place tree, and fast-check arbitraries
 * for rules, tables, places and cases.
 *
 * Failures throw a {@link SpecFailure} whose message carries the full explanation of
 * the decision, so a failing spec says which rule won and why.
 *
 * @since 0.1.0
 */

import * as CaseKind from "@gridgov/core/CaseKind"
import * as Category from "@gridgov/core/Category"
import * as Escalation from "@gridgov/core/Escalation"
import * as Linkage from "@gridgov/core/Linkage"
import * as Routing from "@gridgov/core/Routing"
import * as RoutingTable from "@gridgov/core/RoutingTable"
import { Result } from "effect"
import * as fc from "fast-check"
import { routing as yumenRouting } from "./Yumen.js"

/**
 * A failed routing expectation. The message shows the case, what was expected, what
 * happened and the explanation.
 *
 * @example
 * import { RoutingSpec } from "@gridgov/testing"
 * new RoutingSpec.SpecFailure("expected committee.water").name // "SpecFailure"
 *
 * @category assertions
 * @since 0.1.0
 */
export class SpecFailure extends Error {
  override readonly name = "SpecFailure"
}

const show = (handler: Routing.Handler): string =>
  handler._tag === "Grid" ? `grid ${handler.grid} (level ${handler.level})` : handler.unit

/**
 * Renders an explanation as readable lines: the decision, the winner and its met
 * conditions, the outranked candidates and the rejected rules with their failed
 * conditions.
 *
 * @example
 * import { Routing } from "@gridgov/core"
 * import { RoutingSpec, Yumen } from "@gridgov/testing"
 * import { Result } from "effect"
 * const router = Result.getOrThrow(Routing.compile(Yumen.routing))
 * const why = Routing.explain(router, { kind: "petition", category: "petition.land", place: ["620981"] })
 * RoutingSpec.render(why).startsWith("→ center.reception") // true
 *
 * @category rendering
 * @since 0.1.0
 */
export const render = (explanation: Routing.Explanation): string => {
  const d = explanation.decision
  const lines = [
    `→ ${show(d.target)} ${d.backstop ? "(backstop: no rule matched)" : `by rule ${d.rule} (${d.basis})`}; ${explanation.categoryType} → ${d.strategy}`
  ]
  if (explanation.winner !== undefined)
    lines.push(
      `  met: ${explanation.winner.met.map((m) => `${m.condition} ${m.expected.join("|")} ∋ ${m.actual}`).join(", ") || "(no conditions)"}`
    )
  for (const o of explanation.outranked) lines.push(`  outranked: ${o.rule} (by ${o.by} on ${o.criterion})`)
  for (const r of explanation.rejected)
    lines.push(
      `  rejected: ${r.rule} (${r.failed.map((f) => `${f.condition} ${f.expected.join("|")} ∌ ${f.actual ?? "(none)"}`).join(", ")})`
    )
  return lines.join("\n")
}

/**
 * What a spec expects a case to route to: a unit id, or a level of the place's path.
 *
 * @example
 * import type { RoutingSpec } from "@gridgov/testing"
 * const village: RoutingSpec.Expected = { level: 2 }
 * const committee: RoutingSpec.Expected = "committee.water"
 *
 * @category assertions
 * @since 0.1.0
 */
export type Expected = string | { readonly level: number }

const sameTarget = (handler: Routing.Handler, expected: Expected): boolean =>
  typeof expected === "string"
    ? handler._tag === "Unit" && handler.unit === expected
    : handler._tag === "Grid" && handler.level === expected.level

const showExpected = (expected: Expected): string =>
  typeof expected === "string" ? expected : `the grid at level ${expected.level}`

/**
 * The expectations on one case (see {@link given}).
 *
 * @example
 * import { RoutingSpec, Yumen } from "@gridgov/testing"
 * RoutingSpec.given(Yumen.routing)
 *   .when({ kind: "petition", category: "petition.land", place: ["620981"] })
 *   .routesTo("center.reception")
 *
 * @category given / when / then
 * @since 0.1.0
 */
export interface When {
  readonly decision: Routing.Decision
  readonly explanation: Routing.Explanation
  /** Asserts the handler; returns this for chaining. */
  routesTo(expected: Expected): When
  /** Asserts the id of the rule that decided. */
  byRule(id: string): When
  /** Asserts that no rule matched and the backstop answered. */
  toBackstop(): When
  /** Asserts that `rule` matched but lost on `criterion`. */
  outranks(rule: string, criterion?: Routing.Criterion): When
  /** Runs any assertion on the decision and its explanation. */
  check(assertion: (decision: Routing.Decision, explanation: Routing.Explanation) => void): When
}

/**
 * A routing table under test (see {@link given}).
 *
 * @example
 * import { RoutingSpec, Yumen } from "@gridgov/testing"
 * const spec = RoutingSpec.given(Yumen.routing)
 * spec.router.table.backstop // "center.grid"
 *
 * @category given / when / then
 * @since 0.1.0
 */
export interface Given {
  readonly router: Routing.Router
  /** A case to route. */
  when(input: Routing.Input): When
  /** The chain of handlers an escalation climbs from `from` until the top of the ladder. */
  escalating(
    from: Routing.Handler,
    context: { readonly kind: CaseKind.Kind; readonly category: string; readonly place: Routing.Place }
  ): { reaches(expected: ReadonlyArray<Expected>): ReadonlyArray<Escalation.Step> }
  /** A two-way linkage decision for a dispute. */
  linking(request: Parameters<typeof Linkage.decide>[1]): {
    is(tag: Linkage.Linkage["_tag"], to: string): Linkage.Linkage
  }
}

/**
 * Starts a spec from a table (compiled against `taxonomy`, default the default
 * taxonomy) or an already compiled router. Throws a {@link SpecFailure} listing the
 * table's problems when it does not compile.
 *
 * @example
 * import { RoutingSpec, Yumen } from "@gridgov/testing"
 * const place = ["620981", "620981101", "620981101201"]
 * RoutingSpec.given(Yumen.routing)
 *   .when({ kind: "dispute", category: "dispute.water", severity: "ordinary", channel: "walkIn", place })
 *   .routesTo("committee.water")
 *   .byRule("center.dispute.water")
 *
 * @category given / when / then
 * @since 0.1.0
 */
export const given = (
  table: RoutingTable.Table | Routing.Router,
  options: { readonly taxonomy?: Category.Taxonomy } = {}
): Given => {
  const router =
    "rules" in table
      ? Result.getOrElse(Routing.compile(table, options), (e) => {
          throw new SpecFailure(e.message)
        })
      : table
  return {
    router,
    when: (input) => {
      const decision = Routing.route(router, input)
      const explanation = Routing.explain(router, input)
      const fail = (what: string): never => {
        throw new SpecFailure(`${what}\ncase: ${JSON.stringify(input)}\n${render(explanation)}`)
      }
      const self: When = {
        decision,
        explanation,
        routesTo: (expected) => {
          if (!sameTarget(decision.target, expected))
            fail(`expected ${showExpected(expected)}, got ${show(decision.target)}`)
          return self
        },
        byRule: (id) => {
          if (decision.rule !== id) fail(`expected rule ${id}, got ${decision.rule ?? "the backstop"}`)
          return self
        },
        toBackstop: () => {
          if (!decision.backstop) fail(`expected the backstop, got rule ${decision.rule}`)
          return self
        },
        outranks: (rule, criterion) => {
          const o = explanation.outranked.find((x) => x.rule === rule)
          if (o === undefined) fail(`expected ${rule} to match and be outranked`)
          else if (criterion !== undefined && o.criterion !== criterion)
            fail(`expected ${rule} to be outranked on ${criterion}, it was on ${o.criterion}`)
          return self
        },
        check: (assertion) => {
          assertion(decision, explanation)
          return self
        }
      }
      if (decision.rule !== explanation.decision.rule)
        fail(`the index chose ${decision.rule}, the explanation ${explanation.decision.rule}`)
      return self
    },
    escalating: (from, context) => ({
      reaches: (expected) => {
        const steps: Array<Escalation.Step> = []
        let current = from
        for (;;) {
          const next = Escalation.next(router, current, context)
          if (Result.isFailure(next)) {
            if (next.failure._tag === "LadderTop") break
            throw new SpecFailure(`escalation failed from ${show(current)}: ${next.failure._tag}`)
          }
          steps.push(next.success)
          current = next.success.to
          if (steps.length > 64) throw new SpecFailure("escalation does not end")
        }
        const got = steps.map((s) => s.to)
        if (got.length !== expected.length || got.some((h, i) => !sameTarget(h, expected[i]!)))
          throw new SpecFailure(
            `expected the ladder ${expected.map(showExpected).join(" → ")}, got ${got.map(show).join(" → ")}`
          )
        return steps
      }
    }),
    linking: (request) => ({
      is: (tag, to) => {
        const linkage = Linkage.decide(router, request)
        if (Result.isFailure(linkage)) throw new SpecFailure(`linkage failed: ${linkage.failure._tag}`)
        if (linkage.success._tag !== tag || linkage.success.to !== to)
          throw new SpecFailure(`expected ${tag} to ${to}, got ${linkage.success._tag} to ${linkage.success.to}`)
        return linkage.success
      }
    })
  }
}

// ---------------------------------------------------------------------------
// reference evaluator
// ---------------------------------------------------------------------------

const list = <T>(value: T | ReadonlyArray<T> | undefined): ReadonlyArray<T> | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? value : [value as T]

const holds = <T>(condition: T | ReadonlyArray<T> | undefined, actual: T | undefined): boolean => {
  const values = list(condition)
  return values === undefined || (actual !== undefined && values.includes(actual))
}

/**
 * The rules of precedence written as plainly as possible, for property tests: keep the
 * rules whose every condition holds, sort them by priority, strategy, category depth,
 * grid depth, condition count and id, take the first; the backstop when none holds.
 * Returns the winning rule's id (`undefined` for the backstop) and the handler.
 *
 * @example
 * import { RoutingSpec, Yumen } from "@gridgov/testing"
 * RoutingSpec.reference(Yumen.routing, { kind: "petition", category: "petition.land", place: ["620981"] }).rule // "petition"
 *
 * @category reference
 * @since 0.1.0
 */
export const reference = (
  table: RoutingTable.Table,
  input: Routing.Input,
  taxonomy: Category.Taxonomy = Category.defaults
): { readonly rule: string | undefined; readonly target: Routing.Handler } => {
  const component = Category.typeOf(taxonomy, input.category) === "component"
  const candidates = table.rules
    .filter(
      (r) =>
        holds(r.kind, input.kind) &&
        holds(r.severity, input.severity) &&
        holds(r.complexity, input.complexity) &&
        holds(r.channel, input.channel) &&
        (r.category === undefined || Category.matches(r.category, input.category)) &&
        (r.grid === undefined || input.place.includes(r.grid)) &&
        (!("level" in r.target) || r.target.level < input.place.length)
    )
    .map((r) => {
      const basis = r.basis ?? ("level" in r.target ? "locality" : "owner")
      const preferred = component ? basis === "owner" : basis === "locality"
      const conditions = (["kind", "category", "severity", "complexity", "channel", "grid"] as const).filter(
        (k) => r[k] !== undefined
      ).length
      const key = [
        r.priority ?? 0,
        preferred ? 1 : 0,
        r.category === undefined ? 0 : r.category.split(".").length,
        r.grid === undefined ? 0 : input.place.lastIndexOf(r.grid) + 1,
        conditions
      ]
      return { r, key }
    })
    .sort((a, b) => {
      for (let i = 0; i < a.key.length; i++) if (a.key[i] !== b.key[i]) return b.key[i]! - a.key[i]!
      return a.r.id < b.r.id ? -1 : 1
    })
  const winner = candidates[0]?.r
  if (winner === undefined) return { rule: undefined, target: { _tag: "Unit", unit: table.backstop } }
  return {
    rule: winner.id,
    target:
      "level" in winner.target
        ? { _tag: "Grid", level: winner.target.level, grid: input.place[winner.target.level]! }
        : { _tag: "Unit", unit: winner.target.unit }
  }
}

// ---------------------------------------------------------------------------
// places and arbitraries
// ---------------------------------------------------------------------------

const pad = (n: number): string => String(n).padStart(3, "0")

/**
 * A deterministic place tree in the default level scheme, as the list of every grid's
 * path: a city (`root`), `towns` towns (codes root + 101…), `villages` villages per town
 * (+ 201…) and `blocks` blocks per village (+ 001…).
 *
 * @example
 * import { RoutingSpec } from "@gridgov/testing"
 * const places = RoutingSpec.tree({ towns: 2, villages: 2, blocks: 2 })
 * places.length // 1 + 2 + 4 + 8
 * places[3] // ["620981", "620981101", "620981101201", "620981101201001"]
 *
 * @category places
 * @since 0.1.0
 */
export const tree = (options: {
  readonly towns: number
  readonly villages: number
  readonly blocks: number
  readonly root?: string
}): Array<Routing.Place> => {
  const root = options.root ?? "620981"
  const out: Array<Routing.Place> = [[root]]
  for (let t = 0; t < options.towns; t++) {
    const town = `${root}${pad(101 + t)}`
    out.push([root, town])
    for (let v = 0; v < options.villages; v++) {
      const village = `${town}${pad(201 + v)}`
      out.push([root, town, village])
      for (let b = 0; b < options.blocks; b++) out.push([root, town, village, `${village}${pad(1 + b)}`])
    }
  }
  return out
}

/**
 * The universe arbitraries draw from: the places, categories and units that rules and
 * cases may name.
 *
 * @example
 * import { RoutingSpec } from "@gridgov/testing"
 * const universe = RoutingSpec.universe()
 * universe.categories.includes("dispute.water") // true
 *
 * @category arbitraries
 * @since 0.1.0
 */
export interface Universe {
  readonly places: ReadonlyArray<Routing.Place>
  readonly categories: ReadonlyArray<string>
  readonly units: ReadonlyArray<string>
}

/**
 * A universe: by default a small tree (2 towns × 2 villages × 2 blocks), every category
 * of the default taxonomy and the units of the Yumen table. Small on purpose, so random
 * rules collide and the tie-breaks are exercised.
 *
 * @example
 * import { RoutingSpec } from "@gridgov/testing"
 * RoutingSpec.universe({ categories: ["dispute", "dispute.water"] }).categories.length // 2
 *
 * @category arbitraries
 * @since 0.1.0
 */
export const universe = (options: Partial<Universe> = {}): Universe => ({
  places: options.places ?? tree({ towns: 2, villages: 2, blocks: 2 }),
  categories: options.categories ?? Category.defaults.entries.map((e) => e.code),
  units: options.units ?? [
    "center.grid",
    "center.mediation",
    "center.reception",
    "committee.joint",
    "committee.water",
    "window.petition",
    "dept.hrss",
    "dept.urban-management",
    "dept.court"
  ]
})

const oneOrMany = <T>(values: ReadonlyArray<T>): fc.Arbitrary<T | ReadonlyArray<T>> =>
  fc.oneof(fc.constantFrom(...values), fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 3 }))

const optional = <T>(arb: fc.Arbitrary<T>, freq = 1): fc.Arbitrary<T | undefined> =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary: arb, weight: freq })

const strip = <A extends object>(record: A): A =>
  Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as A

/**
 * A random rule over a universe, with the given id. Conditions are present about a
 * third of the time each; priorities are small so ties are frequent.
 *
 * @example
 * import { RoutingSpec } from "@gridgov/testing"
 * import * as fc from "fast-check"
 * fc.sample(RoutingSpec.rule(RoutingSpec.universe(), "r1"), 1)[0]?.id // "r1"
 *
 * @category arbitraries
 * @since 0.1.0
 */
export const rule = (u: Universe, id: string): fc.Arbitrary<RoutingTable.Rule> => {
  const grids = [...new Set(u.places.flat())]
  return fc
    .record({
      priority: optional(fc.integer({ min: 0, max: 2 })),
      kind: optional(oneOrMany(CaseKind.Kind.literals)),
      category: optional(fc.constantFrom(...u.categories)),
      severity: optional(oneOrMany(CaseKind.Severity.literals)),
      complexity: optional(oneOrMany(CaseKind.Track.literals)),
      channel: optional(oneOrMany(CaseKind.Channel.literals)),
      grid: optional(fc.constantFrom(...grids)),
      target: fc.oneof(
        fc.integer({ min: 0, max: 3 }).map((level) => ({ level })),
        fc.constantFrom(...u.units).map((unit) => ({ unit }))
      ),
      basis: optional(fc.constantFrom(...RoutingTable.Basis.literals), 1)
    })
    .map((r) => strip({ id, ...r }) as RoutingTable.Rule)
}

/**
 * A random list of rules with unique ids (`r0`, `r1`, …), in random order.
 *
 * @example
 * import { RoutingSpec } from "@gridgov/testing"
 * import * as fc from "fast-check"
 * fc.sample(RoutingSpec.rules(RoutingSpec.universe(), { maxLength: 5 }), 1)[0]!.length <= 5 // true
 *
 * @category arbitraries
 * @since 0.1.0
 */
export const rules = (
  u: Universe,
  options: { readonly minLength?: number; readonly maxLength?: number } = {}
): fc.Arbitrary<ReadonlyArray<RoutingTable.Rule>> =>
  fc
    .integer({ min: options.minLength ?? 0, max: options.maxLength ?? 30 })
    .chain(
      (n): fc.Arbitrary<Array<RoutingTable.Rule>> => fc.tuple(...Array.from({ length: n }, (_, i) => rule(u, `r${i}`)))
    )
    .chain((rs) => fc.shuffledSubarray(rs, { minLength: rs.length, maxLength: rs.length }))

/**
 * A random table: random rules on top of the Yumen ladder, owners and committees, with
 * a backstop from the universe's units.
 *
 * @example
 * import { RoutingSpec } from "@gridgov/testing"
 * import * as fc from "fast-check"
 * fc.sample(RoutingSpec.table(RoutingSpec.universe()), 1)[0]!.ladder.center.dispute // "center.mediation"
 *
 * @category arbitraries
 * @since 0.1.0
 */
export const table = (
  u: Universe,
  options: { readonly minLength?: number; readonly maxLength?: number } = {}
): fc.Arbitrary<RoutingTable.Table> =>
  fc
    .record({ rules: rules(u, options), backstop: fc.constantFrom(...u.units) })
    .map(({ rules, backstop }) => ({ ...yumenRouting, rules, backstop }))

/**
 * A random place of the universe (a grid's path at any level).
 *
 * @example
 * import { RoutingSpec } from "@gridgov/testing"
 * import * as fc from "fast-check"
 * fc.sample(RoutingSpec.place(RoutingSpec.universe()), 1)[0]![0] // "620981"
 *
 * @category arbitraries
 * @since 0.1.0
 */
export const place = (u: Universe): fc.Arbitrary<Routing.Place> => fc.constantFrom(...u.places)

/**
 * A random case over the universe; severity, complexity and channel are sometimes absent.
 *
 * @example
 * import { RoutingSpec } from "@gridgov/testing"
 * import * as fc from "fast-check"
 * const [input] = fc.sample(RoutingSpec.input(RoutingSpec.universe()), 1)
 * input!.place.length >= 1 // true
 *
 * @category arbitraries
 * @since 0.1.0
 */
export const input = (u: Universe): fc.Arbitrary<Routing.Input> =>
  fc
    .record({
      kind: fc.constantFrom(...CaseKind.Kind.literals),
      category: fc.constantFrom(...u.categories),
      severity: optional(fc.constantFrom(...CaseKind.Severity.literals), 4),
      complexity: optional(fc.constantFrom(...CaseKind.Track.literals), 4),
      channel: optional(fc.constantFrom(...CaseKind.Channel.literals), 4),
      place: place(u)
    })
    .map((i) => strip(i) as Routing.Input)
