/**
 * The service suite every store runs: `CaseService` over the store's ports on the
 * Yumen fixture — each case kind's main path, notifications written to the outbox,
 * access denials, idempotency, SLA timers and the sweeper under TestClock, scoped
 * queries, ranks, work lists and cases handed back — checking what the store
 * persisted through the conformance suite's raw hook. The store suites
 * (`Conformance`) check the ports one by one; this suite checks that the service's
 * appends come out right on the store.
 *
 * The world it runs in is exported too (the city, its people, `runWith` and the
 * helpers), so an adopter's own service tests read the same way.
 *
 * @since 0.1.0
 */
import type { Access, Calendar, Case, CaseService, Staff, Timers } from "@gridgov/core"
import type { Context, Effect } from "effect"
import type * as Conformance from "./Conformance.js"
import { suite as register } from "./internal/serviceCases.js"
import { worklists } from "./internal/serviceWorklists.js"
import * as W from "./internal/serviceWorld.js"
import type * as Yumen from "./Yumen.js"

/**
 * A fresh store for one test: its services and its raw hook (as for `Conformance.run`).
 *
 * @example
 * import { Memory, type ServiceSuite } from "@gridgov/testing/vitest"
 * const factory: ServiceSuite.Factory = Memory.make
 *
 * @category models
 * @since 0.1.0
 */
export type Factory = W.Factory

/**
 * What a test body may use: the service, the store's ports, the TestClock and the raw hook.
 *
 * @example
 * import type { ServiceSuite } from "@gridgov/testing/vitest"
 * import { Effect } from "effect"
 * const body: Effect.Effect<number, never, ServiceSuite.Env> = Effect.succeed(1)
 *
 * @category models
 * @since 0.1.0
 */
export type Env = W.Env

/**
 * The raw hook of the store under test, as a service: what was persisted, read
 * directly.
 *
 * @example
 * import { ServiceSuite } from "@gridgov/testing/vitest"
 * import { Effect } from "effect"
 * const events = Effect.gen(function* () {
 *   const raw = yield* ServiceSuite.Raw
 *   return yield* raw.events
 * })
 *
 * @category models
 * @since 0.1.0
 */
export const Raw: typeof W.Raw = W.Raw

/**
 * @category models
 * @since 0.1.0
 */
export type Raw = W.Raw

/**
 * The city the suite runs on: the Yumen fixture for the default seed.
 *
 * @example
 * import { ServiceSuite } from "@gridgov/testing/vitest"
 * ServiceSuite.city.tree.size > 544 // true
 *
 * @category world
 * @since 0.1.0
 */
export const city: Yumen.Fixture = W.city

/**
 * When every test starts: Monday 2025-03-03 09:00 in Yumen (UTC+8), set on the TestClock.
 *
 * @example
 * import { ServiceSuite } from "@gridgov/testing/vitest"
 * new Date(ServiceSuite.T0).toISOString() // "2025-03-03T01:00:00.000Z"
 *
 * @category world
 * @since 0.1.0
 */
export const T0: number = W.T0

/**
 * The grids the suite's cases happen in: a town (玉门镇), one of its villages, a block
 * of that village, and another town (花海镇).
 *
 * @example
 * import { ServiceSuite } from "@gridgov/testing/vitest"
 * ServiceSuite.places.village // "620981101201"
 *
 * @category world
 * @since 0.1.0
 */
export const places: {
  readonly town: string
  readonly village: string
  readonly block: string
  readonly otherTown: string
} = W.places

/**
 * The cast, each an `Access.Actor` as the directory resolves them on the fixture's
 * date: the grid center's dispatcher, the chiefs of the town, the village and the
 * other town, a grid worker of the block, a city leader and a resident.
 *
 * @example
 * import { ServiceSuite } from "@gridgov/testing/vitest"
 * ServiceSuite.actors.resident.id // "r-0001"
 *
 * @category world
 * @since 0.1.0
 */
export const actors: {
  readonly dispatcher: Access.Actor
  readonly townChief: Access.Actor
  readonly villageChief: Access.Actor
  readonly otherChief: Access.Actor
  readonly worker: Access.Actor
  readonly leader: Access.Actor
  readonly resident: Access.Actor
} = W.actors

/**
 * The actor of a person of the fixture, with every post they hold on its date.
 *
 * @example
 * import { ServiceSuite } from "@gridgov/testing/vitest"
 * ServiceSuite.actorOf(ServiceSuite.actors.leader.id).id === ServiceSuite.actors.leader.id // true
 *
 * @category world
 * @since 0.1.0
 */
export const actorOf: (person: string) => Access.Actor = W.actorOf

/**
 * The actor of the first person holding `role` at a unit.
 *
 * @example
 * import { ServiceSuite } from "@gridgov/testing/vitest"
 * const officer = ServiceSuite.staffAt("departmentOfficer", "dept.hrss")
 *
 * @category world
 * @since 0.1.0
 */
export const staffAt: (role: Staff.Role, unit: string) => Access.Actor = W.staffAt

/**
 * The reference a command carries for an actor acting in a role.
 *
 * @example
 * import { ServiceSuite } from "@gridgov/testing/vitest"
 * ServiceSuite.ref(ServiceSuite.actors.resident, "public") // { id: "r-0001", role: "public" }
 *
 * @category world
 * @since 0.1.0
 */
export const ref: (actor: Access.Actor, role: Staff.Role) => Case.ActorRef = W.ref

/**
 * The service's settings for the city: its tree and staff directory, the Yumen
 * fixture's SLA table (`Yumen.sla`) and routing table (`Yumen.routing`), on the
 * calendar given (e.g. `CalendarCn.calendar()` from `@gridgov/calendar-cn`): a static
 * configuration (`CaseService.layerConfig`).
 *
 * @example
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * import { ServiceSuite } from "@gridgov/testing/vitest"
 * const settings = ServiceSuite.settings(CalendarCn.calendar())
 * settings.sla.warnings // [0.5, 0.75, 0.9]
 *
 * @category running
 * @since 0.1.0
 */
export const settings: (calendar: Calendar.Calendar) => CaseService.Settings = W.settings

/**
 * Runs a test body with `CaseService` (with these settings: the fixture's people as its
 * staff directory) over a fresh store from `factory`, the TestClock set to {@link T0}.
 * `wrap` may replace the store's services, e.g. to inject a concurrent writer.
 *
 * @example
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * import { Memory, ServiceSuite } from "@gridgov/testing/vitest"
 * const run = ServiceSuite.runWith(Memory.make, ServiceSuite.settings(CalendarCn.calendar()))
 * const { resident } = ServiceSuite.actors
 * const receipt = run(ServiceSuite.exec("c-1", ServiceSuite.openEvent("c-1", resident, "public"), resident))
 *
 * @category running
 * @since 0.1.0
 */
export const runWith: (
  factory: Factory,
  settings: CaseService.Settings,
  wrap?: (ctx: Context.Context<Conformance.Stores>) => Context.Context<Conformance.Stores>
) => <A>(body: Effect.Effect<A, unknown, Env>) => Promise<A> = W.runWith

/**
 * Executes a command through the service (with an idempotency key, if given).
 *
 * @example
 * import { ServiceSuite } from "@gridgov/testing/vitest"
 * const { resident } = ServiceSuite.actors
 * const opened = ServiceSuite.exec("c-1", ServiceSuite.openEvent("c-1", resident, "public"), resident)
 *
 * @category running
 * @since 0.1.0
 */
export const exec = W.exec

/**
 * The failure of an effect that must fail; a success throws, naming what came back.
 *
 * @example
 * import { ServiceSuite } from "@gridgov/testing/vitest"
 * const { otherChief } = ServiceSuite.actors
 * const denied = ServiceSuite.failure(
 *   ServiceSuite.exec("c-1", { _tag: "Register", actor: ServiceSuite.ref(otherChief, "gridChief") }, otherChief)
 * )
 *
 * @category running
 * @since 0.1.0
 */
export const failure: <A, E>(effect: Effect.Effect<A, E, Env>) => Effect.Effect<E, never, Env> = W.failure

/**
 * A case's stored events, in order.
 *
 * @example
 * import { ServiceSuite } from "@gridgov/testing/vitest"
 * const events = ServiceSuite.history("c-1")
 *
 * @category reading
 * @since 0.1.0
 */
export const history = W.history

/**
 * A case's stored summary (fails the test when there is none).
 *
 * @example
 * import { ServiceSuite } from "@gridgov/testing/vitest"
 * const summary = ServiceSuite.summaryOf("c-1")
 *
 * @category reading
 * @since 0.1.0
 */
export const summaryOf = W.summaryOf

/**
 * Every timer of a case as persisted (id, kind, due time), earliest first.
 *
 * @example
 * import { ServiceSuite } from "@gridgov/testing/vitest"
 * const timers = ServiceSuite.timersOf("c-1")
 *
 * @category reading
 * @since 0.1.0
 */
export const timersOf: (
  caseId: string
) => Effect.Effect<ReadonlyArray<Pick<Timers.Timer, "id" | "kind" | "dueAt">>, never, Raw> = W.timersOf

/**
 * The command that opens an event case (uncollected garbage, 垃圾未清运) at a place
 * (the block by default), reported by an actor in a role.
 *
 * @example
 * import { ServiceSuite } from "@gridgov/testing/vitest"
 * const { worker } = ServiceSuite.actors
 * ServiceSuite.openEvent("c-1", worker, "gridWorker").category // "event.sanitation.garbage"
 *
 * @category fixtures
 * @since 0.1.0
 */
export const openEvent = W.openEvent

/**
 * Registers the suite's tests for a store: `factory` makes a fresh store for each
 * test, `calendar` is the working-day calendar the city runs on (e.g.
 * `CalendarCn.calendar()`). The work-list tests walk random command sequences and
 * check every actor's to-do list against the rule recomputed from the case states:
 * `walks` sets how many (40 by default; fewer for a slow store).
 *
 * @example
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * import { Memory, ServiceSuite } from "@gridgov/testing/vitest"
 * ServiceSuite.suite("Memory", Memory.make, { calendar: CalendarCn.calendar() })
 *
 * @category suites
 * @since 0.1.0
 */
export const suite = (
  name: string,
  factory: Factory,
  options: { readonly calendar: Calendar.Calendar; readonly walks?: number }
): void => {
  const settings = W.settings(options.calendar)
  register(name, factory, settings)
  worklists(name, factory, settings, options.walks ?? 40)
}
