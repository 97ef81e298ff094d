/**
 * CaseService end to end on SQLite (WAL, synchronous=NORMAL): a resident's report,
 * then registration (routing dispatches it as system in the same append), signing,
 * the result and its verification — five commands, each one load + decide + an
 * append (events, summary, timers, outbox, idempotency) — against the raw append
 * of bench/storage.bench.ts (one event + summary per transaction), in the same run.
 * Sequentially each command commits alone; with 16 or 64 lifecycles in flight the
 * service's writer group-commits the appends queued meanwhile (`batchSize` 64).
 * Prints commands/s and each command's latency (p50, p99). Goal: ≥ 5,000 commands/s.
 *
 * Then reads: `CaseService.get` of a closed 6-event case, which checks the stream's
 * hash chain (`verifyReads`, the default), against the same read with the check off,
 * on the same SQLite file in the same run: the ratio is the check's cost.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { CalendarCn } from "@gridgov/calendar-cn"
import { Access, type Case, CaseService, CaseStore, Routing, Sla } from "@gridgov/core"
import { SqliteStore } from "@gridgov/storage-sqlite"
import { Memory, Yumen } from "@gridgov/testing"
import { Effect, Layer, ManagedRuntime, Result } from "effect"
import { compareAsync, goal } from "./harness.js"

const city = Yumen.make()
const date = "2025-03-03"
const village = "620981101201"
const block = city.tree.records.find((r) => r.parent === village && r.kind !== "exclusive")!.code
const personAt = (role: string, at: object) =>
  city.staff.posts.find((p) => p.role === role && JSON.stringify(p.at) === JSON.stringify(at))!.person
const dispatcher = Access.actor(city.directory, personAt("dispatcher", { unit: "center.grid" }), date)
const chief = Access.actor(city.directory, personAt("gridChief", { grid: village }), date)
const resident = Access.resident("r-1")
const ref = (a: Access.Actor, role: Case.ActorRef["role"]): Case.ActorRef => ({ id: a.id, role })

const settings: CaseService.Settings = {
  tree: city.tree,
  directory: city.directory,
  calendar: CalendarCn.calendar(),
  sla: Result.getOrThrow(Sla.make(Yumen.sla)),
  router: Result.getOrThrow(Routing.compile(Yumen.routing))
}

const perCase = 5
const casesPerSample = 4
let seq = 0

/** Command latencies (ms) per bench case, collected over all samples. */
const latencies = new Map<string, Array<number>>()
let recording = "none"
const timed = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.suspend(() => {
    const start = performance.now()
    const into = recording
    return Effect.tap(effect, () =>
      Effect.sync(() => {
        const list = latencies.get(into) ?? []
        list.push(performance.now() - start)
        latencies.set(into, list)
      })
    )
  })
const percentile = (values: ReadonlyArray<number>, p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN
}

const lifecycle = (id: string) =>
  Effect.gen(function* () {
    const cases = yield* CaseService.CaseService
    const execute = (...args: Parameters<typeof cases.execute>) => timed(cases.execute(...args))
    yield* execute(
      id,
      {
        _tag: "Open",
        actor: ref(resident, "public"),
        kind: "event",
        id,
        category: "event.sanitation.garbage",
        place: block,
        channel: "public",
        severity: "ordinary"
      },
      resident,
      { idempotencyKey: `open-${id}` }
    )
    yield* execute(id, { _tag: "Register", actor: ref(dispatcher, "dispatcher") }, dispatcher)
    yield* execute(id, { _tag: "Acknowledge", actor: ref(chief, "gridChief") }, chief)
    yield* execute(
      id,
      { _tag: "SubmitResult", actor: ref(chief, "gridChief"), result: "已清运", evidence: ["p1"] },
      chief
    )
    yield* execute(id, { _tag: "Verify", actor: ref(dispatcher, "dispatcher"), passed: true }, dispatcher)
  })

const sequential = Effect.gen(function* () {
  for (let i = 0; i < casesPerSample; i++) yield* lifecycle(`case-${++seq}`)
})

const concurrent = (n: number) =>
  Effect.forEach(
    Array.from({ length: n }, () => 0),
    () => lifecycle(`case-${++seq}`),
    { concurrency: n, discard: true }
  )

const actor = { id: "p-1", roles: ["gridWorker"] }
const summary = (at: number): CaseStore.SummaryInput => ({
  kind: "event",
  state: "reported",
  category: "event.sanitation.garbage",
  gridCode: block,
  gridPre: 10,
  gridPost: 10,
  unit: null,
  assignee: null,
  reporter: null,
  held: [],
  dueAt: null,
  overdue: false,
  createdAt: at,
  updatedAt: at,
  body: { title: "垃圾未清运" }
})
let rawSeq = 0
const rawAppend = Effect.gen(function* () {
  const store = yield* CaseStore.CaseStore
  for (let i = 0; i < 20; i++) {
    const at = 1_700_000_000_000 + ++rawSeq
    yield* store.append({
      streamId: `raw-${rawSeq}`,
      expectedVersion: 0,
      events: [{ type: "Reported", v: 1, payload: { category: "event.sanitation.garbage" }, actor, at }],
      summary: summary(at)
    })
  }
})

export default async () => {
  const dir = mkdtempSync(join(tmpdir(), "gridgov-bench-service-"))
  try {
    const store = ManagedRuntime.make(SqliteStore.layer({ filename: join(dir, "raw.db") }))
    const service = ManagedRuntime.make(
      CaseService.layer.pipe(
        Layer.provide(CaseService.layerConfig(settings)),
        Layer.provide(SqliteStore.layer({ filename: join(dir, "service.db") }))
      )
    )
    const memory = ManagedRuntime.make(
      CaseService.layer.pipe(
        Layer.provide(CaseService.layerConfig(settings)),
        Layer.provide(Layer.effectContext(Effect.map(Memory.make, (m) => m.services)))
      )
    )
    const recorded =
      <A>(name: string, run: () => Promise<A>) =>
      () => {
        recording = name
        return run()
      }
    const cases = [
      {
        name: "SqliteStore.append (1 event + summary; storage.bench baseline)",
        ops: 20,
        fn: () => store.runPromise(rawAppend)
      },
      {
        name: "CaseService.execute, 5-command lifecycle, sequential (one transaction per command)",
        ops: perCase * casesPerSample,
        fn: recorded("sequential", () => service.runPromise(sequential))
      },
      {
        name: "CaseService.execute, sequential, in-memory store (no I/O: the core's cost)",
        ops: perCase * casesPerSample,
        fn: recorded("in-memory", () => memory.runPromise(sequential))
      },
      {
        name: "CaseService.execute, 16 lifecycles concurrently (group commit)",
        ops: perCase * 16,
        fn: recorded("16 concurrent", () => service.runPromise(concurrent(16)))
      },
      {
        name: "CaseService.execute, 64 lifecycles concurrently (group commit)",
        ops: perCase * 64,
        fn: recorded("64 concurrent", () => service.runPromise(concurrent(64)))
      }
    ]
    const rows = await compareAsync(
      "CaseService on SQLite (WAL, synchronous=NORMAL): commands/s; concurrent commands share transactions",
      cases,
      { samples: 7 }
    )
    console.log("\nlatency per command (ms), over every sample:")
    for (const [name, values] of latencies) {
      console.log(
        `  ${name.padEnd(14)} p50 ${percentile(values, 0.5).toFixed(2)}  p99 ${percentile(values, 0.99).toFixed(2)}  (n=${values.length})`
      )
    }
    const best = Math.max(rows[1]!.medianOpsPerSec, rows[3]!.medianOpsPerSec, rows[4]!.medianOpsPerSec)
    goal("CaseService ≥ 5,000 commands/s on SQLite", best >= 5_000, `${best.toFixed(0)} commands/s`)

    // Reads of the cases written above, with and without the hash-chain check.
    const unchecked = ManagedRuntime.make(
      CaseService.layer.pipe(
        Layer.provide(CaseService.layerConfig({ ...settings, verifyReads: false })),
        Layer.provide(SqliteStore.layer({ filename: join(dir, "service.db") }))
      )
    )
    const ids = Array.from({ length: 100 }, (_, i) => `read-${i}`)
    recording = "read setup"
    await service.runPromise(Effect.forEach(ids, lifecycle, { concurrency: 16, discard: true }))
    let next = 0
    const reads = Effect.gen(function* () {
      const cases = yield* CaseService.CaseService
      for (let i = 0; i < 20; i++) {
        const view = yield* cases.get(ids[next++ % ids.length]!, dispatcher)
        if (view.history.length !== 6) throw new Error(`expected 6 events, got ${view.history.length}`)
      }
    })
    const read = await compareAsync(
      "CaseService.get on SQLite, a closed case of 6 events: reads/s with and without the hash-chain check",
      [
        { name: "CaseService.get, verifyReads: false (baseline)", ops: 20, fn: () => unchecked.runPromise(reads) },
        { name: "CaseService.get, hash chain checked (default)", ops: 20, fn: () => service.runPromise(reads) }
      ],
      { samples: 9 }
    )
    console.log(
      `hash-chain check on read: ${(read[1]!.medianOpsPerSec / read[0]!.medianOpsPerSec).toFixed(2)}× the unchecked rate`
    )
    await unchecked.dispose()
    await memory.dispose()
    await service.dispose()
    await store.dispose()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
