/**
 * Issue 14, items 3–5, in core: what `CaseService` lets in (categories of the
 * taxonomy and of the case's kind; a resident's report through the public channels
 * at ordinary severity) and what it gives out to the public (the resident view:
 * masked numbers, no staff ids, no routing; notifications to a resident masked).
 */

import { CalendarCn } from "@gridgov/calendar-cn"
import { Access, type Case, CaseService, Category, Notification, Routing } from "@gridgov/core"
import { Memory, ServiceSuite, Yumen } from "@gridgov/testing/vitest"
import { Effect, Option, Result } from "effect"
import { describe, expect, it } from "vitest"

const cases = Effect.service(CaseService.CaseService)
const { city, exec, failure, history, openEvent, Raw, ref, runWith } = ServiceSuite
const { dispatcher, resident, worker } = ServiceSuite.actors

const settings = ServiceSuite.settings(CalendarCn.calendar())
const run = runWith(Memory.make, settings)

const opening = (category: string, kind: Case.Kind = "event"): Case.Command => ({
  ...(openEvent("c-x", worker, "gridWorker") as Extract<Case.Command, { readonly _tag: "Open" }>),
  kind,
  category
})

/** The center's dispatcher may open a case of every kind: what is refused is the category. */
const byDispatcher = (category: string, kind: Case.Kind): Case.Command => ({
  ...(opening(category, kind) as Extract<Case.Command, { readonly _tag: "Open" }>),
  actor: ref(dispatcher, "dispatcher"),
  channel: "walkIn"
})

describe("CaseService: a new case's category is checked against the taxonomy", () => {
  it("refuses a category outside the taxonomy or of another kind, and writes nothing", () =>
    run(
      Effect.gen(function* () {
        const refused: Array<[string, Case.Kind, string]> = [
          ["admin", "event", "unknown"],
          ["constructor", "event", "unknown"],
          ["__proto__", "event", "unknown"],
          ["event.sanitation.garbage.bins", "event", "unknown"],
          ["dispute.family", "event", "otherKind"],
          ["event.sanitation.garbage", "dispute", "otherKind"],
          ["petition.land", "hotline", "otherKind"]
        ]
        for (const [category, kind, reason] of refused) {
          const e = yield* failure(exec("c-x", byDispatcher(category, kind), dispatcher))
          expect(e).toMatchObject({ _tag: "CategoryRejected", category, kind, reason })
          expect(yield* history("c-x")).toEqual([])
        }
        const raw = yield* Raw
        expect(yield* Effect.orDie(raw.outbox)).toEqual([])
      })
    ))

  it("accepts a group, an item or the kind's root, and a dispute's category for a pre-litigation filing", () =>
    run(
      Effect.gen(function* () {
        yield* exec("c-1", { ...opening("event.construction"), id: "c-1" } as Case.Command, worker)
        yield* exec("c-2", { ...opening("event"), id: "c-2" } as Case.Command, worker)
        const filing = { ...opening("dispute.debt", "prelitigation"), id: "c-3", actor: ref(dispatcher, "dispatcher") }
        yield* exec("c-3", filing as Case.Command, dispatcher)
        expect((yield* history("c-3")).map((e) => e.type)[0]).toBe("Opened")
      })
    ))

  it("checks against the taxonomy the router was compiled with", async () => {
    const taxonomy = Result.getOrThrow(
      Category.extend(Category.defaults, [
        { code: "dispute.grassland", type: "event", label: { "zh-CN": "草原纠纷", en: "Grassland dispute" } }
      ])
    )
    const grassland = { ...opening("dispute.grassland", "dispute"), id: "g-1" } as Case.Command
    const router = Result.getOrThrow(Routing.compile(Yumen.routing, { taxonomy }))
    const opened = await runWith(Memory.make, { ...settings, router })(exec("g-1", grassland, worker))
    expect(opened.status).not.toBe("initial")
    const refused = await run(failure(exec("g-1", grassland, worker)))
    expect(refused).toMatchObject({ _tag: "CategoryRejected", reason: "unknown" })
  })
})

describe("CaseService: a resident reports through the public channels at ordinary severity", () => {
  it("refuses another channel or severity from the public, and writes nothing", () =>
    run(
      Effect.gen(function* () {
        const base = openEvent("r-1", resident, "public") as Extract<Case.Command, { readonly _tag: "Open" }>
        const police = yield* failure(exec("r-1", { ...base, channel: "police110" }, resident))
        expect(police).toMatchObject({ _tag: "AccessDenied", reason: { _tag: "PublicReport", field: "channel" } })
        const major = yield* failure(exec("r-1", { ...base, severity: "major" }, resident))
        expect(major).toMatchObject({ _tag: "AccessDenied", reason: { _tag: "PublicReport", field: "severity" } })
        expect(yield* history("r-1")).toEqual([])
        // the public and online channels at ordinary severity are theirs
        yield* exec("r-1", { ...base, channel: "online" }, resident)
        // staff choose the channel and severity of what they report
        yield* exec("w-1", { ...openEvent("w-1", worker, "gridWorker"), severity: "major" } as Case.Command, worker)
      })
    ))
})

describe("CaseService: the public reads the resident view", () => {
  const staffIds = city.staff.people.map((p) => p.id)
  const said = "垃圾堆了三天，请联系13800138000，身份证11010519491231002X"

  it("a resident reading their own case sees their words masked, no staff ids, posts, routing or hashes", () =>
    run(
      Effect.gen(function* () {
        yield* exec("v-1", { ...openEvent("v-1", resident, "public"), summary: said } as Case.Command, resident)
        yield* exec("v-1", { _tag: "Register", actor: ref(dispatcher, "dispatcher") }, dispatcher)
        const service = yield* cases
        const mine = yield* service.get("v-1", resident)
        const text = JSON.stringify(mine)
        for (const id of staffIds) expect(text.includes(id), id).toBe(false)
        expect(new Set(mine.history.map((e) => e.actor.id))).toEqual(new Set([resident.id, ""]))
        expect(text).not.toContain("13800138000")
        expect(text).not.toContain("11010519491231002X")
        expect(text).not.toMatch(/"(routing|post|assignee)":\{/)
        expect(mine.state.summary).toBe("垃圾堆了三天，请联系138****8000，身份证110***********002X")
        expect(mine.state.handler).toEqual({ unit: expect.any(String), level: 2 })
        expect(mine.history.map((e) => e.type)).toEqual(["Opened", "Registered", "Dispatched"])
        expect(mine.history[0]!.actor).toEqual({ id: resident.id, roles: ["public"] })
        expect(mine.history[1]!.actor).toEqual({ id: "", roles: ["dispatcher"] })
        expect(mine.history.every((e) => e.hash === "" && e.prevHash === "")).toBe(true)
        const row = Option.getOrThrow(mine.summary)
        expect(row.assignee).toBeNull()
        expect((row.body as { summary: string }).summary).toContain("138****8000")
        // in lists too
        const page = yield* service.search({}, resident)
        expect(page.items.map((s) => s.streamId)).toEqual(["v-1"])
        expect(JSON.stringify(page.items)).not.toContain("13800138000")
        expect(JSON.stringify(page.items)).not.toContain('"routing"')
        // staff who may read the case see it whole
        const whole = yield* service.get("v-1", dispatcher)
        expect(whole.state.summary).toBe(said)
        expect(whole.history[1]!.actor.id).toBe(dispatcher.id)
        expect(Access.readsAsPublic(resident)).toBe(true)
      })
    ))

  it("a notification to a resident carries the texts with their numbers masked; staff get them whole", () =>
    run(
      Effect.gen(function* () {
        yield* exec("n-1", { ...openEvent("n-1", resident, "public"), summary: said } as Case.Command, resident)
        const reason = "重复反映，请拨0937-8888888咨询"
        yield* exec("n-1", { _tag: "Cancel", actor: ref(dispatcher, "dispatcher"), reason }, dispatcher)
        const raw = yield* Raw
        const rows = yield* Effect.orDie(raw.outbox)
        const told = rows.map((r) => Result.getOrThrow(Notification.decode(r.payload)))
        const toResident = told.find((n) => n.recipient._tag === "Person" && n.recipient.id === resident.id)!
        expect(toResident.data).toMatchObject({
          reason: "重复反映，请拨****-***8888咨询",
          summary: "垃圾堆了三天，请联系138****8000，身份证110***********002X"
        })
        const toStaff = told.filter((n) => n !== toResident)
        for (const n of toStaff) if (n.data.summary !== undefined) expect(n.data.summary).toBe(said)
      })
    ))
})
