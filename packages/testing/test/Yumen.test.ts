import * as Grid from "@gridgov/core/Grid"
import * as Staff from "@gridgov/core/Staff"
import * as Yumen from "@gridgov/testing/Yumen"
import { describe, expect, it } from "vitest"

const city = Yumen.make()
const { tree, directory, date } = city
const ids = Array.from({ length: tree.size }, (_, i) => i)
const regular = ids.filter((i) => !Grid.isExclusive(tree, i))
const atLevel = (level: number) => regular.filter((i) => Grid.level(tree, i) === level)
const kindCount = (kind: string) => city.grids.filter((g) => g.kind === kind).length

describe("the Yumen fixture", () => {
  it("has 544 grids at levels 1–3 under the city 620981", () => {
    expect(atLevel(0).map((i) => Grid.record(tree, i).code)).toEqual(["620981"])
    expect(atLevel(1).length + atLevel(2).length + atLevel(3).length).toBe(544)
    expect(atLevel(1).length).toBe(18)
    expect(atLevel(2).length).toBe(85)
    expect(atLevel(3).length).toBe(441)
  })

  it("has the real level-1 units and 59 administrative villages", () => {
    const names = atLevel(1).map((i) => Grid.record(tree, i).name.zh)
    for (const name of ["玉门镇", "赤金镇", "花海镇", "柳河镇", "黄闸湾镇", "下西号镇", "昌马乡", "清泉乡", "柳湖乡"])
      expect(names).toContain(name)
    for (const name of ["小金湾东乡族乡", "独山子东乡族乡", "六墩乡", "黄花农场", "饮马农场", "玉门经济开发区"])
      expect(names).toContain(name)
    expect(kindCount("town")).toBe(6)
    expect(kindCount("township")).toBe(6)
    expect(kindCount("farm")).toBe(2)
    expect(kindCount("village")).toBe(59)
    expect(Grid.record(tree, Grid.id(tree, "620981103204")!).name.zh).toBe("金湾村")
    expect(city.grids.filter((g) => g.verified !== true).every((g) => (g.source ?? "").length > 0)).toBe(true)
  })

  it("has exclusive grids of several specialties, each with members", () => {
    const exclusive = ids.filter((i) => Grid.isExclusive(tree, i))
    const specialties = new Set(exclusive.map((i) => Grid.record(tree, i).specialty))
    for (const s of ["forest", "railway", "enterprise", "courier", "school", "security", "antiDrug", "lawEnforcement"])
      expect(specialties).toContain(s)
    for (const i of exclusive)
      expect(Staff.covering(directory, Grid.record(tree, i).code, "exclusiveMember", date).length).toBeGreaterThan(0)
  })

  it("has 1,807 full-time grid workers, every block covered", () => {
    const workers = city.staff.posts.filter((p) => p.role === "gridWorker" && Staff.validOn(p, date))
    expect(new Set(workers.map((p) => p.person)).size).toBe(1807)
    for (const block of atLevel(3))
      expect(
        Staff.covering(directory, Grid.record(tree, block).code, "gridWorker", date).length
      ).toBeGreaterThanOrEqual(4)
  })

  it("covers every grid with a chief and a community police officer", () => {
    for (const i of [...atLevel(1), ...atLevel(2), ...atLevel(3)]) {
      const code = Grid.record(tree, i).code
      expect(Staff.covering(directory, code, "gridChief", date)).toHaveLength(1)
      if (Grid.level(tree, i) >= 2) expect(Staff.covering(directory, code, "gridManager", date)).toHaveLength(1)
    }
    expect(Staff.covering(directory, "620981101", "gridChief", "2020-06-30")[0]!.person).not.toBe(
      Staff.covering(directory, "620981101", "gridChief", "2020-07-01")[0]!.person
    )
  })

  it("has the center's units and 46 staff", () => {
    const byType = (t: Staff.UnitType) => city.staff.units.filter((u) => u.type === t).map((u) => u.id)
    expect(byType("subCenter")).toEqual([...Staff.unitIds.subCenters])
    expect(byType("committee")).toEqual([...Staff.unitIds.committees])
    expect(byType("studio")).toEqual([...Staff.unitIds.studios])
    expect(byType("department")).toEqual([...Staff.unitIds.departments])
    expect(byType("window")).toHaveLength(20)
    for (const id of Staff.unitIds.windows) expect(byType("window")).toContain(id)
    const centerIds = new Set(city.staff.units.map((u) => u.id))
    const centerStaff = new Set(
      city.staff.posts
        .filter((p) => "unit" in p.at && centerIds.has(p.at.unit) && p.role !== "leader")
        .map((p) => p.person)
    )
    expect(centerStaff.size).toBe(46)
    expect(Staff.unitsFor(directory, "dispute", "dispute.water")[0]!.id).toBe("committee.water")
    expect(Staff.unitsFor(directory, "petition", "petition.housing").map((u) => u.id)).toContain("window.petition")
  })

  it("places a point in the deepest grid containing it", () => {
    for (const i of atLevel(3).filter((_, k) => k % 37 === 0)) {
      const ring = Grid.record(tree, i).boundary!.coordinates[0] as ReadonlyArray<readonly [number, number]>
      const [[w, s], , [e, n]] = ring as [readonly [number, number], unknown, readonly [number, number]]
      expect(Grid.locate(tree, (w + e) / 2, (s + n) / 2)).toBe(i)
    }
    expect(Grid.locate(tree, 100, 40)).toBeUndefined()
  })

  it("is deterministic for a seed and varies with it", () => {
    const again = Yumen.make()
    expect(again.grids).toEqual(city.grids)
    expect(again.staff).toEqual(city.staff)
    const other = Yumen.make(7)
    expect(other.grids.map((g) => g.code)).not.toEqual(city.grids.map((g) => g.code))
    expect(other.grids.filter((g) => g.kind === "group" || g.kind === "compound")).toHaveLength(441)
  })
})
