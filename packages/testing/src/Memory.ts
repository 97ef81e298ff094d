/**
 * In-memory adapters of the storage ports (`CaseStore`, `Timers`, `Outbox`,
 * `Idempotency`, `AnalyticsStore`), with the same semantics as the SQL adapters: atomic appends,
 * version conflicts, JSON round-trips, hash chains, leases. For tests and
 * examples; it passes the same conformance suite.
 *
 * @since 0.1.0
 */
import { AnalyticsStore, Audit, CaseStore, CityStore, Idempotency, Outbox, Timers } from "@gridgov/core"
import { Context, Effect, Layer, Option } from "effect"
import type * as CityConformance from "./CityConformance.js"
import type { Raw, RawIdempotency, RawTimer } from "./Conformance.js"
import * as MemoryCity from "./internal/memoryCity.js"

/**
 * One in-memory store: the six services over shared state (the configuration's
 * `CityStore` among them, sharing the idempotency keys), and `raw` and `city`, what
 * is "persisted", for the conformance suites (`Conformance`, `CityConformance`).
 *
 * @example
 * import { Effect } from "effect"
 * import { Memory } from "@gridgov/testing"
 * const count = Effect.flatMap(Memory.make, (memory) => Effect.map(memory.raw.events, (rows) => rows.length))
 *
 * @category models
 * @since 0.1.0
 */
export interface MemoryStore {
  readonly services: Context.Context<Stores>
  readonly raw: Raw
  readonly city: CityConformance.Raw
}

type Stores =
  | CaseStore.CaseStore
  | Timers.Timers
  | Outbox.Outbox
  | Idempotency.Idempotency
  | AnalyticsStore.AnalyticsStore
  | CityStore.CityStore

const json = <A>(value: A): A => JSON.parse(JSON.stringify(value)) as A

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Whether a summary lies in a reader's scope: its rank in one of the grid
 * intervals, held by one of the units, or reported by the reporter.
 *
 * @example
 * import { Conformance, Memory } from "@gridgov/testing/vitest"
 * const s = { ...Conformance.summary({ gridPre: 5 }), streamId: "c1", version: 1 }
 * Memory.inScope({ grids: [{ pre: 4, post: 9 }], units: [], reporter: null }, s) // true
 *
 * @category queries
 * @since 0.1.0
 */
export const inScope = (scope: CaseStore.Scope, s: CaseStore.Summary): boolean =>
  scope.grids.some((g) => s.gridPre >= g.pre && s.gridPre <= g.post) ||
  scope.units.some((u) => s.held.includes(u)) ||
  (scope.reporter !== null && s.reporter === scope.reporter)

/**
 * Whether a summary passes a query's filters (not its order or cursor).
 *
 * @example
 * import { Memory } from "@gridgov/testing"
 * Memory.matches({ category: "dispute" }) // a predicate on summaries
 *
 * @category queries
 * @since 0.1.0
 */
export const matches =
  (query: CaseStore.SummaryQuery) =>
  (s: CaseStore.Summary): boolean =>
    (query.grid === undefined || (s.gridPre >= query.grid.pre && s.gridPre <= query.grid.post)) &&
    (query.scope === undefined || inScope(query.scope, s)) &&
    (query.kinds === undefined || query.kinds.includes(s.kind)) &&
    (query.states === undefined || query.states.includes(s.state)) &&
    (query.category === undefined || s.category === query.category || s.category.startsWith(`${query.category}.`)) &&
    (query.unit === undefined || s.unit === query.unit) &&
    (query.assignee === undefined || s.assignee === query.assignee) &&
    (query.overdue === undefined || s.overdue === query.overdue) &&
    (query.createdFrom === undefined || s.createdAt >= query.createdFrom) &&
    (query.createdTo === undefined || s.createdAt < query.createdTo) &&
    (query.dueBefore === undefined || (s.dueAt !== null && s.dueAt < query.dueBefore)) &&
    (query.orderBy !== "dueAt" || s.dueAt !== null)

/**
 * Runs a summary query over an array, with the store's order and keyset paging.
 *
 * @example
 * import { Memory } from "@gridgov/testing"
 * Memory.search([], { limit: 10 }).items.length // 0
 *
 * @category queries
 * @since 0.1.0
 */
export const search = (
  summaries: Iterable<CaseStore.Summary>,
  query: CaseStore.SummaryQuery
): CaseStore.Page<CaseStore.Summary> => {
  const orderBy = query.orderBy ?? "createdAt"
  const key = (s: CaseStore.Summary): number => (orderBy === "dueAt" ? s.dueAt! : s[orderBy])
  const sign = query.descending === true ? -1 : 1
  const order = (a: CaseStore.Summary, b: CaseStore.Summary) =>
    sign * (key(a) - key(b) || compare(a.streamId, b.streamId))
  const after = query.after
  const rows = [...summaries]
    .filter(matches(query))
    .filter(
      (s) =>
        after === undefined ||
        sign * (key(s) - after.key) > 0 ||
        (key(s) === after.key && sign * compare(s.streamId, after.streamId) > 0)
    )
    .sort(order)
  const size = CaseStore.pageSize(query)
  const items = rows.slice(0, size)
  const last = items[items.length - 1]
  return {
    items,
    next: rows.length > size && last !== undefined ? { key: key(last), streamId: last.streamId } : undefined
  }
}

/**
 * Makes an empty in-memory store.
 *
 * @example
 * import { Context, Effect } from "effect"
 * import { CaseStore } from "@gridgov/core"
 * import { Memory } from "@gridgov/testing"
 *
 * const program = Effect.gen(function*() {
 *   const memory = yield* Memory.make
 *   const store = Context.get(memory.services, CaseStore.CaseStore)
 *   return yield* store.load("case-1")
 * })
 *
 * @category constructors
 * @since 0.1.0
 */
export const make: Effect.Effect<MemoryStore> = Effect.sync(() => {
  const log: Array<CaseStore.StoredEvent> = []
  const streams = new Map<string, Array<CaseStore.StoredEvent>>()
  const summaries = new Map<string, CaseStore.Summary>()
  const timers = new Map<string, RawTimer>()
  const outbox = new Map<string, Outbox.Entry>()
  const dedupe = new Set<string>()
  const keys = new Map<string, RawIdempotency>()
  const counters = new Map<string, AnalyticsStore.Row>()
  const city = MemoryCity.make(keys)

  const counterKey = (c: AnalyticsStore.Change | AnalyticsStore.Row) =>
    `${c.grid}\u0000${c.unit}\u0000${c.kind}\u0000${c.category}\u0000${c.month}\u0000${c.measure}`
  const addCounters = (changes: ReadonlyArray<AnalyticsStore.Change>) => {
    for (const c of changes) {
      const key = counterKey(c)
      const held = counters.get(key)
      const value = (held?.value ?? 0) + c.delta
      // a key keeps the rank it was first written with; only `rerank` moves it
      counters.set(key, {
        grid: c.grid,
        rank: held?.rank ?? c.rank,
        unit: c.unit,
        kind: c.kind,
        category: c.category,
        month: c.month,
        measure: c.measure,
        value
      })
    }
  }

  const applyTimers = (changes: ReadonlyArray<Timers.Change>) => {
    for (const change of changes) {
      if (change._tag === "Cancel") timers.delete(change.id)
      else timers.set(change.timer.id, { ...json(change.timer), owner: null, leaseUntil: null, attempts: 0 })
    }
  }
  const enqueue = (messages: ReadonlyArray<Outbox.Message>, now: number): number => {
    let added = 0
    for (const m of messages) {
      if (dedupe.has(m.dedupeKey) || outbox.has(m.id)) continue
      dedupe.add(m.dedupeKey)
      outbox.set(m.id, {
        ...json(m),
        status: "pending",
        attempts: 0,
        nextAttemptAt: now,
        owner: null,
        leaseUntil: null,
        lastError: null,
        createdAt: now
      })
      added++
    }
    return added
  }

  const appendNow = (request: CaseStore.AppendRequest): CaseStore.AppendOutcome => {
    const idem = request.idempotency
    const seen = idem === undefined ? undefined : keys.get(idem.key)
    if (seen !== undefined) return { _tag: "Replayed", result: json(seen.result), fingerprint: seen.fingerprint }
    const stream = streams.get(request.streamId) ?? []
    const last = stream[stream.length - 1]
    const actual = last?.version ?? 0
    if (actual !== request.expectedVersion) {
      return new CaseStore.VersionConflict({ streamId: request.streamId, expected: request.expectedVersion, actual })
    }
    const sealed = Audit.seal(request.streamId, last, json(request.events))
    const stored = sealed.map((e, i) => ({ ...e, position: log.length + 1 + i }))
    const at = request.events[request.events.length - 1]!.at
    log.push(...stored)
    streams.set(request.streamId, [...stream, ...stored])
    const version = stored[stored.length - 1]!.version
    if (request.summary !== undefined) {
      summaries.set(request.streamId, { ...json(request.summary), streamId: request.streamId, version })
    }
    applyTimers(request.timers ?? [])
    enqueue(request.outbox ?? [], at)
    addCounters(request.counters ?? [])
    if (idem !== undefined) {
      keys.set(idem.key, { key: idem.key, fingerprint: idem.fingerprint, result: json(idem.result), createdAt: at })
    }
    return { _tag: "Appended", version, events: stored.map(json) }
  }

  const append = (request: CaseStore.AppendRequest) =>
    Effect.suspend((): Effect.Effect<CaseStore.AppendResult, CaseStore.VersionConflict> => {
      const outcome = appendNow(request)
      return outcome._tag === "VersionConflict" ? Effect.fail(outcome) : Effect.succeed(outcome)
    })

  // One "transaction": every request in order, each seeing the ones before it.
  const appendMany = (requests: ReadonlyArray<CaseStore.AppendRequest>) =>
    Effect.sync((): ReadonlyArray<CaseStore.AppendOutcome> => requests.map(appendNow))

  const rerank = (ranks: ReadonlyArray<CaseStore.Rank>) =>
    Effect.sync(() => {
      const byCode = new Map(ranks.map((r) => [r.gridCode, r]))
      let changed = 0
      for (const [streamId, s] of summaries) {
        const r = byCode.get(s.gridCode)
        if (r === undefined || (r.pre === s.gridPre && r.post === s.gridPost)) continue
        summaries.set(streamId, { ...s, gridPre: r.pre, gridPost: r.post })
        changed++
      }
      for (const [key, c] of counters) {
        const r = byCode.get(c.grid)
        if (r !== undefined && r.pre !== c.rank) counters.set(key, { ...c, rank: r.pre })
      }
      return changed
    })

  const caseStore = CaseStore.CaseStore.of({
    load: (streamId) => Effect.sync(() => (streams.get(streamId) ?? []).map(json)),
    append,
    appendMany,
    rerank,
    readAll: (after, limit) =>
      Effect.sync(() =>
        log
          .filter((e) => e.position > after)
          .slice(0, limit)
          .map(json)
      ),
    summary: (streamId) => Effect.sync(() => Option.map(Option.fromUndefinedOr(summaries.get(streamId)), json)),
    search: (query) => Effect.sync(() => json(search(summaries.values(), query)))
  })

  const timerService = Timers.Timers.of({
    change: (changes) => Effect.sync(() => applyTimers(changes)),
    claimDue: (now, limit, owner, leaseMs) =>
      Effect.sync(() => {
        const due = [...timers.values()]
          .filter((t) => t.dueAt <= now && (t.leaseUntil === null || t.leaseUntil <= now))
          .sort((a, b) => a.dueAt - b.dueAt || compare(a.id, b.id))
          .slice(0, Math.max(0, limit))
        return due.map((t) => {
          const claimed = { ...t, owner, leaseUntil: now + leaseMs, attempts: t.attempts + 1 }
          timers.set(t.id, claimed)
          return json(claimed) as Timers.Claimed
        })
      }),
    complete: (id, owner) =>
      Effect.sync(() => {
        const timer = timers.get(id)
        if (timer === undefined || timer.owner !== owner) return false
        timers.delete(id)
        return true
      }),
    nextDue: () =>
      Effect.sync(() => {
        let next: number | null = null
        for (const t of timers.values()) if (next === null || t.dueAt < next) next = t.dueAt
        return next
      })
  })

  const settleOne = (owner: string, s: Outbox.Settlement): boolean => {
    const entry = outbox.get(s.id)
    if (entry === undefined || entry.status !== "pending" || entry.owner !== owner) return false
    const released = { ...entry, owner: null, leaseUntil: null }
    outbox.set(
      s.id,
      s._tag === "Delivered"
        ? { ...released, status: "delivered" }
        : s._tag === "Dead"
          ? { ...released, status: "dead", lastError: s.error }
          : { ...released, nextAttemptAt: s.retryAt, lastError: s.error }
    )
    return true
  }

  const outboxService = Outbox.Outbox.of({
    enqueue: (messages, now) => Effect.sync(() => enqueue(messages, now)),
    claim: (now, limit, owner, leaseMs) =>
      Effect.sync(() => {
        const due = [...outbox.values()]
          .filter(
            (m) => m.status === "pending" && m.nextAttemptAt <= now && (m.leaseUntil === null || m.leaseUntil <= now)
          )
          .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || compare(a.id, b.id))
          .slice(0, Math.max(0, limit))
        return due.map((m) => {
          const claimed = { ...m, owner, leaseUntil: now + leaseMs, attempts: m.attempts + 1 }
          outbox.set(m.id, claimed)
          return json(claimed) as Outbox.Entry
        })
      }),
    delivered: (id, owner) => Effect.sync(() => settleOne(owner, { _tag: "Delivered", id })),
    failed: (id, owner, retryAt, error) => Effect.sync(() => settleOne(owner, { _tag: "Failed", id, retryAt, error })),
    dead: (id, owner, error) => Effect.sync(() => settleOne(owner, { _tag: "Dead", id, error })),
    settle: (owner, settlements) => Effect.sync(() => settlements.map((s) => settleOne(owner, s))),
    get: (id) => Effect.sync(() => Option.map(Option.fromUndefinedOr(outbox.get(id)), json)),
    list: (query) =>
      Effect.sync(() =>
        [...outbox.values()]
          .filter(
            (m) =>
              (query.status === undefined || m.status === query.status) &&
              (query.channel === undefined || m.channel === query.channel) &&
              (query.after === undefined || compare(m.id, query.after) > 0)
          )
          .sort((a, b) => compare(a.id, b.id))
          .slice(0, Outbox.pageSize(query))
          .map(json)
      ),
    requeue: (id, now) =>
      Effect.sync(() => {
        const entry = outbox.get(id)
        if (entry === undefined || entry.status !== "dead") return false
        outbox.set(id, { ...entry, status: "pending", attempts: 0, nextAttemptAt: now, owner: null, leaseUntil: null })
        return true
      })
  })

  const entry = (r: RawIdempotency): Idempotency.Entry => ({ fingerprint: r.fingerprint, result: json(r.result) })
  const idempotency = Idempotency.Idempotency.of({
    get: (key) => Effect.sync(() => Option.map(Option.fromUndefinedOr(keys.get(key)), entry)),
    put: (key, fingerprint, result, at) =>
      Effect.sync(() => {
        const seen = keys.get(key)
        if (seen !== undefined) return entry(seen)
        const recorded = { key, fingerprint, result: json(result), createdAt: at }
        keys.set(key, recorded)
        return entry(recorded)
      }),
    prune: (before) =>
      Effect.sync(() => {
        let removed = 0
        for (const [key, record] of keys) {
          if (record.createdAt < before) {
            keys.delete(key)
            removed++
          }
        }
        return removed
      })
  })

  const rowOrder = (a: AnalyticsStore.Row, b: AnalyticsStore.Row) => compare(counterKey(a), counterKey(b))
  const live = () => [...counters.values()].filter((c) => c.value !== 0)
  const analytics = AnalyticsStore.AnalyticsStore.of({
    totals: (query) =>
      Effect.sync(() => {
        const out = AnalyticsStore.zero()
        const keep = AnalyticsStore.matches(query)
        for (const c of counters.values()) if (keep(c)) out[c.measure] += c.value
        return out
      }),
    counters: (query) => Effect.sync(() => live().filter(AnalyticsStore.matches(query)).sort(rowOrder).map(json)),
    replace: (changes) =>
      Effect.sync(() => {
        counters.clear()
        addCounters(changes)
      })
  })

  const byId = <A extends { readonly id: string }>(a: A, b: A) => compare(a.id, b.id)
  const raw: Raw = {
    events: Effect.sync(() => log.map(json)),
    summaries: Effect.sync(() => [...summaries.values()].map(json).sort((a, b) => compare(a.streamId, b.streamId))),
    timers: Effect.sync(() => [...timers.values()].map(json).sort(byId)),
    outbox: Effect.sync(() => [...outbox.values()].map(json).sort(byId)),
    idempotency: Effect.sync(() => [...keys.values()].map(json).sort((a, b) => compare(a.key, b.key))),
    summaryUnits: Effect.sync(() =>
      [...summaries.values()]
        .sort((a, b) => compare(a.streamId, b.streamId))
        .flatMap((s) => [...new Set(s.held)].sort(compare).map((unit) => ({ streamId: s.streamId, unit })))
    ),
    counters: Effect.sync(() => live().sort(rowOrder).map(json))
  }

  return {
    services: Context.make(CaseStore.CaseStore, caseStore).pipe(
      Context.add(Timers.Timers, timerService),
      Context.add(Outbox.Outbox, outboxService),
      Context.add(Idempotency.Idempotency, idempotency),
      Context.add(AnalyticsStore.AnalyticsStore, analytics),
      Context.add(CityStore.CityStore, city.service)
    ),
    raw,
    city: city.raw
  }
})

/**
 * A layer providing the five storage services over one fresh in-memory store.
 *
 * @example
 * import { Effect } from "effect"
 * import { CaseStore } from "@gridgov/core"
 * import { Memory } from "@gridgov/testing"
 *
 * const events = Effect.flatMap(Effect.service(CaseStore.CaseStore), (store) => store.load("case-1")).pipe(
 *   Effect.provide(Memory.layer)
 * )
 *
 * @category layers
 * @since 0.1.0
 */
export const layer: Layer.Layer<Stores> = Layer.effectContext(Effect.map(make, (memory) => memory.services))
