/**
 * Information publishing over HTTP: a publisher reaches the audience within their
 * jurisdiction; each reader's inbox holds what is addressed to them and shown now;
 * reading records a receipt once; publishers see who has and has not read; a notice
 * the caller may neither read nor publish answers as a missing one.
 */
import { Notice } from "@gridgov/core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { blocks, call, city, parentOf, personAt, type Reply, type Running, start } from "./support.js"

let s: Running
beforeAll(async () => {
  s = await start()
})
afterAll(() => s.stop())

const block = blocks[0]!
const township = parentOf(parentOf(block))
const otherBlock = blocks.find((b) => parentOf(parentOf(b)) !== township)!
const otherTownship = parentOf(parentOf(otherBlock))
const leader = city.staff.posts.find((p) => p.role === "leader")!.person
const staff = (grids: Array<string>, roles: Array<string> = []) => ({ public: false, grids, roles, units: [] })

const expectProblem = (r: Reply, status: number, type: string) => {
  expect(r.status).toBe(status)
  expect(r.type).toContain("application/problem+json")
  expect(r.body.type).toBe(`https://gridgov.dev/problems/${type}`)
}
const inboxIds = async (token: string, query = "") =>
  (
    (await call(s.url, "GET", `/notices/inbox?limit=1000${query}`, { token })).body.items as Array<{
      notice: { id: string }
      readAt: number | null
    }>
  ).map((i) => [i.notice.id, i.readAt] as const)

describe("notices over HTTP", () => {
  it("a township chief reaches the township's grid workers; reading is recorded once; the chief sees who has not read", async () => {
    const chiefId = personAt("gridChief", { grid: township })
    const chief = await s.token(chiefId)
    const workerId = personAt("gridWorker", { grid: block })
    const worker = await s.token(workerId)
    const outsider = await s.token(personAt("gridWorker", { grid: otherBlock }))

    const published = await call(s.url, "POST", "/notices", {
      token: chief,
      body: { id: "n-1", title: "防汛通知", body: "今晚有暴雨", audience: staff([township], ["gridWorker"]) }
    })
    expect(published.status).toBe(201)
    expect(published.body).toMatchObject({ id: "n-1", author: chiefId })
    expect(Math.abs(published.body.publishedAt - Date.now())).toBeLessThan(60_000)

    expect(await inboxIds(worker)).toContainEqual(["n-1", null])
    expect((await inboxIds(outsider)).map(([id]) => id)).not.toContain("n-1")
    const hidden = await call(s.url, "GET", "/notices/n-1", { token: outsider })
    const missing = await call(s.url, "GET", "/notices/n-none", { token: outsider })
    expectProblem(hidden, 404, "not-found")
    expect(hidden.body.detail.replace("n-1", "X")).toBe(missing.body.detail.replace("n-none", "X"))
    expectProblem(await call(s.url, "POST", "/notices/n-1/read", { token: outsider }), 404, "not-found")

    expect((await call(s.url, "POST", "/notices/n-1/read", { token: worker })).body).toEqual({
      noticeId: "n-1",
      first: true
    })
    expect((await call(s.url, "POST", "/notices/n-1/read", { token: worker })).body.first).toBe(false)
    const [, readAt] = (await inboxIds(worker)).find(([id]) => id === "n-1")!
    expect(typeof readAt).toBe("number")
    expect((await inboxIds(worker, "&unread=true")).map(([id]) => id)).not.toContain("n-1")

    const receipts = await call(s.url, "GET", "/notices/n-1/receipts", { token: chief })
    expect(receipts.status).toBe(200)
    expect(receipts.body.receipts).toEqual([{ reader: workerId, at: readAt }])
    const notice = (await call(s.url, "GET", "/notices/n-1", { token: chief })).body as Notice.Notice
    const audience = Notice.audience(
      city.directory,
      notice,
      new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
    )
    expect(audience).toContain(workerId)
    expect(receipts.body.unread).toEqual(audience.filter((p) => p !== workerId))
    // readers see the notice, not who else read it
    expectProblem(await call(s.url, "GET", "/notices/n-1/receipts", { token: worker }), 404, "not-found")
  })

  it("publishers stay within their jurisdiction; the public reads public notices; scheduled and expired ones are not shown", async () => {
    const chief = await s.token(personAt("gridChief", { grid: township }))
    const mayor = await s.token(leader)
    const worker = await s.token(personAt("gridWorker", { grid: block }))
    const resident = (await call(s.url, "POST", "/auth/public")).body.token as string
    const now = Date.now()

    for (const audience of [staff([otherTownship]), { public: true, grids: [], roles: [], units: [] }, staff([])]) {
      expectProblem(
        await call(s.url, "POST", "/notices", { token: chief, body: { title: "t", body: "", audience } }),
        403,
        "access-denied"
      )
    }
    // readers do not publish, not even to their own block
    for (const token of [worker, resident]) {
      expectProblem(
        await call(s.url, "POST", "/notices", { token, body: { title: "t", body: "", audience: staff([block]) } }),
        403,
        "access-denied"
      )
    }

    const pub = { public: true, grids: [], roles: [], units: [] }
    const post = (body: object) => call(s.url, "POST", "/notices", { token: mayor, body })
    expect(
      (await post({ id: "n-pub", title: "停水通知", body: "…", audience: pub, expiresAt: now + 3_600_000 })).status
    ).toBe(201)
    expect(
      (await post({ id: "n-later", title: "明日通知", body: "…", audience: pub, publishedAt: now + 86_400_000 })).status
    ).toBe(201)
    expect(
      (
        await post({
          id: "n-past",
          title: "旧通知",
          body: "…",
          audience: pub,
          publishedAt: now - 7_200_000,
          expiresAt: now - 3_600_000
        })
      ).status
    ).toBe(201)

    const seen = (await inboxIds(resident)).map(([id]) => id)
    expect(seen).toContain("n-pub")
    expect(seen).not.toContain("n-later")
    expect(seen).not.toContain("n-past")
    expect((await call(s.url, "POST", "/notices/n-pub/read", { token: resident })).body.first).toBe(true)
    expectProblem(await call(s.url, "GET", "/notices/n-later", { token: worker }), 404, "not-found")
    expect((await call(s.url, "GET", "/notices/n-later", { token: mayor })).status).toBe(200)
    expect((await call(s.url, "GET", "/notices/n-pub/receipts", { token: mayor })).body.unread).toBeNull()
  })

  it("receipts count everyone the notice was addressed to while it ran, someone transferred since too", async () => {
    const chief = await s.token(personAt("gridChief", { grid: otherTownship }))
    const admin = await s.token(personAt("admin", { unit: "center" }))
    const regular = personAt("gridWorker", { grid: otherBlock })
    // a worker of the block in the first half of 2025 only, and one posted there after the notice expired
    for (const [id, validFrom, validTo] of [
      ["p-moved", "2025-01-01", "2025-06-30"],
      ["p-late", "2025-09-01", undefined]
    ] as const) {
      expect((await call(s.url, "POST", "/admin/people", { token: admin, body: { id, name: id } })).status).toBe(201)
      const post = { person: id, role: "gridWorker", at: { grid: otherBlock }, validFrom, ...(validTo && { validTo }) }
      expect((await call(s.url, "POST", "/admin/posts", { token: admin, body: post })).status).toBe(201)
    }
    const published = await call(s.url, "POST", "/notices", {
      token: chief,
      body: {
        id: "n-spring",
        title: "春耕防火",
        body: "…",
        audience: staff([otherBlock], ["gridWorker"]),
        publishedAt: Date.UTC(2025, 2, 1),
        expiresAt: Date.UTC(2025, 7, 1)
      }
    })
    expect(published.status).toBe(201)
    const unread = (await call(s.url, "GET", "/notices/n-spring/receipts", { token: chief })).body
      .unread as Array<string>
    expect(unread).toContain("p-moved")
    expect(unread).toContain(regular)
    expect(unread).not.toContain("p-late")
  })

  it("bad input is a 422 naming the field, and a repeated id a 409; nothing is published", async () => {
    const mayor = await s.token(leader)
    const worker = await s.token(personAt("gridWorker", { grid: block }))
    const before = (await inboxIds(worker)).length
    const bad = [
      [{ title: "t", body: "", audience: staff([block]), publishedAt: 10, expiresAt: 5 }, ["body", "expiresAt"]],
      [{ title: "t", body: "", audience: staff(["999999"]) }, ["body", "audience", "grids", 0]]
    ] as const
    for (const [body, path] of bad) {
      const r = await call(s.url, "POST", "/notices", { token: mayor, body })
      expectProblem(r, 422, "invalid-command")
      expect(r.body.errors.map((e: { path: Array<string | number> }) => e.path)).toContainEqual(path)
    }
    expectProblem(
      await call(s.url, "POST", "/notices", { token: mayor, body: { title: "", body: "" } }),
      422,
      "invalid-command"
    )
    const once = { id: "n-once", title: "t", body: "", audience: staff([block]) }
    expect((await call(s.url, "POST", "/notices", { token: mayor, body: once })).status).toBe(201)
    expectProblem(await call(s.url, "POST", "/notices", { token: mayor, body: once }), 409, "notice-exists")
    expect((await inboxIds(worker)).length).toBe(before + 1)
  })
})
