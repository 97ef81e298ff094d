/**
 * Command-level reliability of a store under `CaseService`: worker processes issuing
 * conflicting commands on the same cases (no lost update: each applied once or
 * refused typed), and reports retried with their idempotency keys (exactly one case
 * each). Registers no tests: call the checks from your own tests, against a store
 * that several processes share (a file, a server).
 *
 * @since 0.1.0
 */
import { Audit, CaseService, CaseStore } from "@gridgov/core"
import { Effect, Layer, Result } from "effect"
import { expect } from "vitest"
import type { Stores } from "./Conformance.js"
import { actors, openEvent, ref } from "./internal/serviceWorld.js"
import * as W from "./internal/worker.js"

const { dispatcher, leader, resident } = actors

/**
 * How a check starts a worker process: `command` with `args`, to which the check
 * appends `<mode> <json>`; the process's main calls `runWorker` over the same store.
 * For a TypeScript worker run by tsx: `{ command: process.execPath, args: ["--import",
 * "tsx", "service.worker.ts"] }`.
 *
 * @example
 * import type { ServiceReliability } from "@gridgov/testing/vitest"
 * const worker: ServiceReliability.Worker = { command: "node", args: ["service.worker.js"], env: { STORE: "/tmp/s.db" } }
 *
 * @category workers
 * @since 0.1.0
 */
export type Worker = W.Worker

const streams = 5

// One attempt: every lost race surfaces as a typed CaseConflict, so the test always
// exercises the refusal path (with retries, too few conflicts outlast them to be sure).
const serviceOf = (layer: Layer.Layer<Stores, unknown>, settings: CaseService.Settings) =>
  CaseService.layer.pipe(
    Layer.provide(CaseService.layerConfig({ ...settings, maxAttempts: 1 })),
    Layer.provideMerge(layer)
  )

const run = <A>(
  layer: Layer.Layer<Stores, unknown>,
  settings: CaseService.Settings,
  body: Effect.Effect<A, unknown, CaseService.CaseService | Stores>
) =>
  Effect.runPromise(
    Effect.scoped(Effect.flatMap(Layer.build(serviceOf(layer, settings)), (ctx) => Effect.provide(body, ctx)))
  )

// ---------------------------------------------------------------- worker side

/** Urges (a leader) and registrations on the same cases: each applied once, or refused with a typed error. */
const contend = (worker: number, attempts: number) =>
  Effect.gen(function* () {
    const cases = yield* CaseService.CaseService
    const applied: Array<{ seq: number; caseId: string; version: number }> = []
    const refused: Record<string, number> = {}
    for (let seq = 0; seq < attempts; seq++) {
      const caseId = `r${(seq * 7 + worker) % streams}`
      const command =
        seq % 10 === 0
          ? ({ _tag: "Register", actor: ref(dispatcher, "dispatcher") } as const)
          : ({ _tag: "Urge", actor: ref(leader, "leader"), note: `w${worker}/${seq}` } as const)
      const who = command._tag === "Register" ? dispatcher : leader
      const outcome = yield* Effect.result(cases.execute(caseId, command, who))
      if (Result.isSuccess(outcome)) applied.push({ seq, caseId, version: outcome.success.version })
      else refused[outcome.failure._tag] = (refused[outcome.failure._tag] ?? 0) + 1
    }
    return { applied, refused }
  })

/**
 * The main of a worker process: runs the commands the parent asked for (`contend
 * <json>` on its command line) through the service over `layer`, prints what was
 * applied and refused as its last line, and exits.
 *
 * @example
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * import { type Conformance, ServiceReliability, ServiceSuite } from "@gridgov/testing/vitest"
 * import type { Layer } from "effect"
 * // the whole of a service.worker.ts that `contention` starts, over your store's layer:
 * const main = (store: Layer.Layer<Conformance.Stores, unknown>) =>
 *   ServiceReliability.runWorker(store, ServiceSuite.settings(CalendarCn.calendar()))
 *
 * @category workers
 * @since 0.1.0
 */
export const runWorker = (layer: Layer.Layer<Stores, unknown>, settings: CaseService.Settings): void => {
  const { args } = W.argv<{ readonly worker: number; readonly attempts: number }>()
  W.finish(run(layer, settings, contend(args.worker, args.attempts)))
}

// ---------------------------------------------------------------- parent side

/**
 * 4 worker processes × 250 conflicting commands (urges and registrations) on 5 cases,
 * through the service with one attempt each: every command is applied exactly once
 * (at the version its receipt names) or refused with a typed error, the chain
 * verifies, and summaries agree with their streams. `worker` starts a process that
 * calls {@link runWorker} over the same store; `layer` is the store, read back by the
 * parent. Returns the counts (also printed).
 *
 * @example
 * import { ServiceReliability } from "@gridgov/testing/vitest"
 * const check = ServiceReliability.contention
 *
 * @category suites
 * @since 0.1.0
 */
export const contention = async (
  worker: Worker,
  layer: Layer.Layer<Stores, unknown>,
  settings: CaseService.Settings
) => {
  await run(
    layer,
    settings,
    Effect.gen(function* () {
      const cases = yield* CaseService.CaseService
      for (let i = 0; i < streams; i++) yield* cases.execute(`r${i}`, openEvent(`r${i}`, resident, "public"), resident)
    })
  )
  const children = [0, 1, 2, 3].map((n) => W.launch(worker, "contend", { worker: n, attempts: 250 }))
  const codes = await Promise.all(children.map((c) => c.done))
  expect(codes, children.map((c) => c.stderr()).join("\n")).toEqual([0, 0, 0, 0])
  const results = children.map(W.lastJson) as Array<{
    applied: Array<{ seq: number; caseId: string; version: number }>
    refused: Record<string, number>
  }>
  const applied = results.flatMap((r, worker) => r.applied.map((a) => ({ ...a, worker })))
  const refused: Record<string, number> = {}
  for (const r of results) for (const [tag, n] of Object.entries(r.refused)) refused[tag] = (refused[tag] ?? 0) + n
  const refusedTotal = Object.values(refused).reduce((a, b) => a + b, 0)
  expect(applied.length + refusedTotal).toBe(1_000)
  // the only refusals: conflicts that outlasted the retries, and registering a case registered already
  expect(Object.keys(refused).every((tag) => tag === "CaseConflict" || tag === "TransitionNotAllowed")).toBe(true)
  return run(
    layer,
    settings,
    Effect.gen(function* () {
      const store = yield* CaseStore.CaseStore
      const all = yield* store.readAll(0, 100_000)
      expect(Result.isSuccess(Audit.verify(all))).toBe(true)
      // every applied urge is in its case exactly once, at the version its receipt named
      let urges = 0
      for (const a of applied) {
        const events = yield* store.load(a.caseId)
        const e = events[a.version - 1]!
        expect(e.version).toBe(a.version)
        if (e.type === "Urged") {
          urges++
          expect((e.payload as { note: string }).note).toBe(`w${a.worker}/${a.seq}`)
        }
      }
      const stored = all.filter((e) => e.type === "Urged").map((e) => (e.payload as { note: string }).note)
      expect(new Set(stored).size).toBe(stored.length)
      expect(stored.length).toBe(urges)
      // summaries agree with the streams; a case is registered (and dispatched) at most once
      let registered = 0
      for (let i = 0; i < streams; i++) {
        const events = yield* store.load(`r${i}`)
        const summary = yield* store.summary(`r${i}`)
        expect(summary._tag === "Some" && summary.value.version).toBe(events.length)
        const n = events.filter((e) => e.type === "Registered").length
        expect(n).toBeLessThanOrEqual(1)
        registered += n
      }
      expect(registered).toBeGreaterThan(0)
      expect(refused.CaseConflict ?? 0).toBeGreaterThan(0)
      const counts = { commands: 1_000, applied: applied.length, urges, registered, refused, events: all.length }
      console.log(`service contention: ${JSON.stringify(counts)}`)
      return counts
    })
  )
}

/**
 * 10,000 reports, each sent twice concurrently with the same idempotency key, with
 * `concurrency` requests in flight: one case each, and the second answer is the
 * first receipt, replayed. Returns the counts (also printed).
 *
 * @example
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * import { Memory, ServiceReliability, ServiceSuite } from "@gridgov/testing/vitest"
 * import { Effect, Layer } from "effect"
 * const store = Layer.unwrap(Effect.map(Memory.make, (s) => Layer.succeedContext(s.services)))
 * const check = () => ServiceReliability.reports(store, ServiceSuite.settings(CalendarCn.calendar()), 8)
 *
 * @category suites
 * @since 0.1.0
 */
export const reports = (layer: Layer.Layer<Stores, unknown>, settings: CaseService.Settings, concurrency: number) =>
  run(
    layer,
    settings,
    Effect.gen(function* () {
      const cases = yield* CaseService.CaseService
      const store = yield* CaseStore.CaseStore
      const total = 10_000
      let replayed = 0
      const send = (k: number) =>
        Effect.map(
          cases.execute(`rep-${k}`, openEvent(`rep-${k}`, resident, "public"), resident, {
            idempotencyKey: `report-${k}`
          }),
          (r) => {
            if (r.replayed) replayed++
            return r
          }
        )
      yield* Effect.forEach(
        Array.from({ length: total }, (_, k) => k),
        (k) =>
          Effect.map(Effect.all([send(k), send(k)], { concurrency: 2 }), ([a, b]) => {
            expect({ ...a, replayed: false }).toEqual({ ...b, replayed: false })
          }),
        { concurrency, discard: true }
      )
      const all = yield* store.readAll(0, 100_000)
      const perCase = new Map<string, number>()
      for (const e of all) perCase.set(e.streamId, (perCase.get(e.streamId) ?? 0) + 1)
      expect(perCase.size).toBe(total)
      expect([...perCase.values()].every((n) => n === 1)).toBe(true)
      expect(replayed).toBe(total)
      const counts = { reports: total, requests: 2 * total, cases: perCase.size, replayed, events: all.length }
      console.log(`service idempotency: ${JSON.stringify(counts)}`)
      return counts
    })
  )
