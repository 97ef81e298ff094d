/**
 * What `check:consumer` runs with vitest out of reach (a project that never installed
 * it: `check:consumer` makes the package unresolvable for this run): the test kit's
 * main entry loads, and its fixture and in-memory store work — a test of a host app
 * in another runner, or a demo, uses them so.
 */
import assert from "node:assert/strict"
import { CalendarCn } from "@gridgov/calendar-cn"
import { Access, CaseService, Routing, Sla } from "@gridgov/core"
import { Memory, Yumen } from "@gridgov/testing"
import { Effect, Layer, Result } from "effect"

const city = Yumen.make()
assert.equal(city.tree.records.filter((r) => r.kind !== "exclusive").length > 500, true)

const layer = CaseService.layer.pipe(
  Layer.provide(
    CaseService.layerConfig({
      tree: city.tree,
      calendar: CalendarCn.calendar(),
      sla: Result.getOrThrow(Sla.make(Yumen.sla)),
      router: Result.getOrThrow(Routing.compile(Yumen.routing)),
      directory: city.directory
    })
  ),
  Layer.provide(Memory.layer)
)
const receipt = await Effect.runPromise(
  Effect.gen(function* () {
    const cases = yield* CaseService.CaseService
    return yield* cases.open(
      { kind: "event", category: "event.sanitation.garbage", place: "620981101201001" },
      Access.resident("r-1")
    )
  }).pipe(Effect.provide(layer))
)
assert.equal(receipt.status, "reported")
console.log(
  `consumer: @gridgov/testing without vitest: Yumen (${city.tree.records.length} grids), a case ${receipt.status} in memory`
)
