/**
 * The staff service (`StaffService`) as a view of the city's configuration:
 * administration of people, posts and tokens needs an admin post; a change is a
 * configuration change (checked, audited in the configuration's stream) and seen by the
 * case service's next `actor` (one staff source); tokens are decided here and signed by
 * the `Tokens` adapter, never stored; who is posted at a grid is shown within
 * jurisdiction only.
 */
import {
  Access,
  CaseService,
  type CaseStore,
  type City,
  type CityChange,
  CityStore,
  Configuration,
  Idempotency,
  type Staff,
  StaffService
} from "@gridgov/core"
import { Context, Effect } from "effect"
import { TestClock } from "effect/testing"
import { describe, expect, it } from "vitest"
import { actorAt, actorOf, admin, blocks, city, failure, parentOf, run, T0, today } from "./services.js"

const block = blocks[0]!
const otherBlock = blocks.find((b) => parentOf(parentOf(b)) !== parentOf(parentOf(block)))!
const worker = actorAt("gridWorker", { grid: block })
const outsider = actorAt("gridWorker", { grid: otherBlock })

const staff = Effect.service(StaffService.StaffService)
const people = Effect.flatMap(Effect.service(Configuration.Configuration), (c) =>
  Effect.map(c.current, (s) => s.document)
)
const withoutId = ({ id: _, ...post }: City.Post): Staff.Post => post

describe("StaffService: administration", () => {
  it("an admin lists people and posts, in slices, filtered", () =>
    run(
      Effect.gen(function* () {
        const s = yield* staff
        const first = yield* s.people(admin, { limit: 5 })
        expect(first.items).toEqual(city.staff.people.slice(0, 5))
        expect(first.total).toBe(city.staff.people.length)
        expect((yield* s.people(admin, { offset: 5, limit: 5 })).items).toEqual(city.staff.people.slice(5, 10))
        expect((yield* s.people(admin)).items).toHaveLength(100)

        const mine = yield* s.posts(admin, { person: worker.id })
        expect(mine.items.every((p) => p.person === worker.id)).toBe(true)
        expect(mine.items.map((p) => p.at)).toContainEqual({ grid: block })
        const atBlock = yield* s.posts(admin, { grid: block, limit: 1000 })
        expect(atBlock.items.every((p) => "grid" in p.at && p.at.grid === block)).toBe(true)
        expect(atBlock.total).toBe(city.staff.posts.filter((p) => "grid" in p.at && p.at.grid === block).length)
        const center = yield* s.posts(admin, { unit: "center.grid", limit: 1000 })
        expect(center.total).toBe(city.staff.posts.filter((p) => "unit" in p.at && p.at.unit === "center.grid").length)
      })
    ))

  it("administration without an admin post is Forbidden, and changes nothing", () =>
    run(
      Effect.gen(function* () {
        const s = yield* staff
        const before = yield* people
        const post: Staff.Post = { person: worker.id, role: "gridChief", at: { grid: block }, validFrom: today }
        const denied = (action: string) => new Access.Forbidden({ action, reason: "AdminOnly" })
        // a leader and `system` reach the whole city, but administration is a post, not a reach
        for (const actor of [worker, actorAt("leader", { grid: "620981" }), Access.resident("r-1"), Access.system()]) {
          expect(yield* failure(s.people(actor))).toEqual(denied("ListPeople"))
          expect(yield* failure(s.posts(actor))).toEqual(denied("ListPosts"))
          expect(yield* failure(s.addPerson({ id: "p-x", name: "x" }, actor))).toEqual(denied("AddPerson"))
          expect(yield* failure(s.addPost(post, actor))).toEqual(denied("AddPost"))
          expect(yield* failure(s.issueToken({ person: worker.id }, actor))).toEqual(denied("IssueToken"))
        }
        expect(yield* people).toBe(before)
      })
    ))

  it("a person and a post added by an admin take effect at once: the case service's next actor holds the post", () =>
    run(
      Effect.gen(function* () {
        const s = yield* staff
        const cases = yield* CaseService.CaseService
        expect((yield* cases.actor("p-new-1")).posts).toEqual([])
        expect(yield* s.addPerson({ id: "p-new-1", name: "新人" }, admin)).toEqual({ id: "p-new-1", name: "新人" })
        const post: Staff.Post = {
          person: "p-new-1",
          role: "gridWorker",
          at: { grid: otherBlock },
          validFrom: "2020-01-01"
        }
        expect(yield* s.addPost(post, admin)).toEqual({ ...post, id: "p-new-1#1" })
        const actor = yield* cases.actor("p-new-1")
        expect(actor.posts).toEqual([{ role: "gridWorker", at: { grid: otherBlock } }])
        // and acts with it: a report in the block is opened
        const opened = yield* cases.open(
          {
            actor: { id: "p-new-1", role: "gridWorker" },
            kind: "event",
            category: "event.sanitation.garbage",
            place: otherBlock,
            channel: "app",
            severity: "minor"
          },
          actor
        )
        expect(opened.status).toBe("reported")
        const token = yield* s.issueToken({ person: "p-new-1" }, admin)
        expect(token).toEqual({
          token: `Person:p-new-1:${T0 + 12 * 3_600_000}`,
          subject: "p-new-1",
          expiresAt: T0 + 12 * 3_600_000
        })
      })
    ))

  it("a change the directory refuses names each problem, relative to the person or post, and changes nothing", () =>
    run(
      Effect.gen(function* () {
        const s = yield* staff
        const before = yield* people
        const rejected = (effect: Effect.Effect<unknown, { readonly _tag: string }, StaffService.StaffService>) =>
          Effect.map(failure(effect), (e) =>
            e._tag === "CityChangeRejected"
              ? (e as CityChange.Rejected).issues.map((i) => [i._tag, i.path.join(".")])
              : e._tag
          )
        const post = (p: Partial<Staff.Post>) =>
          s.addPost(
            { person: worker.id, role: "gridWorker", at: { grid: block }, validFrom: today, ...p } as Staff.Post,
            admin
          )
        expect(yield* rejected(s.addPerson({ id: worker.id, name: "again" }, admin))).toEqual([
          ["DuplicatePerson", "id"]
        ])
        expect(yield* rejected(s.addPerson({ id: "", name: "" }, admin))).toEqual([
          ["Schema", "id"],
          ["Schema", "name"]
        ])
        expect(yield* rejected(post({ person: "p-nobody" }))).toEqual([["UnknownPerson", "person"]])
        expect(yield* rejected(post({ at: { grid: "999999" } }))).toEqual([["UnknownGrid", "at.grid"]])
        expect(yield* rejected(post({ at: { unit: "dept.nowhere" } }))).toEqual([["UnknownUnit", "at.unit"]])
        expect(yield* rejected(post({ at: { unit: "center.grid" } }))).toEqual([["WrongPlace", "at"]])
        expect(yield* rejected(post({ validFrom: "2026-02-30" }))).toEqual([["Schema", "validFrom"]])
        expect(yield* rejected(post({ validFrom: today, validTo: "2025-01-01" }))).toEqual([["DateOrder", "validTo"]])
        expect(yield* rejected(post({ role: "system" }))).toEqual([["WrongPlace", "at"]])
        expect(yield* people).toBe(before)
      })
    ))

  it("a write retried with its idempotency key is done once and answered the same", () =>
    run(
      Effect.gen(function* () {
        const s = yield* staff
        const person = { id: "p-once", name: "一次" }
        expect(yield* s.addPerson(person, admin, { idempotencyKey: "hire-1" })).toEqual(person)
        expect(yield* s.addPerson(person, admin, { idempotencyKey: "hire-1" })).toEqual(person)
        const post: Staff.Post = { person: "p-once", role: "gridWorker", at: { grid: block }, validFrom: today }
        const first = yield* s.addPost(post, admin, { idempotencyKey: "post-1" })
        expect(first).toEqual({ ...post, id: "p-once#1" })
        expect(yield* s.addPost(post, admin, { idempotencyKey: "post-1" })).toEqual(first)
        const records = yield* people
        expect(records.people.filter((p) => p.id === "p-once")).toHaveLength(1)
        expect(records.posts.filter((p) => p.person === "p-once")).toHaveLength(1)
        // the key bound to another request: refused, nothing written
        expect(
          yield* failure(s.addPerson({ id: "p-other", name: "另一人" }, admin, { idempotencyKey: "hire-1" }))
        ).toEqual(new Idempotency.KeyReused({ key: "hire-1" }))
        expect((yield* people).people.some((p) => p.id === "p-other")).toBe(false)
        // twins sent at once run once
        const twin: Staff.Post = { person: "p-once", role: "gridWorker", at: { grid: otherBlock }, validFrom: today }
        const both = yield* Effect.all(
          [0, 1].map(() => s.addPost(twin, admin, { idempotencyKey: "post-2" })),
          {
            concurrency: "unbounded"
          }
        )
        expect(both).toEqual([
          { ...twin, id: "p-once#2" },
          { ...twin, id: "p-once#2" }
        ])
        expect((yield* people).posts.filter((p) => p.person === "p-once")).toHaveLength(2)
        // without a key a second post is a second post
        yield* s.addPost(post, admin)
        expect((yield* people).posts.filter((p) => p.person === "p-once")).toHaveLength(3)
      }),
      {
        // reading a key gives way to other fibers, as a store's round trip does
        wrap: (stores) => {
          const keys = Context.get(stores, Idempotency.Idempotency)
          return Context.add(stores, Idempotency.Idempotency, {
            ...keys,
            get: (key) => Effect.tap(keys.get(key), () => Effect.yieldNow)
          })
        }
      }
    ))
})

describe("StaffService: tokens", () => {
  it("an admin issues a token for a person of the directory, for the lifetime asked within bounds", () =>
    run(
      Effect.gen(function* () {
        const s = yield* staff
        expect(yield* failure(s.issueToken({ person: "p-nobody" }, admin))).toEqual(
          new StaffService.PersonNotFound({ person: "p-nobody" })
        )
        const hour = yield* s.issueToken({ person: worker.id, ttlMs: 3_600_000 }, admin)
        expect(hour.expiresAt).toBe(T0 + 3_600_000)
        expect(hour.subject).toBe(worker.id)
        for (const ttlMs of [59_999, 30 * 86_400_000 + 1, Number.NaN]) {
          expect((yield* failure(s.issueToken({ person: worker.id, ttlMs }, admin)))._tag).toBe("TokenTtlInvalid")
        }
        expect((yield* s.issueToken({ person: worker.id, ttlMs: 30 * 86_400_000 }, admin)).expiresAt).toBe(
          T0 + 30 * 86_400_000
        )
      })
    ))

  it("lifetimes are configuration", () =>
    run(
      Effect.gen(function* () {
        const s = yield* staff
        expect((yield* s.issueToken({ person: worker.id }, admin)).expiresAt).toBe(T0 + 8 * 3_600_000)
        expect((yield* failure(s.issueToken({ person: worker.id, ttlMs: 86_400_000 + 1 }, admin)))._tag).toBe(
          "TokenTtlInvalid"
        )
        expect((yield* s.residentToken()).expiresAt).toBe(T0 + 3_600_000)
      }),
      { staff: { tokenTtlMs: 8 * 3_600_000, maxTtlMs: 86_400_000, residentTtlMs: 3_600_000 } }
    ))

  it("a token asked again with its key comes back from the issuer, and is never stored", () => {
    const recorded: Array<CaseStore.Json> = []
    return run(
      Effect.gen(function* () {
        const s = yield* staff
        const first = yield* s.issueToken({ person: worker.id }, admin, { idempotencyKey: "t-1" })
        yield* TestClock.adjust(60_000)
        expect(yield* s.issueToken({ person: worker.id }, admin, { idempotencyKey: "t-1" })).toEqual(first)
        // a new key is a new token, with a later expiry
        expect((yield* s.issueToken({ person: worker.id }, admin, { idempotencyKey: "t-2" })).expiresAt).toBe(
          first.expiresAt + 60_000
        )
        // the key asked for another person's token: refused
        expect(yield* failure(s.issueToken({ person: admin.id }, admin, { idempotencyKey: "t-1" }))).toEqual(
          new Idempotency.KeyReused({ key: "t-1" })
        )
        expect(recorded).toHaveLength(2)
        expect(JSON.stringify(recorded)).not.toContain(first.token)
      }),
      {
        wrap: (stores) => {
          const keys = Context.get(stores, Idempotency.Idempotency)
          return Context.add(stores, Idempotency.Idempotency, {
            ...keys,
            put: (key, fingerprint, result, at) =>
              Effect.andThen(
                Effect.sync(() => recorded.push(result)),
                keys.put(key, fingerprint, result, at)
              )
          })
        }
      }
    )
  })

  it("anyone gets a resident token: a new resident each time", () =>
    run(
      Effect.gen(function* () {
        const s = yield* staff
        const a = yield* s.residentToken()
        const b = yield* s.residentToken()
        expect(a.subject).toMatch(/^r-/)
        expect(b.subject).not.toBe(a.subject)
        expect(a).toEqual({
          token: `Resident:${a.subject}:${T0 + 12 * 3_600_000}`,
          subject: a.subject,
          expiresAt: T0 + 12 * 3_600_000
        })
      })
    ))
})

describe("StaffService: who is posted at a grid", () => {
  it("is shown to those whose jurisdiction covers the grid, today's posts only; to others the grid answers as unknown", () =>
    run(
      Effect.gen(function* () {
        const s = yield* staff
        const expected = city.staff.posts.filter(
          (p) => "grid" in p.at && p.at.grid === block && p.validFrom <= today && (p.validTo ?? today) >= today
        )
        expect(expected.length).toBeGreaterThan(0)
        for (const actor of [worker, actorAt("gridChief", { grid: parentOf(block) }), admin]) {
          expect((yield* s.postedAt(block, actor)).map(withoutId)).toEqual(expected)
        }
        for (const actor of [
          outsider,
          Access.resident("r-1"),
          actorAt("departmentOfficer", { unit: "dept.housing" })
        ]) {
          expect(yield* failure(s.postedAt(block, actor))).toEqual(new Access.GridNotFound({ grid: block }))
        }
        expect(yield* failure(s.postedAt("999999", admin))).toEqual(new Access.GridNotFound({ grid: "999999" }))
        // a post that ended yesterday is not shown
        yield* s.addPerson({ id: "p-gone", name: "离任" }, admin)
        yield* s.addPost(
          { person: "p-gone", role: "gridWorker", at: { grid: block }, validFrom: "2025-01-01", validTo: "2026-01-04" },
          admin
        )
        expect((yield* s.postedAt(block, admin)).map(withoutId)).toEqual(expected)
      })
    ))
})

describe("The configuration: the one staff source", () => {
  it("the case service's actor is the person's posts on today's date in the calendar's zone, read from the directory", () =>
    run(
      Effect.gen(function* () {
        const s = yield* staff
        const cases = yield* CaseService.CaseService
        yield* s.addPerson({ id: "p-dawn", name: "早班" }, admin)
        yield* s.addPost({ person: "p-dawn", role: "gridWorker", at: { grid: block }, validFrom: "2026-01-06" }, admin)
        // 2026-01-05 23:30 in Yumen: not yet
        yield* TestClock.setTime(Date.UTC(2026, 0, 5, 15, 30))
        expect((yield* cases.actor("p-dawn")).posts).toEqual([])
        // 2026-01-06 00:30 in Yumen (still the 5th in UTC): held
        yield* TestClock.setTime(Date.UTC(2026, 0, 5, 16, 30))
        expect((yield* cases.actor("p-dawn")).posts).toEqual([{ role: "gridWorker", at: { grid: block } }])
        // a date past the calendar's table is still a date
        yield* TestClock.setTime(Date.UTC(2040, 0, 1))
        expect((yield* cases.actor(worker.id)).posts).toEqual(actorOf(worker.id).posts)
      })
    ))

  it("a person and a post added are events of the configuration's stream, with the admin and the reason", () =>
    run(
      Effect.gen(function* () {
        const s = yield* staff
        const store = yield* CityStore.CityStore
        const before = (yield* store.head).version
        yield* s.addPerson({ id: "p-a", name: "甲" }, admin, { reason: "hired for the spring" })
        yield* Effect.flip(s.addPerson({ id: "p-a", name: "甲" }, admin))
        yield* s.addPost({ person: "p-a", role: "gridWorker", at: { grid: block }, validFrom: today }, admin)
        const events = yield* store.read(before, 10)
        expect(events.map((e) => [e.type, e.actor.id, (e.payload as { reason: string }).reason])).toEqual([
          ["PersonAdded", admin.id, "hired for the spring"],
          ["PostAdded", admin.id, "a post added through staff administration"]
        ])
        const now = yield* people
        expect(now.people.at(-1)).toEqual({ id: "p-a", name: "甲" })
        expect(now.posts.at(-1)).toEqual({
          id: "p-a#1",
          person: "p-a",
          role: "gridWorker",
          at: { grid: block },
          validFrom: today
        })
      })
    ))
})
