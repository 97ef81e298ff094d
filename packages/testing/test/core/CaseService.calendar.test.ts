/**
 * The service at the edge of the working-day calendar: past the last holiday notice
 * the default calendar keeps timing cases (provisionally, and says so), and a clock
 * whose deadline cannot be computed on a strict calendar is listed, never dropped.
 */
import { CalendarCn } from "@gridgov/calendar-cn"
import { Access, type Calendar, type Case, CaseService, type CaseStore, Routing, Sla, Staff } from "@gridgov/core"
import { Memory, Yumen } from "@gridgov/testing"
import { Effect, Layer, Option, Result } from "effect"
import { TestClock } from "effect/testing"
import { describe, expect, it } from "vitest"

const city = Yumen.make()
const village = "620981101201"
const block = city.tree.records.find((r) => r.parent === village && r.kind !== "exclusive")!.code
const personAt = (role: Staff.Role, at: Staff.Place, date: string): string =>
  city.staff.posts.find(
    (p) => p.role === role && JSON.stringify(p.at) === JSON.stringify(at) && Staff.validOn(p, date)
  )!.person

const run = <A>(calendar: Calendar.Calendar, at: number, body: Effect.Effect<A, unknown, CaseService.CaseService>) =>
  Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const memory = yield* Memory.make
        const service = CaseService.layer.pipe(
          Layer.provide(
            CaseService.layerConfig({
              tree: city.tree,
              directory: city.directory,
              calendar,
              sla: Result.getOrThrow(Sla.make(Yumen.sla)),
              router: Result.getOrThrow(Routing.compile(Yumen.routing))
            })
          ),
          Layer.provide(Layer.succeedContext(memory.services))
        )
        return yield* Effect.gen(function* () {
          yield* TestClock.setTime(at)
          return yield* body
        }).pipe(Effect.provide(Layer.mergeAll(service, TestClock.layer())))
      })
    )
  )

interface Body {
  readonly sla: ReadonlyArray<{
    readonly clock: string
    readonly target: number | null
    readonly statutory: number | null
    readonly provisional: boolean
    readonly issue: string | null
  }>
  readonly slaIssues: ReadonlyArray<string>
}
const bodyOf = (s: Option.Option<CaseStore.Summary>) => Option.getOrThrow(s).body as unknown as Body

const report = (id: string, by: Access.Actor, role: Staff.Role): Case.Command => ({
  _tag: "Open",
  actor: { id: by.id, role },
  kind: "event",
  id,
  category: "event.sanitation.garbage",
  place: block,
  channel: "app",
  severity: "ordinary"
})

describe("CaseService past the last holiday notice (2027 has none in this release)", () => {
  it("under a TestClock at 2027-03-01 the default calendar times a new case, provisionally, and knows today's staff", () =>
    run(
      CalendarCn.calendar(),
      Date.UTC(2027, 2, 1, 1), // Monday 2027-03-01 09:00 in Yumen
      Effect.gen(function* () {
        const cases = yield* CaseService.CaseService
        const worker = yield* cases.actor(personAt("gridWorker", { grid: block }, "2027-03-01"))
        expect(worker.posts.length).toBeGreaterThan(0)
        const dispatcher = yield* cases.actor(personAt("dispatcher", { unit: "center.grid" }, "2027-03-01"))
        yield* cases.execute("e-2027", report("e-2027", worker, "gridWorker"), worker)
        const opened = yield* cases.get("e-2027", dispatcher)
        expect(Option.getOrThrow(opened.summary).dueAt).toBeGreaterThan(Date.UTC(2027, 2, 1, 1))
        expect(bodyOf(opened.summary)).toMatchObject({
          sla: [{ clock: "register", provisional: true, issue: null }],
          slaIssues: []
        })
        // registered and dispatched by routing: the sign clock runs, provisional too
        yield* cases.execute(
          "e-2027",
          { _tag: "Register", actor: { id: dispatcher.id, role: "dispatcher" } },
          dispatcher
        )
        const dispatched = yield* cases.get("e-2027", dispatcher)
        expect(bodyOf(dispatched.summary).sla).toMatchObject([
          { clock: "sign", target: expect.any(Number), provisional: true, issue: null }
        ])
      })
    ))
})

describe("no silent SLA loss", () => {
  // Thursday 2026-12-31: reported at 16:00, signed for at 17:00; the handle clock's
  // 2 working hours run into 2027.
  const signedAtYearEnd = Effect.gen(function* () {
    const cases = yield* CaseService.CaseService
    const worker = Access.actor(city.directory, personAt("gridWorker", { grid: block }, "2026-12-31"), "2026-12-31")
    const chief = Access.actor(city.directory, personAt("gridChief", { grid: village }, "2026-12-31"), "2026-12-31")
    const dispatcher = Access.actor(
      city.directory,
      personAt("dispatcher", { unit: "center.grid" }, "2026-12-31"),
      "2026-12-31"
    )
    yield* cases.execute("e-eve", report("e-eve", worker, "gridWorker"), worker)
    yield* cases.execute("e-eve", { _tag: "Register", actor: { id: dispatcher.id, role: "dispatcher" } }, dispatcher)
    yield* TestClock.adjust(3_600_000)
    yield* cases.execute("e-eve", { _tag: "Acknowledge", actor: { id: chief.id, role: "gridChief" } }, chief)
    return bodyOf((yield* cases.get("e-eve", dispatcher)).summary)
  })
  const at = Date.UTC(2026, 11, 31, 8) // 16:00 in Yumen

  it("a clock signed on 2026-12-31 17:00 on the strict calendar is listed as not timed, with the date it needs", () =>
    run(
      Result.getOrThrow(CalendarCn.make({ provisional: false })),
      at,
      Effect.gen(function* () {
        const body = yield* signedAtYearEnd
        const handle = body.sla.find((c) => c.clock === "handle")!
        expect(handle).toMatchObject({ target: null, statutory: null })
        expect(handle.issue).toBe(
          "handle not timed: OutOfCoverage 2027-01-01 (a deadline counted from 2026-12-31 runs past 2026-12-31)"
        )
        expect(body.slaIssues).toEqual([handle.issue])
      })
    ))

  it("the same clock on the default calendar is timed, into 2027, provisionally", () =>
    run(
      CalendarCn.calendar(),
      at,
      Effect.gen(function* () {
        const body = yield* signedAtYearEnd
        const handle = body.sla.find((c) => c.clock === "handle")!
        // 17:00–18:00 on Thursday, Friday is New Year's Day: 09:30 on Monday 2027-01-04 (08:30 start, +1 h)
        expect(handle).toMatchObject({ target: Date.UTC(2027, 0, 4, 1, 30), provisional: true, issue: null })
        expect(body.slaIssues).toEqual([])
      })
    ))
})
