/**
 * 10,000 malformed requests through the real server: random paths from the OpenAPI
 * document (parameters filled with junk), random methods, bodies, headers and query
 * strings. Nothing answers 5xx, every error is a problem document, and the store's
 * global position does not move.
 */
import { Agent, request } from "node:http"
import fc from "fast-check"
import { afterAll, beforeAll, expect, it } from "vitest"
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
