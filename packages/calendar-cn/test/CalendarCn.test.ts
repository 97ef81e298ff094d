import { CalendarCn } from "@gridgov/calendar-cn"
import { Calendar } from "@gridgov/core"
import chineseDays from "chinese-days"
import peerTable from "chinese-days/dist/chinese-days.json" with { type: "json" }
import { Effect, Result } from "effect"
import { describe, expect, it } from "vitest"

const cal = CalendarCn.calendar()
const ok = <A, E>(r: Result.Result<A, E>): A => Result.getOrThrow(r)
const working = (date: string) => ok(Calendar.isWorkingDay(cal, date))
const range = (from: string, to: string): Array<string> => {
  const out: Array<string> = []
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10))
  }
  return out
}

describe("the table", () => {
  it("has one entry per notice, with its source, for 2020–2026", () => {
    expect(CalendarCn.years).toEqual({ from: 2020, to: 2026 })
    expect(cal.coverage).toEqual({ from: "2020-01-01", to: "2050-12-31" })
    expect(CalendarCn.notices.map((n) => n.id)).toEqual([
      "2020",
      "2020-extension",
      "2021",
      "2022",
      "2023",
      "2024",
      "2025",
      "2026"
    ])
    for (const n of CalendarCn.notices) {
      expect(n.title).toMatch(/^国务院办公厅关于(延长)?\d{4}年/)
      expect(n.url).toMatch(/^https?:\/\/www\.gov\.cn\//)
      expect(Calendar.isDate(n.date)).toBe(true)
      if (n.id !== "2020-extension") expect(n.number).toMatch(/^国办发明电〔\d{4}〕\d+号$/)
      for (const f of n.festivals) {
        expect(f.rest[0] <= f.rest[1]).toBe(true)
        for (const d of [...f.rest, ...f.work]) expect(Calendar.isDate(d)).toBe(true)
      }
    }
    expect(CalendarCn.layers.every((l) => l.source?.includes("国务院办公厅"))).toBe(true)
  })

  it("2027 has no notice: covered provisionally by default; strict, a typed failure, not a Monday–Friday guess", () => {
    expect(ok(Calendar.isWorkingDay(cal, "2027-01-04"))).toBe(true)
    expect(ok(Calendar.isProvisional(cal, "2027-01-04"))).toBe(true)
    expect(ok(Calendar.addWorkingDays(cal, "2026-12-30", 5))).toBe("2027-01-07")
    const strict = ok(CalendarCn.make({ provisional: false }))
    const r = Calendar.isWorkingDay(strict, "2027-01-04")
    expect(Result.isFailure(r) && r.failure._tag).toBe("OutOfCoverage")
    const add = Calendar.addWorkingDays(strict, "2026-12-30", 5)
    expect(Result.isFailure(add) && add.failure._tag).toBe("OutOfCoverage")
  })
})

describe("real dates", () => {
  it("Spring Festival 2025: Jan 28 – Feb 4 off, make-up Sunday Jan 26 and Saturday Feb 8", () => {
    for (const d of range("2025-01-28", "2025-02-04")) expect(working(d), d).toBe(false)
    expect(working("2025-01-26")).toBe(true)
    expect(working("2025-02-08")).toBe(true)
    expect(working("2025-01-27")).toBe(true)
    expect(working("2025-02-05")).toBe(true)
    expect(ok(Calendar.describe(cal, "2025-02-08")).layer).toBe("cn-2025")
  })

  it("National Day 2025: Oct 1–8 off, make-up Sunday Sep 28 and Saturday Oct 11", () => {
    for (const d of range("2025-10-01", "2025-10-08")) expect(working(d), d).toBe(false)
    expect(working("2025-09-28")).toBe(true)
    expect(working("2025-10-11")).toBe(true)
    expect(working("2025-10-12")).toBe(false)
    expect(ok(Calendar.addWorkingDays(cal, "2025-09-30", 1))).toBe("2025-10-09")
    expect(ok(Calendar.addWorkingDays(cal, "2025-09-30", 3))).toBe("2025-10-11")
    // Sep 28, 29, 30, Oct 9, 10, 11 and 13
    expect(ok(Calendar.countWorkingDays(cal, "2025-09-26", "2025-10-13"))).toBe(7)
  })

  it("make-up Saturdays are working days and arithmetic runs through them", () => {
    for (const d of [
      "2024-02-18",
      "2024-04-07",
      "2024-05-11",
      "2024-09-14",
      "2024-10-12",
      "2026-02-28",
      "2026-10-10"
    ]) {
      expect(working(d), d).toBe(true)
    }
    expect(ok(Calendar.addWorkingDays(cal, "2024-05-10", 1))).toBe("2024-05-11")
    const friday = ok(Calendar.at(cal, "2025-02-07", "17:00"))
    expect(ok(Calendar.format(cal, ok(Calendar.addWorkingHours(cal, friday, 2))))).toBe("2025-02-08 09:30")
  })

  it("the 2020 Spring Festival extension: off until Sunday Feb 2, Saturday Feb 1 no longer worked", () => {
    for (const d of range("2020-01-24", "2020-02-02")) expect(working(d), d).toBe(false)
    expect(working("2020-01-19")).toBe(true)
    expect(working("2020-02-03")).toBe(true)
    expect(ok(Calendar.describe(cal, "2020-02-01")).layer).toBe("cn-2020-extension")
  })

  it("2025 onward follows the revised regulations: Spring Festival and Labour Day one day longer", () => {
    const days = (id: string, name: CalendarCn.FestivalName) => {
      const f = CalendarCn.notices.find((n) => n.id === id)!.festivals.find((x) => x.name === name)!
      return range(f.rest[0], f.rest[1]).length
    }
    expect(days("2024", "springFestival")).toBe(8)
    expect(days("2025", "springFestival")).toBe(8)
    expect(days("2026", "springFestival")).toBe(9)
    expect(days("2025", "labourDay")).toBe(5)
    expect(working("2025-05-05")).toBe(false)
    expect(working("2025-04-27")).toBe(true)
  })
})

describe("agreement with chinese-days", () => {
  const peer = peerTable as { holidays: Record<string, string>; workdays: Record<string, string> }
  const peerWorking = (d: string) => {
    if (d in peer.workdays) return true
    if (d in peer.holidays) return false
    const wd = new Date(`${d}T00:00:00Z`).getUTCDay()
    return wd !== 0 && wd !== 6
  }

  it("classifies every day of 2020–2026 as the peer's data does", () => {
    const mismatches = range("2020-01-01", "2026-12-31").filter((d) => working(d) !== peerWorking(d))
    expect(mismatches).toEqual([])
  })

  // The peer's own API reads dates in the host's zone; west of UTC it shifts days, so it
  // is asked only where that cannot happen. Our answers do not depend on the host zone.
  it.runIf(new Date(Date.UTC(2025, 0, 1)).getTimezoneOffset() <= 0)(
    "agrees with the peer's isWorkday for every day of 2025–2026",
    () => {
      const mismatches = range("2025-01-01", "2026-12-31").filter((d) => working(d) !== chineseDays.isWorkday(d))
      expect(mismatches).toEqual([])
    }
  )
})

describe("regional overrides", () => {
  // ILLUSTRATIVE EXAMPLE, not a real notice: the two Dongxiang ethnic townships of Yumen
  // (小金湾东乡族乡, 独山子东乡族乡) may observe local festivals; the date below is made up to
  // exercise the mechanism.
  const township = {
    name: "example-dongxiang-township-festival",
    region: "620981 小金湾东乡族乡, 独山子东乡族乡 (illustrative)",
    source: "illustrative example, not a real notice",
    rest: [["2025-06-16", "2025-06-17"] as const]
  }

  it("layers a local festival over the national table", () => {
    const local = ok(CalendarCn.make({ overrides: [township] }))
    expect(ok(Calendar.isWorkingDay(local, "2025-06-16"))).toBe(false)
    expect(ok(Calendar.isWorkingDay(local, "2025-06-17"))).toBe(false)
    expect(ok(Calendar.isWorkingDay(cal, "2025-06-16"))).toBe(true)
    expect(ok(Calendar.addWorkingDays(local, "2025-06-13", 1))).toBe("2025-06-18")
    // The national arrangement still holds underneath.
    expect(ok(Calendar.isWorkingDay(local, "2025-02-08"))).toBe(true)
    expect(ok(Calendar.describe(local, "2025-06-16")).layer).toBe("example-dongxiang-township-festival")
  })

  it("lets a city close on its own or work a national holiday", () => {
    const city = ok(
      CalendarCn.make({
        overrides: [{ name: "example-city", rest: ["2025-07-14"], work: ["2025-10-08"] }]
      })
    )
    expect(ok(Calendar.isWorkingDay(city, "2025-07-14"))).toBe(false)
    expect(ok(Calendar.isWorkingDay(city, "2025-10-08"))).toBe(true)
  })

  it("rejects an override outside the covered years", () => {
    const r = CalendarCn.make({ overrides: [{ name: "too-late", rest: ["2051-01-05"] }] })
    expect(Result.isFailure(r) && r.failure._tag).toBe("InvalidCalendar")
    const strict = CalendarCn.make({ provisional: false, overrides: [{ name: "too-late", rest: ["2027-01-05"] }] })
    expect(Result.isFailure(strict) && strict.failure._tag).toBe("InvalidCalendar")
  })

  it("provides Calendar.Current as a layer", () => {
    const program = Calendar.Current.use((c) => Effect.succeed(c.coverage))
    expect(Effect.runSync(Effect.provide(program, CalendarCn.layer))).toEqual({
      from: "2020-01-01",
      to: "2050-12-31"
    })
    const local = CalendarCn.layerWith({ overrides: [township] })
    const isWorking = Calendar.Current.use((c) => Effect.fromResult(Calendar.isWorkingDay(c, "2025-06-16")))
    expect(Effect.runSync(Effect.provide(isWorking, local))).toBe(false)
  })
})
