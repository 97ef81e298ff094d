/**
 * The host end to end over real HTTP: its own auth, a case reported through its
 * route, read back, moved on by staff through its routes, and gridgov's errors in
 * the host's own shape. And the glue stays under 40 lines.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { FastifyInstance } from "fastify"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { build } from "../src/app.js"
import { embed } from "../src/gridgov.js"
import { demoUsers, village } from "../src/users.js"

const dir = mkdtempSync(join(tmpdir(), "gridgov-host-"))
let app: FastifyInstance
let base: string

beforeAll(async () => {
  app = build(demoUsers())
  await embed(app, `sqlite:${join(dir, "gridgov.db")}`)
  base = await app.listen({ port: 0, host: "127.0.0.1" })
})
afterAll(async () => {
  await app.close()
  rmSync(dir, { recursive: true, force: true })
})

const call = async (key: string | undefined, method: string, path: string, body?: unknown) => {
  const headers: Record<string, string> = key === undefined ? {} : { "x-api-key": key }
  if (body !== undefined) headers["content-type"] = "application/json"
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  // biome-ignore lint/suspicious/noExplicitAny: the tests read the JSON answers as they come
  return { status: response.status, body: (await response.json()) as any }
}

const block = `${village}001`

describe("the host embeds gridgov", () => {
  it("keeps its own routes and its own auth", async () => {
    expect(await call(undefined, "GET", "/health")).toEqual({ status: 200, body: { ok: true } })
    expect(await call("key-alice", "GET", "/me")).toEqual({ status: 200, body: { name: "Alice (a resident)" } })
    const refused = await call("nobody", "POST", "/reports", { kind: "event" })
    expect(refused).toEqual({
      status: 401,
      body: { error: { code: "unauthorized", message: "Send your API key in x-api-key" } }
    })
  })

  it("a resident reports through the host's route, reads it, and staff take it to closure", async () => {
    const report = { kind: "event", category: "event.sanitation.garbage", place: block, summary: "垃圾三天没人清" }
    const opened = await call("key-alice", "POST", "/reports", report)
    expect(opened.status).toBe(201)
    expect(opened.body).toMatchObject({ kind: "event", status: "reported", version: 1 })
    const id: string = opened.body.caseId

    const read = await call("key-alice", "GET", `/reports/${id}`)
    expect(read.status).toBe(200)
    expect(read.body.state).toMatchObject({ id, status: "reported", summary: "垃圾三天没人清" })

    // the dispatcher sees what may be done, and registers it: routing hands it to the village
    const actions = await call("key-dispatch", "GET", `/reports/${id}/actions`)
    expect(actions.body.commands.map((c: { command: string }) => c.command)).toContain("Register")
    const registered = await call("key-dispatch", "POST", `/reports/${id}/actions`, { _tag: "Register" })
    expect(registered).toMatchObject({ status: 200, body: { status: "dispatched", handler: { unit: village } } })

    const work = await call("key-chief", "GET", "/my-work")
    expect(work.body.items.map((s: { streamId: string }) => s.streamId)).toContain(id)
    for (const command of [
      { _tag: "Acknowledge" },
      { _tag: "SubmitResult", result: "已清运", evidence: ["photo-1.jpg"] }
    ]) {
      expect((await call("key-chief", "POST", `/reports/${id}/actions`, command)).status).toBe(200)
    }
    const closed = await call("key-dispatch", "POST", `/reports/${id}/actions`, { _tag: "Verify", passed: true })
    expect(closed.body).toMatchObject({ status: "closed" })

    const history = (await call("key-dispatch", "GET", `/reports/${id}`)).body.history
    expect(history.map((e: { type: string }) => e.type)).toEqual([
      "Opened",
      "Registered",
      "Dispatched",
      "Acknowledged",
      "ResultSubmitted",
      "VerificationPassed"
    ])
  })

  it("answers gridgov's errors in the host's shape, and a bad report writes nothing", async () => {
    const before = (await call("key-dispatch", "GET", "/my-work")).body.items.length
    const bad = await call("key-alice", "POST", "/reports", { kind: "parade", category: "event.sanitation.garbage" })
    expect(bad.status).toBe(400)
    expect(bad.body).toEqual({
      error: {
        code: "InputInvalid",
        message:
          'Expected "event" | "dispute" | "petition" | "prelitigation" | "hotline"\n  at ["kind"]\nMissing key\n  at ["place"]',
        details: [
          { path: ["kind"], message: 'Expected "event" | "dispute" | "petition" | "prelitigation" | "hotline"' },
          { path: ["place"], message: "Missing key" }
        ]
      }
    })
    expect((await call("key-dispatch", "GET", "/my-work")).body.items.length).toBe(before)

    const id = (
      await call("key-alice", "POST", "/reports", { kind: "event", category: "event.sanitation.garbage", place: block })
    ).body.caseId
    expect(
      await call("key-dispatch", "POST", `/reports/${id}/actions`, { _tag: "Verify", passed: true })
    ).toMatchObject({
      status: 409,
      body: { error: { code: "TransitionNotAllowed", message: "Verify is not allowed in state reported (kind event)" } }
    })
    expect(await call("key-alice", "POST", `/reports/${id}/actions`, { _tag: "Register" })).toMatchObject({
      status: 403,
      body: { error: { code: "AccessDenied", message: "Register denied: RoleNotAllowed" } }
    })
    expect(await call("key-alice", "GET", "/reports/case-unknown")).toMatchObject({
      status: 404,
      body: { error: { code: "CaseNotFound", message: "case case-unknown not found" } }
    })
  })

  it("a retried report with the same Idempotency-Key opens one case", async () => {
    const report = { kind: "event", category: "event.sanitation.garbage", place: block }
    const send = () =>
      fetch(`${base}/reports`, {
        method: "POST",
        headers: { "x-api-key": "key-alice", "content-type": "application/json", "idempotency-key": "form-42" },
        body: JSON.stringify(report)
      }).then((r) => r.json() as Promise<{ caseId: string; replayed: boolean }>)
    const first = await send()
    const again = await send()
    expect(again).toMatchObject({ caseId: first.caseId, replayed: true })
  })
})

describe("the glue", () => {
  it("is under 40 lines of code (src/gridgov.ts, blank lines and comments aside)", () => {
    const source = readFileSync(new URL("../src/gridgov.ts", import.meta.url), "utf8")
    const code = source.split("\n").filter((line) => line.trim() !== "" && !line.trim().startsWith("//"))
    console.log(`glue: ${code.length} lines of code in examples/host/src/gridgov.ts`)
    expect(code.length).toBeLessThan(40)
  })
})
