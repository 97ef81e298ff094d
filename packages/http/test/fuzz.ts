/**
 * Fuzzed requests: an arbitrary of requests (methods, paths, parameters, query strings,
 * authorization, content types, idempotency keys and bodies, junk in each), and `send`,
 * which sends one exactly as drawn over a keep-alive agent.
 */
import { Agent, request } from "node:http"
import fc from "fast-check"

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

export const requestArb = fc.record({
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

export type Req = typeof requestArb extends fc.Arbitrary<infer A> ? A : never

const agent = new Agent({ keepAlive: true, maxSockets: 16 })

export const send = (url: URL, r: Req, token: string): Promise<{ status: number; type: string; body: string }> =>
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
