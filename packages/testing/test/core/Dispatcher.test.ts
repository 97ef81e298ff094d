import { Dispatcher, Notification, Notifier, Outbox } from "@gridgov/core"
import { Memory } from "@gridgov/testing"
import { Context, Effect, Exit, Fiber, Layer, Option, Random, Schedule } from "effect"
import { TestClock } from "effect/testing"
import fc from "fast-check"
import { describe, expect, it } from "vitest"

const notification = (caseId: string, type: Notification.Type = "assigned"): Notification.Notification =>
  Notification.make({
    type,
    caseId,
    kind: "event",
    category: "event.sanitation.garbage",
    grid: "620981001001",
    event: { type: "Dispatched", version: 3, at: 0 },
    recipient: { _tag: "Unit", unit: "dept.urban-management" },
    data: { reason: "垃圾堆放 <三天>" }
  })

/** A transport that answers from a script per case id (then `Delivered`) and records every call. */
const scripted = (script: Record<string, ReadonlyArray<Notifier.Outcome | "die" | "hang">> = {}) => {
  const calls: Array<Notifier.Message> = []
  const used = new Map<string, number>()
  const transport: Notifier.Transport = {
    deliver: (message) =>
      Effect.suspend(() => {
        calls.push(message)
        const steps = script[message.notification.caseId] ?? []
        const i = used.get(message.notification.caseId) ?? 0
        used.set(message.notification.caseId, i + 1)
        const step = steps[i] ?? Notifier.delivered
        if (step === "die") return Effect.die(new Error("socket exploded"))
        if (step === "hang") return Effect.never
        return Effect.succeed(step)
      })
  }
  return { calls, transport }
}

const setup = (transports: Record<string, Notifier.Transport>) =>
  Effect.gen(function* () {
    const memory = yield* Memory.make
    const layer = Layer.mergeAll(
      Layer.succeedContext(memory.services),
      Layer.succeed(Notifier.Notifier, Notifier.make(transports)),
      TestClock.layer()
    )
    return { memory, layer }
  })

const run = <A, E>(
  transports: Record<string, Notifier.Transport>,
  body: (memory: Memory.MemoryStore) => Effect.Effect<A, E, Outbox.Outbox | Notifier.Notifier>
) =>
  Effect.runPromise(
    Effect.gen(function* () {
      const { memory, layer } = yield* setup(transports)
      return yield* body(memory).pipe(Effect.provide(layer), Random.withSeed("dispatcher"))
    })
  )

const enqueue = (messages: ReadonlyArray<Outbox.Message>) =>
  Effect.flatMap(Effect.service(Outbox.Outbox), (outbox) =>
    Effect.flatMap(
      Effect.clockWith((clock) => clock.currentTimeMillis),
      (now) => outbox.enqueue(messages, now)
    )
  )

const entry = (id: string) => Effect.flatMap(Dispatcher.status(id), Effect.succeed)

describe("Dispatcher.runOnce", () => {
  it("delivers each due message once through its channel's transport, with its dedupe key, and marks it delivered", () => {
    const webhook = scripted()
    const email = scripted()
    return run({ webhook: webhook.transport, email: email.transport }, (memory) =>
      Effect.gen(function* () {
        const n1 = notification("case-1")
        const messages = [
          ...Notification.messages(n1, ["webhook", "email"]),
          ...Notification.messages(notification("case-2"), ["webhook"])
        ]
        expect(yield* enqueue(messages)).toBe(3)
        const report = yield* Dispatcher.runOnce({ owner: "d1" })
        expect(report).toEqual({ claimed: 3, delivered: 3, retried: 0, dead: 0, lost: 0 })
        expect(webhook.calls.map((m) => m.dedupeKey).sort()).toEqual([
          "case-1/3/assigned/unit:dept.urban-management/webhook",
          "case-2/3/assigned/unit:dept.urban-management/webhook"
        ])
        expect(email.calls).toEqual([
          {
            id: "case-1/3/assigned/unit:dept.urban-management/email",
            dedupeKey: "case-1/3/assigned/unit:dept.urban-management/email",
            channel: "email",
            attempt: 1,
            notification: n1
          }
        ])
        expect((yield* memory.raw.outbox).map((m) => m.status)).toEqual(["delivered", "delivered", "delivered"])
        expect(yield* Dispatcher.runOnce({ owner: "d1" })).toEqual({
          claimed: 0,
          delivered: 0,
          retried: 0,
          dead: 0,
          lost: 0
        })
        expect(webhook.calls).toHaveLength(2)
      })
    )
  })

  it("backs off exponentially with jitter, gives up after maxAttempts with the reason, and a requeued dead letter is delivered", () => {
    const failing = scripted({ "case-1": Array(4).fill(Notifier.retryable("503 Service Unavailable")) })
    return run({ webhook: failing.transport }, () =>
      Effect.gen(function* () {
        const [m] = Notification.messages(notification("case-1"), ["webhook"])
        yield* enqueue([m!])
        const options = { owner: "d1", maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 60_000 }
        const waits: Array<number> = []
        for (let attempt = 1; attempt <= 2; attempt++) {
          const before = yield* Effect.clockWith((c) => c.currentTimeMillis)
          expect(yield* Dispatcher.runOnce(options)).toMatchObject({ claimed: 1, retried: 1 })
          const e = yield* entry(m!.id)
          expect([e.status, e.attempts, e.lastError]).toEqual(["pending", attempt, "503 Service Unavailable"])
          const wait = e.nextAttemptAt - before
          const step = 1_000 * 2 ** (attempt - 1)
          expect(wait).toBeGreaterThanOrEqual(step / 2)
          expect(wait).toBeLessThanOrEqual(step)
          waits.push(wait)
          // Not due yet: nothing is claimed a millisecond early.
          yield* TestClock.adjust(wait - 1)
          expect((yield* Dispatcher.runOnce(options)).claimed).toBe(0)
          yield* TestClock.adjust(1)
        }
        expect(yield* Dispatcher.runOnce(options)).toMatchObject({ claimed: 1, dead: 1 })
        const dead = yield* entry(m!.id)
        expect([dead.status, dead.attempts, dead.lastError]).toEqual([
          "dead",
          3,
          "gave up after 3 attempts: 503 Service Unavailable"
        ])
        expect((yield* Dispatcher.deadLetters()).map((d) => d.id)).toEqual([m!.id])
        expect(failing.calls.map((c) => c.attempt)).toEqual([1, 2, 3])

        const requeued = yield* Dispatcher.requeue(m!.id)
        expect([requeued.status, requeued.attempts]).toEqual(["pending", 0])
        // The script still fails once more, then the receiver recovers.
        expect(yield* Dispatcher.runOnce(options)).toMatchObject({ retried: 1 })
        yield* TestClock.adjust(1_000)
        expect(yield* Dispatcher.runOnce(options)).toMatchObject({ delivered: 1 })
        expect((yield* entry(m!.id)).status).toBe("delivered")
        expect(yield* Dispatcher.deadLetters()).toEqual([])
        const again = yield* Effect.exit(Dispatcher.requeue(m!.id))
        expect(Exit.isFailure(again) && JSON.stringify(again.cause)).toContain("NotDead")
        const missing = yield* Effect.exit(Dispatcher.requeue("nope"))
        expect(Exit.isFailure(missing) && JSON.stringify(missing.cause)).toContain("MessageNotFound")
      })
    )
  })

  it("honours a receiver's Retry-After when it is longer than the backoff, capped at maxDelayMs", () => {
    const limited = scripted({
      "case-1": [Notifier.retryable("429 Too Many Requests", 30_000)],
      "case-2": [Notifier.retryable("429 Too Many Requests", 10 * 3_600_000)]
    })
    return run({ webhook: limited.transport }, () =>
      Effect.gen(function* () {
        const [a] = Notification.messages(notification("case-1"), ["webhook"])
        const [b] = Notification.messages(notification("case-2"), ["webhook"])
        yield* enqueue([a!, b!])
        yield* Dispatcher.runOnce({ owner: "d1", maxDelayMs: 3_600_000 })
        expect((yield* entry(a!.id)).nextAttemptAt).toBe(30_000)
        expect((yield* entry(b!.id)).nextAttemptAt).toBe(3_600_000)
      })
    )
  })

  it("dead-letters at once: permanent failures, channels without a transport, payloads that are not notifications", () => {
    const gone = scripted({ "case-1": [Notifier.permanent("410 Gone")] })
    return run({ webhook: gone.transport }, () =>
      Effect.gen(function* () {
        yield* enqueue([
          ...Notification.messages(notification("case-1"), ["webhook"]),
          ...Notification.messages(notification("case-2"), ["sms"]),
          { id: "junk", dedupeKey: "junk", channel: "webhook", payload: { v: 9, hello: "world" } }
        ])
        expect(yield* Dispatcher.runOnce({ owner: "d1" })).toMatchObject({ claimed: 3, dead: 3 })
        const [permanent, unregistered, junk] = yield* Dispatcher.deadLetters()
        expect([permanent!.channel, permanent!.lastError]).toEqual(["webhook", "410 Gone"])
        expect([unregistered!.channel, unregistered!.lastError]).toEqual([
          "sms",
          'no transport registered for channel "sms"'
        ])
        expect(junk!.id).toBe("junk")
        expect(junk!.lastError).toMatch(/^payload is not a v1 notification: /)
        expect(yield* Dispatcher.deadLetters({ channel: "sms" })).toHaveLength(1)
      })
    )
  })

  it("treats a transport defect and a delivery longer than the lease as retryable", () => {
    const flaky = scripted({ "case-1": ["die"], "case-2": ["hang"] })
    return run({ webhook: flaky.transport }, () =>
      Effect.gen(function* () {
        yield* enqueue([
          ...Notification.messages(notification("case-1"), ["webhook"]),
          ...Notification.messages(notification("case-2"), ["webhook"])
        ])
        const round = yield* Dispatcher.runOnce({ owner: "d1", leaseMs: 5_000 }).pipe(Effect.forkChild)
        yield* TestClock.adjust(5_000)
        expect(yield* Fiber.join(round)).toMatchObject({ claimed: 2, retried: 2 })
        const [a, b] = yield* Dispatcher.deadLetters().pipe(
          Effect.andThen(Effect.service(Outbox.Outbox)),
          Effect.flatMap((o) => o.list({ status: "pending" }))
        )
        expect(a!.lastError).toContain("transport defect: Error: socket exploded")
        expect(b!.lastError).toBe("delivery took longer than the lease (5000 ms)")
      })
    )
  })

  it("settles each claimed batch with one Outbox.settle call, and counts rows another dispatcher took meanwhile as lost", () =>
    Effect.runPromise(
      Effect.gen(function* () {
        const memory = yield* Memory.make
        const outbox = Context.get(memory.services, Outbox.Outbox)
        const batches: Array<ReadonlyArray<Outbox.Settlement["_tag"]>> = []
        const single = () => Effect.die(new Error("the dispatcher settles rows one by one"))
        const counting = Outbox.Outbox.of({
          ...outbox,
          delivered: single,
          failed: single,
          dead: single,
          settle: (owner, settlements) => {
            batches.push(settlements.map((s) => s._tag))
            return outbox.settle(owner, settlements)
          }
        })
        const script = scripted({
          "case-1": [Notifier.retryable("503")],
          "case-2": [Notifier.permanent("410 Gone")]
        })
        const transport: Notifier.Transport = {
          deliver: (message) =>
            message.notification.caseId === "a-stolen"
              ? // the lease ran out meanwhile and dispatcher d2 claimed this row (the oldest id)
                Effect.as(Effect.orDie(outbox.claim(60_000, 1, "d2", 60_000)), Notifier.delivered)
              : script.transport.deliver(message)
        }
        yield* outbox.enqueue(
          ["a-stolen", "case-0", "case-1", "case-2", "case-3"].flatMap((id) =>
            Notification.messages(notification(id), ["webhook"])
          ),
          0
        )
        const report = yield* Dispatcher.runOnce({ owner: "d1", concurrency: 1 }).pipe(
          Effect.provide(
            Layer.mergeAll(
              Layer.succeed(Outbox.Outbox, counting),
              Layer.succeed(Notifier.Notifier, Notifier.make({ webhook: transport })),
              TestClock.layer()
            )
          ),
          Random.withSeed("dispatcher")
        )
        expect(report).toEqual({ claimed: 5, delivered: 2, retried: 1, dead: 1, lost: 1 })
        expect(batches).toEqual([["Delivered", "Delivered", "Failed", "Dead", "Delivered"]])
        const rows = yield* memory.raw.outbox
        expect(rows.map((r) => [r.status, r.owner, r.lastError])).toEqual([
          ["pending", "d2", null],
          ["delivered", null, null],
          ["pending", null, "503"],
          ["dead", null, "410 Gone"],
          ["delivered", null, null]
        ])
      })
    ))

  it("two dispatchers on one outbox never deliver the same message twice", () => {
    const receiver = scripted()
    return run({ webhook: receiver.transport }, () =>
      Effect.gen(function* () {
        const messages = Array.from({ length: 40 }, (_, i) =>
          Notification.messages(notification(`case-${i}`), ["webhook"])
        ).flat()
        yield* enqueue(messages)
        const reports = yield* Effect.all(
          [
            Dispatcher.runOnce({ owner: "a", batchSize: 25, concurrency: 4 }),
            Dispatcher.runOnce({ owner: "b", batchSize: 25, concurrency: 4 })
          ],
          { concurrency: 2 }
        )
        expect(reports.map((r) => r.delivered).reduce((x, y) => x + y)).toBe(40)
        expect(new Set(receiver.calls.map((c) => c.id)).size).toBe(40)
        expect(receiver.calls).toHaveLength(40)
      })
    )
  })
})

describe("Dispatcher.run", () => {
  it("loops on its schedule: drains a backlog at once, waits between idle rounds, and recovers after failures", () => {
    const recovering = scripted({ "case-0": [Notifier.retryable("connection refused"), Notifier.retryable("timeout")] })
    return run({ webhook: recovering.transport }, (memory) =>
      Effect.gen(function* () {
        yield* enqueue(
          Array.from({ length: 25 }, (_, i) => Notification.messages(notification(`case-${i}`), ["webhook"])).flat()
        )
        const fiber = yield* Dispatcher.run(
          { owner: "d1", batchSize: 10, baseDelayMs: 2_000 },
          Schedule.spaced("1 second")
        ).pipe(Effect.forkChild)
        yield* Effect.yieldNow
        // The backlog of 25 drains in one go (rounds of 10, 10, 5) without waiting for the schedule.
        expect(recovering.calls).toHaveLength(25)
        const delivered = () =>
          Effect.map(memory.raw.outbox, (rows) => rows.filter((r) => r.status === "delivered").length)
        expect(yield* delivered()).toBe(24)
        // New work is picked up on the next tick.
        yield* enqueue(Notification.messages(notification("case-late"), ["webhook"]))
        yield* TestClock.adjust(1_000)
        expect(yield* delivered()).toBe(25)
        // case-0 is retried after its backoff (≤ 2 s, then ≤ 4 s) and delivered.
        yield* TestClock.adjust(2_000)
        yield* TestClock.adjust(4_000)
        yield* TestClock.adjust(1_000)
        expect(yield* delivered()).toBe(26)
        expect(recovering.calls.filter((c) => c.notification.caseId === "case-0").map((c) => c.attempt)).toEqual([
          1, 2, 3
        ])
        yield* Fiber.interrupt(fiber)
      })
    )
  })
})

describe("Dispatcher.backoff", () => {
  it("waits between half and all of the capped exponential step, growing with attempts", () =>
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        (attempt, u, baseDelayMs, extra) => {
          const options = { baseDelayMs, maxDelayMs: baseDelayMs + extra }
          const step = Math.min(options.maxDelayMs, baseDelayMs * 2 ** (attempt - 1))
          const delay = Dispatcher.backoff(attempt, u, options)
          expect(delay).toBeGreaterThanOrEqual(Math.floor(step / 2))
          expect(delay).toBeLessThanOrEqual(step)
          expect(Dispatcher.backoff(attempt + 1, u, options)).toBeGreaterThanOrEqual(delay)
        }
      )
    ))
})

describe("Notification", () => {
  it("maps events to types, resolves recipients and derives one dedupe key per channel", () => {
    expect(Notification.typeOf("Dispatched", { _tag: "Handler" })).toBe("assigned")
    expect(Notification.typeOf("Returned", { _tag: "Role", role: "dispatcher" })).toBe("returned")
    expect(Notification.typeOf("SlaBreached", { _tag: "Role", role: "leader" })).toBe("breached")
    expect(Notification.typeOf("Escalated", { _tag: "Role", role: "dispatcher" })).toBe("escalated")
    expect(Notification.typeOf("Urged", { _tag: "Handler" })).toBe("urged")
    expect(Notification.typeOf("Escalated", { _tag: "Reporter" })).toBe("replyToReporter")
    expect(Notification.typeOf("Acknowledged", { _tag: "Handler" })).toBe("updated")
    const ref: Notification.CaseRef = {
      grid: "620981001",
      handler: { unit: "dept.housing" },
      reporter: { id: "r-1", role: "public" }
    }
    expect(Notification.resolve({ _tag: "Handler" }, ref)).toEqual(Option.some({ _tag: "Unit", unit: "dept.housing" }))
    expect(
      Notification.resolve({ _tag: "Handler" }, { ...ref, handler: { unit: "dept.housing", person: "p-9" } })
    ).toEqual(Option.some({ _tag: "Person", id: "p-9" }))
    expect(Notification.resolve({ _tag: "Reporter" }, ref)).toEqual(
      Option.some({ _tag: "Person", id: "r-1", role: "public" })
    )
    expect(Notification.resolve({ _tag: "Reporter" }, { grid: "620981" })).toEqual(Option.none())
    expect(Notification.resolve({ _tag: "Role", role: "leader" }, ref)).toEqual(
      Option.some({ _tag: "Role", role: "leader", grid: "620981001" })
    )
    const n = notification("case-9")
    const rows = Notification.messages(n, ["webhook", "email"])
    expect(rows.map((r) => r.dedupeKey)).toEqual([
      "case-9/3/assigned/unit:dept.urban-management/webhook",
      "case-9/3/assigned/unit:dept.urban-management/email"
    ])
    expect(rows.every((r) => r.id === r.dedupeKey)).toBe(true)
    expect(Notification.decode(JSON.parse(JSON.stringify(rows[0]!.payload)))).toEqual(Notification.decode(n))
  })

  it("rejects payloads of another version or with a bad recipient", () => {
    const n = notification("case-1")
    expect(Notification.decode({ ...n, v: 2 })._tag).toBe("Failure")
    expect(Notification.decode({ ...n, recipient: { _tag: "Role", role: "mayor" } })._tag).toBe("Failure")
    expect(Notification.decode({ ...n, kind: "complaint" })._tag).toBe("Failure")
    expect(Notification.decode(n)._tag).toBe("Success")
  })
})
