import { Staff } from "@gridgov/core"
import { City, Embed } from "@gridgov/embed"
import { Result } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  block,
  chief,
  city,
  dispatcher,
  error,
  garbage,
  leader,
  otherChief,
  personAt,
  value,
  village
} from "./support.js"

describe("Embed over the in-memory store and the Yumen fixture", () => {
  let gridgov: Embed.Gridgov
  beforeAll(async () => {
    gridgov = await Embed.start({ store: "memory", city: "yumen", sweep: false })
  })
  afterAll(() => gridgov.close())

  it("a resident's report is a case the resident reads back, its history hash-chained", async () => {
    const resident = gridgov.as({ resident: "user-1" })
    const receipt = value(await resident.report({ ...garbage, summary: "垃圾堆放三天" }))
    expect(receipt).toMatchObject({ kind: "event", status: "reported", version: 1, replayed: false })
    const view = value(await resident.get(receipt.caseId))
    expect(view.state).toMatchObject({ id: receipt.caseId, status: "reported", place: block, channel: "public" })
    expect(view.summary).toMatchObject({ streamId: receipt.caseId, state: "reported" })
    expect(view.history.map((e) => e.type)).toEqual(["Opened"])
    // the resident view carries no hashes; staff read the chain
    expect(view.history[0]!.hash).toBe("")
    const staffView = value(await gridgov.as(dispatcher).get(receipt.caseId))
    expect(staffView.history[0]!.prevHash).toMatch(/^0{64}$/)
    expect(staffView.history[0]!.hash).toMatch(/^[0-9a-f]{64}$/)
    // another resident may not read it: it answers as a missing case
    expect(error(await gridgov.as({ resident: "user-2" }).get(receipt.caseId))).toMatchObject({
      _tag: "CaseNotFound",
      caseId: receipt.caseId,
      message: `case ${receipt.caseId} not found`
    })
  })

  it("a case goes from report to closure, each command among those allowed to its actor", async () => {
    const opened = value(await gridgov.as({ resident: "user-3" }).report(garbage))
    const id = opened.caseId
    const step = async (who: Embed.Who, command: Embed.Command) => {
      const allowed = value(await gridgov.as(who).allowed(id))
      expect(allowed.commands.map((c) => c.command)).toContain(command._tag)
      return value(await gridgov.as(who).command(id, command))
    }
    // registering routes it: the village's grid chief gets it in the same append
    const registered = await step(dispatcher, { _tag: "Register" })
    expect(registered.events.map((e) => e.type)).toEqual(["Registered", "Dispatched"])
    expect(registered.handler).toMatchObject({ unit: village })
    expect(value(await gridgov.as(chief).work.todo()).items.map((s) => s.streamId)).toContain(id)
    await step(chief, { _tag: "Acknowledge" })
    await step(chief, { _tag: "SubmitResult", result: "已清运", evidence: ["photo-1"] })
    const closed = await step(dispatcher, { _tag: "Verify", passed: true })
    expect(closed.status).toBe("closed")
    const view = value(await gridgov.as(dispatcher).get(id))
    expect(view.history.map((e) => e.type)).toEqual([
      "Opened",
      "Registered",
      "Dispatched",
      "Acknowledged",
      "ResultSubmitted",
      "VerificationPassed"
    ])
    expect(value(await gridgov.as(dispatcher).list({ states: ["closed"] })).items.map((s) => s.streamId)).toContain(id)
  })

  it("bad input answers InputInvalid with the Schema's message and writes nothing", async () => {
    const resident = gridgov.as({ resident: "user-4" })
    const before = value(await resident.list()).items.length
    const missing = error(await resident.report({ kind: "event", category: "event.sanitation.garbage" } as never))
    expect(missing).toEqual({
      _tag: "InputInvalid",
      message: 'Missing key\n  at ["place"]',
      issues: [{ path: ["place"], message: "Missing key" }]
    })
    const wrong = error(await resident.report({ ...garbage, kind: "parade", severity: 3 } as never))
    expect(wrong._tag).toBe("InputInvalid")
    expect(wrong.message).toContain(
      'Expected "event" | "dispute" | "petition" | "prelitigation" | "hotline"\n  at ["kind"]'
    )
    expect(wrong._tag === "InputInvalid" && wrong.issues.map((i) => i.path)).toEqual([["kind"], ["severity"]])
    const command = error(await gridgov.as(dispatcher).command("case-x", { _tag: "Verify", passed: "yes" } as never))
    expect(command).toMatchObject({ _tag: "InputInvalid", issues: [{ path: ["passed"], message: "Expected boolean" }] })
    const who = error(await gridgov.as({ someone: "x" } as never).report(garbage))
    expect(who._tag).toBe("InputInvalid")
    const limit = error(await resident.list({ limit: 0 }))
    expect(limit).toMatchObject({ _tag: "InputInvalid", issues: [{ path: ["limit"] }] })
    expect(value(await resident.list()).items.length).toBe(before)
  })

  it("input that has every field but breaks a field's check is refused with the check's message, and writes nothing", async () => {
    const resident = gridgov.as({ resident: "user-8" })
    const invalid = (message: string, path: Array<string | number>) => ({
      _tag: "InputInvalid",
      message: `${message}\n  at ${path.map((p) => `[${JSON.stringify(p)}]`).join("")}`,
      issues: [{ path, message }]
    })
    expect(error(await resident.report({ ...garbage, summary: "长".repeat(2001) }))).toEqual(
      invalid("Expected a value with a length of at most 2000", ["summary"])
    )
    expect(error(await resident.report({ ...garbage, category: "Event.Garbage" }))).toEqual(
      invalid("Expected a dotted category code such as dispute.water (lower-case segments separated by dots)", [
        "category"
      ])
    )
    expect(error(await resident.report({ ...garbage, place: "" }))).toEqual(
      invalid("Expected a value with a length of at least 1", ["place"])
    )
    const d = gridgov.as(dispatcher)
    expect(
      error(await d.command("case-x", { _tag: "SubmitResult", result: "已清运", evidence: ["p1", 2] } as never))
    ).toEqual(invalid("Expected string", ["evidence", 1]))
    expect(error(await d.command("case-x", { _tag: "Verify", passed: true, role: "mayor" } as never))).toMatchObject({
      _tag: "InputInvalid",
      issues: [{ path: ["role"] }]
    })
    expect(error(await d.command("", { _tag: "Register" }))).toEqual({
      _tag: "InputInvalid",
      message: "Expected a value with a length of at least 1",
      issues: [{ path: [], message: "Expected a value with a length of at least 1" }]
    })
    expect(value(await resident.list()).items).toEqual([])
  })

  it("what a command carries beyond its fields is dropped: an actor named in it is not who acts", async () => {
    const id = value(await gridgov.as({ resident: "user-7" }).report({ ...garbage, extra: "x" } as never)).caseId
    const forged = { _tag: "Register", actor: { id: "someone-else", role: "admin" }, note: "dropped" }
    value(await gridgov.as(dispatcher).command(id, forged as never))
    value(await gridgov.as(chief).command(id, { _tag: "Acknowledge", extra: 1 } as never))
    const history = value(await gridgov.as(dispatcher).get(id)).history
    expect(history.map((e) => [e.type, e.actor.id])).toEqual([
      ["Opened", "user-7"],
      ["Registered", dispatcher.person],
      ["Dispatched", "system"],
      ["Acknowledged", chief.person]
    ])
    for (const event of history) {
      expect(Object.keys(event.payload ?? {})).not.toContain("extra")
      expect(Object.keys(event.payload ?? {})).not.toContain("note")
    }
  })

  it("the services' refusals come back as their own tags, with their fields", async () => {
    const id = value(await gridgov.as({ resident: "user-5" }).report(garbage)).caseId
    // the machine: nothing to verify yet
    expect(error(await gridgov.as(dispatcher).command(id, { _tag: "Verify", passed: true }))).toMatchObject({
      _tag: "TransitionNotAllowed",
      state: "reported",
      command: "Verify"
    })
    // access: a grid chief of another village may not register
    const denied = error(await gridgov.as(otherChief).command(id, { _tag: "Register" }))
    expect(denied).toMatchObject({ _tag: "AccessDenied", command: "Register" })
    expect(denied.message).toMatch(/^Register denied: /)
    // the taxonomy: an unknown category
    expect(
      error(await gridgov.as({ resident: "user-5" }).report({ ...garbage, category: "event.unknown.thing" }))
    ).toMatchObject({ _tag: "CategoryRejected" })
    // a public reporter may not claim a severity
    expect(error(await gridgov.as({ resident: "user-5" }).report({ ...garbage, severity: "major" }))).toMatchObject({
      _tag: "AccessDenied",
      reason: { _tag: "PublicReport", field: "severity" }
    })
  })

  it("an idempotency key runs a report once; the key on another report is refused", async () => {
    const resident = gridgov.as({ resident: "user-6" })
    const first = value(await resident.report(garbage, { idempotencyKey: "form-1" }))
    const again = value(await resident.report(garbage, { idempotencyKey: "form-1" }))
    expect(again).toMatchObject({ caseId: first.caseId, replayed: true })
    expect(error(await resident.report({ ...garbage, summary: "另一件" }, { idempotencyKey: "form-1" }))._tag).toBe(
      "IdempotencyKeyReused"
    )
    expect(value(await resident.list()).items).toHaveLength(1)
  })

  it("records are filed in the worker's grid and read back, masked as policy says", async () => {
    const worker = gridgov.as(chief)
    const filed = value(
      await worker.records.file({ grid: block, item: "person.household", task: "visit", fields: { members: 4 } })
    )
    expect(filed).toMatchObject({ grid: block, item: "person.household", author: chief.person })
    expect(value(await worker.records.get(filed.id))).toMatchObject({ id: filed.id })
    expect(value(await worker.records.list({ grid: village })).items.map((r) => r.id)).toContain(filed.id)
    expect(error(await gridgov.as(otherChief).records.get(filed.id))._tag).toBe("RecordNotFound")
    expect(error(await worker.records.file({ grid: block, item: "person.nonsense" }))._tag).toBe("UnknownItem")
  })

  it("a leader's notice reaches the grid chiefs' inboxes; reading it is recorded once", async () => {
    const notice = value(
      await gridgov.as(leader).notices.publish({
        title: "防汛通知",
        body: "今晚有暴雨",
        audience: { public: false, grids: [village], roles: ["gridChief"], units: [] }
      })
    )
    const inbox = value(await gridgov.as(chief).notices.list({ unreadOnly: true }))
    expect(inbox.items.map((i) => i.notice.id)).toContain(notice.id)
    expect(value(await gridgov.as(chief).notices.read(notice.id))).toBe(true)
    expect(value(await gridgov.as(chief).notices.read(notice.id))).toBe(false)
    expect(error(await gridgov.as(otherChief).notices.get(notice.id))._tag).toBe("NoticeNotFound")
    expect(
      error(
        await gridgov
          .as(chief)
          .notices.publish({ title: "x", body: "y", audience: { public: true, grids: [], roles: [], units: [] } })
      )._tag
    ).toBe("Forbidden")
  })

  it("figures count the cases handled here; a query outside the actor's reach is refused", async () => {
    const report = value(await gridgov.as(leader).analytics.report({ kinds: ["event"] }, "grid"))
    expect(report.totals.valid).toBeGreaterThanOrEqual(1)
    expect(report.totals.closed).toBeGreaterThanOrEqual(1)
    expect(report.breakdown?.length).toBeGreaterThan(0)
    expect(error(await gridgov.as(chief).analytics.report({}))._tag).toBe("Forbidden")
    expect(error(await gridgov.as(leader).analytics.report({ from: "2026-13" }))).toMatchObject({
      _tag: "InputInvalid",
      issues: [{ path: ["from"] }]
    })
  })

  it("verify finds every case's hash chain intact", async () => {
    const checked = value(await gridgov.verify())
    expect(checked.streams).toBeGreaterThanOrEqual(4)
    expect(checked.events).toBeGreaterThan(checked.streams)
  })
})

describe("Embed for a person of several posts", () => {
  // the block's grid worker, also posted to the center as a dispatcher (worker first)
  const worker = personAt("gridWorker", { grid: block })
  const dispatching = city.staff.posts.find((p) => p.person === dispatcher.person && p.role === "dispatcher")!
  const twoHats = { person: worker }
  let gridgov: Embed.Gridgov
  beforeAll(async () => {
    const yumen = await City.yumen()
    const posts = [...city.staff.posts, { ...dispatching, person: worker }]
    const directory = Result.getOrThrow(Staff.directory({ ...city.staff, posts }, city.tree))
    gridgov = await Embed.start({ store: "memory", city: { ...yumen, tree: city.tree, directory }, sweep: false })
  })
  afterAll(() => gridgov.close())

  it("acts in the first of their roles that may do it, or in the role they name", async () => {
    const opened = value(await gridgov.as(twoHats).report(garbage))
    const registered = value(await gridgov.as(twoHats).command(opened.caseId, { _tag: "Register" }))
    expect(registered.status).toBe("dispatched")
    const history = value(await gridgov.as(dispatcher).get(opened.caseId)).history
    expect(history.map((e) => [e.type, e.actor.id, e.actor.roles])).toEqual([
      ["Opened", worker, ["gridWorker"]],
      ["Registered", worker, ["dispatcher"]],
      ["Dispatched", "system", ["system"]]
    ])
    const other = value(await gridgov.as(twoHats).report(garbage)).caseId
    expect(error(await gridgov.as(twoHats).command(other, { _tag: "Register", role: "gridWorker" }))).toMatchObject({
      _tag: "AccessDenied",
      command: "Register"
    })
  })
})

describe("Embed.start", () => {
  it("refuses a store URL it does not know, and a city it cannot read", async () => {
    await expect(Embed.start({ store: "mysql://db/gridgov", city: "yumen" })).rejects.toMatchObject({
      _tag: "StoreUrlInvalid"
    })
    await expect(Embed.start({ store: "memory", city: { tree: null } as never })).rejects.toMatchObject({
      _tag: "CityInvalid"
    })
    const e = await Embed.start({ store: "sqlite:", city: "yumen" }).catch((e: unknown) => e)
    expect(e).toBeInstanceOf(Embed.StartError)
  })

  it("a closed gridgov rejects further calls", async () => {
    const gridgov = await Embed.start({ store: "memory", city: "yumen", sweep: false })
    await gridgov.close()
    await expect(gridgov.as({ resident: "r" }).list()).rejects.toThrow("gridgov is closed")
  })
})
