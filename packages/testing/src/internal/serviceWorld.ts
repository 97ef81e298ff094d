/**
 * The world the service suite runs in: the Yumen fixture's city and its people, the
 * service's settings for a calendar, and the helpers that run a test body with the
 * service over a fresh store, the TestClock set to `T0`.
 */
import {
  Access,
  type Calendar,
  type Case,
  CaseService,
  CaseStore,
  Routing,
  Sla,
  Staff,
  type Timers
} from "@gridgov/core"
import { Context, Effect, Layer, Option, Result, type Scope } from "effect"
import { TestClock } from "effect/testing"
import type * as Conformance from "../Conformance.js"
import * as Yumen from "../Yumen.js"

// ------------------------------------------------------------------ the city

export const city = Yumen.make()
/** Monday 2025-03-03 09:00 in Yumen (UTC+8). */
export const T0 = Date.UTC(2025, 2, 3, 1, 0)
const date = "2025-03-03"
export const HOUR = 3_600_000

export const settings = (calendar: Calendar.Calendar): CaseService.Settings => ({
  tree: city.tree,
  directory: city.directory,
  calendar,
  sla: Result.getOrThrow(Sla.make(Yumen.sla)),
  router: Result.getOrThrow(Routing.compile(Yumen.routing))
})

const personAt = (role: Staff.Role, at: Staff.Place): string => {
  const key = JSON.stringify(at)
  const post = city.staff.posts.find((p) => p.role === role && JSON.stringify(p.at) === key && Staff.validOn(p, date))
  if (post === undefined) throw new Error(`no ${role} at ${key}`)
  return post.person
}
export const actorOf = (person: string): Access.Actor => Access.actor(city.directory, person, date)
export const ref = (actor: Access.Actor, role: Staff.Role): Case.ActorRef => ({ id: actor.id, role })
export const staffAt = (role: Staff.Role, unit: string): Access.Actor => actorOf(personAt(role, { unit }))

const town = "620981101"
const village = "620981101201"
const block = city.tree.records.find((r) => r.parent === village && r.kind !== "exclusive")!.code
const otherTown = "620981103"
export const places = { town, village, block, otherTown } as const

export const actors = {
  dispatcher: actorOf(personAt("dispatcher", { unit: "center.grid" })),
  townChief: actorOf(personAt("gridChief", { grid: town })),
  villageChief: actorOf(personAt("gridChief", { grid: village })),
  otherChief: actorOf(personAt("gridChief", { grid: otherTown })),
  worker: actorOf(personAt("gridWorker", { grid: block })),
  leader: actorOf(city.staff.posts.find((p) => p.role === "leader")!.person),
  resident: Access.resident("r-0001")
} as const

// ------------------------------------------------------------------ running

export type Factory = Effect.Effect<Conformance.Subject, unknown, Scope.Scope>

/** What the store persisted, read directly (the conformance suite's raw hook). */
export class Raw extends Context.Service<Raw, Conformance.Raw>()("@gridgov/testing/ServiceSuite/Raw") {}

export type Env = CaseService.CaseService | Conformance.Stores | TestClock.TestClock | Raw

export const runWith =
  (
    factory: Factory,
    settings: CaseService.Settings,
    wrap?: (ctx: Context.Context<Conformance.Stores>) => Context.Context<Conformance.Stores>
  ) =>
  <A>(body: Effect.Effect<A, unknown, Env>): Promise<A> =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const subject = yield* factory
          const stores = wrap === undefined ? subject.services : wrap(subject.services)
          const service = CaseService.layer.pipe(
            Layer.provide(CaseService.layerConfig(settings)),
            Layer.provide(Layer.succeedContext(stores))
          )
          return yield* Effect.gen(function* () {
            yield* TestClock.setTime(T0)
            return yield* body
          }).pipe(
            Effect.provide(
              Layer.mergeAll(service, Layer.succeedContext(stores), Layer.succeed(Raw, subject.raw), TestClock.layer())
            )
          )
        })
      )
    )

export const cases = Effect.service(CaseService.CaseService)
const store = Effect.service(CaseStore.CaseStore)

export const exec = (caseId: string, command: Case.Command, actor: Access.Actor, idempotencyKey?: string) =>
  Effect.flatMap(cases, (s) => s.execute(caseId, command, actor, { idempotencyKey }))

export const failure = <A, E>(effect: Effect.Effect<A, E, Env>) =>
  Effect.map(Effect.result(effect), (r) => {
    if (Result.isSuccess(r)) throw new Error(`expected a failure, got ${JSON.stringify(r.success)}`)
    return r.failure
  })

export const history = (caseId: string) => Effect.flatMap(store, (s) => s.load(caseId))
export const summaryOf = (caseId: string) =>
  Effect.flatMap(store, (s) => s.summary(caseId)).pipe(Effect.map(Option.getOrThrow))

/** Every timer of a case as persisted, earliest first. */
export const timersOf = (caseId: string) =>
  Effect.gen(function* () {
    const raw = yield* Raw
    const all = yield* Effect.orDie(raw.timers)
    return all
      .filter((t) => t.streamId === caseId)
      .sort((a, b) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : 1))
      .map((t): Pick<Timers.Timer, "id" | "kind" | "dueAt"> => ({ id: t.id, kind: t.kind, dueAt: t.dueAt }))
  })

export const openEvent = (
  caseId: string,
  by: Access.Actor,
  role: Staff.Role,
  place = block
): Extract<Case.Command, { readonly _tag: "Open" }> => ({
  _tag: "Open",
  actor: ref(by, role),
  kind: "event",
  id: caseId,
  category: "event.sanitation.garbage",
  place,
  channel: role === "public" ? "public" : "app",
  severity: "ordinary",
  summary: "垃圾未清运"
})
