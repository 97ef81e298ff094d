import { Calendar } from "@gridgov/core"
import { Result } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"

const ok = <A, E>(r: Result.Result<A, E>): A => Result.getOrThrow(r)
const failure = <A, E>(r: Result.Result<A, E>): E => {
  if (Result.isSuccess(r)) throw new Error(`expected a failure, got ${JSON.stringify(r.success)}`)
  return r.failure
}

// A small synthetic table: 2024–2025, one three-day holiday with a make-up Saturday.
const cal = ok(
  Calendar.make({
    years: { from: 2024, to: 2025 },
    layers: [{ name: "test-holiday", rest: [["2025-05-01", "2025-05-03"]], work: ["2025-04-26"] }]
  })
)
const at = (date: string, time = "00:00") => ok(Calendar.at(cal, date, time))
const show = (t: number) => ok(Calendar.format(cal, t))

const days = Math.round((at("2025-12-31", "24:00") - at("2024-01-01")) / 86_400_000)
const dateArb = (margin = 0) =>
  fc.integer({ min: 0, max: days - 1 - margin }).map((i) => ok(Calendar.dateOf(cal, at("2024-01-01") + i * 86_400_000)))
const instantArb = (marginDays = 0) =>
  fc.integer({ min: 0, max: (days - marginDays) * 24 * 60 - 1 }).map((m) => at("2024-01-01") + m * 60_000)
const workingInstantArb = (marginDays = 0) =>
  instantArb(marginDays).filter((t) => ok(Calendar.isWorkingInstant(cal, t)))

describe("Calendar.make", () => {
  it("covers whole years and says so", () => {
    expect(cal.coverage).toEqual({ from: "2024-01-01", to: "2025-12-31" })
    expect(cal.zone).toBe("Asia/Shanghai")
    expect(cal.minutesPerDay).toBe(420)
  })

  it("rejects inconsistent tables with InvalidCalendar", () => {
    const bad = (spec: Calendar.Spec) => failure(Calendar.make(spec))
    expect(bad({ years: { from: 2026, to: 2025 } })._tag).toBe("InvalidCalendar")
    expect(bad({ years: { from: 2025, to: 2025 }, layers: [{ name: "x", rest: ["2026-01-01"] }] }).reason).toMatch(
      /outside the covered years/
    )
    expect(bad({ years: { from: 2025, to: 2025 }, layers: [{ name: "x", rest: ["2025-02-30"] }] }).reason).toMatch(
      /not a YYYY-MM-DD date/
    )
    expect(
      bad({ years: { from: 2025, to: 2025 }, layers: [{ name: "x", rest: ["2025-03-03"], work: ["2025-03-03"] }] })
        .reason
    ).toMatch(/both/)
    expect(bad({ years: { from: 2025, to: 2025 }, hours: [{ from: "14:00", to: "12:00" }] }).reason).toMatch(
      /end before/
    )
    expect(
      bad({
        years: { from: 2025, to: 2025 },
        hours: [
          { from: "08:00", to: "12:00" },
          { from: "11:00", to: "13:00" }
        ]
      }).reason
    ).toMatch(/overlap/)
    expect(bad({ years: { from: 2025, to: 2025 }, offsetMinutes: 15 * 60 }).reason).toMatch(/offset/)
  })
})

describe("days", () => {
  it("follows the weekly pattern, then the layers, a later layer winning", () => {
    expect(ok(Calendar.isWorkingDay(cal, "2025-03-07"))).toBe(true) // Friday
    expect(ok(Calendar.isWorkingDay(cal, "2025-03-08"))).toBe(false) // Saturday
    expect(ok(Calendar.isWorkingDay(cal, "2025-05-02"))).toBe(false) // holiday Friday
    expect(ok(Calendar.isWorkingDay(cal, "2025-04-26"))).toBe(true) // make-up Saturday
    expect(ok(Calendar.describe(cal, "2025-04-26"))).toEqual({
      date: "2025-04-26",
      working: true,
      weekday: 6,
      layer: "test-holiday",
      source: undefined,
      provisional: false
    })
    expect(ok(Calendar.describe(cal, "2025-03-08")).layer).toBeUndefined()

    const local = ok(
      Calendar.withLayers(cal, [
        // Illustrative regional override, not a real notice: the city works the holiday's Friday
        // and closes on an ordinary Tuesday.
        { name: "example-city", region: "example", work: ["2025-05-02"], rest: ["2025-06-10"] }
      ])
    )
    expect(ok(Calendar.isWorkingDay(local, "2025-05-02"))).toBe(true)
    expect(ok(Calendar.isWorkingDay(local, "2025-06-10"))).toBe(false)
    expect(ok(Calendar.describe(local, "2025-05-02")).layer).toBe("example-city")
    expect(ok(Calendar.isWorkingDay(cal, "2025-06-10"))).toBe(true) // the national calendar is unchanged
  })

  it("supports another weekly pattern", () => {
    const sixDays = ok(Calendar.make({ years: { from: 2025, to: 2025 }, weekend: [0] }))
    expect(ok(Calendar.isWorkingDay(sixDays, "2025-03-08"))).toBe(true)
    expect(ok(Calendar.addWorkingDays(sixDays, "2025-03-08", 1))).toBe("2025-03-10")
  })

  it("adds and counts working days over holidays and make-up days", () => {
    expect(ok(Calendar.addWorkingDays(cal, "2025-04-30", 1))).toBe("2025-05-05")
    expect(ok(Calendar.addWorkingDays(cal, "2025-04-25", 1))).toBe("2025-04-26")
    expect(ok(Calendar.addWorkingDays(cal, "2025-05-05", -1))).toBe("2025-04-30")
    expect(ok(Calendar.addWorkingDays(cal, "2025-05-03", 0))).toBe("2025-05-03")
    expect(ok(Calendar.countWorkingDays(cal, "2025-04-30", "2025-05-05"))).toBe(1)
    expect(ok(Calendar.countWorkingDays(cal, "2025-05-05", "2025-04-30"))).toBe(-1)
    expect(ok(Calendar.rollForward(cal, "2025-05-01"))).toBe("2025-05-05")
    expect(ok(Calendar.rollForward(cal, "2025-05-05"))).toBe("2025-05-05")
  })

  it("fails outside coverage with OutOfCoverage, and on malformed dates with InvalidDate", () => {
    expect(failure(Calendar.isWorkingDay(cal, "2026-01-01"))).toMatchObject({
      _tag: "OutOfCoverage",
      from: "2024-01-01",
      to: "2025-12-31"
    })
    expect(failure(Calendar.isWorkingDay(cal, "2023-12-31"))._tag).toBe("OutOfCoverage")
    expect(failure(Calendar.addWorkingDays(cal, "2025-12-30", 5))._tag).toBe("OutOfCoverage")
    expect(failure(Calendar.addWorkingDays(cal, "2024-01-02", -5))._tag).toBe("OutOfCoverage")
    expect(failure(Calendar.isWorkingDay(cal, "2025-13-01"))._tag).toBe("InvalidDate")
    expect(failure(Calendar.isWorkingDay(cal, "2025-1-01"))._tag).toBe("InvalidDate")
    expect(failure(Calendar.addWorkingDays(cal, "2025-01-02", 1.5))._tag).toBe("InvalidDate")
    expect(failure(Calendar.addWorkingHours(cal, at("2025-12-31", "17:00"), 2))._tag).toBe("OutOfCoverage")
    expect(failure(Calendar.dateOf(cal, Date.UTC(2026, 0, 1, 0)))).toMatchObject({ date: "2026-01-01" })
  })

  it("OutOfCoverage.date is always a date the table lacks; what was computed is in detail", () => {
    const dateOf = (r: Result.Result<unknown, Calendar.CalendarError>) => {
      const e = failure(r)
      if (e._tag !== "OutOfCoverage") throw new Error(e._tag)
      expect(Calendar.isDate(e.date), e.date).toBe(true)
      expect(e.date < e.from || e.date > e.to, e.date).toBe(true)
      return [e.date, e.detail]
    }
    expect(dateOf(Calendar.isWorkingDay(cal, "2026-01-05"))).toEqual(["2026-01-05", "2026-01-05 is not in the table"])
    expect(dateOf(Calendar.addWorkingDays(cal, "2025-12-30", 5))).toEqual([
      "2026-01-01",
      "2025-12-30 +5 working days runs past 2025-12-31"
    ])
    expect(dateOf(Calendar.addWorkingDays(cal, "2024-01-02", -5))).toEqual([
      "2023-12-31",
      "2024-01-02 -5 working days runs before 2024-01-01"
    ])
    const closed = ok(Calendar.make({ years: { from: 2025, to: 2025 }, layers: [{ name: "x", rest: ["2025-12-31"] }] }))
    expect(dateOf(Calendar.rollForward(closed, "2025-12-31"))).toEqual([
      "2026-01-01",
      "the working day from 2025-12-31 runs past 2025-12-31"
    ])
    expect(dateOf(Calendar.addWorkingHours(cal, at("2025-12-31", "17:00"), 2))).toEqual([
      "2026-01-01",
      "2025-12-31 +2 working hours runs past 2025-12-31"
    ])
    expect(dateOf(Calendar.format(cal, Date.UTC(2026, 0, 1, 0)))[0]).toBe("2026-01-01")
    expect(dateOf(Calendar.dateOf(cal, Date.UTC(2023, 11, 31, 0)))[0]).toBe("2023-12-31")
  })

  it("property: every date outside the covered years is a typed failure, never a guess", () => {
    const outside = fc.oneof(
      fc.integer({ min: 1, max: 4000 }).map((n) => Date.UTC(2023, 11, 31, 15, 59) - n * 86_400_000),
      fc.integer({ min: 0, max: 4000 }).map((n) => Date.UTC(2025, 11, 31, 16) + n * 86_400_000)
    )
    fc.assert(
      fc.property(outside, fc.integer({ min: -10, max: 10 }), (t, n) => {
        const date = failure(Calendar.dateOf(cal, t))
        expect(date._tag).toBe("OutOfCoverage")
        const iso = new Date(t + 8 * 3_600_000).toISOString().slice(0, 10)
        expect(failure(Calendar.isWorkingDay(cal, iso))._tag).toBe("OutOfCoverage")
        expect(failure(Calendar.addWorkingDays(cal, iso, n))._tag).toBe("OutOfCoverage")
        expect(failure(Calendar.addWorkingHours(cal, t, Math.abs(n)))._tag).toBe("OutOfCoverage")
      })
    )
  })

  it("property: adding a then b working days is adding a + b; adding zero is the identity", () => {
    fc.assert(
      fc.property(dateArb(120), fc.nat(30), fc.nat(30), (d, a, b) => {
        const step = ok(Calendar.addWorkingDays(cal, ok(Calendar.addWorkingDays(cal, d, a)), b))
        expect(step).toBe(ok(Calendar.addWorkingDays(cal, d, a + b)))
        expect(ok(Calendar.addWorkingDays(cal, d, 0))).toBe(d)
      })
    )
  })

  it("property: countWorkingDays inverts addWorkingDays", () => {
    fc.assert(
      fc.property(dateArb(120), fc.integer({ min: -30, max: 60 }), (d, n) => {
        const e = Calendar.addWorkingDays(cal, d, n)
        fc.pre(Result.isSuccess(e))
        // Going back from a rest day, the first working day before it is "-1" away but
        // counts 0 working days in (that day, rest day]: the inverse holds for n >= 0,
        // and for n < 0 from a working day.
        fc.pre(n >= 0 || ok(Calendar.isWorkingDay(cal, d)))
        expect(ok(Calendar.countWorkingDays(cal, d, ok(e)))).toBe(n)
        expect(ok(Calendar.isWorkingDay(cal, ok(e)))).toBe(n === 0 ? ok(Calendar.isWorkingDay(cal, d)) : true)
      })
    )
  })

  it("property: counting equals a day-by-day walk", () => {
    fc.assert(
      fc.property(dateArb(), dateArb(), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a]
        let n = 0
        for (let t = at(lo) + 86_400_000; t <= at(hi); t += 86_400_000) {
          if (ok(Calendar.isWorkingDay(cal, ok(Calendar.dateOf(cal, t))))) n++
        }
        expect(ok(Calendar.countWorkingDays(cal, lo, hi))).toBe(n)
      }),
      { numRuns: 50 }
    )
  })
})

describe("provisional years", () => {
  const ahead = ok(
    Calendar.make({
      years: { from: 2025, to: 2026 },
      layers: [{ name: "test-rule", source: "a rule, not a notice", rest: ["2026-01-01"] }],
      provisional: [2026]
    })
  )

  it("are covered, listed and reported by day, with the deciding layer's source", () => {
    expect(ahead.provisionalYears).toEqual([2026])
    expect(cal.provisionalYears).toEqual([])
    expect(ok(Calendar.isProvisional(ahead, "2026-01-01"))).toBe(true)
    expect(ok(Calendar.isProvisional(ahead, "2025-12-31"))).toBe(false)
    expect(ok(Calendar.describe(ahead, "2026-01-01"))).toEqual({
      date: "2026-01-01",
      working: false,
      weekday: 4,
      layer: "test-rule",
      source: "a rule, not a notice",
      provisional: true
    })
    // An ordinary day of a provisional year is provisional too: a notice may still move it.
    expect(ok(Calendar.describe(ahead, "2026-03-02")).provisional).toBe(true)
    expect(failure(Calendar.isProvisional(ahead, "2027-01-04"))._tag).toBe("OutOfCoverage")
  })

  it("must be covered years", () => {
    const r = Calendar.make({ years: { from: 2025, to: 2025 }, provisional: [2026] })
    expect(failure(r).reason).toMatch(/provisional year 2026/)
    expect(failure(Calendar.make({ years: { from: 2025, to: 2025 }, provisional: [2025.5] }))._tag).toBe(
      "InvalidCalendar"
    )
  })

  it("survive withLayers", () => {
    const local = ok(Calendar.withLayers(ahead, [{ name: "example-city", rest: ["2026-06-10"] }]))
    expect(local.provisionalYears).toEqual([2026])
  })

  it("property: a span touches a provisional year exactly when its local years include one", () => {
    const start = ok(Calendar.at(ahead, "2025-01-01"))
    const end = ok(Calendar.at(ahead, "2026-12-31", "24:00"))
    const boundary = ok(Calendar.at(ahead, "2026-01-01"))
    fc.assert(
      fc.property(fc.integer({ min: start, max: end - 1 }), fc.integer({ min: start, max: end - 1 }), (a, b) => {
        const expected = Math.max(a, b) >= boundary
        expect(Calendar.touchesProvisional(ahead, a, b)).toBe(expected)
        expect(Calendar.touchesProvisional(cal, a, b)).toBe(false)
      })
    )
  })
})

describe("hours", () => {
  it("adds working hours across lunch, nights, weekends and holidays", () => {
    expect(show(ok(Calendar.addWorkingHours(cal, at("2025-03-07", "16:00"), 4)))).toBe("2025-03-10 10:30")
    expect(show(ok(Calendar.addWorkingHours(cal, at("2025-03-07", "13:00"), 1)))).toBe("2025-03-07 15:30")
    expect(show(ok(Calendar.addWorkingHours(cal, at("2025-03-07", "14:30"), 3.5)))).toBe("2025-03-07 18:00")
    expect(show(ok(Calendar.addWorkingHours(cal, at("2025-04-30", "17:00"), 2)))).toBe("2025-05-05 09:30")
    expect(show(ok(Calendar.addWorkingHours(cal, at("2025-03-10", "09:30"), -2)))).toBe("2025-03-07 17:00")
    expect(ok(Calendar.workingMillis(cal, at("2025-03-07", "17:00"), at("2025-03-10", "09:30")))).toBe(2 * 3_600_000)
    expect(ok(Calendar.isWorkingInstant(cal, at("2025-03-07", "12:00")))).toBe(false)
    expect(ok(Calendar.isWorkingInstant(cal, at("2025-03-07", "08:30")))).toBe(true)
  })

  it("takes custom working hours", () => {
    const long = ok(Calendar.make({ years: { from: 2025, to: 2025 }, hours: [{ from: "09:00", to: "17:00" }] }))
    const t = ok(Calendar.at(long, "2025-03-07", "16:00"))
    expect(ok(Calendar.format(long, ok(Calendar.addWorkingHours(long, t, 2))))).toBe("2025-03-10 10:00")
  })

  it("property: adding zero working hours is the identity on a working instant", () => {
    fc.assert(
      fc.property(workingInstantArb(), (t) => {
        expect(ok(Calendar.addWorkingHours(cal, t, 0))).toBe(t)
        expect(ok(Calendar.workingMillis(cal, t, t))).toBe(0)
      })
    )
  })

  it("property: a then b working hours is a + b, and workingMillis inverts the addition", () => {
    fc.assert(
      fc.property(instantArb(60), fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 200 }), (t, a, b) => {
        const ha = a / 4
        const hb = b / 4
        const u = ok(Calendar.addWorkingHours(cal, t, ha))
        expect(ok(Calendar.addWorkingHours(cal, u, hb))).toBe(ok(Calendar.addWorkingHours(cal, t, ha + hb)))
        expect(ok(Calendar.workingMillis(cal, t, u))).toBe(ha * 3_600_000)
        expect(ok(Calendar.isWorkingInstant(cal, u - 1))).toBe(true)
      })
    )
  })

  it("property: a later start never gives an earlier result", () => {
    fc.assert(
      fc.property(instantArb(60), fc.nat(24 * 60), fc.integer({ min: 0, max: 100 }), (t, later, h) => {
        const a = ok(Calendar.addWorkingHours(cal, t, h / 2))
        const b = ok(Calendar.addWorkingHours(cal, t + later * 60_000, h / 2))
        expect(b).toBeGreaterThanOrEqual(a)
      })
    )
  })
})

describe("zone", () => {
  it("computes dates in the calendar's fixed offset, whatever the host zone", () => {
    // 2025-01-01 16:00 UTC is 2025-01-02 00:00 in Shanghai.
    expect(ok(Calendar.dateOf(cal, Date.UTC(2025, 0, 1, 16)))).toBe("2025-01-02")
    expect(ok(Calendar.dateOf(cal, Date.UTC(2025, 0, 1, 15, 59)))).toBe("2025-01-01")
    expect(at("2025-01-02", "08:00")).toBe(Date.UTC(2025, 0, 2, 0))
    expect(ok(Calendar.format(cal, at("2025-01-03"), { endOfDay: true }))).toBe("2025-01-02 24:00")
    const utc = ok(Calendar.make({ years: { from: 2025, to: 2025 }, zone: "UTC", offsetMinutes: 0 }))
    expect(ok(Calendar.dateOf(utc, Date.UTC(2025, 0, 1, 16)))).toBe("2025-01-01")
  })

  it("recognises real dates only", () => {
    expect(Calendar.isDate("2024-02-29")).toBe(true)
    expect(Calendar.isDate("2025-02-29")).toBe(false)
    expect(Calendar.isDate("2025-04-31")).toBe(false)
  })
})
