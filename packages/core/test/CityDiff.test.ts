/**
 * `CityChange.diff`: the changes from a configuration to a target, decided as one
 * batch back into the target; rows left out kept unless pruned; what no change can
 * make, and grids pruned while still in use, as faults.
 */
import { City, type CityChange, type Grid } from "@gridgov/core"
import * as CityChangeM from "@gridgov/core/CityChange"
import { Result } from "effect"
import { describe, expect, it } from "vitest"

const grid = (code: string, parent: string | null, kind: string, zh = code): Grid.GridRecord => ({
  code,
  parent,
  kind,
  name: { zh, en: code }
})
const grids = [
  grid("620981", null, "city"),
  grid("620981101", "620981", "town"),
  grid("620981101201", "620981101", "village"),
  grid("620981101202", "620981101", "village")
]
const target: CityChange.Target = {
  // children first: the diff puts parents first
  grids: [...grids].reverse(),
  people: [
    { id: "p-1", name: "张三" },
    { id: "p-2", name: "李四" }
  ],
  posts: [
    { id: "p-1#1", person: "p-1", role: "gridWorker", at: { grid: "620981101201" }, validFrom: "2026-01-01" },
    { id: "p-2#1", person: "p-2", role: "gridWorker", at: { grid: "620981101202" }, validFrom: "2026-01-01" }
  ]
}
const context = {
  actor: { id: "system", roles: ["system"] },
  reason: "test",
  now: 0,
  today: "2026-12-07"
}
const apply = (document: City.Document, d: CityChange.Diff) => {
  const [first, ...rest] = d.steps.map((s) => s.change)
  return first === undefined
    ? document
    : Result.getOrThrow(CityChangeM.decide(document, [first, ...rest], { ...context, version: 0 })).document
}
const filled = apply(City.empty, CityChangeM.diff(City.empty, target, { today: context.today }))

describe("CityChange.diff", () => {
  it("adds a city into an empty document, parents first, and finds nothing left to change after", () => {
    const d = CityChangeM.diff(City.empty, target, { today: context.today })
    expect(d.faults).toEqual([])
    expect(d.steps.filter((s) => s.change._tag === "AddGrid").map((s) => s.subject)).toEqual([
      { _tag: "grid", id: "620981" },
      { _tag: "grid", id: "620981101" },
      { _tag: "grid", id: "620981101201" },
      { _tag: "grid", id: "620981101202" }
    ])
    expect(CityChangeM.diff(filled, target, { today: context.today }).steps).toEqual([])
  })

  it("a rename, a person's name and a post's end as changes; a row left out is kept", () => {
    const next: CityChange.Target = {
      grids: grids.map((g) => (g.code === "620981101" ? { ...g, name: { zh: "花海镇", en: g.code } } : g)),
      people: [{ id: "p-1", name: "张三丰" }],
      posts: [{ ...target.posts![0]!, validTo: "2026-12-31" }]
    }
    const d = CityChangeM.diff(filled, next, { today: context.today })
    expect(d.steps.map((s) => s.line)).toEqual([
      "~ grid 620981101: name 620981101 -> 花海镇",
      "~ person p-1: name 张三 -> 张三丰",
      "~ post p-1#1: valid_to (open) -> 2026-12-31"
    ])
  })

  it("with prune: a post left out is ended yesterday; its grid, left out too, is retired, its work to a grid beside it", () => {
    const d = CityChangeM.diff(
      filled,
      { grids: grids.filter((g) => g.code !== "620981101202"), posts: [target.posts![0]!] },
      { today: context.today, prune: true }
    )
    expect(d.steps.map((s) => s.line)).toEqual([
      "- post p-2#1 p-2 gridWorker at grid 620981101202 (ended on 2026-12-06)",
      "- grid 620981101202 620981101202 (retired, its work to 620981101201)"
    ])
    const after = apply(filled, d)
    expect(after.grids.find((g) => g.code === "620981101202")?.successor).toBe("620981101201")
    expect(after.posts.find((p) => p.id === "p-2#1")?.validTo).toBe("2026-12-06")
  })

  it("with prune, a grid left out while a post kept stays there is a fault, naming the post", () => {
    const d = CityChangeM.diff(
      filled,
      { grids: grids.filter((g) => g.code !== "620981101202") },
      {
        today: context.today,
        prune: true
      }
    )
    expect(d.steps).toEqual([])
    expect(d.faults).toEqual([
      {
        subject: { _tag: "grid", id: "620981101202" },
        message: "--prune would retire grid 620981101202, but it is still in use: 1 post(s) there (p-2#1)"
      }
    ])
  })

  it("what no change makes is a fault: a grid's kind, a post's place", () => {
    const d = CityChangeM.diff(
      filled,
      {
        grids: grids.map((g) => (g.code === "620981101" ? { ...g, kind: "street" } : g)),
        posts: [{ ...target.posts![0]!, at: { grid: "620981101202" } }]
      },
      { today: context.today }
    )
    expect(d.steps).toEqual([])
    expect(d.faults.map((f) => f.subject)).toEqual([
      { _tag: "grid", id: "620981101" },
      { _tag: "post", id: "p-1#1" }
    ])
  })
})
