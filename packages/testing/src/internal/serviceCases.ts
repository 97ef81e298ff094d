/**
 * The tests of the service suite (`ServiceSuite.suite`): each kind's main path on the
 * Yumen fixture, notifications, access denials, idempotency, SLA timers and the
 * sweeper under TestClock, scoped queries and work lists, run against one store.
 * Specs read given (a case's history, built through the service) / when (a command) /
 * then (what the store holds afterwards).
 */
import {
  Access,
  type Case,
  CaseService,
  CaseStore,
  Grid,
  GridChange,
  Notification,
  Outbox,
  SlaSweeper
} from "@gridgov/core"
import { Effect, Fiber, Result } from "effect"
import { TestClock } from "effect/testing"
import { describe, expect, it } from "vitest"
import {
  actors,
  cases,
  city,
  exec,
  type Factory,
  failure,
  HOUR,
  history,
  openEvent,
  places,
  Raw,
  ref,
  runWith,
  staffAt,
  summaryOf,
  T0,
  timersOf
} from "./serviceWorld.js"

const { town, village, block, otherTown } = places
const { dispatcher, townChief, villageChief, otherChief, worker, leader, resident } = actors
const officerAt = (unit: string) => staffAt("departmentOfficer", unit)

const types = (events: ReadonlyArray<CaseStore.StoredEvent>) => events.map((e) => e.type)

// ------------------------------------------------------------------ the suite

export const suite = (name: string, factory: Factory, settings: CaseService.Settings) => {
  const run = runWith(factory, settings)
  /** Warnings per clock tier in the SLA table (50%, 75%, 90% by default). */
  const thresholds = settings.sla.warnings.length

  describe(`CaseService on ${name}: each kind's main path`, () => {
    it("event: reported by a resident → registered and dispatched by routing → handled → closed → evaluated", () =>
      run(
        Effect.gen(function* () {
          // when a resident reports
          const opened = yield* exec("e-1", openEvent("e-1", resident, "public"), resident)
          expect(opened).toMatchObject({
            caseId: "e-1",
            kind: "event",
            status: "reported",
            version: 1,
            replayed: false
          })
          // when the center registers it, routing dispatches it as system in the same append
          const registered = yield* exec("e-1", { _tag: "Register", actor: ref(dispatcher, "dispatcher") }, dispatcher)
          expect(registered.events.map((e) => e.type)).toEqual(["Registered", "Dispatched"])
          expect(registered.handler).toEqual({ unit: village, level: 2 })
          const stored = yield* history("e-1")
          expect(stored.map((e) => e.actor)).toEqual([
            { id: resident.id, roles: ["public"] },
            { id: dispatcher.id, roles: ["dispatcher"] },
            { id: "system", roles: ["system"] }
          ])
          const routing = (stored[2]!.payload as { routing: Record<string, unknown> }).routing
          expect(routing).toMatchObject({ reason: "dispatch", rule: "event.village", dispatched: true })
          expect(routing.met).toEqual(expect.arrayContaining([expect.objectContaining({ condition: "kind" })]))
          // then the village chief works it through
          yield* TestClock.adjust(HOUR)
          const chief = ref(villageChief, "gridChief")
          yield* exec("e-1", { _tag: "Acknowledge", actor: chief }, villageChief)
          yield* exec(
            "e-1",
            { _tag: "SubmitResult", actor: chief, result: "已清运", evidence: ["photo-1"] },
            villageChief
          )
          yield* exec("e-1", { _tag: "Verify", actor: ref(dispatcher, "dispatcher"), passed: true }, dispatcher)
          const done = yield* exec("e-1", { _tag: "Evaluate", actor: ref(leader, "leader"), rating: "good" }, leader)
          expect(done.status).toBe("evaluated")
          expect(types(yield* history("e-1"))).toEqual([
            "Opened",
            "Registered",
            "Dispatched",
            "Acknowledged",
            "ResultSubmitted",
            "VerificationPassed",
            "Evaluated"
          ])
          const summary = yield* summaryOf("e-1")
          expect(summary).toMatchObject({
            kind: "event",
            state: "evaluated",
            gridCode: block,
            unit: village,
            assignee: villageChief.id,
            dueAt: null,
            overdue: false,
            createdAt: T0,
            updatedAt: T0 + HOUR,
            version: 7
          })
          expect(yield* timersOf("e-1")).toEqual([])
        })
      ))

    it("dispute: found by a grid worker → routed to mediation → agreement", () =>
      run(
        Effect.gen(function* () {
          const r = yield* exec(
            "d-1",
            {
              _tag: "Open",
              actor: ref(worker, "gridWorker"),
              kind: "dispute",
              id: "d-1",
              category: "dispute.water",
              place: block,
              channel: "app",
              severity: "ordinary"
            },
            worker
          )
          expect(r.events.map((e) => e.type)).toEqual(["Opened", "MediationAssigned"])
          expect(r.status).toBe("mediating")
          const agreed = yield* exec(
            "d-1",
            { _tag: "RecordAgreement", actor: ref(townChief, "gridChief"), agreement: "轮流灌溉" },
            townChief
          )
          expect(agreed.status).toBe("mediated")
        })
      ))

    it("petition: registered → accepted by reception → met → concluded, its clocks scheduled and cancelled", () =>
      run(
        Effect.gen(function* () {
          yield* exec(
            "p-1",
            {
              _tag: "Open",
              actor: ref(dispatcher, "dispatcher"),
              kind: "petition",
              id: "p-1",
              category: "petition",
              place: village,
              channel: "walkIn",
              severity: "ordinary",
              track: "simple",
              reporter: { id: resident.id, role: "public" }
            },
            dispatcher
          )
          const accept = (yield* timersOf("p-1")).map((t) => t.id)
          expect(accept.length).toBeGreaterThan(0)
          expect(accept.every((id) => id.startsWith("p-1/accept#1:"))).toBe(true)
          const accepted = yield* exec(
            "p-1",
            { _tag: "Accept", actor: ref(dispatcher, "dispatcher"), to: { unit: "dept.petition" } },
            dispatcher
          )
          expect(accepted.status).toBe("accepted")
          const running = (yield* timersOf("p-1")).map((t) => t.id.split("#")[0])
          expect(new Set(running)).toEqual(new Set(["p-1/meet", "p-1/conclude"]))
          const officer = officerAt("dept.petition")
          yield* exec("p-1", { _tag: "Meet", actor: ref(officer, "departmentOfficer"), note: "当面听取" }, officer)
          const concluded = yield* exec(
            "p-1",
            { _tag: "Conclude", actor: ref(officer, "departmentOfficer"), reply: "书面答复" },
            officer
          )
          expect(concluded.status).toBe("concluded")
          expect(yield* timersOf("p-1")).toEqual([])
          // the reporter was told twice (accepted, concluded), the reception once, the handling unit once
          const raw = yield* Raw
          const rows = yield* Effect.orDie(raw.outbox)
          expect(rows.map((r) => r.dedupeKey).sort()).toEqual([
            "p-1/1/reported/unit:center.reception/webhook",
            "p-1/2/assigned/unit:dept.petition/webhook",
            `p-1/2/replyToReporter/person:${resident.id}/webhook`,
            `p-1/4/replyToReporter/person:${resident.id}/webhook`
          ])
          const reply = Result.getOrThrow(
            Notification.decode(
              rows.find((r) => r.id === `p-1/4/replyToReporter/person:${resident.id}/webhook`)!.payload
            )
          )
          expect(reply).toMatchObject({
            type: "replyToReporter",
            kind: "petition",
            grid: village,
            event: { type: "Concluded", version: 4, at: T0 },
            recipient: { _tag: "Person", id: resident.id, role: "public" },
            data: { reply: "书面答复", unit: "dept.petition" }
          })
        })
      ))

    it("prelitigation: received → triaged simple → assigned by routing → agreement", () =>
      run(
        Effect.gen(function* () {
          yield* exec(
            "l-1",
            {
              _tag: "Open",
              actor: ref(dispatcher, "dispatcher"),
              kind: "prelitigation",
              id: "l-1",
              category: "prelitigation",
              place: village,
              channel: "walkIn",
              severity: "ordinary"
            },
            dispatcher
          )
          const triaged = yield* exec(
            "l-1",
            { _tag: "Triage", actor: ref(dispatcher, "dispatcher"), track: "simple" },
            dispatcher
          )
          expect(triaged.events.map((e) => e.type)).toEqual(["TriagedForMediation", "MediationAssigned"])
          expect(triaged.handler).toEqual({ unit: "center.litigation" })
          const judge = staffAt("judgeAssistant", "center.litigation")
          const agreed = yield* exec(
            "l-1",
            { _tag: "RecordAgreement", actor: ref(judge, "judgeAssistant"), agreement: "调解协议" },
            judge
          )
          expect(agreed.status).toBe("mediated")
        })
      ))

    it("hotline: received → dispatched by routing → signed → handled → replied → return visit → closed", () =>
      run(
        Effect.gen(function* () {
          const r = yield* exec(
            "h-1",
            {
              _tag: "Open",
              actor: ref(dispatcher, "dispatcher"),
              kind: "hotline",
              id: "h-1",
              category: "hotline.help",
              place: block,
              channel: "hotline",
              severity: "ordinary"
            },
            dispatcher
          )
          expect(r.events.map((e) => e.type)).toEqual(["Opened", "Dispatched"])
          expect(r.handler).toEqual({ unit: village, level: 2 })
          const chief = ref(villageChief, "gridChief")
          yield* exec("h-1", { _tag: "Acknowledge", actor: chief }, villageChief)
          yield* exec("h-1", { _tag: "SubmitResult", actor: chief, result: "已帮扶", evidence: [] }, villageChief)
          yield* exec("h-1", { _tag: "Reply", actor: chief, content: "已处理" }, villageChief)
          const closed = yield* exec(
            "h-1",
            { _tag: "ReturnVisit", actor: ref(dispatcher, "dispatcher"), satisfaction: "satisfied" },
            dispatcher
          )
          expect(closed.status).toBe("closed")
          expect((yield* summaryOf("h-1")).state).toBe("closed")
        })
      ))
  })

  describe(`CaseService on ${name}: notifications`, () => {
    it("a dispatch writes a v1 `assigned` notification for the handling unit, keyed by case, version, type, recipient and channel", () =>
      run(
        Effect.gen(function* () {
          yield* exec("n-1", openEvent("n-1", resident, "public"), resident)
          yield* TestClock.adjust(HOUR)
          yield* exec("n-1", { _tag: "Register", actor: ref(dispatcher, "dispatcher") }, dispatcher)
          const raw = yield* Raw
          const rows = yield* Effect.orDie(raw.outbox)
          // Opened tells the dispatchers of the case's grid, Dispatched (routed, in Register's append) the handler
          expect(rows.map((r) => [r.id, r.channel, r.status, r.attempts, r.createdAt])).toEqual([
            [`n-1/1/reported/role:dispatcher@${block}/webhook`, "webhook", "pending", 0, T0],
            [`n-1/3/assigned/unit:${village}/webhook`, "webhook", "pending", 0, T0 + HOUR]
          ])
          expect(rows.every((r) => r.dedupeKey === r.id)).toBe(true)
          const assigned = Result.getOrThrow(Notification.decode(rows[1]!.payload))
          expect(assigned).toEqual({
            v: 1,
            type: "assigned",
            caseId: "n-1",
            kind: "event",
            category: "event.sanitation.garbage",
            grid: block,
            gridPath: Grid.path(city.tree, Grid.id(city.tree, block)!),
            event: { type: "Dispatched", version: 3, at: T0 + HOUR },
            recipient: { _tag: "Unit", unit: village },
            data: { unit: village, summary: "垃圾未清运" }
          })
          expect(assigned.gridPath?.slice(-2)).toEqual([village, block])
          expect(Notification.decode(rows[0]!.payload)).toMatchObject({
            success: { type: "reported", recipient: { _tag: "Role", role: "dispatcher", grid: block } }
          })
          // a retried command writes no row twice; an urge tells the handler, with the note
          yield* exec("n-1", { _tag: "Urge", actor: ref(leader, "leader"), note: "请加快" }, leader, "urge-1")
          yield* exec("n-1", { _tag: "Urge", actor: ref(leader, "leader"), note: "请加快" }, leader, "urge-1")
          const after = yield* Effect.orDie(raw.outbox)
          const urged = after.filter((r) => r.id.startsWith("n-1/4/"))
          expect(urged.map((r) => r.id)).toEqual([`n-1/4/urged/unit:${village}/webhook`])
          expect((urged[0]!.payload as { data: unknown }).data).toEqual({
            note: "请加快",
            unit: village,
            summary: "垃圾未清运"
          })
        })
      ))

    it("one row per configured channel, each with its own delivery state", () =>
      runWith(factory, { ...settings, channels: ["webhook", "email"] })(
        Effect.gen(function* () {
          yield* exec("n-2", openEvent("n-2", worker, "gridWorker"), worker)
          const raw = yield* Raw
          const rows = yield* Effect.orDie(raw.outbox)
          expect(rows.map((r) => r.id)).toEqual([
            `n-2/1/reported/role:dispatcher@${block}/email`,
            `n-2/1/reported/role:dispatcher@${block}/webhook`
          ])
          expect(rows[0]!.payload).toEqual(rows[1]!.payload)
          const outbox = yield* Outbox.Outbox
          const [claimed] = yield* outbox.claim(T0, 1, "d1", 1_000)
          yield* outbox.settle("d1", [{ _tag: "Dead", id: claimed!.id, error: "no address" }])
          const states = (yield* Effect.orDie(raw.outbox)).map((r) => [r.channel, r.status])
          expect(states).toEqual([
            ["email", "dead"],
            ["webhook", "pending"]
          ])
        })
      ))
  })

  describe(`CaseService on ${name}: access, idempotency, conflicts`, () => {
    it("a denial is a typed error and writes nothing; an outsider reads 'not found'", () =>
      run(
        Effect.gen(function* () {
          yield* exec("a-1", openEvent("a-1", resident, "public"), resident)
          const before = yield* history("a-1")
          // a grid chief of another town may not register, nor read
          const denied = yield* failure(
            exec("a-1", { _tag: "Register", actor: ref(otherChief, "gridChief") }, otherChief)
          )
          expect(denied).toMatchObject({ _tag: "AccessDenied", reason: { _tag: "OutsideJurisdiction" } })
          // acting in someone else's name
          const mismatch = yield* failure(
            exec("a-1", { _tag: "Register", actor: ref(dispatcher, "dispatcher") }, townChief)
          )
          expect(mismatch).toMatchObject({ _tag: "AccessDenied", reason: { _tag: "ActorMismatch" } })
          expect(yield* history("a-1")).toEqual(before)
          const s = yield* cases
          const hidden = yield* failure(s.get("a-1", otherChief))
          const missing = yield* failure(s.get("nope", otherChief))
          expect(hidden).toEqual(new CaseService.NotFound({ caseId: "a-1" }))
          expect(missing).toEqual(new CaseService.NotFound({ caseId: "nope" }))
          expect((yield* s.get("a-1", townChief)).history.length).toBe(1)
          expect((yield* s.get("a-1", resident)).state.status).toBe("reported")
          // and search shows the outsider nothing, the town chief the case
          expect((yield* s.search({}, otherChief)).items).toEqual([])
          expect((yield* s.search({ grid: town }, townChief)).items.map((c) => c.streamId)).toEqual(["a-1"])
          expect((yield* s.search({}, resident)).items.map((c) => c.streamId)).toEqual(["a-1"])
          expect((yield* s.search({}, Access.resident("r-other"))).items).toEqual([])
        })
      ))

    it("a repeated idempotency key returns the first receipt and writes nothing, even after the case moved on", () =>
      run(
        Effect.gen(function* () {
          const first = yield* exec("i-1", openEvent("i-1", resident, "public"), resident, "k-1")
          const again = yield* exec("i-1", openEvent("i-1", resident, "public"), resident, "k-1")
          expect(again).toEqual({ ...first, replayed: true })
          yield* exec("i-1", { _tag: "Register", actor: ref(dispatcher, "dispatcher") }, dispatcher, "k-2")
          const late = yield* exec("i-1", openEvent("i-1", resident, "public"), resident, "k-1")
          expect(late.version).toBe(1)
          expect((yield* history("i-1")).length).toBe(3)
          // keys are per actor: another actor's identical key is a new request
          const urge = yield* exec("i-1", { _tag: "Urge", actor: ref(leader, "leader"), note: "请加快" }, leader, "k-2")
          expect(urge.replayed).toBe(false)
        })
      ))

    it("open() makes an id; the receipt names the case", () =>
      run(
        Effect.gen(function* () {
          const s = yield* cases
          const { _tag, id, ...fields } = openEvent("x", worker, "gridWorker") as Extract<
            Case.Command,
            { _tag: "Open" }
          >
          const r = yield* s.open(fields, worker)
          expect(r.caseId).toMatch(/^case-/)
          expect((yield* summaryOf(r.caseId)).state).toBe("reported")
          const wrongId = yield* failure(exec("other", openEvent("x", worker, "gridWorker"), worker))
          expect(wrongId._tag).toBe("InvalidCommand")
        })
      ))
  })

  describe(`CaseService on ${name}: SLA timers and the sweeper`, () => {
    const handling = (id: string) =>
      Effect.gen(function* () {
        yield* exec(id, openEvent(id, worker, "gridWorker"), worker)
        yield* exec(id, { _tag: "Register", actor: ref(dispatcher, "dispatcher") }, dispatcher)
        yield* exec(id, { _tag: "Acknowledge", actor: ref(villageChief, "gridChief") }, villageChief)
      })

    it("timers follow the clocks: scheduled on start, cancelled on pause and stop, rescheduled on resume", () =>
      run(
        Effect.gen(function* () {
          yield* handling("t-1")
          // one row per tier of the running clock (the example handle clock has a target
          // tier only), due at its first warning
          const running = yield* timersOf("t-1")
          expect(running.map((t) => t.id)).toEqual(["t-1/handle#1:target"])
          expect(running.map((t) => t.kind)).toEqual(["SlaWarn"])
          const chief = ref(villageChief, "gridChief")
          yield* exec("t-1", { _tag: "Pause", actor: chief, reason: "other" }, villageChief)
          expect(yield* timersOf("t-1")).toEqual([])
          expect((yield* summaryOf("t-1")).dueAt).toBe(null)
          yield* TestClock.adjust(HOUR)
          yield* exec("t-1", { _tag: "Resume", actor: chief }, villageChief)
          const resumed = yield* timersOf("t-1")
          expect(resumed.length).toBe(running.length)
          expect(resumed.every((t, i) => t.dueAt > running[i]!.dueAt)).toBe(true)
          yield* exec("t-1", { _tag: "SubmitResult", actor: chief, result: "done", evidence: [] }, villageChief)
          // handling stopped; the verify clock (an example default) runs now
          const verify = yield* timersOf("t-1")
          expect(verify.length).toBeGreaterThan(0)
          expect(verify.every((t) => t.id.startsWith("t-1/verify#"))).toBe(true)
        })
      ))

    it("3 sweepers under TestClock fire each warning and the breach once, escalate, and the case is redispatched", () =>
      run(
        Effect.gen(function* () {
          yield* handling("s-1")
          const timers = yield* timersOf("s-1")
          const last = (yield* summaryOf("s-1")).dueAt! + 1
          const fibers = yield* Effect.forEach(["a", "b", "c"], (owner) =>
            Effect.forkChild(SlaSweeper.run({ owner, pollMs: 60_000, batch: 1 }))
          )
          // walk time past the breach in steps; after each, let the sweepers (and the store's real I/O) settle
          const now = () => TestClock.testClockWith((c) => Effect.succeed(c.currentTimeMillisUnsafe()))
          const settle = Effect.gen(function* () {
            let quiet = 0
            let seen = -1
            for (let i = 0; i < 2_000 && quiet < 3; i++) {
              const t = yield* now()
              const due = (yield* timersOf("s-1")).filter((x) => x.dueAt <= t).length
              const length = (yield* history("s-1")).length
              quiet = due === 0 && length === seen ? quiet + 1 : 0
              seen = length
              yield* TestClock.withLive(Effect.sleep(5))
            }
            if (quiet < 3) throw new Error("the sweepers did not settle")
          })
          while ((yield* now()) <= last + 60_000) {
            yield* TestClock.adjust(60_000)
            yield* settle
          }
          yield* Effect.forEach(fibers, Fiber.interrupt)
          const events = types(yield* history("s-1"))
          // the one row of the tier walked through every threshold, then the breach
          expect(timers.map((t) => t.id)).toEqual(["s-1/handle#1:target"])
          expect(events.filter((t) => t === "SlaWarned").length).toBe(thresholds)
          expect(events.filter((t) => t === "SlaBreached").length).toBe(1)
          expect(events.filter((t) => t === "Escalated").length).toBe(1)
          expect(events.slice(-2)).toEqual(["Escalated", "Dispatched"])
          const summary = yield* summaryOf("s-1")
          expect(summary.state).toBe("dispatched")
          expect(summary.unit).toBe(town)
          // the new dispatch starts the sign clock (half a working hour in the example defaults)
          const sign = yield* timersOf("s-1")
          expect(sign.length).toBeGreaterThan(0)
          expect(sign.map((t) => t.id)).toEqual(["s-1/sign#2:target"]) // the second dispatch runs the clock again
          // its row waits for the first warning, before the deadline the summary shows
          expect(sign[0]!.kind).toBe("SlaWarn")
          expect(sign[0]!.dueAt).toBeLessThan(summary.dueAt!)
        })
      ))

    it("after downtime, one sweep fires everything that came due, once", () =>
      run(
        Effect.gen(function* () {
          yield* handling("w-1")
          expect((yield* timersOf("w-1")).length).toBe(1)
          yield* TestClock.adjust(30 * 24 * HOUR)
          const report = yield* SlaSweeper.sweepOnce({ owner: "after-restart", escalate: () => false })
          expect(report).toMatchObject({ claimed: thresholds + 1, warnings: thresholds, breaches: 1, failed: 0 })
          // every timer fired is gone, none left leased: the appends removed them
          expect(yield* timersOf("w-1")).toEqual([])
          const again = yield* SlaSweeper.sweepOnce({ owner: "second" })
          expect(again.claimed).toBe(0)
          const events = types(yield* history("w-1"))
          expect(events.filter((t) => t === "SlaWarned").length).toBe(thresholds)
          // in order: the warnings, then the breach
          expect(events.filter((t) => t === "SlaWarned" || t === "SlaBreached")).toEqual([
            ...settings.sla.warnings.map(() => "SlaWarned"),
            "SlaBreached"
          ])
          expect(events.filter((t) => t === "SlaBreached").length).toBe(1)
          const s = yield* cases
          const overdue = yield* s.overdue(villageChief)
          expect(overdue.items.map((c) => c.streamId)).toEqual(["w-1"])
          expect((yield* s.overdue(otherChief)).items).toEqual([])
        })
      ))
  })

  describe(`CaseService on ${name}: scoped queries and ranks`, () => {
    it("a unit, a resident and a grid chief get full pages of exactly their cases, filtered by the store", () =>
      run(
        Effect.gen(function* () {
          const s = yield* cases
          const other = Access.resident("r-other")
          // 12 reports: every third by our resident, the rest by someone else; in two towns
          for (let i = 0; i < 12; i++) {
            const by = i % 3 === 0 ? resident : other
            const place = i % 2 === 0 ? block : otherTown
            yield* exec(
              `sc-${String(i).padStart(2, "0")}`,
              openEvent(`sc-${String(i).padStart(2, "0")}`, by, "public", place),
              by
            )
            yield* TestClock.adjust(1_000)
          }
          // the center refers four of them to the water department
          for (const i of [1, 4, 7, 10]) {
            const id = `sc-${String(i).padStart(2, "0")}`
            yield* exec(id, { _tag: "Register", actor: ref(dispatcher, "dispatcher") }, dispatcher)
          }
          const pages = (actor: Access.Actor, search: CaseService.Search = {}) =>
            Effect.gen(function* () {
              const seen: Array<string> = []
              let after: CaseStore.Cursor | undefined
              for (let guard = 0; guard < 50; guard++) {
                const page = yield* s.search({ ...search, limit: 2, after }, actor)
                if (page.next !== undefined) expect(page.items.length).toBe(2)
                seen.push(...page.items.map((c) => c.streamId))
                if (page.next === undefined) return seen
                after = page.next
              }
              return seen
            })
          expect(yield* pages(resident)).toEqual(["sc-00", "sc-03", "sc-06", "sc-09"])
          expect(yield* pages(Access.resident("r-nobody"))).toEqual([])
          // the village holds the registered cases in its grid: its chief sees the cases at `block` (rank in subtree)
          const inVillage = yield* pages(villageChief)
          expect(inVillage).toEqual(["sc-00", "sc-02", "sc-04", "sc-06", "sc-08", "sc-10"])
          expect(yield* pages(otherChief)).toEqual(["sc-01", "sc-03", "sc-05", "sc-07", "sc-09", "sc-11"])
          // a unit sees the cases it holds or held: three pre-litigation cases triaged to the court's desk
          for (const i of [0, 1, 2]) {
            const id = `pl-${i}`
            yield* exec(
              id,
              {
                _tag: "Open",
                actor: ref(dispatcher, "dispatcher"),
                kind: "prelitigation",
                id,
                category: "prelitigation",
                place: i === 1 ? otherTown : village,
                channel: "walkIn",
                severity: "ordinary"
              },
              dispatcher
            )
            if (i < 2)
              yield* exec(id, { _tag: "Triage", actor: ref(dispatcher, "dispatcher"), track: "simple" }, dispatcher)
          }
          const judge = staffAt("judgeAssistant", "center.litigation")
          expect(yield* pages(judge)).toEqual(["pl-0", "pl-1"])
          expect((yield* summaryOf("pl-1")).held).toEqual(["center.litigation"])
          // a subtree search is Grid.interval of the grid against each case's rank
          const cityCases = yield* pages(dispatcher)
          for (const code of [town, village, block, otherTown]) {
            const expected = []
            for (const id of cityCases)
              if (Grid.containsCode(city.tree, code, (yield* summaryOf(id)).gridCode)) expected.push(id)
            expect(yield* pages(dispatcher, { grid: code })).toEqual(expected)
          }
        })
      ))

    it("after a tree change, rerank with CaseStore.ranks(tree) moves the summaries to the new pre-order ranks", () =>
      run(
        Effect.gen(function* () {
          yield* exec("rk-1", openEvent("rk-1", resident, "public", otherTown), resident)
          yield* exec("rk-2", openEvent("rk-2", resident, "public", block), resident)
          const before = yield* summaryOf("rk-1")
          const unmoved = yield* summaryOf("rk-2")
          const id = Grid.id(city.tree, otherTown)!
          expect(before.gridPre).toBe(Grid.interval(city.tree, id).pre)
          expect(before.gridPost).toBe(Grid.interval(city.tree, id).post)
          // a new village in an earlier town shifts the pre-order numbers of every grid after it
          const next = Result.getOrThrow(
            GridChange.apply(city.tree, {
              _tag: "Add",
              record: { code: "620981101299", parent: town, kind: "village", name: { zh: "新村", en: "New Village" } }
            })
          )
          const moved = Grid.interval(next, Grid.id(next, otherTown)!)
          expect(moved.pre).toBe(before.gridPre + 1)
          const store = yield* CaseStore.CaseStore
          const ids = (grid: { pre: number; post: number }) =>
            Effect.map(store.search({ grid }), (p) => p.items.map((c) => c.streamId))
          expect(yield* ids(moved)).toEqual([])
          expect(yield* store.rerank(CaseStore.ranks(next))).toBe(1)
          expect(yield* ids(moved)).toEqual(["rk-1"])
          const raw = yield* Raw
          const rows = yield* Effect.orDie(raw.summaries)
          expect(rows.map((r) => [r.streamId, r.gridPre, r.gridPost])).toEqual([
            ["rk-1", moved.pre, moved.post],
            ["rk-2", unmoved.gridPre, unmoved.gridPost]
          ])
        })
      ))
  })

  describe(`CaseService on ${name}: work lists and search`, () => {
    it("to-do by person and unit, due soon, and search by subtree, kind, category and period with paging", () =>
      run(
        Effect.gen(function* () {
          for (let i = 0; i < 5; i++) {
            yield* exec(`q-${i}`, openEvent(`q-${i}`, worker, "gridWorker"), worker)
            yield* exec(`q-${i}`, { _tag: "Register", actor: ref(dispatcher, "dispatcher") }, dispatcher)
            yield* TestClock.adjust(1_000)
          }
          yield* exec("q-0", { _tag: "Acknowledge", actor: ref(villageChief, "gridChief") }, villageChief)
          const s = yield* cases
          // the village chief's to-do: the five cases dispatched to the village (one acknowledged by them)
          const todo = yield* s.todo(villageChief)
          expect(todo.items.map((c) => c.streamId)).toEqual(["q-0", "q-1", "q-2", "q-3", "q-4"])
          const mine = yield* s.todo(villageChief, { limit: 2 })
          const rest = yield* s.todo(villageChief, { limit: 10, after: mine.next })
          expect([...mine.items, ...rest.items].map((c) => c.streamId)).toEqual(["q-0", "q-1", "q-2", "q-3", "q-4"])
          expect((yield* s.todo(otherChief)).items).toEqual([])
          // q-1…q-4 wait to be signed for (half a working hour each), q-0 is being handled (2 working hours)
          const soon = yield* s.dueSoon(villageChief, 30 * 24 * HOUR)
          expect(soon.items.map((c) => c.streamId)).toEqual(["q-1", "q-2", "q-3", "q-4", "q-0"])
          expect((yield* s.dueSoon(villageChief, 1_000)).items).toEqual([])
          // search: subtree and category, a period, paging
          const page1 = yield* s.search({ grid: village, category: "event.sanitation", limit: 3 }, dispatcher)
          const page2 = yield* s.search(
            { grid: village, category: "event.sanitation", limit: 3, after: page1.next },
            dispatcher
          )
          expect([...page1.items, ...page2.items].map((c) => c.streamId)).toEqual(["q-0", "q-1", "q-2", "q-3", "q-4"])
          expect(page2.next).toBe(undefined)
          const period = yield* s.search({ createdFrom: T0 + 1_000, createdTo: T0 + 3_000 }, dispatcher)
          expect(period.items.map((c) => c.streamId)).toEqual(["q-1", "q-2"])
          expect((yield* s.search({ grid: otherTown }, dispatcher)).items).toEqual([])
          expect((yield* s.search({ kinds: ["dispute"] }, dispatcher)).items).toEqual([])
        })
      ))
  })
}
