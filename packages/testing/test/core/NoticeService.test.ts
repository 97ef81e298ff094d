/**
 * The notices service (`NoticeService`) over the in-memory stores: a publisher
 * reaches the audience within their jurisdiction; each reader's inbox holds what is
 * addressed to them and shown now; reading records a receipt once; publishers see who
 * has and has not read (everyone it was addressed to while it ran, on dates in the
 * calendar's zone); a notice the actor may neither read nor publish answers as a
 * missing one; a publication with an idempotency key is done once.
 */
import { Access, CaseStore, Idempotency, Notice, NoticeService, NoticeStore, StaffService } from "@gridgov/core"
import { Context, Effect } from "effect"
import { TestClock } from "effect/testing"
import { describe, expect, it } from "vitest"
import { actorAt, admin, blocks, city, failure, leader, parentOf, run, T0, today } from "./services.js"

const block = blocks[0]!
const township = parentOf(parentOf(block))
const otherBlock = blocks.find((b) => parentOf(parentOf(b)) !== township)!
const otherTownship = parentOf(parentOf(otherBlock))
const chief = actorAt("gridChief", { grid: township })
const worker = actorAt("gridWorker", { grid: block })
const outsider = actorAt("gridWorker", { grid: otherBlock })
const resident = Access.resident("r-1")
const staff = (grids: Array<string>, roles: Array<Notice.Audience["roles"][number]> = []): Notice.Audience => ({
  public: false,
  grids,
  roles,
  units: []
})
const everyone: Notice.Audience = { public: true, grids: [], roles: [], units: [] }

const notices = Effect.service(NoticeService.NoticeService)
const publish = (input: NoticeService.Input, actor: Access.Actor, idempotencyKey?: string) =>
  Effect.flatMap(notices, (n) => n.publish(input, actor, { idempotencyKey }))
const inbox = (actor: Access.Actor, query: NoticeService.InboxQuery = {}) =>
  Effect.map(
    Effect.flatMap(notices, (n) => n.inbox(actor, { limit: 1000, ...query })),
    (page) => page.items.map((i) => [i.notice.id, i.readAt] as const)
  )
const get = (id: string, actor: Access.Actor) => Effect.flatMap(notices, (n) => n.get(id, actor))
const read = (id: string, actor: Access.Actor) => Effect.flatMap(notices, (n) => n.read(id, actor))
const receipts = (id: string, actor: Access.Actor) => Effect.flatMap(notices, (n) => n.receipts(id, actor))
/** Every notice in the store, whoever it is for, as a reader holding a post at every grid sees them. */
const everywhere: Notice.Reader = {
  id: "x",
  posts: Array.from({ length: city.tree.size }, (_, rank) => ({ role: "gridWorker" as const, rank, unit: null }))
}
const published = Effect.flatMap(Effect.service(NoticeStore.NoticeStore), (store) =>
  Effect.map(store.inbox({ reader: everywhere, now: Number.MAX_SAFE_INTEGER, limit: 1000 }), (p) => p.items.length)
)

describe("NoticeService: publishing, inboxes and receipts", () => {
  it("a township chief reaches the township's grid workers; reading is recorded once; the chief sees who has not read", () =>
    run(
      Effect.gen(function* () {
        const notice = yield* publish(
          { id: "n-1", title: "防汛通知", body: "今晚有暴雨", audience: staff([township], ["gridWorker"]) },
          chief
        )
        expect(notice).toMatchObject({ id: "n-1", author: chief.id, publishedAt: T0 })

        expect(yield* inbox(worker)).toContainEqual(["n-1", null])
        expect((yield* inbox(outsider)).map(([id]) => id)).not.toContain("n-1")
        expect(yield* failure(get("n-1", outsider))).toEqual(new NoticeService.NotFound({ id: "n-1" }))
        expect(yield* failure(get("n-none", outsider))).toEqual(new NoticeService.NotFound({ id: "n-none" }))
        expect(yield* failure(read("n-1", outsider))).toEqual(new NoticeService.NotFound({ id: "n-1" }))
        expect(yield* failure(receipts("n-1", outsider))).toEqual(new NoticeService.NotFound({ id: "n-1" }))

        yield* TestClock.adjust(60_000)
        expect(yield* read("n-1", worker)).toBe(true)
        yield* TestClock.adjust(60_000)
        expect(yield* read("n-1", worker)).toBe(false)
        expect(yield* inbox(worker)).toContainEqual(["n-1", T0 + 60_000])
        expect((yield* inbox(worker, { unreadOnly: true })).map(([id]) => id)).not.toContain("n-1")

        const r = yield* receipts("n-1", chief)
        expect(r.receipts).toEqual([{ reader: worker.id, at: T0 + 60_000 }])
        const audience = Notice.audience(city.directory, notice, today)
        expect(audience).toContain(worker.id)
        expect(audience.length).toBeGreaterThan(1)
        expect(r.unread).toEqual(audience.filter((p) => p !== worker.id))
        // readers see the notice, not who else read it
        expect(yield* get("n-1", worker)).toEqual(notice)
        expect(yield* failure(receipts("n-1", worker))).toEqual(new NoticeService.NotFound({ id: "n-1" }))
        // a publisher outside the audience reads it, but has nothing to mark
        expect(yield* get("n-1", chief)).toEqual(notice)
        expect(yield* failure(read("n-1", chief))).toEqual(new NoticeService.NotFound({ id: "n-1" }))
      })
    ))

  it("publishers stay within their jurisdiction; readers do not publish; the public reads public notices; scheduled and expired ones are not shown", () =>
    run(
      Effect.gen(function* () {
        for (const audience of [staff([otherTownship]), everyone, staff([])]) {
          expect(yield* failure(publish({ title: "t", body: "", audience }, chief))).toEqual(
            new Access.Forbidden({ action: "PublishNotice", reason: "OutsideJurisdiction" })
          )
        }
        // readers do not publish, not even to their own block
        for (const actor of [worker, resident]) {
          expect(yield* failure(publish({ title: "t", body: "", audience: staff([block]) }, actor))).toEqual(
            new Access.Forbidden({ action: "PublishNotice", reason: "NotPublisher" })
          )
        }
        expect(yield* published).toBe(0)
        // within reach: the township and below
        yield* publish({ id: "n-own", title: "t", body: "", audience: staff([block]) }, chief)

        yield* publish(
          { id: "n-pub", title: "停水通知", body: "…", audience: everyone, expiresAt: T0 + 3_600_000 },
          leader
        )
        yield* publish(
          { id: "n-later", title: "明日通知", body: "…", audience: everyone, publishedAt: T0 + 86_400_000 },
          leader
        )
        yield* publish(
          {
            id: "n-past",
            title: "旧通知",
            body: "…",
            audience: everyone,
            publishedAt: T0 - 7_200_000,
            expiresAt: T0 - 3_600_000
          },
          leader
        )
        const seen = (yield* inbox(resident)).map(([id]) => id)
        expect(seen).toEqual(["n-pub"])
        expect(yield* read("n-pub", resident)).toBe(true)
        expect(yield* failure(get("n-later", worker))).toEqual(new NoticeService.NotFound({ id: "n-later" }))
        expect(yield* failure(read("n-past", resident))).toEqual(new NoticeService.NotFound({ id: "n-past" }))
        // the publisher sees what is scheduled; a public notice's audience is everyone
        expect((yield* get("n-later", leader)).id).toBe("n-later")
        expect((yield* receipts("n-pub", leader)).unread).toBeNull()
        // an hour later the notice has expired
        yield* TestClock.adjust(3_600_000)
        expect((yield* inbox(resident)).map(([id]) => id)).toEqual([])
      })
    ))

  it("who may publish is configuration: a department officer publishes to their department when the city says so", () =>
    Effect.gen(function* () {
      const officer = actorAt("departmentOfficer", { unit: "dept.housing" })
      const toDept: NoticeService.Input = {
        title: "t",
        body: "",
        audience: { public: false, grids: [], roles: [], units: ["dept.housing"] }
      }
      const refused = yield* Effect.promise(() => run(failure(publish(toDept, officer))))
      expect(refused).toEqual(new Access.Forbidden({ action: "PublishNotice", reason: "NotPublisher" }))
      const done = yield* Effect.promise(() =>
        run(
          Effect.gen(function* () {
            const n = yield* publish(toDept, officer)
            const elsewhere = yield* failure(
              publish({ ...toDept, audience: { ...toDept.audience, units: ["dept.water"] } }, officer)
            )
            return { n, elsewhere }
          }),
          { notices: { publishers: [...Notice.defaultPublishers, "departmentOfficer"] } }
        )
      )
      expect(done.n.author).toBe(officer.id)
      expect(done.elsewhere).toEqual(new Access.Forbidden({ action: "PublishNotice", reason: "OutsideJurisdiction" }))
    }).pipe(Effect.runPromise))

  it("receipts count everyone the notice was addressed to while it ran, someone transferred since too", () =>
    run(
      Effect.gen(function* () {
        const otherChief = actorAt("gridChief", { grid: otherTownship })
        const regular = actorAt("gridWorker", { grid: otherBlock }).id
        const directory = yield* StaffService.StaffService
        // a worker of the block in the first half of 2025 only, and one posted there after the notice expired
        for (const [id, validFrom, validTo] of [
          ["p-moved", "2025-01-01", "2025-06-30"],
          ["p-late", "2025-09-01", undefined]
        ] as const) {
          yield* directory.addPerson({ id, name: id }, admin)
          yield* directory.addPost(
            { person: id, role: "gridWorker", at: { grid: otherBlock }, validFrom, ...(validTo && { validTo }) },
            admin
          )
        }
        yield* publish(
          {
            id: "n-spring",
            title: "春耕防火",
            body: "…",
            audience: staff([otherBlock], ["gridWorker"]),
            publishedAt: Date.UTC(2025, 2, 1),
            expiresAt: Date.UTC(2025, 7, 1)
          },
          otherChief
        )
        const unread = (yield* receipts("n-spring", otherChief)).unread!
        expect(unread).toContain("p-moved")
        expect(unread).toContain(regular)
        expect(unread).not.toContain("p-late")

        // dates are the calendar's (Shanghai): 2025-06-30 16:30 UTC is 2025-07-01 00:30 there,
        // the day after p-moved's post ended
        yield* publish(
          {
            id: "n-night",
            title: "夜间通知",
            body: "…",
            audience: staff([otherBlock], ["gridWorker"]),
            publishedAt: Date.UTC(2025, 5, 30, 16, 30),
            expiresAt: Date.UTC(2025, 5, 30, 18)
          },
          otherChief
        )
        const night = (yield* receipts("n-night", otherChief)).unread!
        expect(night).toContain(regular)
        expect(night).not.toContain("p-moved")
      })
    ))

  it("bad input is a typed error naming the field, and a repeated id NoticeExists; nothing is published", () =>
    run(
      Effect.gen(function* () {
        const bad = [
          [{ title: "t", body: "", audience: staff([block]), publishedAt: 10, expiresAt: 5 }, ["expiresAt"]],
          [{ title: "t", body: "", audience: staff(["999999"]) }, ["audience", "grids", 0]],
          [{ title: "", body: "", audience: staff([block]) }, ["title"]]
        ] as const
        for (const [input, path] of bad) {
          const error = yield* failure(publish(input, leader))
          expect(error._tag).toBe("NoticeInvalid")
          expect(error._tag === "NoticeInvalid" && error.problems.map((p) => p.path)).toContainEqual(path)
        }
        expect(yield* published).toBe(0)
        // a member given as undefined is absent
        const open = yield* publish(
          { title: "t", body: "", audience: staff([block]), expiresAt: undefined, id: undefined },
          leader
        )
        expect(open).not.toHaveProperty("expiresAt")
        const once = { id: "n-once", title: "t", body: "", audience: staff([block]) }
        yield* publish(once, leader)
        expect(yield* failure(publish(once, leader))).toEqual(new NoticeStore.NoticeExists({ id: "n-once" }))
        expect(yield* published).toBe(2)
        expect((yield* inbox(worker)).map(([id]) => id).sort()).toEqual(["n-once", open.id].sort())
      })
    ))
})

describe("NoticeService: idempotency", () => {
  it("a publication retried with its key is done once and answered with the first notice", () =>
    run(
      Effect.gen(function* () {
        const input = { title: "防汛通知", body: "…", audience: staff([township]) }
        const first = yield* publish(input, chief, "flood-1")
        expect(first.id).toMatch(/^n-/)
        yield* TestClock.adjust(5_000)
        expect(yield* publish(input, chief, "flood-1")).toEqual(first)
        expect(yield* published).toBe(1)
        // the key sent with another notice: refused, nothing published
        expect(yield* failure(publish({ ...input, title: "停电通知" }, chief, "flood-1"))).toEqual(
          new Idempotency.KeyReused({ key: "flood-1" })
        )
        expect(yield* published).toBe(1)
        // another key is another notice
        expect((yield* publish(input, chief, "flood-2")).id).not.toBe(first.id)
        expect(yield* published).toBe(2)
      })
    ))

  it("a publication whose key was not recorded is answered on retry, not published twice", () => {
    let failPut = true
    return run(
      Effect.gen(function* () {
        const input = { title: "防汛通知", body: "…", audience: staff([township]) }
        expect((yield* failure(publish(input, chief, "flood-crash")))._tag).toBe("StoreError")
        expect(yield* published).toBe(1)
        failPut = false
        const retried = yield* publish(input, chief, "flood-crash")
        expect(retried.author).toBe(chief.id)
        expect(yield* published).toBe(1)
      }),
      {
        wrap: (stores) => {
          const keys = Context.get(stores, Idempotency.Idempotency)
          return Context.add(stores, Idempotency.Idempotency, {
            ...keys,
            put: (key, fingerprint, result, at) =>
              failPut
                ? Effect.fail(new CaseStore.StoreError({ operation: "put", message: "stopped", cause: null }))
                : keys.put(key, fingerprint, result, at)
          })
        }
      }
    )
  })
})
