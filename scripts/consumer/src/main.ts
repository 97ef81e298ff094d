/**
 * What `check:consumer` compiles and runs in a fresh npm project outside the
 * workspace, against the packed tarballs: a small city of its own (no fixture), a
 * case opened by a grid worker, registered and routed by the center, its deadline on
 * China's working-day calendar, persisted in SQLite, then read back over a new
 * connection and checked against what the pure rules say.
 */
import assert from "node:assert/strict"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { CalendarCn } from "@gridgov/calendar-cn"
import { Access, Audit, Calendar, CaseService, Grid, Routing, Staff } from "@gridgov/core"
// Every public module is also its own entry point.
import * as Sla from "@gridgov/core/Sla"
import { SqliteStore } from "@gridgov/storage-sqlite"
import { Effect, Layer, Option, Result } from "effect"

const name = (zh: string, en: string) => ({ zh, en })

// The city: four levels, from the city down to a villager group.
const tree = Result.getOrThrow(
  Grid.build([
    { code: "620981", parent: null, kind: "city", name: name("玉门市", "Yumen") },
    { code: "620981101", parent: "620981", kind: "town", name: name("玉门镇", "Yumen Town") },
    { code: "620981101201", parent: "620981101", kind: "village", name: name("东渠村", "Dongqu Village") },
    { code: "620981101201001", parent: "620981101201", kind: "group", name: name("东渠村1组", "Dongqu Group 1") }
  ])
)

// Who works there: a grid worker in the group, a dispatcher at the grid management center.
const directory = Result.getOrThrow(
  Staff.directory(
    {
      people: [
        { id: "w-1", name: "网格员 1" },
        { id: "d-1", name: "调度员 1" }
      ],
      units: [
        { id: "center", type: "center", name: name("社会治理综合服务中心", "Service Center"), takes: [] },
        {
          id: "center.grid",
          type: "subCenter",
          name: name("综治中心", "Grid Management Center"),
          parent: "center",
          takes: []
        }
      ],
      posts: [
        { person: "w-1", role: "gridWorker", at: { grid: "620981101201001" }, validFrom: "2020-01-01" },
        { person: "d-1", role: "dispatcher", at: { unit: "center.grid" }, validFrom: "2020-01-01" }
      ]
    },
    tree
  )
)

// Routing as data: sanitation events go to the village (level 2); anything else to the center.
const router = Result.getOrThrow(
  Routing.compile({
    rules: [{ id: "sanitation.village", kind: "event", category: "event.sanitation", target: { level: 2 } }],
    backstop: "center.grid",
    ladder: {
      center: {
        event: "center.grid",
        dispute: "center.mediation",
        petition: "center.reception",
        prelitigation: "center.litigation",
        hotline: "center.grid"
      },
      top: { event: "owner", dispute: "owner", petition: "owner", prelitigation: "owner", hotline: "owner" },
      ownerFallback: "dept.urban-management"
    },
    owners: [],
    committees: [],
    jointCommittee: "committee.joint"
  })
)

// Deadlines: the handling unit signs for a dispatched event within one working day.
const signWithin: Sla.Limit = { amount: 1, unit: "workingDays" }
const sla = Result.getOrThrow(Sla.make([{ kind: "event", clock: "sign", target: { limit: signWithin } }]))

// China's working-day calendar, with the years past the published notices by rule.
const calendar = Result.getOrThrow(CalendarCn.make({ provisional: { through: Math.max(...CalendarCn.ruleYears) } }))

const settings: CaseService.Settings = { tree, directory, calendar, sla, router }
const dir = mkdtempSync(join(tmpdir(), "gridgov-consumer-"))
const live = (filename: string) =>
  CaseService.layer.pipe(
    Layer.provide(CaseService.layerConfig(settings)),
    Layer.provide(SqliteStore.layer({ filename }))
  )
const filename = join(dir, "gridgov.db")

try {
  // 1. Open a case and register it: registration routes it and dispatches it at once.
  const written = await Effect.runPromise(
    Effect.gen(function* () {
      const cases = yield* CaseService.CaseService
      const worker = yield* cases.actor("w-1")
      const dispatcher = yield* cases.actor("d-1")
      const opened = yield* cases.open(
        {
          actor: { id: "w-1", role: "gridWorker" },
          kind: "event",
          category: "event.sanitation.garbage",
          place: "620981101201001",
          channel: "app",
          severity: "minor",
          summary: "垃圾堆放在村口"
        },
        worker,
        { idempotencyKey: "w-1/1" }
      )
      const registered = yield* cases.execute(
        opened.caseId,
        { _tag: "Register", actor: { id: "d-1", role: "dispatcher" } },
        dispatcher
      )
      return { opened, registered }
    }).pipe(Effect.provide(live(filename)))
  )
  assert.equal(written.opened.status, "reported")
  assert.equal(written.registered.status, "dispatched")

  // 2. Read it back through a new connection to the same file.
  const view = await Effect.runPromise(
    Effect.gen(function* () {
      const cases = yield* CaseService.CaseService
      return yield* cases.get(written.opened.caseId, Access.system())
    }).pipe(Effect.provide(live(filename)))
  )
  const summary = Option.getOrThrow(view.summary)
  assert.deepEqual(
    view.history.map((e) => e.type),
    ["Opened", "Registered", "Dispatched"]
  )
  assert.equal(view.state.status, "dispatched")
  assert.equal(summary.category, "event.sanitation.garbage")
  assert.equal(summary.gridCode, "620981101201001")
  assert.ok(Result.isSuccess(Audit.verify(view.history)), "the stored hash chain verifies")

  // 3. The route is the one the rules give for this case.
  const expected = Routing.route(
    router,
    Result.getOrThrow(Routing.inputOf(view.state, Grid.path(tree, Grid.id(tree, summary.gridCode)!)))
  )
  assert.deepEqual(expected.target, { _tag: "Grid", level: 2, grid: "620981101201" })
  assert.equal(expected.rule, "sanitation.village")
  assert.equal(summary.unit, "620981101201")

  // 4. The deadline is one working day after the dispatch, on the calendar.
  const dispatchedAt = view.history[2]!.at
  const due = Result.getOrThrow(Sla.deadline(calendar, dispatchedAt, signWithin))
  assert.equal(summary.dueAt, due)
  assert.ok(due > dispatchedAt)

  console.log(
    `consumer: case ${view.state.id} ${view.state.status} to ${summary.unit} (rule ${expected.rule}), ` +
      `sign by ${Result.getOrThrow(Calendar.format(calendar, due, { endOfDay: true }))}, ${view.history.length} events in SQLite, chain verified`
  )
} finally {
  rmSync(dir, { recursive: true, force: true })
}
