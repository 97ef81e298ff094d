/**
 * Conformance tests of the `Idempotency` port and of idempotency keys in
 * `CaseStore.append` / `appendMany`: a key is recorded with the fingerprint of its
 * request, in the append's transaction; a key seen before writes nothing and
 * answers with the recorded result and fingerprint, for the caller to compare
 * (`Idempotency.replay`, `Idempotency.once`). Registered by `Conformance.run`; each
 * checks what was persisted through the raw hook.
 */
import { CaseStore, Idempotency } from "@gridgov/core"
import { Effect, Exit, Option, Result } from "effect"
import { expect } from "vitest"
import type { Raw, Stores } from "../Conformance.js"

type Test = (title: string, body: (raw: Raw) => Effect.Effect<void, unknown, Stores>) => void

const actor = { id: "p-1", roles: ["gridWorker"] }
const event = (type: string, at: number, payload: CaseStore.Json = {}): CaseStore.NewEvent => ({
  type,
  v: 1,
  payload,
  actor,
  at
})

const snapshot = (raw: Raw) =>
  Effect.all([raw.events, raw.summaries, raw.timers, raw.outbox, raw.idempotency, raw.summaryUnits, raw.counters])

export const register = (test: Test): void => {
  test("the first entry recorded for a key wins, with its fingerprint; old keys can be pruned", (raw) =>
    Effect.gen(function* () {
      const keys = yield* Idempotency.Idempotency
      expect(yield* keys.put("k1", "f-1", { n: 1 }, 100)).toEqual({ fingerprint: "f-1", result: { n: 1 } })
      expect(yield* keys.put("k1", "f-2", { n: 2 }, 200)).toEqual({ fingerprint: "f-1", result: { n: 1 } })
      expect(yield* keys.put("k2", "f-3", [1, "二"], 300)).toEqual({ fingerprint: "f-3", result: [1, "二"] })
      expect(yield* keys.get("k1")).toEqual(Option.some({ fingerprint: "f-1", result: { n: 1 } }))
      expect(Option.isNone(yield* keys.get("k3"))).toBe(true)
      expect(yield* keys.prune(200)).toBe(1)
      expect(yield* raw.idempotency).toEqual([{ key: "k2", fingerprint: "f-3", result: [1, "二"], createdAt: 300 }])
    }))

  test("an append records its key with the request's fingerprint; the key with another fingerprint replays the first entry and writes nothing", (raw) =>
    Effect.gen(function* () {
      const store = yield* CaseStore.CaseStore
      const print = Idempotency.fingerprint("open", { kind: "event", place: "620981" })
      const other = Idempotency.fingerprint("open", { kind: "event", place: "620982" })
      const first = yield* store.append({
        streamId: "case-1",
        expectedVersion: 0,
        events: [event("Reported", 10)],
        idempotency: { key: "k-1", fingerprint: print, result: { caseId: "case-1" } }
      })
      expect(first._tag).toBe("Appended")
      expect(yield* raw.idempotency).toEqual([
        { key: "k-1", fingerprint: print, result: { caseId: "case-1" }, createdAt: 10 }
      ])
      const before = yield* snapshot(raw)
      // another request under the key: the store answers with what it recorded, whatever was asked
      const reused = yield* store.append({
        streamId: "case-2",
        expectedVersion: 0,
        events: [event("Reported", 20)],
        idempotency: { key: "k-1", fingerprint: other, result: { caseId: "case-2" } }
      })
      expect(reused).toEqual({ _tag: "Replayed", result: { caseId: "case-1" }, fingerprint: print })
      // and the caller's comparison refuses it
      const entry = reused as Extract<CaseStore.AppendResult, { _tag: "Replayed" }>
      const answer = Idempotency.replay("k", entry, other)
      expect(Result.isFailure(answer) && answer.failure).toBeInstanceOf(Idempotency.KeyReused)
      expect(Idempotency.replay("k", entry, print)).toEqual(Result.succeed({ caseId: "case-1" }))
      // in a batch too, also against a key recorded earlier in the same batch
      const outcomes = yield* store.appendMany([
        {
          streamId: "case-3",
          expectedVersion: 0,
          events: [event("Reported", 30)],
          idempotency: { key: "k-1", fingerprint: other, result: { caseId: "case-3" } }
        },
        {
          streamId: "case-4",
          expectedVersion: 0,
          events: [event("Reported", 40)],
          idempotency: { key: "k-4", fingerprint: print, result: { caseId: "case-4" } }
        },
        {
          streamId: "case-5",
          expectedVersion: 0,
          events: [event("Reported", 50)],
          idempotency: { key: "k-4", fingerprint: other, result: { caseId: "case-5" } }
        }
      ])
      expect(outcomes).toEqual([
        { _tag: "Replayed", result: { caseId: "case-1" }, fingerprint: print },
        expect.objectContaining({ _tag: "Appended", version: 1 }),
        { _tag: "Replayed", result: { caseId: "case-4" }, fingerprint: print }
      ])
      const [events, , , , keys] = yield* snapshot(raw)
      expect(events.map((e) => e.streamId)).toEqual(["case-1", "case-4"])
      expect(keys).toEqual([
        ...before[4],
        { key: "k-4", fingerprint: print, result: { caseId: "case-4" }, createdAt: 40 }
      ])
    }))

  test("a refused append records no key: the request under it may be sent again, or another one", (raw) =>
    Effect.gen(function* () {
      const store = yield* CaseStore.CaseStore
      yield* store.append({ streamId: "case-1", expectedVersion: 0, events: [event("Reported", 1)] })
      const stale = yield* Effect.exit(
        store.append({
          streamId: "case-1",
          expectedVersion: 0,
          events: [event("Registered", 2)],
          idempotency: { key: "k-1", fingerprint: "f-1", result: { n: 1 } }
        })
      )
      expect(Exit.isFailure(stale)).toBe(true)
      expect(yield* raw.idempotency).toEqual([])
      const next = yield* store.append({
        streamId: "case-1",
        expectedVersion: 1,
        events: [event("Urged", 3)],
        idempotency: { key: "k-1", fingerprint: "f-2", result: { n: 2 } }
      })
      expect(next._tag).toBe("Appended")
      expect(yield* raw.idempotency).toEqual([{ key: "k-1", fingerprint: "f-2", result: { n: 2 }, createdAt: 3 }])
    }))

  test("Idempotency.once: the same request replays without running, another request is KeyReused, a failure records nothing", (raw) =>
    Effect.gen(function* () {
      let runs = 0
      const add = (request: CaseStore.Json, key = "add-1") =>
        Idempotency.once(
          { actor: "p-admin", key, operation: "admin.createPerson", request },
          Effect.sync(() => {
            runs++
            return request
          })
        )
      const person = { id: "p-9", name: "王五" }
      expect(yield* add(person)).toEqual({ result: person, replayed: false })
      // the same request, its members in another order
      expect(yield* add({ name: "王五", id: "p-9" })).toEqual({ result: person, replayed: true })
      const reused = yield* Effect.flip(add({ id: "p-10", name: "王五" }))
      expect(reused).toEqual(new Idempotency.KeyReused({ key: "add-1" }))
      expect(runs).toBe(1)
      // another caller's key of the same name is theirs
      const theirs = yield* Idempotency.once(
        { actor: "p-other", key: "add-1", operation: "admin.createPerson", request: { id: "p-10" } },
        Effect.succeed({ id: "p-10" })
      )
      expect(theirs).toEqual({ result: { id: "p-10" }, replayed: false })
      const failed = yield* Effect.exit(
        Idempotency.once(
          { actor: "p-admin", key: "add-2", operation: "admin.createPerson", request: person },
          Effect.fail("refused")
        )
      )
      expect(Exit.isFailure(failed)).toBe(true)
      expect((yield* raw.idempotency).map((r) => r.key)).toEqual([
        Idempotency.scope("p-admin", "add-1"),
        Idempotency.scope("p-other", "add-1")
      ])
      expect((yield* raw.idempotency)[0]!.fingerprint).toBe(Idempotency.fingerprint("admin.createPerson", person))
    }))
}
