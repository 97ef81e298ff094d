/**
 * 10,000 malformed requests through the real server: random paths from the OpenAPI
 * document (parameters filled with junk), random methods, bodies, headers and query
 * strings. Nothing answers 5xx, every error is a problem document, and the store's
 * global position does not move.
 */
import { Agent, request } from "node:http"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { blocks, call, personAt, type Running, start } from "./support.js"

let s: Running
let paths: Array<string> = []
let token = ""

beforeAll(async () => {
  s = await start({ maxBodyBytes: 8192 })
  const spec = await call(s.url, "GET", "/openapi.json")
  paths = Object.keys(spec.body.paths)
  token = await s.token(personAt("gridWorker", { grid: blocks[0]! }))
})
afterAll(() => s.stop())

const junk = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom("%", "%zz", "..", "%2e%2e", "case-1", "620981", "-1", "1e309", "null", "😀", "a/b", "")
)

const body = fc.oneof(
  fc.constant(undefined),
  fc.string({ maxLength: 200 }),
  fc.json({ maxDepth: 3 }),
  fc
    .record({ _tag: fc.constantFrom("Register", "Open", "Verify", "Nope", "Acknowledge"), passed: fc.anything() })
    .map((v) => JSON.stringify(v)),
  fc
    .record({ kind: fc.constantFrom("event", "party", 1), category: junk, place: junk, severity: junk })
    .map((v) => JSON.stringify(v)),
  fc.string({ minLength: 9000, maxLength: 9001 })
)

const headerValue = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data", "")
)

const requestArb = fc.record({
  method: fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"),
  path: fc.oneof(
    fc.constantFrom(...["/cases"]).chain(() => fc.constant("")),
    fc.string({ maxLength: 30 }).map((p) => `/${encodeURIComponent(p)}`)
  ),
  template: fc.nat(),
  params: fc.array(junk, { minLength: 4, maxLength: 4 }),
  query: fc.array(fc.tuple(fc.constantFrom("limit", "cursor", "grid", "kind", "within", "depth", "x"), junk), {
    maxLength: 4
  }),
  auth: fc.constantFrom("none", "valid", "junk"),
  contentType: headerValue,
  idempotency: fc.option(junk, { nil: undefined }),
  body
})

type Req = typeof requestArb extends fc.Arbitrary<infer A> ? A : never

const agent = new Agent({ keepAlive: true, maxSockets: 16 })

const send = (url: URL, r: Req): Promise<{ status: number; type: string; body: string }> =>
  new Promise((resolve, reject) => {
    const headers: Record<string, string> = {}
    if (r.auth === "valid") headers.authorization = `Bearer ${token}`
    if (r.auth === "junk") headers.authorization = `Bearer ${encodeURIComponent(String(r.params[0]))}.x`
    if (r.contentType !== undefined) headers["content-type"] = r.contentType
    if (r.idempotency !== undefined) headers["idempotency-key"] = encodeURIComponent(r.idempotency)
    const withBody = r.body !== undefined && r.method !== "GET" && r.method !== "HEAD"
    // Node frames a body only for some methods by default: give its length so every request is framed.
    if (withBody) headers["content-length"] = String(Buffer.byteLength(r.body!))
    const req = request(url, { method: r.method, agent, headers }, (res) => {
      const chunks: Array<Buffer> = []
      res.on("data", (c) => chunks.push(c))
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          type: String(res.headers["content-type"] ?? ""),
          body: Buffer.concat(chunks).toString("utf8")
        })
      )
    })
    req.on("error", reject)
    if (withBody) req.end(r.body)
    else req.end()
  })

const pathOf = (r: Req): string => {
  if (r.path !== "") return r.path
  const template = paths[r.template % paths.length]!
  let k = 0
  return template.replace(/\{[^}]+\}/g, () => encodeURIComponent(String(r.params[k++ % 4])))
}

it("10,000 malformed requests: no 5xx, only problem documents, no state change", async () => {
  const before = await s.position()
  const samples = fc.sample(requestArb, { numRuns: 10_000, seed: 20_261_126 })
  const failures: Array<string> = []
  let next = 0
  let errors = 0
  const worker = async () => {
    for (;;) {
      const i = next++
      if (i >= samples.length) return
      const r = samples[i]!
      const path = pathOf(r)
      const query = r.query.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&")
      const url = new URL(`${s.url}${path}${query === "" ? "" : `?${query}`}`)
      const res = await send(url, r).catch((e: Error) => ({
        status: 599,
        type: "",
        body: `${e.message} ${JSON.stringify({ ...r, body: String(r.body).slice(0, 80) })}`
      }))
      if (res.status >= 500) failures.push(`${r.method} ${url.pathname}${url.search} → ${res.status} ${res.body}`)
      else if (res.status >= 400) {
        errors++
        const problem = r.method === "HEAD" || url.pathname.startsWith("/open311/") || res.type.includes("problem+json")
        if (!problem) failures.push(`${r.method} ${url.pathname} → ${res.status} ${res.type} (not a problem)`)
        else if (r.method !== "HEAD" && !url.pathname.startsWith("/open311/")) {
          const doc = JSON.parse(res.body) as { type?: unknown; title?: unknown; status?: unknown }
          if (typeof doc.type !== "string" || typeof doc.title !== "string" || doc.status !== res.status)
            failures.push(`${r.method} ${url.pathname} → incomplete problem ${res.body}`)
        }
      } else if (r.method === "POST" && url.pathname !== "/auth/public")
        failures.push(`${r.method} ${url.pathname} → ${res.status}: a malformed POST was accepted`)
    }
  }
  await Promise.all(Array.from({ length: 16 }, worker))
  expect(failures.slice(0, 10)).toEqual([])
  expect(errors).toBeGreaterThan(9_000)
  expect(await s.position()).toBe(before)
}, 60_000)

// ------------------------------------------------------------------ idempotency keys (issue 14, items 1–2)

/** JSON with its object members sorted: two bodies that mean the same encode alike. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_, v) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v
  )

/** The same JSON value with its members shuffled (by `seed`) and spaced out: what a retry may send. */
const reformat = (value: unknown, seed: number): string => {
  const shuffle = (v: unknown): unknown => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v
    const entries = Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, shuffle(x)] as const)
    if (seed % 2 === 1) entries.reverse()
    return Object.fromEntries(entries)
  }
  return JSON.stringify(shuffle(value), null, seed % 3)
}

describe("idempotency keys under fuzzing", () => {
  // a server of its own: nothing the malformed requests above leave behind reaches it
  let t: Running
  beforeAll(async () => {
    t = await start()
  })
  afterAll(() => t.stop())

  it("POST /auth/public: 200 anonymous clients drawing from 5 keys get 200 different residents", async () => {
    const keys = fc.sample(fc.string({ minLength: 1, maxLength: 8 }).map(encodeURIComponent), { numRuns: 5, seed: 14 })
    const subjects = new Set<string>()
    const tokens = new Set<string>()
    for (let i = 0; i < 200; i++) {
      const r = await call(t.url, "POST", "/auth/public", { headers: { "idempotency-key": keys[i % 5]! } })
      expect(r.status).toBe(201)
      subjects.add(r.body.subject)
      tokens.add(r.body.token)
    }
    expect(subjects.size).toBe(200)
    expect(tokens.size).toBe(200)
  })

  it("160 pairs of requests under one key: the same request replays the first answer, any other is a 422 that writes nothing", async () => {
    const place = blocks[0]!
    const worker = await t.token(personAt("gridWorker", { grid: place }))
    const admin = await t.token(personAt("admin", { unit: "center" }))
    const opened = await call(t.url, "POST", "/cases", {
      token: worker,
      body: { kind: "event", category: "event.sanitation.garbage", place }
    })
    const caseId = opened.body.caseId as string
    const report = fc.record(
      {
        kind: fc.constant("event"),
        category: fc.constantFrom("event.sanitation.garbage", "event.facility.road", "event.construction"),
        place: fc.constantFrom(place, blocks[1]!),
        severity: fc.constantFrom("minor", "ordinary"),
        summary: fc.string({ maxLength: 12 })
      },
      { requiredKeys: ["kind", "category", "place"] }
    )
    const request = fc.oneof(
      report.map((body) => ({ path: "/cases", body })),
      fc
        .oneof(
          fc.string({ minLength: 1, maxLength: 6 }).map((note) => ({ _tag: "Urge", note })),
          fc.constantFrom({ _tag: "Register" }, { _tag: "Acknowledge" })
        )
        .map((body) => ({ path: `/cases/${caseId}/commands`, body })),
      fc
        .record({ id: fc.constantFrom("p-fz-1", "p-fz-2", "p-fz-3"), name: fc.constantFrom("甲", "乙") })
        .map((body) => ({ path: "/admin/people", body })),
      fc
        .record({ person: fc.constantFrom("p-fz-1", "p-fz-2"), role: fc.constantFrom("gridWorker", "gridChief") })
        .map(({ person, role }) => ({
          path: "/admin/posts",
          body: { person, role, at: { grid: place }, validFrom: "2026-01-01" }
        })),
      fc.constantFrom("p-fz-1", "p-fz-2").map((person) => ({ path: "/admin/tokens", body: { person } }))
    )
    // mostly requests that go through, so that their keys are recorded
    const pair = fc.record({
      first: fc.oneof({ arbitrary: report.map((body) => ({ path: "/cases", body })), weight: 2 }, request),
      second: fc.oneof(fc.constant(undefined), request),
      seed: fc.nat()
    })
    const samples = fc.sample(pair, { numRuns: 160, seed: 20_261_214 })
    const failures: Array<string> = []
    let replays = 0
    let reuses = 0
    for (const [i, p] of samples.entries()) {
      // administration as the admin, the rest as the grid worker
      const asAdmin = p.first.path.startsWith("/admin/")
      const token = asAdmin ? admin : worker
      const headers = { "idempotency-key": `fuzz-${i}` }
      const first = await call(t.url, "POST", p.first.path, { token, headers, body: p.first.body })
      // a retry (the same request, reformatted) or another request under the key
      const second = p.second ?? p.first
      const same = second.path === p.first.path && canonical(second.body) === canonical(p.first.body)
      const totals = async () =>
        [
          (await call(t.url, "GET", "/admin/people?limit=1", { token: admin })).body.total,
          (await call(t.url, "GET", "/admin/posts?limit=1", { token: admin })).body.total
        ].join()
      // what a refused request must leave as it was: the case store for a case endpoint, the
      // directory for an admin one (a replay writes nothing either, but needs no check here)
      const check = !same && first.status < 300
      const position = check && second.path.startsWith("/cases") ? await t.position() : undefined
      const directory = check && second.path.startsWith("/admin/") ? await totals() : undefined
      const again = await call(t.url, "POST", second.path, { token, headers, body: reformat(second.body, p.seed) })
      const what = `${p.first.path} ${canonical(p.first.body)} → ${first.status}; ${second.path} ${canonical(second.body)} → ${again.status} ${JSON.stringify(again.body)}`
      if (first.status >= 500 || again.status >= 500) failures.push(`5xx: ${what}`)
      else if (first.status >= 300)
        continue // nothing was recorded under the key
      else if (!asAdmin && second.path.startsWith("/admin/")) {
        // administration is refused to a grid worker before any key is looked at
        if (again.status !== 403) failures.push(`not denied: ${what}`)
      } else if (same) {
        replays++
        const expected =
          second.path === "/admin/tokens"
            ? { status: first.status, subject: first.body.subject }
            : {
                status: first.status,
                body: second.path.startsWith("/cases") ? { ...first.body, replayed: true } : first.body
              }
        const got =
          second.path === "/admin/tokens"
            ? { status: again.status, subject: again.body.subject }
            : { status: again.status, body: again.body }
        if (canonical(got) !== canonical(expected)) failures.push(`not a replay: ${what}`)
      } else {
        reuses++
        if (again.status !== 422 || again.body.type !== "https://gridgov.dev/problems/idempotency-key-reused")
          failures.push(`not refused: ${what}`)
      }
      if (position !== undefined && (await t.position()) !== position) failures.push(`wrote events: ${what}`)
      if (directory !== undefined && (await totals()) !== directory) failures.push(`changed the directory: ${what}`)
    }
    expect(failures.slice(0, 5)).toEqual([])
    console.log(`idempotency fuzz: ${JSON.stringify({ pairs: samples.length, replays, reuses })}`)
    expect(replays).toBeGreaterThan(15)
    expect(reuses).toBeGreaterThan(15)
  })
})
