import * as Grid from "@gridgov/core/Grid"
import * as Staff from "@gridgov/core/Staff"
import * as Arbitrary from "@gridgov/testing/Arbitrary"
import { Result } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"

const rec = (
  code: string,
  parent: string | null,
  kind: string,
  extra: Partial<Grid.GridRecord> = {}
): Grid.GridRecord => ({
  code,
  parent,
  kind,
  name: { zh: code, en: code },
  ...extra
})

const tree = Result.getOrThrow(
  Grid.build([
    rec("620981", null, "city"),
    rec("620981103", "620981", "town"),
    rec("620981103200", "620981103", "village"),
    rec("620981103200001", "620981103200", "group"),
    rec("620981103200002", "620981103200", "group"),
    rec("620981103200001X001", "620981103200001", "exclusive", { specialty: "enterprise" })
  ])
)

const people = ["w1", "w2", "chiefV", "chiefB", "chiefOld", "police", "ranger", "mediator"].map((id) => ({
  id,
  name: id
}))
const units: Array<Staff.Unit> = [
  { id: "center", type: "center", name: { zh: "中心", en: "Center" }, takes: [] },
  {
    id: "center.mediation",
    type: "subCenter",
    name: { zh: "调解中心", en: "Mediation" },
    parent: "center",
    takes: [{ kind: "dispute", categories: [] }]
  },
  {
    id: "committee.water",
    type: "committee",
    name: { zh: "水事", en: "Water" },
    parent: "center.mediation",
    takes: [{ kind: "dispute", categories: ["dispute.water"] }]
  },
  {
    id: "dept.water",
    type: "department",
    name: { zh: "水务局", en: "Water bureau" },
    takes: [
      { kind: "dispute", categories: ["dispute.water.irrigation"] },
      { kind: "event", categories: ["event.water"] }
    ]
  }
]
const posts: Array<Staff.Post> = [
  { person: "w1", role: "gridWorker", at: { grid: "620981103200001" }, validFrom: "2020-01-01" },
  { person: "w2", role: "gridWorker", at: { grid: "620981103200" }, validFrom: "2020-01-01" },
  {
    person: "chiefOld",
    role: "gridChief",
    at: { grid: "620981103200" },
    validFrom: "2019-01-01",
    validTo: "2020-12-31"
  },
  { person: "chiefV", role: "gridChief", at: { grid: "620981103200" }, validFrom: "2021-01-01" },
  { person: "chiefB", role: "gridChief", at: { grid: "620981103200002" }, validFrom: "2020-01-01" },
  { person: "police", role: "gridManager", at: { grid: "620981103" }, validFrom: "2020-01-01" },
  { person: "ranger", role: "exclusiveMember", at: { grid: "620981103200001X001" }, validFrom: "2020-01-01" },
  { person: "mediator", role: "mediator", at: { unit: "committee.water" }, validFrom: "2020-01-01" }
]
const dir = Result.getOrThrow(Staff.directory({ people, units, posts }, tree))

const summary = (code: string, date: string) =>
  Staff.coverage(dir, code, date)
    .map((c) => `${c.role}@${c.grid}${c.inherited ? "^" : ""}:${c.posts.map((p) => p.person).join("+")}`)
    .sort()

describe("Staff.coverage", () => {
  it("inherits chiefs and police from ancestors; workers cover only their own grid", () => {
    expect(summary("620981103200001", "2021-03-01")).toEqual([
      "gridChief@620981103200^:chiefV",
      "gridManager@620981103^:police",
      "gridWorker@620981103200001:w1"
    ])
  })
  it("prefers the nearest post of an inheriting role", () => {
    expect(summary("620981103200002", "2021-03-01")).toEqual([
      "gridChief@620981103200002:chiefB",
      "gridManager@620981103^:police"
    ])
  })
  it("respects validity dates (both ends inclusive)", () => {
    expect(Staff.covering(dir, "620981103200", "gridChief", "2020-12-31").map((p) => p.person)).toEqual(["chiefOld"])
    expect(Staff.covering(dir, "620981103200", "gridChief", "2021-01-01").map((p) => p.person)).toEqual(["chiefV"])
    expect(Staff.covering(dir, "620981103200", "gridChief", "2018-12-31")).toEqual([])
  })
  it("covers exclusive grids with their members and the host's inherited roles", () => {
    expect(summary("620981103200001X001", "2021-03-01")).toEqual([
      "exclusiveMember@620981103200001X001:ranger",
      "gridChief@620981103200^:chiefV",
      "gridManager@620981103^:police"
    ])
    expect(Staff.coverage(dir, "unknown", "2021-03-01")).toEqual([])
  })
})

describe("Staff look-ups", () => {
  it("lists the grids a person serves and the posts at a unit", () => {
    expect(Staff.gridsOf(dir, "police", "2021-03-01")).toEqual(["620981103"])
    expect(Staff.gridsOf(dir, "chiefOld", "2021-03-01")).toEqual([])
    expect(Staff.postsAt(dir, "committee.water", "2021-03-01").map((p) => p.person)).toEqual(["mediator"])
  })
  it("finds the units for a kind and category, most specific first", () => {
    expect(Staff.unitsFor(dir, "dispute", "dispute.water.irrigation").map((u) => u.id)).toEqual([
      "dept.water",
      "committee.water",
      "center.mediation"
    ])
    expect(Staff.unitsFor(dir, "dispute", "dispute.waterfront").map((u) => u.id)).toEqual(["center.mediation"])
    expect(Staff.unitsFor(dir, "petition", "petition").map((u) => u.id)).toEqual([])
  })
})

describe("Staff.directory and decode", () => {
  it("reports every problem at once", () => {
    const r = Staff.directory(
      {
        people: [
          { id: "a", name: "A" },
          { id: "a", name: "A again" }
        ],
        units: [
          {
            id: "committee.labor",
            type: "committee",
            name: { zh: "劳动", en: "Labor" },
            parent: "center.nowhere",
            takes: []
          },
          { id: "window.x", type: "window", name: { zh: "甲", en: "X" }, parent: "window.y", takes: [] },
          { id: "window.y", type: "window", name: { zh: "乙", en: "Y" }, parent: "window.x", takes: [] }
        ],
        posts: [
          { person: "b", role: "gridWorker", at: { grid: "620981999" }, validFrom: "2021-01-01" },
          { person: "a", role: "gridWorker", at: { grid: "620981103200001X001" }, validFrom: "2021-01-01" },
          { person: "a", role: "exclusiveMember", at: { grid: "620981103" }, validFrom: "2021-01-01" },
          { person: "a", role: "departmentOfficer", at: { unit: "committee.labor" }, validFrom: "2021-01-01" },
          { person: "a", role: "public", at: { unit: "committee.labor" }, validFrom: "2021-01-01" },
          {
            person: "a",
            role: "mediator",
            at: { unit: "committee.none" },
            validFrom: "2021-02-01",
            validTo: "2021-01-01"
          }
        ]
      },
      tree
    )
    expect(Result.isFailure(r) && r.failure.issues.map((i) => `${i._tag} ${i.path.join(".")}`)).toEqual([
      "DuplicatePerson people.1.id",
      "UnknownUnitParent units.0.parent",
      "UnitCycle units.1.parent",
      "UnitCycle units.2.parent",
      "UnknownPerson posts.0.person",
      "UnknownGrid posts.0.at.grid",
      "WrongPlace posts.1.at",
      "WrongPlace posts.2.at",
      "WrongPlace posts.3.at",
      "WrongPlace posts.4.at",
      "DateOrder posts.5.validTo",
      "UnknownUnit posts.5.at.unit"
    ])
  })
  it("decodes unknown input, checking calendar dates and unit ids", () => {
    const r = Staff.decode({
      people: [{ id: "a", name: "A" }],
      units: [{ id: "Center", type: "center", name: { zh: "中心", en: "Center" }, takes: [] }],
      posts: [{ person: "a", role: "chief", at: { grid: "620981" }, validFrom: "2021-02-29" }]
    })
    expect(Result.isFailure(r) && r.failure.issues.map((i) => i.path.join("."))).toEqual([
      "units.0.id",
      "posts.0.role",
      "posts.0.validFrom"
    ])
    expect(Result.isSuccess(Staff.decode(JSON.parse(JSON.stringify({ people, units, posts }))))).toBe(true)
  })
})

describe("Staff properties", () => {
  it("coverage agrees with the rule stated naively", () => {
    const day = fc
      .integer({ min: 0, max: 1095 })
      .map((d) => new Date(Date.UTC(2020, 0, 1 + d)).toISOString().slice(0, 10))
    fc.assert(
      fc.property(
        Arbitrary.gridRecords({ maxTowns: 2 }).chain((records) => {
          const t = Result.getOrThrow(Grid.build(records))
          return fc.tuple(fc.constant(t), Arbitrary.staffRecords(t), day)
        }),
        ([t, staff, date]) => {
          const d = Result.getOrThrow(Staff.directory(staff, t))
          for (let g = 0; g < t.size; g++) {
            const code = Grid.record(t, g).code
            const got = new Map(Staff.coverage(d, code, date).map((c) => [c.role, c]))
            for (const role of Staff.roles) {
              // Naive: own posts; for inheriting roles, the posts of the nearest ancestor that has any.
              const held = (grid: string) =>
                staff.posts.filter(
                  (p) => p.role === role && "grid" in p.at && p.at.grid === grid && Staff.validOn(p, date)
                )
              let expected = held(code)
              if (expected.length === 0 && Staff.inheriting.has(role)) {
                for (const a of Grid.ancestors(t, g).reverse()) {
                  expected = held(Grid.record(t, a).code)
                  if (expected.length > 0) break
                }
              }
              expect(got.get(role)?.posts ?? []).toEqual(expected)
            }
          }
        }
      ),
      { numRuns: 80 }
    )
  })
})
