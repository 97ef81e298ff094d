/**
 * The work-list tests of the service suite (`ServiceSuite.suite`), on every store: a
 * case handed back (returned, transferred, escalated) leaves the unit's
 * to-do list for the dispatcher's, and the unit's next command is `NotHandler`; and,
 * over random walks of commands by the Yumen fixture's people, every actor's to-do
 * list equals a recomputation from the case states (the rule in
 * docs/explanation/case-service.md, written here independently of the service).
 */
import { Access, Case, CaseMachine, CaseService, CaseStore, Notification, Outbox, Staff } from "@gridgov/core"
import { Effect, Layer, Result, type Scope } from "effect"
import { TestClock } from "effect/testing"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Commands from "../Commands.js"
import type * as Conformance from "../Conformance.js"
import { city } from "./serviceWorld.js"

const context: Access.Context = { tree: city.tree }
/** Monday 2025-03-03 09:00 in Yumen. */
const T0 = Date.UTC(2025, 2, 3, 1, 0)
const date = "2025-03-03"
const HOUR = 3_600_000

const personAt = (role: Staff.Role, at: Staff.Place): string => {
  const key = JSON.stringify(at)
  const post = city.staff.posts.find((p) => p.role === role && JSON.stringify(p.at) === key && Staff.validOn(p, date))
  if (post === undefined) throw new Error(`no ${role} at ${key}`)
  return post.person
}
const actorOf = (person: string): Access.Actor => Access.actor(city.directory, person, date)
const ref = (actor: Access.Actor, role: Staff.Role): Case.ActorRef => ({ id: actor.id, role })

const town = "620981101"
const village = "620981101201"
const block = city.tree.records.find((r) => r.parent === village && r.kind !== "exclusive")!.code
const otherVillage = city.tree.records.find((r) => r.parent === town && r.kind === "village" && r.code !== village)!
const otherBlock = city.tree.records.find((r) => r.parent === otherVillage.code && r.kind !== "exclusive")!.code
const dispatcher = actorOf(personAt("dispatcher", { unit: "center.grid" }))
const housing = actorOf(personAt("departmentOfficer", { unit: "dept.housing" }))
const market = actorOf(personAt("departmentOfficer", { unit: "dept.market" }))
const worker = actorOf(personAt("gridWorker", { grid: block }))

/** Everyone whose to-do list the walks check: the fixture's people, and posts it has not got. */
const actors: ReadonlyArray<Access.Actor> = [
  dispatcher,
  housing,
  market,
  worker,
  actorOf(personAt("gridWorker", { grid: otherBlock })),
  actorOf(personAt("gridChief", { grid: village })),
  actorOf(personAt("gridChief", { grid: town })),
  actorOf(personAt("gridChief", { grid: "620981103" })),
  actorOf(personAt("mediator", { unit: "committee.water" })),
  actorOf(personAt("judgeAssistant", { unit: "center.litigation" })),
  actorOf(city.staff.posts.find((p) => p.role === "leader")!.person),
  Access.resident("r-walk"),
  Access.resident("r-other"),
  // a dispatcher posted to a town (the fixture's dispatchers sit in the center)
  { id: "d-town", posts: [{ role: "dispatcher", at: { grid: town } }] },
  // a village chief who also mediates for the water committee
  {
    id: "two-posts",
    posts: [
      { role: "gridChief", at: { grid: village } },
      { role: "mediator", at: { unit: "committee.water" } }
    ]
  }
]

/** Who opens each kind in the walks, and the categories they use. */
const resident = Access.resident("r-walk")
const openers: { readonly [K in Case.Kind]: readonly [Access.Actor, Staff.Role, ReadonlyArray<string>] } = {
  event: [resident, "public", ["event.sanitation.garbage", "event.facility.streetlight"]],
  dispute: [resident, "public", ["dispute.water", "dispute.family"]],
  petition: [dispatcher, "dispatcher", ["petition"]],
  prelitigation: [dispatcher, "dispatcher", ["prelitigation"]],
  hotline: [dispatcher, "dispatcher", ["hotline.help", "hotline.complaint"]]
}
const units = ["dept.housing", "dept.market", "committee.water", village, "center.reception"]

// ------------------------------------------------------------------ the rule, recomputed

const placeOf = (post: Access.Post): string | undefined =>
  post.at === null ? undefined : "unit" in post.at ? post.at.unit : post.at.grid

/** Whether `post` may move `state` on: a row to another state allows its role, and Access lets it act. */
const movesOn = (actor: Access.Actor, post: Access.Post, state: Case.State): boolean =>
  CaseMachine.commandsFrom(state.kind!, state.status).some(
    (tag) =>
      CaseMachine.rowsFor(state.kind!, state.status, tag).some((r) => r.to !== r.from && r.roles.includes(post.role)) &&
      Result.isSuccess(
        Access.authorize(
          context,
          { ...actor, posts: [post] },
          { _tag: tag, actor: { id: actor.id, role: post.role } } as Case.Command,
          state
        )
      )
  )

/**
 * The to-do rule: an open case the actor may read that is assigned to them, held by
 * one of their grids or units, or held by nobody and movable by one of their posts.
 */
const onTodo = (actor: Access.Actor, state: Case.State): boolean => {
  if (state.kind === null || state.final || !Access.canRead(context, actor, state)) return false
  const h = state.handler
  if (h !== null) return h.person === actor.id || actor.posts.some((p) => placeOf(p) === h.unit)
  return actor.posts.some((p) => movesOn(actor, p, state))
}

// ------------------------------------------------------------------ running

type Factory = Effect.Effect<Conformance.Subject, unknown, Scope.Scope>

const runWith =
  (factory: Factory, settings: CaseService.Settings, overrides: Partial<CaseService.Settings> = {}) =>
  <A>(body: Effect.Effect<A, unknown, CaseService.CaseService | CaseStore.CaseStore | Outbox.Outbox>): Promise<A> =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const subject = yield* factory
          const service = CaseService.layer.pipe(
            Layer.provide(CaseService.layerConfig({ ...settings, ...overrides })),
            Layer.provide(Layer.succeedContext(subject.services))
          )
          return yield* Effect.gen(function* () {
            yield* TestClock.setTime(T0)
            return yield* body
          }).pipe(Effect.provide(Layer.mergeAll(service, Layer.succeedContext(subject.services), TestClock.layer())))
        })
      )
    )

const cases = Effect.service(CaseService.CaseService)
const exec = (caseId: string, command: Case.Command, actor: Access.Actor) =>
  Effect.flatMap(cases, (s) => s.execute(caseId, command, actor))
const todoIds = (actor: Access.Actor) =>
  Effect.flatMap(cases, (s) => s.todo(actor, { limit: 1_000 })).pipe(
    Effect.map((page) => page.items.map((c) => c.streamId).sort())
  )
const denial = <A, E>(effect: Effect.Effect<A, E, CaseService.CaseService>) =>
  Effect.map(Effect.flip(effect), (e) => e as unknown as Access.Denied)

// ------------------------------------------------------------------ the suite

export const worklists = (name: string, factory: Factory, settings: CaseService.Settings, walks: number) => {
  describe(`CaseService on ${name}: handing a case back`, () => {
    // Dispatched by hand: a dispatcher sends the event to the housing bureau.
    const run = runWith(factory, settings, { autoDispatch: [] })
    const toHousing = (id: string) =>
      Effect.gen(function* () {
        yield* exec(
          id,
          {
            _tag: "Open",
            actor: ref(worker, "gridWorker"),
            kind: "event",
            id,
            category: "event.facility.streetlight",
            place: block,
            channel: "app",
            severity: "ordinary"
          },
          worker
        )
        yield* exec(id, { _tag: "Register", actor: ref(dispatcher, "dispatcher") }, dispatcher)
        expect(yield* todoIds(dispatcher)).toContain(id)
        yield* exec(
          id,
          { _tag: "Dispatch", actor: ref(dispatcher, "dispatcher"), to: { unit: "dept.housing" } },
          dispatcher
        )
        expect(yield* todoIds(housing)).toEqual([id])
        expect(yield* todoIds(dispatcher)).not.toContain(id)
      })
    const officer = ref(housing, "departmentOfficer")

    it("a department that returns an event (退回) hands it to the dispatcher; its next command is NotHandler", () =>
      run(
        Effect.gen(function* () {
          yield* toHousing("e-ret")
          const r = yield* exec(
            "e-ret",
            { _tag: "Return", actor: officer, reason: "not the housing bureau's" },
            housing
          )
          expect(r).toMatchObject({ status: "registered", handler: null })
          expect(yield* todoIds(housing)).toEqual([])
          expect(yield* todoIds(dispatcher)).toEqual(["e-ret"])
          const denied = yield* denial(exec("e-ret", { _tag: "Acknowledge", actor: officer }, housing))
          expect(denied).toMatchObject({ _tag: "AccessDenied", reason: { _tag: "NotHandler" } })
          // it may still read what it handed back
          const view = yield* Effect.flatMap(cases, (s) => s.get("e-ret", housing))
          expect(view.state.held).toEqual(["dept.housing"])
          const summary = yield* Effect.flatMap(Effect.service(CaseStore.CaseStore), (s) => s.summary("e-ret"))
          expect(summary).toMatchObject({ _tag: "Some", value: { unit: null, assignee: null } })
          // the dispatcher sends it on
          yield* exec(
            "e-ret",
            { _tag: "Dispatch", actor: ref(dispatcher, "dispatcher"), to: { unit: "dept.market" } },
            dispatcher
          )
          expect(yield* todoIds(market)).toEqual(["e-ret"])
          expect(yield* todoIds(dispatcher)).toEqual([])
        })
      ))

    it("transferring (when dispatched, and while handling) hands it back the same way", () =>
      run(
        Effect.gen(function* () {
          yield* toHousing("e-tr1")
          yield* exec("e-tr1", { _tag: "Transfer", actor: officer, reason: "water supply" }, housing)
          yield* toHousing("e-tr2")
          yield* exec("e-tr2", { _tag: "Acknowledge", actor: officer }, housing)
          yield* TestClock.adjust(HOUR)
          yield* exec("e-tr2", { _tag: "Transfer", actor: officer, reason: "water supply" }, housing)
          expect(yield* todoIds(housing)).toEqual([])
          expect(yield* todoIds(dispatcher)).toEqual(["e-tr1", "e-tr2"])
          for (const id of ["e-tr1", "e-tr2"]) {
            const denied = yield* denial(
              exec(id, { _tag: "SubmitResult", actor: officer, result: "x", evidence: [] }, housing)
            )
            expect(denied).toMatchObject({ _tag: "AccessDenied", reason: { _tag: "NotHandler" } })
          }
        })
      ))

    it("escalating (上报) hands it back too: to the dispatcher, or to the rung above when routing dispatches it", () =>
      Effect.runPromise(
        Effect.gen(function* () {
          yield* Effect.promise(() =>
            run(
              Effect.gen(function* () {
                yield* toHousing("e-esc")
                yield* exec("e-esc", { _tag: "Acknowledge", actor: officer }, housing)
                const r = yield* exec("e-esc", { _tag: "Escalate", actor: officer, reason: "beyond us" }, housing)
                expect(r).toMatchObject({ status: "registered", handler: null })
                expect(yield* todoIds(housing)).toEqual([])
                expect(yield* todoIds(dispatcher)).toEqual(["e-esc"])
                const denied = yield* denial(
                  exec("e-esc", { _tag: "Escalate", actor: officer, reason: "again" }, housing)
                )
                expect(denied).toMatchObject({ _tag: "AccessDenied", reason: { _tag: "NotHandler" } })
              })
            )
          )
          // When escalations are dispatched automatically (as by default), routing sends it up the
          // ladder in the same append.
          yield* Effect.promise(() =>
            runWith(factory, settings, { autoDispatch: ["escalate"] })(
              Effect.gen(function* () {
                yield* toHousing("e-up")
                yield* exec("e-up", { _tag: "Acknowledge", actor: officer }, housing)
                const r = yield* exec("e-up", { _tag: "Escalate", actor: officer, reason: "beyond us" }, housing)
                expect(r.handler?.unit).not.toBe("dept.housing")
                expect(yield* todoIds(housing)).toEqual([])
                const denied = yield* denial(
                  exec("e-up", { _tag: "Escalate", actor: officer, reason: "again" }, housing)
                )
                expect(denied).toMatchObject({ _tag: "AccessDenied", reason: { _tag: "NotHandler" } })
              })
            )
          )
        })
      ))

    it("the center's judgement that a return was improper is sent to the unit that returned it", () =>
      run(
        Effect.gen(function* () {
          const center = ref(dispatcher, "dispatcher")
          yield* exec(
            "h-ret",
            {
              _tag: "Open",
              actor: center,
              kind: "hotline",
              id: "h-ret",
              category: "hotline.help",
              place: block,
              channel: "hotline",
              severity: "ordinary"
            },
            dispatcher
          )
          yield* exec("h-ret", { _tag: "Dispatch", actor: center, to: { unit: "dept.housing" } }, dispatcher)
          yield* exec("h-ret", { _tag: "Return", actor: officer, reason: "not ours" }, housing)
          expect(yield* todoIds(dispatcher)).toEqual(["h-ret"])
          yield* exec("h-ret", { _tag: "MarkImproperReturn", actor: center, reason: "lifts are housing's" }, dispatcher)
          const outbox = yield* Effect.service(Outbox.Outbox)
          const sent = yield* outbox.claim(T0 + 30 * 24 * HOUR, 1_000, "test", 60_000)
          const judged = sent
            .map((m) => Result.getOrThrow(Notification.decode(m.payload)))
            .filter((n) => n.event.type === "ReturnMarkedImproper")
          expect(judged.map((n) => n.recipient)).toEqual([{ _tag: "Unit", unit: "dept.housing" }])
        })
      ))
  })

  describe(`CaseService on ${name}: to-do lists`, () => {
    it("property: over random walks, every actor's to-do list equals a recomputation from the case states", () =>
      fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({
              kind: fc.constantFrom(...Case.Kind.literals),
              place: fc.constantFrom(block, otherBlock, village),
              category: fc.nat()
            }),
            { minLength: 2, maxLength: 4 }
          ),
          fc.array(fc.record({ which: fc.nat(), n: fc.nat({ max: 1 << 20 }) }), { minLength: 5, maxLength: 30 }),
          (opened, steps) =>
            runWith(
              factory,
              settings
            )(
              Effect.gen(function* () {
                const store = yield* CaseStore.CaseStore
                const states = new Map<string, Case.State>()
                const refresh = Effect.fnUntraced(function* (id: string) {
                  const events = yield* store.load(id)
                  const decoded = events.map((e) =>
                    Result.getOrThrow(
                      Case.decodeEvent({
                        ...(e.payload as object),
                        _tag: e.type,
                        v: e.v,
                        at: e.at,
                        actor: { id: e.actor.id, role: e.actor.roles[0] }
                      })
                    )
                  )
                  states.set(id, Case.fold(decoded))
                })
                const check = Effect.fnUntraced(function* (after: string) {
                  for (const actor of actors) {
                    const expected = [...states].filter(([, s]) => onTodo(actor, s)).map(([id]) => id)
                    expect(yield* todoIds(actor), `${actor.id} after ${after}`).toEqual(expected.sort())
                  }
                })
                for (const [i, o] of opened.entries()) {
                  const id = `w-${i}`
                  const [by, role, categories] = openers[o.kind]
                  yield* exec(
                    id,
                    {
                      _tag: "Open",
                      actor: ref(by, role),
                      kind: o.kind,
                      id,
                      category: categories[o.category % categories.length]!,
                      place: o.place,
                      channel: o.kind === "hotline" ? "hotline" : role === "public" ? "public" : "app",
                      severity: "ordinary",
                      ...(o.kind === "petition" ? { track: "simple" as const } : {})
                    },
                    by
                  )
                  yield* refresh(id)
                }
                yield* check("opening")
                for (const { which, n } of steps) {
                  const id = `w-${which % opened.length}`
                  const state = states.get(id)!
                  const tags = CaseMachine.commandsFrom(state.kind!, state.status).filter((t) =>
                    CaseMachine.rowsFor(state.kind!, state.status, t).some((r) => r.to !== r.from)
                  )
                  if (tags.length === 0) continue
                  const tag = tags[n % tags.length]!
                  const roles = [
                    ...new Set(CaseMachine.rowsFor(state.kind!, state.status, tag).flatMap((r) => r.roles))
                  ]
                  const role = roles[(n >> 4) % roles.length]!
                  const holders = [...actors, Access.system()].filter((a) => a.posts.some((p) => p.role === role))
                  if (holders.length === 0) continue
                  const by = holders[(n >> 8) % holders.length]!
                  const command = Commands.forTag(tag, state, ref(by, role), n >> 2, { units })
                  yield* TestClock.adjust(HOUR)
                  const r = yield* Effect.result(exec(id, command, by))
                  if (Result.isFailure(r)) continue
                  yield* refresh(id)
                  yield* check(`${id}: ${tag} by ${by.id} as ${role}`)
                }
              })
            )
        ),
        { numRuns: walks }
      ))
  })
}
