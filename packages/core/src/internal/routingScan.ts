/**
 * The full explanation of a routing decision: every rule is evaluated condition by
 * condition (O(rules)); the matching ones are ranked with the same precedence as the
 * index, and each loser is told the first criterion on which the winner beat it.
 */
import * as Category from "../Category.js"
import type { Condition, Criterion, Explanation, Failed, Input, Met } from "../Routing.js"
import type { Rule, Strategy } from "../RoutingTable.js"
import { asList, type Compiled, decisionFor, outranks } from "./routingIndex.js"

interface Evaluated {
  readonly index: number
  readonly met: Array<Met>
  readonly failed: Array<Failed>
  readonly catDepth: number
  readonly gridDepth: number
}

const enumCondition = (
  condition: Condition,
  expected: ReadonlyArray<string> | undefined,
  actual: string | undefined,
  met: Array<Met>,
  failed: Array<Failed>
) => {
  if (expected === undefined) return
  if (actual !== undefined && expected.includes(actual)) met.push({ condition, expected, actual })
  else failed.push({ condition, expected, actual })
}

const evaluate = (rule: Rule, index: number, input: Input): Evaluated => {
  const met: Array<Met> = []
  const failed: Array<Failed> = []
  enumCondition("kind", asList(rule.kind), input.kind, met, failed)
  let catDepth = 0
  if (rule.category !== undefined) {
    if (Category.matches(rule.category, input.category)) {
      met.push({ condition: "category", expected: [rule.category], actual: input.category })
      catDepth = Category.depth(rule.category)
    } else failed.push({ condition: "category", expected: [rule.category], actual: input.category })
  }
  enumCondition("severity", asList(rule.severity), input.severity, met, failed)
  enumCondition("complexity", asList(rule.complexity), input.complexity, met, failed)
  enumCondition("channel", asList(rule.channel), input.channel, met, failed)
  let gridDepth = 0
  const place = input.place
  const here = place[place.length - 1]
  if (rule.grid !== undefined) {
    const at = place.lastIndexOf(rule.grid)
    if (at >= 0) {
      met.push({ condition: "grid", expected: [rule.grid], actual: here! })
      gridDepth = at + 1
    } else failed.push({ condition: "grid", expected: [rule.grid], actual: here })
  }
  if ("level" in rule.target) {
    const placeLevel = place.length - 1
    const entry = { condition: "level" as const, expected: [String(rule.target.level)], actual: String(placeLevel) }
    if (rule.target.level <= placeLevel) met.push(entry)
    else failed.push(entry)
  }
  return { index, met, failed, catDepth, gridDepth }
}

const criterion = (c: Compiled, a: Evaluated, b: Evaluated): Criterion =>
  c.priority[a.index] !== c.priority[b.index]
    ? "priority"
    : c.basis[a.index] !== c.basis[b.index]
      ? "strategy"
      : a.catDepth !== b.catDepth
        ? "category"
        : a.gridDepth !== b.gridDepth
          ? "grid"
          : c.conds[a.index] !== c.conds[b.index]
            ? "conditions"
            : "id"

export const explain = (c: Compiled, input: Input): Explanation => {
  const categoryType = Category.typeOf(c.taxonomy, input.category)
  const component = categoryType === "component"
  const strategy: Strategy = component ? "ownerFirst" : "localityFirst"
  const rules = c.table.rules
  const evaluated = rules.map((rule, i) => evaluate(rule, i, input))
  const matching = evaluated.filter((e) => e.failed.length === 0)
  matching.sort((a, b) =>
    outranks(c, component, a.index, a.catDepth, a.gridDepth, b.index, b.catDepth, b.gridDepth) ? -1 : 1
  )
  const winner = matching[0]
  if (winner === undefined) {
    return {
      decision: c.backstopDecision[strategy],
      categoryType,
      winner: undefined,
      outranked: [],
      rejected: evaluated.map((e) => ({ rule: rules[e.index]!.id, failed: e.failed }))
    }
  }
  const by = rules[winner.index]!.id
  return {
    decision: decisionFor(c, winner.index, input.place, strategy),
    categoryType,
    winner: { rule: rules[winner.index]!, met: winner.met },
    outranked: matching.slice(1).map((e) => ({ rule: rules[e.index]!.id, by, criterion: criterion(c, winner, e) })),
    rejected: evaluated.filter((e) => e.failed.length > 0).map((e) => ({ rule: rules[e.index]!.id, failed: e.failed }))
  }
}
