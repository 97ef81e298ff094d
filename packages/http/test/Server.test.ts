import { Grid } from "@gridgov/core"
import { onBrowser, render } from "@gridgov/test-support/Browser"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { blocks, call, city, parentOf, personAt, type Reply, type Running, start } from "./support.js"

let s: Running
beforeAll(async () => {
  s = await start({ maxBodyBytes: 4096 })
})
afterAll(() => s.stop())

const block = blocks[0]!
const otherBlock = blocks.find((b) => parentOf(parentOf(b)) !== parentOf(parentOf(block)))!
const garbage = { kind: "event", category: "event.sanitation.garbage", place: block, severity: "minor" }

const expectProblem = (r: Reply, status: number, type: string) => {
  expect(r.status).toBe(status)
  expect(r.type).toContain("application/problem+json")
  expect(r.body.type).toBe(`https://gridgov.dev/problems/${type}`)
  expect(r.body.status).toBe(status)
  expect(typeof r.body.title).toBe("string")
  expect(typeof r.body.instance).toBe("string")
}

describe("a case walked to closure over HTTP", () => {
  it("given a grid worker's report, when the dispatcher registers, the worker signs and handles and the chief verifies, then the case is closed", async () => {
    const worker = await s.token(personAt("gridWorker", { grid: block }))
    const dispatcher = await s.token(personAt("dispatcher", { unit: "center.grid" }))
    const chief = await s.token(personAt("gridChief", { grid: parentOf(block) }))

    const reported = await call(s.url, "POST", "/cases", { token: worker, body: garbage })
    expect(reported.status).toBe(201)
    expect(reported.body.status).toBe("reported")
    const id: string = reported.body.caseId

    const registered = await call(s.url, "POST", `/cases/${id}/commands`, {
      token: dispatcher,
      body: { _tag: "Register" }
    })
    expect(registered.body.events.map((e: { type: string }) => e.type)).toEqual(["Registered", "Dispatched"])
    expect(registered.body.handler).toEqual({ unit: block, level: 3 })

    const signed = await call(s.url, "POST", `/cases/${id}/commands`, { token: worker, body: { _tag: "Acknowledge" } })
    expect(signed.body.status).toBe("handling")
    const handled = await call(s.url, "POST", `/cases/${id}/commands`, {
      token: worker,
      body: { _tag: "SubmitResult", result: "cleared", evidence: ["photo-1"] }
    })
    expect(handled.body.status).toBe("handled")
    const verified = await call(s.url, "POST", `/cases/${id}/commands`, {
      token: chief,
      body: { _tag: "Verify", passed: true, role: "gridChief" }
    })
    expect(verified.status).toBe(200)
    expect(verified.body.status).toBe("closed")

    const detail = await call(s.url, "GET", `/cases/${id}`, { token: chief })
    expect(detail.body.history.map((e: { type: string }) => e.type)).toEqual([
      "Opened",
      "Registered",
      "Dispatched",
      "Acknowledged",
      "ResultSubmitted",
      "VerificationPassed"
    ])
    const sla = await call(s.url, "GET", `/cases/${id}/sla`, { token: chief })
    expect(sla.body).toMatchObject({ caseId: id, status: "closed", running: [] })
    const listed = await call(s.url, "GET", `/cases?grid=${block}&state=closed`, { token: chief })
    expect(listed.body.items.map((c: { id: string }) => c.id)).toContain(id)
  })

  it("given the same Idempotency-Key, when a report is sent twice, then one case is written and the second answer is a replay", async () => {
    const worker = await s.token(personAt("gridWorker", { grid: block }))
    const headers = { "idempotency-key": "report-twice-1" }
    const first = await call(s.url, "POST", "/cases", { token: worker, body: garbage, headers })
    const before = await s.position()
    const second = await call(s.url, "POST", "/cases", { token: worker, body: garbage, headers })
    expect(second.body).toEqual({ ...first.body, replayed: true })
    expect(await s.position()).toBe(before)
  })

  it("given lat and long instead of a place, the case is reported at the grid containing the point; outside every grid it is a 422", async () => {
    const worker = await s.token(personAt("gridWorker", { grid: block }))
    const { place: _place, ...noPlace } = garbage
    const r = Grid.record(city.tree, Grid.id(city.tree, block)!)
    const ring = (r.boundary as unknown as { coordinates: Array<Array<[number, number]>> }).coordinates[0]!
    const long = (Math.min(...ring.map((p) => p[0])) + Math.max(...ring.map((p) => p[0]))) / 2
    const lat = (Math.min(...ring.map((p) => p[1])) + Math.max(...ring.map((p) => p[1]))) / 2
    const reported = await call(s.url, "POST", "/cases", { token: worker, body: { ...noPlace, lat, long } })
    expect(reported.status).toBe(201)
    const detail = await call(s.url, "GET", `/cases/${reported.body.caseId}`, { token: worker })
    expect(detail.body.summary.grid).toBe(block)
    const before = await s.position()
    const outside = await call(s.url, "POST", "/cases", { token: worker, body: { ...noPlace, lat: 0, long: 0 } })
    expectProblem(outside, 422, "invalid-command")
    expect(outside.body.detail).toContain("not inside any grid")
    expectProblem(await call(s.url, "POST", "/cases", { token: worker, body: noPlace }), 422, "invalid-command")
    expect(await s.position()).toBe(before)
  })

  it("pages a search with the cursor it returns", async () => {
    const worker = await s.token(personAt("gridWorker", { grid: block }))
    for (let i = 0; i < 3; i++) await call(s.url, "POST", "/cases", { token: worker, body: garbage })
    const first = await call(s.url, "GET", "/cases?limit=2", { token: worker })
    expect(first.body.items).toHaveLength(2)
    expect(first.body.next).not.toBeNull()
    const second = await call(s.url, "GET", `/cases?limit=2&cursor=${encodeURIComponent(first.body.next)}`, {
      token: worker
    })
    const ids = new Set([...first.body.items, ...second.body.items].map((c: { id: string }) => c.id))
    expect(ids.size).toBe(first.body.items.length + second.body.items.length)
  })
})

describe("problem documents", () => {
  it("400 for a query that does not decode, with Schema's issues", async () => {
    const worker = await s.token(personAt("gridWorker", { grid: block }))
    const r = await call(s.url, "GET", "/cases?limit=abc", { token: worker })
    expectProblem(r, 400, "bad-request")
    expect(r.body.errors[0].path).toEqual(["query", "limit"])
    expect(r.body.errors[0].message).toMatch(/number|finite|Int/i)
  })

  it("400 for a body that is not JSON; 422 for JSON that is not a command", async () => {
    const worker = await s.token(personAt("gridWorker", { grid: block }))
    expectProblem(await call(s.url, "POST", "/cases", { token: worker, body: "{nope" }), 400, "bad-request")
    const r = await call(s.url, "POST", "/cases", { token: worker, body: { ...garbage, kind: "party" } })
    expectProblem(r, 422, "invalid-command")
    expect(r.body.errors.some((e: { path: Array<string> }) => e.path.join(".") === "body.kind")).toBe(true)
  })

  it("a body with several faults is one 422 that names each of them", async () => {
    const worker = await s.token(personAt("gridWorker", { grid: block }))
    const body = { ...garbage, severity: "dire", lat: "north", category: 7 }
    const r = await call(s.url, "POST", "/cases", { token: worker, body })
    expectProblem(r, 422, "invalid-command")
    const paths = r.body.errors.map((e: { path: Array<string> }) => e.path.join("."))
    expect(paths).toEqual(expect.arrayContaining(["body.severity", "body.lat", "body.category"]))
  })

  it("401 without a token, with a forged one and with an expired one", async () => {
    expectProblem(await call(s.url, "GET", "/cases"), 401, "unauthorized")
    const token = await s.token(personAt("gridWorker", { grid: block }))
    const forged = `${token.slice(0, -4)}AAAA`
    expectProblem(await call(s.url, "GET", "/cases", { token: forged }), 401, "unauthorized")
    const payload = Buffer.from(JSON.stringify({ sub: "p-00001", typ: "p", exp: 1 })).toString("base64url")
    expectProblem(
      await call(s.url, "GET", "/cases", { token: `${payload}.${token.split(".")[1]}` }),
      401,
      "unauthorized"
    )
  })

  it("403 when the role may not issue the command; 403 for administration without admin", async () => {
    const worker = await s.token(personAt("gridWorker", { grid: block }))
    const reported = await call(s.url, "POST", "/cases", { token: worker, body: garbage })
    const r = await call(s.url, "POST", `/cases/${reported.body.caseId}/commands`, {
      token: worker,
      body: { _tag: "Register" }
    })
    expectProblem(r, 403, "access-denied")
    expectProblem(await call(s.url, "GET", "/admin/people", { token: worker }), 403, "access-denied")
  })

  it("404 for a case outside the jurisdiction, exactly as for a missing one", async () => {
    const worker = await s.token(personAt("gridWorker", { grid: block }))
    const outsider = await s.token(personAt("gridWorker", { grid: otherBlock }))
    const reported = await call(s.url, "POST", "/cases", { token: worker, body: garbage })
    const id = reported.body.caseId as string
    for (const [method, path, body] of [
      ["GET", `/cases/${id}`, undefined],
      ["GET", `/cases/${id}/sla`, undefined],
      ["POST", `/cases/${id}/commands`, { _tag: "Acknowledge" }]
    ] as const) {
      const hidden = await call(s.url, method, path, { token: outsider, body })
      const missing = await call(s.url, method, path.replace(id, "case-missing"), { token: outsider, body })
      expectProblem(hidden, 404, "not-found")
      expect(hidden.body.detail.replace(id, "X")).toBe(missing.body.detail.replace("case-missing", "X"))
    }
  })

  it("409 for a command the state does not allow", async () => {
    const worker = await s.token(personAt("gridWorker", { grid: block }))
    const dispatcher = await s.token(personAt("dispatcher", { unit: "center.grid" }))
    const reported = await call(s.url, "POST", "/cases", { token: worker, body: garbage })
    const id = reported.body.caseId
    await call(s.url, "POST", `/cases/${id}/commands`, { token: dispatcher, body: { _tag: "Register" } })
    const again = await call(s.url, "POST", `/cases/${id}/commands`, { token: dispatcher, body: { _tag: "Register" } })
    expectProblem(again, 409, "transition-not-allowed")
  })

  it("413 for a body over the limit, with or without Content-Length", async () => {
    const worker = await s.token(personAt("gridWorker", { grid: block }))
    const big = { ...garbage, summary: "x".repeat(8000) }
    expectProblem(await call(s.url, "POST", "/cases", { token: worker, body: big }), 413, "payload-too-large")
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(JSON.stringify(big)))
        c.close()
      }
    })
    const res = await fetch(`${s.url}/cases`, {
      method: "POST",
      headers: { authorization: `Bearer ${worker}`, "content-type": "application/json" },
      body: stream,
      duplex: "half"
    } as RequestInit)
    expect(res.status).toBe(413)
    expect(res.headers.get("content-type")).toContain("application/problem+json")
  })

  it("the OpenAPI document and the docs page are served", async () => {
    const spec = await call(s.url, "GET", "/openapi.json")
    expect(spec.body.openapi).toBe("3.1.0")
    expect(Object.keys(spec.body.paths)).toContain("/cases/{caseId}/commands")
    // every operation says what it does
    const unsummarized = Object.entries(spec.body.paths as Record<string, Record<string, { summary?: string }>>)
      .flatMap(([path, item]) => Object.entries(item).map(([method, op]) => [`${method} ${path}`, op.summary] as const))
      .filter(([, summary]) => summary === undefined || summary.length < 10)
    expect(unsummarized).toEqual([])
    const docs = await fetch(`${s.url}/docs`)
    const html = await docs.text()
    expect(docs.headers.get("content-type")).toContain("text/html")
    expect(html).toContain("/openapi.json")
    expect(html).not.toMatch(/<script[^>]+src=/)
  })

  onBrowser("the docs page, in a real browser, lists every operation of the OpenAPI document", async () => {
    const spec = (await call(s.url, "GET", "/openapi.json")).body as {
      paths: Record<string, Record<string, { summary: string }>>
    }
    const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`)
    )
    const summaries = Object.values(spec.paths).flatMap((item) => Object.values(item).map((op) => op.summary))
    const dom = await render(`${s.url}/docs`)
    // what the page's script put in place of "Loading /openapi.json…"
    const ops = dom.slice(dom.indexOf('<div id="ops">'), dom.indexOf("<script>"))
    expect(ops).not.toMatch(/Loading|Could not load/)
    const shown = [...ops.matchAll(/<span class="m (\w+)">\w+<\/span> <span class="path">([^<]+)<\/span>/g)].map(
      (m) => `${m[1]} ${m[2]}`
    )
    expect(shown.sort()).toEqual(operations.sort())
    expect(ops).toContain("<h2>Cases</h2>")
    const escaped = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    for (const summary of summaries) expect(ops).toContain(`<p>${escaped(summary)}</p>`)
  })

  it("administration: an admin lists people and creates a post that takes effect at once", async () => {
    const admin = await s.token(personAt("admin", { unit: "center" }))
    const people = await call(s.url, "GET", "/admin/people?limit=5", { token: admin })
    expect(people.body.items).toHaveLength(5)
    expect(people.body.total).toBe(city.staff.people.length)
    const person = { id: "p-new-1", name: "新人" }
    expect((await call(s.url, "POST", "/admin/people", { token: admin, body: person })).status).toBe(201)
    const post = { person: "p-new-1", role: "gridWorker", at: { grid: otherBlock }, validFrom: "2020-01-01" }
    expect((await call(s.url, "POST", "/admin/posts", { token: admin, body: post })).status).toBe(201)
    const issued = await call(s.url, "POST", "/admin/tokens", { token: admin, body: { person: "p-new-1" } })
    const me = await call(s.url, "GET", "/me", { token: issued.body.token })
    expect(me.body.posts).toEqual([{ role: "gridWorker", at: { grid: otherBlock } }])
  })

  it("routing preview explains the decision; the grid tree lists children", async () => {
    const worker = await s.token(personAt("gridWorker", { grid: block }))
    const r = await call(
      s.url,
      "GET",
      `/routing/preview?kind=event&category=event.sanitation.garbage&severity=minor&place=${block}`,
      {
        token: worker
      }
    )
    expect(r.body.decision.target).toEqual({ _tag: "Grid", level: 3, grid: block })
    expect(r.body.explanation.winner.rule.id).toBe("event.block")
    const grids = await call(s.url, "GET", "/grids", { token: worker })
    expect(grids.body[0].code).toBe("620981")
    expect(grids.body.length).toBe(1 + grids.body[0].children.length)
  })
})

describe("rate limit", () => {
  it("429 with Retry-After once the bucket is empty", async () => {
    const limited = await start({ rate: { perSecond: 0.01, burst: 3 } })
    try {
      const statuses: Array<number> = []
      let last: Reply | undefined
      for (let i = 0; i < 5; i++) {
        last = await call(limited.url, "GET", "/health")
        statuses.push(last.status)
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429])
      expectProblem(last!, 429, "rate-limited")
      expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0)
    } finally {
      await limited.stop()
    }
  })
})
