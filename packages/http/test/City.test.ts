/**
 * The city's configuration over HTTP (issue 16, item 7): an admin reads the document
 * and its history, changes it in audited batches (grids, people, posts, tables,
 * calendar notices), corrects and erases contact details off the chain and checks the
 * chain; a batch that does not hold is a 422 naming every faulty field, one that
 * strands work a 409 listing what it strands, a town's admin reaches only the town,
 * and an Idempotency-Key is bound to its request.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { CalendarCn } from "@gridgov/calendar-cn"
import { Grid } from "@gridgov/core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { blocks, call, city, parentOf, personAt, type Running, start } from "./support.js"

let s: Running
let admin: string
beforeAll(async () => {
  s = await start()
  admin = await s.token(personAt("admin", { unit: "center" }))
})
afterAll(() => s.stop())

const problem = (name: string) => `https://gridgov.dev/problems/${name}`

const apply = (token: string, body: unknown, headers: Record<string, string> = {}, on: Running = s) =>
  call(on.url, "POST", "/admin/city/changes", { token, body, headers })

/** The configuration version, as the document says. */
const version = async (on: Running = s) => {
  const doc = await call(on.url, "GET", "/admin/city", { token: admin })
  expect(doc.status).toBe(200)
  return doc.body.version as number
}

const villageOf = (block: string) => parentOf(block)
/** The kind of the fixture's blocks (the scheme's third level). */
const blockKind = Grid.record(city.tree, Grid.id(city.tree, blocks[0]!)!).kind
const townOf = (block: string) => parentOf(parentOf(block))
/** A block in another town than `block`'s. */
const elsewhere = (block: string) => blocks.find((b) => townOf(b) !== townOf(block))!

describe("the city's configuration over HTTP", () => {
  it("a city-wide admin reads the document and its version; the contract lists the endpoints; others are refused", async () => {
    const read = await call(s.url, "GET", "/admin/city", { token: admin })
    expect(read.status).toBe(200)
    expect(read.body.version).toBeGreaterThan(0)
    expect(read.body.document.grids.length).toBe(city.tree.size)
    expect(read.body.document.posts.length).toBe(city.staff.posts.length)
    expect(read.body.document.posts[0]).toMatchObject({ id: expect.any(String), person: expect.any(String) })

    const worker = await s.token(personAt("gridWorker", { grid: blocks[0]! }))
    const refused = await call(s.url, "GET", "/admin/city", { token: worker })
    expect(refused.status).toBe(403)
    expect(refused.body).toMatchObject({ type: problem("access-denied"), reason: "AdminOnly" })
    expect((await call(s.url, "GET", "/admin/city")).status).toBe(401)

    const spec = (await call(s.url, "GET", "/openapi.json")).body
    const changes = spec.paths["/admin/city/changes"].post
    expect(changes.parameters.map((p: { name: string }) => p.name)).toContain("idempotency-key")
    expect(Object.keys(changes.responses)).toEqual(expect.arrayContaining(["200", "403", "409", "422"]))
    expect(JSON.stringify(spec)).toContain('"SplitGrid"')
    for (const path of [
      "/admin/city",
      "/admin/city/history",
      "/admin/city/verify",
      "/admin/city/provisional/{year}",
      "/admin/people/{person}/contact"
    ])
      expect(spec.paths[path]).toBeDefined()
    expect(Object.keys(spec.paths["/admin/people/{person}/contact"]).sort()).toEqual(["delete", "get", "put"])
  })

  it("a batch adds a grid, a person and a post at once: in effect on the next request, and each event in the history with its reason", async () => {
    const before = await version()
    const village = villageOf(blocks[0]!)
    const code = `${village}998`
    const receipt = await apply(admin, {
      reason: "新建网格并配备网格员",
      changes: [
        {
          _tag: "AddGrid",
          record: { code, parent: village, kind: blockKind, name: { zh: "新网格", en: "New block" } }
        },
        { _tag: "AddPerson", person: { id: "p-city-1", name: "赵六" } },
        {
          _tag: "AddPost",
          post: {
            id: "p-city-1#1",
            person: "p-city-1",
            role: "gridWorker",
            at: { grid: code },
            validFrom: "2020-01-01"
          }
        }
      ]
    })
    expect(receipt.status).toBe(200)
    expect(receipt.body).toEqual({
      version: before + 3,
      events: [
        { type: "GridAdded", version: before + 1, subject: code },
        { type: "PersonAdded", version: before + 2, subject: "p-city-1" },
        { type: "PostAdded", version: before + 3, subject: "p-city-1#1" }
      ],
      review: [],
      replayed: false
    })

    const grid = await call(s.url, "GET", `/grids/${code}`, { token: admin })
    expect(grid.status).toBe(200)
    expect(grid.body).toMatchObject({ code, parent: village, level: 3 })
    const me = await call(s.url, "GET", "/me", { token: await s.token("p-city-1") })
    expect(me.body.posts).toEqual([{ role: "gridWorker", at: { grid: code } }])

    const history = await call(s.url, "GET", `/admin/city/history?after=${before}`, { token: admin })
    expect(history.status).toBe(200)
    expect(history.body.next).toBeNull()
    expect(history.body.items.map((e: { type: string }) => e.type)).toEqual(["GridAdded", "PersonAdded", "PostAdded"])
    for (const e of history.body.items) {
      expect(e.payload.reason).toBe("新建网格并配备网格员")
      expect(e.actor.id).toBe(personAt("admin", { unit: "center" }))
    }
    expect(history.body.items[1].prevHash).toBe(history.body.items[0].hash)
    const paged = await call(s.url, "GET", `/admin/city/history?after=${before}&limit=2`, { token: admin })
    expect(paged.body.next).toBe(before + 2)
  })

  it("a batch that does not decode is a 422 naming every faulty field, and writes nothing", async () => {
    const before = await version()
    const bad = await apply(admin, {
      changes: [
        { _tag: "EndPost", id: "p-00001#1", on: "2026-02-30" },
        {
          _tag: "AddPost",
          post: { person: "p-00001", role: "chief", at: { grid: blocks[0] }, validFrom: "2026-01-01" }
        }
      ]
    })
    expect(bad.status).toBe(422)
    expect(bad.body.type).toBe(problem("invalid-command"))
    const paths = bad.body.errors.map((e: { path: Array<string | number> }) => e.path.join("."))
    expect(paths).toEqual(expect.arrayContaining(["body.reason", "body.changes.0.on", "body.changes.1.post.role"]))
    expect(await version()).toBe(before)
  })

  it("a batch that decodes but does not hold is a 422 naming each change's faulty field, and writes nothing", async () => {
    const before = await version()
    const bad = await apply(admin, {
      reason: "  ",
      changes: [
        {
          _tag: "AddPost",
          post: { person: "p-00001", role: "gridChief", at: { grid: "620981999999999" }, validFrom: "2026-01-01" }
        },
        { _tag: "EndPost", id: "no-such-post#1", on: "2026-03-31" },
        { _tag: "AddPerson", person: { id: "p-city-2", name: "孙八" }, contact: { phone: "12345" } }
      ]
    })
    expect(bad.status).toBe(422)
    const paths = bad.body.errors.map((e: { path: Array<string | number> }) => e.path.join("."))
    expect(paths).toEqual(
      expect.arrayContaining([
        "body.reason",
        "body.changes.0.post.at.grid",
        "body.changes.1.id",
        "body.changes.2.contact.phone"
      ])
    )
    expect(await version()).toBe(before)
    const empty = await apply(admin, { reason: "nothing", changes: [] })
    expect(empty.status).toBe(422)
    expect(empty.body.errors.map((e: { path: Array<string> }) => e.path)).toEqual([["body", "changes"]])
  })

  it("ending the last post that covers a grid, or closing a unit still in use, is a 409 listing what it strands", async () => {
    const doc = (await call(s.url, "GET", "/admin/city", { token: admin })).body.document as {
      posts: ReadonlyArray<{ id: string; person: string; role: string; at: { grid?: string }; validTo?: string }>
    }
    // a town held by one chief: no post above the town takes its work
    const handling = new Set(["gridWorker", "exclusiveMember", "gridChief", "gridManager"])
    const heldBy = (code: string) =>
      doc.posts.filter((p) => p.at.grid === code && p.validTo === undefined && handling.has(p.role))
    const town = blocks.map(townOf).find((t) => heldBy(t).length === 1)!
    const chief = heldBy(town)[0]!
    const before = await version()
    const end = { _tag: "EndPost", id: chief.id, on: "2026-01-31" }
    const refused = await apply(admin, { reason: "调离", changes: [end] })
    expect(refused.status).toBe(409)
    expect(refused.body.type).toBe(problem("strands-work"))
    expect(refused.body.strands).toContainEqual(
      expect.objectContaining({ _tag: "UncoveredGrid", change: 0, subject: town, items: [chief.id], total: 1 })
    )
    expect(refused.body.strands[0].remedy).toContain("replacement")
    expect(await version()).toBe(before)

    const close = await apply(admin, {
      reason: "撤销",
      changes: [{ _tag: "CloseUnit", id: "center.grid", on: "2026-01-31" }]
    })
    expect(close.status).toBe(409)
    expect(close.body.strands.map((x: { _tag: string }) => x._tag)).toEqual(["ActivePosts", "InUse"])
    const posts = close.body.strands[0]
    expect(posts.items.length).toBeGreaterThan(0)
    expect(posts.total).toBeGreaterThanOrEqual(posts.items.length)
    expect(await version()).toBe(before)

    const successor = personAt("gridWorker", { grid: blocks[1]! })
    const replaced = await apply(admin, {
      reason: "调离，由继任者接替",
      changes: [{ ...end, replacement: { person: successor } }]
    })
    expect(replaced.status).toBe(200)
    expect(replaced.body.events.map((e: { type: string }) => e.type)).toEqual(["PostEnded", "PostAdded"])
  })

  it("an Idempotency-Key replays the first receipt and writes nothing; the key with another body is a 422", async () => {
    const headers = { "idempotency-key": "city-key-1" }
    const body = { reason: "入职", changes: [{ _tag: "AddPerson", person: { id: "p-city-3", name: "周九" } }] }
    const twins = await Promise.all([1, 2, 3].map(() => apply(admin, body, headers)))
    expect(twins.map((t) => t.status)).toEqual([200, 200, 200])
    const first = twins.find((t) => !t.body.replayed)!
    for (const t of twins) expect({ ...t.body, replayed: false }).toEqual(first.body)
    const again = await apply(admin, { changes: body.changes, reason: "入职" }, headers)
    expect(again.body).toEqual({ ...first.body, replayed: true })
    expect(await version()).toBe(first.body.version)

    const other = await apply(
      admin,
      { reason: "入职", changes: [{ _tag: "AddPerson", person: { id: "p-city-4", name: "吴十" } }] },
      headers
    )
    expect(other.status).toBe(422)
    expect(other.body.type).toBe(problem("idempotency-key-reused"))
    // the same key on another endpoint is another request too
    const put = await call(s.url, "PUT", "/admin/people/p-city-3/contact", {
      token: admin,
      headers,
      body: { contact: { phone: "13800138000" }, reason: "入职" }
    })
    expect(put.status).toBe(422)
    expect(await version()).toBe(first.body.version)
    const people = (await call(s.url, "GET", "/admin/city", { token: admin })).body.document.people as Array<{
      id: string
    }>
    expect(people.filter((p) => p.id === "p-city-3").length).toBe(1)
    expect(people.some((p) => p.id === "p-city-4")).toBe(false)
  })

  it("a town's admin changes the town's grids and posts; another town, the tables and the whole document are 403", async () => {
    const mine = blocks[3]!
    const town = townOf(mine)
    const made = await apply(admin, {
      reason: "乡镇管理员",
      changes: [
        { _tag: "AddPerson", person: { id: "p-town-admin", name: "郑一" } },
        {
          _tag: "AddPost",
          post: { person: "p-town-admin", role: "admin", at: { grid: town }, validFrom: "2020-01-01" }
        }
      ]
    })
    expect(made.status).toBe(200)
    const townAdmin = await s.token("p-town-admin")
    const rename = (code: string) => ({ _tag: "RenameGrid", code, name: { zh: "改名网格", en: "Renamed block" } })

    const own = await apply(townAdmin, { reason: "更名", changes: [rename(mine)] })
    expect(own.status).toBe(200)
    const before = await version()
    const other = await apply(townAdmin, { reason: "更名", changes: [rename(elsewhere(mine))] })
    expect(other.status).toBe(403)
    expect(other.body).toMatchObject({ type: problem("access-denied"), reason: "OutsideJurisdiction" })
    const rules = await apply(townAdmin, { reason: "本镇时限", changes: [{ _tag: "SetSla", policies: [] }] })
    expect(rules.status).toBe(403)
    expect(rules.body.reason).toBe("OutsideJurisdiction")
    // one change out of reach refuses the whole batch
    const mixed = await apply(townAdmin, { reason: "更名", changes: [rename(mine), rename(elsewhere(mine))] })
    expect(mixed.status).toBe(403)
    expect(await version()).toBe(before)
    expect((await call(s.url, "GET", "/admin/city", { token: townAdmin })).status).toBe(403)
    expect((await call(s.url, "GET", "/admin/city/history", { token: townAdmin })).status).toBe(403)
    // and a contact in another town is out of reach too
    const outside = personAt("gridWorker", { grid: elsewhere(mine) })
    expect((await call(s.url, "GET", `/admin/people/${outside}/contact`, { token: townAdmin })).status).toBe(403)
  })

  it("grids split and merge, and a boundary is set (a malformed one is a 422 naming it)", async () => {
    const block = blocks[5]!
    const village = villageOf(block)
    const [a, b] = [`${village}996`, `${village}997`]
    const record = (code: string, zh: string) => ({ code, parent: village, kind: blockKind, name: { zh, en: zh } })
    const split = await apply(admin, {
      reason: "一分为二",
      changes: [{ _tag: "SplitGrid", code: block, into: [record(a, "东格"), record(b, "西格")], successor: a }]
    })
    expect(split.status).toBe(200)
    expect(split.body.events.map((e: { type: string; subject: string }) => [e.type, e.subject])).toEqual(
      expect.arrayContaining([
        ["GridAdded", a],
        ["GridAdded", b],
        ["GridRetired", block]
      ])
    )
    const square = {
      type: "Polygon",
      coordinates: [
        [
          [97, 40],
          [97.01, 40],
          [97.01, 40.01],
          [97, 40.01],
          [97, 40]
        ]
      ]
    }
    const bad = await apply(admin, {
      reason: "边界",
      changes: [
        {
          _tag: "SetGridBoundary",
          code: b,
          boundary: {
            type: "Polygon",
            coordinates: [
              [
                [97, 40],
                [98, 41]
              ]
            ]
          }
        }
      ]
    })
    expect(bad.status).toBe(422)
    expect(bad.body.errors.map((e: { path: Array<string | number> }) => e.path.slice(0, 4).join("."))).toContain(
      "body.changes.0.boundary"
    )
    const bounded = await apply(admin, {
      reason: "边界",
      changes: [{ _tag: "SetGridBoundary", code: b, boundary: square }]
    })
    expect(bounded.status).toBe(200)
    const merged = await apply(admin, { reason: "合并", changes: [{ _tag: "MergeGrids", codes: [b], into: a }] })
    expect(merged.status).toBe(200)
    const doc = (await call(s.url, "GET", "/admin/city", { token: admin })).body.document as {
      grids: ReadonlyArray<{ code: string; successor?: string; boundary?: unknown }>
    }
    const byCode = new Map(doc.grids.map((g) => [g.code, g]))
    expect(byCode.get(block)?.successor).toBe(a)
    expect(byCode.get(b)).toMatchObject({ successor: a, boundary: square })
    expect(byCode.get(a)?.successor).toBeUndefined()
  })

  it("contact details are corrected and erased off the chain, and the chain still verifies", async () => {
    const person = personAt("gridWorker", { grid: blocks[7]! })
    const path = `/admin/people/${person}/contact`
    expect((await call(s.url, "GET", path, { token: admin })).status).toBe(404)
    const badPhone = await call(s.url, "PUT", path, {
      token: admin,
      body: { contact: { phone: "12345" }, reason: "更正" }
    })
    expect(badPhone.status).toBe(422)
    expect(badPhone.body.errors.map((e: { path: Array<string> }) => e.path)).toEqual([["body", "contact", "phone"]])

    const set = await call(s.url, "PUT", path, {
      token: admin,
      body: { contact: { phone: "13900139000", idNumber: "11010519491231002X" }, reason: "本人更正联系电话" }
    })
    expect(set.status).toBe(200)
    expect(set.body.events).toEqual([{ type: "ContactChanged", version: set.body.version, subject: person }])
    expect((await call(s.url, "GET", path, { token: admin })).body).toEqual({
      phone: "13900139000",
      idNumber: "11010519491231002X"
    })
    const history = await call(s.url, "GET", `/admin/city/history?after=${set.body.version - 1}`, { token: admin })
    expect(history.body.items[0].payload).toEqual({
      person,
      fields: expect.arrayContaining(["phone", "idNumber"]),
      reason: "本人更正联系电话"
    })
    expect(JSON.stringify(history.body)).not.toContain("13900139000")

    const noReason = await call(s.url, "DELETE", path, { token: admin })
    expect(noReason.status).toBe(400)
    const erased = await call(s.url, "DELETE", `${path}?reason=${encodeURIComponent("本人申请删除")}`, { token: admin })
    expect(erased.status).toBe(200)
    expect(erased.body.events.map((e: { type: string }) => e.type)).toEqual(["ContactErased"])
    expect((await call(s.url, "GET", path, { token: admin })).status).toBe(404)

    const verified = await call(s.url, "GET", "/admin/city/verify", { token: admin })
    expect(verified.status).toBe(200)
    expect(verified.body).toEqual({ intact: true, events: erased.body.version, findings: [] })
  })
})

describe("the city's configuration over HTTP, on a server of its own", () => {
  it("a year's calendar notice is a change: the cases timed provisionally for that year are listed for review", async () => {
    const own = await start()
    try {
      const token = await own.token(personAt("admin", { unit: "center" }))
      // a year whose holidays rest on the rule until its notice is added
      const year = CalendarCn.calendar().provisionalYears[0]!
      // 400 working days to register a report: its deadline is in that year or later
      const long = await apply(
        token,
        {
          reason: "长时限",
          changes: [
            {
              _tag: "SetSla",
              policies: [{ kind: "event", clock: "register", target: { limit: { amount: 400, unit: "workingDays" } } }]
            }
          ]
        },
        {},
        own
      )
      expect(long.status).toBe(200)
      const worker = await own.token(personAt("gridWorker", { grid: blocks[0]! }))
      const reported = await call(own.url, "POST", "/cases", {
        token: worker,
        body: { kind: "event", category: "event.sanitation.garbage", place: blocks[0], severity: "minor" }
      })
      expect(reported.status).toBe(201)
      const caseId = reported.body.caseId as string
      const listed = await call(own.url, "GET", `/admin/city/provisional/${year}`, { token })
      expect(listed.status).toBe(200)
      expect(listed.body.year).toBe(year)
      expect(listed.body.cases.map((c: { caseId: string }) => c.caseId)).toEqual([caseId])
      expect(listed.body.cases[0].clocks[0]).toMatchObject({ clock: "register", config: long.body.version })

      const notice = {
        id: String(year),
        year,
        title: `国务院办公厅关于${year}年部分节假日安排的通知`,
        date: `${year - 1}-11-10`,
        festivals: [{ name: "newYear", label: "元旦", rest: [`${year}-01-01`, `${year}-01-01`], work: [] }]
      }
      const added = await apply(
        token,
        { reason: `${year}年节假日安排`, changes: [{ _tag: "AddNotice", notice }] },
        {},
        own
      )
      expect(added.status).toBe(200)
      expect(added.body.review).toEqual([{ year, cases: [listed.body.cases[0]] }])
      const twice = await apply(token, { reason: "again", changes: [{ _tag: "AddNotice", notice }] }, {}, own)
      expect(twice.status).toBe(422)
      expect(twice.body.errors.map((e: { path: Array<string | number> }) => e.path.join("."))).toEqual([
        "body.changes.0.notice.id"
      ])
      const worker2 = await call(own.url, "GET", `/admin/city/provisional/${year}`, { token: worker })
      expect(worker2.status).toBe(403)
    } finally {
      await own.stop()
    }
  })

  it("a configuration event edited in the store is found by the check, at its version", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gridgov-http-tamper-"))
    const own = await start({ dir })
    try {
      const token = await own.token(personAt("admin", { unit: "center" }))
      const intact = await call(own.url, "GET", "/admin/city/verify", { token })
      expect(intact.body).toMatchObject({ intact: true, findings: [] })
      const db = new DatabaseSync(join(dir, "gridgov.db"))
      db.exec("DROP TRIGGER gridgov_city_events_no_update")
      db.exec(`UPDATE gridgov_city_events SET payload = replace(payload, '"reason"', '"Reason"') WHERE version = 7`)
      db.close()
      const broken = await call(own.url, "GET", "/admin/city/verify", { token })
      expect(broken.status).toBe(200)
      expect(broken.body.intact).toBe(false)
      expect(broken.body.findings).toEqual([
        expect.objectContaining({ reason: "edited", streamId: "city", version: 7 })
      ])
    } finally {
      await own.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
