import * as RoutingSpec from "@gridgov/testing/RoutingSpec"
import * as Yumen from "@gridgov/testing/Yumen"
import { describe, expect, it } from "vitest"

// A block of a village of a town of Yumen (grid codes below the city's 620981 are synthetic).
const block = ["620981", "620981101", "620981101201", "620981101201001"]
const village = block.slice(0, 3)
const town = block.slice(0, 2)
const yumen = RoutingSpec.given(Yumen.routing)

describe("Yumen: events and components", () => {
  it("keeps events in the place: minor in the block, ordinary in the village, major in the town", () => {
    const garbage = { kind: "event", category: "event.sanitation.garbage", place: block } as const
    yumen
      .when({ ...garbage, severity: "minor" })
      .routesTo({ level: 3 })
      .byRule("event.block")
    yumen
      .when({ ...garbage, severity: "ordinary" })
      .routesTo({ level: 2 })
      .byRule("event.village")
      .outranks("owner.event.sanitation", "strategy")
    yumen.when({ ...garbage, severity: "major" }).routesTo({ level: 1 })
  })

  it("sends components to their owner first (部件先属主)", () => {
    yumen
      .when({ kind: "event", category: "event.facility.streetlight", severity: "ordinary", place: block })
      .routesTo("dept.urban-management")
      .outranks("event.village", "strategy")
    yumen
      .when({ kind: "event", category: "event.facility.manhole", severity: "minor", place: block })
      .routesTo("dept.housing")
      .byRule("owner.event.facility.manhole")
  })

  it("sends a major case from the 110 command center to the police", () => {
    yumen
      .when({ kind: "event", category: "event.public-security", severity: "major", channel: "police110", place: block })
      .routesTo("dept.police")
      .byRule("police110")
  })

  it("leaves an event without a severity to its owner, or the grid management center", () => {
    yumen.when({ kind: "event", category: "event.environment.noise", place: block }).routesTo("dept.environment")
    yumen.when({ kind: "event", category: "event", place: block }).toBackstop().routesTo("center.grid")
  })
})

describe("Yumen: disputes", () => {
  const water = { kind: "dispute", category: "dispute.water", place: block } as const

  it("follows the ladder: 小事不出格、大事不出村、难事不出镇", () => {
    yumen.when({ ...water, severity: "minor" }).routesTo({ level: 3 })
    yumen.when({ ...water, severity: "ordinary", complexity: "simple" }).routesTo({ level: 2 })
    yumen
      .when({ ...water, severity: "ordinary", complexity: "complex" })
      .routesTo({ level: 1 })
      .outranks("dispute.village", "conditions")
  })

  it("routes a water dispute walked in at the center to the water committee", () => {
    yumen
      .when({ ...water, severity: "ordinary", channel: "walkIn", place: village })
      .routesTo("committee.water")
      .outranks("center.dispute", "category")
      .outranks("dispute.village", "priority")
  })

  it("routes a referral to the committee of its type, each of the 7 typed committees", () => {
    for (const type of ["labor", "medical", "land", "water", "property", "traffic", "family"])
      yumen
        .when({
          kind: "dispute",
          category: `dispute.${type}`,
          severity: "ordinary",
          channel: "department",
          place: town
        })
        .routesTo(`committee.${type}`)
  })

  it("sends cross-type and major disputes to the joint committee", () => {
    yumen
      .when({ kind: "dispute", category: "dispute.multiple", severity: "ordinary", channel: "walkIn", place: town })
      .routesTo("committee.joint")
    yumen
      .when({ ...water, severity: "major", channel: "walkIn" })
      .routesTo("committee.joint")
      .byRule("dispute.major")
  })

  it("sends complex labor disputes at the center to labor arbitration", () => {
    yumen
      .when({ kind: "dispute", category: "dispute.labor", complexity: "complex", channel: "walkIn", place: town })
      .routesTo("window.labor-arbitration")
  })

  it("escalates through the ladder to the court", () => {
    yumen
      .escalating({ _tag: "Grid", level: 3, grid: block[3]! }, { ...water })
      .reaches([{ level: 2 }, { level: 1 }, "center.mediation", "dept.court"])
  })

  it("diverts, books and transfers (双向联动)", () => {
    yumen.linking({ kind: "dispute", category: "dispute.medical", severity: "ordinary" }).is("Divert", "dept.health")
    yumen
      .linking({ kind: "dispute", category: "dispute.medical", severity: "ordinary", prefer: "center" })
      .is("Book", "committee.medical")
    yumen.linking({ kind: "dispute", category: "dispute.neighbour", severity: "minor" }).is("Book", "committee.joint")
    yumen.linking({ kind: "dispute", category: "dispute.water", severity: "major" }).is("Transfer", "committee.joint")
  })
})

describe("Yumen: petitions, pre-litigation, hotline", () => {
  it("petitions: reception, the petition window for walk-ins, leaders for major ones, legal services for litigation", () => {
    yumen.when({ kind: "petition", category: "petition.land", place: village }).routesTo("center.reception")
    yumen
      .when({ kind: "petition", category: "petition.land", channel: "walkIn", place: village })
      .routesTo("window.petition")
    yumen
      .when({ kind: "petition", category: "petition.land", severity: "major", channel: "walkIn", place: village })
      .routesTo("window.leaders")
    yumen.when({ kind: "petition", category: "petition.litigation", place: village }).routesTo("center.legal")
    yumen
      .escalating(
        { _tag: "Unit", unit: "window.petition" },
        { kind: "petition", category: "petition.land", place: village }
      )
      .reaches(["dept.petition"])
  })

  it("pre-litigation: simple to the court's docking center, complex to the joint committee, labor to arbitration", () => {
    const filing = { kind: "prelitigation", category: "dispute.debt", place: town } as const
    yumen.when({ ...filing, complexity: "simple" }).routesTo("center.litigation")
    yumen.when({ ...filing, complexity: "complex" }).routesTo("committee.joint")
    yumen.when({ ...filing, category: "dispute.labor", complexity: "complex" }).routesTo("window.labor-arbitration")
  })

  it("hotline tickets by type", () => {
    const ticket = { kind: "hotline", channel: "hotline", place: block } as const
    yumen.when({ ...ticket, category: "hotline.complaint" }).routesTo({ level: 1 })
    yumen.when({ ...ticket, category: "hotline.help" }).routesTo({ level: 2 })
    yumen.when({ ...ticket, category: "hotline.help.legal-aid" }).routesTo("window.legal-aid")
    yumen.when({ ...ticket, category: "hotline.consultation.legal" }).routesTo("window.legal-consult")
    yumen.when({ ...ticket, category: "hotline.consultation" }).routesTo("center.grid")
    yumen.when({ ...ticket, category: "hotline.emergency" }).routesTo("dept.emergency")
    yumen.when({ ...ticket, category: "event.sanitation.garbage" }).routesTo("dept.urban-management")
  })
})

describe("RoutingSpec itself", () => {
  it("fails with the explanation when a city's expectation is wrong", () => {
    expect(() =>
      yumen
        .when({ kind: "dispute", category: "dispute.water", severity: "ordinary", place: village })
        .routesTo("committee.water")
    ).toThrow(/expected committee.water, got grid 620981101201 \(level 2\)[\s\S]*by rule dispute.village/)
    expect(() =>
      yumen
        .escalating({ _tag: "Grid", level: 1, grid: town[1]! }, { kind: "event", category: "event", place: town })
        .reaches(["center.grid"])
    ).toThrow(/expected the ladder center.grid, got center.grid → dept.plc/)
  })

  it("rejects a table that does not compile, listing the problems", () => {
    expect(() =>
      RoutingSpec.given({ ...Yumen.routing, rules: [{ id: "x", category: "dispute.watr", target: { level: 1 } }] })
    ).toThrow(/rules.0.category: Unknown category dispute.watr/)
  })

  it("builds the tree of places", () => {
    const places = RoutingSpec.tree({ towns: 2, villages: 3, blocks: 4 })
    expect(places.length).toBe(1 + 2 + 6 + 24)
    expect(new Set(places.map((p) => p.join("/"))).size).toBe(places.length)
    for (const p of places) expect(places).toContainEqual(p.slice(0, -1).length ? p.slice(0, -1) : p)
  })
})
