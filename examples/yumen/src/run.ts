/**
 * Wires the simulation: the Yumen fixture, China's working-day calendar, the
 * default SLA table and Yumen routing, `CaseService` over SQLite (a file) or
 * PostgreSQL (a URL), the SQL record store, and a `TestClock`; runs the year and
 * reads the figures and the chart's numbers back from the stores. With `memory`,
 * the in-memory stores of `@gridgov/testing` stand in for the database: the
 * engine's own share of the time, nothing written.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { CalendarCn } from "@gridgov/calendar-cn"
import { Analytics, AnalyticsStore, Calendar, CaseService, Grid, Routing, Sla } from "@gridgov/core"
import { PgStore } from "@gridgov/storage-postgres"
import { SqlRecords } from "@gridgov/storage-sql"
import { SqliteStore } from "@gridgov/storage-sqlite"
import { Memory, MemoryRecords, Yumen } from "@gridgov/testing"
import { Effect, Layer, Result } from "effect"
import { TestClock } from "effect/testing"
import * as Figures from "./figures.js"
import { type Stats, simulate, start } from "./simulate.js"
import type { Panel } from "./svg.js"

export interface RunOptions {
  readonly seed: number
  readonly scale: number
  /** A SQLite file; a temporary one (removed afterwards) when absent. */
  readonly db?: string | undefined
  /** A PostgreSQL URL: used instead of SQLite when given. */
  readonly databaseUrl?: string | undefined
  /** The in-memory stores of `@gridgov/testing` instead of a database. */
  readonly memory?: boolean | undefined
  /** SQLite only: sees each statement as it runs (`SqliteStore.Config.onStatement`). */
  readonly onStatement?: SqliteStore.Config["onStatement"]
  readonly concurrency?: number | undefined
  readonly onProgress?: ((fraction: number, note: string) => void) | undefined
}

export interface RunResult {
  readonly figures: ReadonlyArray<Figures.Measure>
  readonly panels: ReadonlyArray<Panel>
  readonly stats: Stats
  readonly backend: string
  readonly wallMs: number
  /** Events appended. */
  readonly events: number
  /** The table prefix the run wrote under. */
  readonly prefix: string
}

const months = Array.from({ length: 12 }, (_, i) => `2020-${String(i + 1).padStart(2, "0")}`)

/** The chart's numbers: per township, per month, valid events and the on-time share of those closed. */
const chart = (city: Yumen.Fixture) =>
  Effect.gen(function* () {
    const counters = yield* AnalyticsStore.AnalyticsStore
    const rows = yield* counters.counters({ kinds: ["event"], from: months[0], to: months[11] })
    const root = Grid.id(city.tree, Yumen.cityCode)!
    const townships = Array.from(Grid.children(city.tree, root)).filter(
      (id) => city.tree.records[id]!.kind !== "exclusive"
    )
    return townships.map((id): Panel => {
      const record = city.tree.records[id]!
      const byMonth = Analytics.breakdown(rows, city.tree, { grid: record.code }, "month")
      const of = new Map(byMonth.map((g) => [g.key, g.totals]))
      return {
        code: record.code,
        name: record.name.zh,
        months: months.map((m) => {
          const t = of.get(m)
          return {
            intake: t?.valid ?? 0,
            onTime: t === undefined ? null : Analytics.rates(t).onTimeRate.value
          }
        })
      }
    })
  })

export const runYear = async (options: RunOptions): Promise<RunResult> => {
  const city = Yumen.make(2021)
  const calendar = CalendarCn.calendar()
  const workdays = Array.from({ length: 366 }, (_, d) =>
    Result.getOrThrow(
      Calendar.isWorkingDay(calendar, new Date(start + d * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10))
    )
  )
  const settings: CaseService.Settings = {
    tree: city.tree,
    directory: city.directory,
    calendar,
    sla: Result.getOrThrow(Sla.make(Yumen.sla)),
    router: Result.getOrThrow(Routing.compile(Yumen.routing)),
    batchSize: 256,
    // every open case stays folded in memory: a step reads nothing back
    cacheSize: 100_000
  }
  const memory = options.memory === true
  const temp =
    !memory && options.db === undefined && options.databaseUrl === undefined
      ? mkdtempSync(join(tmpdir(), "yumen-"))
      : undefined
  // A database given by the user gets tables of its own, so reruns never mix.
  const prefix = temp === undefined && !memory ? `yumen_${Date.now().toString(36)}_` : "gridgov_"
  const service = CaseService.layer.pipe(Layer.provide(CaseService.layerConfig(settings)))
  const live = memory
    ? Layer.mergeAll(service, MemoryRecords.layer).pipe(Layer.provideMerge(Memory.layer))
    : Layer.mergeAll(service, SqlRecords.layer({ prefix })).pipe(
        Layer.provideMerge(
          options.databaseUrl !== undefined
            ? PgStore.layerWithClient({ url: options.databaseUrl, prefix, maxConnections: 4 })
            : SqliteStore.layerWithClient({
                filename: options.db ?? join(temp!, "yumen.db"),
                prefix,
                onStatement: options.onStatement
              })
        )
      )
  const backend = memory
    ? "memory (@gridgov/testing)"
    : options.databaseUrl !== undefined
      ? `postgresql (tables ${prefix}*)`
      : `sqlite ${options.db ?? "(temporary file)"}`

  const program = Effect.gen(function* () {
    const began = performance.now()
    yield* TestClock.setTime(start)
    const stats = yield* simulate(city, workdays, {
      seed: options.seed,
      scale: options.scale,
      concurrency: options.concurrency,
      onProgress: options.onProgress
    })
    const wallMs = performance.now() - began
    const figures = yield* Figures.compute(options.scale)
    const panels = yield* chart(city)
    return { figures, panels, stats, backend, wallMs, events: stats.events, prefix }
  })
  try {
    // Only the simulation runs on the TestClock: the stores (the PostgreSQL pool's
    // timers) keep real time, or each jump of simulated time would run their loops.
    return await Effect.runPromise(Effect.scoped(Effect.provide(Effect.provide(program, TestClock.layer()), live)))
  } finally {
    if (temp !== undefined) rmSync(temp, { recursive: true, force: true })
  }
}
