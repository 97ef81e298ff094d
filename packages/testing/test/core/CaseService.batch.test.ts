/**
 * Group commit in CaseService: concurrent commands share one `appendMany`
 * transaction, bounded by `batchSize`; a lone command goes at once; a failed batch
 * fails every command in it with the store's typed error and writes nothing; two
 * requests with one idempotency key in a batch end as one append and one replay.
 */

import { CalendarCn } from "@gridgov/calendar-cn"
import { CaseService, CaseStore, Idempotency } from "@gridgov/core"
import { type Conformance, Memory, ServiceSuite } from "@gridgov/testing/vitest"
import { Context, Deferred, Effect, Fiber, Option, Result } from "effect"
import { describe, expect, it } from "vitest"

const { exec, history, openEvent, Raw, runWith } = ServiceSuite
const settings = ServiceSuite.settings(CalendarCn.calendar())
const { resident } = ServiceSuite.actors

/** A store that records the size of each batch and can hold the first one until `release`. */
const observed = (options: { hold?: boolean; fail?: boolean } = {}) => {
  const batches: Array<number> = []
  let loads = 0
  let gate: Deferred.Deferred<void> | undefined
  const release = Effect.suspend(() => (gate === undefined ? Effect.void : Deferred.succeed(gate, undefined)))
  const wrap = (ctx: Context.Context<Conformance.Stores>): Context.Context<Conformance.Stores> => {
    const store = Context.get(ctx, CaseStore.CaseStore)
    const appendMany = (requests: ReadonlyArray<CaseStore.AppendRequest>) =>
      Effect.gen(function* () {
        batches.push(requests.length)
        if (options.hold === true && batches.length === 1) {
          gate = yield* Deferred.make<void>()
          yield* Deferred.await(gate)
        }
        if (options.fail === true) {
          return yield* new CaseStore.StoreError({ operation: "appendMany", message: "disk full", cause: null })
        }
        return yield* store.appendMany(requests)
      })
    const load = (streamId: string) => Effect.tap(store.load(streamId), () => Effect.sync(() => loads++))
    return Context.add(ctx, CaseStore.CaseStore, CaseStore.CaseStore.of({ ...store, appendMany, load }))
  }
  return { wrap, batches, loads: () => loads, release, held: () => gate !== undefined }
}

/** Lets every other fiber run until it blocks. */
const settle = Effect.gen(function* () {
  for (let i = 0; i < 50; i++) yield* Effect.yieldNow
})

const report = (k: number, key?: string) => exec(`b-${k}`, openEvent(`b-${k}`, resident, "public"), resident, key)

describe("CaseService: group commit", () => {
  it("commands that arrive while a transaction runs are written together in the next one, up to batchSize", async () => {
    const o = observed({ hold: true })
    const run = runWith(Memory.make, { ...settings, batchSize: 4 }, o.wrap)
    const receipts = await run(
      Effect.gen(function* () {
        const first = yield* Effect.forkChild(report(0))
        while (!o.held()) yield* Effect.yieldNow
        const rest = yield* Effect.forEach(
          Array.from({ length: 10 }, (_, k) => k + 1),
          (k) => Effect.forkChild(report(k))
        )
        const fibers = [first, ...rest]
        while (o.loads() < 11) yield* Effect.yieldNow
        yield* settle
        // the first command's transaction is still running; the other ten are queued
        expect(o.batches).toEqual([1])
        yield* o.release
        return yield* Effect.forEach(fibers, Fiber.join)
      })
    )
    expect(o.batches).toEqual([1, 4, 4, 2])
    expect(receipts.map((r) => [r.caseId, r.version, r.replayed])).toEqual(
      Array.from({ length: 11 }, (_, k) => [`b-${k}`, 1, false])
    )
  })

  it("a lone command is written at once, in a batch of its own", async () => {
    const o = observed()
    const run = runWith(Memory.make, settings, o.wrap)
    await run(
      Effect.gen(function* () {
        for (let k = 0; k < 3; k++) yield* report(k)
      })
    )
    expect(o.batches).toEqual([1, 1, 1])
  })

  it("two requests with one idempotency key in the same batch: one case, the second a replay", async () => {
    const o = observed({ hold: true })
    const run = runWith(Memory.make, settings, o.wrap)
    const result = await run(
      Effect.gen(function* () {
        const first = yield* Effect.forkChild(report(0))
        while (!o.held()) yield* Effect.yieldNow
        const twins = yield* Effect.forEach([0, 1], () => Effect.forkChild(report(1, "same-key")))
        while (o.loads() < 3) yield* Effect.yieldNow
        yield* settle
        yield* o.release
        yield* Fiber.join(first)
        const [a, b] = yield* Effect.forEach(twins, Fiber.join)
        return { a: a!, b: b!, events: yield* history("b-1") }
      })
    )
    expect(o.batches).toEqual([1, 2])
    expect([result.a.replayed, result.b.replayed].sort()).toEqual([false, true])
    expect({ ...result.a, replayed: false }).toEqual({ ...result.b, replayed: false })
    expect(result.events.map((e) => e.type)).toEqual(["Opened"])
  })

  it("a failed batch transaction fails each of its commands with the typed StoreError and writes nothing", async () => {
    const o = observed({ hold: true, fail: true })
    const run = runWith(Memory.make, settings, o.wrap)
    const outcome = await run(
      Effect.gen(function* () {
        const first = yield* Effect.forkChild(Effect.result(report(0)))
        while (!o.held()) yield* Effect.yieldNow
        const rest = yield* Effect.forEach([1, 2, 3], (k) => Effect.forkChild(Effect.result(report(k))))
        const fibers = [first, ...rest]
        while (o.loads() < 4) yield* Effect.yieldNow
        yield* settle
        yield* o.release
        const results = yield* Effect.forEach(fibers, Fiber.join)
        const raw = yield* Raw
        return { results, events: yield* Effect.orDie(raw.events), summaries: yield* Effect.orDie(raw.summaries) }
      })
    )
    expect(o.batches).toEqual([1, 3])
    for (const r of outcome.results) {
      expect(Result.isFailure(r)).toBe(true)
      if (Result.isFailure(r)) {
        expect(r.failure).toBeInstanceOf(CaseStore.StoreError)
        expect(r.failure).toMatchObject({ _tag: "StoreError", operation: "appendMany", message: "disk full" })
      }
    }
    expect(outcome.events).toEqual([])
    expect(outcome.summaries).toEqual([])
  })
})

describe("CaseService: idempotency races", () => {
  it("a keyed request whose twin commits between its key check and its load replays instead of failing", async () => {
    // the window: our key check misses, then the twin commits before our load (emulated by committing the
    // twin right after the first miss of `Idempotency.get`)
    let twin: Effect.Effect<unknown, unknown, never> | undefined
    let injected = 0
    const wrap = (ctx: Context.Context<Conformance.Stores>): Context.Context<Conformance.Stores> => {
      const keys = Context.get(ctx, Idempotency.Idempotency)
      const get = (key: string) =>
        Effect.gen(function* () {
          const seen = yield* keys.get(key)
          if (Option.isNone(seen) && twin !== undefined && injected === 0) {
            injected++
            yield* Effect.orDie(twin)
          }
          return seen
        })
      return Context.add(ctx, Idempotency.Idempotency, Idempotency.Idempotency.of({ ...keys, get }))
    }
    const run = runWith(Memory.make, settings, wrap)
    const result = await run(
      Effect.gen(function* () {
        const service = yield* CaseService.CaseService
        twin = service.execute("k-1", openEvent("k-1", resident, "public"), resident, { idempotencyKey: "twin" })
        const ours = yield* exec("k-1", openEvent("k-1", resident, "public"), resident, "twin")
        return { ours, events: yield* history("k-1") }
      })
    )
    expect(injected).toBe(1)
    expect(result.ours).toMatchObject({ caseId: "k-1", version: 1, replayed: true })
    expect(result.events.map((e) => e.type)).toEqual(["Opened"])
  })
})
