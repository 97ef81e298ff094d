/**
 * The simulation end to end, at a small scale, as a user runs it (`pnpm start`): the
 * JSON it writes has every measure near the article's (counts within 5% of the
 * article's value at this scale, rates within 1 percentage point), the SVG chart is
 * written and well-formed, and nothing the generator asked for was refused.
 */
import { execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("..", import.meta.url))
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

/** Runs `src/main.ts` in a child process, as `pnpm start` does. */
const run = (args: ReadonlyArray<string>) =>
  execFileSync(process.execPath, ["--import", "tsx", "src/main.ts", ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: "" },
    timeout: 60_000
  })

/** A minimal XML well-formedness check: one root, every tag closed in order, attributes quoted. */
const wellFormed = (xml: string): boolean => {
  const stack: Array<string> = []
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g
  let roots = 0
  let last = 0
  for (let m = tag.exec(xml); m !== null; m = tag.exec(xml)) {
    if (xml.slice(last, m.index).includes("<")) return false
    last = tag.lastIndex
    if (m[2] === undefined) continue
    if (m[1] === "/") {
      if (stack.pop() !== m[2]) return false
    } else if (m[4] !== "/") {
      if (stack.length === 0) roots++
      stack.push(m[2])
    } else if (stack.length === 0) roots++
  }
  return stack.length === 0 && roots === 1 && !xml.slice(last).includes("<")
}

describe("examples/yumen: the city-year at a small scale", () => {
  const json = join(dir, "figures.json")
  const svg = join(dir, "chart.svg")
  let stdout = ""
  let output: Output
  beforeAll(() => {
    stdout = run(["--scale", "0.05", "--seed", "7", "--json", json, "--svg", svg])
    output = JSON.parse(readFileSync(json, "utf8")) as Output
  }, 60_000)

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

  it("writes a well-formed SVG chart with a panel per township", () => {
    const text = readFileSync(svg, "utf8")
    expect(text.startsWith("<svg")).toBe(true)
    expect(wellFormed(text)).toBe(true)
    expect(wellFormed(`${text}<g>`)).toBe(false)
    expect(text.match(/<polyline /g)?.length ?? 0).toBeGreaterThanOrEqual(10)
    expect(text).toContain("玉门镇")
  })
})

describe("examples/yumen: --memory", () => {
  it("runs the year on the in-memory stores and writes the same kind of JSON", () => {
    const json = join(dir, "memory.json")
    const out = run(["--scale", "0.01", "--seed", "7", "--memory", "--json", json, "--svg", join(dir, "memory.svg")])
    expect(out).toMatch(/on memory \(@gridgov\/testing\)/)
    const output = JSON.parse(readFileSync(json, "utf8")) as Output
    expect(output.failures).toEqual({})
    expect(output.measures.length).toBeGreaterThan(5)
  })

  it("refuses --memory with --db", () => {
    expect(() => run(["--memory", "--db", join(dir, "x.db")])).toThrow(/usage/)
  })
})
