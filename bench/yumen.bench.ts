/**
 * The Yumen city-year (examples/yumen) end to end: every case of 2020 through
 * CaseService on SQLite at scale 1 (goal: under 60 s), and on PostgreSQL when a
 * server answers (/tmp/gridgov-test-pg.url or GRIDGOV_TEST_PG_URL; a fresh database)
 * at scale 0.05 (a local server's round trips make scale 1 take long).
 * `YUMEN_BENCH_SCALE` changes the SQLite run's scale (the goal is judged at scale 1
 * only), `YUMEN_BENCH_PG_SCALE` the PostgreSQL run's.
 *
 * Then where the time goes, at the goal's scale (`YUMEN_BENCH_SPLIT_SCALE`, default the
 * SQLite run's scale: the shares move with scale, as bigger ticks batch more commands
 * into each transaction): the same year three ways, in the same run: on SQLite (the
 * run above, when the scales agree); on the in-memory stores of
 * `@gridgov/testing` (the engine alone: simulation, planning, effect, and the memory
 * store's own bookkeeping); and SQLite alone: every statement of a third run,
 * recorded with its parameters (`onStatement`), replayed on a fresh file through bare
 * `node:sqlite` with the store's settings and its background checkpointer, no
 * JavaScript between statements. What the SQLite run takes beyond those two is the
 * store's own JavaScript (effect/sql, rows, the audit chain's hashes).
 *
 * Then an analytics query over a province-scale history (≈ 5 M events) answered from
 * the counters projection (goal: under 200 ms): the counters table of a temp SQLite
 * database is seeded in bulk with rows equivalent to such a history (every block ×
 * month × category × unit of the Yumen tree, with counts summing to ≈ 830 k cases, at
 * the ≈ 6 events per case the simulation shows), and a township's year is queried.
 * The naive path, folding the events and recomputing `Analytics.totals`, is timed per
 * event over a real sample (a small simulated year read back with `readAll`) and
 * scaled to 5 M events, for the ratio.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Analytics, AnalyticsStore, Case, CaseStore, Grid } from "@gridgov/core"
import { SqliteStore } from "@gridgov/storage-sqlite"
import { freshDatabase, reachable } from "@gridgov/test-support/Postgres"
import { Yumen } from "@gridgov/testing"
import { Context, Effect, Layer, Result } from "effect"
import { runYear } from "../examples/yumen/src/run.js"
import * as Checkpointer from "../packages/storage-sqlite/src/internal/checkpointer.js"
import * as SqliteClient from "../packages/storage-sqlite/src/internal/client.js"
import { goal } from "./harness.js"

const scale = Number(process.env.YUMEN_BENCH_SCALE ?? "1")
const pgScale = Number(process.env.YUMEN_BENCH_PG_SCALE ?? "0.05")
const splitScale = Number(process.env.YUMEN_BENCH_SPLIT_SCALE ?? String(scale))

const median = (xs: ReadonlyArray<number>) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 === 1 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

const year = async (label: string, options: Parameters<typeof runYear>[0]) => {
  const r = await runYear(options)
  const s = r.wallMs / 1000
  console.log(
    `${label}: ${s.toFixed(1)} s wall, ${r.stats.commands.toLocaleString("en")} commands ` +
      `(${Math.round(r.stats.commands / s).toLocaleString("en")}/s), ${r.events.toLocaleString("en")} events ` +
      `(${Math.round(r.events / s).toLocaleString("en")} events/s), ${r.stats.records.toLocaleString("en")} records, ` +
      `${r.stats.ticks.toLocaleString("en")} ticks (${(r.stats.commands / r.stats.ticks).toFixed(1)} commands a tick)`
  )
  return r
}

const toEvent = (row: CaseStore.StoredEvent): Case.Event =>
  Result.getOrThrow(
    Case.decodeEvent({
      ...(row.payload as Record<string, unknown>),
      _tag: row.type,
      v: row.v,
      at: row.at,
      actor: { id: row.actor.id, role: row.actor.roles[0] }
    })
  )

/**
 * The statements of a run, replayed in order on a fresh file through bare
 * `node:sqlite` (prepared once per text), with the store's pragmas and its background
 * checkpointer; the schema's statements (before the first transaction) untimed.
 */
const replayStatements = (log: ReadonlyArray<readonly [string, ReadonlyArray<SqliteStore.SqliteValue>]>) =>
  Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const dir = yield* Effect.acquireRelease(
          Effect.sync(() => mkdtempSync(join(tmpdir(), "yumen-replay-"))),
          (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
        )
        const filename = join(dir, "replay.db")
        const db = yield* Effect.acquireRelease(
          Effect.sync(() => SqliteClient.open({ filename })),
          (db) => Effect.sync(() => db.close())
        )
        yield* Checkpointer.start({ filename, busyTimeoutMs: 10_000, intervalMs: 100, onFailure: () => {} })
        const prepared = new Map<string, ReturnType<typeof db.prepare>>()
        const first = log.findIndex(([sql]) => sql.startsWith("BEGIN"))
        for (const [sql, params] of log.slice(0, first)) db.prepare(sql).all(...params)
        let commitMs = 0
        const began = performance.now()
        for (let i = first; i < log.length; i++) {
          const [sql, params] = log[i]!
          let statement = prepared.get(sql)
          if (statement === undefined) {
            statement = db.prepare(sql)
            prepared.set(sql, statement)
          }
          if (sql === "COMMIT") {
            const at = performance.now()
            statement.all()
            commitMs += performance.now() - at
          } else statement.all(...params)
        }
        return { ms: performance.now() - began, commitMs, statements: log.length - first }
      })
    )
  )

export default async () => {
  console.log(`\n## the Yumen year, scale ${scale} on SQLite, ${pgScale} on PostgreSQL`)
  const sqlite = await year(`sqlite, scale ${scale}`, { seed: 2020, scale })
  const seconds = `${(sqlite.wallMs / 1000).toFixed(1)} s, ${Math.round(sqlite.stats.commands / (sqlite.wallMs / 1000)).toLocaleString("en")} commands/s`
  if (scale === 1) goal("Yumen year (scale 1) on SQLite under 60 s", sqlite.wallMs < 60_000, seconds)
  else console.log(`goal Yumen year (scale 1) on SQLite under 60 s: not judged at scale ${scale} (${seconds})`)
  const pg = await reachable()
  if (pg.ok) {
    const db = await freshDatabase("yumen_bench")
    try {
      const r = await year(`postgresql, scale ${pgScale}`, { seed: 2020, scale: pgScale, databaseUrl: db.url })
      console.log(
        `postgresql / sqlite commands per second: ${(r.stats.commands / r.wallMs / (sqlite.stats.commands / sqlite.wallMs)).toFixed(2)}×`
      )
    } finally {
      await db.drop()
    }
  } else console.log(`postgresql: not reachable, skipped (${pg.error.slice(0, 80)})`)

  // ---------------------------------------------------------------- where the time goes
  console.log(
    `\n## where the time goes: the year at scale ${splitScale} on SQLite, on the engine alone, and SQLite alone`
  )
  const plain = splitScale === scale ? sqlite : await year("sqlite", { seed: 2020, scale: splitScale })
  const engine = await year("engine alone (in-memory stores)", { seed: 2020, scale: splitScale, memory: true })
  // recorded in a run of its own: holding the log costs the recording run some time
  const log: Array<readonly [string, ReadonlyArray<SqliteStore.SqliteValue>]> = []
  await runYear({ seed: 2020, scale: splitScale, onStatement: (sql, params) => log.push([sql, params]) })
  const replay = await replayStatements(log)
  log.length = 0
  const share = (ms: number) => `${(ms / 1000).toFixed(1)} s (${((100 * ms) / plain.wallMs).toFixed(0)}%)`
  console.log(
    `sqlite alone: ${replay.statements.toLocaleString("en")} statements replayed in ${share(replay.ms)}, ` +
      `of which COMMIT ${share(replay.commitMs)}`
  )
  console.log(`engine alone: ${share(engine.wallMs)}`)
  console.log(
    `engine + sqlite alone: ${share(engine.wallMs + replay.ms)}; the rest, the store's own JavaScript: ` +
      `${share(plain.wallMs - engine.wallMs - replay.ms)}`
  )

  // ---------------------------------------------------------------- the counters projection at province scale
  console.log("\n## an analytics query over ≈ 5 M events: counters projection vs recomputation")
  const city = Yumen.make(2021)
  const dir = mkdtempSync(join(tmpdir(), "yumen-counters-"))
  try {
    // a sample history for the naive path and the events-per-case ratio
    const sampleDb = join(dir, "sample.db")
    const sample = await runYear({ seed: 11, scale: 0.02, db: sampleDb })
    const perCase = sample.events / sample.stats.cases
    const targetEvents = 5_000_000
    const cases = Math.round(targetEvents / perCase)

    await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          // naive: read the sample's events back, fold them, recompute the totals of a township
          const sampleStores = yield* Layer.build(SqliteStore.layer({ filename: sampleDb, prefix: sample.prefix }))
          const log = Context.get(sampleStores, CaseStore.CaseStore)
          const township = "620981101"
          const times: Array<number> = []
          let sampleEvents = 0
          for (let i = 0; i < 5; i++) {
            const began = performance.now()
            const states = new Map<string, Case.State>()
            let after = 0
            sampleEvents = 0
            for (;;) {
              const page = yield* log.readAll(after, 5_000)
              for (const row of page) {
                states.set(row.streamId, Case.evolve(states.get(row.streamId) ?? Case.initialState, toEvent(row)))
                after = row.position
              }
              sampleEvents += page.length
              if (page.length < 5_000) break
            }
            const counters = Analytics.sum([...states.values()].flatMap(Analytics.contributions))
            Analytics.totals(counters, city.tree, { grid: township, kinds: ["event"] })
            times.push(performance.now() - began)
          }
          const perEvent = median(times) / sampleEvents
          const naiveMs = perEvent * targetEvents
          console.log(
            `naive recomputation: ${median(times).toFixed(0)} ms for ${sampleEvents.toLocaleString("en")} events ` +
              `(${(perEvent * 1000).toFixed(2)} µs/event) → ≈ ${(naiveMs / 1000).toFixed(1)} s for 5 M events`
          )

          // the projection: a counters table seeded in bulk with a province-scale history
          const stores = yield* Layer.build(SqliteStore.layer({ filename: join(dir, "province.db") }))
          const analytics = Context.get(stores, AnalyticsStore.AnalyticsStore)
          const blocks = city.tree.records.filter((r) => r.kind === "group" || r.kind === "compound").map((r) => r.code)
          const categories: ReadonlyArray<readonly [Case.Kind, string, string]> = [
            ...[
              "event.sanitation.garbage",
              "event.sanitation.sewage",
              "event.street-order.vending",
              "event.construction.illegal",
              "event.environment.noise",
              "event.safety.fire",
              "event.public-security",
              "event.market.food"
            ].map((c) => ["event", c, "grid"] as const),
            ["dispute", "dispute.family", "grid"],
            ["dispute", "dispute.land", "committee.land"],
            ["hotline", "event.facility.manhole", "dept.housing"],
            ["hotline", "hotline.help", "grid"]
          ]
          const months = Array.from({ length: 12 }, (_, i) => `2020-${String(i + 1).padStart(2, "0")}`)
          const cells = blocks.length * months.length * categories.length
          const perCell = cases / cells
          let seed = 7
          const random = () => {
            seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff
            return seed / 0x7fffffff
          }
          const deltas: Array<Analytics.Delta> = []
          for (const block of blocks) {
            const village = Grid.path(city.tree, Grid.id(city.tree, block)!)[2]!
            for (const month of months)
              for (const [kind, category, at] of categories) {
                const unit = at === "grid" ? village : at
                const valid = Math.round(perCell * (0.5 + random()))
                const closed = Math.floor(valid * 0.97)
                const key = { grid: block, unit, kind, category, month }
                deltas.push({ ...key, measure: "valid", delta: valid })
                deltas.push({ ...key, measure: "closed", delta: closed })
                deltas.push({ ...key, measure: "closedOnTime", delta: Math.round(closed * 0.9) })
                if (kind === "dispute") {
                  deltas.push({ ...key, measure: "mediations", delta: valid })
                  deltas.push({ ...key, measure: "mediated", delta: Math.round(valid * 0.986) })
                }
                if (kind === "hotline") deltas.push({ ...key, measure: "tickets", delta: valid })
              }
          }
          const rows = AnalyticsStore.changes(city.tree, deltas)
          const seeded = performance.now()
          yield* analytics.replace(rows)
          const total = (yield* analytics.totals({})).valid
          console.log(
            `seeded ${rows.length.toLocaleString("en")} counter rows (${total.toLocaleString("en")} cases ≈ ` +
              `${Math.round(total * perCase).toLocaleString("en")} events) in ${((performance.now() - seeded) / 1000).toFixed(1)} s`
          )
          const query = AnalyticsStore.query(city.tree, {
            grid: township,
            kinds: ["event"],
            from: "2020-01",
            to: "2020-12"
          })
          const samples: Array<number> = []
          let last: Analytics.Totals | undefined
          for (let i = 0; i < 31; i++) {
            const began = performance.now()
            last = yield* analytics.totals(query)
            samples.push(performance.now() - began)
          }
          const ms = median(samples)
          const rate = Analytics.rates(last!).closureRate.value ?? 0
          console.log(
            `counters query (a township's events, 2020): median ${ms.toFixed(2)} ms over ${samples.length} runs ` +
              `(valid ${last!.valid.toLocaleString("en")}, closure ${(rate * 100).toFixed(1)}%)`
          )
          console.log(`naive / counters: ${(naiveMs / ms).toFixed(0)}×`)
          goal("analytics query over ≈ 5 M events under 200 ms", ms < 200, `${ms.toFixed(2)} ms`)
        })
      )
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
