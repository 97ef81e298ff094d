/**
 * Idempotency keys over HTTP (issue 14, items 1–2): `POST /auth/public` never
 * remembers a key, and administration's keys live in the store's `Idempotency`
 * port, bound to their request: they survive a restart, a twin sent while the
 * first is running is answered once, and a key reused elsewhere is a 422.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { apiKey, blocks, call, personAt, type Running, start } from "./support.js"

let s: Running
beforeAll(async () => {
  s = await start()
})
afterAll(() => s.stop())

const reused = "https://gridgov.dev/problems/idempotency-key-reused"

describe("Idempotency-Key over HTTP", () => {
  it("POST /auth/public does not list an Idempotency-Key: every call issues a new resident", async () => {
    const spec = await call(s.url, "GET", "/openapi.json")
    const parameters = (spec.body.paths["/auth/public"].post.parameters ?? []) as Array<{ name: string }>
    expect(parameters.map((p) => p.name)).not.toContain("idempotency-key")
    const admin = spec.body.paths["/admin/people"].post.parameters as Array<{ name: string }>
    expect(admin.map((p) => p.name)).toContain("idempotency-key")
  })

  it("an admin key outlives a restart of the server: the retry replays, another request under it is a 422", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gridgov-http-restart-"))
    try {
      const first = await start({ dir })
      const admin = await first.token(personAt("admin", { unit: "center" }))
      const headers = { "idempotency-key": "restart-1" }
      const post = {
        person: personAt("gridWorker", { grid: blocks[0]! }),
        role: "gridChief",
        at: { grid: blocks[0]! },
        validFrom: "2026-01-01"
      }
      const created = await call(first.url, "POST", "/admin/posts", { token: admin, headers, body: post })
      expect(created.status).toBe(201)
      const issued = await call(first.url, "POST", "/admin/tokens", {
        token: admin,
        headers: { "idempotency-key": "restart-token" },
        body: { person: post.person }
      })
      expect(issued.status).toBe(201)
      await first.stop()
      // a key remembers that a token was issued, never the token: the store holds no credential
      for (const file of readdirSync(dir)) expect(readFileSync(join(dir, file)).includes(issued.body.token)).toBe(false)
      const second = await start({ dir })
      try {
        const retry = await call(second.url, "POST", "/admin/posts", { token: admin, headers, body: post })
        expect(retry.status).toBe(201)
        expect(retry.body).toEqual(created.body)
        const other = await call(second.url, "POST", "/admin/people", {
          token: admin,
          headers,
          body: { id: "p-restart", name: "钱七" }
        })
        expect(other.status).toBe(422)
        expect(other.body.type).toBe(reused)
        const people = await call(second.url, "GET", "/admin/people?limit=1000", { token: admin })
        expect(people.body.items.map((p: { id: string }) => p.id)).not.toContain("p-restart")
      } finally {
        await second.stop()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it("twins sent at once with one admin key add one post, and both answers are that post", async () => {
    const admin = await s.token(personAt("admin", { unit: "center" }))
    const person = personAt("gridWorker", { grid: blocks[2]! })
    const post = { person, role: "gridChief", at: { grid: blocks[2]! }, validFrom: "2026-01-01" }
    const count = async () =>
      (await call(s.url, "GET", `/admin/posts?person=${person}&limit=1000`, { token: admin })).body.total as number
    const before = await count()
    const headers = { "idempotency-key": "twins-1" }
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => call(s.url, "POST", "/admin/posts", { token: admin, headers, body: post }))
    )
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201])
    for (const a of answers) expect(a.body).toEqual(post)
    expect(await count()).toBe(before + 1)
  })

  it("Open311: a request resent under its key answers the same case; another request under it is a 422", async () => {
    const post = (description: string, key: string) =>
      fetch(`${s.url}/open311/v2/requests.json`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "idempotency-key": key },
        body: `api_key=${apiKey}&service_code=event.sanitation.garbage&address_id=${blocks[0]!}&description=${encodeURIComponent(description)}`
      })
    const first = await post("垃圾桶满了", "o311-1")
    expect(first.status).toBe(200)
    const [created] = (await first.json()) as Array<{ service_request_id: string }>
    const again = await post("垃圾桶满了", "o311-1")
    expect(((await again.json()) as Array<{ service_request_id: string }>)[0]!.service_request_id).toBe(
      created!.service_request_id
    )
    const other = await post("路灯坏了", "o311-1")
    expect(other.status).toBe(422)
    const errors = (await other.json()) as Array<{ code: number; description: string }>
    expect(errors).toEqual([{ code: 422, description: "idempotency key o311-1 was used for another request" }])
  })

  it("POST /admin/tokens under a key: a retry issues a token for the same person, another person under it is a 422", async () => {
    const admin = await s.token(personAt("admin", { unit: "center" }))
    const person = personAt("gridWorker", { grid: blocks[0]! })
    const headers = { "idempotency-key": "token-1" }
    const first = await call(s.url, "POST", "/admin/tokens", { token: admin, headers, body: { person } })
    expect(first.status).toBe(201)
    const retry = await call(s.url, "POST", "/admin/tokens", { token: admin, headers, body: { person } })
    expect(retry.status).toBe(201)
    expect(retry.body.subject).toBe(person)
    const me = await call(s.url, "GET", "/me", { token: retry.body.token })
    expect(me.body.id).toBe(person)
    const other = personAt("gridWorker", { grid: blocks[1]! })
    const refused = await call(s.url, "POST", "/admin/tokens", { token: admin, headers, body: { person: other } })
    expect(refused.status).toBe(422)
    expect(refused.body.type).toBe(reused)
    expect(JSON.stringify(refused.body)).not.toContain(first.body.token)
  })
})
