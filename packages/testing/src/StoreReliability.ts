/**
 * Store-level reliability, for stores that several processes share (a file, a
 * server): worker processes appending to the same streams (no lost update, no gap),
 * a writer killed with `kill -9` mid-burst (nothing acknowledged is lost), appends
 * retried with idempotency keys (each once), and sweepers competing for due timers
 * after one crashed holding a batch (each timer fires once). Registers no tests: call
 * the checks from your own tests.
 *
 * @since 0.1.0
 */
import { Audit, CaseStore, Timers } from "@gridgov/core"
import { Context, Effect, Layer, Option, Result } from "effect"
import { expect } from "vitest"
import type { Stores } from "./Conformance.js"
import * as W from "./internal/worker.js"

/**
 * How a check starts a worker process: `command` with `args`, to which the check
 * appends `<mode> <json>`; the process's main is `runWorker` over the same store.
 * For a TypeScript worker run by tsx: `{ command: process.execPath, args: ["--import",
 * "tsx", "worker.ts"] }`.
 *
 * @example
 * import type { StoreReliability } from "@gridgov/testing/vitest"
 * const worker: StoreReliability.Worker = { command: "node", args: ["worker.js"], env: { STORE: "/tmp/s.db" } }
 *
 * @category workers
 * @since 0.1.0
 */
export type Worker = W.Worker

const actor = { id: "worker", roles: ["system"] }

// ---------------------------------------------------------------- worker side

const contend = (store: CaseStore.CaseStore["Service"], worker: number, streams: number, attempts: number) =>
  Effect.gen(function* () {
    const applied: Array<{ seq: number; streamId: string; version: number }> = []
    const conflicts: Array<number> = []
    const errors: Array<string> = []
    for (let seq = 0; seq < attempts; seq++) {
      const streamId = `s${(seq * 7 + worker) % streams}`
      const loaded = yield* store.load(streamId)
      const version = loaded.length
      const at = 1_000 + seq
      const outcome = yield* store
        .append({
          streamId,
          expectedVersion: version,
          events: [
            { type: "Attempted", v: 1, payload: { worker, seq }, actor, at },
            { type: "Applied", v: 1, payload: { worker, seq }, actor, at }
          ],
          summary: summaryOf(streamId, version + 2, at),
          outbox: [{ id: `m-${worker}-${seq}`, dedupeKey: `${streamId}/${version + 2}`, channel: "log", payload: null }]
        })
        .pipe(Effect.result)
      if (Result.isSuccess(outcome)) {
        if (outcome.success._tag === "Appended") applied.push({ seq, streamId, version: outcome.success.version })
      } else if (outcome.failure._tag === "VersionConflict") conflicts.push(seq)
      else errors.push(outcome.failure.message)
    }
    return { applied, conflicts, errors }
  })

/** The summary a stream at `version` must have: a pure function of its events. */
const summaryOf = (streamId: string, version: number, at: number): CaseStore.SummaryInput => ({
  kind: "event",
  state: "open",
  category: "event.test",
  gridCode: "620981",
  gridPre: 1,
  gridPost: 1,
  unit: null,
  assignee: null,
  reporter: null,
  held: [],
  dueAt: null,
  overdue: false,
  createdAt: 0,
  updatedAt: at,
  body: { streamId, appends: version / 2 }
})

const burst = (store: CaseStore.CaseStore["Service"], streams: number) =>
  Effect.gen(function* () {
    const versions = new Map<string, number>()
    for (let seq = 0; ; seq++) {
      const streamId = `b${seq % streams}`
      const version = versions.get(streamId) ?? 0
      yield* store.append({
        streamId,
        expectedVersion: version,
        events: [
          { type: "Attempted", v: 1, payload: { seq }, actor, at: seq },
          { type: "Applied", v: 1, payload: { seq }, actor, at: seq }
        ],
        summary: summaryOf(streamId, version + 2, seq)
      })
      versions.set(streamId, version + 2)
      process.stdout.write(`ack ${streamId} ${version + 2}\n`)
    }
  })

const sweep = (timers: Timers.Timers["Service"], owner: string, batch: number, leaseMs: number, crash: boolean) =>
  Effect.gen(function* () {
    const fired: Array<string> = []
    for (;;) {
      const claimed = yield* timers.claimDue(Date.now(), batch, owner, leaseMs)
      if (crash && claimed.length > 0) {
        process.stdout.write(`${JSON.stringify({ abandoned: claimed.map((t) => t.id) })}\n`, () =>
          process.kill(process.pid, "SIGKILL")
        )
        return yield* Effect.never
      }
      for (const timer of claimed) if (yield* timers.complete(timer.id, owner)) fired.push(timer.id)
      if (claimed.length === 0) {
        if ((yield* timers.nextDue()) === null) return { fired }
        yield* Effect.sleep("20 millis")
      }
    }
  })

/**
 * The main of a worker process: runs what the parent asked for on its command line
 * (`contend`, `burst` or `sweep`, with JSON arguments) against the store `layer`
 * provides, prints its result as its last line, and exits.
 *
 * @example
 * import { type Conformance, StoreReliability } from "@gridgov/testing/vitest"
 * import type { Layer } from "effect"
 * // the whole of a worker.ts that the checks start, over your store's layer:
 * const main = (store: Layer.Layer<Conformance.Stores, unknown>) => StoreReliability.runWorker(store)
 *
 * @category workers
 * @since 0.1.0
 */
export const runWorker = (layer: Layer.Layer<Stores, unknown>): void => {
  const { mode, args } = W.argv<{
    readonly worker: number
    readonly streams: number
    readonly attempts: number
    readonly owner: string
    readonly batch: number
    readonly leaseMs: number
    readonly crash?: boolean
  }>()
  const program = Effect.gen(function* () {
    const services = yield* Layer.build(layer)
    const store = Context.get(services, CaseStore.CaseStore)
    const timers = Context.get(services, Timers.Timers)
    switch (mode) {
      case "contend":
        return yield* contend(store, args.worker, args.streams, args.attempts)
      case "burst":
        return yield* burst(store, args.streams)
      case "sweep":
        return yield* sweep(timers, args.owner, args.batch, args.leaseMs, args.crash === true)
      default:
        return yield* Effect.die(new Error(`unknown mode ${mode}`))
    }
  })
  W.finish(Effect.runPromise(Effect.scoped(program)))
}

// ---------------------------------------------------------------- parent side

const run = <A>(
  layer: Layer.Layer<Stores, unknown>,
  f: (services: Context.Context<Stores>) => Effect.Effect<A, unknown>
) => Effect.runPromise(Effect.scoped(Effect.flatMap(Layer.build(layer), f)))

const readAll = (store: CaseStore.CaseStore["Service"]) =>
  Effect.gen(function* () {
    const all: Array<CaseStore.StoredEvent> = []
    for (;;) {
      const page = yield* store.readAll(all.length === 0 ? 0 : all[all.length - 1]!.position, 1_000)
      if (page.length === 0) return all
      all.push(...page)
    }
  })

/** Checks that every stream is a whole number of appends, chained, and that each summary equals a rebuild. */
const checkProjection = (services: Context.Context<Stores>) =>
  Effect.gen(function* () {
    const store = Context.get(services, CaseStore.CaseStore)
    const events = yield* readAll(store)
    const streams = new Map<string, Array<CaseStore.StoredEvent>>()
    for (const e of events) streams.set(e.streamId, [...(streams.get(e.streamId) ?? []), e])
    expect(Result.isSuccess(Audit.verify(events))).toBe(true)
    for (const [streamId, list] of streams) {
      expect(list.length % 2).toBe(0)
      const last = list[list.length - 1]!
      const rebuilt = { ...summaryOf(streamId, last.version, last.at), streamId, version: last.version }
      expect(yield* store.summary(streamId)).toEqual(Option.some(rebuilt))
    }
    return { events, streams }
  })

/**
 * 4 worker processes × 250 conflicting appends on 5 streams: each append is applied
 * exactly once or rejected with `VersionConflict`, versions have no gaps, the chain
 * verifies and every summary equals a rebuild from its stream. `worker` starts a
 * process whose main is {@link runWorker} over the same store; `layer` is the store,
 * read back by the parent. Returns the counts (also printed).
 *
 * @example
 * import { StoreReliability } from "@gridgov/testing/vitest"
 * const check = StoreReliability.contention
 *
 * @category suites
 * @since 0.1.0
 */
export const contention = async (worker: Worker, layer: Layer.Layer<Stores, unknown>) => {
  const workers = [0, 1, 2, 3].map((n) => W.launch(worker, "contend", { worker: n, streams: 5, attempts: 250 }))
  const codes = await Promise.all(workers.map((w) => w.done))
  expect(codes).toEqual([0, 0, 0, 0])
  const results = workers.map(W.lastJson) as Array<{
    applied: Array<{ seq: number; streamId: string; version: number }>
    conflicts: Array<number>
    errors: Array<string>
  }>
  const applied = results.flatMap((r, worker) => r.applied.map((a) => ({ ...a, worker })))
  const conflicts = results.reduce((n, r) => n + r.conflicts.length, 0)
  const errors = results.flatMap((r) => r.errors)
  expect(errors).toEqual([])
  expect(applied.length + conflicts).toBe(1_000)
  return run(layer, (services) =>
    Effect.gen(function* () {
      const { events, streams } = yield* checkProjection(services)
      expect(events.length).toBe(applied.length * 2)
      const stored = new Map<string, number>()
      for (const e of events) {
        const { worker, seq } = e.payload as { worker: number; seq: number }
        if (e.type === "Applied") stored.set(`${worker}/${seq}`, (stored.get(`${worker}/${seq}`) ?? 0) + 1)
      }
      for (const a of applied) expect(stored.get(`${a.worker}/${a.seq}`)).toBe(1)
      expect(stored.size).toBe(applied.length)
      for (const [, list] of streams) expect(list.map((e) => e.version)).toEqual(list.map((_, i) => i + 1))
      const counts = { attempts: 1_000, applied: applied.length, conflicts, events: events.length }
      console.log(`contention: ${JSON.stringify(counts)}`)
      expect(conflicts).toBeGreaterThan(0)
      return counts
    })
  )
}

/**
 * `kill -9` a writer in the middle of a burst of appends: after the restart every
 * acknowledged append is there, and the projections equal a rebuild. Returns the
 * counts (also printed).
 *
 * @example
 * import { StoreReliability } from "@gridgov/testing/vitest"
 * const check = StoreReliability.crash
 *
 * @category suites
 * @since 0.1.0
 */
export const crash = async (worker: Worker, layer: Layer.Layer<Stores, unknown>) => {
  const writer = W.launch(worker, "burst", { streams: 20 })
  // Bounded by count, not by the clock: a loaded machine may take long to start the writer.
  let exited = false
  void writer.done.then(() => {
    exited = true
  })
  while (writer.lines.length < 400 && !exited) await new Promise((r) => setTimeout(r, 10))
  writer.child.kill("SIGKILL")
  await writer.done
  const acks = writer.lines.filter((l) => l.startsWith("ack ")).map((l) => l.split(" "))
  expect(acks.length).toBeGreaterThanOrEqual(400)
  return run(layer, (services) =>
    Effect.gen(function* () {
      const { events, streams } = yield* checkProjection(services)
      for (const [, streamId, version] of acks) {
        expect((streams.get(streamId!) ?? []).length).toBeGreaterThanOrEqual(Number(version))
      }
      const counts = { acknowledged: acks.length, appendsStored: events.length / 2 }
      console.log(`crash: ${JSON.stringify(counts)}`)
      return counts
    })
  )
}

/**
 * 10,000 appends with idempotency keys, each sent twice concurrently (with a stale
 * expected version the second time), `concurrency` in flight: each goes in once, and
 * the retry gets the first result back. Returns the counts (also printed).
 *
 * @example
 * import { Memory, StoreReliability } from "@gridgov/testing/vitest"
 * import { Effect, Layer } from "effect"
 * const store = Layer.unwrap(Effect.map(Memory.make, (s) => Layer.succeedContext(s.services)))
 * const check = () => StoreReliability.idempotency(store, 8)
 *
 * @category suites
 * @since 0.1.0
 */
export const idempotency = (layer: Layer.Layer<Stores, unknown>, concurrency: number) =>
  run(layer, (services) =>
    Effect.gen(function* () {
      const store = Context.get(services, CaseStore.CaseStore)
      const total = 10_000
      let replayed = 0
      let appended = 0
      // A retried request carries the same key and the same (by then stale) expected version: without the
      // key the retry would be a VersionConflict; with it, the first result comes back and nothing is written.
      const attempt = (k: number) =>
        Effect.gen(function* () {
          const outcome = yield* store.append({
            streamId: `i${k}`,
            expectedVersion: 0,
            events: [{ type: "Noted", v: 1, payload: { k }, actor, at: k }],
            idempotency: { key: `key-${k}`, fingerprint: `f-${k}`, result: { k } }
          })
          if (outcome._tag === "Replayed") {
            expect(outcome.result).toEqual({ k })
            replayed++
          } else appended++
        })
      const keys = Array.from({ length: total }, (_, k) => k)
      yield* Effect.forEach(keys, (k) => Effect.all([attempt(k), attempt(k)], { concurrency: 2 }), {
        concurrency,
        discard: true
      })
      const events = yield* readAll(store)
      const perKey = new Map<number, number>()
      for (const e of events) {
        const k = (e.payload as { k: number }).k
        perKey.set(k, (perKey.get(k) ?? 0) + 1)
      }
      expect(events.length).toBe(total)
      expect([...perKey.values()].every((n) => n === 1)).toBe(true)
      expect(appended).toBe(total)
      expect(replayed).toBe(total)
      const counts = { keys: total, requests: 2 * total, appended, replayed, events: events.length }
      console.log(`idempotency: ${JSON.stringify(counts)}`)
      return counts
    })
  )

/**
 * 3 sweeper processes over 10,000 due timers, after a fourth crashed (`kill -9`)
 * holding a batch: every timer fires exactly once, the crashed batch's too once its
 * lease runs out. Returns the counts (also printed).
 *
 * @example
 * import { StoreReliability } from "@gridgov/testing/vitest"
 * const check = StoreReliability.sweepers
 *
 * @category suites
 * @since 0.1.0
 */
export const sweepers = async (worker: Worker, layer: Layer.Layer<Stores, unknown>) => {
  const total = 10_000
  await run(layer, (services) =>
    Context.get(services, Timers.Timers).change(
      Array.from({ length: total }, (_, i) =>
        Timers.schedule({
          id: `t${String(i).padStart(5, "0")}`,
          streamId: `s${i % 97}`,
          dueAt: i,
          kind: "SlaBreach",
          payload: { i }
        })
      )
    )
  )
  const crashed = W.launch(worker, "sweep", { owner: "crasher", batch: 100, leaseMs: 1_500, crash: true })
  await crashed.done
  const abandoned: Array<string> = JSON.parse(crashed.lines[0]!).abandoned
  expect(abandoned.length).toBe(100)
  const sweeping = ["a", "b", "c"].map((owner) => W.launch(worker, "sweep", { owner, batch: 50, leaseMs: 30_000 }))
  expect(await Promise.all(sweeping.map((w) => w.done))).toEqual([0, 0, 0])
  const fired = sweeping.flatMap((w) => (W.lastJson(w) as { fired: Array<string> }).fired)
  const unique = new Set(fired)
  expect(fired.length).toBe(total)
  expect(unique.size).toBe(total)
  for (const id of abandoned) expect(unique.has(id)).toBe(true)
  const remaining = await run(layer, (services) => Context.get(services, Timers.Timers).nextDue())
  expect(remaining).toBe(null)
  const counts = {
    timers: total,
    fired: fired.length,
    distinct: unique.size,
    reclaimedFromCrash: abandoned.length,
    perSweeper: sweeping.map((w) => (W.lastJson(w) as { fired: Array<string> }).fired.length)
  }
  console.log(`timers: ${JSON.stringify(counts)}`)
  return counts
}
