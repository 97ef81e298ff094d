/**
 * 10,000 malformed requests through the real server: random paths from the OpenAPI
 * document (parameters filled with junk), random methods, bodies, headers and query
 * strings. Nothing answers 5xx, every error is a problem document, and the store's
 * global position does not move.
 */
import fc from "fast-check"
import { afterAll, beforeAll, expect, it } from "vitest"
import { type Req, requestArb, send } from "./fuzz.js"
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
      const res = await send(url, r, token).catch((e: Error) => ({
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
})
