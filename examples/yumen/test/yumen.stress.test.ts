/**
 * The simulation end to end, at a small scale, as a user runs it (`pnpm start`): the
 * JSON it writes has every measure near the article's (counts within 5% of the
 * article's value at this scale, rates within 1 percentage point), the SVG chart is
 * written, and a real browser parses it and lays it out to scale; nothing the
 * generator asked for was refused.
 */
import { execFileSync, spawnSync } from "node:child_process"
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { Grid } from "@gridgov/core"
import { onBrowser, render } from "@gridgov/test-support/Browser"
import { Yumen } from "@gridgov/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("..", import.meta.url))
const repository = fileURLToPath(new URL("../../..", import.meta.url))
/** A test that needs a git checkout (a source tarball has none). */
const onGit = spawnSync("git", ["rev-parse", "--git-dir"], { cwd: repository }).status === 0 ? it : it.skip
const dir = mkdtempSync(join(tmpdir(), "yumen-test-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface Output {
  readonly scale: number
  readonly commands: number
  readonly failures: Record<string, number>
  readonly measures: ReadonlyArray<{
    readonly name: string
    readonly unit: "count" | "rate"
    readonly article: number
    readonly expected: number
    readonly reproduced: number
  }>
}

/**
 * Runs `src/main.ts` in a child process, as `pnpm start` does: in the package folder,
 * with the directory the user ran the command in as INIT_CWD.
 */
const run = (args: ReadonlyArray<string>, initCwd = root) =>
  execFileSync(process.execPath, ["--import", "tsx", "src/main.ts", ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: "", INIT_CWD: initCwd }
  })

interface LaidOut {
  readonly panels: ReadonlyArray<{
    readonly name: string
    readonly nameWidth: number
    readonly frame: { readonly top: number; readonly bottom: number; readonly height: number }
    readonly bars: ReadonlyArray<{ readonly intake: number; readonly height: number; readonly bottom: number }>
    readonly line: { readonly top: number; readonly bottom: number } | null
    /** Elements whose box falls outside the picture. */
    readonly outside: ReadonlyArray<string>
  }>
}

/** Runs in the page: lays the chart out and writes what it measured, as JSON, into #out. */
const measure = `
const svg = document.querySelector("svg");
const box = svg.getBoundingClientRect();
const inside = (r) => r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5;
const panels = Array.from(svg.children).filter((g) => g.tagName === "g").slice(1).map((g) => {
  const frame = g.querySelector("rect[fill='none']").getBoundingClientRect();
  const name = g.querySelector("text");
  const line = g.querySelector("polyline");
  return {
    name: name.textContent,
    nameWidth: name.getBoundingClientRect().width,
    frame: { top: frame.top, bottom: frame.bottom, height: frame.height },
    bars: Array.from(g.querySelectorAll("rect[fill='#7aa6d6']")).map((r) => {
      const b = r.getBoundingClientRect();
      return { intake: Number(r.querySelector("title").textContent.split(": ")[1]), height: b.height, bottom: b.bottom };
    }),
    line: line === null ? null : { top: line.getBoundingClientRect().top, bottom: line.getBoundingClientRect().bottom },
    outside: Array.from(g.querySelectorAll("text, rect, polyline"))
      .filter((e) => !inside(e.getBoundingClientRect()))
      .map((e) => e.outerHTML.slice(0, 80))
  };
});
document.getElementById("out").textContent = JSON.stringify({ panels });
`

describe("examples/yumen: the city-year at a small scale", () => {
  const json = join(dir, "figures.json")
  const svg = join(dir, "chart.svg")
  let stdout = ""
  let output: Output
  beforeAll(() => {
    stdout = run(["--scale", "0.05", "--seed", "7", "--json", json, "--svg", svg])
    output = JSON.parse(readFileSync(json, "utf8")) as Output
  })

  it("prints the article's table beside the reproduced figures", () => {
    expect(stdout).toMatch(/measure\s+article\s+at this scale\s+reproduced\s+delta/)
    for (const m of output.measures) expect(stdout).toContain(m.article.toLocaleString("en"))
  })

  it("every measure is near the article's value: counts within 5%, rates within 1 percentage point", () => {
    expect(output.measures.map((m) => m.name)).toEqual([
      "visits",
      "inspections",
      "keyPersons",
      "disputes",
      "disputesResolved",
      "disputeRate",
      "events",
      "eventsClosed",
      "eventRate",
      "diverted",
      "divertedClosed",
      "divertedRate"
    ])
    for (const m of output.measures) {
      if (m.unit === "rate") {
        expect({ name: m.name, off: Math.abs(m.reproduced - m.article) <= 1 }).toEqual({ name: m.name, off: true })
      } else {
        expect(m.expected).toBe(Math.round(m.article * 0.05))
        const off = Math.abs(m.reproduced - m.expected) / m.expected
        expect({ name: m.name, within: off <= 0.05 }).toEqual({ name: m.name, within: true })
      }
    }
    // the rates are the counts' own ratios, as stored
    const by = new Map(output.measures.map((m) => [m.name, m.reproduced]))
    expect(by.get("disputeRate")).toBeCloseTo((100 * by.get("disputesResolved")!) / by.get("disputes")!, 1)
    expect(by.get("eventRate")).toBeCloseTo((100 * by.get("eventsClosed")!) / by.get("events")!, 1)
    expect(output.commands).toBeGreaterThan(5 * by.get("events")!)
    expect(output.failures).toEqual({})
  })

  it("writes an SVG chart with a panel per township", () => {
    const text = readFileSync(svg, "utf8")
    expect(text.startsWith("<svg")).toBe(true)
    expect(text.match(/<polyline /g)?.length ?? 0).toBeGreaterThanOrEqual(10)
    expect(text).toContain("玉门镇")
  })

  onBrowser("the chart in a real browser: a panel per township, bars to scale, all inside", async () => {
    const text = readFileSync(svg, "utf8")
    // The file as a browser opens it: as XML, where a malformed chart shows a parser error.
    expect(await render(pathToFileURL(svg).href)).not.toContain("parsererror")
    const broken = join(dir, "broken.svg")
    writeFileSync(broken, `${text}<g>`)
    expect(await render(pathToFileURL(broken).href)).toContain("parsererror")

    // The chart as laid out: the browser measures every panel, bar, line and label.
    const page = join(dir, "chart.html")
    writeFileSync(
      page,
      `<!doctype html><meta charset="utf-8"><body style="margin:0">${text}<pre id="out"></pre><script>${measure}</script></body>`
    )
    const dom = await render(pathToFileURL(page).href)
    const json = dom.match(/<pre id="out">([\s\S]*?)<\/pre>/)?.[1] ?? ""
    const laidOut = JSON.parse(json.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&")) as LaidOut

    const city = Yumen.make(2021)
    const townships = Array.from(Grid.children(city.tree, Grid.id(city.tree, Yumen.cityCode)!))
      .map((id) => city.tree.records[id]!)
      .filter((r) => r.kind !== "exclusive")
    expect(laidOut.panels.map((p) => p.name)).toEqual(townships.map((r) => r.name.zh))
    const bars = laidOut.panels.flatMap((p) => p.bars)
    const tallest = Math.max(...bars.map((b) => b.height))
    const perEvent = tallest / Math.max(...bars.map((b) => b.intake))
    for (const p of laidOut.panels) {
      expect({ name: p.name, bars: p.bars.length, outside: p.outside }).toEqual({ name: p.name, bars: 12, outside: [] })
      expect(p.nameWidth).toBeGreaterThan(10)
      for (const b of p.bars) {
        expect(Math.abs(b.bottom - p.frame.bottom)).toBeLessThan(0.6)
        expect(Math.abs(b.height - b.intake * perEvent)).toBeLessThan(0.6)
      }
      if (p.line !== null) {
        expect(p.line.top).toBeGreaterThanOrEqual(p.frame.top - 1)
        expect(p.line.bottom).toBeLessThanOrEqual(p.frame.bottom + 1)
      }
    }
    // the busiest month of the busiest township fills its panel's height
    expect(Math.abs(tallest - laidOut.panels[0]!.frame.height)).toBeLessThan(1.5)
    expect(laidOut.panels.filter((p) => p.line !== null).length).toBeGreaterThanOrEqual(10)
  })
})

describe("examples/yumen: --memory", () => {
  it("runs the tutorial's year on the in-memory stores, prints the tutorial's table, and writes where the command was run", () => {
    // as `cd <dir> && pnpm --filter @gridgov/example-yumen start -- …` runs it: in the package folder, INIT_CWD=<dir>
    const here = mkdtempSync(join(dir, "cwd-"))
    const out = run(["--scale", "0.1", "--memory", "--json", "yumen-2020.json"], here)
    expect(out).toMatch(/on memory \(@gridgov\/testing\)/)
    expect(out).toContain(`\nchart: ${join(here, "yumen-2020.svg")}\n`)
    expect(out).toContain(`\nfigures: ${join(here, "yumen-2020.json")}\n`)
    expect(readdirSync(here).sort()).toEqual(["yumen-2020.json", "yumen-2020.svg"])
    expect(readdirSync(root).filter((f) => f.startsWith("yumen-"))).toEqual([])
    const output = JSON.parse(readFileSync(join(here, "yumen-2020.json"), "utf8")) as Output
    expect(output.failures).toEqual({})

    // The tutorial shows what `--scale 0.1` prints (on SQLite; the figures do not depend on the store):
    // the same counts and the same table, line for line.
    const tutorial = readFileSync(join(repository, "docs/tutorials/yumen-simulation.md"), "utf8")
    const shown = /```text\n(Yumen 2020 at scale 0\.1 [\s\S]*?)```/.exec(tutorial)?.[1] ?? ""
    const counts = (text: string) => /^\d[\d,]* cases, .* ticks/m.exec(text)?.[0]
    const table = (text: string) => text.slice(text.indexOf("\nmeasure ")).split("\n\n")[0]!.trim()
    expect(counts(shown)).toBeDefined()
    expect(counts(out)).toBe(counts(shown))
    expect(table(out)).toBe(table(shown))
    // and the README's command says how many commands it runs
    const readme = readFileSync(join(repository, "README.md"), "utf8")
    const quoted = /start -- --scale 0\.1 +# ([\d,]+) commands/.exec(readme)?.[1]
    expect(quoted).toBeDefined()
    expect(quoted).toBe(/, ([\d,]+) commands, /.exec(out)?.[1])
  })

  onGit("git ignores the chart and the JSON under the names the docs use, wherever they are written", () => {
    for (const path of ["yumen-2020.svg", "yumen-2020.json", "examples/yumen/yumen-2020.svg", "docs/yumen-2020.json"]) {
      const r = spawnSync("git", ["check-ignore", "--quiet", "--no-index", path], { cwd: repository })
      expect({ path, ignored: r.status === 0 }).toEqual({ path, ignored: true })
    }
  })

  it("refuses --memory with --db, unknown options and a file in a missing directory, with the usage and no stack trace", () => {
    for (const args of [
      ["--memory", "--db", join(dir, "x.db")],
      ["--sclae", "1"],
      ["--scale", "-1"],
      ["extra"],
      ["--svg", join(dir, "no-such-directory", "chart.svg")]
    ]) {
      const r = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts", ...args], {
        cwd: root,
        encoding: "utf8"
      })
      expect({ args, status: r.status }).toEqual({ args, status: 2 })
      expect(r.stderr).toMatch(/usage: --scale N/)
      expect(r.stderr).not.toMatch(/\n\s+at /)
    }
  })

  it("takes its options after the `--` that `pnpm start --` passes through", () => {
    const json = join(dir, "dashdash.json")
    run(["--", "--scale", "0.01", "--seed", "3", "--memory", "--json", json, "--svg", join(dir, "dashdash.svg")])
    expect((JSON.parse(readFileSync(json, "utf8")) as Output).scale).toBe(0.01)
  })
})
