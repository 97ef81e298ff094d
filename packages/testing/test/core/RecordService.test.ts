/**
 * The records service (`RecordService`) over the in-memory stores: grid workers file
 * records, the policy decides who reads personal data in clear, a record or grid
 * outside the actor's jurisdiction answers as a missing one, bad input is a typed
 * error that writes nothing, batches answer per record, and a filing with an
 * idempotency key is done once.
 */
import { randomBytes } from "node:crypto"
import { Access, CaseStore, Grid, Idempotency, RecordCipher, RecordService, RecordStore, Records } from "@gridgov/core"
import { MemoryRecords } from "@gridgov/testing"
import { Context, Effect, Option } from "effect"
import { TestClock } from "effect/testing"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { actorAt, actorOf, blocks, city, failure, parentOf, run, T0 } from "./services.js"

const managed = (block: string) =>
  city.staff.posts.some((p) => p.role === "gridManager" && "grid" in p.at && p.at.grid === parentOf(block))
const block = blocks.find(managed)!
const otherBlock = blocks.find((b) => parentOf(parentOf(b)) !== parentOf(parentOf(block)))!
const worker = actorAt("gridWorker", { grid: block })
const manager = actorAt("gridManager", { grid: parentOf(block) })
const chief = actorAt("gridChief", { grid: parentOf(parentOf(block)) })
const outsider = actorAt("gridWorker", { grid: otherBlock })
const resident = Access.resident("r-1")

/** The id a chosen record id is filed under: scoped to its grid (`Records.scopedId`). */
const inBlock = (id: string) => Records.scopedId(block, id)

const idNumber = `11010519491231002${Records.idCheckDigit("11010519491231002")}`
const subject = { name: "张三丰", idNumber, phone: "13800138000", address: "玉门市玉门镇东关村一组12号" }
const keyPerson: RecordService.Input = {
  grid: block,
  item: "person.key.petitioner",
  task: "control",
  subject,
  fields: { result: "稳定" }
}

const records = Effect.service(RecordService.RecordService)
const file = (input: RecordService.Input, actor: Access.Actor, idempotencyKey?: string) =>
  Effect.flatMap(records, (r) => r.file(input, actor, { idempotencyKey }))
const get = (id: string, actor: Access.Actor) => Effect.flatMap(records, (r) => r.get(id, actor))
const list = (query: RecordService.ListQuery, actor: Access.Actor) =>
  Effect.flatMap(records, (r) => r.list(query, actor))
const count = (query: RecordService.Query, by: RecordStore.CountBy, actor: Access.Actor) =>
  Effect.flatMap(records, (r) => r.count(query, by, actor))
const stored = Effect.flatMap(Effect.service(RecordStore.RecordStore), (store) => store.count({}, "class"))
const total = Effect.map(stored, (counts) => counts.reduce((n, c) => n + c.count, 0))

describe("RecordService: filing and who reads personal data", () => {
  it("a grid worker files a key-person record: masked for the worker, in clear for the grid manager and the chief", () =>
    run(
      Effect.gen(function* () {
        const filed = yield* file({ id: "r-kp-1", ...keyPerson }, worker)
        expect(filed).toMatchObject({ id: inBlock("r-kp-1"), author: worker.id, grid: block, at: T0, masked: true })
        expect(filed.subject).toEqual({
          name: "张**",
          idNumber: `110***********002${idNumber.at(-1)}`,
          phone: "138****8000",
          address: "玉门市玉门镇****"
        })
        expect(yield* get(inBlock("r-kp-1"), manager)).toMatchObject({ masked: false, subject })
        // the default policy lets a grid chief see key persons' data in their subtree
        expect((yield* get(inBlock("r-kp-1"), chief)).masked).toBe(false)
        // the author does not
        expect((yield* get(inBlock("r-kp-1"), worker)).masked).toBe(true)

        // a household visit's subject stays masked for the chief
        yield* file(
          { id: "r-hh-1", grid: block, item: "person.household", task: "visit", subject: { phone: "13900139000" } },
          worker
        )
        expect((yield* get(inBlock("r-hh-1"), chief)).subject).toEqual({ phone: "139****9000" })

        // phone and ID numbers in the free text are masked the same way
        const noted = yield* file(
          {
            grid: block,
            item: "person.key.petitioner",
            note: "家属电话13700137000",
            fields: { contact: "13700137000" }
          },
          worker
        )
        expect(noted.note).toBe("家属电话137****7000")
        expect(noted.fields).toEqual({ contact: "137****7000" })
        expect((yield* get(noted.id, manager)).note).toBe("家属电话13700137000")

        // resending a record with its id is answered, not stored twice
        const before = yield* total
        expect((yield* failure(file({ id: "r-kp-1", ...keyPerson }, worker)))._tag).toBe("RecordExists")
        expect(yield* total).toBe(before)
      })
    ))

  it("the author is the actor, whatever the input says; the instant is the clock's unless given", () =>
    run(
      Effect.gen(function* () {
        const input = { grid: block, item: "place.key.school", author: "someone-else" } as RecordService.Input
        const filed = yield* file(input, worker)
        expect(filed.author).toBe(worker.id)
        expect(filed.at).toBe(T0)
        expect(filed.id).toMatch(/^r-/)
        yield* TestClock.adjust(60_000)
        const later = yield* file({ grid: block, item: "place.key.school" }, worker)
        expect(later.at).toBe(T0 + 60_000)
        expect(later.id).not.toBe(filed.id)
        expect((yield* file({ grid: block, item: "place.key.school", at: T0 - 86_400_000 }, worker)).at).toBe(
          T0 - 86_400_000
        )
        // a member given as undefined is absent
        const sparse = yield* file(
          {
            grid: block,
            item: "place.key.school",
            task: undefined,
            subject: undefined,
            note: undefined,
            at: undefined
          },
          worker
        )
        expect(sparse).not.toHaveProperty("task")
        expect(sparse.at).toBe(T0 + 60_000)
      })
    ))

  it("a record's instant may be ahead of the clock by the skew, not more", () =>
    run(
      Effect.gen(function* () {
        const now = T0
        expect((yield* file({ grid: block, item: "place.key.school", at: now + 5 * 60_000 }, worker)).at).toBe(
          now + 5 * 60_000
        )
        const late = yield* failure(file({ grid: block, item: "place.key.school", at: now + 5 * 60_000 + 1 }, worker))
        expect(late._tag).toBe("RecordInvalid")
        expect(late._tag === "RecordInvalid" && late.problems.map((p) => p.path)).toEqual([["at"]])
      })
    ))

  it("outside the jurisdiction: filing is Forbidden, reading answers as a missing record, lists leave it out", () =>
    run(
      Effect.gen(function* () {
        yield* file({ id: "r-in-1", grid: block, item: "place.key.school", task: "patrol" }, worker)
        for (const actor of [outsider, resident, actorAt("departmentOfficer", { unit: "dept.housing" })]) {
          const denied = yield* failure(file({ grid: block, item: "place.key.school" }, actor))
          expect(denied).toEqual(new Access.Forbidden({ action: "FileRecord", reason: "OutsideJurisdiction" }))
        }
        const hidden = yield* failure(get(inBlock("r-in-1"), outsider))
        const missing = yield* failure(get(inBlock("r-none"), outsider))
        expect(hidden).toEqual(new RecordService.NotFound({ id: inBlock("r-in-1") }))
        expect(missing).toEqual(new RecordService.NotFound({ id: inBlock("r-none") }))
        // naming the grid does not help: it answers as an unknown grid
        expect(yield* failure(list({ grid: block }, outsider))).toEqual(new Access.GridNotFound({ grid: block }))
        expect(yield* failure(count({ grid: block }, "class", outsider))).toEqual(
          new Access.GridNotFound({ grid: block })
        )
        expect(yield* failure(list({ grid: "999999" }, outsider))).toEqual(new Access.GridNotFound({ grid: "999999" }))
        const listed = yield* list({ limit: 1000 }, outsider)
        expect(listed.items.map((r) => r.id)).not.toContain(inBlock("r-in-1"))
        expect((yield* list({}, resident)).items).toEqual([])
        expect(yield* count({}, "class", resident)).toEqual([])
        // the worker's own block, the chief's subtree and the city's center see it
        for (const actor of [worker, chief, actorAt("dispatcher", { unit: "center.grid" })]) {
          expect((yield* list({ grid: block }, actor)).items.map((r) => r.id)).toContain(inBlock("r-in-1"))
        }
      })
    ))

  it("a chosen id is scoped to the record's grid: taken outside the actor's reach or not, the answer is the same", () =>
    run(
      Effect.gen(function* () {
        const filed = yield* file({ id: "town-a-1", grid: block, item: "place.key.school" }, worker)
        expect(filed.id).toBe(inBlock("town-a-1"))
        // the outsider files under the same chosen id in their own block, and under the other's full id
        const taken = yield* file({ id: "town-a-1", grid: otherBlock, item: "place.key.school" }, outsider)
        const spoofed = yield* file({ id: filed.id, grid: otherBlock, item: "place.key.school" }, outsider)
        expect(taken.id).toBe(Records.scopedId(otherBlock, "town-a-1"))
        expect(spoofed.id).toBe(Records.scopedId(otherBlock, filed.id))
        // the first record is untouched
        expect((yield* get(filed.id, worker)).author).toBe(worker.id)
        expect(yield* total).toBe(3)
        // an id already scoped to its grid stays as it is: a resend is answered
        expect((yield* failure(file({ id: filed.id, grid: block, item: "place.key.school" }, worker)))._tag).toBe(
          "RecordExists"
        )
      })
    ))

  it("bad input is a typed error naming the field, and writes nothing", () =>
    run(
      Effect.gen(function* () {
        yield* file({ grid: block, item: "place.key.school" }, worker)
        const before = yield* total
        const cases: ReadonlyArray<readonly [RecordService.Input, string, ReadonlyArray<string> | undefined]> = [
          [{ grid: block, item: "person.no-such-item" }, "UnknownItem", undefined],
          [{ grid: block, item: "person" }, "UnknownItem", undefined],
          [
            { grid: block, item: "person.registered", subject: { idNumber: "110105194912310021" } },
            "InvalidIdNumber",
            undefined
          ],
          [{ grid: block, item: "person.registered", subject: { phone: "12345" } }, "InvalidPhone", undefined],
          [{ grid: block, item: "place.key.school", at: T0 + 86_400_000 }, "RecordInvalid", ["at"]],
          [{ grid: "999999", item: "place.key.school" }, "RecordInvalid", ["grid"]],
          [{ grid: block } as RecordService.Input, "RecordInvalid", ["item"]]
        ]
        for (const [input, tag, path] of cases) {
          const error = yield* failure(file(input, worker))
          expect(error._tag).toBe(tag)
          if (path !== undefined && error._tag === "RecordInvalid") {
            expect(error.problems.map((p) => p.path)).toContainEqual(path)
          }
          // the typed errors never repeat the personal data
          expect(JSON.stringify(error)).not.toContain("110105194912310021")
          expect(JSON.stringify(error)).not.toContain("12345")
        }
        expect(yield* total).toBe(before)
      })
    ))
})

describe("RecordService: lists and counts", () => {
  it("lists page in order with a cursor, either way, and counts by class and task", () =>
    run(
      Effect.gen(function* () {
        const t0 = T0 - 3_600_000
        for (let i = 0; i < 5; i++) {
          yield* file(
            {
              id: `r-v-${i}`,
              grid: block,
              item: "person.household",
              task: "visit",
              at: t0 + i * 60_000,
              fields: { members: i + 1 }
            },
            worker
          )
        }
        yield* file({ id: "r-c-1", ...keyPerson }, worker)
        const pages = (descending: boolean) =>
          Effect.gen(function* () {
            const ids: Array<string> = []
            let after: RecordStore.Cursor | undefined
            do {
              const page = yield* list(
                { grid: block, task: "visit", from: t0, to: t0 + 3_600_000, limit: 2, descending, after },
                worker
              )
              expect(page.items.length).toBeLessThanOrEqual(2)
              ids.push(...page.items.map((r) => r.id))
              after = page.next
            } while (after !== undefined)
            return ids
          })
        expect(yield* pages(false)).toEqual(["r-v-0", "r-v-1", "r-v-2", "r-v-3", "r-v-4"].map(inBlock))
        expect(yield* pages(true)).toEqual(["r-v-4", "r-v-3", "r-v-2", "r-v-1", "r-v-0"].map(inBlock))

        expect(yield* count({ grid: block, author: worker.id }, "class", worker)).toEqual([{ key: "person", count: 6 }])
        expect(yield* count({ grid: block, author: worker.id }, "task", worker)).toEqual([
          { key: "control", count: 1 },
          { key: "visit", count: 5 }
        ])
        expect(yield* count({ grid: block, item: "person.key" }, "item", chief)).toEqual([
          { key: "person.key.petitioner", count: 1 }
        ])
        // every listed record goes through the view: masked for the worker, clear for the manager
        const mine = yield* list({ grid: block, item: "person.key" }, worker)
        const theirs = yield* list({ grid: block, item: "person.key" }, manager)
        expect(mine.items.map((r) => r.masked)).toEqual([true])
        expect(theirs.items.map((r) => [r.masked, r.subject])).toEqual([[false, subject]])
      })
    ))
})

describe("RecordService: batches (an app's offline sync)", () => {
  const visit = (id: string, extra: Partial<RecordService.Input> = {}): RecordService.Input & { id: string } => ({
    grid: block,
    item: "person.household",
    task: "visit",
    ...extra,
    id
  })

  it("each record gets its outcome; a batch sent twice files nothing twice", () =>
    run(
      Effect.gen(function* () {
        const batch = [
          visit("b-1", { at: T0 - 3_600_000, subject: { phone: "13600136000" } }),
          visit("b-2"),
          visit("b-3", { item: "person.no-such-item" }),
          visit("b-4", { grid: otherBlock }),
          visit("b-1")
        ]
        const service = yield* records
        const first = yield* service.fileMany(batch, worker)
        expect(first.map((o) => [o.id, o.status])).toEqual([
          [inBlock("b-1"), "filed"],
          [inBlock("b-2"), "filed"],
          [inBlock("b-3"), "invalid"],
          [Records.scopedId(otherBlock, "b-4"), "denied"],
          [inBlock("b-1"), "exists"]
        ])
        const [filed, , invalid] = first
        expect(filed!.status === "filed" && filed!.record).toMatchObject({
          id: inBlock("b-1"),
          author: worker.id,
          masked: true,
          subject: { phone: "136****6000" }
        })
        expect(invalid!.status === "invalid" && invalid!.error._tag).toBe("UnknownItem")
        const again = yield* service.fileMany(batch, worker)
        expect(again.map((o) => o.status)).toEqual(["exists", "exists", "invalid", "denied", "exists"])
        expect(yield* total).toBe(2)
        expect((yield* get(inBlock("b-1"), worker)).id).toBe(inBlock("b-1"))
      })
    ))

  it("a batch over the limit is refused whole; an empty batch files nothing", () =>
    run(
      Effect.gen(function* () {
        const service = yield* records
        const many = Array.from({ length: 4 }, (_, i) => visit(`m-${i}`))
        expect(yield* failure(service.fileMany(many, worker))).toEqual(
          new RecordService.BatchTooLarge({ size: 4, max: 3 })
        )
        expect(yield* service.fileMany([], worker)).toEqual([])
        expect(yield* total).toBe(0)
        expect((yield* service.fileMany(many.slice(0, 3), worker)).map((o) => o.status)).toEqual([
          "filed",
          "filed",
          "filed"
        ])
      }),
      { records: { maxBatch: 3 } }
    ))

  it("while another writer files some of them: the append falls back to one at a time", () =>
    run(
      Effect.gen(function* () {
        const service = yield* records
        const batch = Array.from({ length: 6 }, (_, i) => ({ id: `race-${i}`, grid: block, item: "place.key.market" }))
        expect((yield* service.fileMany(batch.slice(0, 3), worker)).map((o) => o.status)).toEqual([
          "filed",
          "filed",
          "filed"
        ])
        expect((yield* service.fileMany(batch, worker)).map((o) => o.status)).toEqual([
          "exists",
          "exists",
          "exists",
          "filed",
          "filed",
          "filed"
        ])
        expect(yield* total).toBe(6)
      }),
      {
        // the store's reads miss what another writer stored between the batch's check and its append
        wrap: (stores) => {
          const store = Context.get(stores, RecordStore.RecordStore)
          return Context.add(stores, RecordStore.RecordStore, { ...store, get: () => Effect.succeed(Option.none()) })
        }
      }
    ))
})

describe("RecordService: sealed at rest", () => {
  it("the store keeps ciphertext; the grid manager still reads the clear values, others the masks", () =>
    run(
      Effect.gen(function* () {
        const filed = yield* file({ id: "r-s-1", ...keyPerson }, worker)
        expect(filed.subject?.phone).toBe("138****8000")
        const kept = Option.getOrThrow(
          yield* Effect.flatMap(Effect.service(RecordStore.RecordStore), (s) => s.get(inBlock("r-s-1")))
        )
        expect(kept.sealed).toBe(true)
        expect(JSON.stringify(kept.subject)).not.toContain("13800138000")
        expect(JSON.stringify(kept.subject)).not.toContain("张三丰")
        expect(yield* get(inBlock("r-s-1"), manager)).toMatchObject({ masked: false, subject })
        expect((yield* get(inBlock("r-s-1"), worker)).subject?.phone).toBe("138****8000")
        const page = yield* list({ grid: block }, manager)
        expect(page.items[0]).toMatchObject({ masked: false, subject })
      }),
      { cipher: MemoryRecords.aesGcm(randomBytes(32)) }
    ))

  it("a record sealed under another key does not read: a typed CipherError, never the ciphertext", () =>
    run(
      Effect.gen(function* () {
        const store = yield* RecordStore.RecordStore
        const record: Records.Record = {
          id: "r-x",
          grid: block,
          item: "person.key.petitioner",
          subject,
          author: worker.id,
          at: T0,
          fields: {}
        }
        const foreign = yield* Records.seal(record).pipe(
          Effect.provideService(RecordCipher.RecordCipher, MemoryRecords.aesGcm(randomBytes(32)))
        )
        yield* store.append([{ record: foreign, gridPre: Grid.interval(city.tree, Grid.id(city.tree, block)!).pre }])
        expect((yield* failure(get("r-x", manager)))._tag).toBe("CipherError")
        expect((yield* failure(list({ grid: block }, manager)))._tag).toBe("CipherError")
      }),
      { cipher: MemoryRecords.aesGcm(randomBytes(32)) }
    ))
})

describe("RecordService: idempotency", () => {
  it("a filing retried with its key is done once and answered with the first record", () =>
    run(
      Effect.gen(function* () {
        const first = yield* file({ grid: block, item: "place.key.school" }, worker, "sync-1")
        yield* TestClock.adjust(1_000)
        const again = yield* file({ grid: block, item: "place.key.school" }, worker, "sync-1")
        expect(again).toEqual(first)
        expect(yield* total).toBe(1)
        // the key sent with another record: refused, nothing filed
        expect(yield* failure(file({ grid: block, item: "place.key.market" }, worker, "sync-1"))).toEqual(
          new Idempotency.KeyReused({ key: "sync-1" })
        )
        expect(yield* total).toBe(1)
        // the same key from another actor is another request
        const other = actorOf(
          city.staff.posts.find(
            (p) => p.role === "gridWorker" && "grid" in p.at && p.at.grid === block && p.person !== worker.id
          )?.person ?? chief.id
        )
        const theirs = yield* file({ grid: block, item: "place.key.school" }, other, "sync-1")
        expect(theirs.id).not.toBe(first.id)
        expect(yield* total).toBe(2)
        // a key with a record id of the client's: the id is kept, the retry answered
        const named = yield* file({ id: "r-named", grid: block, item: "place.key.school" }, worker, "sync-2")
        expect(named.id).toBe(inBlock("r-named"))
        expect(yield* file({ id: "r-named", grid: block, item: "place.key.school" }, worker, "sync-2")).toEqual(named)
        expect(yield* total).toBe(3)
      })
    ))

  it("twins with one key sent at once file one record, and both are answered with it", () =>
    run(
      Effect.gen(function* () {
        const both = yield* Effect.all(
          [0, 1].map(() => file({ grid: block, item: "place.key.school" }, worker, "sync-twin")),
          { concurrency: "unbounded" }
        )
        expect(both[0]).toEqual(both[1])
        expect(yield* total).toBe(1)
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

  it("a filing whose key was not recorded (the process stopped after the append) is answered on retry, not filed twice", () => {
    let failPut = true
    return run(
      Effect.gen(function* () {
        const lost = yield* failure(file({ grid: block, item: "place.key.school" }, worker, "sync-crash"))
        expect(lost._tag).toBe("StoreError")
        expect(yield* total).toBe(1)
        failPut = false
        const retried = yield* file({ grid: block, item: "place.key.school" }, worker, "sync-crash")
        expect(retried.author).toBe(worker.id)
        expect(yield* total).toBe(1)
        expect(yield* file({ grid: block, item: "place.key.school" }, worker, "sync-crash")).toEqual(retried)
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

describe("RecordService: reading is Records.canRead", () => {
  it("for any actor of the fixture and any record, get answers iff canRead, and a hidden record exactly as a missing one", async () => {
    const people = [...new Set(city.staff.posts.map((p) => p.person))]
    const sample = blocks.filter((_, i) => i % 40 === 0)
    await run(
      Effect.gen(function* () {
        const dispatcher = actorAt("dispatcher", { unit: "center.grid" })
        for (const [i, b] of sample.entries()) {
          yield* file({ id: `p-${i}`, grid: b, item: "place.key.market" }, dispatcher)
        }
        const context = { tree: city.tree }
        const checks: Array<Effect.Effect<void, unknown, RecordService.RecordService>> = []
        fc.assert(
          fc.property(fc.constantFrom(...people), fc.nat({ max: sample.length - 1 }), (person, i) => {
            checks.push(
              Effect.gen(function* () {
                const actor = actorOf(person)
                const record = {
                  id: Records.scopedId(sample[i]!, `p-${i}`),
                  grid: sample[i]!,
                  author: dispatcher.id,
                  at: T0,
                  item: "place.key.market",
                  fields: {}
                }
                const answer = yield* Effect.result(get(Records.scopedId(sample[i]!, `p-${i}`), actor))
                if (Records.canRead(context, actor, record)) expect(answer._tag).toBe("Success")
                else
                  expect(answer).toMatchObject({
                    _tag: "Failure",
                    failure: new RecordService.NotFound({ id: Records.scopedId(sample[i]!, `p-${i}`) })
                  })
              })
            )
          }),
          { numRuns: 200 }
        )
        yield* Effect.all(checks, { discard: true })
      })
    )
  })
})
