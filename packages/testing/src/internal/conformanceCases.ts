/**
 * Conformance tests of `CaseStore.appendMany` (group commit), scoped summary
 * queries and `rerank`, registered by `Conformance.run`. Each checks what was
 * persisted through the raw hook, not only what the port returned.
 */
import { Audit, CaseStore, Timers } from "@gridgov/core"
import { Effect, Option, Result } from "effect"
import { expect } from "vitest"
import type { Raw, Stores } from "../Conformance.js"
import * as Memory from "../Memory.js"

type Test = (title: string, body: (raw: Raw) => Effect.Effect<void, unknown, Stores>) => void

const actor = { id: "p-1", roles: ["gridWorker"] }
const event = (type: string, at: number, payload: CaseStore.Json = {}): CaseStore.NewEvent => ({
  type,
  v: 1,
  payload,
  actor,
  at
})

const summary = (fields: Partial<CaseStore.SummaryInput> = {}): CaseStore.SummaryInput => ({
  kind: "event",
  state: "reported",
  category: "event.road",
  gridCode: "g-10",
  gridPre: 10,
  gridPost: 10,
  unit: null,
  assignee: null,
  reporter: null,
  held: [],
  dueAt: null,
  overdue: false,
  createdAt: 1_000,
  updatedAt: 1_000,
  body: {},
  ...fields
})

export const register = (test: Test): void => {
  test("appendMany commits a batch in one go; a conflict or a replay refuses only its own request", (raw) =>
    Effect.gen(function* () {
      const store = yield* CaseStore.CaseStore
      yield* store.append({ streamId: "old", expectedVersion: 0, events: [event("Reported", 1)] })
      const timer = { id: "t-b", streamId: "old", dueAt: 9, kind: "SlaWarn", payload: null }
      const outcomes = yield* store.appendMany([
        {
          streamId: "a",
          expectedVersion: 0,
          events: [event("Reported", 10, { n: 1 })],
          summary: summary({ held: ["dept.water"] }),
          outbox: [{ id: "m-a", dedupeKey: "a/1", channel: "notice", payload: { to: "a" } }],
          idempotency: { key: "k-a", fingerprint: "f-a", result: { caseId: "a" } }
        },
        // stale: "old" is at version 1
        {
          streamId: "old",
          expectedVersion: 0,
          events: [event("Registered", 11)],
          summary: summary({ state: "registered" }),
          timers: [Timers.schedule(timer)],
          outbox: [{ id: "m-b", dedupeKey: "old/2", channel: "notice", payload: {} }],
          idempotency: { key: "k-b", fingerprint: "f-b", result: { caseId: "old" } }
        },
        // chains on the first request of the batch
        {
          streamId: "a",
          expectedVersion: 1,
          events: [event("Registered", 12), event("Dispatched", 12)],
          summary: summary({ state: "dispatched", unit: "dept.road", held: ["dept.water", "dept.road"] }),
          timers: [Timers.schedule({ ...timer, id: "t-a", streamId: "a" })]
        },
        // the same key as the first request: a replay of its result, nothing written
        {
          streamId: "other",
          expectedVersion: 0,
          events: [event("Reported", 13)],
          summary: summary(),
          idempotency: { key: "k-a", fingerprint: "f-a", result: { caseId: "other" } }
        },
        { streamId: "old", expectedVersion: 1, events: [event("Urged", 14)] }
      ])
      expect(outcomes.map((o) => o._tag)).toEqual(["Appended", "VersionConflict", "Appended", "Replayed", "Appended"])
      expect(outcomes[1]).toBeInstanceOf(CaseStore.VersionConflict)
      expect(outcomes[1]).toMatchObject({ streamId: "old", expected: 0, actual: 1 })
      expect(outcomes[2]).toMatchObject({ _tag: "Appended", version: 3 })
      expect(outcomes[3]).toEqual({ _tag: "Replayed", result: { caseId: "a" }, fingerprint: "f-a" })
      expect(outcomes[4]).toMatchObject({ _tag: "Appended", version: 2 })

      const events = yield* raw.events
      expect(events.map((e) => [e.streamId, e.version, e.type])).toEqual([
        ["old", 1, "Reported"],
        ["a", 1, "Reported"],
        ["a", 2, "Registered"],
        ["a", 3, "Dispatched"],
        ["old", 2, "Urged"]
      ])
      expect(Result.isSuccess(Audit.verify(events))).toBe(true)
      const appended = outcomes.flatMap((o) => (o._tag === "Appended" ? o.events : []))
      expect(appended).toEqual(events.slice(1))
      expect((yield* raw.summaries).map((s) => [s.streamId, s.state, s.version, s.held])).toEqual([
        ["a", "dispatched", 3, ["dept.water", "dept.road"]]
      ])
      expect(yield* raw.summaryUnits).toEqual([
        { streamId: "a", unit: "dept.road" },
        { streamId: "a", unit: "dept.water" }
      ])
      expect((yield* raw.timers).map((t) => t.id)).toEqual(["t-a"])
      expect((yield* raw.outbox).map((m) => m.id)).toEqual(["m-a"])
      expect(yield* raw.idempotency).toEqual([
        { key: "k-a", fingerprint: "f-a", result: { caseId: "a" }, createdAt: 10 }
      ])
      expect(yield* store.appendMany([])).toEqual([])
    }))

  test("appendMany then append and load agree: the batch is ordinary history afterwards", (raw) =>
    Effect.gen(function* () {
      const store = yield* CaseStore.CaseStore
      const requests = Array.from({ length: 40 }, (_, i) => ({
        streamId: `s-${i % 8}`,
        expectedVersion: Math.floor(i / 8),
        events: [event("Noted", i, { i })] as const,
        idempotency: { key: `k-${i}`, fingerprint: `f-${i}`, result: { i } }
      }))
      const outcomes = yield* store.appendMany(requests)
      expect(outcomes.every((o) => o._tag === "Appended")).toBe(true)
      expect(yield* store.appendMany(requests.slice(0, 3))).toEqual(
        [0, 1, 2].map((i) => ({ _tag: "Replayed", result: { i }, fingerprint: `f-${i}` }))
      )
      const next = yield* store.append({ streamId: "s-0", expectedVersion: 5, events: [event("Closed", 99)] })
      expect(next).toMatchObject({ _tag: "Appended", version: 6 })
      const all = yield* raw.events
      expect(all.length).toBe(41)
      expect(Result.isSuccess(Audit.verify(all))).toBe(true)
      expect((yield* store.load("s-0")).map((e) => e.version)).toEqual([1, 2, 3, 4, 5, 6])
      expect((yield* raw.idempotency).length).toBe(40)
    }))

  test("scope: rank intervals, units that held a case and the reporter, applied by the store with exact paging", (raw) =>
    Effect.gen(function* () {
      const store = yield* CaseStore.CaseStore
      for (let i = 0; i < 60; i++) {
        const held = i % 5 === 0 ? ["dept.water"] : i % 7 === 0 ? ["committee.family", "dept.court"] : []
        yield* store.append({
          streamId: `c-${String(i).padStart(2, "0")}`,
          expectedVersion: 0,
          events: [event("Reported", i)],
          summary: summary({
            gridPre: i % 20,
            reporter: i % 9 === 0 ? "r-9" : i % 4 === 0 ? "r-4" : null,
            held,
            unit: held[held.length - 1] ?? null,
            createdAt: (i * 37) % 13,
            dueAt: i % 3 === 0 ? null : (i * 11) % 17
          })
        })
      }
      // held shrinks on a later upsert: the side table follows
      yield* store.append({
        streamId: "c-05",
        expectedVersion: 1,
        events: [event("Moved", 100)],
        summary: summary({ gridPre: 5, held: ["dept.road"], createdAt: 5 })
      })
      const units = yield* raw.summaryUnits
      expect(units.filter((u) => u.streamId === "c-05")).toEqual([{ streamId: "c-05", unit: "dept.road" }])
      expect(units.filter((u) => u.streamId === "c-14").map((u) => u.unit)).toEqual(["committee.family", "dept.court"])
      const persisted = yield* raw.summaries
      expect(persisted.find((s) => s.streamId === "c-09")).toMatchObject({ reporter: "r-9", held: [] })
      const scopes: Array<CaseStore.Scope> = [
        { grids: [{ pre: 2, post: 4 }], units: [], reporter: null },
        { grids: [], units: ["dept.water"], reporter: null },
        { grids: [], units: [], reporter: "r-4" },
        {
          grids: [
            { pre: 0, post: 1 },
            { pre: 15, post: 16 }
          ],
          units: ["dept.court", "dept.road"],
          reporter: "r-9"
        },
        { grids: [], units: [], reporter: null }
      ]
      const queries: Array<CaseStore.SummaryQuery> = [
        {},
        { orderBy: "dueAt", descending: true },
        { grid: { pre: 0, post: 9 } }
      ]
      for (const scope of scopes) {
        for (const query of queries) {
          const expected = Memory.search(persisted, { ...query, scope, limit: 1000 }).items.map((s) => s.streamId)
          expect(expected.every((id) => Memory.inScope(scope, persisted.find((s) => s.streamId === id)!))).toBe(true)
          for (const limit of [1, 3, 50]) {
            const seen: Array<string> = []
            let after: CaseStore.Cursor | undefined
            for (let guard = 0; guard < 100; guard++) {
              const page: CaseStore.Page<CaseStore.Summary> = yield* store.search({ ...query, scope, limit, after })
              // pages are full until the last one: the store filters, nothing is dropped afterwards
              if (page.next !== undefined) expect(page.items.length).toBe(limit)
              seen.push(...page.items.map((s) => s.streamId))
              if (page.next === undefined) break
              after = page.next
            }
            expect(seen).toEqual(expected)
          }
        }
      }
      const none = yield* store.search({ scope: { grids: [], units: [], reporter: null } })
      expect(none.items).toEqual([])
    }))

  test("rerank moves the summaries of the grids whose rank changed, in one transaction", (raw) =>
    Effect.gen(function* () {
      const store = yield* CaseStore.CaseStore
      const cases: Array<[string, string, number]> = [
        ["c1", "g-a", 3],
        ["c2", "g-a", 3],
        ["c3", "g-b", 4],
        ["c4", "g-c", 7]
      ]
      for (const [streamId, gridCode, pre] of cases) {
        yield* store.append({
          streamId,
          expectedVersion: 0,
          events: [event("Reported", 1)],
          summary: summary({ gridCode, gridPre: pre, gridPost: pre })
        })
      }
      const changed = yield* store.rerank([
        { gridCode: "g-a", pre: 8, post: 9 },
        { gridCode: "g-b", pre: 4, post: 4 },
        { gridCode: "g-c", pre: 2, post: 6 },
        { gridCode: "g-unused", pre: 0, post: 0 }
      ])
      expect(changed).toBe(3)
      expect((yield* raw.summaries).map((s) => [s.streamId, s.gridPre, s.gridPost, s.version])).toEqual([
        ["c1", 8, 9, 1],
        ["c2", 8, 9, 1],
        ["c3", 4, 4, 1],
        ["c4", 2, 6, 1]
      ])
      const ids = (query: CaseStore.SummaryQuery) =>
        Effect.map(store.search(query), (p) => p.items.map((s) => s.streamId))
      expect(yield* ids({ grid: { pre: 8, post: 9 } })).toEqual(["c1", "c2"])
      expect(yield* ids({ grid: { pre: 0, post: 4 } })).toEqual(["c3", "c4"])
      expect(yield* store.rerank([{ gridCode: "g-a", pre: 8, post: 9 }])).toBe(0)
      expect(Option.map(yield* store.summary("c4"), (s) => s.gridPre)).toEqual(Option.some(2))
    }))
}
