import { CalendarCn } from "@gridgov/calendar-cn"
import { Calendar } from "@gridgov/core"
import chineseDays from "chinese-days"
import { Effect, Result } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"

const ok = <A, E>(r: Result.Result<A, E>): A => Result.getOrThrow(r)
const failure = <A, E>(r: Result.Result<A, E>): E => {
  if (Result.isSuccess(r)) throw new Error(`expected a failure, got ${JSON.stringify(r.success)}`)
  return r.failure
}
const range = (from: string, to: string): Array<string> => {
  const out: Array<string> = []
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10))
  }
  return out
}
const weekdayOf = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay()
const isWeekend = (d: string) => weekdayOf(d) === 0 || weekdayOf(d) === 6

/** The strict calendar: the notices only. */
const plain = ok(CalendarCn.make({ provisional: false }))
const ahead = ok(CalendarCn.make({ provisional: [2027] }))
const working = (date: string) => ok(Calendar.isWorkingDay(ahead, date))
const days2027 = ok(CalendarCn.provisionalDays(2027))

describe("the provisional 2027 table", () => {
  it("rests on the statutory days of the 2024 regulations", () => {
    const statutory = (name: CalendarCn.FestivalName) =>
      days2027.filter((d) => d.festival === name && d.kind === "statutory").map((d) => d.date)
    expect(statutory("newYear")).toEqual(["2027-01-01"])
    // 除夕 (Friday), 正月初一 (Saturday) to 初三 (Monday)
    expect(statutory("springFestival")).toEqual(["2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08"])
    expect(statutory("qingming")).toEqual(["2027-04-05"])
    expect(statutory("labourDay")).toEqual(["2027-05-01", "2027-05-02"])
    expect(statutory("dragonBoat")).toEqual(["2027-06-09"])
    expect(statutory("midAutumn")).toEqual(["2027-09-15"])
    expect(statutory("nationalDay")).toEqual(["2027-10-01", "2027-10-02", "2027-10-03"])
    for (const d of days2027) expect(working(d.date), d.date).toBe(false)
  })

  it("makes up a statutory day on a weekend on the first working day after the holiday", () => {
    const compensation = days2027.filter((d) => d.kind === "compensation").map((d) => [d.compensates, d.date] as const)
    expect(compensation).toEqual([
      ["2027-02-06", "2027-02-09"],
      ["2027-02-07", "2027-02-10"],
      ["2027-05-01", "2027-05-03"],
      ["2027-05-02", "2027-05-04"],
      ["2027-10-02", "2027-10-04"],
      ["2027-10-03", "2027-10-05"]
    ])
    // The weekdays off in 2027 are exactly the statutory weekdays and their make-up days.
    const offWeekdays = range("2027-01-01", "2027-12-31").filter((d) => !isWeekend(d) && !working(d))
    expect(offWeekdays).toEqual([
      "2027-01-01",
      "2027-02-05",
      "2027-02-08",
      "2027-02-09",
      "2027-02-10",
      "2027-04-05",
      "2027-05-03",
      "2027-05-04",
      "2027-06-09",
      "2027-09-15",
      "2027-10-01",
      "2027-10-04",
      "2027-10-05"
    ])
    expect(working("2027-02-11")).toBe(true)
    expect(ok(Calendar.addWorkingDays(ahead, "2027-02-04", 1))).toBe("2027-02-11")
  })

  it("has no make-up workdays: every Saturday and Sunday of 2027 is a rest day", () => {
    expect(range("2027-01-01", "2027-12-31").filter((d) => isWeekend(d) && working(d))).toEqual([])
  })

  it("marks every day provisional and names its rule as the source", () => {
    for (const d of days2027) {
      expect(d.provisional).toBe(true)
      expect(d.source).toMatch(/^provisional, by rule: 全国年节及纪念日放假办法（2024年11月10日国务院令第795号修订/)
    }
    const eve = ok(Calendar.describe(ahead, "2027-02-05"))
    expect(eve).toMatchObject({ working: false, layer: "cn-2027-provisional-springFestival", provisional: true })
    expect(eve.source).toContain("第二条第（二）项 春节，放假4天（农历除夕、正月初一至初三）")
    const makeUp = ok(Calendar.describe(ahead, "2027-05-04"))
    expect(makeUp).toMatchObject({ layer: "cn-2027-provisional-labourDay-compensation", provisional: true })
    expect(makeUp.source).toContain("第六条 补假 — 劳动节 2027-05-02 falls on a Saturday or Sunday")
    // An ordinary day is provisional too (a notice may make it a workday), and has no layer.
    expect(ok(Calendar.describe(ahead, "2027-03-03"))).toMatchObject({
      working: true,
      layer: undefined,
      provisional: true
    })
    expect(ok(Calendar.describe(ahead, "2026-03-03")).provisional).toBe(false)
  })
})

describe("the rule", () => {
  it("2028: Mid-Autumn on National Day's third day is made up like a weekend day", () => {
    const d = ok(CalendarCn.provisionalDays(2028))
    const comp = d.filter((x) => x.kind === "compensation").map((x) => [x.festival, x.compensates, x.date])
    expect(comp).toEqual([
      ["newYear", "2028-01-01", "2028-01-03"], // Saturday
      ["dragonBoat", "2028-05-28", "2028-05-29"], // Sunday
      ["nationalDay", "2028-10-01", "2028-10-04"], // Sunday; Oct 2–3 are holidays
      ["midAutumn", "2028-10-03", "2028-10-05"] // coincides with National Day
    ])
  })

  it("property: each rule year gives 13 weekdays off, each make-up day the first working day after its holiday", () => {
    fc.assert(
      fc.property(fc.constantFrom(...CalendarCn.ruleYears), (year) => {
        const d = ok(CalendarCn.provisionalDays(year))
        const rest = new Set(d.map((x) => x.date))
        const off = new Set([...rest].filter((x) => !isWeekend(x)))
        // 1 + 4 + 1 + 2 + 1 + 1 + 3 statutory days, each on a weekday of its own.
        expect(off.size).toBe(13)
        for (const c of d.filter((x) => x.kind === "compensation")) {
          expect(c.date > c.compensates!).toBe(true)
          expect(isWeekend(c.date)).toBe(false)
          // Every day between the statutory day and its make-up day is a rest day.
          for (const between of range(c.compensates!, c.date).slice(1, -1)) {
            expect(isWeekend(between) || rest.has(between), between).toBe(true)
          }
        }
        for (const s of d.filter((x) => x.kind === "statutory" && isWeekend(x.date))) {
          expect(d.some((c) => c.compensates === s.date && c.festival === s.festival)).toBe(true)
        }
      })
    )
  })

  it("agrees with the published notices of 2025 and 2026: every derived rest day is a rest day there", () => {
    for (const year of [2025, 2026]) {
      const derived = ok(CalendarCn.provisionalDays(year))
      expect(derived.filter((d) => ok(Calendar.isWorkingDay(plain, d.date))).map((d) => d.date)).toEqual([])
    }
  })

  it("has no table for a year without checked lunar dates", () => {
    expect(failure(CalendarCn.provisionalDays(2051)).reason).toMatch(/no provisional table for 2051: .* 2025–2050 only/)
  })
})

describe("lunar dates, checked against chinese-days", () => {
  // The peer's lunar conversion is asked with the instant of noon in Shanghai, which it
  // converts from a fixed UTC base: the answer does not depend on the host zone.
  const lunarOf = (date: string) => chineseDays.getLunarDate(new Date(Date.parse(`${date}T04:00:00Z`)))
  const lunar = (year: number) => {
    const days = ok(CalendarCn.provisionalDays(year)).filter((d) => d.kind === "statutory")
    const first = (name: CalendarCn.FestivalName) => days.find((d) => d.festival === name)!.date
    return {
      eve: first("springFestival"),
      springFestival: days.filter((d) => d.festival === "springFestival")[1]!.date,
      qingming: first("qingming"),
      dragonBoat: first("dragonBoat"),
      midAutumn: first("midAutumn")
    }
  }

  it.each(CalendarCn.ruleYears)("%i: Eve, Spring Festival, Dragon Boat and Mid-Autumn", (year) => {
    const l = lunar(year)
    const sf = lunarOf(l.springFestival)
    expect([sf.lunarYear, sf.lunarMon, sf.lunarDay, sf.isLeap]).toEqual([year, 1, 1, false])
    const eve = lunarOf(l.eve)
    expect([eve.lunarYear, eve.lunarMon, eve.isLeap]).toEqual([year - 1, 12, false])
    expect(eve.lunarDay).toBe(chineseDays.monthDays(year - 1, 12)) // the last day of the 12th month
    const db = lunarOf(l.dragonBoat)
    expect([db.lunarYear, db.lunarMon, db.lunarDay, db.isLeap]).toEqual([year, 5, 5, false])
    const ma = lunarOf(l.midAutumn)
    expect([ma.lunarYear, ma.lunarMon, ma.lunarDay, ma.isLeap]).toEqual([year, 8, 15, false])
  })

  // The peer formats solar-term dates in the host zone; west of UTC they read a day early,
  // so it is asked only where that cannot happen.
  it.runIf(new Date(Date.UTC(2027, 3, 5)).getTimezoneOffset() <= 0)("Qingming is the solar-term day", () => {
    for (const year of CalendarCn.ruleYears) {
      expect(lunar(year).qingming, String(year)).toBe(chineseDays.getSolarTermDate(year, 4, "pure_brightness"))
    }
  })
})

describe("by default, and strict", () => {
  it("covers every year after the notices through 2050 by default, each provisional", () => {
    const years = Array.from({ length: 2050 - 2026 }, (_, i) => 2027 + i)
    expect(CalendarCn.ruleYears.filter((y) => y > 2026)).toEqual(years)
    for (const cal of [CalendarCn.calendar(), ok(CalendarCn.make()), ok(CalendarCn.make({ overrides: [] }))]) {
      expect(cal.provisionalYears).toEqual(years)
      expect(cal.coverage).toEqual({ from: "2020-01-01", to: "2050-12-31" })
      expect(ok(Calendar.describe(cal, "2050-10-03"))).toMatchObject({ working: false, provisional: true })
      expect(ok(Calendar.describe(cal, "2026-10-03"))).toMatchObject({ working: false, provisional: false })
      expect(failure(Calendar.isWorkingDay(cal, "2051-01-02"))._tag).toBe("OutOfCoverage")
    }
    // The years with a notice are the notice's, day for day.
    const cal = CalendarCn.calendar()
    for (const d of range("2020-01-01", "2026-12-31")) {
      if (ok(Calendar.isWorkingDay(cal, d)) !== ok(Calendar.isWorkingDay(plain, d))) throw new Error(d)
    }
  })

  it("is strict when asked (false, or no years): the notices only, 2027 out of coverage", () => {
    for (const cal of [plain, ok(CalendarCn.make({ provisional: [] }))]) {
      expect(cal.provisionalYears).toEqual([])
      expect(cal.coverage.to).toBe("2026-12-31")
      expect(failure(Calendar.isWorkingDay(cal, "2027-01-04"))._tag).toBe("OutOfCoverage")
    }
  })

  it("takes a list of years or { through }", () => {
    expect(ahead.provisionalYears).toEqual([2027])
    expect(ahead.coverage).toEqual({ from: "2020-01-01", to: "2027-12-31" })
    expect(ok(CalendarCn.make({ provisional: { through: 2027 } })).provisionalYears).toEqual([2027])
    const two = ok(CalendarCn.make({ provisional: { through: 2028 } }))
    expect(two.provisionalYears).toEqual([2027, 2028])
    expect(ok(Calendar.isWorkingDay(two, "2028-10-05"))).toBe(false)
  })

  it("lets the notices win: a year with a notice is never provisional", () => {
    // 2026 has a notice: asking for it provisionally changes nothing about 2026.
    const both = ok(CalendarCn.make({ provisional: [2026, 2027] }))
    expect(both.provisionalYears).toEqual([2027])
    // By rule 2026-02-23 (a Monday after the Spring Festival) would be worked and
    // Saturday 2026-02-14 would rest; the notice says otherwise, and it is what counts.
    expect(ok(Calendar.isWorkingDay(both, "2026-02-23"))).toBe(false)
    expect(ok(Calendar.isWorkingDay(both, "2026-02-14"))).toBe(true)
    expect(ok(Calendar.describe(both, "2026-02-23"))).toMatchObject({ layer: "cn-2026", provisional: false })
    for (const d of range("2020-01-01", "2026-12-31")) {
      if (ok(Calendar.isWorkingDay(both, d)) !== ok(Calendar.isWorkingDay(plain, d))) throw new Error(d)
    }
    const through = ok(CalendarCn.make({ provisional: { through: 2026 } }))
    expect(through.provisionalYears).toEqual([])
    expect(through.coverage.to).toBe("2026-12-31")
  })

  it("rejects a gap after the notices and a year without a rule table", () => {
    expect(failure(CalendarCn.make({ provisional: [2028] })).reason).toMatch(/2027 is missing/)
    expect(failure(CalendarCn.make({ provisional: { through: 2052 } })).reason).toMatch(/no provisional table for 2051/)
    expect(failure(CalendarCn.make({ provisional: [2027.5] }))._tag).toBe("InvalidCalendar")
  })

  it("allows overrides in a provisional year, on top of it", () => {
    const city = ok(
      CalendarCn.make({ provisional: [2027], overrides: [{ name: "example-city", work: ["2027-05-04"] }] })
    )
    expect(ok(Calendar.isWorkingDay(city, "2027-05-04"))).toBe(true)
    expect(ok(Calendar.describe(city, "2027-05-04"))).toMatchObject({ layer: "example-city", provisional: true })
  })

  it("passes through layerWith", () => {
    const program = Calendar.Current.use((c) => Effect.succeed(c.provisionalYears))
    expect(Effect.runSync(Effect.provide(program, CalendarCn.layerWith({ provisional: [2027] })))).toEqual([2027])
  })
})

describe("deadlines across 2026 → 2027", () => {
  it("add working days with the opt-in, a typed OutOfCoverage without it", () => {
    // Thursday Dec 31, (Friday Jan 1 is New Year's Day), Monday Jan 4 … Thursday Jan 7
    expect(ok(Calendar.addWorkingDays(ahead, "2026-12-30", 5))).toBe("2027-01-07")
    const e = failure(Calendar.addWorkingDays(plain, "2026-12-30", 5))
    expect(e).toBeInstanceOf(Calendar.OutOfCoverage)
    expect(e).toMatchObject({ _tag: "OutOfCoverage", to: "2026-12-31" })
  })

  it("add working hours across the boundary, and say the deadline is provisional", () => {
    const start = ok(Calendar.at(ahead, "2026-12-31", "17:00"))
    const due = ok(Calendar.addWorkingHours(ahead, start, 2))
    expect(ok(Calendar.format(ahead, due))).toBe("2027-01-04 09:30")
    expect(Calendar.touchesProvisional(ahead, start, due)).toBe(true)
    expect(Calendar.touchesProvisional(ahead, start, start)).toBe(false)
    expect(failure(Calendar.addWorkingHours(plain, start, 2))._tag).toBe("OutOfCoverage")
  })

  it("property: countWorkingDays inverts addWorkingDays from any December 2026 day", () => {
    fc.assert(
      fc.property(fc.constantFrom(...range("2026-12-01", "2026-12-31")), fc.integer({ min: 0, max: 200 }), (d, n) => {
        const end = ok(Calendar.addWorkingDays(ahead, d, n))
        expect(ok(Calendar.countWorkingDays(ahead, d, end))).toBe(n)
        // The part in 2026 comes from the notice table, unchanged by the opt-in.
        if (end <= "2026-12-31") expect(ok(Calendar.addWorkingDays(plain, d, n))).toBe(end)
        else expect(failure(Calendar.addWorkingDays(plain, d, n))._tag).toBe("OutOfCoverage")
      })
    )
  })
})
