/**
 * `gridgov import` of a city folder into an empty store, run in this process as the
 * command runs (reading the files, the diff, every change decided, one transaction):
 *
 * 1. Yumen (examples/cities/yumen: 575 grids, 2,055 people, 2,108 posts, the center's
 *    units, routing and SLA tier) into SQLite, goal < 2 s (median of 5);
 * 2. a province-scale city, `CITY_IMPORT_TIMES` (default 100) copies of Yumen's grid
 *    tree and grid staff under one root (about 57,500 grids and 180,700 grid workers,
 *    205,000 people in all), generated into a temporary folder, into SQLite and into
 *    PostgreSQL, goal < 60 s each, with the peak resident memory of the process and
 *    of its JS heap during the import printed (sampled every 20 ms).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { CalendarCn } from "@gridgov/calendar-cn"
import { Cli, Folder, Store } from "@gridgov/cli"
import { City, Configuration, type Grid } from "@gridgov/core"
import { PgStore } from "@gridgov/storage-postgres"
import { Console, Effect, ManagedRuntime, Result } from "effect"
import { SqlClient } from "effect/sql"
import { goal, median } from "./harness.js"

const yumen = fileURLToPath(new URL("../examples/cities/yumen", import.meta.url))
const times = Number(process.env.CITY_IMPORT_TIMES ?? "100")

const quiet: Console.Console = { ...globalThis.console, log: () => {}, error: () => {} }
const mib = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MiB`

/** Runs `gridgov import`: its wall time, and the process's peak RSS and JS heap sampled during it. */
const importing = async (store: string, dir: string) => {
  let heapPeak = process.memoryUsage().heapUsed
  let rssPeak = process.memoryUsage().rss
  const timer = setInterval(() => {
    const m = process.memoryUsage()
    heapPeak = Math.max(heapPeak, m.heapUsed)
    rssPeak = Math.max(rssPeak, m.rss)
  }, 20)
  const start = performance.now()
  const err: Array<string> = []
  const code = await Effect.runPromise(
    Cli.run(["import", "--store", store, dir]).pipe(
      Effect.provideService(Console.Console, {
        ...quiet,
        error: (...p: ReadonlyArray<unknown>) => err.push(p.join(" "))
      })
    )
  )
  const ms = performance.now() - start
  clearInterval(timer)
  if (code !== 0) throw new Error(`gridgov import exited ${code}: ${err.slice(0, 5).join("\n")}`)
  return { ms, rssPeak, heapPeak }
}

/** A configuration of `n` copies of Yumen's tree and grid staff under one root; the center's units and staff once. */
export const province = (n: number): City.Document => {
  const read = Folder.read(yumen)
  if (Result.isFailure(read)) throw new Error(read.failure.map(Folder.show).join("\n"))
  const y = read.success.target
  const root = "990000"
  const scheme = {
    ...y.scheme!,
    levels: [
      {
        id: "province",
        name: { zh: "省", en: "province" },
        width: 6,
        kinds: [{ id: "province", name: { zh: "省", en: "province" }, suffix: [0, 999999] as const }],
        duties: { zh: "统筹", en: "coordinates" }
      },
      {
        ...y.scheme!.levels[0]!,
        width: 3,
        kinds: [{ id: "city", name: { zh: "县级市", en: "county-level city" }, suffix: [1, 999] as const }]
      },
      ...y.scheme!.levels.slice(1)
    ]
  }
  const grids: Array<Grid.GridRecord> = [
    { code: root, parent: null, kind: "province", name: { zh: "示例省", en: "Example Province" } }
  ]
  const people: Array<{ id: string; name: string }> = []
  const posts: Array<City.Post> = []
  const yGrids = y.grids!
  const atGrid = y.posts!.filter((p) => "grid" in p.at)
  const atUnit = y.posts!.filter((p) => "unit" in p.at)
  const names = new Map(y.people!.map((p) => [p.id, p.name]))
  for (let k = 1; k <= n; k++) {
    const prefix = `${root}${String(k).padStart(3, "0")}`
    const code = (c: string) => prefix + c.slice(6)
    for (const g of yGrids) {
      const boundary = y.boundaries?.get(g.code)
      grids.push({
        ...g,
        code: code(g.code),
        parent: g.parent === null ? root : code(g.parent),
        name: { zh: `${g.name.zh}（${k}）`, en: `${g.name.en} (${k})` },
        ...(boundary === undefined ? {} : { boundary })
      })
    }
    const copied = new Set<string>()
    for (const p of atGrid) {
      const person = `c${k}-${p.person}`
      if (!copied.has(person)) people.push({ id: person, name: `${names.get(p.person)}（${k}）` })
      copied.add(person)
      posts.push({ ...p, id: `c${k}-${p.id}`, person, at: { grid: code((p.at as { grid: string }).grid) } })
    }
  }
  const seen = new Set<string>()
  for (const p of atUnit) {
    if (!seen.has(p.person)) people.push({ id: p.person, name: names.get(p.person)! })
    seen.add(p.person)
    posts.push(p)
  }
  return {
    ...City.empty,
    scheme,
    grids,
    units: y.units!,
    people,
    posts,
    routing: y.routing!,
    sla: [{ since: 1, policies: y.sla! }],
    categories: y.categories!.entries,
    categoryMap: y.categories!.mapping ?? []
  }
}

const pgUrl = (): string | undefined => {
  const file = process.env.GRIDGOV_PG_URL_FILE ?? "/tmp/gridgov-test-pg.url"
  return process.env.GRIDGOV_TEST_PG_URL ?? (existsSync(file) ? readFileSync(file, "utf8").trim() : undefined)
}

/** A fresh PostgreSQL database for `f`, dropped after; skipped (with a line) when there is no server. */
const onPostgres = async (f: (url: string) => Promise<void>) => {
  const base = pgUrl()
  if (base === undefined) {
    console.log("PostgreSQL: skipped (no server URL; run .ci/services.sh)")
    return
  }
  const admin = ManagedRuntime.make(PgStore.layerClient({ url: base, maxConnections: 1 }))
  const sql = <A>(q: (sql: SqlClient.SqlClient) => Effect.Effect<A, unknown>) =>
    admin.runPromise(Effect.flatMap(Effect.service(SqlClient.SqlClient), q))
  const name = `gridgov_bench_import_${process.pid}`
  try {
    await sql((s) => s.unsafe(`CREATE DATABASE ${name}`))
    const url = new URL(base)
    url.pathname = `/${name}`
    await f(url.toString())
  } finally {
    await sql((s) => s.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).catch(() => undefined)
    await admin.dispose()
  }
}

/** The configuration version a store reached, read back through a fresh Configuration. */
const version = (store: string) =>
  Effect.runPromise(
    Effect.flatMap(Configuration.Configuration, (c) => c.current).pipe(
      Effect.provide(Configuration.layerStore({ calendar: CalendarCn.builder(), pollMs: 0 })),
      Effect.provide(Store.layer(Result.getOrThrow(Store.parse(store))))
    )
  ).then((s) => ({ version: s.version, grids: s.document.grids.length, people: s.document.people.length }))

export default async () => {
  const dir = mkdtempSync(join(tmpdir(), "gridgov-bench-import-"))
  try {
    console.log("\n## gridgov import of examples/cities/yumen into an empty SQLite store")
    const runs: Array<number> = []
    for (let i = 0; i < 5; i++) runs.push((await importing(`sqlite:${join(dir, `yumen-${i}.db`)}`, yumen)).ms)
    const check = await version(`sqlite:${join(dir, "yumen-0.db")}`)
    console.log(
      `${check.grids} grids, ${check.people} people, configuration version ${check.version}: median ${median(runs).toFixed(0)} ms of ${runs.map((r) => r.toFixed(0)).join(", ")}`
    )
    goal("import of Yumen into SQLite < 2 s", median(runs) < 2_000, `${(median(runs) / 1000).toFixed(2)} s`)

    console.log(`\n## gridgov import of a province-scale city: ${times} copies of Yumen's grids and grid staff`)
    const folder = join(dir, "province")
    const made = performance.now()
    const document = province(times)
    Folder.write(folder, document)
    const bytes = Folder.files.reduce((n, f) => n + readFileSync(join(folder, f.name)).length, 0)
    console.log(
      `generated ${document.grids.length.toLocaleString("en")} grids, ${document.people.length.toLocaleString("en")} people, ` +
        `${document.posts.length.toLocaleString("en")} posts (${mib(bytes)} of files) in ${((performance.now() - made) / 1000).toFixed(1)} s`
    )
    const report = async (label: string, store: string) => {
      const r = await importing(store, folder)
      const v = await version(store)
      console.log(
        `${label}: ${(r.ms / 1000).toFixed(1)} s for ${v.version.toLocaleString("en")} changes (${Math.round(v.version / (r.ms / 1000)).toLocaleString("en")}/s); ` +
          `peak RSS of the process ${mib(r.rssPeak)} (maxRSS ${mib(process.resourceUsage().maxRSS * 1024)}), JS heap at most ${mib(r.heapPeak)}`
      )
      goal(`import of the province into ${label} < 60 s`, r.ms < 60_000, `${(r.ms / 1000).toFixed(1)} s`)
    }
    await report("SQLite", `sqlite:${join(dir, "province.db")}`)
    await onPostgres((url) => report("PostgreSQL", url))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
