/**
 * The persisted counters equal Analytics recomputed from the events: random runs of
 * CaseService on the Yumen fixture (commands the machines allow from each case's
 * state, by actors holding an allowed role, with the clock moving and the SLA
 * sweeper firing warnings, breaches and escalations) leave the counters the
 * appends wrote, read back through the raw hook and through `AnalyticsStore`,
 * equal to `Analytics.contributions` of every case folded from its stored events;
 * and `AnalyticsStore.rebuild` writes the same counters from the log.
 */

import { CalendarCn } from "@gridgov/calendar-cn"
import { type Access, Analytics, AnalyticsStore, Case, CaseMachine, CaseStore, Grid, SlaSweeper } from "@gridgov/core"
import { Commands, Memory, ServiceSuite } from "@gridgov/testing/vitest"
import { Effect, Option, Result } from "effect"
import { TestClock } from "effect/testing"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"

const { city, exec, Raw, ref, runWith, staffAt } = ServiceSuite
const { dispatcher, leader, resident, townChief, villageChief, worker } = ServiceSuite.actors
const { block, otherTown, town, village } = ServiceSuite.places
const officerAt = (unit: string) => ServiceSuite.staffAt("departmentOfficer", unit)

const run = runWith(Memory.make, ServiceSuite.settings(CalendarCn.calendar()))

const actors: ReadonlyArray<Access.Actor> = [
  dispatcher,
  villageChief,
  townChief,
  worker,
  leader,
  resident,
  officerAt("dept.petition"),
  officerAt("dept.housing"),
  staffAt("mediator", "committee.water"),
  staffAt("mediator", "committee.joint"),
  staffAt("judgeAssistant", "center.litigation"),
  staffAt("dispatcher", "window.petition")
]
const places = [block, village, town, otherTown]
const targets = [village, town, "dept.housing", "committee.water", "dept.petition", "center.litigation"]
const categories: { readonly [K in Case.Kind]: ReadonlyArray<string> } = {
  event: ["event.sanitation.garbage", "event.facility.manhole", "event.safety.fire"],
  dispute: ["dispute.water", "dispute.family"],
  petition: ["petition", "petition.land"],
  prelitigation: ["prelitigation"],
  hotline: ["hotline.help", "hotline.complaint"]
}
const kinds: ReadonlyArray<Case.Kind> = ["event", "dispute", "petition", "prelitigation", "hotline"]
const severities = ["minor", "ordinary", "major"] as const
const pick = <A>(xs: ReadonlyArray<A>, n: number): A => xs[n % xs.length]!

/** One step of a run: open a case, act on one, or let time pass and sweep. */
type Step =
  | {
      readonly _tag: "Open"
      readonly kind: number
      readonly place: number
      readonly category: number
      readonly n: number
    }
  | {
      readonly _tag: "Act"
      readonly target: number
      readonly command: number
      readonly actor: number
      readonly n: number
    }
  | { readonly _tag: "Wait"; readonly minutes: number }

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      _tag: fc.constant("Open" as const),
      kind: fc.nat(),
      place: fc.nat(),
      category: fc.nat(),
      n: fc.nat()
    })
  },
  {
    weight: 6,
    arbitrary: fc.record({
      _tag: fc.constant("Act" as const),
      target: fc.nat(),
      command: fc.nat(),
      actor: fc.nat(),
      n: fc.nat()
    })
  },
  {
    weight: 1,
    arbitrary: fc.record({ _tag: fc.constant("Wait" as const), minutes: fc.integer({ min: 1, max: 4 * 24 * 60 }) })
  }
)

/** A stored row back as a case event (what the service added, post and routing, is dropped by the schema). */
const toEvent = (row: CaseStore.StoredEvent): Case.Event =>
  Result.getOrThrow(
    Case.decodeEvent({
      ...(row.payload as Record<string, unknown>),
      _tag: row.type,
      v: row.v,
      at: row.at,
      actor: { id: row.actor.id, role: row.actor.roles[0] }
    })
  )

/** What the counters should be: every stream folded from its stored events, its contributions summed. */
const recomputed = (events: ReadonlyArray<CaseStore.StoredEvent>) => {
  const states = new Map<string, Case.State>()
  for (const row of events) {
    const event = toEvent(row)
    states.set(row.streamId, Case.evolve(states.get(row.streamId) ?? Case.initialState, event))
  }
  return AnalyticsStore.changes(city.tree, [...states.values()].flatMap(Analytics.contributions)).map(
    ({ delta, ...key }) => ({ ...key, value: delta })
  )
}

const drive = (steps: ReadonlyArray<Step>) =>
  Effect.gen(function* () {
    const opened: Array<string> = []
    let applied = 0
    for (const s of steps) {
      if (s._tag === "Wait") {
        yield* TestClock.adjust(s.minutes * 60_000)
        yield* SlaSweeper.sweepOnce({
          owner: "sweeper",
          escalate: ({ tier }) => tier === "statutory" || s.minutes % 2 === 0
        })
        continue
      }
      if (s._tag === "Open") {
        const kind = pick(kinds, s.kind)
        const id = `c-${opened.length}`
        const opener = pick([worker, dispatcher, resident], s.n)
        const role = opener === worker ? "gridWorker" : opener === dispatcher ? "dispatcher" : "public"
        const r = yield* Effect.result(
          exec(
            id,
            {
              _tag: "Open",
              actor: ref(opener, role),
              kind,
              id,
              category: pick(categories[kind], s.category),
              place: pick(places, s.place),
              channel: role === "public" ? "public" : role === "dispatcher" ? "walkIn" : "app",
              severity: pick(severities, s.n >> 2),
              track: pick(["simple", "complex"] as const, s.n >> 4),
              ...(kind === "petition" ? { reporter: { id: resident.id, role: "public" as const } } : {})
            },
            opener
          )
        )
        if (Result.isSuccess(r)) {
          opened.push(id)
          applied++
        }
        continue
      }
      if (opened.length === 0) continue
      const id = pick(opened, s.target)
      const store = yield* CaseStore.CaseStore
      const stored = yield* store.load(id)
      let state = Case.initialState
      for (const row of stored) state = Case.evolve(state, toEvent(row))
      if (state.kind === null) continue
      const tags = CaseMachine.commandsFrom(state.kind, state.status).filter(
        (t) => t !== "SlaWarn" && t !== "SlaBreach"
      )
      if (tags.length === 0) continue
      const tag = pick(tags, s.command)
      const roles = new Set(CaseMachine.rowsFor(state.kind, state.status, tag).flatMap((row) => row.roles))
      // the first actor, from a random start, holding an allowed role
      for (let k = 0; k < actors.length; k++) {
        const actor = pick(actors, s.actor + k)
        const post = actor.posts.find((p) => roles.has(p.role))
        const role = post?.role ?? (roles.has("public") && actor === resident ? "public" : undefined)
        if (role === undefined) continue
        const r = yield* Effect.result(
          exec(id, Commands.forTag(tag, state, ref(actor, role), s.n, { units: targets }), actor)
        )
        if (Result.isSuccess(r)) {
          applied++
          break
        }
        if (r.failure._tag !== "AccessDenied") break
      }
    }
    return applied
  })

describe("AnalyticsStore: counters written with the appends", () => {
  it("equal Analytics recomputed from the stored events after random CaseService runs, and rebuild writes the same", async () => {
    let meaningful = 0
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 20, maxLength: 80 }), (steps) =>
        run(
          Effect.gen(function* () {
            const applied = yield* drive(steps)
            const raw = yield* Raw
            const events = yield* Effect.orDie(raw.events)
            const expected = recomputed(events)
            const persisted = yield* Effect.orDie(raw.counters)
            expect(persisted).toEqual(expected)
            if (applied > 5 && expected.some((c) => c.measure === "closed")) meaningful++
            // the port answers the same totals as Analytics over the recomputed counters
            const analytics = yield* AnalyticsStore.AnalyticsStore
            for (const q of [
              {},
              { grid: town },
              { grid: village, kinds: ["event" as const] },
              { unit: "dept" },
              { category: "dispute" }
            ]) {
              const fromStore = yield* analytics.totals(AnalyticsStore.query(city.tree, q))
              expect(fromStore).toEqual(Analytics.totals(expected, city.tree, q))
            }
            // a rebuild from the log (after wiping the projection) writes the same rows
            yield* analytics.replace([])
            const rebuilt = yield* AnalyticsStore.rebuild(city.tree, 7)
            expect(rebuilt.events).toBe(events.length)
            expect(yield* Effect.orDie(raw.counters)).toEqual(expected)
          })
        )
      ),
      { numRuns: 25, seed: 20200101 }
    )
    // the runs reached closed cases, not only openings
    expect(meaningful).toBeGreaterThan(5)
  })

  it("a regression: a case moved between units by an escalation moves its counters, the old key back to zero", () =>
    run(
      Effect.gen(function* () {
        const chief = ref(villageChief, "gridChief")
        yield* exec(
          "e-1",
          {
            _tag: "Open",
            actor: ref(worker, "gridWorker"),
            kind: "event",
            id: "e-1",
            category: "event.sanitation.garbage",
            place: block,
            channel: "app",
            severity: "ordinary"
          },
          worker
        )
        yield* exec("e-1", { _tag: "Register", actor: ref(dispatcher, "dispatcher") }, dispatcher)
        yield* exec("e-1", { _tag: "Acknowledge", actor: chief }, villageChief)
        const analytics = yield* AnalyticsStore.AnalyticsStore
        expect((yield* analytics.totals({ unit: village })).valid).toBe(1)
        yield* exec("e-1", { _tag: "Escalate", actor: chief, reason: "beyond the village" }, villageChief)
        expect((yield* analytics.totals({ unit: village })).valid).toBe(0)
        expect((yield* analytics.totals({ unit: town })).valid).toBe(1)
        const interval = Grid.interval(city.tree, Grid.id(city.tree, town)!)
        expect((yield* analytics.totals({ grid: interval, kinds: ["event"] })).valid).toBe(1)
        const raw = yield* Raw
        const rows = yield* Effect.orDie(raw.counters)
        expect(rows.every((r) => r.unit === town && r.value === 1)).toBe(true)
        expect(Option.isSome(yield* (yield* CaseStore.CaseStore).summary("e-1"))).toBe(true)
      })
    ))
})
