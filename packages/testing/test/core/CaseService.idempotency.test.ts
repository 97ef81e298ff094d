/**
 * CaseService binds an idempotency key to its request (issue 14, item 2): the same
 * request under a key replays the first receipt; another request under it (another
 * command, case, or operation) fails with `Idempotency.KeyReused` and writes
 * nothing, also when the two race into one group commit.
 */

import { CalendarCn } from "@gridgov/calendar-cn"
import { type Case, CaseService, Idempotency } from "@gridgov/core"
import { Memory, ServiceSuite } from "@gridgov/testing/vitest"
import { Effect, Fiber, Result } from "effect"
import { describe, expect, it } from "vitest"

const { exec, failure, history, openEvent, Raw, ref, runWith } = ServiceSuite
const { dispatcher, leader, resident, worker } = ServiceSuite.actors

const run = runWith(Memory.make, ServiceSuite.settings(CalendarCn.calendar()))
const fieldsOf = (command: Case.Command) => {
  const { _tag, id, ...fields } = command as Extract<Case.Command, { _tag: "Open" }>
  return fields
}
const events = Effect.flatMap(Effect.service(Raw), (raw) => raw.events)

describe("CaseService: an idempotency key is bound to its request", () => {
  it("the key reused for another command, on the same case or another, fails with KeyReused and writes nothing", () =>
    run(
      Effect.gen(function* () {
        const first = yield* exec("i-1", openEvent("i-1", worker, "gridWorker"), worker, "k-1")
        yield* exec("i-2", openEvent("i-2", worker, "gridWorker"), worker)
        const before = yield* events
        const urge = { _tag: "Urge", actor: ref(worker, "gridWorker"), note: "请加快" } as const
        for (const [caseId, command] of [
          ["i-1", urge],
          ["i-2", openEvent("i-2", worker, "gridWorker")],
          ["i-3", openEvent("i-3", worker, "gridWorker")],
          ["i-1", { ...openEvent("i-1", worker, "gridWorker"), summary: "another summary" } as Case.Command]
        ] as const) {
          const error = yield* failure(exec(caseId, command, worker, "k-1"))
          expect(error).toEqual(new Idempotency.KeyReused({ key: "k-1" }))
          expect(error.message).toBe("idempotency key k-1 was used for another request")
        }
        expect(yield* events).toEqual(before)
        // the request itself, its members in another order, still replays
        const reordered = Object.fromEntries(Object.entries(openEvent("i-1", worker, "gridWorker")).reverse())
        expect(yield* exec("i-1", reordered as Case.Command, worker, "k-1")).toEqual({ ...first, replayed: true })
        // and the key is the worker's: the leader's key of the same name is a request of its own
        const theirs = yield* exec("i-1", { _tag: "Urge", actor: ref(leader, "leader"), note: "督办" }, leader, "k-1")
        expect(theirs.replayed).toBe(false)
      })
    ))

  it("open() binds the key to the fields, not to the id it makes; open and execute do not share a key", () =>
    run(
      Effect.gen(function* () {
        const s = yield* CaseService.CaseService
        const fields = fieldsOf(openEvent("x", resident, "public"))
        const first = yield* s.open(fields, resident, { idempotencyKey: "r-1" })
        const again = yield* s.open({ ...fields }, resident, { idempotencyKey: "r-1" })
        expect(again).toEqual({ ...first, replayed: true })
        const other = yield* failure(s.open({ ...fields, severity: "minor" }, resident, { idempotencyKey: "r-1" }))
        expect(other._tag).toBe("IdempotencyKeyReused")
        const direct = yield* failure(exec(first.caseId, openEvent(first.caseId, resident, "public"), resident, "r-1"))
        expect(direct._tag).toBe("IdempotencyKeyReused")
        expect((yield* events).length).toBe(1)
      })
    ))

  it("with `request`, the key binds to the request the command was derived from", () =>
    run(
      Effect.gen(function* () {
        yield* exec("q-1", openEvent("q-1", worker, "gridWorker"), worker)
        const s = yield* CaseService.CaseService
        const asked = { _tag: "Urge", note: "请加快" }
        const urge = (role: "leader") => ({ _tag: "Urge", actor: ref(leader, role), note: "请加快" }) as const
        const options = { idempotencyKey: "u-1", request: asked }
        const first = yield* s.execute("q-1", urge("leader"), leader, options)
        // the same request, whatever command it became this time: a replay
        const again = yield* s.execute("q-1", { ...urge("leader"), note: "changed" }, leader, options)
        expect(again).toEqual({ ...first, replayed: true })
        const other = yield* failure(
          s.execute("q-1", urge("leader"), leader, { idempotencyKey: "u-1", request: { ...asked, note: "x" } })
        )
        expect(other._tag).toBe("IdempotencyKeyReused")
        expect((yield* history("q-1")).map((e) => e.type)).toEqual(["Opened", "Urged"])
      })
    ))

  it("two different requests racing under one key into one group commit: one is written, the other fails with KeyReused", () =>
    run(
      Effect.gen(function* () {
        const a = yield* Effect.forkChild(exec("r-a", openEvent("r-a", resident, "public"), resident, "race"))
        const b = yield* Effect.forkChild(exec("r-b", openEvent("r-b", resident, "public"), resident, "race"))
        const outcomes = [yield* Effect.result(Fiber.join(a)), yield* Effect.result(Fiber.join(b))]
        const written = outcomes.filter(Result.isSuccess)
        const refused = outcomes.filter(Result.isFailure)
        expect(written.map((r) => r.success.replayed)).toEqual([false])
        expect(refused.map((r) => r.failure._tag)).toEqual(["IdempotencyKeyReused"])
        expect((yield* events).map((e) => e.streamId)).toEqual([written[0]!.success.caseId])
        // a dispatcher's command under the same name is unaffected
        const registered = yield* exec(
          written[0]!.success.caseId,
          { _tag: "Register", actor: ref(dispatcher, "dispatcher") },
          dispatcher,
          "race"
        )
        expect(registered.replayed).toBe(false)
      })
    ))
})
