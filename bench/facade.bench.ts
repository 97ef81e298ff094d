/**
 * The Promise facade's cost: the same five-command lifecycle (a resident's report, the
 * dispatcher's registration — routing dispatches it in the same append —, the grid
 * chief's sign-off and result, the dispatcher's verification) on the in-memory store
 * of the Yumen fixture, through `@gridgov/embed` and through `CaseService`, in the same
 * run.
 *
 * The baseline is a host that calls `CaseService` itself: one `runPromise` of
 * `execute` (or `open`) per command, with each person's actor resolved per command
 * (`CaseService.actor`), as a request handler would. It runs on the facade's own
 * runtime (what `Embed.start` builds, reached through the package's internals): the
 * same store, the same services, the same instances of their code, so that the ratio
 * is what the facade's own code adds — decoding its arguments, turning the receipt or
 * error into an outcome — and nothing else (two runtimes of the same layers, used in
 * turn, differ by a few percent for reasons of their own). A third row runs the
 * baseline's own function again: how far apart two identical rows come out in this
 * run (the noise of the measure).
 *
 * Cost is the process's CPU time per command (`compareCpu`: 120 rounds of a sample
 * of twenty lifecycles per case, in balanced orders, the ratio paired per round): the
 * machines this runs on are shared, and wall time there mostly measures the wait for
 * a core; the wall time is printed beside it. Goal: the facade adds < 10% to a
 * command's CPU time. One run's figure moves by a few percent with the machine's
 * load: judge the median of several runs.
 */

import { CalendarCn } from "@gridgov/calendar-cn"
import { Access, type Case, CaseService, Routing, Sla } from "@gridgov/core"
import type { Embed } from "@gridgov/embed"
import { Yumen } from "@gridgov/testing"
import { Effect, type ManagedRuntime, Result } from "effect"
import * as facade from "../packages/embed/src/internal/facade.js"
import { compareCpu, goal } from "./harness.js"

const city = Yumen.make()
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
const village = "620981101201"
const block = city.tree.records.find((r) => r.parent === village && r.kind !== "exclusive")!.code
const personAt = (role: string, at: object) =>
  city.staff.posts.find(
    (p) =>
      p.role === role &&
      JSON.stringify(p.at) === JSON.stringify(at) &&
      p.validFrom <= today &&
      (p.validTo === undefined || p.validTo >= today)
  )!.person
const dispatcher = personAt("dispatcher", { unit: "center.grid" })
const chief = personAt("gridChief", { grid: village })

const settings: CaseService.Settings = {
  tree: city.tree,
  calendar: CalendarCn.calendar(),
  sla: Result.getOrThrow(Sla.make(Yumen.sla)),
  router: Result.getOrThrow(Routing.compile(Yumen.routing)),
  channels: []
}

const perCase = 5
const casesPerSample = 4
let seq = 0

const report = { kind: "event", category: "event.sanitation.garbage", place: block } as const

/** Through `CaseService`, one promise per command, the actor resolved per command. */
const viaService = (runtime: ManagedRuntime.ManagedRuntime<CaseService.CaseService, never>) => {
  const run = <A>(f: (cases: CaseService.CaseService["Service"]) => Effect.Effect<A, unknown>) =>
    runtime.runPromise(Effect.flatMap(Effect.service(CaseService.CaseService), f))
  const as =
    (person: string, role: Case.ActorRef["role"], command: (ref: Case.ActorRef) => Case.Command) => (id: string) =>
      run((cases) =>
        Effect.flatMap(cases.actor(person), (actor) => cases.execute(id, command({ id: person, role }), actor))
      )
  const register = as(dispatcher, "dispatcher", (actor) => ({ _tag: "Register", actor }))
  const acknowledge = as(chief, "gridChief", (actor) => ({ _tag: "Acknowledge", actor }))
  const submit = as(chief, "gridChief", (actor) => ({
    _tag: "SubmitResult",
    actor,
    result: "已清运",
    evidence: ["p1"]
  }))
  const verify = as(dispatcher, "dispatcher", (actor) => ({ _tag: "Verify", actor, passed: true }))
  return async () => {
    for (let i = 0; i < casesPerSample; i++) {
      const resident = `r-${++seq}`
      const opened = await run((cases) =>
        cases.open(
          { ...report, actor: { id: resident, role: "public" }, channel: "public", severity: "ordinary" },
          Access.resident(resident)
        )
      )
      await register(opened.caseId)
      await acknowledge(opened.caseId)
      await submit(opened.caseId)
      const closed = await verify(opened.caseId)
      if (closed.status !== "closed") throw new Error(`expected closed, got ${closed.status}`)
    }
  }
}

/** Through the facade. */
const viaFacade = (gridgov: Embed.Gridgov) => {
  const d = gridgov.as({ person: dispatcher })
  const c = gridgov.as({ person: chief })
  const ok = <A>(outcome: Embed.Outcome<A, { readonly message: string }>): A => {
    if (!outcome.ok) throw new Error(outcome.error.message)
    return outcome.value
  }
  return async () => {
    for (let i = 0; i < casesPerSample; i++) {
      const opened = ok(await gridgov.as({ resident: `r-${++seq}` }).report(report))
      ok(await d.command(opened.caseId, { _tag: "Register" }))
      ok(await c.command(opened.caseId, { _tag: "Acknowledge" }))
      ok(await c.command(opened.caseId, { _tag: "SubmitResult", result: "已清运", evidence: ["p1"] }))
      const closed = ok(await d.command(opened.caseId, { _tag: "Verify", passed: true }))
      if (closed.status !== "closed") throw new Error(`expected closed, got ${closed.status}`)
    }
  }
}

export default async () => {
  const { runtime, context } = await facade.build({
    store: "memory",
    city: { ...settings, directory: city.directory },
    sweep: false
  })
  const gridgov = facade.facade(runtime, context)
  const service = runtime as unknown as ManagedRuntime.ManagedRuntime<CaseService.CaseService, never>
  const baseline = viaService(service)
  try {
    const rows = await compareCpu(
      "the same 5-command lifecycles on the in-memory store: time per command",
      [
        {
          name: "CaseService, a runPromise per command (baseline)",
          ops: perCase * casesPerSample,
          fn: baseline
        },
        { name: "Embed (the Promise facade)", ops: perCase * casesPerSample, fn: viaFacade(gridgov) },
        {
          name: "CaseService again (A/A: this run's noise)",
          ops: perCase * casesPerSample,
          fn: baseline
        }
      ],
      { samples: 120, calls: 5 }
    )
    const overhead = rows[1]!.ratio - 1
    goal(
      "the facade adds < 10% to a command's cost (in-memory store)",
      overhead < 0.1,
      `${(overhead * 100).toFixed(1)}% more CPU time per command than CaseService; the same service again: ${((rows[2]!.ratio - 1) * 100).toFixed(1)}%`
    )
  } finally {
    await gridgov.close()
  }
}
