/**
 * Information collection over HTTP: grid workers file records, the records policy
 * decides who reads personal data in clear, a record outside the caller's
 * jurisdiction answers as a missing one, and bad input is a typed 422 that writes
 * nothing.
 */
import { randomBytes } from "node:crypto"
import { Records } from "@gridgov/core"
import { Effect, Option } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { blocks, call, city, parentOf, personAt, type Reply, type Running, start } from "./support.js"

let s: Running
beforeAll(async () => {
  s = await start()
})
afterAll(() => s.stop())

const managed = (block: string) =>
  city.staff.posts.some((p) => p.role === "gridManager" && "grid" in p.at && p.at.grid === parentOf(block))
const block = blocks.find(managed)!
const otherBlock = blocks.find((b) => parentOf(parentOf(b)) !== parentOf(parentOf(block)))!
const idNumber = `11010519491231002${Records.idCheckDigit("11010519491231002")}`
const subject = { name: "张三丰", idNumber, phone: "13800138000", address: "玉门市玉门镇东关村一组12号" }
const keyPerson = {
  grid: block,
  item: "person.key.petitioner",
  task: "control",
  subject,
  fields: { result: "稳定" }
}

/** The id a chosen record id is filed under: scoped to its grid (`Records.scopedId`). */
const inBlock = (id: string) => Records.scopedId(block, id)

const expectProblem = (r: Reply, status: number, type: string) => {
  expect(r.status).toBe(status)
  expect(r.type).toContain("application/problem+json")
  expect(r.body.type).toBe(`https://gridgov.dev/problems/${type}`)
}

describe("records over HTTP", () => {
  it("a grid worker files a key-person record: masked for the worker, in clear for the grid manager and the chief", async () => {
    const workerId = personAt("gridWorker", { grid: block })
    const worker = await s.token(workerId)
    const manager = await s.token(personAt("gridManager", { grid: parentOf(block) }))
    const chief = await s.token(personAt("gridChief", { grid: parentOf(parentOf(block)) }))

    const filed = await call(s.url, "POST", "/records", { token: worker, body: { id: "r-kp-1", ...keyPerson } })
    expect(filed.status).toBe(201)
    expect(filed.body).toMatchObject({ id: inBlock("r-kp-1"), author: workerId, grid: block, masked: true })
    expect(filed.body.subject).toEqual({
      name: "张**",
      idNumber: `110***********002${idNumber.at(-1)}`,
      phone: "138****8000",
      address: "玉门市玉门镇****"
    })
    expect(Math.abs(filed.body.at - Date.now())).toBeLessThan(60_000)

    const byManager = await call(s.url, "GET", `/records/${inBlock("r-kp-1")}`, { token: manager })
    expect(byManager.body).toMatchObject({ masked: false, subject })
    // the default policy lets a grid chief see key persons' data in their subtree
    expect((await call(s.url, "GET", `/records/${inBlock("r-kp-1")}`, { token: chief })).body.masked).toBe(false)

    // a household visit's subject stays masked for the chief
    await call(s.url, "POST", "/records", {
      token: worker,
      body: { id: "r-hh-1", grid: block, item: "person.household", task: "visit", subject: { phone: "13900139000" } }
    })
    expect((await call(s.url, "GET", `/records/${inBlock("r-hh-1")}`, { token: chief })).body.subject).toEqual({
      phone: "139****9000"
    })

    // resending a record with its id is answered, not stored twice
    expectProblem(
      await call(s.url, "POST", "/records", { token: worker, body: { id: "r-kp-1", ...keyPerson } }),
      409,
      "record-exists"
    )
  })

  it("outside the jurisdiction: filing is 403, reading is 404 as for a missing record, lists leave it out", async () => {
    const outsider = await s.token(personAt("gridWorker", { grid: otherBlock }))
    const resident = (await call(s.url, "POST", "/auth/public")).body.token as string
    await call(s.url, "POST", "/records", {
      token: await s.token(personAt("gridWorker", { grid: block })),
      body: { id: "r-in-1", grid: block, item: "place.key.school", task: "patrol" }
    })

    expectProblem(
      await call(s.url, "POST", "/records", { token: outsider, body: { grid: block, item: "place.key.school" } }),
      403,
      "access-denied"
    )
    expectProblem(
      await call(s.url, "POST", "/records", { token: resident, body: { grid: block, item: "place.key.school" } }),
      403,
      "access-denied"
    )
    const hidden = await call(s.url, "GET", `/records/${inBlock("r-in-1")}`, { token: outsider })
    const missing = await call(s.url, "GET", "/records/r-none", { token: outsider })
    expectProblem(hidden, 404, "not-found")
    expectProblem(missing, 404, "not-found")
    expect(Object.keys(hidden.body).sort()).toEqual(Object.keys(missing.body).sort())
    // naming the grid does not help: it answers as an unknown grid
    expectProblem(await call(s.url, "GET", `/records?grid=${block}`, { token: outsider }), 404, "not-found")
    expectProblem(await call(s.url, "GET", `/records/counts?grid=${block}`, { token: outsider }), 404, "not-found")
    const listed = await call(s.url, "GET", "/records?limit=1000", { token: outsider })
    expect(listed.body.items.map((r: { id: string }) => r.id)).not.toContain(inBlock("r-in-1"))
    expect((await call(s.url, "GET", "/records", { token: resident })).body.items).toEqual([])
  })

  it("lists page in order with a cursor, either way, and counts by class and task", async () => {
    const workerId = personAt("gridWorker", { grid: block })
    const worker = await s.token(workerId)
    const t0 = Date.UTC(2026, 0, 5, 1)
    for (let i = 0; i < 5; i++) {
      const r = await call(s.url, "POST", "/records", {
        token: worker,
        body: {
          id: `r-v-${i}`,
          grid: block,
          item: "person.household",
          task: "visit",
          at: t0 + i * 60_000,
          fields: { members: i + 1 }
        }
      })
      expect(r.status).toBe(201)
    }
    const pages = async (order: "asc" | "desc") => {
      const ids: Array<string> = []
      let cursor: string | null = null
      do {
        const q: string = `/records?grid=${block}&task=visit&from=${t0}&to=${t0 + 3_600_000}&limit=2&order=${order}${cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`}`
        const page = await call(s.url, "GET", q, { token: worker })
        expect(page.status).toBe(200)
        expect(page.body.items.length).toBeLessThanOrEqual(2)
        ids.push(...page.body.items.map((r: { id: string }) => r.id))
        cursor = page.body.next
      } while (cursor !== null)
      return ids
    }
    const ids = [0, 1, 2, 3, 4].map((i) => inBlock(`r-v-${i}`))
    expect(await pages("asc")).toEqual(ids)
    expect(await pages("desc")).toEqual([...ids].reverse())

    const byClass = await call(s.url, "GET", `/records/counts?grid=${block}&author=${workerId}`, { token: worker })
    const byTask = await call(s.url, "GET", `/records/counts?grid=${block}&author=${workerId}&by=task`, {
      token: worker
    })
    const count = (r: Reply, key: string) => r.body.counts.find((c: { key: string }) => c.key === key)?.count ?? 0
    expect(byClass.body.by).toBe("class")
    expect(count(byClass, "person")).toBeGreaterThanOrEqual(5)
    expect(count(byTask, "visit")).toBe(count(byClass, "person") - count(byTask, "control"))
    expectProblem(await call(s.url, "GET", "/records?grid=999999", { token: worker }), 404, "not-found")
  })

  it("bad input is a 422 that names the field, and writes nothing", async () => {
    const worker = await s.token(personAt("gridWorker", { grid: block }))
    const before = (await call(s.url, "GET", `/records/counts?grid=${block}`, { token: worker })).body
    const cases: ReadonlyArray<readonly [unknown, ReadonlyArray<string>]> = [
      [{ grid: block, item: "person.no-such-item" }, ["body", "item"]],
      [
        { grid: block, item: "person.registered", subject: { idNumber: "110105194912310021" } },
        ["body", "subject", "idNumber"]
      ],
      [{ grid: block, item: "person.registered", subject: { phone: "12345" } }, ["body", "subject", "phone"]],
      [{ grid: block, item: "place.key.school", at: Date.now() + 86_400_000 }, ["body", "at"]],
      [{ grid: "999999", item: "place.key.school" }, ["body", "grid"]]
    ]
    for (const [body, path] of cases) {
      const r = await call(s.url, "POST", "/records", { token: worker, body })
      expectProblem(r, 422, "invalid-command")
      expect(r.body.errors.map((e: { path: Array<string> }) => e.path)).toContainEqual(path)
    }
    expectProblem(
      await call(s.url, "POST", "/records", { token: worker, body: { grid: block } }),
      422,
      "invalid-command"
    )
    expect((await call(s.url, "GET", `/records/counts?grid=${block}`, { token: worker })).body).toEqual(before)
  })
})

describe("records filed in a batch (an app's offline sync)", () => {
  it("each record gets its outcome; a batch sent twice files nothing twice", async () => {
    const worker = await s.token(personAt("gridWorker", { grid: block }))
    const visit = (id: string, extra: object = {}) => ({
      id,
      grid: block,
      item: "person.household",
      task: "visit",
      ...extra
    })
    const batch = {
      records: [
        visit("b-1", { at: Date.now() - 3_600_000, subject: { phone: "13600136000" } }),
        visit("b-2"),
        visit("b-3", { item: "person.no-such-item" }),
        visit("b-4", { grid: otherBlock }),
        visit("b-1")
      ]
    }
    const before = (await call(s.url, "GET", `/records/counts?grid=${block}`, { token: worker })).body
    const first = await call(s.url, "POST", "/records/batch", { token: worker, body: batch })
    expect(first.status).toBe(200)
    expect(first.body.results.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([
      [inBlock("b-1"), "filed"],
      [inBlock("b-2"), "filed"],
      [inBlock("b-3"), "invalid"],
      [Records.scopedId(otherBlock, "b-4"), "denied"],
      [inBlock("b-1"), "exists"]
    ])
    expect(first.body.results[0].record).toMatchObject({
      id: inBlock("b-1"),
      masked: true,
      subject: { phone: "136****6000" }
    })
    expect(first.body.results[2].errors.map((e: { path: Array<string | number> }) => e.path)).toContainEqual([
      "body",
      "records",
      2,
      "item"
    ])
    const again = await call(s.url, "POST", "/records/batch", { token: worker, body: batch })
    expect(again.body.results.map((r: { status: string }) => r.status)).toEqual([
      "exists",
      "exists",
      "invalid",
      "denied",
      "exists"
    ])
    const after = (await call(s.url, "GET", `/records/counts?grid=${block}`, { token: worker })).body
    const person = (c: { counts: Array<{ key: string; count: number }> }) =>
      c.counts.find((g) => g.key === "person")?.count ?? 0
    expect(person(after)).toBe(person(before) + 2)
    expect((await call(s.url, "GET", `/records/${inBlock("b-1")}`, { token: worker })).status).toBe(200)
  })

  it("an empty batch or one over 500 records is a 422", async () => {
    const worker = await s.token(personAt("gridWorker", { grid: block }))
    const many = Array.from({ length: 501 }, (_, i) => ({ id: `m-${i}`, grid: block, item: "place.key.school" }))
    expectProblem(
      await call(s.url, "POST", "/records/batch", { token: worker, body: { records: [] } }),
      422,
      "invalid-command"
    )
    expectProblem(
      await call(s.url, "POST", "/records/batch", { token: worker, body: { records: many } }),
      422,
      "invalid-command"
    )
    expectProblem(await call(s.url, "GET", `/records/${inBlock("m-0")}`, { token: worker }), 404, "not-found")
  })
})

describe("records filed in a batch while another writer files some of them", () => {
  let raced: Running
  beforeAll(async () => {
    // The store's reads miss what another writer stored between the batch's check
    // and its append: the append meets ids that exist.
    raced = await start({ records: (store) => ({ ...store, get: () => Effect.succeed(Option.none()) }) })
  })
  afterAll(() => raced.stop())

  it("the batch's append falls back to one record at a time: the rest are filed, the others answered exists", async () => {
    const worker = await raced.token(personAt("gridWorker", { grid: block }))
    const records = Array.from({ length: 6 }, (_, i) => ({ id: `race-${i}`, grid: block, item: "place.key.market" }))
    const first = await call(raced.url, "POST", "/records/batch", {
      token: worker,
      body: { records: records.slice(0, 3) }
    })
    expect(first.body.results.map((r: { status: string }) => r.status)).toEqual(["filed", "filed", "filed"])
    const second = await call(raced.url, "POST", "/records/batch", { token: worker, body: { records } })
    expect(second.status).toBe(200)
    expect(second.body.results.map((r: { status: string }) => r.status)).toEqual([
      "exists",
      "exists",
      "exists",
      "filed",
      "filed",
      "filed"
    ])
  })
})

describe("records sealed at rest", () => {
  let sealed: Running
  beforeAll(async () => {
    sealed = await start({ recordKey: randomBytes(32) })
  })
  afterAll(() => sealed.stop())

  it("the store keeps ciphertext; the grid manager still reads the clear values, others the masks", async () => {
    const worker = await sealed.token(personAt("gridWorker", { grid: block }))
    const manager = await sealed.token(personAt("gridManager", { grid: parentOf(block) }))
    const filed = await call(sealed.url, "POST", "/records", { token: worker, body: { id: "r-s-1", ...keyPerson } })
    expect(filed.status).toBe(201)
    const kept = await sealed.stored(inBlock("r-s-1"))
    expect(kept?.sealed).toBe(true)
    expect(JSON.stringify(kept?.subject)).not.toContain("13800138000")
    expect(JSON.stringify(kept?.subject)).not.toContain("张三丰")
    expect((await call(sealed.url, "GET", `/records/${inBlock("r-s-1")}`, { token: manager })).body).toMatchObject({
      masked: false,
      subject
    })
    expect((await call(sealed.url, "GET", `/records/${inBlock("r-s-1")}`, { token: worker })).body.subject.phone).toBe(
      "138****8000"
    )
  })
})
