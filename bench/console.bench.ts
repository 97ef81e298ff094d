/**
 * The console (`pnpm bench console`): how much JavaScript its first screen loads
 * (gzipped; the charts are loaded when the figures are first shown), and, with 10,000
 * open cases in the store, how long the dispatch desk takes in a real browser to show
 * its first page and to apply a filter (a township), measured in the page from the
 * request to the rendered rows, API included: the first page from the start of a page
 * load (signed in), a filter from the choice of a township.
 *
 * The cases are written straight into the example server's SQLite store through
 * `CaseService` before the server starts (the HTTP API's rate limit would make 10,000
 * reports a minute's work). Needs Debian's Chromium for the browser part.
 * CONSOLE_BENCH_CASES sets another count.
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { gzipSync } from "node:zlib"
import { CalendarCn } from "@gridgov/calendar-cn"
import { Access, CaseService, Grid, Routing, Sla } from "@gridgov/core"
import { SqliteStore } from "@gridgov/storage-sqlite"
import { Yumen } from "@gridgov/testing"
import { Effect, Layer, ManagedRuntime, Result } from "effect"
import { browser, build, chromium, launch, signIn, tab } from "../examples/console/test/harness.js"
import { goal, median } from "./harness.js"

const count = Number(process.env.CONSOLE_BENCH_CASES ?? 10_000)

/** The JavaScript the first screen loads: the entry module and what it imports statically, gzipped. */
const firstScreen = (dir: string) => {
  const html = readFileSync(join(dir, "index.html"), "utf8")
  const files = [...html.matchAll(/(?:src|href)="\/console\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!)
  const sizes = files.map((f) => {
    const bytes = readFileSync(join(dir, f))
    return { file: f, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }
  })
  return { files: sizes, gzip: sizes.reduce((n, s) => n + s.gzip, 0), raw: sizes.reduce((n, s) => n + s.raw, 0) }
}

/** Writes `n` open events (reported, waiting at the desk) across the city's blocks into a fresh store. */
export const seed = async (dataDir: string, n: number) => {
  const city = Yumen.make()
  const settings: CaseService.Settings = {
    tree: city.tree,
    directory: city.directory,
    calendar: CalendarCn.calendar(),
    sla: Result.getOrThrow(Sla.make(Yumen.sla)),
    router: Result.getOrThrow(Routing.compile(Yumen.routing))
  }
  const blocks = Array.from({ length: city.tree.size }, (_, i) => i)
    .filter((i) => Grid.level(city.tree, i) === 3 && !Grid.isExclusive(city.tree, i))
    .map((i) => Grid.record(city.tree, i).code)
  const runtime = ManagedRuntime.make(
    CaseService.layer.pipe(
      Layer.provideMerge(CaseService.layerConfig(settings)),
      Layer.provideMerge(SqliteStore.layer({ filename: join(dataDir, "gridgov.db") }))
    )
  )
  const categories = ["event.sanitation.garbage", "event.construction", "event.facility.manhole", "event.facility.road"]
  const start = performance.now()
  await runtime.runPromise(
    Effect.gen(function* () {
      const cases = yield* CaseService.CaseService
      yield* Effect.forEach(
        Array.from({ length: n }, (_, i) => i),
        (i) =>
          cases.open(
            {
              actor: { id: `r-bench-${i % 97}`, role: "public" },
              kind: "event",
              category: categories[i % categories.length]!,
              place: blocks[(i * 7919) % blocks.length]!,
              channel: "public",
              severity: "ordinary"
            },
            Access.resident(`r-bench-${i % 97}`)
          ),
        { concurrency: 64, discard: true }
      )
    })
  )
  await runtime.dispose()
  console.log(`seeded ${n} open events in ${((performance.now() - start) / 1000).toFixed(1)} s`)
}

export default async () => {
  const dir = build()
  const first = firstScreen(dir)
  console.log("\n## first screen JavaScript")
  for (const f of first.files)
    console.log(`${f.file}: ${(f.raw / 1024).toFixed(1)} KiB, gzip ${(f.gzip / 1024).toFixed(1)} KiB`)
  goal("first-screen JS ≤ 300 KB gzipped", first.gzip <= 300_000, `${(first.gzip / 1024).toFixed(1)} KiB`)

  if (chromium === undefined) {
    console.log("no Chromium: the desk timings need Debian's chromium (.ci/services.sh)")
    return
  }
  const { mkdtempSync } = await import("node:fs")
  const { tmpdir } = await import("node:os")
  const dataDir = mkdtempSync(join(tmpdir(), "gridgov-console-bench-"))
  await seed(dataDir, count)
  const server = await launch(dir, { DATA_DIR: dataDir })
  const b = await browser()
  try {
    const t = await tab(b)
    const page = t.page
    await signIn(page, server.url, "dispatcher", "#/figures")
    const towns = (await page.evaluate(`fetch("/grids?depth=1", {
        headers: { authorization: "Bearer " + sessionStorage.getItem("gridgov.token") }
      }).then((res) => res.json()).then((grids) => grids.filter((g) => g.level === 1).map((g) => g.code))`)) as Array<string>

    // The page scripts are strings: functions written here would carry the helpers tsx adds.
    const timed = (start: string, done: string) => `new Promise((resolve) => {
      const t0 = performance.now()
      ${start}
      const check = () => {
        const table = document.querySelector('[data-testid="desk-table"]')
        if (${done}) resolve(performance.now() - t0)
        else requestAnimationFrame(check)
      }
      check()
    })`

    // the desk's first page, cold: from the start of the page's navigation (a reload, signed in)
    // to its rows on screen, the app's code, labels, grid names and the desk's query included
    await page.addInitScript(`
      new MutationObserver((_, observer) => {
        const table = document.querySelector('[data-testid="desk-table"]')
        if (table !== null && table.getAttribute("data-loaded-for") === "{}" && table.querySelector("tr[data-case]") !== null) {
          window.__deskReady = performance.now()
          observer.disconnect()
        }
      }).observe(document, { childList: true, subtree: true, attributes: true })
    `)
    await page.evaluate('location.hash = "#/desk"')
    const firstPage: Array<number> = []
    for (let i = 0; i < 7; i++) {
      await page.reload()
      // (waitForFunction evaluates its string inside the page, which the console's CSP refuses)
      let ready: number | undefined
      for (let k = 0; k < 1_200 && ready === undefined; k++) {
        ready = (await page.evaluate("window.__deskReady")) as number | undefined
        if (ready === undefined) await new Promise((r) => setTimeout(r, 100))
      }
      if (ready === undefined) throw new Error("the desk did not show its first page")
      firstPage.push(ready)
    }
    // a filter: a township chosen in the desk, to its rows on screen
    const filter: Array<number> = []
    for (let i = 0; i < 15; i++) {
      const town = i % 2 === 0 ? towns[(i / 2) % towns.length]! : ""
      const expected = JSON.stringify(town === "" ? {} : { grid: town })
      filter.push(
        (await page.evaluate(
          timed(
            `const select = document.getElementById("desk-town")
             select.value = ${JSON.stringify(town)}
             select.dispatchEvent(new Event("change", { bubbles: true }))`,
            `table !== null && table.getAttribute("data-loaded-for") === ${JSON.stringify(expected)}`
          )
        )) as number
      )
    }
    const rows = await page.locator("[data-testid=desk-rows] tr[data-case]").count()
    console.log(`\n## the desk with ${count} open cases (Chromium, API included; ${rows} rows a page)`)
    console.log(
      `first page: median ${median(firstPage).toFixed(0)} ms (${firstPage.map((x) => x.toFixed(0)).join(", ")})`
    )
    console.log(
      `filter by township: median ${median(filter).toFixed(0)} ms (${filter.map((x) => x.toFixed(0)).join(", ")})`
    )
    goal("a filter under 100 ms", median(filter) < 100, `${median(filter).toFixed(0)} ms`)
  } finally {
    await b.close()
    await server.stop()
  }
}
