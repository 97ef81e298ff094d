/**
 * The conformance suite every storage adapter runs: the behaviour of the
 * `CaseStore`, `Timers`, `Outbox` and `Idempotency` ports, and what was
 * persisted, read back through a raw hook the adapter supplies (plain table
 * reads, not the ports). Registers vitest tests; each test gets a fresh store.
 *
 * @since 0.1.0
 */
import { type AnalyticsStore, Audit, CaseStore, Idempotency, Outbox, Timers } from "@gridgov/core"
import { type Context, Effect, Exit, Option, Result, type Scope } from "effect"
import { describe, expect, it } from "vitest"
import * as Batch from "./internal/conformanceCases.js"
import * as Counters from "./internal/conformanceCounters.js"
import * as Keys from "./internal/conformanceIdempotency.js"
import * as Memory from "./Memory.js"

/**
 * A timer row as persisted, with its claim.
 *
 * @example
 * import type { Conformance } from "@gridgov/testing/vitest"
 * const free = (t: Conformance.RawTimer) => t.owner === null
 *
 * @category raw
 * @since 0.1.0
 */
export interface RawTimer extends Timers.Timer {
  readonly owner: string | null
  readonly leaseUntil: number | null
  readonly attempts: number
}

/**
 * An idempotency record as persisted: the key, the fingerprint of the request it
 * was recorded for (`null` for a key recorded before keys were bound), the result
 * and when it was recorded.
 *
 * @example
 * import type { Conformance } from "@gridgov/testing/vitest"
 * const key = (r: Conformance.RawIdempotency) => r.key
 *
 * @category raw
 * @since 0.1.0
 */
export interface RawIdempotency {
  readonly key: string
  readonly fingerprint: string | null
  readonly result: CaseStore.Json
  readonly createdAt: number
}

/**
 * The raw hook: every table read directly (JSON columns parsed, 0/1 flags as
 * booleans), events by position, the others by key.
 *
 * @example
 * import type { Conformance } from "@gridgov/testing/vitest"
 * const tables = (raw: Conformance.Raw) => [raw.events, raw.summaries, raw.timers, raw.outbox, raw.idempotency]
 *
 * @category raw
 * @since 0.1.0
 */
export interface Raw {
  readonly events: Effect.Effect<ReadonlyArray<CaseStore.StoredEvent>, unknown>
  readonly summaries: Effect.Effect<ReadonlyArray<CaseStore.Summary>, unknown>
  readonly timers: Effect.Effect<ReadonlyArray<RawTimer>, unknown>
  readonly outbox: Effect.Effect<ReadonlyArray<Outbox.Entry>, unknown>
  readonly idempotency: Effect.Effect<ReadonlyArray<RawIdempotency>, unknown>
  /** The units that held each case, one row per unit (a side table in SQL), by stream then unit. */
  readonly summaryUnits: Effect.Effect<ReadonlyArray<{ readonly streamId: string; readonly unit: string }>, unknown>
  /** The analytics counters as persisted (non-zero values), ordered by grid, unit, kind, category, month, measure. */
  readonly counters: Effect.Effect<ReadonlyArray<AnalyticsStore.Row>, unknown>
}

/**
 * The services under test.
 *
 * @example
 * import type { Conformance } from "@gridgov/testing/vitest"
 * type S = Conformance.Stores
 *
 * @category models
 * @since 0.1.0
 */
export type Stores =
  | CaseStore.CaseStore
  | Timers.Timers
  | Outbox.Outbox
  | Idempotency.Idempotency
  | AnalyticsStore.AnalyticsStore

/**
 * A fresh store: its services and its raw hook.
 *
 * @example
 * import { Effect } from "effect"
 * import { Memory, type Conformance } from "@gridgov/testing/vitest"
 * const subject: Effect.Effect<Conformance.Subject> = Memory.make
 *
 * @category models
 * @since 0.1.0
 */
export interface Subject {
  readonly services: Context.Context<Stores>
  readonly raw: Raw
}

const actor = { id: "p-1", roles: ["gridWorker"] }
const event = (type: string, at: number, payload: CaseStore.Json = {}): CaseStore.NewEvent => ({
  type,
  v: 1,
  payload,
  actor,
  at
})

/**
 * A summary input for tests, with the given fields overridden.
 *
 * @example
 * import { Conformance } from "@gridgov/testing/vitest"
 * Conformance.summary({ state: "closed" }).state // "closed"
 *
 * @category fixtures
 * @since 0.1.0
 */
export const summary = (fields: Partial<CaseStore.SummaryInput> = {}): CaseStore.SummaryInput => ({
  kind: "dispute",
  state: "registered",
  category: "dispute.water",
  gridCode: "620981001001",
  gridPre: 10,
  gridPost: 10,
  unit: "committee.water",
  assignee: null,
  reporter: null,
  held: [],
  dueAt: null,
  overdue: false,
  createdAt: 1_000,
  updatedAt: 1_000,
  body: { title: "水渠纠纷", parties: 2 },
  ...fields
})

const snapshot = (raw: Raw) =>
  Effect.all([raw.events, raw.summaries, raw.timers, raw.outbox, raw.idempotency, raw.summaryUnits, raw.counters])

/**
 * Registers the conformance tests for one adapter. `make` builds a fresh,
 * empty store in the test's scope.
 *
 * @example
 * import { Conformance, Memory } from "@gridgov/testing/vitest"
 * Conformance.run("memory", Memory.make)
 *
 * @category suites
 * @since 0.1.0
 */
export const run = (name: string, make: Effect.Effect<Subject, unknown, Scope.Scope>): void => {
  const test = (title: string, body: (raw: Raw) => Effect.Effect<void, unknown, Stores>) =>
    it(title, () =>
      Effect.runPromise(
        Effect.scoped(Effect.flatMap(make, (subject) => Effect.provide(body(subject.raw), subject.services)))
      )
    )

  describe(`${name}: CaseStore`, () => {
    test("appends to a new stream and loads the events back, chained", (raw) =>
      Effect.gen(function* () {
        const store = yield* CaseStore.CaseStore
        const payload = { 名称: "水渠", amount: -12.5, big: 2 ** 53 - 1, list: [1, "二", null, { z: 1, a: [] }] }
        const result = yield* store.append({
          streamId: "case-1",
          expectedVersion: 0,
          events: [event("Reported", 100, payload), event("Registered", 200)]
        })
        expect(result._tag).toBe("Appended")
        if (result._tag !== "Appended") return
        expect(result.version).toBe(2)
        const loaded = yield* store.load("case-1")
        expect(loaded).toEqual(result.events)
        expect(loaded.map((e) => e.version)).toEqual([1, 2])
        expect(loaded[0]!.payload).toEqual(payload)
        expect(loaded[0]!.prevHash).toBe(Audit.genesis)
        expect(loaded[1]!.prevHash).toBe(loaded[0]!.hash)
        expect(Result.isSuccess(Audit.verify(loaded))).toBe(true)
        expect(yield* raw.events).toEqual(loaded)
        expect(yield* store.load("nobody")).toEqual([])
        expect(Option.isNone(yield* store.summary("nobody"))).toBe(true)
      }))

    test("a wrong expected version fails with VersionConflict and writes nothing", (raw) =>
      Effect.gen(function* () {
        const store = yield* CaseStore.CaseStore
        yield* store.append({ streamId: "case-1", expectedVersion: 0, events: [event("Reported", 1)] })
        const before = yield* snapshot(raw)
        const exit = yield* Effect.exit(
          store.append({
            streamId: "case-1",
            expectedVersion: 0,
            events: [event("Reported", 2)],
            summary: summary(),
            timers: [Timers.schedule({ id: "t1", streamId: "case-1", dueAt: 5, kind: "SlaWarn", payload: null })],
            outbox: [{ id: "m1", dedupeKey: "k1", channel: "webhook", payload: {} }],
            idempotency: { key: "req-1", fingerprint: "f-1", result: { ok: true } },
            counters: [
              {
                grid: "g-1",
                rank: 1,
                unit: "",
                kind: "dispute",
                category: "dispute.water",
                month: "2020-01",
                measure: "valid",
                delta: 1
              }
            ]
          })
        )
        expect(Exit.isFailure(exit)).toBe(true)
        const error = yield* Effect.flip(
          store.append({ streamId: "case-1", expectedVersion: 5, events: [event("X", 3)] })
        )
        expect(error).toBeInstanceOf(CaseStore.VersionConflict)
        expect(error).toMatchObject({ _tag: "VersionConflict", streamId: "case-1", expected: 5, actual: 1 })
        expect(yield* snapshot(raw)).toEqual(before)
        // The key was not recorded: the same request at the right version goes through.
        const retry = yield* store.append({
          streamId: "case-1",
          expectedVersion: 1,
          events: [event("Registered", 2)],
          idempotency: { key: "req-1", fingerprint: "f-1", result: { ok: true } }
        })
        expect(retry).toMatchObject({ _tag: "Appended", version: 2 })
      }))

    test("positions increase across streams and readAll pages through them", (raw) =>
      Effect.gen(function* () {
        const store = yield* CaseStore.CaseStore
        for (let i = 0; i < 5; i++) {
          for (const streamId of ["a", "b", "c"]) {
            yield* store.append({ streamId, expectedVersion: i, events: [event("Noted", i, { i, streamId })] })
          }
        }
        const all = yield* raw.events
        expect(all.length).toBe(15)
        const positions = all.map((e) => e.position)
        expect([...positions].sort((x, y) => x - y)).toEqual(positions)
        expect(new Set(positions).size).toBe(15)
        const pages: Array<CaseStore.StoredEvent> = []
        let after = 0
        for (;;) {
          const page = yield* store.readAll(after, 4)
          if (page.length === 0) break
          expect(page.length).toBeLessThanOrEqual(4)
          pages.push(...page)
          after = page[page.length - 1]!.position
        }
        expect(pages).toEqual(all)
        expect(Result.isSuccess(Audit.verify(pages))).toBe(true)
        expect(pages.map((e) => e.streamId).slice(0, 3)).toEqual(["a", "b", "c"])
      }))

    test("the summary is upserted with the stream version, in the same append", (raw) =>
      Effect.gen(function* () {
        const store = yield* CaseStore.CaseStore
        const first = summary({ assignee: "p-9", dueAt: 5_000, overdue: true })
        yield* store.append({ streamId: "case-1", expectedVersion: 0, events: [event("Reported", 1)], summary: first })
        expect(yield* store.summary("case-1")).toEqual(Option.some({ ...first, streamId: "case-1", version: 1 }))
        const second = summary({ state: "assigned", unit: null, body: { nested: { deep: [true, false] } } })
        yield* store.append({
          streamId: "case-1",
          expectedVersion: 1,
          events: [event("Assigned", 2), event("Accepted", 3)],
          summary: second
        })
        expect(yield* raw.summaries).toEqual([{ ...second, streamId: "case-1", version: 3 }])
      }))

    test("summaries stay exact whichever of their columns an append changes, alone or in a batch", (raw) =>
      Effect.gen(function* () {
        const store = yield* CaseStore.CaseStore
        // A deterministic walk: each step changes a random subset of the columns of a
        // random stream (so stores that rewrite only what changed are exercised), and
        // half the steps go in batches where a stream may appear twice.
        let seed = 20_201
        const random = (n: number) => {
          seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0
          return seed % n
        }
        const choices: { readonly [K in keyof CaseStore.SummaryInput]?: ReadonlyArray<CaseStore.SummaryInput[K]> } = {
          kind: ["dispute", "event"],
          state: ["registered", "assigned", "closed"],
          category: ["dispute.water", "event.sanitation"],
          gridCode: ["620981001001", "620981001002"],
          gridPre: [3, 7],
          gridPost: [4, 9],
          unit: [null, "u-1", "u-2"],
          assignee: [null, "p-1", "p-2"],
          reporter: [null, "r-1"],
          dueAt: [null, 5_000, 9_000],
          overdue: [false, true],
          createdAt: [1_000, 2_000],
          updatedAt: [3_000, 4_000, 6_000],
          held: [[], ["u-1"], ["u-1", "u-2"]]
        }
        const streams = ["s-0", "s-1", "s-2", "s-3"]
        const current = new Map<string, CaseStore.SummaryInput>()
        const versions = new Map<string, number>()
        const next = (streamId: string, step: number): CaseStore.AppendRequest => {
          const fields: Record<string, unknown> = { ...(current.get(streamId) ?? summary()) }
          for (const [key, values] of Object.entries(choices)) {
            if (random(3) === 0) fields[key] = values![random(values!.length)]
          }
          fields.body = { step }
          const input = fields as unknown as CaseStore.SummaryInput
          const version = versions.get(streamId) ?? 0
          current.set(streamId, input)
          versions.set(streamId, version + 1)
          return { streamId, expectedVersion: version, events: [event("Noted", step)], summary: input }
        }
        for (let step = 1; step <= 120; step++) {
          if (step % 2 === 0) {
            yield* store.append(next(streams[random(streams.length)]!, step))
          } else {
            const batch = Array.from({ length: 1 + random(5) }, (_, i) =>
              next(streams[random(streams.length)]!, step * 10 + i)
            )
            const outcomes = yield* store.appendMany(batch)
            expect(outcomes.map((o) => o._tag)).toEqual(batch.map(() => "Appended"))
          }
        }
        const stored = [...(yield* raw.summaries)].sort((a, b) => (a.streamId < b.streamId ? -1 : 1))
        expect(stored).toEqual(
          [...current.keys()].sort().map((streamId) => ({
            ...current.get(streamId)!,
            held: [...new Set(current.get(streamId)!.held)],
            streamId,
            version: versions.get(streamId)!
          }))
        )
      }))

    test("timers, outbox rows and the idempotency record are written with the events", (raw) =>
      Effect.gen(function* () {
        const store = yield* CaseStore.CaseStore
        const t1 = { id: "t1", streamId: "case-1", dueAt: 5_000, kind: "SlaWarn", payload: { clock: "accept" } }
        const t2 = { id: "t2", streamId: "case-1", dueAt: 9_000, kind: "SlaBreach", payload: null }
        const m1 = { id: "m1", dedupeKey: "case-1/1", channel: "webhook", payload: { to: "dept.water" } }
        yield* store.append({
          streamId: "case-1",
          expectedVersion: 0,
          events: [event("Reported", 100)],
          timers: [Timers.schedule(t1), Timers.schedule(t2)],
          outbox: [m1, { ...m1, id: "m1-again" }],
          idempotency: { key: "req-1", fingerprint: "f-1", result: { caseId: "case-1" } }
        })
        expect(yield* raw.timers).toEqual([
          { ...t1, owner: null, leaseUntil: null, attempts: 0 },
          { ...t2, owner: null, leaseUntil: null, attempts: 0 }
        ])
        expect(yield* raw.outbox).toEqual([
          {
            ...m1,
            status: "pending",
            attempts: 0,
            nextAttemptAt: 100,
            owner: null,
            leaseUntil: null,
            lastError: null,
            createdAt: 100
          }
        ])
        expect(yield* raw.idempotency).toEqual([
          { key: "req-1", fingerprint: "f-1", result: { caseId: "case-1" }, createdAt: 100 }
        ])
        yield* store.append({
          streamId: "case-1",
          expectedVersion: 1,
          events: [event("Accepted", 200)],
          timers: [Timers.cancel("t1"), Timers.cancel("never-scheduled")],
          outbox: [{ ...m1, id: "m2", dedupeKey: "case-1/2" }]
        })
        expect((yield* raw.timers).map((t) => t.id)).toEqual(["t2"])
        expect((yield* raw.outbox).map((m) => m.id)).toEqual(["m1", "m2"])
      }))

    test("a repeated idempotency key returns the first result and writes nothing", (raw) =>
      Effect.gen(function* () {
        const store = yield* CaseStore.CaseStore
        const request = {
          streamId: "case-1",
          expectedVersion: 0,
          events: [event("Reported", 1)] as const,
          idempotency: { key: "req-1", fingerprint: "f-1", result: { caseId: "case-1", n: 1 } }
        }
        expect((yield* store.append(request))._tag).toBe("Appended")
        const before = yield* snapshot(raw)
        for (const retry of [
          request,
          { ...request, expectedVersion: 7, idempotency: { key: "req-1", fingerprint: "f-1", result: { n: 2 } } },
          { ...request, streamId: "case-2" }
        ]) {
          expect(yield* store.append(retry)).toEqual({
            _tag: "Replayed",
            result: { caseId: "case-1", n: 1 },
            fingerprint: "f-1"
          })
        }
        expect(yield* snapshot(raw)).toEqual(before)
        const keys = yield* Idempotency.Idempotency
        expect(yield* keys.get("req-1")).toEqual(
          Option.some({ fingerprint: "f-1", result: { caseId: "case-1", n: 1 } })
        )
      }))

    test("search filters by grid interval, kind, state, category, unit (or none), assignee, period and due", () =>
      Effect.gen(function* () {
        const store = yield* CaseStore.CaseStore
        const rows: Array<[string, Partial<CaseStore.SummaryInput>]> = [
          ["c1", { gridPre: 5, kind: "dispute", category: "dispute.water", createdAt: 10, dueAt: 100 }],
          [
            "c2",
            {
              gridPre: 7,
              kind: "event",
              category: "event.sanitation.garbage",
              createdAt: 20,
              assignee: "p-2",
              unit: null
            }
          ],
          ["c3", { gridPre: 20, kind: "dispute", category: "disputes.other", createdAt: 30, dueAt: 50, overdue: true }],
          [
            "c4",
            { gridPre: 6, kind: "petition", category: "dispute", state: "closed", createdAt: 40, unit: "dept.water" }
          ],
          [
            "c5",
            { gridPre: 9, kind: "dispute", category: "dispute.family", createdAt: 40, dueAt: 100, assignee: "p-2" }
          ]
        ]
        for (const [streamId, fields] of rows) {
          yield* store.append({
            streamId,
            expectedVersion: 0,
            events: [event("Reported", 1)],
            summary: summary(fields)
          })
        }
        const ids = (query: CaseStore.SummaryQuery) =>
          Effect.map(store.search(query), (page) => page.items.map((s) => s.streamId))
        expect(yield* ids({})).toEqual(["c1", "c2", "c3", "c4", "c5"])
        expect(yield* ids({ grid: { pre: 5, post: 9 } })).toEqual(["c1", "c2", "c4", "c5"])
        expect(yield* ids({ kinds: ["dispute"] })).toEqual(["c1", "c3", "c5"])
        expect(yield* ids({ kinds: [] })).toEqual([])
        expect(yield* ids({ states: ["closed"] })).toEqual(["c4"])
        expect(yield* ids({ category: "dispute" })).toEqual(["c1", "c4", "c5"])
        expect(yield* ids({ category: "event.sanitation" })).toEqual(["c2"])
        expect(yield* ids({ unit: "dept.water" })).toEqual(["c4"])
        // `unit: null`: cases nobody holds (handed back, or not dispatched yet)
        expect(yield* ids({ unit: null })).toEqual(["c2"])
        expect(yield* ids({ assignee: "p-2" })).toEqual(["c2", "c5"])
        expect(yield* ids({ overdue: true })).toEqual(["c3"])
        expect(yield* ids({ createdFrom: 20, createdTo: 40 })).toEqual(["c2", "c3"])
        expect(yield* ids({ dueBefore: 100 })).toEqual(["c3"])
        expect(yield* ids({ orderBy: "dueAt" })).toEqual(["c3", "c1", "c5"])
        expect(yield* ids({ descending: true })).toEqual(["c5", "c4", "c3", "c2", "c1"])
        expect(yield* ids({ orderBy: "dueAt", descending: true, limit: 2 })).toEqual(["c5", "c1"])
      }))

    test("keyset paging returns every row once, in order, for any page size", (raw) =>
      Effect.gen(function* () {
        const store = yield* CaseStore.CaseStore
        for (let i = 0; i < 37; i++) {
          const fields = {
            gridPre: i % 11,
            kind: i % 3 === 0 ? "event" : "dispute",
            category: i % 2 === 0 ? "dispute.water" : "event.road",
            createdAt: (i * 7) % 10,
            updatedAt: i % 4,
            dueAt: i % 5 === 0 ? null : (i * 13) % 6,
            overdue: i % 6 === 0,
            assignee: i % 4 === 0 ? "p-1" : null
          }
          yield* store.append({
            streamId: `case-${String(i).padStart(2, "0")}`,
            expectedVersion: 0,
            events: [event("Reported", i)],
            summary: summary(fields)
          })
        }
        const persisted = yield* raw.summaries
        const queries: Array<CaseStore.SummaryQuery> = [
          {},
          { orderBy: "updatedAt", descending: true },
          { orderBy: "dueAt" },
          { orderBy: "dueAt", descending: true, kinds: ["dispute"] },
          { category: "dispute", grid: { pre: 2, post: 8 } },
          { assignee: "p-1", orderBy: "dueAt" },
          { overdue: false, createdFrom: 3, createdTo: 8, descending: true }
        ]
        for (const query of queries) {
          const expected = Memory.search(persisted, { ...query, limit: 1000 }).items.map((s) => s.streamId)
          for (const limit of [1, 4, 10, 50]) {
            const seen: Array<string> = []
            let after: CaseStore.Cursor | undefined
            for (let guard = 0; guard < 100; guard++) {
              const page: CaseStore.Page<CaseStore.Summary> = yield* store.search({ ...query, limit, after })
              expect(page.items.length).toBeLessThanOrEqual(limit)
              seen.push(...page.items.map((s) => s.streamId))
              if (page.next === undefined) break
              after = page.next
            }
            expect(seen).toEqual(expected)
          }
        }
      }))
  })

  describe(`${name}: CaseStore batches, scopes and ranks`, () => Batch.register(test))

  describe(`${name}: AnalyticsStore counters`, () => Counters.register(test))

  describe(`${name}: Timers`, () => {
    const timer = (id: string, dueAt: number): Timers.Timer => ({
      id,
      streamId: "case-1",
      dueAt,
      kind: "SlaBreach",
      payload: { id }
    })

    test("claims due timers once per lease, earliest first, and completes them", (raw) =>
      Effect.gen(function* () {
        const timers = yield* Timers.Timers
        yield* timers.change([3, 1, 2, 50].map((d) => Timers.schedule(timer(`t${d}`, d * 100))))
        expect(yield* timers.nextDue()).toBe(100)
        const first = yield* timers.claimDue(250, 10, "s1", 1_000)
        expect(first.map((t) => t.id)).toEqual(["t1", "t2"])
        expect(first[0]).toMatchObject({ owner: "s1", leaseUntil: 1_250, attempts: 1, payload: { id: "t1" } })
        expect((yield* timers.claimDue(400, 10, "s2", 1_000)).map((t) => t.id)).toEqual(["t3"])
        expect(yield* timers.claimDue(1_000, 10, "s3", 1_000)).toEqual([])
        // s1's lease runs out: its timers go to whoever claims next.
        const again = yield* timers.claimDue(1_250, 1, "s3", 1_000)
        expect(again.map((t) => [t.id, t.attempts])).toEqual([["t1", 2]])
        expect(yield* timers.complete("t1", "s1")).toBe(false)
        expect(yield* timers.complete("t1", "s3")).toBe(true)
        expect(yield* timers.complete("t1", "s3")).toBe(false)
        expect(yield* timers.complete("t2", "s1")).toBe(true)
        expect((yield* raw.timers).map((t) => [t.id, t.owner])).toEqual([
          ["t3", "s2"],
          ["t50", null]
        ])
        // Rescheduling replaces the timer and drops its claim.
        yield* timers.change([Timers.schedule(timer("t3", 60_000)), Timers.cancel("t50")])
        expect(yield* raw.timers).toEqual([{ ...timer("t3", 60_000), owner: null, leaseUntil: null, attempts: 0 }])
        expect(yield* timers.nextDue()).toBe(60_000)
      }))

    test("after downtime every overdue timer is claimable", () =>
      Effect.gen(function* () {
        const timers = yield* Timers.Timers
        yield* timers.change(Array.from({ length: 120 }, (_, i) => Timers.schedule(timer(`t${i}`, i * 1_000))))
        expect(yield* timers.claimDue(50_500, 1_000, "s1", 100_000_000)).toHaveLength(51)
        const late = yield* timers.claimDue(10_000_000, 1_000, "s2", 10)
        expect(late).toHaveLength(69)
        expect(late.every((t) => t.owner === "s2")).toBe(true)
      }))

    test("concurrent sweepers fire each timer once", () =>
      Effect.gen(function* () {
        const timers = yield* Timers.Timers
        yield* timers.change(Array.from({ length: 300 }, (_, i) => Timers.schedule(timer(`t${i}`, i))))
        const fired: Array<string> = []
        const sweeper = (owner: string) =>
          Effect.gen(function* () {
            for (;;) {
              const claimed = yield* timers.claimDue(1_000, 7, owner, 60_000)
              if (claimed.length === 0) return
              for (const t of claimed) if (yield* timers.complete(t.id, owner)) fired.push(t.id)
            }
          })
        yield* Effect.all([sweeper("a"), sweeper("b"), sweeper("c")], { concurrency: "unbounded" })
        expect(fired.length).toBe(300)
        expect(new Set(fired).size).toBe(300)
        expect(yield* timers.nextDue()).toBe(null)
      }))
  })

  describe(`${name}: Outbox`, () => {
    const message = (id: string): Outbox.Message => ({ id, dedupeKey: `k-${id}`, channel: "email", payload: { id } })

    test("a dedupe key is unique whether or not it equals its message's id", (raw) =>
      Effect.gen(function* () {
        const outbox = yield* Outbox.Outbox
        const keyed = (id: string, dedupeKey: string): Outbox.Message => ({
          id,
          dedupeKey,
          channel: "webhook",
          payload: { id }
        })
        // the case service's messages use their key as their id
        expect(yield* outbox.enqueue([keyed("k1", "k1"), keyed("m3", "k3")], 10)).toBe(2)
        // the same keys under other ids, or as ids of their own, are not added again
        expect(yield* outbox.enqueue([keyed("m2", "k1")], 20)).toBe(0)
        expect(yield* outbox.enqueue([keyed("k3", "k3")], 20)).toBe(0)
        // nor within one call, in either order
        expect(yield* outbox.enqueue([keyed("k5", "k5"), keyed("m6", "k5")], 30)).toBe(1)
        expect(yield* outbox.enqueue([keyed("m7", "k7"), keyed("k7", "k7")], 30)).toBe(1)
        // a new key under an id already taken is not added either
        expect(yield* outbox.enqueue([keyed("k1", "k9")], 40)).toBe(0)
        const rows = yield* raw.outbox
        expect(rows.map((m) => [m.id, m.dedupeKey])).toEqual([
          ["k1", "k1"],
          ["k5", "k5"],
          ["m3", "k3"],
          ["m7", "k7"]
        ])
        expect(Option.map(yield* outbox.get("k1"), (e) => e.dedupeKey)).toEqual(Option.some("k1"))
        expect(Option.map(yield* outbox.get("m3"), (e) => e.dedupeKey)).toEqual(Option.some("k3"))
      }))

    test("enqueues once per dedupe key and tracks attempts, retries, delivery and dead letters", (raw) =>
      Effect.gen(function* () {
        const outbox = yield* Outbox.Outbox
        expect(yield* outbox.enqueue([message("a"), message("b"), message("c")], 10)).toBe(3)
        expect(yield* outbox.enqueue([message("a"), { ...message("z"), dedupeKey: "k-b" }], 20)).toBe(0)
        const claimed = yield* outbox.claim(10, 2, "d1", 100)
        expect(claimed.map((m) => [m.id, m.attempts, m.owner])).toEqual([
          ["a", 1, "d1"],
          ["b", 1, "d1"]
        ])
        expect((yield* outbox.claim(50, 10, "d2", 100)).map((m) => m.id)).toEqual(["c"])
        expect(yield* outbox.delivered("a", "d2")).toBe(false)
        expect(yield* outbox.delivered("a", "d1")).toBe(true)
        expect(yield* outbox.failed("b", "d1", 500, "503 from receiver")).toBe(true)
        expect(yield* outbox.dead("c", "d2", "invalid address")).toBe(true)
        expect(yield* outbox.claim(499, 10, "d1", 100)).toEqual([])
        const retried = yield* outbox.claim(500, 10, "d1", 100)
        expect(retried.map((m) => [m.id, m.attempts, m.lastError])).toEqual([["b", 2, "503 from receiver"]])
        const rows = yield* raw.outbox
        expect(rows.map((m) => [m.id, m.status, m.attempts, m.lastError])).toEqual([
          ["a", "delivered", 1, null],
          ["b", "pending", 2, "503 from receiver"],
          ["c", "dead", 1, "invalid address"]
        ])
        expect(yield* outbox.get("c")).toEqual(Option.some(rows[2]!))
        expect(Option.isNone(yield* outbox.get("nope"))).toBe(true)
        expect(yield* outbox.delivered("c", "d2")).toBe(false)
      }))

    test("lists messages by status and channel in id order, and requeues only dead ones", (raw) =>
      Effect.gen(function* () {
        const outbox = yield* Outbox.Outbox
        const webhook = (id: string): Outbox.Message => ({ ...message(id), channel: "webhook" })
        yield* outbox.enqueue([message("e1"), webhook("w2"), webhook("w1"), message("e2"), webhook("w3")], 10)
        for (const m of yield* outbox.claim(10, 10, "d1", 100)) {
          if (m.id === "w1" || m.id === "w3" || m.id === "e2") yield* outbox.dead(m.id, "d1", `gave up on ${m.id}`)
          else yield* outbox.delivered(m.id, "d1")
        }
        const ids = (rows: ReadonlyArray<Outbox.Entry>) => rows.map((m) => m.id)
        expect(ids(yield* outbox.list({}))).toEqual(["e1", "e2", "w1", "w2", "w3"])
        expect(ids(yield* outbox.list({ status: "dead" }))).toEqual(["e2", "w1", "w3"])
        expect(ids(yield* outbox.list({ status: "dead", channel: "webhook" }))).toEqual(["w1", "w3"])
        expect(ids(yield* outbox.list({ status: "dead", limit: 2 }))).toEqual(["e2", "w1"])
        expect(ids(yield* outbox.list({ status: "dead", after: "w1", limit: 2 }))).toEqual(["w3"])
        expect(yield* outbox.list({ channel: "sms" })).toEqual([])

        expect(yield* outbox.requeue("w1", 500)).toBe(true)
        expect(yield* outbox.requeue("w1", 600)).toBe(false) // pending now, not dead
        expect(yield* outbox.requeue("w2", 500)).toBe(false) // delivered stays delivered
        expect(yield* outbox.requeue("nope", 500)).toBe(false)
        const w1 = (yield* raw.outbox).find((m) => m.id === "w1")!
        expect([w1.status, w1.attempts, w1.nextAttemptAt, w1.owner, w1.lastError]).toEqual([
          "pending",
          0,
          500,
          null,
          "gave up on w1"
        ])
        expect(yield* outbox.claim(499, 10, "d2", 100)).toEqual([])
        expect((yield* outbox.claim(500, 10, "d2", 100)).map((m) => [m.id, m.attempts])).toEqual([["w1", 1]])
      }))

    test("settles a batch in one call: delivered, failed with a retry instant, dead; only rows the owner holds", (raw) =>
      Effect.gen(function* () {
        const outbox = yield* Outbox.Outbox
        const ids = Array.from({ length: 8 }, (_, i) => `s${i}`)
        yield* outbox.enqueue(ids.map(message), 10)
        expect((yield* outbox.claim(10, 6, "d1", 100)).map((m) => m.id)).toEqual(ids.slice(0, 6))
        expect((yield* outbox.claim(10, 10, "d2", 100_000)).map((m) => m.id)).toEqual(["s6", "s7"])
        expect(yield* outbox.settle("d1", [])).toEqual([])
        const answers = yield* outbox.settle("d1", [
          { _tag: "Delivered", id: "s0" },
          { _tag: "Failed", id: "s1", retryAt: 5_000, error: "503 from receiver" },
          { _tag: "Dead", id: "s2", error: "410 Gone" },
          { _tag: "Delivered", id: "s3" },
          { _tag: "Failed", id: "s4", retryAt: 7_000, error: "timeout" },
          { _tag: "Dead", id: "s5", error: "invalid address, 'quoted'" },
          // held by d2, not by d1
          { _tag: "Delivered", id: "s6" },
          // not there at all
          { _tag: "Dead", id: "nope", error: "x" },
          // a repeat: the first settlement of s0 stands
          { _tag: "Dead", id: "s0", error: "late" }
        ])
        expect(answers).toEqual([true, true, true, true, true, true, false, false, false])
        const rows = new Map((yield* raw.outbox).map((m) => [m.id, m]))
        const state = (id: string) => {
          const m = rows.get(id)!
          return [m.status, m.attempts, m.nextAttemptAt, m.owner, m.leaseUntil, m.lastError]
        }
        expect(state("s0")).toEqual(["delivered", 1, 10, null, null, null])
        expect(state("s1")).toEqual(["pending", 1, 5_000, null, null, "503 from receiver"])
        expect(state("s2")).toEqual(["dead", 1, 10, null, null, "410 Gone"])
        expect(state("s3")).toEqual(["delivered", 1, 10, null, null, null])
        expect(state("s4")).toEqual(["pending", 1, 7_000, null, null, "timeout"])
        expect(state("s5")).toEqual(["dead", 1, 10, null, null, "invalid address, 'quoted'"])
        expect(state("s6")).toEqual(["pending", 1, 10, "d2", 100_010, null])
        expect(rows.has("nope")).toBe(false)
        // Settled rows are no longer held: settling them again changes nothing.
        const before = yield* raw.outbox
        expect(
          yield* outbox.settle("d1", [
            { _tag: "Delivered", id: "s1" },
            { _tag: "Dead", id: "s0", error: "again" }
          ])
        ).toEqual([false, false])
        expect(yield* raw.outbox).toEqual(before)
        // The failed rows come back at their own instants.
        expect((yield* outbox.claim(6_999, 10, "d3", 100)).map((m) => [m.id, m.attempts])).toEqual([["s1", 2]])
        expect((yield* outbox.claim(7_000, 10, "d3", 100)).map((m) => m.id)).toEqual(["s4"])
        // d2 settles its own rows, in one call as well.
        expect(
          yield* outbox.settle("d2", [
            { _tag: "Failed", id: "s7", retryAt: 9_000, error: "429" },
            { _tag: "Delivered", id: "s6" }
          ])
        ).toEqual([true, true])
        const after = new Map((yield* raw.outbox).map((m) => [m.id, m]))
        expect([after.get("s6")!.status, after.get("s6")!.owner]).toEqual(["delivered", null])
        expect([after.get("s7")!.nextAttemptAt, after.get("s7")!.lastError]).toEqual([9_000, "429"])
      }))

    test("settles a batch larger than one statement's worth of rows", (raw) =>
      Effect.gen(function* () {
        const outbox = yield* Outbox.Outbox
        const ids = Array.from({ length: 1_234 }, (_, i) => `b${String(i).padStart(4, "0")}`)
        yield* outbox.enqueue(ids.map(message), 10)
        const claimed = yield* outbox.claim(10, 2_000, "d1", 100)
        expect(claimed).toHaveLength(1_234)
        const settlement = (id: string, i: number): Outbox.Settlement =>
          i % 3 === 0
            ? { _tag: "Delivered", id }
            : i % 3 === 1
              ? { _tag: "Failed", id, retryAt: 1_000 + i, error: `retry ${i}` }
              : { _tag: "Dead", id, error: `dead ${i}` }
        const answers = yield* outbox.settle("d1", ids.map(settlement))
        expect(answers.every((a) => a)).toBe(true)
        const rows = yield* raw.outbox
        expect(rows.map((m) => m.id)).toEqual(ids)
        rows.forEach((m, i) => {
          const expected =
            i % 3 === 0
              ? ["delivered", 10, null]
              : i % 3 === 1
                ? ["pending", 1_000 + i, `retry ${i}`]
                : ["dead", 10, `dead ${i}`]
          expect([m.status, m.nextAttemptAt, m.lastError]).toEqual(expected)
          expect([m.owner, m.leaseUntil]).toEqual([null, null])
        })
      }))
  })

  describe(`${name}: Idempotency`, () => Keys.register(test))
}
