/**
 * The conformance suite of the configuration store (`CityStore`): the stream's
 * versions and hash chain, optimistic concurrency, the off-chain values (written with
 * the events, corrected and erased without touching the chain), idempotency keys in
 * the same transaction, and snapshots; each checked against what was persisted, read
 * back through a raw hook the adapter supplies. Every adapter runs it: `Memory` here,
 * `@gridgov/storage-sql` on SQLite and PostgreSQL.
 *
 * @since 0.1.0
 */
import { Audit, CaseStore, CityStore, Idempotency } from "@gridgov/core"
import { type Context, Effect, Exit, Option, Result, type Scope } from "effect"
import { describe, expect, it } from "vitest"
import type { RawIdempotency } from "./Conformance.js"
import * as Services from "./internal/cityConformanceService.js"

/**
 * A value kept off the chain, as persisted.
 *
 * @example
 * import type { CityConformance } from "@gridgov/testing/vitest"
 * const key = (row: CityConformance.RawOffChain) => row.key
 *
 * @category models
 * @since 0.1.0
 */
export interface RawOffChain {
  readonly key: string
  readonly value: CaseStore.Json
  readonly updatedAt: number
}

/**
 * The raw hook: the configuration's tables read directly (events by version,
 * snapshots by version, off-chain values and idempotency keys by key).
 *
 * @example
 * import type { CityConformance } from "@gridgov/testing/vitest"
 * const tables = (raw: CityConformance.Raw) => [raw.events, raw.snapshots, raw.offChain, raw.idempotency]
 *
 * @category models
 * @since 0.1.0
 */
export interface Raw {
  readonly events: Effect.Effect<ReadonlyArray<CaseStore.StoredEvent>, unknown>
  readonly snapshots: Effect.Effect<ReadonlyArray<CityStore.Snapshot>, unknown>
  readonly offChain: Effect.Effect<ReadonlyArray<RawOffChain>, unknown>
  readonly idempotency: Effect.Effect<ReadonlyArray<RawIdempotency>, unknown>
}

/**
 * A fresh store under test: its services and its raw hook.
 *
 * @example
 * import { Effect } from "effect"
 * import { Memory, type CityConformance } from "@gridgov/testing/vitest"
 * const subject: Effect.Effect<CityConformance.Subject> = Effect.map(Memory.make, (m) => ({ services: m.services, raw: m.city }))
 *
 * @category models
 * @since 0.1.0
 */
export interface Subject {
  readonly services: Context.Context<CityStore.CityStore | Idempotency.Idempotency | CaseStore.CaseStore>
  readonly raw: Raw
}

const actor = { id: "system", roles: ["system"] }
const event = (type: string, at: number, payload: CaseStore.Json = {}): CaseStore.NewEvent => ({
  type,
  v: 1,
  payload,
  actor,
  at
})

const all = (raw: Raw) => Effect.all([raw.events, raw.snapshots, raw.offChain, raw.idempotency])

/**
 * Registers the suite for one adapter; `make` builds a fresh, empty store in the
 * test's scope. Besides the port's own behaviour, the suite runs the configuration
 * service and the live configuration over the store: changes persisted as audited
 * events that a second reader loads from a snapshot and the events after it, contact
 * details corrected and erased off the chain with the chain still verifying, and two
 * readers of one store seeing each other's changes at their next refresh.
 *
 * @example
 * import { Effect } from "effect"
 * import { CityConformance, Memory } from "@gridgov/testing/vitest"
 * CityConformance.run("memory", Effect.map(Memory.make, (m) => ({ services: m.services, raw: m.city })))
 *
 * @category suites
 * @since 0.1.0
 */
export const run = (name: string, make: Effect.Effect<Subject, unknown, Scope.Scope>): void => {
  const test = (
    title: string,
    body: (raw: Raw) => Effect.Effect<void, unknown, CityStore.CityStore | Idempotency.Idempotency>
  ) =>
    it(title, () =>
      Effect.runPromise(
        Effect.scoped(Effect.flatMap(make, (subject) => Effect.provide(body(subject.raw), subject.services)))
      )
    )

  describe(`${name}: CityStore`, () => {
    test("an empty store has version 0 at the genesis hash, and nothing else", (raw) =>
      Effect.gen(function* () {
        const store = yield* CityStore.CityStore
        expect(yield* store.head).toEqual({ version: 0, hash: Audit.genesis })
        expect(yield* store.read(0, 100)).toEqual([])
        expect(Option.isNone(yield* store.snapshot)).toBe(true)
        expect((yield* store.offChain(["contact/p-1"])).size).toBe(0)
        expect(yield* all(raw)).toEqual([[], [], [], []])
      }))

    test("appends versions 1… to the stream, hash-chained, and reads them back as persisted", (raw) =>
      Effect.gen(function* () {
        const store = yield* CityStore.CityStore
        const payload = { person: { id: "p-1", name: "张三" }, reason: "入职", big: 2 ** 53 - 1, list: [1, null, "二"] }
        const first = yield* store.append({
          expectedVersion: 0,
          events: [event("PersonAdded", 100, payload), event("PostAdded", 100, { post: { id: "p-1#1" } })]
        })
        expect(first._tag).toBe("Appended")
        if (first._tag !== "Appended") return
        expect(first.events.map((e) => [e.streamId, e.version, e.position])).toEqual([
          [CityStore.streamId, 1, 1],
          [CityStore.streamId, 2, 2]
        ])
        expect(first.head).toEqual({ version: 2, hash: first.events[1]!.hash })
        const second = yield* store.append({ expectedVersion: 2, events: [event("PostEnded", 200, { id: "p-1#1" })] })
        expect(second).toMatchObject({ _tag: "Appended", head: { version: 3 } })
        const read = yield* store.read(0, 100)
        expect(read.map((e) => e.version)).toEqual([1, 2, 3])
        expect(read[0]!.payload).toEqual(payload)
        expect(read[0]!.prevHash).toBe(Audit.genesis)
        expect(read[1]!.prevHash).toBe(read[0]!.hash)
        expect(read[2]!.prevHash).toBe(read[1]!.hash)
        expect(Result.isSuccess(Audit.verify(read))).toBe(true)
        expect(yield* raw.events).toEqual(read)
        expect(yield* store.head).toEqual({ version: 3, hash: read[2]!.hash })
        expect((yield* store.read(1, 1)).map((e) => e.version)).toEqual([2])
        expect(yield* store.read(3, 10)).toEqual([])
      }))

    test("a wrong expected version fails with VersionConflict and writes nothing", (raw) =>
      Effect.gen(function* () {
        const store = yield* CityStore.CityStore
        yield* store.append({ expectedVersion: 0, events: [event("PersonAdded", 1)] })
        const before = yield* all(raw)
        const error = yield* Effect.flip(
          store.append({
            expectedVersion: 0,
            events: [event("PersonAdded", 2)],
            offChain: [{ key: "contact/p-2", value: { phone: "13800138000" } }],
            idempotency: { key: "k-1", fingerprint: "f-1", result: { version: 2 } }
          })
        )
        expect(error).toBeInstanceOf(CaseStore.VersionConflict)
        expect(error).toMatchObject({ streamId: CityStore.streamId, expected: 0, actual: 1 })
        expect(yield* all(raw)).toEqual(before)
      }))

    test("of appends racing at one version, exactly one is written; the chain stays whole", (raw) =>
      Effect.gen(function* () {
        const store = yield* CityStore.CityStore
        const exits = yield* Effect.all(
          Array.from({ length: 6 }, (_, i) =>
            Effect.exit(store.append({ expectedVersion: 0, events: [event("PersonAdded", i, { n: i })] }))
          ),
          { concurrency: "unbounded" }
        )
        expect(exits.filter(Exit.isSuccess).length).toBe(1)
        const events = yield* raw.events
        expect(events.length).toBe(1)
        expect(Result.isSuccess(Audit.verify(events))).toBe(true)
      }))

    test("off-chain values are written with the events, corrected and erased, and the chain still verifies", (raw) =>
      Effect.gen(function* () {
        const store = yield* CityStore.CityStore
        yield* store.append({
          expectedVersion: 0,
          events: [event("PersonAdded", 10), event("ContactChanged", 10, { person: "p-1", fields: ["phone"] })],
          offChain: [{ key: "contact/p-1", value: { phone: "13800138000" } }]
        })
        expect(yield* raw.offChain).toEqual([{ key: "contact/p-1", value: { phone: "13800138000" }, updatedAt: 10 }])
        expect(yield* store.offChain(["contact/p-1", "contact/p-2"])).toEqual(
          new Map([["contact/p-1", { phone: "13800138000" }]])
        )
        yield* store.append({
          expectedVersion: 2,
          events: [event("ContactChanged", 20, { person: "p-1", fields: ["phone"] })],
          offChain: [{ key: "contact/p-1", value: { phone: "13900139000" } }]
        })
        expect(yield* raw.offChain).toEqual([{ key: "contact/p-1", value: { phone: "13900139000" }, updatedAt: 20 }])
        yield* store.append({
          expectedVersion: 3,
          events: [event("ContactErased", 30, { person: "p-1" })],
          offChain: [{ key: "contact/p-1", value: null }]
        })
        expect(yield* raw.offChain).toEqual([])
        const events = yield* raw.events
        expect(Result.isSuccess(Audit.verify(events))).toBe(true)
        const text = JSON.stringify(events)
        expect(text).not.toContain("13800138000")
        expect(text).not.toContain("13900139000")
      }))

    test("an idempotency key is recorded with the events; the same key again replays and writes nothing", (raw) =>
      Effect.gen(function* () {
        const store = yield* CityStore.CityStore
        const keys = yield* Idempotency.Idempotency
        const idempotency = { key: "admin-1/req-1", fingerprint: "f-1", result: { version: 1 } }
        yield* store.append({ expectedVersion: 0, events: [event("PersonAdded", 5)], idempotency })
        expect(yield* raw.idempotency).toEqual([{ ...idempotency, createdAt: 5 }])
        expect(Option.getOrUndefined(yield* keys.get("admin-1/req-1"))).toEqual({
          fingerprint: "f-1",
          result: { version: 1 }
        })
        const before = yield* all(raw)
        // a replay wins over the version check: the first request went through
        const again = yield* store.append({
          expectedVersion: 0,
          events: [event("PersonAdded", 6)],
          idempotency: { ...idempotency, fingerprint: "f-2" }
        })
        expect(again).toEqual({ _tag: "Replayed", result: { version: 1 }, fingerprint: "f-1" })
        expect(yield* all(raw)).toEqual(before)
      }))

    test("keeps snapshots by version and answers the latest; a second one at a version is ignored", (raw) =>
      Effect.gen(function* () {
        const store = yield* CityStore.CityStore
        yield* store.saveSnapshot({ version: 3, hash: "h3", document: { grids: [], 名称: "玉门" } })
        yield* store.saveSnapshot({ version: 7, hash: "h7", document: { grids: [1, 2] } })
        yield* store.saveSnapshot({ version: 3, hash: "other", document: {} })
        expect(Option.getOrUndefined(yield* store.snapshot)).toEqual({
          version: 7,
          hash: "h7",
          document: { grids: [1, 2] }
        })
        expect(yield* raw.snapshots).toEqual([
          { version: 3, hash: "h3", document: { grids: [], 名称: "玉门" } },
          { version: 7, hash: "h7", document: { grids: [1, 2] } }
        ])
      }))
  })

  Services.run(name, make)
}
