/**
 * Notices: who is in an audience on a date (grid tree + staff directory), what an
 * actor's inbox holds at an instant (through the memory NoticeStore), expiry and
 * read receipts; `addressedTo` agrees with the store's match.
 */
import { Access, Grid, Notice, NoticeStore, Staff } from "@gridgov/core"
import { MemoryRecords } from "@gridgov/testing"
import { Effect, Result } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"

const name = (zh: string) => ({ zh, en: zh })
const tree = Result.getOrThrow(
  Grid.build([
    { code: "620981", parent: null, kind: "city", name: name("玉门市") },
    { code: "620981101", parent: "620981", kind: "town", name: name("玉门镇") },
    { code: "620981102", parent: "620981", kind: "town", name: name("赤金镇") },
    { code: "620981101201", parent: "620981101", kind: "village", name: name("甲村") },
    { code: "620981101201001", parent: "620981101201", kind: "group", name: name("甲一组") },
    { code: "620981102201", parent: "620981102", kind: "village", name: name("丙村") }
  ])
)
const context = { tree }
const people = ["worker", "chief", "police", "townLeader", "otherChief", "officer", "moved"].map((id) => ({
  id,
  name: id
}))
const directory = Result.getOrThrow(
  Staff.directory(
    {
      people,
      units: [{ id: "dept.housing", type: "department", name: name("住建局"), takes: [] }],
      posts: [
        { person: "worker", role: "gridWorker", at: { grid: "620981101201001" }, validFrom: "2020-01-01" },
        { person: "chief", role: "gridChief", at: { grid: "620981101201" }, validFrom: "2020-01-01" },
        { person: "police", role: "gridManager", at: { grid: "620981101201" }, validFrom: "2020-01-01" },
        { person: "townLeader", role: "leader", at: { grid: "620981101" }, validFrom: "2020-01-01" },
        { person: "otherChief", role: "gridChief", at: { grid: "620981102201" }, validFrom: "2020-01-01" },
        { person: "officer", role: "departmentOfficer", at: { unit: "dept.housing" }, validFrom: "2020-01-01" },
        {
          person: "moved",
          role: "gridWorker",
          at: { grid: "620981101201001" },
          validFrom: "2020-01-01",
          validTo: "2021-03-31"
        },
        { person: "moved", role: "gridWorker", at: { grid: "620981102201" }, validFrom: "2021-04-01" }
      ]
    },
    tree
  )
)

const notice = (
  id: string,
  audience: Partial<Notice.Audience>,
  publishedAt = 100,
  expiresAt?: number
): Notice.Notice => ({
  id,
  title: id,
  body: "",
  author: "p",
  publishedAt,
  ...(expiresAt === undefined ? {} : { expiresAt }),
  audience: { public: false, grids: [], roles: [], units: [], ...audience }
})

describe("audience resolution", () => {
  it("grid subtrees, roles and units pick the people posted there that day", () => {
    const village = notice("v", { grids: ["620981101201"] })
    expect(Notice.audience(directory, village, "2021-03-01")).toEqual(["chief", "moved", "police", "worker"])
    expect(Notice.audience(directory, village, "2021-04-01")).toEqual(["chief", "police", "worker"])
    expect(Notice.audience(directory, notice("t", { grids: ["620981101"] }), "2021-04-01")).toEqual([
      "chief",
      "police",
      "townLeader",
      "worker"
    ])
    expect(Notice.audience(directory, notice("c", { roles: ["gridChief"] }), "2021-04-01")).toEqual([
      "chief",
      "otherChief"
    ])
    expect(
      Notice.audience(directory, notice("cv", { roles: ["gridChief"], grids: ["620981102"] }), "2021-04-01")
    ).toEqual(["otherChief"])
    expect(Notice.audience(directory, notice("d", { units: ["dept"] }), "2021-04-01")).toEqual(["officer"])
    expect(Notice.audience(directory, notice("all", {}), "2021-04-01")).toEqual(people.map((p) => p.id).sort())
    expect(Notice.audience(directory, notice("pub", { public: true }), "2021-04-01")).toEqual([])
  })

  it("over a period: everyone posted in the audience on some day of it, the transferred too", () => {
    const village = notice("v", { grids: ["620981101201"] })
    // "moved" left the village on 2021-03-31: told if the period reaches back before that
    expect(Notice.audienceDuring(directory, village, "2021-03-15", "2021-04-15")).toEqual([
      "chief",
      "moved",
      "police",
      "worker"
    ])
    expect(Notice.audienceDuring(directory, village, "2021-04-01", "2021-04-15")).toEqual(["chief", "police", "worker"])
    expect(Notice.audienceDuring(directory, village, "2021-04-15", "2021-04-01")).toEqual([])
    expect(Notice.audienceDuring(directory, notice("pub", { public: true }), "2020-01-01", "2030-01-01")).toEqual([])
    // a period's audience is the union of its days' audiences
    const days = ["2021-03-30", "2021-03-31", "2021-04-01", "2021-04-02"]
    for (const grids of [["620981101201"], ["620981102201"], ["620981"]]) {
      const n = notice("g", { grids })
      const union = [...new Set(days.flatMap((d) => Notice.audience(directory, n, d)))].sort()
      expect(Notice.audienceDuring(directory, n, days[0]!, days[3]!)).toEqual(union)
    }
  })

  it("decode checks the expiry and the grids against the tree", () => {
    const r = Notice.decode(context, { ...notice("x", { grids: ["620981999"] }, 10, 10) })
    expect(Result.isFailure(r) && r.failure.problems.map((p) => p.path.join("."))).toEqual([
      "expiresAt",
      "audience.grids.0"
    ])
    expect(Result.isFailure(Notice.decode(context, { ...notice("x", {}), audience: { public: "yes" } }))).toBe(true)
    expect(Result.isSuccess(Notice.decode(context, notice("x", { grids: ["620981"] }, 10, 11)))).toBe(true)
  })

  it("addressedTo agrees with the audience of the directory, for every person and notice", () => {
    const audiences = fc.record({
      public: fc.boolean(),
      grids: fc.subarray(["620981", "620981101", "620981101201", "620981102201", "620981101201001"]),
      roles: fc.subarray(["gridWorker", "gridChief", "gridManager", "leader", "departmentOfficer"] as const),
      units: fc.subarray(["dept", "dept.housing", "dept.police", "center"])
    })
    fc.assert(
      fc.property(audiences, fc.constantFrom("2021-03-01", "2021-05-01"), (audience, date) => {
        const n = notice("n", audience)
        const resolved = Notice.audience(directory, n, date)
        for (const p of people) {
          const actor = Access.actor(directory, p.id, date)
          expect(Notice.addressedTo(context, n, actor) && !audience.public, `${p.id} ${date}`).toBe(
            resolved.includes(p.id)
          )
        }
        expect(Notice.addressedTo(context, n, Access.resident("r"))).toBe(audience.public)
      })
    )
  })
})

describe("inbox, expiry and receipts through the store", () => {
  it("an actor sees what is addressed to them between publication and expiry, and reads it once", () =>
    Effect.runPromise(
      Effect.gen(function* () {
        const store = yield* NoticeStore.NoticeStore
        const publish = (n: Notice.Notice) => store.publish(n, Notice.targets(context, n.audience))
        yield* publish(notice("flood", { grids: ["620981101"] }, 100, 500))
        yield* publish(notice("chiefs", { roles: ["gridChief"] }, 200))
        yield* publish(notice("public", { public: true }, 300))
        const inbox = (person: string, now: number) =>
          Effect.map(
            store.inbox({ reader: Notice.reader(context, Access.actor(directory, person, "2021-05-01")), now }),
            (p) => p.items.map((i) => i.notice.id)
          )
        expect(yield* inbox("worker", 400)).toEqual(["public", "flood"])
        expect(yield* inbox("chief", 400)).toEqual(["public", "chiefs", "flood"])
        expect(yield* inbox("otherChief", 400)).toEqual(["public", "chiefs"])
        expect(yield* inbox("worker", 500)).toEqual(["public"])
        expect(yield* inbox("worker", 99)).toEqual([])
        const resident = yield* store.inbox({ reader: Notice.reader(context, Access.resident("r-1")), now: 400 })
        expect(resident.items.map((i) => i.notice.id)).toEqual(["public"])
        expect(yield* store.markRead("flood", "worker", 410)).toBe(true)
        expect(yield* store.markRead("flood", "worker", 420)).toBe(false)
        expect(yield* store.markRead("flood", "chief", 430)).toBe(true)
        expect(yield* store.receipts("flood")).toEqual([
          { reader: "worker", at: 410 },
          { reader: "chief", at: 430 }
        ])
      }).pipe(Effect.provide(MemoryRecords.layer))
    ))
})

describe("who may publish", () => {
  const actorOf = (id: string) => Access.actor(directory, id, "2021-06-01")
  const city: Access.Actor = { id: "mayor", posts: [{ role: "leader", at: { grid: "620981" } }] }
  const center: Access.Actor = { id: "d", posts: [{ role: "dispatcher", at: { unit: "center.grid" } }] }

  it("a village chief publishes to the village and below, not to the town, another village or the public", () => {
    const chief = actorOf("chief")
    expect(Notice.canPublish(context, chief, notice("a", { grids: ["620981101201"] }))).toBe(true)
    expect(Notice.canPublish(context, chief, notice("b", { grids: ["620981101201001"], roles: ["gridWorker"] }))).toBe(
      true
    )
    expect(Notice.canPublish(context, chief, notice("c", { grids: ["620981101"] }))).toBe(false)
    expect(Notice.canPublish(context, chief, notice("d", { grids: ["620981101201", "620981102201"] }))).toBe(false)
    expect(Notice.canPublish(context, chief, notice("e", { public: true }))).toBe(false)
    expect(Notice.canPublish(context, chief, notice("f", {}))).toBe(false) // all staff of the city
  })

  it("the city's leaders and the center publish anywhere, the public included", () => {
    for (const who of [city, center]) {
      expect(Notice.canPublish(context, who, notice("a", { public: true }))).toBe(true)
      expect(Notice.canPublish(context, who, notice("b", { units: ["dept"] }))).toBe(true)
      expect(Notice.canPublish(context, who, notice("c", { grids: ["620981102201"] }))).toBe(true)
    }
  })

  it("readers do not publish: grid workers, managers, officers and residents; unless the city lists their role", () => {
    const worker = actorOf("worker")
    const officer = actorOf("officer")
    for (const who of [worker, actorOf("police"), officer, Access.resident("r-1")])
      expect(Notice.canPublish(context, who, notice("a", { grids: ["620981101201001"] }))).toBe(false)
    const units = notice("u", { units: ["dept.housing"] })
    expect(Notice.canPublish(context, officer, units, ["departmentOfficer"])).toBe(true)
    expect(Notice.canPublish(context, officer, notice("v", { units: ["dept"] }), ["departmentOfficer"])).toBe(false)
    expect(Notice.canPublish(context, worker, notice("w", { grids: ["620981101201001"] }), ["gridWorker"])).toBe(true)
  })

  it("a town leader publishes to the town's subtree only", () => {
    const leader = actorOf("townLeader")
    expect(Notice.canPublish(context, leader, notice("a", { grids: ["620981101", "620981101201001"] }))).toBe(true)
    expect(Notice.canPublish(context, leader, notice("b", { grids: ["620981102"] }))).toBe(false)
  })
})
