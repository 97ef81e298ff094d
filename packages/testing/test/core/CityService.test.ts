/**
 * The configuration service (`CityService`) over the in-memory stores with the Yumen
 * fixture's configuration: changes are audited events, refused batches write nothing,
 * keys are honoured, what a change would strand is listed from the real cases, a rule
 * change leaves earlier cases' explanations and deadlines as they were decided, and a
 * year's calendar notice applies to deadlines from then on and lists the cases timed
 * provisionally for that year.
 */
import { CalendarCn } from "@gridgov/calendar-cn"
import {
  Access,
  Audit,
  Calendar,
  type CalendarNotice,
  type Case,
  CaseService,
  CaseStore,
  type City,
  type CityChange,
  CityService,
  CityStore,
  Configuration,
  Idempotency,
  type RoutingTable,
  type Staff
} from "@gridgov/core"
import { Context, Effect, Option, Result } from "effect"
import { TestClock } from "effect/testing"
import { describe, expect, it } from "vitest"
import { actorAt, actorOf, admin, blocks, city, failure, leader, parentOf, run, T0, today } from "./services.js"

const block = blocks[0]!
const dispatcher = actorAt("dispatcher", { unit: "center.grid" })
const resident = Access.resident("r-1")
const townAdminPost: Staff.Post = {
  person: "p-town-admin",
  role: "admin",
  at: { grid: parentOf(parentOf(block)) },
  validFrom: "2020-01-01"
}

const service = Effect.service(CityService.CityService)
const cases = Effect.service(CaseService.CaseService)
const store = Effect.service(CityStore.CityStore)
const current = Effect.flatMap(Effect.service(Configuration.Configuration), (c) => c.current)

const ref = (a: Access.Actor, role: Staff.Role): Case.ActorRef => ({ id: a.id, role })

/** Someone who handles cases held by `handler`: posted at its grid or unit today. */
const handlerOf = (handler: { readonly unit: string; readonly level?: number }): Access.Actor => {
  const roles = ["gridWorker", "gridChief", "gridManager", "departmentOfficer"]
  const post = city.staff.posts.find(
    (p) =>
      roles.includes(p.role) &&
      Staff_validOn(p) &&
      ("grid" in p.at ? p.at.grid === handler.unit : p.at.unit === handler.unit)
  )
  if (post === undefined) throw new Error(`nobody handles at ${handler.unit}`)
  return actorOf(post.person)
}
const Staff_validOn = (p: Staff.Post) => p.validFrom <= today && (p.validTo ?? today) >= today

/** A resident's report in the block, registered and handed over by routing, then taken up by its handler. */
const handled = (category: string) =>
  Effect.gen(function* () {
    const c = yield* cases
    const opened = yield* c.open(
      {
        actor: ref(resident, "public"),
        kind: "event",
        category,
        place: block,
        channel: "public",
        severity: "ordinary"
      },
      resident
    )
    const registered = yield* c.execute(
      opened.caseId,
      { _tag: "Register", actor: ref(dispatcher, "dispatcher") },
      dispatcher
    )
    const handler = registered.handler!
    const who = handlerOf(handler)
    const role = who.posts.find((p) => p.at !== null && ("grid" in p.at ? p.at.grid : p.at.unit) === handler.unit)!.role
    yield* c.execute(opened.caseId, { _tag: "Acknowledge", actor: ref(who, role) }, who)
    return opened.caseId
  })

/** What a case was routed by and when its handling is due, as stored. */
const decided = (caseId: string) =>
  Effect.gen(function* () {
    const view = yield* (yield* cases).get(caseId, admin)
    const dispatched = view.history.find((e) => e.type === "Dispatched")!
    const routing = (dispatched.payload as { routing: { rule: string | null; config: number } }).routing
    const body = Option.getOrThrow(view.summary).body as {
      sla: ReadonlyArray<{ clock: string; target: number | null; config: number; provisional: boolean }>
    }
    const handle = body.sla.find((c) => c.clock === "handle")!
    return {
      rule: routing.rule,
      routedUnder: routing.config,
      due: handle.target,
      timedUnder: handle.config,
      provisional: handle.provisional,
      handler: view.state.handler
    }
  })

describe("CityService: changes are audited", () => {
  it("each change is an event of the configuration's stream, with the actor and reason, and the chain verifies", () =>
    run(
      Effect.gen(function* () {
        const s = yield* service
        const before = (yield* store).head
        const head0 = yield* before
        const receipt = yield* s.apply(
          [{ _tag: "RenameGrid", code: block, name: { zh: "新一组", en: "New group one" } }],
          admin,
          { reason: "村民小组更名" }
        )
        expect(receipt).toEqual({
          version: head0.version + 1,
          events: [{ type: "GridRenamed", version: head0.version + 1, subject: block }],
          review: [],
          replayed: false
        })
        const [event] = yield* (yield* store).read(head0.version, 10)
        expect(event).toMatchObject({ type: "GridRenamed", actor: { id: admin.id, roles: ["admin"] }, at: T0 })
        expect((event!.payload as { reason: string }).reason).toBe("村民小组更名")
        // in effect at once
        const snapshot = yield* current
        expect(snapshot.version).toBe(head0.version + 1)
        expect(snapshot.document.grids.find((g) => g.code === block)?.name.zh).toBe("新一组")
        expect(yield* s.verify(admin)).toEqual({ streams: 1, events: head0.version + 1 })
      })
    ))

  it("a refused batch writes nothing: not the good changes of the batch either", () =>
    run(
      Effect.gen(function* () {
        const s = yield* service
        const head = yield* (yield* store).head
        const refusal = yield* failure(
          s.apply(
            [
              { _tag: "RenameGrid", code: block, name: { zh: "甲", en: "A" } },
              { _tag: "EndPost", id: "nobody#1", on: "2026-01-31" },
              { _tag: "NotAChange" }
            ],
            admin,
            { reason: "x" }
          )
        )
        expect(refusal._tag).toBe("CityChangeRejected")
        expect((refusal as CityChange.Rejected).issues.map((i) => [i._tag, i.change])).toEqual([["Schema", 2]])
        const unknown = yield* failure(
          s.apply(
            [
              { _tag: "RenameGrid", code: block, name: { zh: "甲", en: "A" } },
              { _tag: "EndPost", id: "nobody#1", on: "2026-01-31" }
            ],
            admin,
            { reason: "x" }
          )
        )
        expect((unknown as CityChange.Rejected).issues.map((i) => [i._tag, i.change, i.path])).toEqual([
          ["UnknownPost", 1, ["id"]]
        ])
        expect(
          yield* failure(
            s.apply([{ _tag: "RenameGrid", code: block, name: { zh: "甲", en: "A" } }], admin, { reason: " " })
          )
        ).toMatchObject({
          _tag: "CityChangeRejected",
          issues: [{ _tag: "Reason", path: ["reason"] }]
        })
        // a missing reason is named beside the problems found deciding the changes, not instead of them
        const both = yield* failure(
          s.apply([{ _tag: "EndPost", id: "nobody#1", on: "2026-01-31" }], admin, { reason: "" })
        )
        expect((both as CityChange.Rejected).issues.map((i) => [i._tag, i.change, i.path])).toEqual([
          ["Reason", 0, ["reason"]],
          ["UnknownPost", 0, ["id"]]
        ])
        expect(yield* (yield* store).head).toEqual(head)
      })
    ))

  it("only admins change the configuration; a town's admin only in the town", () =>
    run(
      Effect.gen(function* () {
        const s = yield* service
        yield* s.apply(
          [
            { _tag: "AddPerson", person: { id: "p-town-admin", name: "镇管理员" } },
            { _tag: "AddPost", post: townAdminPost }
          ],
          admin,
          { reason: "a town's administrator" }
        )
        const townAdmin = yield* (yield* cases).actor("p-town-admin")
        const worker = actorAt("gridWorker", { grid: block })
        const rename = (code: string): CityChange.Change => ({ _tag: "RenameGrid", code, name: { zh: "名", en: "N" } })
        expect(yield* failure(s.apply([rename(block)], worker, { reason: "x" }))).toEqual(
          new Access.Forbidden({ action: "RenameGrid", reason: "AdminOnly" })
        )
        yield* s.apply([rename(block)], townAdmin, { reason: "in the town" })
        const elsewhere = blocks.find((b) => parentOf(parentOf(b)) !== parentOf(parentOf(block)))!
        expect(yield* failure(s.apply([rename(elsewhere)], townAdmin, { reason: "x" }))).toEqual(
          new Access.Forbidden({ action: "RenameGrid", reason: "OutsideJurisdiction" })
        )
        expect(yield* failure(s.apply([{ _tag: "SetSla", policies: [] }], townAdmin, { reason: "x" }))).toEqual(
          new Access.Forbidden({ action: "SetSla", reason: "OutsideJurisdiction" })
        )
        expect(yield* failure(s.document(townAdmin))).toEqual(
          new Access.Forbidden({ action: "ReadConfiguration", reason: "OutsideJurisdiction" })
        )
      })
    ))

  it("a change retried with its key is written once and answered the same; another request under the key is refused", () =>
    run(
      Effect.gen(function* () {
        const s = yield* service
        const change: CityChange.Change = { _tag: "RenameGrid", code: block, name: { zh: "乙", en: "B" } }
        const first = yield* s.apply([change], admin, { reason: "r", idempotencyKey: "k-1" })
        const again = yield* s.apply([change], admin, { reason: "r", idempotencyKey: "k-1" })
        expect(again).toEqual({ ...first, replayed: true })
        expect((yield* (yield* store).head).version).toBe(first.version)
        expect(
          yield* failure(
            s.apply([{ ...change, name: { zh: "丙", en: "C" } }], admin, { reason: "r", idempotencyKey: "k-1" })
          )
        ).toEqual(new Idempotency.KeyReused({ key: "k-1" }))
        // twins sent at once: one write
        const twins = yield* Effect.all(
          [0, 1].map(() =>
            s.apply([{ _tag: "RenameGrid", code: block, name: { zh: "丁", en: "D" } }], admin, {
              reason: "r",
              idempotencyKey: "k-2"
            })
          ),
          { concurrency: "unbounded" }
        )
        expect(twins.map((t) => t.version)).toEqual([first.version + 1, first.version + 1])
        expect((yield* (yield* store).head).version).toBe(first.version + 1)
      })
    ))
})

describe("CityService: personal data", () => {
  it("a person's phone is corrected and erased off the chain; the chain still verifies and never held it", () =>
    run(
      Effect.gen(function* () {
        const s = yield* service
        const person = city.staff.people[0]!.id
        yield* s.apply([{ _tag: "SetContact", person, contact: { phone: "13800138000" } }], admin, {
          reason: "入职登记"
        })
        expect(Option.getOrUndefined(yield* s.contact(person, admin))).toEqual({ phone: "13800138000" })
        yield* s.apply([{ _tag: "SetContact", person, contact: { phone: "13900139000" } }], admin, { reason: "更正" })
        expect(Option.getOrUndefined(yield* s.contact(person, admin))).toEqual({ phone: "13900139000" })
        yield* s.apply([{ _tag: "EraseContact", person }], admin, { reason: "本人要求删除" })
        expect(Option.isNone(yield* s.contact(person, admin))).toBe(true)
        const events = yield* s.history(admin, 0, 100_000)
        expect(Result.isSuccess(Audit.verify(events))).toBe(true)
        expect(JSON.stringify(events)).not.toMatch(/13800138000|13900139000/)
        expect(events.slice(-3).map((e) => e.type)).toEqual(["ContactChanged", "ContactChanged", "ContactErased"])
        expect(yield* failure(s.contact(person, actorAt("gridWorker", { grid: block })))).toMatchObject({
          _tag: "Forbidden"
        })
      })
    ))
})

describe("CityService: work a change would strand", () => {
  it("removing a category with open cases is refused with the cases, unless the change maps it", () =>
    run(
      Effect.gen(function* () {
        const s = yield* service
        const caseId = yield* handled("event.sanitation.garbage")
        const entries = (yield* current).document.categories.filter((e) => e.code !== "event.sanitation.garbage")
        const head = yield* (yield* store).head
        // the city's SLA tier names the category: the batch must set the tier too
        const named = yield* failure(s.apply([{ _tag: "SetCategories", entries }], admin, { reason: "合并类别" }))
        expect(named).toMatchObject({
          _tag: "CityChangeRejected",
          issues: [{ _tag: "UnknownCategory", change: 0, path: ["entries"] }]
        })
        expect((named as CityChange.Rejected).issues[0]!.message).toMatch(
          /SLA policy \d+ .*event\.sanitation\.garbage.*SetSla/
        )
        const policies = (yield* current).document.sla
          .at(-1)!
          .policies.filter((p) => p.category !== "event.sanitation.garbage")
        const refusal = yield* failure(
          s.apply(
            [
              { _tag: "SetCategories", entries },
              { _tag: "SetSla", policies }
            ],
            admin,
            { reason: "合并类别" }
          )
        )
        expect(refusal).toMatchObject({
          _tag: "CityChangeStrands",
          strands: [{ _tag: "OpenCases", change: 0, subject: "event.sanitation.garbage", items: [caseId], total: 1 }]
        })
        expect(yield* (yield* store).head).toEqual(head)
        yield* s.apply(
          [
            { _tag: "SetCategories", entries, mapping: [{ from: "event.sanitation.garbage", to: "event.sanitation" }] },
            { _tag: "SetSla", policies }
          ],
          admin,
          { reason: "合并类别" }
        )
        expect((yield* current).category("event.sanitation.garbage")).toBe("event.sanitation")
      })
    ))

  it("closing a unit is refused with its posts and the routing that names it", () =>
    run(
      Effect.gen(function* () {
        const s = yield* service
        const close = yield* failure(
          s.apply([{ _tag: "CloseUnit", id: "center.grid", on: "2026-01-31" }], admin, { reason: "x" })
        )
        expect(close._tag).toBe("CityChangeStrands")
        const tags = (close as CityChange.Stranded).strands.map((x) => x._tag)
        expect(tags).toEqual(["ActivePosts", "InUse"])
      })
    ))

  it("a retired grid's work goes to its successor: its cases are ranked, read and listed there", () =>
    run(
      Effect.gen(function* () {
        const s = yield* service
        const caseId = yield* handled("event.sanitation.garbage")
        const { handler } = yield* decided(caseId)
        // the case is held by the block's village; merge that village into another of its town
        const village = handler!.unit
        const town = parentOf(village)
        const other = city.grids.find(
          (g) =>
            g.parent === town &&
            g.code !== village &&
            g.kind !== "exclusive" &&
            blocks.some((b) => parentOf(b) === g.code)
        )!.code
        const into = blocks.find((b) => parentOf(b) === other)!
        const children = city.grids.filter((g) => g.parent === village).map((g) => g.code)
        const otherChief = actorAt("gridChief", { grid: other })
        const c = yield* cases
        expect(yield* failure(c.get(caseId, otherChief))).toMatchObject({ _tag: "CaseNotFound" })
        // the village's groups are retired into a group of the other village, its exclusive grids move there
        const taken = new Set(city.grids.filter((g) => g.parent === other).map((g) => g.code.slice(other.length)))
        const free = () => {
          for (let n = 1; ; n++) {
            const suffix = `X${String(n).padStart(3, "0")}`
            if (!taken.has(suffix)) return taken.add(suffix) && suffix
          }
        }
        const exclusive = (code: string) => city.grids.find((g) => g.code === code)!.kind === "exclusive"
        yield* s.apply(
          [
            ...children.map(
              (code): CityChange.Change =>
                exclusive(code)
                  ? { _tag: "MoveGrid", code, parent: other, suffix: free() }
                  : { _tag: "RetireGrid", code, successor: into }
            ),
            { _tag: "RetireGrid", code: village, successor: other }
          ],
          admin,
          { reason: "撤村并村" }
        )
        expect((yield* c.get(caseId, otherChief)).state.id).toBe(caseId)
        expect((yield* c.todo(otherChief, { limit: 100 })).items.map((x) => x.streamId)).toContain(caseId)
        const found = yield* c.search({ grid: other, limit: 100 }, admin)
        expect(found.items.map((x) => x.streamId)).toContain(caseId)
      })
    ))
})

describe("CityService: the case summaries follow the tree", () => {
  it("a rename re-ranks nothing; a move re-ranks only the codes whose place in the tree moved", () => {
    const reranked: Array<ReadonlyArray<string>> = []
    return run(
      Effect.gen(function* () {
        const s = yield* service
        const caseId = yield* handled("event.sanitation.garbage")
        yield* s.apply([{ _tag: "RenameGrid", code: block, name: { zh: "新名", en: "New name" } }], admin, {
          reason: "更名"
        })
        expect(reranked).toEqual([])
        const village = parentOf(block)
        const town = parentOf(village)
        const otherTown = city.grids.find(
          (g) => g.parent === parentOf(town) && g.code !== town && g.kind !== "exclusive"
        )!
        // a suffix free under the other town, of the village's own kind
        const taken = new Set(city.grids.filter((g) => g.parent === otherTown.code).map((g) => g.code.slice(-3)))
        let n = Number(village.slice(-3))
        while (taken.has(String(n).padStart(3, "0"))) n++
        const suffix = String(n).padStart(3, "0")
        yield* s.apply([{ _tag: "MoveGrid", code: village, parent: otherTown.code, suffix }], admin, {
          reason: "区划调整"
        })
        expect(reranked).toHaveLength(1)
        const codes = reranked[0]!
        // the moved village's codes, old and new, are there; not every code of the city
        expect(codes).toContain(village)
        expect(codes).toContain(block)
        expect(codes.length).toBeLessThan(city.grids.length)
        // and the case filed at the block is found under the village's new place
        const moved = (yield* current).document.moved.find((a) => a.from === village)!.to
        const found = yield* (yield* cases).search({ grid: moved, limit: 100 }, admin)
        expect(found.items.map((x) => x.streamId)).toContain(caseId)
      }),
      {
        wrap: (stores) => {
          const store = Context.get(stores, CaseStore.CaseStore)
          return Context.add(stores, CaseStore.CaseStore, {
            ...store,
            rerank: (ranks) => {
              reranked.push(ranks.map((r) => r.gridCode))
              return store.rerank(ranks)
            }
          })
        }
      }
    )
  })
})

describe("Reproducible decisions", () => {
  it("after a rule changes, case 1 keeps the explanation and deadline it was decided with; case 2 follows the new rule", () =>
    run(
      Effect.gen(function* () {
        const s = yield* service
        const case1 = yield* handled("event.sanitation.garbage")
        const first = yield* decided(case1)
        const v1 = (yield* current).version
        expect(first.routedUnder).toBe(v1)
        expect(first.timedUnder).toBe(v1)

        // the rules change: garbage goes to the housing department, handled within 6 working hours
        const table = (yield* current).router.table
        const rule: RoutingTable.Rule = {
          id: "garbage.to-housing",
          priority: 100,
          kind: "event",
          category: "event.sanitation.garbage",
          target: { unit: "dept.housing" }
        }
        const policy: City.SlaPolicy = {
          kind: "event",
          clock: "handle",
          category: "event.sanitation.garbage",
          target: { limit: { amount: 6, unit: "workingHours" } }
        }
        const receipt = yield* s.apply(
          [
            { _tag: "SetRouting", table: { ...table, rules: [...table.rules, rule] } },
            { _tag: "SetSla", policies: [...City_policies(yield* current), policy] }
          ],
          admin,
          { reason: "垃圾清运划归住建部门，处置时限六个工作小时" }
        )
        const v2 = receipt.version

        // case 1 moves on under the new configuration: its stored decisions stay
        yield* TestClock.adjust(600_000)
        yield* (yield* cases).execute(case1, { _tag: "Urge", actor: ref(leader, "leader"), note: "加快" }, leader)
        expect(yield* decided(case1)).toEqual(first)

        // case 2 is decided under the new rule
        const case2 = yield* handled("event.sanitation.garbage")
        const second = yield* decided(case2)
        expect(second.rule).toBe("garbage.to-housing")
        expect(second.handler?.unit).toBe("dept.housing")
        expect([second.routedUnder, second.timedUnder]).toEqual([v2, v2])
        const calendar = (yield* current).calendar
        const acknowledged = (yield* (yield* cases).get(case2, admin)).history.find(
          (e) => e.type === "Acknowledged"
        )!.at
        expect(second.due).toBe(Result.getOrThrow(Calendar.addWorkingHours(calendar, acknowledged, 6)))
        expect(first.due).not.toBe(second.due)
        expect(first.rule).not.toBe("garbage.to-housing")
      })
    ))
})

const City_policies = (s: Configuration.Snapshot): ReadonlyArray<City.SlaPolicy> =>
  (s.document.sla.at(-1)?.policies ?? []).filter(
    (p) => !(p.kind === "event" && p.clock === "handle" && p.category === "event.sanitation.garbage")
  )

describe("Calendar notices as data", () => {
  // a calendar whose 2027 is provisional until its notice is added
  const builder = CalendarCn.builder({ provisional: { through: 2027 } })
  const notice: CalendarNotice.Notice = {
    id: "2027",
    year: 2027,
    title: "国务院办公厅关于2027年部分节假日安排的通知",
    date: "2026-11-10",
    festivals: [{ name: "newYear", label: "元旦", rest: ["2027-01-01", "2027-01-01"], work: ["2027-01-02"] }]
  }
  const tenDays: City.SlaPolicy = {
    kind: "event",
    clock: "handle",
    category: "event.sanitation.garbage",
    target: { limit: { amount: 10, unit: "workingDays" } }
  }

  it("a year's notice applies from then on (a make-up Saturday counts), and the cases timed provisionally for it are listed", () =>
    run(
      Effect.gen(function* () {
        const s = yield* service
        yield* TestClock.setTime(Date.UTC(2026, 11, 24, 1))
        yield* s.apply([{ _tag: "SetSla", policies: [...City_policies(yield* current), tenDays] }], admin, {
          reason: "十个工作日"
        })
        const case1 = yield* handled("event.sanitation.garbage")
        const before = yield* decided(case1)
        expect(before.provisional).toBe(true)
        expect((yield* s.provisional(2027, admin)).cases.map((c) => c.caseId)).toEqual([case1])

        const receipt = yield* s.apply([{ _tag: "AddNotice", notice }], admin, { reason: "2027年节假日安排" })
        expect(receipt.review.map((r) => [r.year, r.cases.map((c) => c.caseId)])).toEqual([[2027, [case1]]])
        expect(receipt.review[0]!.cases[0]!.clocks).toEqual([
          { clock: "handle", statutory: null, target: before.due, config: before.timedUnder }
        ])

        const case2 = yield* handled("event.sanitation.garbage")
        const after = yield* decided(case2)
        expect(after.provisional).toBe(false)
        // ten working days from 24 December: the make-up Saturday of 2 January is one of them
        const calendar = (yield* current).calendar
        expect(Result.getOrThrow(Calendar.isWorkingDay(calendar, "2027-01-02"))).toBe(true)
        expect(Result.getOrThrow(Calendar.format(calendar, after.due!, { endOfDay: true }))).toBe("2027-01-07 24:00")
        expect(Result.getOrThrow(Calendar.format(calendar, before.due!, { endOfDay: true }))).toBe("2027-01-08 24:00")
        // case 1 keeps the deadline it was timed with
        yield* (yield* cases).execute(case1, { _tag: "Urge", actor: ref(leader, "leader"), note: "复核" }, leader)
        expect(yield* decided(case1)).toEqual(before)
        expect((yield* s.provisional(2027, admin)).cases.map((c) => c.caseId)).toEqual([case1])
        // a notice added twice is refused
        expect(yield* failure(s.apply([{ _tag: "AddNotice", notice }], admin, { reason: "again" }))).toMatchObject({
          _tag: "CityChangeRejected",
          issues: [{ _tag: "DuplicateNotice" }]
        })
      }),
      { calendar: builder }
    ))
})
