/**
 * The city's numbers over HTTP: totals and rates from the counters projection as
 * cases move through the real service, broken down and appraised, for a grid within
 * the caller's jurisdiction (the whole city only for a post that reaches it).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { blocks, call, city, parentOf, personAt, type Reply, type Running, start } from "./support.js"

let s: Running
const block = blocks[0]!
const township = parentOf(parentOf(block))
const otherBlock = blocks.find((b) => parentOf(parentOf(b)) !== township)!
const otherTownship = parentOf(parentOf(otherBlock))
const leader = city.staff.posts.find((p) => p.role === "leader")!.person

beforeAll(async () => {
  s = await start()
  const worker = await s.token(personAt("gridWorker", { grid: block }))
  const dispatcher = await s.token(personAt("dispatcher", { unit: "center.grid" }))
  const chief = await s.token(personAt("gridChief", { grid: parentOf(block) }))
  const command = (id: string, token: string, body: object) =>
    call(s.url, "POST", `/cases/${id}/commands`, { token, body })
  // three events registered in the block, one of them handled and verified: closed
  for (let i = 0; i < 3; i++) {
    const r = await call(s.url, "POST", "/cases", {
      token: worker,
      body: { kind: "event", category: "event.sanitation.garbage", place: block, severity: "minor" }
    })
    const id = r.body.caseId as string
    expect((await command(id, dispatcher, { _tag: "Register" })).status).toBe(200)
    if (i > 0) continue
    await command(id, worker, { _tag: "Acknowledge" })
    await command(id, worker, { _tag: "SubmitResult", result: "cleared", evidence: [] })
    expect((await command(id, chief, { _tag: "Verify", passed: true })).body.status).toBe("closed")
  }
})
afterAll(() => s.stop())

const expectProblem = (r: Reply, status: number, type: string) => {
  expect(r.status).toBe(status)
  expect(r.body.type).toBe(`https://gridgov.dev/problems/${type}`)
}

describe("analytics over HTTP", () => {
  it("a township's chief reads its totals and rates, and a breakdown that sums to them", async () => {
    const chief = await s.token(personAt("gridChief", { grid: township }))
    const r = await call(s.url, "GET", `/analytics?grid=${township}&kind=event`, { token: chief })
    expect(r.status).toBe(200)
    expect(r.body.totals.valid).toBe(3)
    expect(r.body.totals.closed).toBe(1)
    expect(r.body.rates.closureRate).toEqual({ numerator: 1, denominator: 3, value: 1 / 3 })
    expect(r.body.breakdown).toBeNull()
    for (const by of ["grid", "month", "category"]) {
      const b = await call(s.url, "GET", `/analytics?grid=${township}&kind=event&by=${by}`, { token: chief })
      const sum = (b.body.breakdown as Array<{ totals: { valid: number } }>).reduce((n, g) => n + g.totals.valid, 0)
      expect(sum).toBe(3)
    }
    const empty = await call(s.url, "GET", `/analytics?grid=${township}&kind=dispute`, { token: chief })
    expect(empty.body.rates.mediationSuccessRate.value).toBeNull()
  })

  it("outside the jurisdiction a grid answers as an unknown one; the whole city needs a post that reaches it", async () => {
    const chief = await s.token(personAt("gridChief", { grid: township }))
    const other = await s.token(personAt("gridChief", { grid: otherTownship }))
    const resident = (await call(s.url, "POST", "/auth/public")).body.token as string
    const hidden = await call(s.url, "GET", `/analytics?grid=${township}`, { token: other })
    const unknown = await call(s.url, "GET", "/analytics?grid=999999", { token: other })
    expectProblem(hidden, 404, "not-found")
    expectProblem(unknown, 404, "not-found")
    expectProblem(await call(s.url, "GET", "/analytics", { token: chief }), 403, "access-denied")
    expectProblem(await call(s.url, "GET", "/analytics", { token: resident }), 403, "access-denied")
    expectProblem(await call(s.url, "GET", `/analytics?grid=${block}`, { token: resident }), 404, "not-found")
    const mayor = await s.token(leader)
    const all = await call(s.url, "GET", "/analytics?kind=event", { token: mayor })
    expect(all.status).toBe(200)
    expect(all.body.totals.valid).toBe(3)
    expectProblem(await call(s.url, "GET", "/analytics?from=2026-13", { token: mayor }), 400, "bad-request")
  })

  it("appraisal scores the grids below the query's, best first, with each rate's part", async () => {
    const mayor = await s.token(leader)
    const r = await call(s.url, "GET", "/analytics/appraisal?by=grid", { token: mayor })
    expect(r.status).toBe(200)
    expect(r.body.by).toBe("grid")
    const mine = (
      r.body.groups as Array<{ key: string; valid: number; score: number | null; parts: Array<{ rate: string }> }>
    ).find((g) => g.key === township)!
    expect(mine.valid).toBe(3)
    expect(mine.score).not.toBeNull()
    expect(mine.parts.map((p) => p.rate)).toContain("closureRate")
    const scores = (r.body.groups as Array<{ score: number | null }>).map((g) => g.score)
    const scored = scores.filter((x): x is number => x !== null)
    expect(scored).toEqual([...scored].sort((a, b) => b - a))
    expect(scores.slice(scored.length).every((x) => x === null)).toBe(true)
  })
})
