/**
 * `pnpm start [--scale N] [--seed N] [--db FILE | --memory] [--svg FILE] [--json FILE]`:
 * simulates Yumen's 2020 through gridgov (SQLite by default, PostgreSQL when
 * DATABASE_URL is set, the in-memory stores with --memory) and prints the article's
 * figures beside the reproduced ones.
 *
 * Files are where the user said, from the directory the command was run in: `pnpm
 * --filter @gridgov/example-yumen start` runs this in the package folder, and says
 * where the user was in INIT_CWD. The paths written are printed in full.
 */
import { statSync, writeFileSync } from "node:fs"
import { dirname, resolve } from "node:path"
import { parseArgs } from "node:util"
import { progress } from "./progress.js"
import { render } from "./svg.js"

const usage = (problem: string): never => {
  console.error(`${problem}\nusage: --scale N (N > 0) --seed INTEGER [--db FILE | --memory] [--svg FILE] [--json FILE]`)
  return process.exit(2)
}

// `pnpm start -- --scale 1` passes the `--` through: it only separates, so skip it.
const args = process.argv.slice(2)
const parsed = (() => {
  try {
    return parseArgs({
      args: args[0] === "--" ? args.slice(1) : args,
      options: {
        scale: { type: "string", default: "1" },
        seed: { type: "string", default: "2020" },
        db: { type: "string" },
        memory: { type: "boolean", default: false },
        svg: { type: "string", default: "yumen-2020.svg" },
        json: { type: "string" },
        concurrency: { type: "string" }
      }
    })
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error))
  }
})()
const values = parsed.values
const scale = Number(values.scale)
const seed = Number(values.seed)
if (!(scale > 0)) usage(`--scale ${values.scale}: not a number above 0`)
if (!Number.isInteger(seed)) usage(`--seed ${values.seed}: not an integer`)
if (values.memory && values.db !== undefined) usage("--memory and --db exclude each other")

/** A path the user typed, from the directory they ran the command in. */
const userPath = (path: string) => resolve(process.env.INIT_CWD ?? process.cwd(), path)
const svgPath = userPath(values.svg)
const jsonPath = values.json === undefined ? undefined : userPath(values.json)
const dbPath = values.db === undefined ? undefined : userPath(values.db)
// Before the year runs, not after: a file that cannot be written there is refused at once.
for (const [flag, path] of [
  ["--svg", svgPath],
  ["--json", jsonPath],
  ["--db", dbPath]
] as const) {
  if (path !== undefined && !statSync(dirname(path), { throwIfNoEntry: false })?.isDirectory())
    usage(`${flag} ${path}: no directory ${dirname(path)}`)
}

// The engine loads only once the command line is good: a typo is answered at once.
const { runYear } = await import("./run.js")
const bar = progress()
const result = await runYear({
  seed,
  scale,
  db: dbPath,
  memory: values.memory,
  databaseUrl: values.memory ? undefined : process.env.DATABASE_URL || undefined,
  concurrency: values.concurrency === undefined ? undefined : Number(values.concurrency),
  onProgress: bar.update
})
bar.done()

const fmt = (n: number, unit: "count" | "rate") =>
  unit === "rate" ? `${n.toFixed(2)}%` : Math.round(n).toLocaleString("en")
console.log(`\nYumen 2020 at scale ${scale} (seed ${seed}) on ${result.backend}`)
console.log(
  `${result.stats.cases.toLocaleString("en")} cases, ${result.stats.commands.toLocaleString("en")} commands, ` +
    `${result.stats.records.toLocaleString("en")} records, ${result.stats.sweeps.toLocaleString("en")} sweeps, ` +
    `${result.stats.ticks.toLocaleString("en")} ticks in ` +
    `${(result.wallMs / 1000).toFixed(1)} s (${Math.round(result.stats.commands / (result.wallMs / 1000)).toLocaleString("en")} commands/s)\n`
)
const header = ["measure", "article", "at this scale", "reproduced", "delta"]
const rows = result.figures.map((m) => [
  m.label,
  fmt(m.article, m.unit),
  fmt(m.expected, m.unit),
  fmt(m.reproduced, m.unit),
  m.unit === "rate"
    ? `${m.reproduced - m.expected >= 0 ? "+" : ""}${(m.reproduced - m.expected).toFixed(2)} pp`
    : `${m.reproduced - m.expected >= 0 ? "+" : ""}${(((m.reproduced - m.expected) / Math.max(1, m.expected)) * 100).toFixed(1)}%`
])
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
const line = (cells: ReadonlyArray<string>) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ")
console.log(line(header))
console.log(widths.map((w) => "-".repeat(w)).join("  "))
for (const r of rows) console.log(line(r))
if (result.stats.failures.size > 0) {
  console.log("\ncommands refused (the case stopped there):")
  for (const [what, n] of result.stats.failures) console.log(`  ${n}× ${what}`)
}

writeFileSync(
  svgPath,
  render(`玉门市 2020: monthly event intake and on-time closure by township (scale ${scale})`, result.panels)
)
console.log(`
chart: ${svgPath}`)
if (dbPath !== undefined) {
  const store = `sqlite:${dbPath}?prefix=${result.prefix}`
  console.log(`store: ${store} (check its hash chains: npx -y pnpm@10.34.9 gridgov audit verify --store '${store}')`)
}
if (jsonPath !== undefined) {
  writeFileSync(
    jsonPath,
    `${JSON.stringify(
      {
        seed,
        scale,
        backend: result.backend,
        wallMs: Math.round(result.wallMs),
        commands: result.stats.commands,
        failures: Object.fromEntries(result.stats.failures),
        measures: result.figures.map((m) => ({
          name: m.name,
          unit: m.unit,
          article: m.article,
          expected: m.expected,
          reproduced: m.reproduced
        }))
      },
      null,
      2
    )}\n`
  )
  console.log(`figures: ${jsonPath}`)
}
