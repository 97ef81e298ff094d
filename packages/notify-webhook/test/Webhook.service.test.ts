/**
 * The service's notifications delivered end to end: CaseService writes them to the
 * outbox (on the in-memory store, the service suite's world from @gridgov/testing),
 * the dispatcher claims them and this package's webhook notifier delivers them to a
 * real HTTP receiver, signed and keyed by the outbox dedupe key.
 */
import { CalendarCn } from "@gridgov/calendar-cn"
import { Dispatcher } from "@gridgov/core"
import { Webhook } from "@gridgov/notify-webhook"
import { Memory, ServiceSuite } from "@gridgov/testing/vitest"
import { Effect, Layer, Result } from "effect"
import { FetchHttpClient } from "effect/http"
import { describe, expect, it } from "vitest"
import * as Receiver from "./receiver.js"

const { exec, openEvent, Raw, ref, T0 } = ServiceSuite
const { dispatcher, resident } = ServiceSuite.actors
const { village } = ServiceSuite.places
const run = ServiceSuite.runWith(Memory.make, ServiceSuite.settings(CalendarCn.calendar()))

describe("CaseService notifications over a webhook", () => {
  it("end to end: the dispatcher delivers the service's notifications to a real webhook receiver, signed and keyed", () =>
    run(
      Effect.scoped(
        Effect.gen(function* () {
          const receiver = yield* Effect.acquireRelease(
            Effect.promise(() => Receiver.start()),
            (r) => Effect.promise(() => r.close())
          )
          const secret = "whsec_suite"
          yield* exec("n-3", openEvent("n-3", resident, "public"), resident)
          yield* exec("n-3", { _tag: "Register", actor: ref(dispatcher, "dispatcher") }, dispatcher)
          const raw = yield* Raw
          const written = yield* Effect.orDie(raw.outbox)
          const notifier = Webhook.layer({ subscribers: [{ id: "crm", url: `${receiver.url}/hooks`, secret }] }).pipe(
            Layer.provide(FetchHttpClient.layer)
          )
          const report = yield* Dispatcher.runOnce({ owner: "web-1" }).pipe(Effect.provide(notifier))
          expect(report).toEqual({ claimed: 2, delivered: 2, retried: 0, dead: 0, lost: 0 })
          const rows = yield* Effect.orDie(raw.outbox)
          expect(rows.map((r) => [r.id, r.status, r.attempts, r.owner])).toEqual(
            written.map((r) => [r.id, "delivered", 1, null])
          )
          // each request: signed over the raw body at the TestClock's time, keyed by the outbox dedupe key
          const byKey = new Map(receiver.requests.map((q) => [String(q.headers["idempotency-key"]), q]))
          expect([...byKey.keys()].sort()).toEqual(written.map((r) => r.dedupeKey))
          for (const row of written) {
            const request = byKey.get(row.dedupeKey)!
            expect(request.path).toBe("/hooks")
            expect(Result.isSuccess(Webhook.verify(secret, request.headers, request.body, T0, 300))).toBe(true)
            expect(JSON.parse(request.body.toString("utf8"))).toEqual(row.payload)
          }
          const assigned = JSON.parse(byKey.get(`n-3/3/assigned/unit:${village}/webhook`)!.body.toString("utf8"))
          expect(assigned).toMatchObject({ v: 1, type: "assigned", recipient: { _tag: "Unit", unit: village } })
          expect(receiver.duplicates).toBe(0)
          // nothing left to send
          expect((yield* Dispatcher.runOnce({ owner: "web-1" }).pipe(Effect.provide(notifier))).claimed).toBe(0)
          expect(receiver.requests).toHaveLength(2)
        })
      )
    ))
})
