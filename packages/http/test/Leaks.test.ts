/**
 * Property-based leak tests through the real server: random actors (people of the
 * fixture in every role, residents) against random cases. What an actor sees over
 * HTTP (a case, its SLA, search results, work lists) is exactly what `Access` lets
 * them read, and a command on a case they cannot read answers exactly as for a case
 * that does not exist and writes nothing. Records likewise: one is visible exactly
 * when `Records.canRead` allows, its personal data in clear exactly when
 * `Records.canSeePersonal` does, and lists and counts hold only readable records.
 * And notices: an inbox holds exactly the notices addressed to the caller.
 */
import { createHash } from "node:crypto"
import { Access, type Case, Grid, Notice, Records } from "@gridgov/core"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { apiKey, blocks, call, city, type Running, start } from "./support.js"

let s: Running
const reported: Array<{ id: string; state: Case.State }> = []
const filed: Array<Records.Record> = []
const published: Array<Notice.Notice> = []
const tokens = new Map<string, string>()
const context = { tree: city.tree }
const today = "2026-01-01"

// People of every role, a few each, and two residents.
const people = (() => {
  const byRole = new Map<string, Array<string>>()
  for (const p of city.staff.posts) {
    const list = byRole.get(p.role) ?? []
    if (list.length < 6 && !list.includes(p.person)) list.push(p.person)
    byRole.set(p.role, list)
  }
  return [...byRole.values()].flat()
})()
const residents = ["r-alice", "r-bob"]

const tokenOf = async (id: string) => {
  let t = tokens.get(id)
  if (t === undefined) {
    if (id.startsWith("r-")) {
      // Residents get a public token; record which resident id it names.
      const r = await call(s.url, "POST", "/auth/public", {})
      t = r.body.token as string
      residentIds.set(id, r.body.subject as string)
    } else t = await s.token(id)
    tokens.set(id, t)
  }
  return t
}
const residentIds = new Map<string, string>()
const actorOf = (id: string): Access.Actor =>
  id.startsWith("r-") ? Access.resident(residentIds.get(id)!) : Access.actor(city.directory, id, today)

beforeAll(async () => {
  s = await start()
  // Cases reported by grid workers in their own blocks (some registered and
  // dispatched to departments or grids), and by residents.
  const dispatcher = city.staff.posts.find(
    (p) => p.role === "dispatcher" && "unit" in p.at && p.at.unit === "center.grid"
  )!
  const dtoken = await tokenOf(dispatcher.person)
  const categories = ["event.sanitation.garbage", "event.facility.road", "event.construction"]
  for (let i = 0; i < 18; i++) {
    const block = blocks[(i * 37) % blocks.length]!
    const worker = city.staff.posts.find((p) => p.role === "gridWorker" && "grid" in p.at && p.at.grid === block)!
    const reporter = i % 6 === 5 ? residents[i % 2]! : worker.person
    const t = await tokenOf(reporter)
    const r = await call(s.url, "POST", "/cases", {
      token: t,
      body: { kind: "event", category: categories[i % 3], place: block, severity: i % 2 === 0 ? "minor" : "ordinary" }
    })
    expect(r.status).toBe(201)
    if (i % 3 !== 0)
      await call(s.url, "POST", `/cases/${r.body.caseId}/commands`, { token: dtoken, body: { _tag: "Register" } })
    const detail = await call(s.url, "GET", `/cases/${r.body.caseId}`, { token: dtoken })
    reported.push({ id: r.body.caseId, state: detail.body.state as Case.State })
  }
  // Records filed by grid workers in their blocks: key persons (personal data), visits, places.
  const items = ["person.key.petitioner", "person.household", "place.key.school"] as const
  for (let i = 0; i < 12; i++) {
    const block = blocks[(i * 53) % blocks.length]!
    const worker = city.staff.posts.find((p) => p.role === "gridWorker" && "grid" in p.at && p.at.grid === block)!
    const r = await call(s.url, "POST", "/records", {
      token: await tokenOf(worker.person),
      body: {
        id: `leak-${i}`,
        grid: block,
        item: items[i % 3],
        ...(i % 3 === 2 ? {} : { subject: { name: "李四", phone: "13700137000" } })
      }
    })
    expect(r.status).toBe(201)
    const { masked: _masked, ...record } = r.body
    filed.push({ ...record, subject: i % 3 === 2 ? undefined : { name: "李四", phone: "13700137000" } })
  }
  // Notices from the city's leader to grids, roles and units, and one to the public.
  const leader = await tokenOf(city.staff.posts.find((p) => p.role === "leader")!.person)
  const audiences = [
    { public: true, grids: [], roles: [], units: [] },
    { public: false, grids: [blocks[0]!], roles: [], units: [] },
    {
      public: false,
      grids: [Grid.record(city.tree, Grid.id(city.tree, blocks[40]!)!).parent!],
      roles: ["gridWorker"],
      units: []
    },
    { public: false, grids: [], roles: ["gridChief"], units: [] },
    { public: false, grids: [], roles: [], units: ["dept"] },
    { public: false, grids: [], roles: ["dispatcher", "leader"], units: [] }
  ]
  for (const [i, audience] of audiences.entries()) {
    const r = await call(s.url, "POST", "/notices", {
      token: leader,
      body: { id: `leak-n-${i}`, title: `n${i}`, body: "", audience }
    })
    expect(r.status).toBe(201)
    published.push(r.body as Notice.Notice)
  }
})
afterAll(() => s.stop())

const actors = fc.constantFrom(...people, ...residents)
const caseIndex = () => fc.integer({ min: 0, max: 17 })

describe("nothing outside the caller's jurisdiction is visible or writable", () => {
  it("a case and its SLA are visible exactly when Access lets the caller read it", async () => {
    await fc.assert(
      fc.asyncProperty(actors, caseIndex(), async (who, k) => {
        const token = await tokenOf(who)
        const { id, state } = reported[k]!
        const readable = Access.canRead(context, actorOf(who), state)
        const get = await call(s.url, "GET", `/cases/${id}`, { token })
        const sla = await call(s.url, "GET", `/cases/${id}/sla`, { token })
        expect(get.status).toBe(readable ? 200 : 404)
        expect(sla.status).toBe(readable ? 200 : 404)
        if (!readable) {
          const missing = await call(s.url, "GET", "/cases/case-none", { token })
          expect(get.body.detail.replace(id, "X")).toBe(missing.body.detail.replace("case-none", "X"))
        }
      }),
      { numRuns: 120 }
    )
  })

  it("search and work lists return only readable cases", async () => {
    await fc.assert(
      fc.asyncProperty(
        actors,
        fc.constantFrom("/cases?limit=200", "/work/todo?limit=200", "/work/overdue", "/work/due-soon?within=999999999"),
        async (who, path) => {
          const token = await tokenOf(who)
          const r = await call(s.url, "GET", path, { token })
          expect(r.status).toBe(200)
          const actor = actorOf(who)
          for (const item of r.body.items as Array<{ id: string }>) {
            const known = reported.find((c) => c.id === item.id)
            if (known !== undefined) expect(Access.canRead(context, actor, known.state)).toBe(true)
          }
          if (path.startsWith("/cases")) {
            const expected = reported.filter((c) => Access.canRead(context, actor, c.state)).map((c) => c.id)
            const seen = new Set((r.body.items as Array<{ id: string }>).map((i) => i.id))
            for (const id of expected) expect(seen.has(id)).toBe(true)
          }
        }
      ),
      { numRuns: 60 }
    )
  })

  it("a command on an unreadable case answers exactly as on a missing one and writes nothing", async () => {
    const commands = [
      { _tag: "Register" },
      { _tag: "Acknowledge" },
      { _tag: "Cancel", reason: "x" },
      { _tag: "Urge", note: "hurry" },
      { _tag: "Escalate", reason: "x" }
    ]
    await fc.assert(
      fc.asyncProperty(actors, caseIndex(), fc.constantFrom(...commands), async (who, k, command) => {
        const token = await tokenOf(who)
        const { id, state } = reported[k]!
        if (Access.canRead(context, actorOf(who), state)) return
        const before = await s.position()
        const r = await call(s.url, "POST", `/cases/${id}/commands`, { token, body: command })
        const missing = await call(s.url, "POST", "/cases/case-none/commands", { token, body: command })
        expect(r.status).toBe(missing.status)
        expect([403, 404]).toContain(r.status)
        expect({ ...r.body, instance: null, detail: r.body.detail.replace(id, "X") }).toEqual({
          ...missing.body,
          instance: null,
          detail: missing.body.detail.replace("case-none", "X")
        })
        expect(await s.position()).toBe(before)
      }),
      { numRuns: 120 }
    )
  })

  it("a record is visible exactly when Records.canRead allows, in clear exactly when canSeePersonal does", async () => {
    await fc.assert(
      fc.asyncProperty(actors, fc.integer({ min: 0, max: 11 }), async (who, k) => {
        const token = await tokenOf(who)
        const record = filed[k]!
        const actor = actorOf(who)
        const readable = Records.canRead(context, actor, record)
        const r = await call(s.url, "GET", `/records/${record.id}`, { token })
        expect(r.status).toBe(readable ? 200 : 404)
        if (!readable) {
          const missing = await call(s.url, "GET", "/records/leak-none", { token })
          expect(r.body.detail.replace(record.id, "X")).toBe(missing.body.detail.replace("leak-none", "X"))
          return
        }
        if (record.subject === undefined) return
        const clear = Records.canSeePersonal(context, actor, record)
        expect(r.body.masked).toBe(!clear)
        expect(r.body.subject.phone === "13700137000").toBe(clear)
      }),
      { numRuns: 120 }
    )
  })

  it("record lists and counts hold only readable records, and every readable one", async () => {
    await fc.assert(
      fc.asyncProperty(actors, async (who) => {
        const token = await tokenOf(who)
        const actor = actorOf(who)
        const expected = filed.filter((r) => Records.canRead(context, actor, r)).map((r) => r.id)
        const listed = await call(s.url, "GET", "/records?limit=1000", { token })
        expect(listed.status).toBe(200)
        const ids = (listed.body.items as Array<{ id: string }>).map((r) => r.id).filter((id) => id.includes(":leak-"))
        expect(ids.sort()).toEqual([...expected].sort())
        const counts = await call(s.url, "GET", "/records/counts?by=item", { token })
        const total = (counts.body.counts as Array<{ count: number }>).reduce((n, c) => n + c.count, 0)
        expect(total).toBe(listed.body.items.length)
      }),
      { numRuns: 40 }
    )
  })

  it("an inbox holds exactly the notices addressed to the caller", async () => {
    await fc.assert(
      fc.asyncProperty(actors, async (who) => {
        const token = await tokenOf(who)
        const r = await call(s.url, "GET", "/notices/inbox?limit=1000", { token })
        expect(r.status).toBe(200)
        const ids = (r.body.items as Array<{ notice: { id: string } }>).map((i) => i.notice.id).sort()
        const expected = published.filter((n) => Notice.addressedTo(context, n, actorOf(who))).map((n) => n.id)
        expect(ids).toEqual(expected.sort())
      }),
      { numRuns: 40 }
    )
  })

  it("grid posts are shown only to those whose scope covers the grid", async () => {
    await fc.assert(
      fc.asyncProperty(actors, fc.constantFrom(...blocks.slice(0, 40)), async (who, block) => {
        const token = await tokenOf(who)
        const r = await call(s.url, "GET", `/grids/${block}/posts`, { token })
        const scope = Access.scope(context, actorOf(who))
        const rank = city.tree.pre[Grid.id(city.tree, block)!]!
        const covered = scope._tag === "All" || scope.grids.some((g) => g.pre <= rank && rank <= g.post)
        expect(r.status).toBe(covered ? 200 : 404)
      }),
      { numRuns: 80 }
    )
  })
})

// ------------------------------------------------------------------ idempotency keys (issue 14, items 1–2)

/** A key as a client may send it: any text, percent-encoded into a header value (at most 200 characters). */
const anyKey = fc.string({ minLength: 1, maxLength: 16 }).map(encodeURIComponent)
/** Each run (and each shrink) its own key, so no run finds a key recorded by an earlier one. */
let runs = 0
const fresh = (key: string) => `leak-${runs++}-${key}`
const reusedProblem = "https://gridgov.dev/problems/idempotency-key-reused"

describe("an Idempotency-Key never hands one client's or one request's answer to another", () => {
  it("a second client sending a resident's key to POST /auth/public gets a new resident, who cannot read the first one's case", async () => {
    const place = blocks[3]!
    await fc.assert(
      fc.asyncProperty(anyKey, async (key) => {
        const headers = { "idempotency-key": fresh(key) }
        const first = await call(s.url, "POST", "/auth/public", { headers })
        expect(first.status).toBe(201)
        const report = await call(s.url, "POST", "/cases", {
          token: first.body.token,
          body: { kind: "event", category: "event.sanitation.garbage", place, summary: "家门口垃圾没人清" }
        })
        expect(report.status).toBe(201)
        const second = await call(s.url, "POST", "/auth/public", { headers })
        expect(second.status).toBe(201)
        expect(second.body.subject).not.toBe(first.body.subject)
        expect(second.body.token).not.toBe(first.body.token)
        const read = await call(s.url, "GET", `/cases/${report.body.caseId}`, { token: second.body.token })
        expect(read.status).toBe(404)
        const listed = await call(s.url, "GET", "/cases?limit=1000", { token: second.body.token })
        expect(listed.body.items).toEqual([])
      }),
      { numRuns: 12 }
    )
  })

  it("a key reused for another report or command answers 422 with nothing of the first answer, and writes nothing", async () => {
    const place = blocks[0]!
    const worker = city.staff.posts.find((p) => p.role === "gridWorker" && "grid" in p.at && p.at.grid === place)!
    const body = { kind: "event", category: "event.sanitation.garbage", place, severity: "minor" }
    const others: ReadonlyArray<{ readonly path: string; readonly body: Record<string, unknown> }> = [
      { path: "/cases", body: { ...body, category: "event.facility.road" } },
      { path: "/cases", body: { ...body, severity: "ordinary" } },
      { path: "/cases", body: { ...body, place: blocks[1]! } },
      { path: "/cases", body: { ...body, summary: "another report" } },
      { path: `/cases/${reported[0]!.id}/commands`, body: { _tag: "Urge", note: "hurry" } },
      { path: "/cases/case-none/commands", body: { _tag: "Register" } }
    ]
    await fc.assert(
      fc.asyncProperty(anyKey, fc.constantFrom(...others), async (key, other) => {
        const token = await tokenOf(worker.person)
        const headers = { "idempotency-key": fresh(key) }
        const first = await call(s.url, "POST", "/cases", { token, headers, body })
        expect(first.status).toBe(201)
        expect(first.body.replayed).toBe(false)
        const before = await s.position()
        const reused = await call(s.url, "POST", other.path, { token, headers, body: other.body })
        expect(reused.status).toBe(422)
        expect(reused.type).toContain("application/problem+json")
        expect(reused.body.type).toBe(reusedProblem)
        expect(JSON.stringify(reused.body)).not.toContain(first.body.caseId)
        expect(await s.position()).toBe(before)
        // the same request, its members in another order and spaced out, still replays the first answer
        const reordered = JSON.stringify(Object.fromEntries(Object.entries(body).reverse()), null, 2)
        const again = await call(s.url, "POST", "/cases", { token, headers, body: reordered })
        expect(again.body).toEqual({ ...first.body, replayed: true })
        expect(await s.position()).toBe(before)
      }),
      { numRuns: 24 }
    )
  })

  it("a key reused on another admin endpoint answers 422, never the other endpoint's answer nor a 500", async () => {
    const admin = await tokenOf(city.staff.posts.find((p) => p.role === "admin")!.person)
    let n = 0
    await fc.assert(
      fc.asyncProperty(anyKey, fc.constantFrom("person", "post", "token", "report"), async (key, endpoint) => {
        const headers = { "idempotency-key": fresh(key) }
        const id = `p-leak-${n++}`
        const person = { id, name: "王五" }
        const first = await call(s.url, "POST", "/admin/people", { token: admin, headers, body: person })
        expect(first.status).toBe(201)
        const people = (await call(s.url, "GET", "/admin/people?limit=1", { token: admin })).body.total
        const posts = (await call(s.url, "GET", "/admin/posts?limit=1", { token: admin })).body.total
        const request =
          endpoint === "person"
            ? { path: "/admin/people", body: { id: `${id}-other`, name: "赵六" } }
            : endpoint === "post"
              ? {
                  path: "/admin/posts",
                  body: { person: id, role: "gridWorker", at: { grid: blocks[0]! }, validFrom: today }
                }
              : endpoint === "token"
                ? { path: "/admin/tokens", body: { person: id } }
                : { path: "/cases", body: { kind: "event", category: "event.facility.road", place: blocks[0]! } }
        const reused = await call(s.url, "POST", request.path, { token: admin, headers, body: request.body })
        expect(reused.status).toBe(422)
        expect(reused.body.type).toBe(reusedProblem)
        expect(JSON.stringify(reused.body)).not.toContain("王五")
        expect((await call(s.url, "GET", "/admin/people?limit=1", { token: admin })).body.total).toBe(people)
        expect((await call(s.url, "GET", "/admin/posts?limit=1", { token: admin })).body.total).toBe(posts)
        // the same request again replays the person created first
        const again = await call(s.url, "POST", "/admin/people", { token: admin, headers, body: person })
        expect(again.status).toBe(201)
        expect(again.body).toEqual(person)
      }),
      { numRuns: 16 }
    )
  })
})

// ---------------------------------------------------------------------------------------------
// Issue 14, items 4–5: personal numbers in free text are masked for readers without the
// permission, the public reads a resident view of its cases, a record id gives nothing away,
// and answers are neither sniffed nor stored by caches.
// ---------------------------------------------------------------------------------------------

describe("issue 14 items 4–5: nothing personal or internal leaks", () => {
  const phone = "13912345678"
  const idNumber = `11010519491231002${Records.idCheckDigit("11010519491231002")}`
  const said = `路灯坏了，联系人电话${phone}，身份证${idNumber}，座机0937-3221234`
  const staffIds = city.staff.people.map((p) => p.id)
  const block = blocks[0]!

  it("the anonymous Open311 list shows descriptions with phone, landline and ID numbers masked, in JSON and XML", async () => {
    const form = new URLSearchParams({
      api_key: apiKey,
      service_code: "event.facility.streetlight",
      address_id: block,
      description: said
    })
    const posted = await fetch(`${s.url}/open311/v2/requests.json`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString()
    })
    expect(posted.status).toBe(200)
    const id = ((await posted.json()) as Array<{ service_request_id: string }>)[0]!.service_request_id
    for (const format of ["json", "xml"]) {
      const list = await (await fetch(`${s.url}/open311/v2/requests.${format}`)).text()
      const one = await (await fetch(`${s.url}/open311/v2/requests/${id}.${format}`)).text()
      for (const text of [list, one]) {
        expect(text).toContain("路灯坏了")
        for (const clear of [phone, idNumber, "3221234"]) expect(text).not.toContain(clear)
        expect(text).toContain("139****5678")
      }
    }
    // staff who may read the case see what was said
    const dispatcher = await tokenOf(city.staff.posts.find((p) => p.role === "dispatcher")!.person)
    expect((await call(s.url, "GET", `/cases/${id}`, { token: dispatcher })).body.state.summary).toBe(said)
  })

  it("a resident reading their own case sees their words masked and no staff ids, posts or routing", async () => {
    const resident = (await call(s.url, "POST", "/auth/public", {})).body.token as string
    const opened = await call(s.url, "POST", "/cases", {
      token: resident,
      body: { kind: "event", category: "event.sanitation.garbage", place: block, summary: said }
    })
    expect(opened.status).toBe(201)
    const dispatcher = await tokenOf(
      city.staff.posts.find((p) => p.role === "dispatcher" && "unit" in p.at && p.at.unit === "center.grid")!.person
    )
    const registered = await call(s.url, "POST", `/cases/${opened.body.caseId}/commands`, {
      token: dispatcher,
      body: { _tag: "Register" }
    })
    expect(registered.status).toBe(200)
    for (const path of [`/cases/${opened.body.caseId}`, "/cases?limit=50"]) {
      const r = await call(s.url, "GET", path, { token: resident })
      expect(r.status).toBe(200)
      const text = JSON.stringify(r.body)
      for (const id of staffIds) expect(text.includes(`"${id}"`), `${path} shows ${id}`).toBe(false)
      for (const clear of [phone, idNumber]) expect(text).not.toContain(clear)
      expect(text).not.toMatch(/"(routing|post)":\{/)
    }
    const detail = (await call(s.url, "GET", `/cases/${opened.body.caseId}`, { token: resident })).body
    expect(detail.history.map((e: { type: string }) => e.type)).toEqual(["Opened", "Registered", "Dispatched"])
    expect(detail.state.handler).toEqual({ unit: expect.any(String), level: expect.any(Number) })
  })

  it("a record's free fields and note are masked exactly for readers the records policy does not let see personal data", async () => {
    const worker = city.staff.posts.find((p) => p.role === "gridWorker" && "grid" in p.at && p.at.grid === block)!
    const r = await call(s.url, "POST", "/records", {
      token: await tokenOf(worker.person),
      body: {
        id: "text-1",
        grid: block,
        item: "person.key.petitioner",
        task: "control",
        fields: { contact: `家属${phone}`, visits: 2 },
        note: `身份证${idNumber}`
      }
    })
    expect(r.status).toBe(201)
    const record: Records.Record = { ...r.body, masked: undefined }
    await fc.assert(
      fc.asyncProperty(actors, async (who) => {
        const actor = actorOf(who)
        if (!Records.canRead(context, actor, record)) return
        const got = await call(s.url, "GET", `/records/${record.id}`, { token: await tokenOf(who) })
        expect(got.status).toBe(200)
        const clear = Records.canSeePersonal(context, actor, record)
        expect(got.body.fields.contact === `家属${phone}`).toBe(clear)
        expect(got.body.note === `身份证${idNumber}`).toBe(clear)
        if (!clear) expect(JSON.stringify(got.body)).not.toMatch(new RegExp(`${phone}|${idNumber}`))
      }),
      { numRuns: 40 }
    )
  })

  it("a record id filed in another town is answered as a free id: filing it succeeds in the caller's grid, reading it is a 404", async () => {
    const here = city.staff.posts.find((p) => p.role === "gridWorker" && "grid" in p.at && p.at.grid === blocks[0])!
    const far = blocks.find((b) => b.slice(0, 9) !== blocks[0]!.slice(0, 9))!
    const there = city.staff.posts.find((p) => p.role === "gridWorker" && "grid" in p.at && p.at.grid === far)!
    const filed = await call(s.url, "POST", "/records", {
      token: await tokenOf(here.person),
      body: { id: "town-a-1", grid: blocks[0], item: "place.key.school" }
    })
    expect(filed.status).toBe(201)
    const outsider = await tokenOf(there.person)
    // the same chosen id, and a fresh one: the same answer
    const taken = await call(s.url, "POST", "/records", {
      token: outsider,
      body: { id: "town-a-1", grid: far, item: "place.key.school" }
    })
    const fresh = await call(s.url, "POST", "/records", {
      token: outsider,
      body: { id: "town-b-fresh", grid: far, item: "place.key.school" }
    })
    expect(taken.status).toBe(201)
    expect(fresh.status).toBe(201)
    // its own id, even written as the other town's record id
    const spoofed = await call(s.url, "POST", "/records", {
      token: outsider,
      body: { id: filed.body.id, grid: far, item: "place.key.school" }
    })
    expect(spoofed.status).toBe(201)
    const hidden = await call(s.url, "GET", `/records/${filed.body.id}`, { token: outsider })
    const missing = await call(s.url, "GET", `/records/${blocks[0]}:town-a-none`, { token: outsider })
    expect(hidden.status).toBe(404)
    expect(hidden.body.detail.replace(filed.body.id, "X")).toBe(
      missing.body.detail.replace(`${blocks[0]}:town-a-none`, "X")
    )
  })

  it("every answer says nosniff; answers but the docs page and the OpenAPI document are never stored by caches", async () => {
    const token = await tokenOf(people[0]!)
    const answers = [
      await fetch(`${s.url}/cases?limit=1`, { headers: { authorization: `Bearer ${token}` } }),
      await fetch(`${s.url}/records?limit=1`, { headers: { authorization: `Bearer ${token}` } }),
      await fetch(`${s.url}/me`, { headers: { authorization: `Bearer ${token}` } }),
      await fetch(`${s.url}/auth/public`, { method: "POST" }),
      await fetch(`${s.url}/cases/case-none`, { headers: { authorization: `Bearer ${token}` } }),
      await fetch(`${s.url}/cases`),
      await fetch(`${s.url}/open311/v2/requests.json`),
      await fetch(`${s.url}/nowhere`)
    ]
    for (const a of answers) {
      expect(a.headers.get("x-content-type-options"), a.url).toBe("nosniff")
      expect(a.headers.get("cache-control"), a.url).toBe("no-store")
    }
    const spec = await fetch(`${s.url}/openapi.json`)
    expect(spec.headers.get("x-content-type-options")).toBe("nosniff")
    expect(spec.headers.get("cache-control")).toBeNull()
  })

  it("the docs page has a Content-Security-Policy that allows its own style and script and nothing else", async () => {
    const docs = await fetch(`${s.url}/docs`)
    const csp = docs.headers.get("content-security-policy") ?? ""
    expect(docs.headers.get("x-content-type-options")).toBe("nosniff")
    const html = await docs.text()
    const inline = (tag: string) => html.slice(html.indexOf(`<${tag}>`) + tag.length + 2, html.indexOf(`</${tag}>`))
    const hash = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`
    const directives = new Map(
      csp.split(";").map((d) => {
        const [name, ...values] = d.trim().split(/\s+/)
        return [name!, values] as const
      })
    )
    expect(directives.get("default-src")).toEqual(["'none'"])
    expect(directives.get("script-src")).toEqual([hash(inline("script"))])
    expect(directives.get("style-src")).toEqual([hash(inline("style"))])
    expect(directives.get("connect-src")).toEqual(["'self'"])
    expect(directives.get("frame-ancestors")).toEqual(["'none'"])
  })
})
