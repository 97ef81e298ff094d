/**
 * The console in a real browser (Debian's Chromium through playwright-core), against a
 * fresh example server: the whole loop from report to closure, a deadline passing
 * while the page is open, the buttons against the allowed commands, one town's user
 * against another town's cases, keyboard-only dispatch, a 409 between two dispatchers,
 * accessibility (axe-core), the grid map (its invented shapes said so, drilling down), screenshots at 1920×1080 and 3840×2160 with no clipped
 * text, and the end of a session. Every wait is for a condition, with generous bounds.
 *
 * "No console errors" counts what the console logs and throws; the browser's own
 * "Failed to load resource" line for an API answer the console expects and handles
 * (401, 403, 404, 409) is not an error of the console's.
 */
import { mkdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { strFromU8, unzipSync } from "fflate"
import type { Browser, Page } from "playwright-core"
import { afterAll, afterEach, beforeAll, describe, expect } from "vitest"
import {
  advance,
  axe,
  browser,
  build,
  call,
  chromium,
  clipped,
  consoleRoot,
  type Demo,
  demoTokens,
  launch,
  onBrowser,
  type Server,
  signIn,
  type Tab,
  tab
} from "./harness.js"

const artifacts = join(consoleRoot, "test-artifacts")
const HOUR = 3_600_000

let dir: string
let s: Server
let b: Browser
let demo: Record<string, Demo>
const tabs: Array<Tab> = []
/** The tabs of the running test, closed after it (their errors are kept in `tabs`). */
let current: Array<Tab> = []

const enabled = chromium !== undefined || process.env.CI === "true"

beforeAll(async () => {
  if (!enabled) return
  mkdirSync(artifacts, { recursive: true })
  dir = build()
  s = await launch(dir)
  demo = await demoTokens(s.url)
  b = await browser()
}, 300_000)

afterEach(async () => {
  for (const t of current) await t.context.close().catch(() => undefined)
  current = []
})

afterAll(async () => {
  await b?.close()
  await s?.stop()
})

const open = async (label: string, hash = "#/desk", width = 1920, height = 1080) => {
  const t = await tab(b, width, height)
  tabs.push(t)
  current.push(t)
  await signIn(t.page, s.url, label, hash)
  return t
}

const token = (label: string) => demo[label]!.token

/** Waits until `check` holds (polling, at most `ms`). */
const until = async (what: string, check: () => Promise<boolean>, ms = 60_000) => {
  const end = Date.now() + ms
  for (;;) {
    if (await check()) return
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

const report = async (category: string, place = s.place, severity = "ordinary", who = "gridWorker") => {
  const r = await call(s.url, token(who), "POST", "/cases", { kind: "event", category, place, severity })
  expect(r.status).toBe(201)
  return r.body.caseId as string
}

const stateOf = async (id: string) => (await call(s.url, token("dispatcher"), "GET", `/cases/${id}`)).body

const untilState = (id: string, status: string) =>
  until(`${id} to be ${status}`, async () => (await stateOf(id)).status === status)

/** The commands shown as buttons on the case page, once it shows version `version`. */
const buttonsOn = async (page: Page, id: string, version: number) => {
  if (!page.url().endsWith(`#/case/${id}`)) await page.goto(`${s.url}/console/#/case/${id}`)
  await page.locator(`section.case-page[data-case="${id}"][data-version="${version}"]`).waitFor()
  const actions = page.locator('[data-testid="case-actions"]')
  await actions.waitFor()
  return (await actions.locator("[data-command]").evaluateAll((els) => els.map((e) => e.getAttribute("data-command"))))
    .filter((c): c is string => c !== null)
    .sort()
}

const allowedFor = async (label: string, id: string) => call(s.url, token(label), "GET", `/cases/${id}/allowed`)

/** Clicks the case page's button for `command`, fills the form, submits, and waits for the case to move on. */
const act = async (page: Page, id: string, command: string, fill: Record<string, string> = {}) => {
  const before = (await stateOf(id)).version as number
  await buttonsOn(page, id, before)
  await page.locator(`[data-testid="case-actions"] [data-command="${command}"]`).click()
  for (const [name, value] of Object.entries(fill)) {
    const field = page.locator(`#f-${id}-${command}-${name}`)
    if ((await field.evaluate((e) => e.tagName)) === "SELECT") await field.selectOption(value)
    else await field.fill(value)
  }
  await page.locator("form.command-form button[type=submit]").click()
  await until(`${command} on ${id}`, async () => ((await stateOf(id)).version as number) > before)
}

const selectRow = async (page: Page, id: string) => {
  const row = page.locator(`[data-testid="desk-rows"] tr[data-case="${id}"]`)
  await row.waitFor()
  // the light's cell: the id's cell holds the link to the case page
  await row.locator("td").first().click()
  await until(`${id} in the desk's panel`, async () =>
    page
      .locator('[data-testid="desk-panel"] h2')
      .textContent({ timeout: 1_000 })
      .then((text) => text === id)
      .catch(() => false)
  )
  await page.locator('[data-testid="desk-routing"]').waitFor()
}

const ignorable = /^Failed to load resource: the server responded with a status of (401|403|404|409)/

describe("the console in Chromium", () => {
  onBrowser("is served with a CSP and nosniff; the demo tokens only when asked for", async () => {
    for (const path of ["/console", "/console/", "/console/labels.json"]) {
      const res = await fetch(s.url + path)
      expect(res.status).toBe(200)
      expect(res.headers.get("x-content-type-options")).toBe("nosniff")
      expect(res.headers.get("content-security-policy")).toContain("script-src 'self'")
    }
    const html = await (await fetch(`${s.url}/console/`)).text()
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)![1]!
    const asset = await fetch(s.url + script)
    expect(asset.headers.get("content-type")).toContain("javascript")
    expect(asset.headers.get("x-content-type-options")).toBe("nosniff")
    for (const path of ["/console/..%2f..%2fpackage.json", "/console/%2e%2e/%2e%2e/server/package.json"])
      expect((await fetch(s.url + path)).status).toBe(404)
    // a server started without GRIDGOV_DEMO_TOKENS has no such endpoint, nor a test clock
    const plain = await launch(dir, { GRIDGOV_DEMO_TOKENS: "", GRIDGOV_TEST_CLOCK: "" })
    try {
      expect((await fetch(`${plain.url}/console/demo-tokens`)).status).toBe(404)
      const clock = await fetch(`${plain.url}/test/clock`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"advanceMs":1}'
      })
      expect(clock.status).toBe(404)
      expect((await fetch(`${plain.url}/console/`)).status).toBe(200)
    } finally {
      await plain.stop()
    }
  })

  onBrowser(
    "a report goes round the loop: dispatched as suggested, returned, redispatched, reworked, closed; the figures move",
    async () => {
      const leader = await open("leader", "#/figures")
      const closed = leader.page.locator('[data-measure="closed"] .value')
      await closed.waitFor()
      const closedBefore = Number(await closed.textContent())

      const id = await report("event.facility.manhole")
      const desk = await open("dispatcher")
      await selectRow(desk.page, id)
      // the suggestion and its explanation are GET /routing/preview's
      const preview = (
        await call(
          s.url,
          token("dispatcher"),
          "GET",
          `/routing/preview?kind=event&category=event.facility.manhole&place=${s.place}&severity=ordinary&channel=app`
        )
      ).body
      expect(preview.decision.target).toEqual({ _tag: "Unit", unit: "dept.housing" })
      const routing = desk.page.locator('[data-testid="desk-routing"]')
      expect(await routing.locator('[data-part="target"]').textContent()).toContain("住建局")
      expect(await routing.locator('[data-part="rule"] code').textContent()).toBe(preview.decision.rule)
      const outranked = await routing.locator('[data-part="outranked"] code').allTextContents()
      expect(outranked).toEqual(
        preview.explanation.outranked.flatMap((o: { rule: string; by: string }) => [o.rule, o.by])
      )
      const met = await routing.locator('[data-part="met"] li').allTextContents()
      expect(met).toEqual(
        preview.explanation.winner.met.map(
          (m: { condition: string; actual: string; expected: Array<string> }) =>
            `${m.condition}: ${m.actual} → ${m.expected.join(" / ")}`
        )
      )
      // one key press: dispatched as suggested
      await desk.page.locator('[data-testid="desk-rows"]').focus()
      await desk.page.keyboard.press("Enter")
      await untilState(id, "dispatched")
      expect((await stateOf(id)).state.handler).toEqual({ unit: "dept.housing" })

      // the housing department returns it
      const dept = await open("departmentOfficer", `#/case/${id}`)
      await act(dept.page, id, "Return", { reason: "不属于本部门职责" })
      expect((await stateOf(id)).status).toBe("registered")

      // the dispatcher sends it to the village instead
      await selectRow(desk.page, id)
      await desk.page.locator('[data-testid="desk-rows"]').focus()
      await desk.page.keyboard.press("o")
      const village = demo.gridChief!.at
      await desk.page.locator(`#f-${id}-Dispatch-to`).selectOption(JSON.stringify({ unit: village, level: 2 }))
      await desk.page.locator("form.command-form button[type=submit]").click()
      await untilState(id, "dispatched")
      expect((await stateOf(id)).state.handler).toMatchObject({ unit: village, level: 2 })

      // the village handles it; verification fails once, then passes
      const chief = await open("gridChief", `#/case/${id}`)
      await act(chief.page, id, "Acknowledge")
      await act(chief.page, id, "SubmitResult", { result: "已临时围挡", evidence: "photo-1, photo-2" })
      await act(desk.page, id, "Verify", { passed: "false", note: "未更换井盖" })
      expect((await stateOf(id)).status).toBe("handling")
      await act(chief.page, id, "SubmitResult", { result: "已更换井盖", evidence: "photo-3" })
      await act(desk.page, id, "Verify", { passed: "true" })
      const done = await stateOf(id)
      expect(done.status).toBe("closed")
      expect(done.history.map((e: { type: string }) => e.type)).toEqual([
        "Opened",
        "Registered",
        "Dispatched",
        "Returned",
        "Dispatched",
        "Acknowledged",
        "ResultSubmitted",
        "VerificationFailed",
        "ResultSubmitted",
        "VerificationPassed"
      ])
      // the case page shows the timeline and the evidence as the API holds them
      await desk.page.locator(`section.case-page[data-case="${id}"][data-version="10"]`).waitFor()
      await desk.page.locator('[data-testid="case-evidence"] li >> text=photo-3').waitFor()
      expect(await desk.page.locator('[data-testid="case-timeline"] li').count()).toBe(10)

      // the figures move (the screen refreshes by itself)
      await until(
        "the closed count to move",
        async () => Number(await closed.textContent()) === closedBefore + 1,
        90_000
      )
      // a figure links to the cases behind it
      await leader.page.locator('[data-measure="closed"]').click()
      await leader.page.locator(`[data-testid="case-list"] tr[data-case="${id}"]`).waitFor()
      expect(leader.page.url()).toContain("#/cases?kind=event&state=closed")
      // the wall: full screen, larger type
      await leader.page.goBack()
      await leader.page.locator('[data-testid="measures"]').waitFor()
      await leader.page.locator("button[aria-pressed]").click()
      await leader.page.waitForFunction(() => document.body.classList.contains("wall"))
      expect(await leader.page.locator("button[aria-pressed=true]").count()).toBe(1)
    }
  )

  onBrowser("supervision exports the filtered list as CSV and as XLSX", async () => {
    const id = await report("event.facility.manhole")
    const t = await open("leader", "#/supervise")
    const page = t.page
    await page.locator(`[data-testid="supervision-table"] tr[data-case="${id}"]`).waitFor()
    const [csv] = await Promise.all([page.waitForEvent("download"), page.locator("button >> text=导出 CSV").click()])
    const text = readFileSync((await csv.path())!, "utf8")
    expect(text.charCodeAt(0)).toBe(0xfeff) // a BOM, so spreadsheets read the Chinese
    expect(text).toContain("ID,类型,类别,网格,状态,承办单位,预警,时限")
    expect(text).toContain(id)
    const [xlsx] = await Promise.all([page.waitForEvent("download"), page.locator("button >> text=导出 Excel").click()])
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/)
    const files = unzipSync(new Uint8Array(readFileSync((await xlsx.path())!)))
    expect(Object.keys(files).sort()).toEqual([
      "[Content_Types].xml",
      "_rels/.rels",
      "xl/_rels/workbook.xml.rels",
      "xl/workbook.xml",
      "xl/worksheets/sheet1.xml"
    ])
    const sheet = strFromU8(files["xl/worksheets/sheet1.xml"]!)
    expect(sheet).toContain(`<t xml:space="preserve">${id}</t>`)
    expect(sheet).toContain('<t xml:space="preserve">状态</t>')
    // filtered: another township's list has none of this one's cases
    await page.locator("#sup-town").selectOption(demo.otherTownChief!.at)
    await until("the filter to apply", async () => (await page.locator(`tr[data-case="${id}"]`).count()) === 0)
  })

  onBrowser("two dispatchers on one case: the loser sees the 409 and the case as it is now", async () => {
    const id = await report("event.facility.manhole")
    const one = await open("dispatcher")
    const two = await open("dispatcher")
    await selectRow(one.page, id)
    await selectRow(two.page, id)
    // the second desk's list is not refreshed until it has acted: it still shows the case
    const held: Array<import("playwright-core").Route> = []
    await two.page.route(
      (url) => url.pathname === "/cases",
      (route) => {
        held.push(route)
      }
    )
    await one.page.locator('[data-testid="desk-rows"]').focus()
    await one.page.keyboard.press("Enter")
    await untilState(id, "dispatched")
    await two.page.locator('[data-testid="desk-rows"]').focus()
    await two.page.keyboard.press("Enter")
    const fresh = two.page.locator('[data-testid="fresh-state"]')
    await fresh.waitFor()
    expect(await fresh.textContent()).toContain("已派遣")
    expect(await fresh.textContent()).toContain("住建局")
    expect(await two.page.locator(".notice-conflict").textContent()).toContain("已被他人处理")
    for (const r of held.splice(0)) await r.continue()
    await two.page.unrouteAll({ behavior: "wait" })
    for (const r of held.splice(0)) await r.continue()
  })

  onBrowser("the desk works by keyboard alone", async () => {
    const id = await report("event.construction")
    const t = await open("dispatcher")
    const page = t.page
    await page.locator(`[data-testid="desk-rows"] tr[data-case="${id}"]`).waitFor()
    // Tab to the list
    await until(
      "the list to have focus",
      async () => {
        if (await page.evaluate(() => document.activeElement?.getAttribute("data-testid") === "desk-rows")) return true
        await page.keyboard.press("Tab")
        return false
      },
      30_000
    )
    // arrows to the case
    await until("the case to be selected", async () => {
      if ((await page.locator(`tr[data-case="${id}"]`).getAttribute("aria-selected")) === "true") return true
      const ids = await page
        .locator("[data-testid=desk-rows] tr[data-case]")
        .evaluateAll((rows) => rows.map((r) => [r.getAttribute("data-case"), r.getAttribute("aria-selected")]))
      const at = ids.findIndex(([, selected]) => selected === "true")
      const want = ids.findIndex(([c]) => c === id)
      await page.keyboard.press(want > at ? "ArrowDown" : "ArrowUp")
      return false
    })
    await page.locator('[data-testid="desk-actions"]').waitFor()
    // C: decline to register, typed and submitted with the keyboard
    await page.keyboard.press("c")
    await page.locator(`#f-${id}-Cancel-reason`).waitFor()
    await until("the reason field to have focus", async () =>
      page.evaluate((fid) => document.activeElement?.id === fid, `f-${id}-Cancel-reason`)
    )
    await page.keyboard.type("重复上报")
    await page.keyboard.press("Enter")
    await untilState(id, "cancelled")
    expect((await stateOf(id)).history.at(-1).payload.reason).toBe("重复上报")
  })

  onBrowser(
    "for every (kind, state, role) in the fixture, the case page's buttons are the allowed commands",
    async () => {
      // cases of every kind, walked to a spread of states
      const d = token("dispatcher")
      const opened: Array<string> = []
      const post = async (path: string, body: unknown, who = d) => {
        const r = await call(s.url, who, "POST", path, body)
        expect(r.status, JSON.stringify(r.body)).toBeLessThan(300)
        return r.body
      }
      const place = s.place
      const village = demo.gridChief!.at
      for (const body of [
        { kind: "event", category: "event.construction", place, severity: "minor" },
        { kind: "dispute", category: "dispute.water", place, severity: "ordinary" },
        { kind: "petition", category: "petition", place: village, severity: "ordinary", track: "simple" },
        { kind: "prelitigation", category: "prelitigation", place: village, severity: "ordinary" },
        { kind: "hotline", category: "hotline.help", place, severity: "ordinary" },
        { kind: "hotline", category: "hotline.complaint", place, severity: "ordinary" }
      ])
        opened.push((await post("/cases", body)).caseId)
      const [event, , petition, pre, hotline] = opened as [string, string, string, string, string]
      const event2 = await report("event.construction")
      await post(`/cases/${event2}/commands`, { _tag: "Register" })
      await post(`/cases/${event}/commands`, { _tag: "Register" })
      await post(`/cases/${event}/commands`, { _tag: "Acknowledge" }, token("gridWorker"))
      await post(`/cases/${petition}/commands`, { _tag: "Accept", to: { unit: "dept.petition" } })
      await post(`/cases/${pre}/commands`, { _tag: "Triage", track: "complex" })
      await post(`/cases/${hotline}/commands`, { _tag: "Acknowledge" }, token("gridChief"))
      const reported = await report("event.facility.road")
      const cases = [...opened, event2, reported]

      const roles = [
        "gridWorker",
        "gridChief",
        "townChief",
        "otherTownChief",
        "dispatcher",
        "departmentOfficer",
        "leader",
        "admin"
      ]
      const seen = new Set<string>()
      let mismatches = 0
      let compared = 0
      for (const label of roles) {
        const t = await open(label, "#/desk")
        for (const id of cases) {
          const allowed = await allowedFor(label, id)
          if (allowed.status === 404) {
            await t.page.goto(`${s.url}/console/#/case/${id}`)
            await t.page.locator('[role="alert"]').waitFor()
            expect(await t.page.locator("section.case-page").count()).toBe(0)
            continue
          }
          expect(allowed.status).toBe(200)
          const shown = await buttonsOn(t.page, id, allowed.body.version)
          const want = allowed.body.commands.map((c: { command: string }) => c.command).sort()
          seen.add(`${allowed.body.kind}/${allowed.body.status}/${label}`)
          compared++
          if (JSON.stringify(shown) !== JSON.stringify(want)) {
            mismatches++
            console.log(`mismatch ${label} ${id}: shown ${shown} allowed ${want}`)
          }
        }
        await t.context.close()
      }
      console.log(
        `buttons against allowed: ${compared} pages, ${seen.size} (kind, state, role), ${mismatches} mismatches`
      )
      expect(mismatches).toBe(0)
      expect(compared).toBeGreaterThan(30)
      // every kind was seen, in more than one state
      const kinds = new Set([...seen].map((k) => k.split("/")[0]))
      expect(kinds).toEqual(new Set(["event", "dispute", "petition", "prelitigation", "hotline"]))
    }
  )

  onBrowser("a user of one town never sees another town's cases", async () => {
    const town = demo.townChief!.at
    const other = demo.otherTownChief!.at
    const grids = (await call(s.url, token("dispatcher"), "GET", `/grids?root=${other}&depth=3`)).body as Array<{
      code: string
      level: number
    }>
    const away = grids.find((g) => g.level === 3)!.code
    const theirs = await report("event.construction", away, "ordinary", "dispatcher")
    const mine = await report("event.construction")
    const t = await open("townChief", "#/desk")
    const page = t.page
    const visible = async () => {
      const html = await page.content()
      return [...html.matchAll(/case-[a-z0-9]+-[a-z0-9]+/g)].map((m) => m[0])
    }
    for (const hash of ["#/desk", "#/supervise", "#/cases", `#/cases?grid=${town}`, "#/figures"]) {
      await page.goto(`${s.url}/console/${hash}`)
      await page.locator("main h1").waitFor()
      await page.waitForLoadState("networkidle")
      if (hash === "#/desk") await page.locator(`tr[data-case="${mine}"]`).waitFor()
      const ids = await visible()
      expect(ids).not.toContain(theirs)
      for (const id of new Set(ids))
        expect((await stateOf(id)).state.place.startsWith(town), `${id} on ${hash}`).toBe(true)
    }
    await page.goto(`${s.url}/console/#/case/${theirs}`)
    await page.locator('[role="alert"]').waitFor()
    expect(await page.locator("section.case-page").count()).toBe(0)
  })

  onBrowser(
    "each screen: no serious or critical axe violation, no clipped text, screenshots at 1920×1080 and 3840×2160",
    async () => {
      const id = await report("event.facility.manhole")
      const screens: Array<[string, string, string]> = [
        ["signin", "", ""],
        ["desk", "dispatcher", "#/desk"],
        ["supervise", "leader", "#/supervise"],
        ["case", "dispatcher", `#/case/${id}`],
        ["figures", "leader", "#/figures"],
        ["cases", "leader", "#/cases?kind=event"]
      ]
      for (const [width, height] of [
        [1920, 1080],
        [3840, 2160]
      ] as const) {
        for (const [name, label, hash] of screens) {
          const t = await tab(b, width, height)
          tabs.push(t)
          current.push(t)
          if (label === "") {
            await t.page.goto(`${s.url}/console/`)
            await t.page.locator("[data-demo]").first().waitFor()
          } else await signIn(t.page, s.url, label, hash)
          await t.page.locator("main h1").waitFor()
          if (name === "desk") await t.page.locator('[data-testid="desk-routing"]').waitFor()
          if (name === "case") await t.page.locator('[data-testid="case-actions"]').waitFor()
          if (name === "figures") await t.page.locator('[data-testid="chart-intake"] canvas').waitFor()
          if (name === "cases" || name === "supervise") await t.page.locator("tbody tr[data-case]").first().waitFor()
          await t.page.waitForLoadState("networkidle")
          await t.page.screenshot({ path: join(artifacts, `${name}-${width}x${height}.png`), fullPage: true })
          expect(await clipped(t.page), `${name} at ${width}×${height}`).toEqual([])
          expect(await axe(t.page), `${name} at ${width}×${height}`).toEqual([])
          // and in English
          if (width === 1920) {
            await t.page.locator("button.lang").click()
            await t.page.waitForFunction(() => document.documentElement.lang === "en")
            expect(await clipped(t.page), `${name} in English`).toEqual([])
            expect(await axe(t.page), `${name} in English`).toEqual([])
            await t.page.screenshot({ path: join(artifacts, `${name}-en-${width}x${height}.png`), fullPage: true })
          }
          await t.context.close()
        }
      }
    }
  )

  onBrowser(
    "a case that breaches while the page is open turns red without a reload, and the supervisor urges it",
    async () => {
      // A new report waits at the desk with its registration clock running (1 working hour,
      // a local target). The clock moves 10 days: past any weekend or holiday. The leader's
      // token must outlive that: an admin issues one for 30 days, pasted at sign-in.
      const id = await report("event.facility.manhole")
      const issued = await call(s.url, token("admin"), "POST", "/admin/tokens", {
        person: demo.leader!.person,
        ttlSeconds: 30 * 86_400
      })
      expect(issued.status).toBe(201)
      const t = await tab(b)
      tabs.push(t)
      current.push(t)
      const page = t.page
      await page.goto(`${s.url}/console/#/desk`)
      await page.locator("#token").fill(issued.body.token)
      await page.locator("form button[type=submit]").click()
      await page.locator('[data-testid="who"]').waitFor()
      const row = page.locator(`[data-testid="desk-rows"] tr[data-case="${id}"]`)
      await row.waitFor()
      expect(await row.locator("[data-light]").getAttribute("data-light")).not.toBe("red")
      await advance(s.url, 10 * 24 * HOUR)
      demo = await demoTokens(s.url) // the earlier ones expired with the move
      // the sweeper records the breach; the desk refreshes by itself
      await row.locator('[data-light="red"]').waitFor({ timeout: 90_000 })
      await until("the breach to be recorded", async () =>
        (await stateOf(id)).history.some((e: { type: string }) => e.type === "SlaBreached")
      )
      const text = await row.locator("[data-light]").textContent()
      expect(text).toContain("超期")
      expect(text).toContain("立案")
      expect(text).toContain("本地时限")
      // on the supervision list too (the route changes in the page, no reload), where the leader urges it
      await page.locator('nav a[href="#/supervise"]').click()
      const late = page.locator(`[data-testid="supervision-table"] tr[data-case="${id}"]`)
      await late.locator('[data-light="red"]').waitFor()
      await late.locator('[data-command="Urge"]').click()
      await page.locator(`#f-${id}-Urge-note`).fill("请立即立案")
      await page.locator("form.command-form button[type=submit]").click()
      await until("the urge to be recorded", async () =>
        (await stateOf(id)).history.some((e: { type: string }) => e.type === "Urged")
      )
      expect(await page.evaluate(() => performance.getEntriesByType("navigation").length)).toBe(1)
    }
  )

  onBrowser(
    "the grid map draws a grid's children, says their shapes are invented, drills down by click and by keyboard",
    async () => {
      // the shapes the API serves a dispatcher, to compare with what is drawn
      const mapOf = async (code: string) => (await call(s.url, token("dispatcher"), "GET", `/grids/${code}/map`)).body
      const drawnOf = async (page: Page, code: string) => {
        await page.locator(`[data-testid="grid-map"][data-grid="${code}"] a[data-grid]`).first().waitFor()
        return page.locator('[data-testid="grid-map"] a[data-grid]').evaluateAll((links) =>
          links.map((a) => {
            const box = (a.querySelector("path") as SVGPathElement).getBBox()
            return { code: a.getAttribute("data-grid"), area: box.width * box.height, href: a.getAttribute("href") }
          })
        )
      }
      const city = await mapOf(demo.leader!.at)
      expect(city.grid.boundaryInvented).toBe(true)
      const t = await open("dispatcher", "#/map")
      const page = t.page
      const drawn = await drawnOf(page, city.grid.code)
      const shaped = city.children.filter((c: { boundary: unknown }) => c.boundary !== null)
      expect(drawn.map((d) => d.code)).toEqual(shaped.map((c: { code: string }) => c.code))
      for (const d of drawn) expect(d.area, d.code!).toBeGreaterThan(0)
      // the names: on the shapes where they fit, and every one in the list beside
      const names = new Set(city.children.map((c: { name: { zh: string } }) => c.name.zh))
      const labels = await page.locator('[data-testid="grid-map"] svg text').allTextContents()
      expect(labels.length).toBeGreaterThan(0)
      for (const label of labels) expect(names.has(label), label).toBe(true)
      expect(new Set(await page.locator('[data-testid="map-list"] a').allTextContents())).toEqual(names)
      // the caption says the shapes are invented, for the city the demo data stands for
      const invented = await page.locator('[data-testid="map-invented"]').textContent()
      expect(invented).toContain("虚构")
      expect(invented).toContain(city.grid.name.zh)
      expect(await page.locator('[data-testid="map-source"]').textContent()).toContain("boundary: invented")
      expect(await axe(page), "the city's map").toEqual([])
      expect(await clipped(page), "the city's map").toEqual([])
      // a JPEG: the hatching makes a PNG of this screen large (docs/console-map.jpg is this picture)
      await page.screenshot({ path: join(artifacts, "map-1920x1080.jpg"), quality: 80, fullPage: true })

      // a click on the town's shape opens the town's map
      const town = demo.townChief!.at
      await page.locator(`[data-testid="grid-map"] a[data-grid="${town}"]`).click()
      const townMap = await mapOf(town)
      const inTown = await drawnOf(page, town)
      expect(page.url()).toContain(`#/map/${town}`)
      expect(inTown.map((d) => d.code)).toEqual(
        townMap.children.filter((c: { boundary: unknown }) => c.boundary !== null).map((c: { code: string }) => c.code)
      )
      expect(await page.locator("main h1").textContent()).toContain(townMap.grid.name.zh)

      // by keyboard: a village's shape takes focus and Enter opens it; its blocks open their cases
      const village = demo.gridChief!.at
      const shape = page.locator(`[data-testid="grid-map"] a[data-grid="${village}"]`)
      await shape.focus()
      expect(await shape.evaluate((a) => document.activeElement === a && (a as SVGAElement).tabIndex >= 0)).toBe(true)
      await page.keyboard.press("Enter")
      const blocks = await drawnOf(page, village)
      expect(blocks.map((d) => d.code)).toContain(s.place)
      expect(blocks.every((d) => d.href === `#/cases?grid=${d.code}`)).toBe(true)
      await until("the map's title to take focus", () =>
        page.evaluate(() => document.activeElement?.id === "map-title")
      )
      await page.locator("button.lang").click()
      await page.waitForFunction(() => document.documentElement.lang === "en")
      expect(await page.locator('[data-testid="map-invented"]').textContent()).toContain("invented")
      expect(await axe(page), "a village's map in English").toEqual([])
      expect(await clipped(page), "a village's map in English").toEqual([])
      await page.screenshot({ path: join(artifacts, "map-village-en-1920x1080.png"), fullPage: true })
      await page.locator(`[data-testid="grid-map"] a[data-grid="${s.place}"]`).click()
      await page.locator('[data-testid="case-list"]').waitFor()
      expect(page.url()).toContain(`#/cases?grid=${s.place}`)
    }
  )

  onBrowser("English by a switch; logout; a clear screen when the session ends", async () => {
    const t = await open("dispatcher", "#/desk")
    const page = t.page
    await page.locator("button.lang").click()
    await page.locator("nav >> text=Dispatch desk").waitFor()
    await page.locator("button.lang").click()
    await page.locator("nav >> text=受理分流").waitFor()
    await page.locator(".bar button >> text=退出").click()
    await page.locator("[data-demo]").first().waitFor()
    expect(await page.evaluate(() => sessionStorage.getItem("gridgov.token"))).toBe(null)

    await signIn(page, s.url, "dispatcher", "#/desk")
    await page.locator("tr[data-case]").first().waitFor()
    // 13 hours later the token has expired: the next refresh ends the session
    await advance(s.url, 13 * HOUR)
    await page.locator('[data-testid="expired"]').waitFor({ timeout: 60_000 })
    expect(await page.locator("tr[data-case]").count()).toBe(0)
    expect(await page.locator('[data-testid="who"]').count()).toBe(0)
    expect(await page.evaluate(() => sessionStorage.getItem("gridgov.token"))).toBe(null)
    await page.screenshot({ path: join(artifacts, "expired-1920x1080.png"), fullPage: true })

    // and nothing on any page logged an error
    const errors = tabs.flatMap((x) => x.errors).filter((e) => !ignorable.test(e))
    expect(errors).toEqual([])
  })
})
