import { CalendarCn } from "@gridgov/calendar-cn"
import { CaseStore } from "@gridgov/core"
import { type Conformance, Memory, ServiceSuite } from "@gridgov/testing/vitest"
import { Context, Effect } from "effect"
import { describe, expect, it } from "vitest"

const { exec, failure, history, openEvent, ref, runWith } = ServiceSuite
const { dispatcher, leader, resident } = ServiceSuite.actors

const calendar = CalendarCn.calendar()
const settings = ServiceSuite.settings(calendar)

ServiceSuite.suite("Memory", Memory.make, { calendar })

/** A store where another writer appends an `Urged` event right after the service loads, `times` times. */
const contended = (times: number) => {
  let left = times
  let injected = 0
  const wrap = (ctx: Context.Context<Conformance.Stores>): Context.Context<Conformance.Stores> => {
    const store = Context.get(ctx, CaseStore.CaseStore)
    const load = (streamId: string) =>
      Effect.gen(function* () {
        const events = yield* store.load(streamId)
        if (left > 0 && events.length > 0) {
          left--
          injected++
          yield* Effect.orDie(
            store.append({
              streamId,
              expectedVersion: events.length,
              events: [
                {
                  type: "Urged",
                  v: 1,
                  payload: { note: `other writer ${injected}` },
                  actor: { id: leader.id, roles: ["leader"] },
                  at: 1
                }
              ]
            })
          )
        }
        return events
      })
    return Context.add(ctx, CaseStore.CaseStore, CaseStore.CaseStore.of({ ...store, load }))
  }
  return { wrap, injected: () => injected }
}

describe("CaseService on Memory: version conflicts", () => {
  const factory = Memory.make

  it("a concurrent writer between load and append: the command is decided again and applied once", async () => {
    const writer = contended(0)
    const plain = runWith(factory, settings)
    await plain(exec("c-0", openEvent("c-0", resident, "public"), resident))
    const c = contended(2)
    // the other writer comes in at the load, which a cached case skips
    const run = runWith(factory, { ...settings, cacheSize: 0 }, c.wrap)
    const types = await run(
      Effect.gen(function* () {
        yield* exec("c-1", openEvent("c-1", resident, "public"), resident)
        const r = yield* exec("c-1", { _tag: "Register", actor: ref(dispatcher, "dispatcher") }, dispatcher)
        expect(r.version).toBe(5)
        return (yield* history("c-1")).map((e) => e.type)
      })
    )
    expect(c.injected()).toBe(2)
    expect(writer.injected()).toBe(0)
    expect(types).toEqual(["Opened", "Urged", "Urged", "Registered", "Dispatched"])
  })

  it("conflicts on every attempt: a typed CaseConflict after maxAttempts, and nothing of the command written", async () => {
    const c = contended(100)
    const run = runWith(factory, { ...settings, maxAttempts: 3, cacheSize: 0 }, c.wrap)
    const result = await run(
      Effect.gen(function* () {
        yield* exec("c-2", openEvent("c-2", resident, "public"), resident)
        const error = yield* failure(
          exec("c-2", { _tag: "Register", actor: ref(dispatcher, "dispatcher") }, dispatcher)
        )
        return { error, types: (yield* history("c-2")).map((e) => e.type) }
      })
    )
    expect(result.error).toMatchObject({ _tag: "CaseConflict", caseId: "c-2", attempts: 3 })
    expect(result.types).toEqual(["Opened", "Urged", "Urged", "Urged"])
  })

  it("a case the service holds folded, moved by another writer: the append conflicts and the command is decided on the stored case", async () => {
    const run = runWith(factory, settings)
    const { r, types } = await run(
      Effect.gen(function* () {
        yield* exec("c-3", openEvent("c-3", resident, "public"), resident)
        const store = yield* CaseStore.CaseStore
        yield* Effect.orDie(
          store.append({
            streamId: "c-3",
            expectedVersion: 1,
            events: [
              {
                type: "Urged",
                v: 1,
                payload: { note: "another process" },
                actor: { id: leader.id, roles: ["leader"] },
                at: 1
              }
            ]
          })
        )
        const r = yield* exec("c-3", { _tag: "Register", actor: ref(dispatcher, "dispatcher") }, dispatcher)
        return { r, types: (yield* history("c-3")).map((e) => e.type) }
      })
    )
    expect(r.version).toBe(4)
    expect(types).toEqual(["Opened", "Urged", "Registered", "Dispatched"])
  })
})
