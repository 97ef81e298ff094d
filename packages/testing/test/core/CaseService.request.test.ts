/**
 * What a caller may leave to the case service (`CaseService.open`, `execute`,
 * `preview`, `dueSoon`): a new case's place given as a point, its channel and
 * severity, the role an actor with several posts acts in, where a case would be
 * routed, and the due-soon window. These rules were the HTTP adapter's; a host with
 * another transport gets them from the service.
 */
import { Access, CaseService, Grid, Routing } from "@gridgov/core"
import { Clock, Effect } from "effect"
import { TestClock } from "effect/testing"
import { describe, expect, it } from "vitest"
import { actorAt, blocks, city, failure, parentOf, run, settings } from "./services.js"

const block = blocks[0]!
const otherBlock = blocks.find((b) => parentOf(parentOf(b)) !== parentOf(parentOf(block)))!
const worker = actorAt("gridWorker", { grid: block })
const dispatcher = actorAt("dispatcher", { unit: "center.grid" })
const leader = actorAt("leader", { grid: "620981" })

/** The middle of a grid's bounding box: inside it for the fixture's rectangles. */
const centre = (code: string) => {
  const r = Grid.record(city.tree, Grid.id(city.tree, code)!)
  const ring = (r.boundary as unknown as { coordinates: Array<Array<[number, number]>> }).coordinates[0]!
  const xs = ring.map((p) => p[0])
  const ys = ring.map((p) => p[1])
  return { long: (Math.min(...xs) + Math.max(...xs)) / 2, lat: (Math.min(...ys) + Math.max(...ys)) / 2 }
}

const cases = Effect.service(CaseService.CaseService)

/** What the case's first event recorded: its place, channel, severity and the role it was opened in. */
const opened = (caseId: string) =>
  Effect.gen(function* () {
    const view = yield* (yield* cases).get(caseId, leader)
    const first = view.history[0]!
    const payload = first.payload as { place: string; channel: string; severity: string; post: Access.Post }
    return { place: payload.place, channel: payload.channel, severity: payload.severity, role: payload.post.role }
  })

/** Both posts of a person who is a leader of the city and a grid worker in the block, leader first. */
const twoHats: Access.Actor = { id: worker.id, posts: [...leader.posts, ...worker.posts] }

describe("CaseService.open: what a report may leave out", () => {
  it("a point is placed in the grid it lies in; a grid code wins over a point", () =>
    run(
      Effect.gen(function* () {
        const s = yield* cases
        const atPoint = yield* s.open(
          { kind: "event", category: "event.sanitation.garbage", point: centre(block) },
          worker
        )
        expect((yield* opened(atPoint.caseId)).place).toBe(block)
        const both = yield* s.open(
          { kind: "event", category: "event.sanitation.garbage", place: otherBlock, point: centre(block) },
          dispatcher
        )
        expect((yield* opened(both.caseId)).place).toBe(otherBlock)
      })
    ))

  it("a point outside every grid, or no place at all, is InvalidCommand and opens nothing", () =>
    run(
      Effect.gen(function* () {
        const s = yield* cases
        const outside = yield* failure(
          s.open({ kind: "event", category: "event.sanitation.garbage", point: { long: 0, lat: 0 } }, worker)
        )
        expect(outside).toMatchObject({
          _tag: "InvalidCommand",
          message: expect.stringContaining("not inside any grid")
        })
        const nowhere = yield* failure(s.open({ kind: "event", category: "event.sanitation.garbage" }, worker))
        expect(nowhere).toMatchObject({ _tag: "InvalidCommand", message: expect.stringContaining("Give the place") })
        expect((yield* s.search({}, leader)).items).toEqual([])
      })
    ))

  it("a resident reports on the public channel, staff on the app, both at ordinary severity unless they say", () =>
    run(
      Effect.gen(function* () {
        const s = yield* cases
        const resident = Access.resident("r-1")
        const theirs = yield* s.open({ kind: "event", category: "event.sanitation.garbage", place: block }, resident)
        expect(yield* opened(theirs.caseId)).toEqual({
          place: block,
          channel: "public",
          severity: "ordinary",
          role: "public"
        })
        const staff = yield* s.open(
          { kind: "event", category: "event.sanitation.garbage", place: block, severity: "major" },
          worker
        )
        expect(yield* opened(staff.caseId)).toEqual({
          place: block,
          channel: "app",
          severity: "major",
          role: "gridWorker"
        })
        // what the public may not choose is still refused: Access judges the defaults' result
        const loud = yield* failure(
          s.open({ kind: "event", category: "event.sanitation.garbage", place: block, severity: "major" }, resident)
        )
        expect(loud).toMatchObject({ _tag: "AccessDenied", reason: { _tag: "PublicReport" } })
      })
    ))

  it("an actor with several roles reports in the first that may open the case, or in the one they name", () =>
    run(
      Effect.gen(function* () {
        const s = yield* cases
        // a leader may not open an event; the same person as the block's grid worker may
        const picked = yield* s.open({ kind: "event", category: "event.sanitation.garbage", place: block }, twoHats)
        expect((yield* opened(picked.caseId)).role).toBe("gridWorker")
        const named = yield* failure(
          s.open(
            {
              kind: "event",
              category: "event.sanitation.garbage",
              place: block,
              actor: { id: twoHats.id, role: "leader" }
            },
            twoHats
          )
        )
        expect(named).toMatchObject({ _tag: "AccessDenied", reason: { _tag: "RoleNotAllowed" } })
      })
    ))
})

describe("CaseService.execute: a command without its actor", () => {
  const report = Effect.flatMap(cases, (s) =>
    s.open({ kind: "event", category: "event.sanitation.garbage", place: block }, worker)
  )

  it("is issued in the actor's only role", () =>
    run(
      Effect.gen(function* () {
        const s = yield* cases
        const { caseId } = yield* report
        const registered = yield* s.execute(caseId, { _tag: "Register" }, dispatcher)
        expect(registered.events[0]!.type).toBe("Registered")
      })
    ))

  it("is issued in the first of several roles that may issue it on the case as it is", () =>
    run(
      Effect.gen(function* () {
        const s = yield* cases
        const { caseId } = yield* report
        // a grid worker of the block who is also the center's dispatcher: only the dispatcher registers
        const both: Access.Actor = { id: dispatcher.id, posts: [...worker.posts, ...dispatcher.posts] }
        const registered = yield* s.execute(caseId, { _tag: "Register" }, both)
        expect(registered.events[0]!.type).toBe("Registered")
        const view = yield* s.get(caseId, leader)
        const registering = view.history.find((e) => e.type === "Registered")!
        expect(registering.actor.id).toBe(dispatcher.id)
        expect(registering.payload).toMatchObject({ post: { role: "dispatcher" } })
      })
    ))

  it("keeps the role a command names, and its refusal", () =>
    run(
      Effect.gen(function* () {
        const s = yield* cases
        const { caseId } = yield* report
        const both: Access.Actor = { id: dispatcher.id, posts: [...worker.posts, ...dispatcher.posts] }
        const refused = yield* failure(
          s.execute(caseId, { _tag: "Register", actor: { id: dispatcher.id, role: "gridWorker" } }, both)
        )
        expect(refused._tag).toBe("AccessDenied")
      })
    ))

  it("from an actor who may not read the case is refused as their first role would be", () =>
    run(
      Effect.gen(function* () {
        const s = yield* cases
        const { caseId } = yield* report
        const outsider = actorAt("gridWorker", { grid: otherBlock })
        const chief = actorAt("gridChief", { grid: parentOf(otherBlock) })
        const both: Access.Actor = { id: outsider.id, posts: [...outsider.posts, ...chief.posts] }
        const refused = yield* failure(s.execute(caseId, { _tag: "Register" }, both))
        expect(refused).toMatchObject({ _tag: "AccessDenied", reason: { _tag: "OutsideJurisdiction" } })
      })
    ))

  it("refused on a case the actor may not see, conceals the case (Access.conceals); a refused Open does not", () =>
    run(
      Effect.gen(function* () {
        const s = yield* cases
        const { caseId } = yield* report
        const outsider = actorAt("gridChief", { grid: parentOf(otherBlock) })
        const outside = yield* failure(s.execute(caseId, { _tag: "Register" }, outsider))
        expect(outside._tag === "AccessDenied" && Access.conceals(outside)).toBe(true)
        // a resident urging a case they did not report
        const stranger = yield* failure(s.execute(caseId, { _tag: "Urge", note: "well?" }, Access.resident("r-9")))
        expect(stranger._tag === "AccessDenied" && Access.conceals(stranger)).toBe(true)
        // a dispatcher sees the case: a refusal of their role is told as it is
        const early = yield* failure(s.execute(caseId, { _tag: "Acknowledge" }, dispatcher))
        expect(early).toMatchObject({ _tag: "AccessDenied", reason: { _tag: "RoleNotAllowed" } })
        expect(early._tag === "AccessDenied" && Access.conceals(early)).toBe(false)
        // outside the actor's jurisdiction, an Open is about the place
        const away = yield* failure(
          s.open({ kind: "event", category: "event.sanitation.garbage", place: otherBlock }, worker)
        )
        expect(away).toMatchObject({ _tag: "AccessDenied", reason: { _tag: "OutsideJurisdiction" } })
        expect(away._tag === "AccessDenied" && Access.conceals(away)).toBe(false)
      })
    ))

  it("binds its idempotency key to the command as given, not to the role picked", () =>
    run(
      Effect.gen(function* () {
        const s = yield* cases
        const { caseId } = yield* report
        const both: Access.Actor = { id: dispatcher.id, posts: [...worker.posts, ...dispatcher.posts] }
        const first = yield* s.execute(caseId, { _tag: "Register" }, both, { idempotencyKey: "k-1" })
        // the case has moved on: a role picked now would differ, the replay does not
        const again = yield* s.execute(caseId, { _tag: "Register" }, both, { idempotencyKey: "k-1" })
        expect(again).toEqual({ ...first, replayed: true })
      })
    ))
})

describe("CaseService.preview and dueSoon's window", () => {
  it("explains where a case would be routed, as Routing does on the place's path", () =>
    run(
      Effect.gen(function* () {
        const s = yield* cases
        const input = { kind: "dispute", category: "dispute.water", place: block, severity: "major" } as const
        const explanation = yield* s.preview(input)
        expect(explanation).toEqual(
          Routing.explain(settings.router, {
            kind: "dispute",
            category: "dispute.water",
            severity: "major",
            place: Grid.path(city.tree, Grid.id(city.tree, block)!)
          })
        )
        expect(yield* failure(s.preview({ ...input, place: "NOPE" }))).toEqual(
          new Access.GridNotFound({ grid: "NOPE" })
        )
      })
    ))

  it("due soon means within a day unless the caller says", () =>
    run(
      Effect.gen(function* () {
        const s = yield* cases
        const { caseId } = yield* Effect.flatMap(cases, (c) =>
          c.open({ kind: "event", category: "event.sanitation.garbage", place: block }, worker)
        )
        const chief = actorAt("gridChief", { grid: parentOf(block) })
        const view = yield* s.get(caseId, leader)
        const due = view.summary._tag === "Some" ? view.summary.value.dueAt! : Number.NaN
        const ids = (page: { items: ReadonlyArray<{ streamId: string }> }) => page.items.map((i) => i.streamId)
        expect(due).toBeGreaterThan(yield* Clock.currentTimeMillis)
        // a day and a minute before the deadline it is not due soon, unless the window is wider
        yield* TestClock.setTime(due - 86_400_000 - 60_000)
        expect(ids(yield* s.dueSoon(chief))).toEqual([])
        expect(ids(yield* s.dueSoon(chief, 86_400_000 + 120_000))).toEqual([caseId])
        // a minute later than a day before, it is
        yield* TestClock.adjust(120_000)
        expect(ids(yield* s.dueSoon(chief))).toEqual([caseId])
      })
    ))
})
