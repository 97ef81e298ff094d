import { CalendarCn } from "@gridgov/calendar-cn"
import { Calendar, Sla, SlaClock } from "@gridgov/core"
import { SlaSpec, Yumen } from "@gridgov/testing/vitest"
import { Result } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"

const calendar = CalendarCn.calendar()
const table = Result.getOrThrow(Sla.make(Yumen.sla))
const setup: SlaSpec.Setup = { calendar, table }
const ok = <A, E>(r: Result.Result<A, E>): A => Result.getOrThrow(r)
const at = (local: string) => SlaSpec.at(calendar, local)
const show = (t: number) => SlaSpec.show(calendar, t)

const complexPetition = SlaSpec.given(setup, { kind: "petition", category: "petition.land", track: "complex" })
const simplePetition = SlaSpec.given(setup, { kind: "petition", category: "petition", track: "simple" })

describe("petitions: Petition Work Regulations 2022 and Yumen's double 1-2-3", () => {
  it("a complex petition registered on 2025-09-30 is due to be accepted by Oct 15 (law) and Oct 9 (Yumen)", () => {
    // Law: 15 days, start day not counted -> Oct 15. Yumen: 1 week -> Oct 7, a holiday,
    // rolls past the National Day break to Thursday Oct 9.
    complexPetition
      .started("accept", "2025-09-30 10:00")
      .thenClock("accept")
      .status("running")
      .dueBy({ statutory: "2025-10-15 24:00", target: "2025-10-09 24:00" })
  })

  it("a simple petition registered on 2025-09-30 is due to be accepted by the next working day, Oct 9", () => {
    simplePetition
      .started("accept", "2025-09-30 10:00")
      .thenClock("accept")
      .dueBy({ statutory: "2025-10-15 24:00", target: "2025-10-09 24:00" })
  })

  it("meeting and concluding follow the track; conclusion has no local target without a track", () => {
    complexPetition.started("meet", "2025-09-30 10:00").thenClock("meet").dueBy({ target: "2025-10-14 24:00" })
    simplePetition.started("meet", "2025-09-30 10:00").thenClock("meet").dueBy({ target: "2025-10-10 24:00" })
    complexPetition
      .started("conclude", "2025-10-09 09:00")
      .thenClock("conclude")
      .dueBy({ statutory: "2025-12-08 24:00", target: "2025-10-30 24:00" })
    SlaSpec.given(setup, { kind: "petition", category: "petition" })
      .started("conclude", "2025-10-09 09:00")
      .thenClock("conclude")
      .dueBy({ statutory: "2025-12-08 24:00" })
    SlaSpec.given(setup, { kind: "petition", category: "petition" })
      .started("review", "2025-12-01 09:00")
      .thenClock("review")
      .dueBy({ statutory: "2025-12-31 24:00" })
  })

  it("extends the 60 days by up to 30, only with an approver and notice to the petitioner", () => {
    const start = (extra: (t: SlaSpec.Tools) => ReadonlyArray<SlaClock.Op>) =>
      complexPetition.when((t) => [{ op: "start", clock: "conclude", at: t.at("2025-10-09 09:00") }, ...extra(t)])
    start(({ at }) => [
      { op: "extend", clock: "conclude", at: at("2025-11-20 10:00"), amount: 30, approvedBy: "head", noticeGiven: true }
    ])
      .thenClock("conclude")
      .dueBy({ statutory: "2026-01-07 24:00", target: "2025-10-30 24:00" })
    start(({ at }) => [
      { op: "extend", clock: "conclude", at: at("2025-11-20 10:00"), amount: 30, approvedBy: "head" }
    ]).rejects("noticeRequired")
    start(({ at }) => [
      { op: "extend", clock: "conclude", at: at("2025-11-20 10:00"), amount: 30, approvedBy: " ", noticeGiven: true }
    ]).rejects("notApproved")
    start(({ at }) => [
      {
        op: "extend",
        clock: "conclude",
        at: at("2025-11-20 10:00"),
        amount: 20,
        approvedBy: "head",
        noticeGiven: true
      },
      { op: "extend", clock: "conclude", at: at("2025-11-21 10:00"), amount: 11, approvedBy: "head", noticeGiven: true }
    ]).rejects("extensionExceeded")
    start(({ at }) => [
      {
        op: "extend",
        clock: "conclude",
        at: at("2025-11-20 10:00"),
        amount: 2.5,
        approvedBy: "head",
        noticeGiven: true
      }
    ]).rejects("invalidAmount")
    complexPetition
      .when(({ at }) => [
        { op: "start", clock: "accept", at: at("2025-09-30 10:00") },
        { op: "extend", clock: "accept", at: at("2025-10-01 10:00"), amount: 1, approvedBy: "head", noticeGiven: true }
      ])
      .rejects("notExtendable")
  })

  it("leaves paused days out: waiting four days for the petitioner moves the target by four days", () => {
    complexPetition
      .when(({ at }) => [
        { op: "start", clock: "accept", at: at("2025-09-30 10:00") },
        { op: "pause", clock: "accept", at: at("2025-10-09 10:00"), reason: "waiting for the petitioner" },
        { op: "resume", clock: "accept", at: at("2025-10-13 10:00") }
      ])
      .thenClock("accept")
      .status("running")
      // Target: Oct 7 + 4 days = Oct 11, a make-up Saturday (a working day): no roll.
      // Law: Oct 15 + 4 days = Sunday Oct 19, rolled to Monday Oct 20.
      .dueBy({ statutory: "2025-10-20 24:00", target: "2025-10-11 24:00" })
  })
})

describe("warnings, breach and the frozen overdue flag", () => {
  it("schedules warnings at 50/75/90% of the working time, each once per run", () => {
    // 1 working day from Sep 30 10:00: 5.5 h left that day + 7 h on Oct 9 = 12.5 working hours;
    // 50% = 6.25 h -> Oct 9 09:15, 75% = 9.375 h -> 14:52:30, 90% = 11.25 h -> 16:45.
    const started = simplePetition.started("accept", "2025-09-30 10:00")
    started
      .thenClock("accept")
      .warnings("target", { "0.5": "2025-10-09 09:15", "0.75": "2025-10-09 14:52", "0.9": "2025-10-09 16:45" })
    const afterFirst = simplePetition.when(({ at }) => [
      { op: "start", clock: "accept", at: at("2025-09-30 10:00") },
      { op: "warned", clock: "accept", at: at("2025-10-09 09:15"), run: 1, tier: "target", threshold: 0.5 },
      { op: "warned", clock: "accept", at: at("2025-10-09 09:16"), run: 1, tier: "target", threshold: 0.5 }
    ])
    afterFirst.thenClock("accept").warnings("target", { "0.75": "2025-10-09 14:52", "0.9": "2025-10-09 16:45" })
    const keys = afterFirst.thenClock("accept").view.timers.map((t) => t.key)
    expect(new Set(keys).size).toBe(keys.length)
    expect(keys).toContain("accept#1:target:breach")
  })

  it("a stale warning of an earlier run does not silence the new run", () => {
    const restarted = simplePetition.when(({ at }) => [
      { op: "start", clock: "accept", at: at("2025-09-30 10:00") },
      { op: "stop", clock: "accept", at: at("2025-09-30 11:00") },
      { op: "start", clock: "accept", at: at("2025-10-09 09:00") },
      { op: "warned", clock: "accept", at: at("2025-10-09 09:00"), run: 1, tier: "target", threshold: 0.5 }
    ])
    const clocks = ok(restarted.result)
    expect(clocks.runs.accept?.run).toBe(2)
    expect(clocks.history.map((r) => r.run)).toEqual([1])
    expect(
      restarted.thenClock("accept").view.timers.filter((t) => t.tier === "target" && t.kind === "warning")
    ).toHaveLength(3)
  })

  it("no timers while paused or stopped", () => {
    const paused = simplePetition.when(({ at }) => [
      { op: "start", clock: "accept", at: at("2025-09-30 10:00") },
      { op: "pause", clock: "accept", at: at("2025-09-30 11:00") }
    ])
    expect(paused.thenClock("accept").status("paused").view.timers).toEqual([])
  })

  it("breaches after the deadline and freezes the overdue flag when the step ends", () => {
    const hotline = SlaSpec.given(setup, { kind: "hotline", category: "hotline.consultation" })
    hotline.started("handle", "2025-09-30 09:00").thenClock("handle").dueBy({ target: "2025-10-10 24:00" })
    hotline.started("handle", "2025-09-30 09:00").thenClock("handle", "2025-10-11 00:01").breached({ target: true })
    const late = hotline.when(({ at }) => [
      { op: "start", clock: "handle", at: at("2025-09-30 09:00") },
      { op: "stop", clock: "handle", at: at("2025-10-11 09:00") }
    ])
    late.thenClock("handle").status("stopped").overdue({ target: true })
    // The flag is frozen: read much later, it is still the flag of the stop.
    late.thenClock("handle", "2026-06-01 00:00").overdue({ target: true })
    const onTime = hotline.when(({ at }) => [
      { op: "start", clock: "handle", at: at("2025-09-30 09:00") },
      { op: "stop", clock: "handle", at: at("2025-10-10 23:59") }
    ])
    onTime.thenClock("handle").overdue({ target: false }).breached({ target: false })
    expect(ok(onTime.result).runs.handle?.frozen).toEqual({
      target: { deadline: at("2025-10-11 00:00"), overdue: false }
    })
  })

  it("rejects operations that do not fit the clock", () => {
    const g = simplePetition
    g.when(({ at }) => [{ op: "resume", clock: "accept", at: at("2025-09-30 10:00") }]).rejects("notStarted")
    g.when(({ at }) => [
      { op: "start", clock: "accept", at: at("2025-09-30 10:00") },
      { op: "resume", clock: "accept", at: at("2025-09-30 11:00") }
    ]).rejects("notPaused")
    g.when(({ at }) => [
      { op: "start", clock: "accept", at: at("2025-09-30 10:00") },
      { op: "start", clock: "accept", at: at("2025-09-30 11:00") }
    ]).rejects("alreadyRunning")
    g.when(({ at }) => [
      { op: "start", clock: "accept", at: at("2025-09-30 10:00") },
      { op: "pause", clock: "accept", at: at("2025-09-30 09:00") }
    ]).rejects("outOfOrder")
    g.when(({ at }) => [
      { op: "start", clock: "accept", at: at("2025-09-30 10:00") },
      { op: "stop", clock: "accept", at: at("2025-09-30 11:00") },
      { op: "pause", clock: "accept", at: at("2025-09-30 12:00") }
    ]).rejects("notRunning")
    SlaSpec.given(setup, { kind: "dispute", category: "dispute.water" })
      .started("mediate", "2025-09-30 10:00")
      .fails("NoPolicy")
    g.when(() => [{ op: "start", clock: "accept", at: Date.UTC(2051, 0, 4, 2) }]).fails("OutOfCoverage")
  })
})

describe("hotline tickets and events", () => {
  it("counts working hours for events, clock hours for emergencies", () => {
    const event = (category: string) => SlaSpec.given(setup, { kind: "event", category })
    event("event.sanitation.street")
      .started("handle", "2025-09-30 16:00")
      .thenClock("handle")
      .dueBy({ target: "2025-10-09 10:30" })
    event("event.sanitation.garbage")
      .started("handle", "2025-09-30 16:00")
      .thenClock("handle")
      .dueBy({ target: "2025-09-30 18:00" })
    event("event.other")
      .started("dispatch", "2025-09-30 17:30")
      .thenClock("dispatch")
      .dueBy({ target: "2025-10-09 09:00" })
    SlaSpec.given(setup, { kind: "hotline", category: "hotline.emergency" })
      .started("handle", "2025-10-01 23:00")
      .thenClock("handle")
      .dueBy({ target: "2025-10-02 01:00" })
    SlaSpec.given(setup, { kind: "prelitigation", category: "prelitigation" })
      .started("mediate", "2025-09-30 10:00")
      .thenClock("mediate")
      .dueBy({ statutory: "2025-10-30 24:00" })
  })

  it("a working-hours clock paused for two working hours is due two working hours later", () => {
    SlaSpec.given(setup, { kind: "event", category: "event.sanitation" })
      .when(({ at }) => [
        { op: "start", clock: "handle", at: at("2025-10-09 08:30") },
        { op: "pause", clock: "handle", at: at("2025-10-09 09:00") },
        { op: "resume", clock: "handle", at: at("2025-10-09 11:00") }
      ])
      .thenClock("handle")
      // 4 working hours from 08:30 end at 15:00; the 2-hour pause moves them to 17:00.
      .dueBy({ target: "2025-10-09 17:00" })
  })
})

describe("policy tables", () => {
  it("picks the most specific policy: longest category, then track", () => {
    const pick = (subject: Sla.Subject, clock: string) => ok(Sla.lookup(table, subject, clock))
    expect(pick({ kind: "event", category: "event.sanitation.garbage.bins" }, "handle").category).toBe(
      "event.sanitation.garbage"
    )
    expect(pick({ kind: "event", category: "event.sanitationx" }, "handle").category).toBeUndefined()
    expect(pick({ kind: "petition", category: "petition", track: "complex" }, "accept").track).toBe("complex")
    expect(pick({ kind: "petition", category: "petition", track: "other" }, "accept").track).toBeUndefined()
  })

  it("rejects invalid tables and lets a city override entries", () => {
    const bad = (policies: ReadonlyArray<Sla.Policy>) => {
      const r = Sla.make(policies)
      return Result.isFailure(r) ? r.failure.reason : "accepted"
    }
    expect(bad([...Yumen.sla, Yumen.sla[0]!])).toMatch(/two policies/)
    expect(bad([{ kind: "event", clock: "handle" }])).toMatch(/needs a tier/)
    expect(bad([{ kind: "event", clock: "handle", target: Sla.workingDays(1.5) }])).toMatch(/whole numbers/)
    expect(bad([{ kind: "event", clock: "handle", category: "hotline.x", target: Sla.hours(1) }])).toMatch(/belong/)
    expect(bad([{ kind: "event", clock: "handle", target: Sla.hours(1), warnings: [1.2] }])).toMatch(/threshold/)
    const city = ok(
      Sla.override(table, [{ kind: "hotline", clock: "handle", category: "hotline.help", target: Sla.workingDays(5) }])
    )
    expect(ok(Sla.lookup(city, { kind: "hotline", category: "hotline.help" }, "handle")).target?.limit.amount).toBe(5)
    expect(city.policies.length).toBe(table.policies.length)
  })

  it("lets a table change the counting rules", () => {
    const strict = ok(Sla.make(Yumen.sla, { counting: { dayEnds: "closeOfBusiness" } }))
    SlaSpec.given({ calendar, table: strict }, { kind: "petition", category: "petition", track: "complex" })
      .started("accept", "2025-09-30 10:00")
      .thenClock("accept")
      .dueBy({ statutory: "2025-10-15 18:00", target: "2025-10-09 18:00" })
  })
})

describe("properties", () => {
  const start = SlaSpec.instant(calendar, { marginDays: 200 })

  it("a deadline never moves earlier when the start moves later", () => {
    fc.assert(
      fc.property(start, fc.nat(20 * 24 * 60), SlaSpec.limit(), (s, later, limit) => {
        const a = ok(Sla.deadline(calendar, s, limit))
        const b = ok(Sla.deadline(calendar, s + later * 60_000, limit))
        expect(b).toBeGreaterThanOrEqual(a)
        expect(a).toBeGreaterThanOrEqual(s)
      })
    )
  })

  it("a day deadline rolled off rest days ends at 24:00 of a working day", () => {
    fc.assert(
      fc.property(start, fc.nat(60), fc.constantFrom("calendarDays" as const, "workingDays" as const), (s, n, unit) => {
        const due = ok(Sla.deadline(calendar, s, { amount: n, unit }))
        const lastDay = ok(Calendar.dateOf(calendar, due - 1))
        expect(ok(Calendar.isWorkingDay(calendar, lastDay)) || n === 0).toBe(true)
        expect(show(due).endsWith("24:00")).toBe(true)
      })
    )
  })

  const subjects: ReadonlyArray<readonly [Sla.Subject, string]> = [
    [{ kind: "petition", category: "petition", track: "complex" }, "conclude"],
    [{ kind: "petition", category: "petition", track: "simple" }, "accept"],
    [{ kind: "hotline", category: "hotline.help" }, "handle"],
    [{ kind: "event", category: "event.sanitation" }, "handle"],
    [{ kind: "hotline", category: "hotline.emergency" }, "handle"]
  ]

  it("pauses never shorten a deadline", () => {
    const arb = fc
      .tuple(fc.constantFrom(...subjects), SlaSpec.instant(calendar, { marginDays: 300 }))
      .chain(([subject, s]) =>
        fc.tuple(fc.constant(subject), fc.constant(s), SlaSpec.clockOps(subject[1], s, { maxOps: 6 }))
      )
    fc.assert(
      fc.property(arb, ([[subject, clock], s, ops]) => {
        const ctx: SlaClock.Context = { calendar, table, subject }
        const now = ops[ops.length - 1]!.at
        const base = ok(SlaClock.view(calendar, ok(SlaClock.fold(ctx, [ops[0]!])).runs[clock]!, now))
        const paused = ok(SlaClock.view(calendar, ok(SlaClock.fold(ctx, ops)).runs[clock]!, now))
        for (const tier of ["statutory", "target"] as const) {
          if (base[tier] === undefined) continue
          expect(paused[tier]!.deadline).toBeGreaterThanOrEqual(base[tier].deadline)
          expect(paused[tier]!.elapsed).toBeLessThanOrEqual(base[tier].elapsed)
        }
        expect(s).toBe(ops[0]!.at)
      }),
      { numRuns: 60 }
    )
  })

  it("extensions never shorten a deadline, and never exceed the bound", () => {
    const ctx: SlaClock.Context = {
      calendar,
      table,
      subject: { kind: "petition", category: "petition", track: "complex" }
    }
    fc.assert(
      fc.property(start, fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 4 }), (s, amounts) => {
        const ops: Array<SlaClock.Op> = [{ op: "start", clock: "conclude", at: s }]
        for (const [i, amount] of amounts.entries()) {
          ops.push({
            op: "extend",
            clock: "conclude",
            at: s + (i + 1) * 60_000,
            amount,
            approvedBy: "head",
            noticeGiven: true
          })
        }
        const total = amounts.reduce((a, b) => a + b, 0)
        const folded = SlaClock.fold(ctx, ops)
        if (total > 30) {
          expect(Result.isFailure(folded) && folded.failure._tag).toBe("ClockRejected")
          return
        }
        const base = ok(SlaClock.view(calendar, ok(SlaClock.fold(ctx, [ops[0]!])).runs.conclude!, s))
        const extended = ok(SlaClock.view(calendar, ok(folded).runs.conclude!, s))
        expect(extended.statutory!.deadline).toBeGreaterThanOrEqual(base.statutory!.deadline)
        expect(extended.statutory!.extended).toBe(total)
        expect(extended.target!.deadline).toBe(base.target!.deadline)
      }),
      { numRuns: 60 }
    )
  })

  it("outside the coverage every deadline is a typed failure, elapsed hours too", () => {
    // The strict calendar: the notices only, 2020–2026.
    const strict = Result.getOrThrow(CalendarCn.make({ provisional: false }))
    const late = fc.integer({ min: 0, max: 300 }).map((d) => Date.UTC(2027, 0, 1) + d * 86_400_000)
    fc.assert(
      fc.property(late, SlaSpec.limit(), (s, limit) => {
        const r = Sla.deadline(strict, s, limit)
        expect(Result.isFailure(r) && r.failure._tag).toBe("OutOfCoverage")
        // The default calendar covers those years provisionally.
        expect(Result.isSuccess(Sla.deadline(calendar, s, limit))).toBe(true)
      })
    )
    const r = Sla.deadline(strict, at("2026-12-20 10:00"), { amount: 30, unit: "workingDays" })
    expect(r).toMatchObject({
      _tag: "Failure",
      failure: {
        _tag: "OutOfCoverage",
        date: "2027-01-01",
        detail: "a deadline counted from 2026-12-20 runs past 2026-12-31",
        to: "2026-12-31"
      }
    })
    // Elapsed hours need no table past their start, but their start must be on it.
    expect(Result.isSuccess(Sla.deadline(strict, at("2026-12-31 23:00"), { amount: 2, unit: "hours" }))).toBe(true)
    expect(Sla.deadline(strict, Date.UTC(2027, 0, 4, 2), { amount: 2, unit: "hours" })).toMatchObject({
      _tag: "Failure",
      failure: { _tag: "OutOfCoverage", date: "2027-01-04", detail: "an instant on 2027-01-04 is not in the table" }
    })
  })
})

describe("docs/how-to/city-sla-table.md", () => {
  const base = Result.getOrThrow(Sla.make(Yumen.sla))
  const cityTable = Result.getOrThrow(
    Sla.override(base, [
      { kind: "hotline", clock: "handle", category: "hotline.help", target: Sla.workingDays(5, "city hotline rules") },
      { kind: "event", clock: "handle", category: "event.facility.water-main", target: Sla.hours(2, "city rule") },
      { kind: "dispute", clock: "mediate", target: Sla.days(30, "city mediation rules"), warnings: [0.8] }
    ])
  )
  const city = { calendar, table: cityTable }

  it("a help request logged on Friday afternoon is due the next Friday", () => {
    SlaSpec.given(city, { kind: "hotline", category: "hotline.help" })
      .started("handle", "2025-03-07 16:00")
      .thenClock("handle")
      .dueBy({ target: "2025-03-14 24:00" })
  })

  it("waiting for the citizen does not count", () => {
    SlaSpec.given(city, { kind: "dispute", category: "dispute.water" })
      .when(({ at }) => [
        { op: "start", clock: "mediate", at: at("2025-03-03 09:00") },
        { op: "pause", clock: "mediate", at: at("2025-03-05 09:00"), reason: "appraisal" },
        { op: "resume", clock: "mediate", at: at("2025-03-12 09:00") }
      ])
      .thenClock("mediate")
      .dueBy({ target: "2025-04-09 24:00" })
      // Budget: Mar 3 09:00 to Apr 10 00:00 less the 7 paused days = 735 h; 80% falls on Apr 3 21:00.
      .warnings("target", { "0.8": "2025-04-03 21:00" })
  })
})

describe("deadlines on a provisional year", () => {
  // 2027 has no State Council notice yet: opted in, it is derived by rule and provisional.
  const cal = Result.getOrThrow(CalendarCn.make({ provisional: { through: 2027 } }))
  const policies = (counting: Partial<Sla.Counting> = {}) =>
    ok(
      Sla.make(
        [
          { kind: "event", clock: "working", statutory: Sla.workingDays(10), target: Sla.workingHours(8) },
          { kind: "event", clock: "elapsed", statutory: Sla.hours(24 * 20) },
          { kind: "event", clock: "days", statutory: Sla.days(20) }
        ],
        { counting }
      )
    )
  const view = (t: Sla.Table, clock: string, start: string) => {
    const at = SlaSpec.at(cal, start)
    const ctx: SlaClock.Context = { calendar: cal, table: t, subject: { kind: "event", category: "event" } }
    const run = ok(SlaClock.fold(ctx, [{ op: "start", clock, at }])).runs[clock]!
    return ok(SlaClock.view(cal, run, at))
  }

  it("flags a working-time deadline whose span reaches into the provisional year, and only that", () => {
    const late = view(policies(), "working", "2026-12-24 10:00")
    expect(late.statutory!.provisional).toBe(true) // ten working days from Christmas Eve end in January 2027
    expect(late.target!.provisional).toBe(false) // eight working hours end on 2026-12-25
    const early = view(policies(), "working", "2026-03-02 10:00")
    expect(early.statutory!.provisional).toBe(false)
    expect(early.target!.provisional).toBe(false)
  })

  it("never flags elapsed hours; calendar days only when a rest day rolls the deadline forward", () => {
    expect(view(policies(), "elapsed", "2026-12-24 10:00").statutory!.provisional).toBe(false)
    expect(view(policies(), "days", "2026-12-24 10:00").statutory!.provisional).toBe(true)
    expect(view(policies({ rollOffRestDay: false }), "days", "2026-12-24 10:00").statutory!.provisional).toBe(false)
  })

  it("a calendar without provisional years flags nothing", () => {
    const plain = CalendarCn.calendar()
    const at = SlaSpec.at(plain, "2025-12-24 10:00")
    const ctx: SlaClock.Context = { calendar: plain, table: policies(), subject: { kind: "event", category: "event" } }
    const run = ok(SlaClock.fold(ctx, [{ op: "start", clock: "working", at }])).runs.working!
    expect(ok(SlaClock.view(plain, run, at)).statutory!.provisional).toBe(false)
  })
})
