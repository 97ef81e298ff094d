/**
 * A test kit for SLA policies: given a case, when these clock operations, then
 * these deadlines, flags and timers — in local time of the calendar, the way a
 * city writes its rules down ("a complex petition registered on 2025-09-30 is
 * due to be accepted by 2025-10-09 24:00"). Plus fast-check arbitraries over a
 * calendar's coverage for property tests of a city's own table.
 *
 * @since 0.1.0
 */
import { Calendar, type Sla, SlaClock } from "@gridgov/core"
import { Result } from "effect"
import * as fc from "fast-check"
import { expect } from "vitest"

/**
 * The calendar and policy table a spec runs against.
 *
 * @example
 * import { Sla } from "@gridgov/core"
 * import { SlaSpec, Yumen } from "@gridgov/testing/vitest"
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * import { Result } from "effect"
 * const setup: SlaSpec.Setup = { calendar: CalendarCn.calendar(), table: Result.getOrThrow(Sla.make(Yumen.sla)) }
 *
 * @category model
 * @since 0.1.0
 */
export interface Setup {
  readonly calendar: Calendar.Calendar
  readonly table: Sla.Table
}

const orThrow = <A, E>(result: Result.Result<A, E>, what: string): A => {
  if (Result.isFailure(result)) throw new Error(`${what}: ${JSON.stringify(result.failure)}`)
  return result.success
}

/**
 * The instant of a local `YYYY-MM-DD HH:MM` (or `YYYY-MM-DD`, midnight; `24:00`
 * is the end of the day) in the calendar's zone. Throws on a malformed or
 * uncovered date: it is a test helper.
 *
 * @example
 * import { SlaSpec } from "@gridgov/testing/vitest"
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * SlaSpec.at(CalendarCn.calendar(), "2025-09-30 10:00") === Date.UTC(2025, 8, 30, 2) // true
 *
 * @category helpers
 * @since 0.1.0
 */
export const at = (calendar: Calendar.Calendar, local: string): number => {
  const [date = "", time = "00:00"] = local.split(" ")
  return orThrow(Calendar.at(calendar, date, time), `SlaSpec.at("${local}")`)
}

/**
 * An instant shown as local `YYYY-MM-DD HH:MM`, midnight as `24:00` of the day
 * before (how a deadline reads).
 *
 * @example
 * import { SlaSpec } from "@gridgov/testing/vitest"
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * const cal = CalendarCn.calendar()
 * SlaSpec.show(cal, SlaSpec.at(cal, "2025-10-10")) // "2025-10-09 24:00"
 *
 * @category helpers
 * @since 0.1.0
 */
export const show = (calendar: Calendar.Calendar, instant: number): string =>
  orThrow(Calendar.format(calendar, instant, { endOfDay: true }), `SlaSpec.show(${instant})`)

/**
 * What a scenario's operations are written with: local instants.
 *
 * @example
 * import type { SlaSpec } from "@gridgov/testing/vitest"
 * const ops = ({ at }: SlaSpec.Tools) => [{ op: "start" as const, clock: "accept", at: at("2025-09-30 10:00") }]
 *
 * @category model
 * @since 0.1.0
 */
export interface Tools {
  readonly at: (local: string) => number
}

/**
 * Expected tiers of a clock, as local times (`undefined` = no such tier).
 *
 * @example
 * import type { SlaSpec } from "@gridgov/testing/vitest"
 * const due: SlaSpec.Tiers<string> = { statutory: "2025-10-15 24:00", target: "2025-10-09 24:00" }
 *
 * @category model
 * @since 0.1.0
 */
export interface Tiers<A> {
  readonly statutory?: A | undefined
  readonly target?: A | undefined
}

/**
 * Assertions about one clock of a scenario, at an instant (default: the last
 * operation's).
 *
 * @example
 * import type { SlaSpec } from "@gridgov/testing/vitest"
 * const check = (then: SlaSpec.Then) => then.dueBy({ target: "2025-10-09 24:00" }).status("running")
 *
 * @category model
 * @since 0.1.0
 */
export interface Then {
  readonly view: SlaClock.ClockView
  /** Deadlines of both tiers, as local times. */
  readonly dueBy: (expected: Tiers<string>) => Then
  readonly status: (expected: SlaClock.Run["status"]) => Then
  /** Frozen overdue flags (the run must be stopped). */
  readonly overdue: (expected: Tiers<boolean>) => Then
  readonly breached: (expected: Tiers<boolean>) => Then
  /** The warning timers still to come for a tier, as `threshold → local time`. */
  readonly warnings: (tier: Sla.TierName, expected: Readonly<Record<string, string>>) => Then
}

/**
 * A scenario after its operations: the folded clocks, or the error.
 *
 * @example
 * import type { SlaSpec } from "@gridgov/testing/vitest"
 * const accepted = (w: SlaSpec.When) => w.thenClock("accept")
 *
 * @category model
 * @since 0.1.0
 */
export interface When {
  readonly result: Result.Result<SlaClock.Clocks, SlaClock.SlaError>
  readonly thenClock: (clock: string, now?: string) => Then
  readonly rejects: (reason: SlaClock.ClockRejected["reason"]) => void
  readonly fails: (tag: SlaClock.SlaError["_tag"]) => void
}

/**
 * A case under test.
 *
 * @example
 * import type { SlaSpec } from "@gridgov/testing/vitest"
 * const run = (g: SlaSpec.Given) => g.when(({ at }) => [{ op: "start", clock: "accept", at: at("2025-09-30 10:00") }])
 *
 * @category model
 * @since 0.1.0
 */
export interface Given {
  readonly context: SlaClock.Context
  readonly when: (ops: (tools: Tools) => ReadonlyArray<SlaClock.Op>) => When
  /** Shorthand: the clock started at a local time, nothing else. */
  readonly started: (clock: string, local: string) => When
}

const thenOf = (setup: Setup, clocks: SlaClock.Clocks, clock: string, now: number): Then => {
  const run = clocks.runs[clock]
  if (run === undefined) throw new Error(`SlaSpec: clock "${clock}" never started`)
  const view = orThrow(SlaClock.view(setup.calendar, run, now), `SlaSpec: view of ${clock}`)
  const pick = <A>(f: (t: SlaClock.TierView) => A): Tiers<A> => ({
    statutory: view.statutory === undefined ? undefined : f(view.statutory),
    target: view.target === undefined ? undefined : f(view.target)
  })
  const self: Then = {
    view,
    dueBy: (expected) => {
      expect(
        pick((t) => show(setup.calendar, t.deadline)),
        `deadlines of ${clock}`
      ).toEqual({
        statutory: expected.statutory,
        target: expected.target
      })
      return self
    },
    status: (expected) => {
      expect(view.status, `status of ${clock}`).toBe(expected)
      return self
    },
    overdue: (expected) => {
      expect(
        pick((t) => t.overdue),
        `frozen overdue flags of ${clock}`
      ).toEqual({
        statutory: expected.statutory,
        target: expected.target
      })
      return self
    },
    breached: (expected) => {
      expect(
        pick((t) => t.breached),
        `breach of ${clock}`
      ).toEqual({
        statutory: expected.statutory,
        target: expected.target
      })
      return self
    },
    warnings: (tier, expected) => {
      const actual = Object.fromEntries(
        view.timers
          .filter((t) => t.tier === tier && t.kind === "warning")
          .map((t) => [String(t.threshold), show(setup.calendar, t.at)])
      )
      expect(actual, `${tier} warnings of ${clock}`).toEqual(expected)
      return self
    }
  }
  return self
}

/**
 * Starts a scenario: the case's kind, category and track.
 *
 * @example
 * import { Sla } from "@gridgov/core"
 * import { SlaSpec, Yumen } from "@gridgov/testing/vitest"
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * import { Result } from "effect"
 * const setup = { calendar: CalendarCn.calendar(), table: Result.getOrThrow(Sla.make(Yumen.sla)) }
 * SlaSpec.given(setup, { kind: "petition", category: "petition", track: "complex" })
 *   .started("accept", "2025-09-30 10:00")
 *   .thenClock("accept")
 *   .dueBy({ statutory: "2025-10-15 24:00", target: "2025-10-09 24:00" })
 *
 * @category scenarios
 * @since 0.1.0
 */
export const given = (setup: Setup, subject: Sla.Subject): Given => {
  const context: SlaClock.Context = { calendar: setup.calendar, table: setup.table, subject }
  const tools: Tools = { at: (local) => at(setup.calendar, local) }
  const when = (build: (tools: Tools) => ReadonlyArray<SlaClock.Op>): When => {
    const ops = build(tools)
    const result = SlaClock.fold(context, ops)
    const last = ops.length === 0 ? 0 : Math.max(...ops.map((o) => o.at))
    return {
      result,
      thenClock: (clock, now) =>
        thenOf(setup, orThrow(result, "SlaSpec: the operations were rejected"), clock, now ? tools.at(now) : last),
      rejects: (reason) => {
        expect(Result.isFailure(result) ? result.failure : undefined, "rejection").toMatchObject({
          _tag: "ClockRejected",
          reason
        })
      },
      fails: (tag) => {
        expect(Result.isFailure(result) ? result.failure._tag : "succeeded", "failure").toBe(tag)
      }
    }
  }
  return {
    context,
    when,
    started: (clock, local) => when(({ at }) => [{ op: "start", clock, at: at(local) }])
  }
}

const coverageInstants = (calendar: Calendar.Calendar): readonly [number, number] => [
  at(calendar, calendar.coverage.from),
  at(calendar, `${calendar.coverage.to} 24:00`)
]

/**
 * Any instant in the calendar's coverage, to the minute; `marginDays` keeps it
 * that many days away from the end so deadlines stay covered.
 *
 * @example
 * import { SlaSpec } from "@gridgov/testing/vitest"
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * import * as fc from "fast-check"
 * fc.sample(SlaSpec.instant(CalendarCn.calendar(), { marginDays: 120 }), 1)
 *
 * @category arbitraries
 * @since 0.1.0
 */
export const instant = (
  calendar: Calendar.Calendar,
  options: { readonly marginDays?: number } = {}
): fc.Arbitrary<number> => {
  const [from, to] = coverageInstants(calendar)
  const end = to - (options.marginDays ?? 0) * 86_400_000
  return fc.integer({ min: 0, max: Math.floor((end - from) / 60_000) - 1 }).map((m) => from + m * 60_000)
}

/**
 * Any date (`YYYY-MM-DD`) in the calendar's coverage, `marginDays` away from its end.
 *
 * @example
 * import { SlaSpec } from "@gridgov/testing/vitest"
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * import * as fc from "fast-check"
 * fc.sample(SlaSpec.date(CalendarCn.calendar()), 1)
 *
 * @category arbitraries
 * @since 0.1.0
 */
export const date = (
  calendar: Calendar.Calendar,
  options: { readonly marginDays?: number } = {}
): fc.Arbitrary<string> => instant(calendar, options).map((t) => orThrow(Calendar.dateOf(calendar, t), "SlaSpec.date"))

/**
 * An instant when the working clock runs (a working day, inside working hours).
 *
 * @example
 * import { SlaSpec } from "@gridgov/testing/vitest"
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * import * as fc from "fast-check"
 * fc.sample(SlaSpec.workingInstant(CalendarCn.calendar(), { marginDays: 60 }), 1)
 *
 * @category arbitraries
 * @since 0.1.0
 */
export const workingInstant = (
  calendar: Calendar.Calendar,
  options: { readonly marginDays?: number } = {}
): fc.Arbitrary<number> => {
  const windows = calendar.hours.map((h) => {
    const [a = 0, b = 0] = [h.from, h.to].map((s) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5)))
    return [a, b] as const
  })
  return fc
    .tuple(
      date(calendar, options).filter((d) => Result.getOrElse(Calendar.isWorkingDay(calendar, d), () => false)),
      fc.constantFrom(...windows),
      fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })
    )
    .map(([d, [a, b], f]) => at(calendar, d) + (a + Math.floor(f * (b - a))) * 60_000)
}

/**
 * A limit of moderate size in any unit (day limits up to 60, hour limits up to 120).
 *
 * @example
 * import { SlaSpec } from "@gridgov/testing/vitest"
 * import * as fc from "fast-check"
 * fc.sample(SlaSpec.limit(), 3)
 *
 * @category arbitraries
 * @since 0.1.0
 */
export const limit = (): fc.Arbitrary<Sla.Limit> =>
  fc.oneof(
    fc.record({
      amount: fc.integer({ min: 0, max: 60 }),
      unit: fc.constantFrom("calendarDays" as const, "workingDays" as const)
    }),
    fc.record({
      amount: fc.integer({ min: 0, max: 240 }).map((n) => n / 2),
      unit: fc.constantFrom("workingHours" as const, "hours" as const)
    })
  )

/**
 * A valid run of one clock: start at `start`, then pauses and resumes at
 * increasing times (gaps in minutes, up to `maxGapMinutes`), ending running or
 * paused.
 *
 * @example
 * import { SlaSpec } from "@gridgov/testing/vitest"
 * import * as fc from "fast-check"
 * fc.sample(SlaSpec.clockOps("accept", 0), 1)
 *
 * @category arbitraries
 * @since 0.1.0
 */
export const clockOps = (
  clock: string,
  start: number,
  options: { readonly maxGapMinutes?: number; readonly maxOps?: number } = {}
): fc.Arbitrary<ReadonlyArray<SlaClock.Op>> =>
  fc
    .array(fc.integer({ min: 1, max: options.maxGapMinutes ?? 3 * 24 * 60 }), { maxLength: options.maxOps ?? 6 })
    .map((gaps) => {
      const ops: Array<SlaClock.Op> = [{ op: "start", clock, at: start }]
      let t = start
      for (const [i, gap] of gaps.entries()) {
        t += gap * 60_000
        ops.push(i % 2 === 0 ? { op: "pause", clock, at: t } : { op: "resume", clock, at: t })
      }
      return ops
    })
