/**
 * The conformance suite of the `RecordStore` and `NoticeStore` adapters: the
 * behaviour of the ports, what was persisted (read back through the adapter's raw
 * hook), and random queries checked against an in-memory model. Registers vitest
 * tests; each test gets a fresh store.
 *
 * @since 0.1.0
 */
import { type Notice, NoticeStore, RecordStore, type Records } from "@gridgov/core"
import { Context, Effect, Option, type Scope } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as MemoryRecords from "./MemoryRecords.js"

/**
 * A fresh pair of stores with its raw hook (see `MemoryRecords.Raw`).
 *
 * @example
 * import { Effect } from "effect"
 * import { MemoryRecords, type RecordsConformance } from "@gridgov/testing/vitest"
 * const subject: Effect.Effect<RecordsConformance.Subject> = MemoryRecords.make
 *
 * @category models
 * @since 0.1.0
 */
export type Subject = MemoryRecords.Subject

type Stores = RecordStore.RecordStore | NoticeStore.NoticeStore

const record = (id: string, at: number, fields: Partial<Records.Record> = {}): Records.Record => ({
  id,
  grid: "620981103200001",
  author: "p-1",
  at,
  item: "person.household",
  fields: {},
  ...fields
})

const row = (r: Records.Record, gridPre = 10): RecordStore.Row => ({ record: r, gridPre })

const notice = (
  id: string,
  publishedAt: number,
  audience: Partial<Notice.Audience>,
  expiresAt?: number
): Notice.Notice => ({
  id,
  title: `通知 ${id}`,
  body: "请各网格员做好防汛准备。",
  author: "p-9",
  publishedAt,
  ...(expiresAt === undefined ? {} : { expiresAt }),
  audience: { public: false, grids: [], roles: [], units: [], ...audience }
})

/** Pages through a query to the end. */
const all = (store: RecordStore.RecordStore["Service"], query: RecordStore.Query) =>
  Effect.gen(function* () {
    const out: Array<Records.Record> = []
    let after: RecordStore.Cursor | undefined
    for (let i = 0; i < 1000; i++) {
      const page = yield* store.query({ ...query, after })
      out.push(...page.items)
      if (page.next === undefined) return out
      after = page.next
    }
    throw new Error("paging did not end")
  })

/**
 * Registers the conformance tests for one adapter. `make` builds a fresh, empty
 * pair of stores in the test's scope.
 *
 * @example
 * import { MemoryRecords, RecordsConformance } from "@gridgov/testing/vitest"
 * RecordsConformance.run("memory", MemoryRecords.make)
 *
 * @category suites
 * @since 0.1.0
 */
export const run = (name: string, make: Effect.Effect<Subject, unknown, Scope.Scope>): void => {
  const test = (title: string, body: (raw: MemoryRecords.Raw) => Effect.Effect<void, unknown, Stores>) =>
    it(title, () =>
      Effect.runPromise(
        Effect.scoped(Effect.flatMap(make, (subject) => Effect.provide(body(subject.raw), subject.services)))
      )
    )

  describe(`${name}: RecordStore`, () => {
    test("appends records and reads them back as given, and as persisted", (raw) =>
      Effect.gen(function* () {
        const store = yield* RecordStore.RecordStore
        const full = record("r-1", 100, {
          item: "person.key.petitioner",
          task: "control",
          subject: { name: "张三", idNumber: "11010519491231002X", phone: "13800138000", address: "玉门市花海镇某村" },
          fields: { visits: 3, stable: true, note: "情绪稳定", ratio: 0.5 },
          note: "每周走访"
        })
        const sealed = record("r-2", 200, { subject: { phone: "v1.abc.def" }, sealed: true })
        yield* store.append([row(full, 12), row(sealed, 13)])
        expect(Option.getOrThrow(yield* store.get("r-1"))).toEqual(full)
        expect(Option.getOrThrow(yield* store.get("r-2"))).toEqual(sealed)
        expect(Option.isNone(yield* store.get("r-404"))).toBe(true)
        expect(yield* raw.records).toEqual([row(full, 12), row(sealed, 13)])
      }))

    test("a duplicate id fails with RecordExists and the batch writes nothing", (raw) =>
      Effect.gen(function* () {
        const store = yield* RecordStore.RecordStore
        yield* store.append([row(record("r-1", 1))])
        const before = yield* raw.records
        const again = yield* Effect.flip(store.append([row(record("r-2", 2)), row(record("r-1", 3))]))
        expect(again).toBeInstanceOf(RecordStore.RecordExists)
        expect(again).toMatchObject({ id: "r-1" })
        const twice = yield* Effect.flip(store.append([row(record("r-3", 2)), row(record("r-3", 3))]))
        expect(twice).toMatchObject({ _tag: "RecordExists", id: "r-3" })
        expect(yield* raw.records).toEqual(before)
        yield* store.append([])
        expect(yield* raw.records).toEqual(before)
      }))

    test("filters by subtree, item prefix on segment boundaries, task, author and period", () =>
      Effect.gen(function* () {
        const store = yield* RecordStore.RecordStore
        yield* store.append([
          row(record("a", 10, { item: "person.key.petitioner", task: "control" }), 5),
          row(record("b", 20, { item: "person.household", task: "visit", author: "p-2" }), 6),
          row(record("c", 30, { item: "place.key.school", task: "patrol" }), 7),
          row(record("d", 40, { item: "place.key.school" }), 20)
        ])
        const ids = (q: RecordStore.Query) => Effect.map(all(store, q), (rs) => rs.map((r) => r.id))
        expect(yield* ids({ grid: { pre: 5, post: 7 } })).toEqual(["a", "b", "c"])
        expect(
          yield* ids({
            grids: [
              { pre: 5, post: 5 },
              { pre: 20, post: 30 }
            ]
          })
        ).toEqual(["a", "d"])
        expect(yield* ids({ grids: [] })).toEqual([])
        expect(yield* ids({ item: "person" })).toEqual(["a", "b"])
        expect(yield* ids({ item: "person.key" })).toEqual(["a"])
        expect(yield* ids({ item: "person.ke" })).toEqual([])
        expect(yield* ids({ item: "place.key.school" })).toEqual(["c", "d"])
        expect(yield* ids({ task: "patrol" })).toEqual(["c"])
        expect(yield* ids({ author: "p-2" })).toEqual(["b"])
        expect(yield* ids({ from: 20, to: 40 })).toEqual(["b", "c"])
        expect(yield* ids({ descending: true, limit: 1 })).toEqual(["d", "c", "b", "a"])
      }))

    test("pages through ties on the instant by id, both directions, each record once", () =>
      Effect.gen(function* () {
        const store = yield* RecordStore.RecordStore
        const rs = Array.from({ length: 23 }, (_, i) => record(`r-${String(i).padStart(2, "0")}`, Math.floor(i / 4)))
        yield* store.append(rs.map((r) => row(r)))
        const asc = yield* all(store, { limit: 5 })
        expect(asc.map((r) => r.id)).toEqual(rs.map((r) => r.id))
        const desc = yield* all(store, { limit: 3, descending: true })
        expect(desc.map((r) => r.id)).toEqual(rs.map((r) => r.id).reverse())
        const first = yield* store.query({ limit: 23 })
        expect(first.items.length).toBe(23)
        expect(first.next).toBeUndefined()
      }))

    test("counts by class, item and task over what a query matches", () =>
      Effect.gen(function* () {
        const store = yield* RecordStore.RecordStore
        yield* store.append([
          row(record("a", 1, { item: "person.household", task: "visit" }), 1),
          row(record("b", 2, { item: "person.household", task: "visit" }), 1),
          row(record("c", 3, { item: "person.key.petitioner", task: "control" }), 2),
          row(record("d", 4, { item: "place.key.school", task: "patrol" }), 2),
          row(record("e", 5, { item: "situation.opinion.demand" }), 9)
        ])
        expect(yield* store.count({}, "class")).toEqual([
          { key: "person", count: 3 },
          { key: "place", count: 1 },
          { key: "situation", count: 1 }
        ])
        expect(yield* store.count({ grid: { pre: 2, post: 9 } }, "item")).toEqual([
          { key: "person.key.petitioner", count: 1 },
          { key: "place.key.school", count: 1 },
          { key: "situation.opinion.demand", count: 1 }
        ])
        expect(yield* store.count({ from: 2 }, "task")).toEqual([
          { key: "", count: 1 },
          { key: "control", count: 1 },
          { key: "patrol", count: 1 },
          { key: "visit", count: 1 }
        ])
        expect(yield* store.count({ item: "thing" }, "class")).toEqual([])
      }))

    test("random queries return what the model says, in order", () =>
      Effect.gen(function* () {
        const store = yield* RecordStore.RecordStore
        const items = ["person.household", "person.key.petitioner", "person.keys", "place.key.school", "place.key"]
        const tasks = [undefined, "visit", "patrol", "control"] as const
        const rows = fc
          .sample(
            fc.record({
              at: fc.integer({ min: 0, max: 30 }),
              pre: fc.integer({ min: 0, max: 12 }),
              i: fc.nat(),
              t: fc.nat(),
              a: fc.nat()
            }),
            { numRuns: 120, seed: 7 }
          )
          .map(({ at, pre, i, t, a }, n) => {
            const task = tasks[t % tasks.length]
            return row(
              record(`r${n % 7}-${n}`, at, {
                item: items[i % items.length]!,
                author: `p-${a % 3}`,
                ...(task === undefined ? {} : { task })
              }),
              pre
            )
          })
        yield* store.append(rows)
        const model = yield* MemoryRecords.make
        const modelStore = Context.get(model.services, RecordStore.RecordStore)
        yield* modelStore.append(rows)
        const queries = fc.sample(
          fc.record(
            {
              grid: fc
                .integer({ min: 0, max: 12 })
                .chain((pre) => fc.integer({ min: pre, max: 12 }).map((post) => ({ pre, post }))),
              item: fc.constantFrom("person", "person.key", "place.key", "person.ke", "place"),
              task: fc.constantFrom("visit", "patrol", "control"),
              author: fc.constantFrom("p-0", "p-1"),
              from: fc.integer({ min: 0, max: 30 }),
              to: fc.integer({ min: 0, max: 31 }),
              descending: fc.boolean(),
              limit: fc.integer({ min: 1, max: 9 })
            },
            { requiredKeys: ["limit"] }
          ),
          { numRuns: 40, seed: 11 }
        )
        for (const q of queries) {
          expect((yield* all(store, q)).map((r) => r.id)).toEqual((yield* all(modelStore, q)).map((r) => r.id))
          expect(yield* store.count(q, "item")).toEqual(yield* modelStore.count(q, "item"))
        }
      }))
  })

  describe(`${name}: NoticeStore`, () => {
    const town = { pre: 100, post: 150 }
    const chief = (rank: number): Notice.Reader => ({ id: "chief", posts: [{ role: "gridChief", rank, unit: null }] })
    const resident: Notice.Reader = { id: "r-1", posts: [] }
    const inboxIds = (q: NoticeStore.InboxQuery) =>
      Effect.flatMap(Effect.service(NoticeStore.NoticeStore), (s) =>
        Effect.map(s.inbox(q), (p) => p.items.map((i) => i.notice.id))
      )

    test("publishes, reads back, and refuses a duplicate id", (raw) =>
      Effect.gen(function* () {
        const store = yield* NoticeStore.NoticeStore
        const n = notice("n-1", 10, { grids: ["620981103"], roles: ["gridChief"] }, 99)
        const targets: Array<Notice.Target> = [{ role: "gridChief", pre: 100, post: 150, unit: null }]
        yield* store.publish(n, targets)
        expect(Option.getOrThrow(yield* store.get("n-1"))).toEqual(n)
        expect(Option.isNone(yield* store.get("n-2"))).toBe(true)
        const dup = yield* Effect.flip(store.publish(notice("n-1", 11, { public: true }), []))
        expect(dup).toBeInstanceOf(NoticeStore.NoticeExists)
        expect(yield* raw.notices).toEqual([{ notice: n, targets }])
      }))

    test("an inbox holds the public notices and those whose targets match a post", () =>
      Effect.gen(function* () {
        const store = yield* NoticeStore.NoticeStore
        yield* store.publish(notice("pub", 1, { public: true }), [])
        yield* store.publish(notice("chiefs", 2, {}), [{ role: "gridChief", ...town, unit: null }])
        yield* store.publish(notice("workers", 3, {}), [{ role: "gridWorker", ...town, unit: null }])
        yield* store.publish(notice("town", 4, {}), [{ role: null, ...town, unit: null }])
        yield* store.publish(notice("city", 5, {}), [{ role: null, pre: null, post: null, unit: null }])
        yield* store.publish(notice("depts", 6, {}), [{ role: null, pre: null, post: null, unit: "dept" }])
        yield* store.publish(notice("housing", 7, {}), [
          { role: "departmentOfficer", pre: null, post: null, unit: "dept.housing" }
        ])
        expect(yield* inboxIds({ reader: resident, now: 10 })).toEqual(["pub"])
        expect(yield* inboxIds({ reader: chief(120), now: 10 })).toEqual(["city", "town", "chiefs", "pub"])
        expect(yield* inboxIds({ reader: chief(150), now: 10 })).toEqual(["city", "town", "chiefs", "pub"])
        expect(yield* inboxIds({ reader: chief(151), now: 10 })).toEqual(["city", "pub"])
        const officer = (unit: string): Notice.Reader => ({
          id: "o",
          posts: [{ role: "departmentOfficer", rank: null, unit }]
        })
        expect(yield* inboxIds({ reader: officer("dept.housing"), now: 10 })).toEqual([
          "housing",
          "depts",
          "city",
          "pub"
        ])
        expect(yield* inboxIds({ reader: officer("dept.police"), now: 10 })).toEqual(["depts", "city", "pub"])
        expect(yield* inboxIds({ reader: officer("department.x"), now: 10 })).toEqual(["city", "pub"])
        const two: Notice.Reader = {
          id: "two",
          posts: [
            { role: "gridWorker", rank: 3, unit: null },
            { role: "gridChief", rank: 110, unit: null }
          ]
        }
        expect(yield* inboxIds({ reader: two, now: 10 })).toEqual(["city", "town", "chiefs", "pub"])
      }))

    test("a notice shows from its publication until its expiry, newest first, paged", () =>
      Effect.gen(function* () {
        const store = yield* NoticeStore.NoticeStore
        yield* store.publish(notice("early", 10, { public: true }, 20), [])
        yield* store.publish(notice("late", 15, { public: true }), [])
        for (const id of ["t-a", "t-b", "t-c"]) yield* store.publish(notice(id, 12, { public: true }), [])
        expect(yield* inboxIds({ reader: resident, now: 9 })).toEqual([])
        expect(yield* inboxIds({ reader: resident, now: 10 })).toEqual(["early"])
        expect(yield* inboxIds({ reader: resident, now: 19 })).toEqual(["late", "t-c", "t-b", "t-a", "early"])
        expect(yield* inboxIds({ reader: resident, now: 20 })).toEqual(["late", "t-c", "t-b", "t-a"])
        const seen: Array<string> = []
        let after: NoticeStore.Cursor | undefined
        do {
          const page = yield* store.inbox({ reader: resident, now: 19, limit: 2, after })
          seen.push(...page.items.map((i) => i.notice.id))
          after = page.next
        } while (after !== undefined)
        expect(seen).toEqual(["late", "t-c", "t-b", "t-a", "early"])
      }))

    test("each reader's first read is recorded once", (raw) =>
      Effect.gen(function* () {
        const store = yield* NoticeStore.NoticeStore
        yield* store.publish(notice("n-1", 1, { public: true }), [])
        yield* store.publish(notice("n-2", 2, { public: true }), [])
        expect(yield* store.markRead("n-1", "r-2", 50)).toBe(true)
        expect(yield* store.markRead("n-1", "r-1", 40)).toBe(true)
        expect(yield* store.markRead("n-1", "r-1", 60)).toBe(false)
        const missing = yield* Effect.flip(store.markRead("n-404", "r-1", 1))
        expect(missing).toBeInstanceOf(NoticeStore.NoticeNotFound)
        expect(yield* store.receipts("n-1")).toEqual([
          { reader: "r-1", at: 40 },
          { reader: "r-2", at: 50 }
        ])
        expect(yield* store.receipts("n-2")).toEqual([])
        const page = yield* store.inbox({ reader: resident, now: 100 })
        expect(page.items.map((i) => [i.notice.id, i.readAt])).toEqual([
          ["n-2", null],
          ["n-1", 40]
        ])
        expect(yield* inboxIds({ reader: resident, now: 100, unreadOnly: true })).toEqual(["n-2"])
        expect(yield* raw.reads).toEqual([
          { notice: "n-1", reader: "r-1", at: 40 },
          { notice: "n-1", reader: "r-2", at: 50 }
        ])
      }))
  })
}
