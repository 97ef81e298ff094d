/**
 * The analytics service (`AnalyticsService`): totals and rates from the counters
 * projection as cases move through the real `CaseService`, broken down and appraised,
 * for a grid within the actor's jurisdiction (one outside it answers as an unknown
 * grid), a unit the actor is posted at or above, or the whole city for a post that
 * reaches it.
 */
import { Access, type Analytics, AnalyticsService, type Case, CaseService } from "@gridgov/core"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { actorAt, blocks, failure, leader, parentOf, run } from "./services.js"

const block = blocks[0]!
const township = parentOf(parentOf(block))
const otherBlock = blocks.find((b) => parentOf(parentOf(b)) !== township)!
const otherTownship = parentOf(parentOf(otherBlock))
const worker = actorAt("gridWorker", { grid: block })
const dispatcher = actorAt("dispatcher", { unit: "center.grid" })
const villageChief = actorAt("gridChief", { grid: parentOf(block) })
const chief = actorAt("gridChief", { grid: township })
const otherChief = actorAt("gridChief", { grid: otherTownship })
const resident = Access.resident("r-1")

/** Three events reported in the block and registered, one of them handled and verified: closed. */
const given = Effect.gen(function* () {
  const cases = yield* CaseService.CaseService
  const as = (actor: Access.Actor, role: Case.ActorRef["role"]) => ({ id: actor.id, role })
  for (let i = 0; i < 3; i++) {
    const opened = yield* cases.open(
      {
        actor: as(worker, "gridWorker"),
        kind: "event",
        category: "event.sanitation.garbage",
        place: block,
        channel: "app",
        severity: "minor"
      },
      worker
    )
    const id = opened.caseId
    yield* cases.execute(id, { _tag: "Register", actor: as(dispatcher, "dispatcher") }, dispatcher)
    if (i > 0) continue
    yield* cases.execute(id, { _tag: "Acknowledge", actor: as(worker, "gridWorker") }, worker)
    yield* cases.execute(
      id,
      { _tag: "SubmitResult", actor: as(worker, "gridWorker"), result: "cleared", evidence: [] },
      worker
    )
    const verified = yield* cases.execute(
      id,
      { _tag: "Verify", actor: as(villageChief, "gridChief"), passed: true },
      villageChief
    )
    expect(verified.status).toBe("closed")
  }
})

const analytics = Effect.service(AnalyticsService.AnalyticsService)
const report = (query: AnalyticsService.Query, actor: Access.Actor, by?: Analytics.Dimension) =>
  Effect.flatMap(analytics, (a) => a.report(query, actor, by))
const appraisal = (query: AnalyticsService.Query, actor: Access.Actor, by?: "grid" | "unit") =>
  Effect.flatMap(analytics, (a) => a.appraisal(query, actor, by))

describe("AnalyticsService", () => {
  it("a township's chief reads its totals and rates, and a breakdown that sums to them", () =>
    run(
      Effect.gen(function* () {
        yield* given
        const r = yield* report({ grid: township, kinds: ["event"] }, chief)
        expect(r.totals.valid).toBe(3)
        expect(r.totals.closed).toBe(1)
        expect(r.rates.closureRate).toEqual({ numerator: 1, denominator: 3, value: 1 / 3 })
        expect(r.breakdown).toBeNull()
        for (const by of ["grid", "month", "category", "kind", "unit"] as const) {
          const b = yield* report({ grid: township, kinds: ["event"] }, chief, by)
          expect(b.breakdown!.reduce((n, g) => n + g.totals.valid, 0)).toBe(3)
          for (const g of b.breakdown!) expect(g.rates.closureRate.denominator).toBe(g.totals.valid)
        }
        const empty = yield* report({ grid: township, kinds: ["dispute"] }, chief)
        expect(empty.rates.mediationSuccessRate.value).toBeNull()
        // the village chief reads the same cases in the village
        expect((yield* report({ grid: parentOf(block) }, villageChief)).totals.valid).toBe(3)
        // a filter given as undefined is absent
        const sparse: AnalyticsService.Query = { grid: township, unit: undefined, kinds: undefined, from: undefined }
        expect((yield* report(sparse, chief)).totals.valid).toBe(3)
      })
    ))

  it("outside the jurisdiction a grid answers as an unknown one; the whole city needs a post that reaches it", () =>
    run(
      Effect.gen(function* () {
        yield* given
        expect(yield* failure(report({ grid: township }, otherChief))).toEqual(
          new Access.GridNotFound({ grid: township })
        )
        expect(yield* failure(report({ grid: "999999" }, otherChief))).toEqual(
          new Access.GridNotFound({ grid: "999999" })
        )
        const denied = new Access.Forbidden({ action: "AnalyticsReport", reason: "OutsideJurisdiction" })
        expect(yield* failure(report({}, chief))).toEqual(denied)
        expect(yield* failure(report({}, resident))).toEqual(denied)
        expect(yield* failure(report({ grid: block }, resident))).toEqual(new Access.GridNotFound({ grid: block }))
        expect(yield* failure(appraisal({}, chief))).toEqual(
          new Access.Forbidden({ action: "AnalyticsAppraisal", reason: "OutsideJurisdiction" })
        )
        for (const whole of [leader, dispatcher, actorAt("admin", { unit: "center" })]) {
          expect((yield* report({ kinds: ["event"] }, whole)).totals.valid).toBe(3)
        }
        const bad = yield* failure(report({ from: "2026-13" }, leader))
        expect(bad._tag).toBe("AnalyticsQueryInvalid")
        expect(bad._tag === "AnalyticsQueryInvalid" && bad.problems.map((p) => p.path)).toEqual([["from"]])
      })
    ))

  it("a unit's figures for a post at the unit or above it, or one that reaches the whole city", () =>
    run(
      Effect.gen(function* () {
        const officer = actorAt("departmentOfficer", { unit: "dept.housing" })
        expect((yield* report({ unit: "dept.housing" }, officer)).totals.valid).toBe(0)
        const denied = new Access.Forbidden({ action: "AnalyticsReport", reason: "OutsideJurisdiction" })
        expect(yield* failure(report({ unit: "dept.water" }, officer))).toEqual(denied)
        expect(yield* failure(report({ unit: "dept" }, officer))).toEqual(denied)
        expect(yield* failure(report({ unit: "dept.housing" }, chief))).toEqual(denied)
        expect((yield* report({ unit: "dept" }, leader)).totals.valid).toBe(0)
      })
    ))

  it("appraisal scores the grids below the query's, best first, with each rate's part and the configured weights", () =>
    Effect.gen(function* () {
      const check = Effect.gen(function* () {
        yield* given
        const groups = yield* appraisal({}, leader, "grid")
        const mine = groups.find((g) => g.key === township)!
        expect(mine.totals.valid).toBe(3)
        expect(mine.appraisal.score).not.toBeNull()
        const scores = groups.map((g) => g.appraisal.score)
        const scored = scores.filter((x): x is number => x !== null)
        expect(scored).toEqual([...scored].sort((a, b) => b - a))
        expect(scores.slice(scored.length).every((x) => x === null)).toBe(true)
        return mine
      })
      const byDefault = yield* Effect.promise(() => run(check))
      expect(byDefault.appraisal.parts.map((p) => p.rate)).toContain("closureRate")
      const closureOnly = yield* Effect.promise(() =>
        run(check, { analytics: { weights: { rates: [{ rate: "closureRate", weight: 1 }] } } })
      )
      expect(closureOnly.appraisal.parts.map((p) => p.rate)).toEqual(["closureRate"])
      expect(closureOnly.appraisal.score).toBeCloseTo(100 / 3)
    }).pipe(Effect.runPromise))
})
