import * as Case from "@gridgov/core/Case"
import type * as CaseKind from "@gridgov/core/CaseKind"
import * as Category from "@gridgov/core/Category"
import * as Escalation from "@gridgov/core/Escalation"
import * as Linkage from "@gridgov/core/Linkage"
import * as Routing from "@gridgov/core/Routing"
import * as RoutingTable from "@gridgov/core/RoutingTable"
import * as Yumen from "@gridgov/testing/Yumen"
import { Result } from "effect"
import { describe, expect, it } from "vitest"

const place = ["620981", "620981101", "620981101201", "620981101201001"] as const
const village = place.slice(0, 3)

const withRules = (rules: ReadonlyArray<unknown>, extra: object = {}): Routing.Router =>
  Result.getOrThrow(
    Routing.compile(
      Result.getOrThrow(RoutingTable.decode({ ...Yumen.routing, rules, backstop: "center.grid", ...extra }))
    )
  )

const winner = (router: Routing.Router, input: Routing.Input) => {
  const decision = Routing.route(router, input)
  expect(Routing.explain(router, input).decision).toEqual(decision)
  return decision
}

describe("RoutingTable.decode", () => {
  it("decodes the Yumen table from JSON", () => {
    const json = JSON.stringify(Yumen.routing)
    expect(RoutingTable.decode(JSON.parse(json))).toEqual(Result.succeed(Yumen.routing))
  })

  it("reports every problem with its path", () => {
    const result = RoutingTable.decode({
      ...Yumen.routing,
      rules: [
        { id: "a", kind: "disputes", target: { unit: "committee.water" } },
        { id: "b", severity: [], category: "dispute.", target: { level: 2 } },
        { id: "c", channel: "fax", target: { unit: "water committee" } }
      ],
      backstop: 7
    })
    const paths = Result.isFailure(result) ? result.failure.problems.map((p) => p.path.join(".")) : []
    for (const expected of [
      "rules.0.kind",
      "rules.1.severity",
      "rules.1.category",
      "rules.2.channel",
      "rules.2.target.unit",
      "backstop"
    ])
      expect(
        paths.some((p) => p === expected || p.startsWith(`${expected}.`)),
        expected
      ).toBe(true)
    expect(paths.some((p) => p.startsWith("rules.0.target") || p === "ladder")).toBe(false)
    expect(Result.isFailure(result) && result.failure._tag).toBe("TableError")
  })

  it("rejects duplicate rule ids", () => {
    const result = RoutingTable.decode({
      ...Yumen.routing,
      rules: [
        { id: "a", target: { level: 1 } },
        { id: "a", target: { level: 2 } }
      ]
    })
    expect(Result.isFailure(result) ? result.failure.problems : []).toEqual([
      { path: ["rules", 1, "id"], message: "Duplicate rule id a (first at rules.0)" }
    ])
  })

  it("rejects a ladder whose top is not a department", () => {
    const result = RoutingTable.decode({
      ...Yumen.routing,
      ladder: { ...Yumen.routing.ladder, top: { ...Yumen.routing.ladder.top, dispute: "center.mediation" } }
    })
    expect(Result.isFailure(result) ? result.failure.problems.map((p) => p.path.join(".")) : []).toContain(
      "ladder.top.dispute"
    )
  })
})

describe("Routing.compile", () => {
  it("rejects categories that the taxonomy does not know", () => {
    const table = { ...Yumen.routing, rules: [{ id: "typo", category: "dispute.watr", target: { level: 2 } }] }
    const result = Routing.compile(table)
    expect(Result.isFailure(result) ? result.failure.problems : []).toEqual([
      { path: ["rules", 0, "category"], message: "Unknown category dispute.watr: it is not in the taxonomy" }
    ])
  })

  it("accepts them with a taxonomy that does", () => {
    const taxonomy = Result.getOrThrow(
      Category.extend(Category.defaults, [
        { code: "dispute.grassland", type: "event", label: { "zh-CN": "草原纠纷", en: "Grassland dispute" } }
      ])
    )
    const table = {
      ...Yumen.routing,
      rules: [{ id: "g", category: "dispute.grassland", target: { unit: "dept.agriculture" } }]
    }
    const router = Result.getOrThrow(Routing.compile(table, { taxonomy }))
    expect(Routing.route(router, { kind: "dispute", category: "dispute.grassland", place }).rule).toBe("g")
  })
})

describe("matching", () => {
  const router = withRules([
    { id: "cat", category: "dispute", target: { unit: "committee.joint" } },
    { id: "grid", grid: "620981101201", target: { unit: "center.grid" }, priority: -1 }
  ])

  it("matches a category prefix on segment boundaries", () => {
    expect(winner(router, { kind: "dispute", category: "dispute.water", place: ["620981"] }).rule).toBe("cat")
    expect(winner(router, { kind: "event", category: "event.sanitation", place: ["620981"] }).backstop).toBe(true)
  })

  it("matches a grid when it is on the place's path (its subtree)", () => {
    expect(winner(router, { kind: "event", category: "event", place }).rule).toBe("grid")
    expect(winner(router, { kind: "event", category: "event", place: village }).rule).toBe("grid")
    expect(winner(router, { kind: "event", category: "event", place: place.slice(0, 2) }).backstop).toBe(true)
    expect(
      winner(router, { kind: "event", category: "event", place: ["620981", "620981101", "620981101202"] }).backstop
    ).toBe(true)
  })

  it("needs the place to reach a level target", () => {
    const levels = withRules([{ id: "block", target: { level: 3 } }])
    expect(winner(levels, { kind: "event", category: "event", place }).target).toEqual({
      _tag: "Grid",
      level: 3,
      grid: "620981101201001"
    })
    const why = Routing.explain(levels, { kind: "event", category: "event", place: village })
    expect(why.decision.backstop).toBe(true)
    expect(why.rejected).toEqual([{ rule: "block", failed: [{ condition: "level", expected: ["3"], actual: "2" }] }])
  })

  it("treats a missing severity, complexity or channel as matching only rules without it", () => {
    const r = withRules([
      { id: "major", severity: "major", target: { unit: "committee.joint" } },
      { id: "any", target: { unit: "center.mediation" }, priority: -1 }
    ])
    expect(winner(r, { kind: "dispute", category: "dispute", place }).rule).toBe("any")
    expect(winner(r, { kind: "dispute", category: "dispute", severity: "major", place }).rule).toBe("major")
  })
})

describe("precedence", () => {
  const dispute: Routing.Input = {
    kind: "dispute",
    category: "dispute.water",
    severity: "ordinary",
    channel: "app",
    place
  }

  it("priority first", () => {
    const r = withRules([
      {
        id: "specific",
        kind: "dispute",
        category: "dispute.water",
        grid: place[3],
        target: { unit: "committee.water" }
      },
      { id: "urgent", priority: 1, target: { unit: "committee.joint" } }
    ])
    expect(winner(r, dispute).rule).toBe("urgent")
    expect(Routing.explain(r, dispute).outranked).toEqual([{ rule: "specific", by: "urgent", criterion: "priority" }])
  })

  it("then the strategy: an event goes to its place first, a component to its owner first", () => {
    const r = withRules([
      { id: "owner", kind: "event", category: "event", target: { unit: "dept.urban-management" } },
      { id: "place", kind: "event", target: { level: 2 } }
    ])
    const garbage = winner(r, { kind: "event", category: "event.sanitation.garbage", place })
    expect(garbage).toMatchObject({ rule: "place", basis: "locality", strategy: "localityFirst" })
    const light = winner(r, { kind: "event", category: "event.facility.streetlight", place })
    expect(light).toMatchObject({ rule: "owner", basis: "owner", strategy: "ownerFirst" })
    // the strategy outranks specificity: "owner" has more conditions and a category
    expect(
      Routing.explain(r, { kind: "event", category: "event.sanitation.garbage", place }).outranked[0]?.criterion
    ).toBe("strategy")
  })

  it("a component goes to its place when no owner rule matches", () => {
    const r = withRules([
      { id: "owner", kind: "event", category: "event.facility.manhole", target: { unit: "dept.housing" } },
      { id: "place", kind: "event", target: { level: 2 } }
    ])
    expect(winner(r, { kind: "event", category: "event.facility.streetlight", place }).rule).toBe("place")
  })

  it("an explicit basis overrides the one from the target", () => {
    const r = withRules([
      { id: "street-office", basis: "locality", target: { unit: "center.grid" } },
      { id: "owner", target: { unit: "dept.urban-management" } }
    ])
    expect(winner(r, { kind: "event", category: "event.sanitation", place }).rule).toBe("street-office")
  })

  it("then the longer category prefix", () => {
    const r = withRules([
      { id: "a", category: "dispute", grid: place[3], kind: "dispute", target: { unit: "committee.joint" } },
      { id: "b", category: "dispute.water", target: { unit: "committee.water" } }
    ])
    expect(winner(r, dispute).rule).toBe("b")
    expect(Routing.explain(r, dispute).outranked[0]?.criterion).toBe("category")
  })

  it("then the deeper grid", () => {
    const r = withRules([
      { id: "a", grid: place[1], kind: "dispute", severity: "ordinary", target: { unit: "committee.joint" } },
      { id: "b", grid: place[2], target: { unit: "committee.water" } }
    ])
    expect(winner(r, dispute).rule).toBe("b")
    expect(Routing.explain(r, dispute).outranked[0]?.criterion).toBe("grid")
  })

  it("then more conditions", () => {
    const r = withRules([
      { id: "a", kind: "dispute", target: { unit: "committee.joint" } },
      { id: "b", kind: "dispute", channel: ["app", "public"], target: { unit: "committee.water" } }
    ])
    expect(winner(r, dispute).rule).toBe("b")
    expect(Routing.explain(r, dispute).outranked[0]?.criterion).toBe("conditions")
  })

  it("then the smaller rule id", () => {
    const r = withRules([
      { id: "zeta", target: { unit: "committee.joint" } },
      { id: "alpha", target: { unit: "committee.water" } }
    ])
    expect(winner(r, dispute).rule).toBe("alpha")
    expect(Routing.explain(r, dispute).outranked).toEqual([{ rule: "zeta", by: "alpha", criterion: "id" }])
  })

  it("falls back to the backstop", () => {
    const r = withRules([{ id: "petitions", kind: "petition", target: { unit: "center.reception" } }])
    const decision = winner(r, dispute)
    expect(decision).toEqual({
      target: { _tag: "Unit", unit: "center.grid" },
      rule: undefined,
      backstop: true,
      basis: "owner",
      strategy: "localityFirst"
    })
  })
})

describe("Routing.explain", () => {
  it("names the met conditions, the outranked candidates and the failed conditions", () => {
    const r = withRules([
      { id: "water", kind: "dispute", category: "dispute.water", grid: place[2], target: { unit: "committee.water" } },
      { id: "joint", kind: ["dispute", "petition"], target: { unit: "committee.joint" } },
      { id: "major", kind: "dispute", severity: "major", target: { unit: "center.mediation" } }
    ])
    const why = Routing.explain(r, {
      kind: "dispute",
      category: "dispute.water.irrigation",
      severity: "ordinary",
      place
    })
    expect(why.categoryType).toBe("event")
    expect(why.winner?.rule.id).toBe("water")
    expect(why.winner?.met).toEqual([
      { condition: "kind", expected: ["dispute"], actual: "dispute" },
      { condition: "category", expected: ["dispute.water"], actual: "dispute.water.irrigation" },
      { condition: "grid", expected: ["620981101201"], actual: "620981101201001" }
    ])
    expect(why.outranked).toEqual([{ rule: "joint", by: "water", criterion: "category" }])
    expect(why.rejected).toEqual([
      { rule: "major", failed: [{ condition: "severity", expected: ["major"], actual: "ordinary" }] }
    ])
  })
})

describe("Escalation.next", () => {
  const router = Result.getOrThrow(Routing.compile(Yumen.routing))
  const climb = (from: Routing.Handler, kind: CaseKind.Kind, category: string, at: Routing.Place = place) => {
    const chain: Array<Routing.Handler> = []
    let current = from
    for (let i = 0; i < 10; i++) {
      const next = Escalation.next(router, current, { kind, category, place: at })
      if (Result.isFailure(next)) {
        expect(next.failure._tag).toBe("LadderTop")
        return chain
      }
      expect(Escalation.tier(next.success.to)).toBeGreaterThan(Escalation.tier(current))
      chain.push(next.success.to)
      current = next.success.to
    }
    throw new Error("did not end")
  }

  it("climbs block → village → town → the center's sub-center → the court for a dispute", () => {
    expect(climb({ _tag: "Grid", level: 3, grid: place[3] }, "dispute", "dispute.water")).toEqual([
      { _tag: "Grid", level: 2, grid: place[2] },
      { _tag: "Grid", level: 1, grid: place[1] },
      { _tag: "Unit", unit: "center.mediation" },
      { _tag: "Unit", unit: "dept.court" }
    ])
  })

  it("goes to the reception center, then the petition bureau, for a petition", () => {
    expect(climb({ _tag: "Grid", level: 1, grid: place[1] }, "petition", "petition.land")).toEqual([
      { _tag: "Unit", unit: "center.reception" },
      { _tag: "Unit", unit: "dept.petition" }
    ])
  })

  it("ends an event at the owner department of its category, or the fallback", () => {
    expect(climb({ _tag: "Unit", unit: "center.grid" }, "event", "event.facility.manhole")).toEqual([
      { _tag: "Unit", unit: "dept.housing" }
    ])
    expect(climb({ _tag: "Grid", level: 0, grid: place[0] }, "event", "event")).toEqual([
      { _tag: "Unit", unit: "dept.plc" }
    ])
  })

  it("explains each step", () => {
    const step = Result.getOrThrow(
      Escalation.next(router, { _tag: "Grid", level: 3, grid: place[3] }, { kind: "event", category: "event", place })
    )
    expect(step.step).toBe("up")
    expect(step.because["zh-CN"]).toContain("大事不出村")
    const top = Result.getOrThrow(
      Escalation.next(
        router,
        { _tag: "Unit", unit: "committee.water" },
        { kind: "event", category: "event.sanitation.garbage", place }
      )
    )
    expect(top).toMatchObject({ step: "top", source: "owners:event.sanitation", to: { unit: "dept.urban-management" } })
  })

  it("refuses a grid that is not on the place's path", () => {
    const result = Escalation.next(
      router,
      { _tag: "Grid", level: 2, grid: "620981101202" },
      { kind: "event", category: "event", place }
    )
    expect(Result.isFailure(result) && result.failure._tag).toBe("NotOnPath")
  })
})

describe("Linkage.decide", () => {
  const router = Result.getOrThrow(Routing.compile(Yumen.routing))

  it("diverts an ordinary dispute out to the department that owns it (分流化解)", () => {
    const l = Result.getOrThrow(
      Linkage.decide(router, { kind: "dispute", category: "dispute.labor", severity: "ordinary" })
    )
    expect(l).toMatchObject({ _tag: "Divert", to: "dept.hrss", owner: { category: "dispute.labor" } })
  })

  it("books it into the center when the parties ask, or no department owns it (预约进中心)", () => {
    const asked = Linkage.decide(router, {
      kind: "dispute",
      category: "dispute.water",
      severity: "minor",
      prefer: "center"
    })
    expect(Result.getOrThrow(asked)).toMatchObject({ _tag: "Book", to: "committee.water", reason: "requested" })
    const family = Linkage.decide(router, { kind: "dispute", category: "dispute.family", severity: "ordinary" })
    expect(Result.getOrThrow(family)).toMatchObject({ _tag: "Book", to: "committee.family", reason: "noOwner" })
    const neighbours = Linkage.decide(router, { kind: "dispute", category: "dispute.neighbour", severity: "ordinary" })
    expect(Result.getOrThrow(neighbours)).toMatchObject({ _tag: "Book", to: "committee.joint", committee: undefined })
  })

  it("transfers a major dispute into the center (移送中心调解)", () => {
    const l = Linkage.decide(router, { kind: "dispute", category: "dispute.labor", severity: "major" })
    expect(Result.getOrThrow(l)).toMatchObject({ _tag: "Transfer", to: "committee.joint" })
    expect(Result.getOrThrow(l).because["zh-CN"]).toContain("移送中心调解")
  })

  it("only links disputes", () => {
    const l = Linkage.decide(router, { kind: "event", category: "event", severity: "major" })
    expect(Result.isFailure(l) && l.failure).toMatchObject({ _tag: "NotLinkable", kind: "event" })
  })
})

describe("Routing.inputOf: routing straight from a case's state", () => {
  const router = Result.getOrThrow(Routing.compile(Yumen.routing))
  const path = ["620981", "620981101", "620981101201"]
  const opened = (extra: Partial<Case.Command> = {}) =>
    Result.getOrThrow(
      Case.execute(
        {
          _tag: "Open",
          actor: { id: "w1", role: "gridWorker" },
          kind: "dispute",
          id: "c1",
          category: "dispute.water",
          place: "620981101201",
          channel: "walkIn",
          severity: "ordinary",
          ...extra
        } as Case.Command,
        Case.initialState,
        0
      )
    ).state

  it("carries kind, category, severity, track and channel, and routes as the hand-built input does", () => {
    const input = Result.getOrThrow(Routing.inputOf(opened({ track: "complex" }), path))
    expect(input).toEqual({
      kind: "dispute",
      category: "dispute.water",
      severity: "ordinary",
      complexity: "complex",
      channel: "walkIn",
      place: path
    })
    expect(Routing.route(router, input).target).toEqual({ _tag: "Unit", unit: "committee.water" })
  })

  it("leaves out the complexity of a case without a track", () => {
    expect("complexity" in Result.getOrThrow(Routing.inputOf(opened(), path))).toBe(false)
  })

  it("fails for a case not yet opened", () => {
    const r = Routing.inputOf(Case.initialState, path)
    expect(Result.isFailure(r) && r.failure._tag).toBe("RoutingNotOpened")
  })
})
