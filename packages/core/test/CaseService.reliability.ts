/**
 * Command-level reliability through CaseService, shared by the SQLite and PostgreSQL
 * tiers: worker processes issuing conflicting commands on the same cases (run with
 * tsx as child processes), and the checks the parent makes on the database.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { Audit, CaseService, CaseStore, Directory } from "@gridgov/core"
import { Effect, Layer, Result } from "effect"
import { expect } from "vitest"
import { city, dispatcher, leader, openEvent, ref, resident, settings } from "./CaseService.suite.js"

type Stores = import("@gridgov/storage-sql").SqlStore.Stores

const root = fileURLToPath(new URL("../../../", import.meta.url))
export const streams = 5

// One attempt: every lost race surfaces as a typed CaseConflict, so the test always
// exercises the refusal path (with retries, too few conflicts outlast them to be sure).
const serviceOf = (layer: Layer.Layer<Stores, unknown>) =>
  CaseService.layer.pipe(
    Layer.provide(CaseService.layerConfig({ ...settings, maxAttempts: 1 })),
    Layer.provide(Directory.layerMemory(city.directory)),
    Layer.provideMerge(layer)
  )

const run = <A>(
  layer: Layer.Layer<Stores, unknown>,
  body: Effect.Effect<A, unknown, CaseService.CaseService | Stores>
) => Effect.runPromise(Effect.scoped(Effect.flatMap(Layer.build(serviceOf(layer)), (ctx) => Effect.provide(body, ctx))))

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

/** The child process's main: `node --import tsx <worker> contend <json>`. */
export const runWorker = (layer: Layer.Layer<Stores, unknown>) => {
  const [, json] = process.argv.slice(2)
  const args = JSON.parse(json ?? "{}") as { worker: number; attempts: number }
  run(layer, contend(args.worker, args.attempts)).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0)),
    (error) => {
      process.stderr.write(`${String(error)}\n`)
      process.exit(1)
    }
  )
}

// ---------------------------------------------------------------- parent side

const launch = (script: string, env: Record<string, string>, args: unknown) => {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", script, "contend", JSON.stringify(args)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"]
  })
  let out = ""
  let err = ""
  child.stdout!.on("data", (c: Buffer) => {
    out += c.toString("utf8")
  })
  child.stderr!.on("data", (c: Buffer) => {
    err += c.toString("utf8")
  })
  return new Promise<{
    applied: Array<{ seq: number; caseId: string; version: number }>
    refused: Record<string, number>
  }>((resolve, reject) =>
    child.on("exit", (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split("\n").pop()!))
        : reject(new Error(`worker exited ${code}: ${err}`))
    )
  )
}

/** 4 processes × 250 conflicting commands on 5 cases: no lost update, each applied once or refused typed. */
export const contention = async (script: string, env: Record<string, string>, layer: Layer.Layer<Stores, unknown>) => {
  await run(
    layer,
    Effect.gen(function* () {
      const cases = yield* CaseService.CaseService
      for (let i = 0; i < streams; i++) yield* cases.execute(`r${i}`, openEvent(`r${i}`, resident, "public"), resident)
    })
  )
  const results = await Promise.all([0, 1, 2, 3].map((worker) => launch(script, env, { worker, attempts: 250 })))
  const applied = results.flatMap((r, worker) => r.applied.map((a) => ({ ...a, worker })))
  const refused: Record<string, number> = {}
  for (const r of results) for (const [tag, n] of Object.entries(r.refused)) refused[tag] = (refused[tag] ?? 0) + n
  const refusedTotal = Object.values(refused).reduce((a, b) => a + b, 0)
  expect(applied.length + refusedTotal).toBe(1_000)
  // the only refusals: conflicts that outlasted the retries, and registering a case registered already
  expect(Object.keys(refused).every((tag) => tag === "CaseConflict" || tag === "TransitionNotAllowed")).toBe(true)
  return run(
    layer,
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

/** 10,000 reports, each sent twice concurrently with the same idempotency key: one case each. */
export const reports = (layer: Layer.Layer<Stores, unknown>, concurrency: number) =>
  run(
    layer,
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
