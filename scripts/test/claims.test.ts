/**
 * The docs' claimed values: which comments claim a value, and what a claim checks.
 */
import { describe, expect, it } from "vitest"
import { claimsOf } from "../claims.js"
import { matches } from "../claimsMatch.js"

describe("claims in examples", () => {
  it("reads a literal at the start of the comment, ended by the comment or by prose after : ; , ( —", () => {
    const source = [
      "Grid.contains(tree, a, b) // true, in O(1) from interval numbers",
      'state.status // "found": the first state',
      'decision.target // { _tag: "Grid", level: 2 }: big matters stay in the village',
      "console.log(cal.provisionalYears) // [2027]: log a warning",
      "shown // [false, true, false]",
      'new Problem.NotFound({ detail: "x" }).status // 404'
    ].join("\n")
    expect(claimsOf(source).map((c) => [c.line, c.expression, c.value])).toEqual([
      [1, "Grid.contains(tree, a, b)", "true"],
      [2, "state.status", '"found"'],
      [3, "decision.target", '{ _tag: "Grid", level: 2 }'],
      [4, "cal.provisionalYears", "[2027]"],
      [5, "shown", "[false, true, false]"],
      [6, 'new Problem.NotFound({ detail: "x" }).status', "404"]
    ])
  })

  it("leaves prose, declarations, indented lines and open expressions alone", () => {
    const source = [
      "const now = Date.UTC(2025, 8, 30, 2) // 2025-09-30 10:00 in Shanghai",
      "res.writeHead(204).end() // 2xx for a repeat too",
      "  inner // true",
      "call( // 3",
      "x = 1 // 1",
      "value // a grid code such as 620981",
      "value // { grid: here }",
      "// a commented-out line // true",
      "}) // 3"
    ].join("\n")
    expect(claimsOf(source)).toEqual([])
  })

  it("objects claim the keys they name; arrays and primitives all of it", () => {
    expect(matches({ _tag: "Grid", level: 2, grid: "1" }, { _tag: "Grid", level: 2 })).toBe(true)
    expect(matches({ _tag: "Grid", level: 3 }, { _tag: "Grid", level: 2 })).toBe(false)
    expect(matches([1, 2], [1, 2])).toBe(true)
    expect(matches([1, 2, 3], [1, 2])).toBe(false)
    expect(matches("a", "a")).toBe(true)
    expect(matches({ _tag: "Success", value: "a" }, "a")).toBe(false)
    expect(matches(Number.NaN, Number.NaN)).toBe(true)
  })
})
