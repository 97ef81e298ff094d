/**
 * Conformance tests of the analytics counters projection: counter changes written
 * with appends (single and batched, summed per key, nothing on a conflict or a
 * replay), the `AnalyticsStore` queries (rank interval, unit and category prefixes
 * on segment boundaries, kinds, months), `replace` and `rerank`. Each checks the
 * counters as persisted, read back through the raw hook.
 */
import { AnalyticsStore, CaseStore } from "@gridgov/core"
import { Effect } from "effect"
import { expect } from "vitest"
import type { Raw, Stores } from "../Conformance.js"

type Test = (title: string, body: (raw: Raw) => Effect.Effect<void, unknown, Stores>) => void

const actor = { id: "p-1", roles: ["gridWorker"] }
const event = (type: string, at: number): CaseStore.NewEvent => ({ type, v: 1, payload: {}, actor, at })

const change = (fields: Partial<AnalyticsStore.Change> = {}): AnalyticsStore.Change => ({
  grid: "g-10",
  rank: 10,
  unit: "dept.housing",
  kind: "event",
  category: "event.facility.manhole",
  month: "2020-03",
  measure: "valid",
  delta: 1,
  ...fields
})

const row = (c: AnalyticsStore.Change, value: number): AnalyticsStore.Row => {
  const { delta: _delta, ...key } = c
  return { ...key, value }
}

/** A varied set of counters, for the query tests. */
const fixtures: ReadonlyArray<AnalyticsStore.Change> = [
  change({ grid: "g-10", rank: 10, unit: "dept.housing", measure: "valid", delta: 5 }),
  change({ grid: "g-10", rank: 10, unit: "dept.housing", measure: "closed", delta: 4 }),
  change({ grid: "g-11", rank: 11, unit: "dept.housing-x", measure: "valid", delta: 7 }),
  change({ grid: "g-12", rank: 12, unit: "", kind: "dispute", category: "dispute.water", measure: "valid", delta: 3 }),
  change({
    grid: "g-12",
    rank: 12,
    unit: "committee.water",
    kind: "dispute",
    category: "dispute.water",
    measure: "mediated",
    delta: 2
  }),
  change({ grid: "g-20", rank: 20, unit: "620981101", category: "event.facilityx", month: "2020-04", delta: 11 }),
  change({ grid: "g-20", rank: 20, unit: "620981101", category: "event.facility", month: "2021-01", delta: 13 }),
  change({ grid: "g-x", rank: -1, unit: "dept.police", category: "event.public-security", delta: 17 })
]

const naive = (query: AnalyticsStore.Query) => {
  const out = AnalyticsStore.zero()
  for (const c of fixtures) if (AnalyticsStore.matches(query)(row(c, c.delta))) out[c.measure] += c.delta
  return out
}

export const register = (test: Test) => {
  test("counter changes are summed into the persisted counters with each append", (raw) =>
    Effect.gen(function* () {
      const store = yield* CaseStore.CaseStore
      yield* store.append({ streamId: "c-1", expectedVersion: 0, events: [event("Opened", 1)], counters: [change()] })
      yield* store.append({
        streamId: "c-2",
        expectedVersion: 0,
        events: [event("Opened", 2)],
        counters: [change(), change({ measure: "mediations", delta: 1 })]
      })
      // a move: one counter down, another up (the handler changed)
      yield* store.append({
        streamId: "c-1",
        expectedVersion: 1,
        events: [event("Dispatched", 3)],
        counters: [change({ delta: -1 }), change({ unit: "dept.police", delta: 1 })]
      })
      expect(yield* raw.counters).toEqual([
        row(change({ measure: "mediations" }), 1),
        row(change(), 1),
        row(change({ unit: "dept.police" }), 1)
      ])
      // a counter back at zero is not listed
      yield* store.append({
        streamId: "c-2",
        expectedVersion: 1,
        events: [event("Cancelled", 4)],
        counters: [change({ delta: -1 }), change({ measure: "mediations", delta: -1 })]
      })
      expect(yield* raw.counters).toEqual([row(change({ unit: "dept.police" }), 1)])
      const analytics = yield* AnalyticsStore.AnalyticsStore
      expect((yield* analytics.totals({})).valid).toBe(1)
      expect(yield* analytics.counters({})).toEqual(yield* raw.counters)
    }))

  test("a conflict or a replay writes no counter; a batch writes those of its appended requests only", (raw) =>
    Effect.gen(function* () {
      const store = yield* CaseStore.CaseStore
      yield* store.append({
        streamId: "c-1",
        expectedVersion: 0,
        events: [event("Opened", 1)],
        counters: [change({ delta: 2 })],
        idempotency: { key: "k-1", fingerprint: "f-1", result: null }
      })
      const conflict = yield* Effect.flip(
        store.append({ streamId: "c-1", expectedVersion: 0, events: [event("Opened", 2)], counters: [change()] })
      )
      expect(conflict._tag).toBe("VersionConflict")
      const outcomes = yield* store.appendMany([
        { streamId: "c-2", expectedVersion: 0, events: [event("Opened", 3)], counters: [change({ delta: 3 })] },
        // replayed: its key was recorded by the first append
        {
          streamId: "c-9",
          expectedVersion: 0,
          events: [event("Opened", 3)],
          counters: [change({ delta: 100 })],
          idempotency: { key: "k-1", fingerprint: "f-1", result: null }
        },
        // a conflict inside the batch
        { streamId: "c-1", expectedVersion: 7, events: [event("X", 3)], counters: [change({ delta: 1_000 })] },
        // two requests of the batch on one key: summed
        {
          streamId: "c-2",
          expectedVersion: 1,
          events: [event("Closed", 4)],
          counters: [change({ delta: -1 }), change({ measure: "closed", delta: 1 })]
        },
        {
          streamId: "c-3",
          expectedVersion: 0,
          events: [event("Opened", 5)],
          counters: [change({ rank: 10, delta: 4 })]
        }
      ])
      expect(outcomes.map((o) => o._tag)).toEqual(["Appended", "Replayed", "VersionConflict", "Appended", "Appended"])
      expect(yield* raw.counters).toEqual([row(change({ measure: "closed" }), 1), row(change(), 2 + 3 - 1 + 4)])
    }))

  test("totals roll up by rank interval, unit and category prefixes on segment boundaries, kinds and months", (raw) =>
    Effect.gen(function* () {
      const store = yield* CaseStore.CaseStore
      const analytics = yield* AnalyticsStore.AnalyticsStore
      yield* store.appendMany(
        fixtures.map((c, i) => ({
          streamId: `c-${i}`,
          expectedVersion: 0,
          events: [event("Opened", i)],
          counters: [c]
        }))
      )
      const queries: ReadonlyArray<AnalyticsStore.Query> = [
        {},
        { grid: { pre: 10, post: 12 } },
        { grid: { pre: 11, post: 11 } },
        { grid: { pre: 0, post: -1 } },
        { unit: "dept" },
        { unit: "dept.housing" },
        { unit: "" },
        { unit: "620981101" },
        { kinds: ["dispute"] },
        { kinds: [] },
        { kinds: ["event", "dispute"], grid: { pre: 12, post: 20 } },
        { category: "event.facility" },
        { category: "event" },
        { category: "dispute.water", unit: "committee" },
        { from: "2020-04" },
        { to: "2020-03" },
        { from: "2020-04", to: "2020-12" },
        { from: "2021-01", to: "2021-01", category: "event.facility" }
      ]
      for (const query of queries) {
        const totals = yield* analytics.totals(query)
        expect({ query, totals }).toEqual({ query, totals: naive(query) })
        // the rows it matches add up to the same totals
        const rows = yield* analytics.counters(query)
        const summed = AnalyticsStore.zero()
        for (const c of rows) summed[c.measure] += c.value
        expect({ query, summed }).toEqual({ query, summed: naive(query) })
      }
      // the raw rows carry the ranks given
      expect((yield* raw.counters).map((c) => c.rank).sort((a, b) => a - b)).toEqual([-1, 10, 10, 11, 12, 12, 20, 20])
    }))

  test("replace drops every counter and writes the given ones; rerank moves counters with their grid", (raw) =>
    Effect.gen(function* () {
      const store = yield* CaseStore.CaseStore
      const analytics = yield* AnalyticsStore.AnalyticsStore
      yield* store.append({ streamId: "c-1", expectedVersion: 0, events: [event("Opened", 1)], counters: [change()] })
      yield* analytics.replace([
        change({ grid: "g-30", rank: 30, delta: 6 }),
        change({ grid: "g-31", rank: 31, measure: "closed", delta: 2 })
      ])
      expect(yield* raw.counters).toEqual([
        row(change({ grid: "g-30", rank: 30 }), 6),
        row(change({ grid: "g-31", rank: 31, measure: "closed" }), 2)
      ])
      yield* store.rerank([{ gridCode: "g-30", pre: 3, post: 9 }])
      expect((yield* raw.counters).map((c) => [c.grid, c.rank])).toEqual([
        ["g-30", 3],
        ["g-31", 31]
      ])
      expect((yield* analytics.totals({ grid: { pre: 0, post: 5 } })).valid).toBe(6)
      yield* analytics.replace([])
      expect(yield* raw.counters).toEqual([])
    }))
}
