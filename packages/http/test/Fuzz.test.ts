/**
 * Fuzzed and hostile input through the real server (issue 14, items 1–5): idempotency
 * keys under random retries, and input that is checked and, refused, writes nothing.
 * The 10,000 malformed requests are in `Fuzz.stress.test.ts` (the stress tier).
 */
import { connect } from "node:net"
import { Category } from "@gridgov/core"
import { Result } from "effect"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Req, send } from "./fuzz.js"
import { apiKey, blocks, call, personAt, type Running, start } from "./support.js"

let s: Running
let token = ""

beforeAll(async () => {
  s = await start({ maxBodyBytes: 8192 })
  token = await s.token(personAt("gridWorker", { grid: blocks[0]! }))
})
afterAll(() => s.stop())

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
  // a server of its own: nothing the other tests leave behind reaches it
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

// ---------------------------------------------------------------------------------------------
// Issue 14, items 3–5: what the server lets in (categories, a resident's channel and
// severity, admin ids and strings, content types, stalled bodies) and what Open311's XML
// survives. Each writes nothing it refuses.
// ---------------------------------------------------------------------------------------------

/** Whether a document is well-formed XML as the Open311 writer makes it (elements, text, the five entities). */
const wellFormed = (doc: string): boolean => {
  // XML 1.0's Char production
  if (!/^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u.test(doc)) return false
  const body = doc.replace(/^<\?xml [^?]*\?>/, "")
  const open: Array<string> = []
  for (const m of body.matchAll(/<(\/?)([A-Za-z_][\w.-]*)>|&(\w+);|([<&])/g)) {
    if (m[4] !== undefined) return false
    if (m[3] !== undefined) {
      if (!["lt", "gt", "amp", "apos", "quot"].includes(m[3])) return false
    } else if (m[1] === "") open.push(m[2]!)
    else if (open.pop() !== m[2]) return false
  }
  return open.length === 0
}

describe("issue 14 items 3–5: input is checked, and what is refused writes nothing", () => {
  const block = blocks[0]!
  const report = (body: object, auth = token) => call(s.url, "POST", "/cases", { token: auth, body })
  const garbage = { kind: "event", category: "event.sanitation.garbage", place: block }

  it("a category outside the taxonomy or of another kind is a 422 naming body.category", async () => {
    const before = await s.position()
    for (const [kind, category] of [
      ["event", "admin"],
      ["event", "constructor"],
      ["event", "dispute.family"],
      ["event", "event.sanitation.garbage.bins"],
      ["dispute", "event.sanitation.garbage"],
      ["event", "__proto__"],
      ["event", `event.${"a".repeat(200)}`]
    ] as const) {
      const r = await report({ ...garbage, kind, category })
      expect(r.status, category).toBe(422)
      expect(r.body.type).toBe("https://gridgov.dev/problems/invalid-command")
      expect(r.body.errors.map((e: { path: Array<string> }) => e.path.join("."))).toContain("body.category")
    }
    expect(await s.position()).toBe(before)
    // random codes: accepted exactly when the taxonomy has them under the kind's root
    const codes = Category.defaults.entries.map((e) => e.code)
    const samples = fc.sample(
      fc.record({
        // kinds a grid worker may open: the category is what is checked
        kind: fc.constantFrom("event", "dispute"),
        category: fc.oneof(fc.constantFrom(...codes), fc.stringMatching(/^[a-z]{1,8}(\.[a-z]{1,8}){0,2}$/))
      }),
      { numRuns: 60, seed: 14_3 }
    )
    for (const { kind, category } of samples) {
      const at = await s.position()
      const r = await report({ ...garbage, kind, category })
      const ok = Result.isSuccess(Category.check(Category.defaults, kind, category))
      if (ok) expect([201, 403], `${kind} ${category}`).toContain(r.status)
      else {
        expect(r.status, `${kind} ${category}`).toBe(422)
        expect(await s.position()).toBe(at)
      }
    }
  })

  it("a resident reports through the public channel at ordinary severity: another channel or severity is a 403", async () => {
    const resident = (await call(s.url, "POST", "/auth/public", {})).body.token as string
    const before = await s.position()
    for (const extra of [
      { channel: "police110" },
      { channel: "hotline" },
      { severity: "major" },
      { severity: "minor" }
    ]) {
      const r = await report({ ...garbage, ...extra }, resident)
      expect(r.status, JSON.stringify(extra)).toBe(403)
      expect(r.body.reason).toBe("PublicReport")
    }
    expect(await s.position()).toBe(before)
    const ok = await report(garbage, resident)
    expect(ok.status).toBe(201)
    const mine = await call(s.url, "GET", `/cases/${ok.body.caseId}`, { token: resident })
    expect(mine.body.state).toMatchObject({ channel: "public", severity: "ordinary" })
    // an Open311 app reports for residents: its severity is the default whatever it sends
    const form = new URLSearchParams({
      api_key: apiKey,
      service_code: "event.sanitation.garbage",
      address_id: block,
      "attribute[severity]": "major"
    })
    const posted = await fetch(`${s.url}/open311/v2/requests.json`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString()
    })
    expect(posted.status).toBe(200)
    const id = ((await posted.json()) as Array<{ service_request_id: string }>)[0]!.service_request_id
    const dispatcher = await s.token(personAt("dispatcher", { unit: "center.grid" }))
    const opened = await call(s.url, "GET", `/cases/${id}`, { token: dispatcher })
    expect(opened.body.state).toMatchObject({ channel: "online", severity: "ordinary" })
  })

  it("a control character in one description keeps the whole Open311 XML feed well-formed", async () => {
    const description = "路灯坏了\u0001\u0008\u000b\u000c\u001f\ufffe 请修"
    const form = new URLSearchParams({
      api_key: apiKey,
      service_code: "event.facility.streetlight",
      address_id: block,
      description
    })
    const posted = await fetch(`${s.url}/open311/v2/requests.xml`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString()
    })
    expect(posted.status).toBe(200)
    expect(wellFormed(await posted.text())).toBe(true)
    const list = await (await fetch(`${s.url}/open311/v2/requests.xml`)).text()
    expect(wellFormed(list)).toBe(true)
    expect(list).toContain("路灯坏了\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd 请修")
    // and in an error naming what the path asked for
    const error = await (await fetch(`${s.url}/open311/v2/a%01b%EF%BF%BE.xml`)).text()
    expect(wellFormed(error)).toBe(true)
  })

  it("admin ids and strings are bounded and pattern-checked: __proto__, NUL bytes and long strings are a 422", async () => {
    const admin = await s.token(personAt("admin", { unit: "center" }))
    const people = async () => (await call(s.url, "GET", "/admin/people?limit=1", { token: admin })).body.total
    const before = await people()
    const refused: ReadonlyArray<readonly [string, object]> = [
      ["/admin/people", { id: "__proto__", name: "x" }],
      ["/admin/people", { id: "constructor\u0000", name: "x" }],
      ["/admin/people", { id: "p-nul", name: "a\u0000b" }],
      ["/admin/people", { id: "x".repeat(6_000), name: "x" }],
      ["/admin/people", { id: "p-long", name: "名".repeat(2_000) }],
      ["/admin/posts", { person: "__proto__", role: "gridWorker", at: { grid: block }, validFrom: "2026-01-01" }],
      [
        "/admin/posts",
        { person: "p-1", role: "dispatcher", at: { unit: `dept.${"a".repeat(3_000)}` }, validFrom: "2026-01-01" }
      ],
      ["/admin/tokens", { person: "__proto__" }],
      ["/admin/tokens", { person: "p\u0000" }]
    ]
    for (const [path, body] of refused) {
      const r = await call(s.url, "POST", path, { token: admin, body })
      expect(r.status, `${path} ${JSON.stringify(body).slice(0, 60)}`).toBe(422)
      expect(r.type).toContain("application/problem+json")
    }
    expect(await people()).toBe(before)
  })

  it("a body without a JSON content type, or in another charset, is a 415 problem and writes nothing", async () => {
    const before = await s.position()
    const body = JSON.stringify(garbage)
    for (const contentType of [
      undefined,
      "text/plain",
      "application/json; charset=latin1",
      "application/x-www-form-urlencoded"
    ]) {
      const res = await send(
        new URL(`${s.url}/cases`),
        {
          method: "POST",
          path: "/cases",
          template: 0,
          params: [],
          query: [],
          auth: "valid",
          contentType: contentType as Req["contentType"],
          idempotency: undefined,
          body
        },
        token
      )
      expect(res.status, String(contentType)).toBe(415)
      expect(res.type).toContain("application/problem+json")
      expect(JSON.parse(res.body).type).toBe("https://gridgov.dev/problems/unsupported-media-type")
    }
    expect(await s.position()).toBe(before)
    // UTF-8, said or not, is JSON
    const utf8 = await call(s.url, "POST", "/cases", {
      token,
      body,
      headers: { "content-type": "application/json; charset=UTF-8" }
    })
    expect(utf8.status).toBe(201)
  })

  describe("a stalled request", () => {
    let slow: Running
    beforeAll(async () => {
      slow = await start({ bodyTimeoutMs: 300 })
    })
    afterAll(() => slow.stop())

    /** Sends the headers and part of the body, then nothing: what the server answers, and whether it closes. */
    const stall = (path: string, bearer: string) =>
      new Promise<{ answer: string; closed: boolean }>((resolve, reject) => {
        const url = new URL(slow.url)
        const socket = connect(Number(url.port), url.hostname)
        let answer = ""
        const timer = setTimeout(() => {
          socket.destroy()
          resolve({ answer, closed: false })
        }, 20_000)
        socket.on("data", (d) => {
          answer += d.toString("utf8")
        })
        socket.on("close", () => {
          clearTimeout(timer)
          resolve({ answer, closed: true })
        })
        socket.on("error", reject)
        socket.write(
          `POST ${path} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${bearer}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"kind":`
        )
      })

    it("a body that stops arriving is answered 408 (a problem document) and the connection closed", async () => {
      // an authenticated report, whose handler would wait for the body
      const bearer = await slow.token(personAt("gridWorker", { grid: blocks[0]! }))
      const { answer, closed } = await stall("/cases", bearer)
      expect(answer).toMatch(/^HTTP\/1\.1 408/)
      expect(answer).toContain("application/problem+json")
      expect(closed).toBe(true)
    })
  })
})
