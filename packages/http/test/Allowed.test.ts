/**
 * "What may I do here?" over HTTP (`GET /cases/{caseId}/allowed`), and the grid and
 * unit filters of the work lists and the search.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { blocks, call, parentOf, personAt, type Running, start } from "./support.js"

let s: Running
beforeAll(async () => {
  s = await start()
})
afterAll(() => s.stop())

const block = blocks[0]!
const otherBlock = blocks.find((b) => parentOf(parentOf(b)) !== parentOf(parentOf(block)))!
const garbage = (place: string) => ({ kind: "event", category: "event.sanitation.garbage", place, severity: "minor" })
const names = (body: { commands: ReadonlyArray<{ command: string }> }) => body.commands.map((c) => c.command).sort()

describe("GET /cases/{caseId}/allowed", () => {
  it("lists what the caller may issue now; each listed command is taken, an unlisted one refused", async () => {
    const worker = await s.token(personAt("gridWorker", { grid: block }))
    const dispatcher = await s.token(personAt("dispatcher", { unit: "center.grid" }))
    const id: string = (await call(s.url, "POST", "/cases", { token: worker, body: garbage(block) })).body.caseId

    const desk = await call(s.url, "GET", `/cases/${id}/allowed`, { token: dispatcher })
    expect(desk.status).toBe(200)
    expect(desk.body).toMatchObject({ caseId: id, kind: "event", status: "reported", version: 1 })
    expect(names(desk.body)).toEqual(["Cancel", "Merge", "Register", "Urge"])
    expect(desk.body.commands.find((c: { command: string }) => c.command === "Cancel")).toEqual({
      command: "Cancel",
      roles: ["dispatcher"],
      fields: [{ name: "reason", optional: false, type: "text" }]
    })
    // the reporter may do nothing with it yet, and is told so, not refused
    const mine = await call(s.url, "GET", `/cases/${id}/allowed`, { token: worker })
    expect(mine.status).toBe(200)
    expect(mine.body.commands).toEqual([])
    const refused = await call(s.url, "POST", `/cases/${id}/commands`, { token: worker, body: { _tag: "Register" } })
    expect(refused.status).toBe(403)

    const registered = await call(s.url, "POST", `/cases/${id}/commands`, {
      token: dispatcher,
      body: { _tag: "Register" }
    })
    expect(registered.status).toBe(200)
    // routed to the worker's block: now the worker may sign for it, return or transfer it…
    const now = await call(s.url, "GET", `/cases/${id}/allowed`, { token: worker })
    expect(names(now.body)).toEqual(["Acknowledge", "Escalate", "Pause", "Return", "Transfer"])
    const pause = now.body.commands.find((c: { command: string }) => c.command === "Pause")
    expect(pause.fields[0]).toEqual({
      name: "reason",
      optional: false,
      type: "choice",
      choices: ["petitioner", "appraisal", "hearing", "other"]
    })
    for (const body of [{ _tag: "Acknowledge" }, { _tag: "SubmitResult", result: "cleared", evidence: [] }]) {
      expect((await call(s.url, "POST", `/cases/${id}/commands`, { token: worker, body })).status).toBe(200)
    }
    // …and once handled, the dispatcher verifies with either verdict
    const verify = (await call(s.url, "GET", `/cases/${id}/allowed`, { token: dispatcher })).body.commands.find(
      (c: { command: string }) => c.command === "Verify"
    )
    expect(verify.fields).toEqual([
      { name: "passed", optional: false, type: "boolean", choices: [true, false] },
      { name: "note", optional: true, type: "text" }
    ])
  })

  it("404 for a case outside the caller's jurisdiction, exactly as for a missing one", async () => {
    const worker = await s.token(personAt("gridWorker", { grid: block }))
    const other = await s.token(personAt("gridWorker", { grid: otherBlock }))
    const id: string = (await call(s.url, "POST", "/cases", { token: worker, body: garbage(block) })).body.caseId
    const outside = await call(s.url, "GET", `/cases/${id}/allowed`, { token: other })
    const missing = await call(s.url, "GET", "/cases/no-such-case/allowed", { token: other })
    expect(outside.status).toBe(404)
    expect(missing.status).toBe(404)
    expect(outside.type).toContain("application/problem+json")
    expect(outside.body.type).toBe(missing.body.type)
  })
})

describe("work-list filters", () => {
  it("due-soon and search take a grid subtree and a handling unit", async () => {
    const dispatcher = await s.token(personAt("dispatcher", { unit: "center.grid" }))
    const town = parentOf(parentOf(block))
    const otherTown = parentOf(parentOf(otherBlock))
    const here: string = (await call(s.url, "POST", "/cases", { token: dispatcher, body: garbage(block) })).body.caseId
    const there: string = (await call(s.url, "POST", "/cases", { token: dispatcher, body: garbage(otherBlock) })).body
      .caseId
    const within = 366 * 86_400_000
    const ids = async (path: string) => {
      const r = await call(s.url, "GET", path, { token: dispatcher })
      expect(r.status).toBe(200)
      return r.body.items.map((c: { id: string }) => c.id) as Array<string>
    }
    const all = await ids(`/work/due-soon?within=${within}&limit=1000`)
    expect(all).toEqual(expect.arrayContaining([here, there]))
    const inTown = await ids(`/work/due-soon?within=${within}&grid=${town}&limit=1000`)
    expect(inTown).toContain(here)
    expect(inTown).not.toContain(there)
    expect(await ids(`/work/due-soon?within=${within}&grid=${otherTown}&limit=1000`)).toContain(there)
    expect(await ids(`/work/due-soon?within=${within}&grid=999999&limit=1000`)).toEqual([])

    // dispatched to a department: the unit filter finds it, and only cases that unit handles
    await call(s.url, "POST", `/cases/${here}/commands`, { token: dispatcher, body: { _tag: "Register" } })
    const byUnit = await ids(`/work/due-soon?within=${within}&unit=${block}&limit=1000`)
    expect(byUnit).toContain(here)
    expect(byUnit).not.toContain(there)
    expect(await ids(`/cases?unit=${block}&limit=1000`)).toContain(here)
    expect(await ids(`/cases?unit=${block}&limit=1000`)).not.toContain(there)
    expect(await ids(`/work/overdue?grid=${town}`)).toEqual([])
  })

  it("the search takes several states at once, comma-separated", async () => {
    const dispatcher = await s.token(personAt("dispatcher", { unit: "center.grid" }))
    const reported: string = (await call(s.url, "POST", "/cases", { token: dispatcher, body: garbage(block) })).body
      .caseId
    const dispatched: string = (await call(s.url, "POST", "/cases", { token: dispatcher, body: garbage(block) })).body
      .caseId
    await call(s.url, "POST", `/cases/${dispatched}/commands`, { token: dispatcher, body: { _tag: "Register" } })
    const ids = async (state: string) =>
      (
        (await call(s.url, "GET", `/cases?state=${state}&limit=1000`, { token: dispatcher })).body.items as Array<{
          id: string
          state: string
        }>
      ).map((c) => c.id)
    const both = await ids("reported,dispatched")
    expect(both).toEqual(expect.arrayContaining([reported, dispatched]))
    expect(await ids("reported")).not.toContain(dispatched)
    expect(await ids("dispatched")).not.toContain(reported)
  })
})
