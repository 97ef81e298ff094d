/**
 * SLA details: the event kind's register, sign and verify clocks are timed by the
 * shipped (example) policies, and an approved extension counts in its unit on a
 * working-hours tier (days of working time, not hours).
 */
import { CalendarCn } from "@gridgov/calendar-cn"
import { Calendar, Sla, SlaClock } from "@gridgov/core"
import { Memory, ServiceSuite, Yumen } from "@gridgov/testing/vitest"
import { Effect, Result } from "effect"
import { TestClock } from "effect/testing"
import { describe, expect, it } from "vitest"

const { exec, openEvent, ref, runWith, summaryOf, T0, timersOf } = ServiceSuite
const { dispatcher, leader, resident, villageChief, worker } = ServiceSuite.actors

const calendar = CalendarCn.calendar()
const settings = ServiceSuite.settings(calendar)
const HOUR = 3_600_000
const addWorking = (from: number, hours: number) => Result.getOrThrow(Calendar.addWorkingHours(calendar, from, hours))

describe("SLA defaults for the event loop", () => {
  it("register, sign and verify are timed: a report, a dispatch and a result each have a due time", () =>
    runWith(
      Memory.make,
      settings
    )(
      Effect.gen(function* () {
        yield* exec("ev-1", openEvent("ev-1", resident, "public"), resident)
        expect((yield* summaryOf("ev-1")).dueAt).toBe(addWorking(T0, 1))
        expect((yield* timersOf("ev-1")).every((t) => t.id.startsWith("ev-1/register#1:"))).toBe(true)
        yield* TestClock.adjust(HOUR / 2)
        yield* exec("ev-1", { _tag: "Register", actor: ref(dispatcher, "dispatcher") }, dispatcher)
        // registered and dispatched in one append: the sign clock runs, half a working hour
        const dispatched = yield* summaryOf("ev-1")
        expect(dispatched.state).toBe("dispatched")
        expect(dispatched.dueAt).toBe(addWorking(T0 + HOUR / 2, 0.5))
        expect(new Set((yield* timersOf("ev-1")).map((t) => t.id.split("#")[0]))).toEqual(new Set(["ev-1/sign"]))
        const chief = ref(villageChief, "gridChief")
        yield* exec("ev-1", { _tag: "Acknowledge", actor: chief }, villageChief)
        yield* TestClock.adjust(HOUR)
        yield* exec("ev-1", { _tag: "SubmitResult", actor: chief, result: "已清运", evidence: [] }, villageChief)
        const handled = yield* summaryOf("ev-1")
        expect(handled.state).toBe("handled")
        expect(handled.dueAt).toBe(addWorking(T0 + (3 * HOUR) / 2, 4))
        expect(new Set((yield* timersOf("ev-1")).map((t) => t.id.split("#")[0]))).toEqual(new Set(["ev-1/verify"]))
      })
    ))

  it("each shipped event policy names its source as an example", () => {
    const event = Yumen.sla.filter((p) => p.kind === "event")
    expect(new Set(event.map((p) => p.clock))).toEqual(new Set(["register", "dispatch", "sign", "handle", "verify"]))
    for (const p of event) expect(p.target?.source).toMatch(/example/)
  })
})

describe("extensions count in their unit", () => {
  const extendable: Sla.Policy = {
    kind: "event",
    clock: "handle",
    target: {
      limit: { amount: 16, unit: "workingHours" },
      extension: { max: 21, approval: true, notice: false }
    }
  }
  const table = Result.getOrThrow(
    Sla.make([...Yumen.sla.filter((p) => !(p.kind === "event" && p.clock === "handle")), extendable])
  )

  it("an approved 1-day extension on a working-hours tier adds one working day of hours (7), not 1 hour", () =>
    runWith(Memory.make, { ...settings, sla: table })(
      Effect.gen(function* () {
        yield* exec("x-1", openEvent("x-1", worker, "gridWorker"), worker)
        yield* exec("x-1", { _tag: "Register", actor: ref(dispatcher, "dispatcher") }, dispatcher)
        const chief = ref(villageChief, "gridChief")
        yield* exec("x-1", { _tag: "Acknowledge", actor: chief }, villageChief)
        expect((yield* summaryOf("x-1")).dueAt).toBe(addWorking(T0, 16))
        yield* exec(
          "x-1",
          { _tag: "RequestExtension", actor: chief, clock: "handle", days: 1, reason: "等待配件" },
          villageChief
        )
        yield* exec("x-1", { _tag: "ApproveExtension", actor: ref(leader, "leader") }, leader)
        const extended = yield* summaryOf("x-1")
        expect(extended.dueAt).toBe(addWorking(T0, 16 + 7))
        expect((extended.body as { slaIssues: Array<unknown> }).slaIssues).toEqual([])
      })
    ))

  it("Sla converts an extension's unit where the ratio is fixed and refuses the others", () => {
    const t0 = Date.UTC(2025, 2, 3, 1)
    const ctx = (unit: Sla.Unit): SlaClock.Context => ({
      calendar,
      table: Result.getOrThrow(
        Sla.make([
          {
            kind: "event",
            clock: "c",
            target: { limit: { amount: 2, unit }, extension: { max: 100, approval: false, notice: false } }
          }
        ])
      ),
      subject: { kind: "event", category: "event" }
    })
    const extended = (tier: Sla.Unit, amount: number, unit: Sla.Unit) =>
      Result.map(
        SlaClock.fold(ctx(tier), [
          { op: "start", clock: "c", at: t0 },
          { op: "extend", clock: "c", at: t0 + 1, amount, unit, approvedBy: "x" }
        ]),
        (clocks) => clocks.runs.c!.extensions[0]!.amount
      )
    expect(extended("workingHours", 2, "workingDays")).toEqual(Result.succeed(14))
    expect(extended("workingDays", 14, "workingHours")).toEqual(Result.succeed(2))
    expect(extended("hours", 1, "calendarDays")).toEqual(Result.succeed(24))
    expect(extended("calendarDays", 48, "hours")).toEqual(Result.succeed(2))
    expect(extended("workingHours", 3, "workingHours")).toEqual(Result.succeed(3))
    const refused = (r: Result.Result<number, SlaClock.SlaError>) => (Result.isFailure(r) ? r.failure : undefined)
    expect(refused(extended("calendarDays", 5, "hours"))).toMatchObject({ reason: "invalidAmount" })
    expect(refused(extended("calendarDays", 1, "workingDays"))).toMatchObject({ reason: "unitMismatch" })
    expect(refused(extended("workingHours", 1, "calendarDays"))).toMatchObject({ reason: "unitMismatch" })
  })
})

describe("deadlines on a provisional calendar year", () => {
  // Opted in to 2027 before its State Council notice: derived by rule, provisional.
  const provisional = Result.getOrThrow(CalendarCn.make({ provisional: { through: 2027 } }))
  const slaOf = (caseId: string) =>
    Effect.map(
      summaryOf(caseId),
      (s) => (s.body as { sla: ReadonlyArray<{ clock: string; provisional: boolean }> }).sla
    )

  it("a case's clocks say when a deadline reaches into that year, and not before", () =>
    runWith(Memory.make, { ...settings, calendar: provisional })(
      Effect.gen(function* () {
        yield* exec("ev-1", openEvent("ev-1", resident, "public"), resident)
        expect(yield* slaOf("ev-1")).toEqual([expect.objectContaining({ clock: "register", provisional: false })])
        // New Year's Eve, 17:30: half an hour is left that day, the other half of the
        // working hour falls in January 2027
        yield* TestClock.setTime(Date.UTC(2026, 11, 31, 9, 30))
        yield* exec("ev-2", openEvent("ev-2", resident, "public"), resident)
        expect(yield* slaOf("ev-2")).toEqual([expect.objectContaining({ clock: "register", provisional: true })])
      })
    ))
})
