/**
 * The application services of core (cases, records, notices, analytics, staff, the
 * city's configuration) over the in-memory stores, the Yumen fixture's configuration
 * kept in the memory store (seeded once: its events and a snapshot), a token issuer
 * that signs nothing (its tokens spell out their claims) and the test clock, set to
 * Monday 2026-01-05 09:00 in Yumen.
 */
import {
  Access,
  AnalyticsService,
  type AnalyticsStore,
  Calendar,
  CalendarNotice,
  CaseService,
  type CaseStore,
  City,
  CityChange,
  CityService,
  CityStore,
  Configuration,
  Grid,
  type Idempotency,
  NoticeService,
  type NoticeStore,
  type Outbox,
  RecordCipher,
  RecordService,
  type RecordStore,
  Staff,
  StaffService,
  type Timers,
  Tokens
} from "@gridgov/core"
import { Memory, MemoryRecords, ServiceSuite, Yumen } from "@gridgov/testing/vitest"
import { Context, Effect, Layer, Result } from "effect"
import { TestClock } from "effect/testing"

export const city = Yumen.make()
export const calendar = Result.getOrThrow(Calendar.make({ years: { from: 2020, to: 2030 } }))
/** The fixture's tree, SLA table (`Yumen.sla`) and routing table (`Yumen.routing`). */
export const settings: CaseService.Settings = ServiceSuite.settings(calendar)

/** Monday 2026-01-05 09:00 in Yumen (UTC+8). */
export const T0 = Date.UTC(2026, 0, 5, 1)
export const today = "2026-01-05"

/** A token issuer for tests: the token spells out its claims. */
export const issuer = Tokens.Tokens.of({
  issue: (subject, expiresAt) =>
    Effect.succeed({ token: `${subject._tag}:${subject.id}:${expiresAt}`, subject: subject.id, expiresAt })
})

/** The stores the services run over. */
export type Stores =
  | CaseStore.CaseStore
  | Timers.Timers
  | Outbox.Outbox
  | Idempotency.Idempotency
  | AnalyticsStore.AnalyticsStore
  | RecordStore.RecordStore
  | NoticeStore.NoticeStore
  | CityStore.CityStore

/** The fixture's configuration decided once: the events a store is seeded with, and the document. */
const seed = (() => {
  const decided = Result.getOrThrow(
    CityChange.decide(City.empty, Yumen.changes(city), {
      actor: { id: "system", roles: ["system"] },
      reason: "the Yumen fixture",
      now: T0 - 86_400_000,
      version: 0,
      today: "2026-01-04"
    })
  )
  return { events: decided.events.map(CityChange.encode), document: decided.document }
})()

/** Seeds a store with the fixture's configuration: its events and a snapshot at their head. */
export const seeded = Effect.gen(function* () {
  const store = yield* CityStore.CityStore
  const appended = yield* store.append({
    expectedVersion: 0,
    events: seed.events as unknown as readonly [CaseStore.NewEvent, ...Array<CaseStore.NewEvent>]
  })
  if (appended._tag !== "Appended") return
  yield* store.saveSnapshot({
    version: appended.head.version,
    hash: appended.head.hash,
    document: seed.document as unknown as CaseStore.Json
  })
})

export type Services =
  | CaseService.CaseService
  | RecordService.RecordService
  | NoticeService.NoticeService
  | AnalyticsService.AnalyticsService
  | StaffService.StaffService
  | CityService.CityService
  | Configuration.Configuration
  | Stores

export interface Options {
  /** Seal records' personal data at rest with this cipher. */
  readonly cipher?: RecordCipher.RecordCipher["Service"] | undefined
  readonly records?: RecordService.Settings | undefined
  readonly notices?: NoticeService.Settings | undefined
  readonly analytics?: AnalyticsService.Settings | undefined
  readonly staff?: StaffService.Settings | undefined
  /** Wraps the stores (to stage what another writer would do). */
  readonly wrap?: ((stores: Context.Context<Stores>) => Context.Context<Stores>) | undefined
  /** Builds the configuration's calendar from its notices (default: the test calendar, notices layered on it). */
  readonly calendar?: CalendarNotice.Builder | undefined
}

/** Runs `body` with every service over fresh in-memory stores, at `T0` on the test clock. */
export const run = <A, E>(body: Effect.Effect<A, E, Services>, options: Options = {}) =>
  Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const memory = yield* Memory.make
        const records = yield* MemoryRecords.make
        const raw = Context.merge(memory.services, records.services)
        const stores = options.wrap === undefined ? raw : options.wrap(raw)
        yield* Effect.provide(seeded, stores)
        const configuration = Configuration.layerStore({
          calendar: options.calendar ?? CalendarNotice.builder(calendar),
          pollMs: 0
        }).pipe(Layer.provide(Layer.succeedContext(stores)))
        const base = Layer.mergeAll(
          Layer.succeedContext(stores),
          CaseService.layerOptions(),
          configuration,
          Layer.succeed(Tokens.Tokens, issuer),
          RecordService.layerConfig(options.records ?? {}),
          NoticeService.layerConfig(options.notices ?? {}),
          AnalyticsService.layerConfig(options.analytics ?? {}),
          StaffService.layerConfig(options.staff ?? {}),
          options.cipher === undefined ? Layer.empty : Layer.succeed(RecordCipher.RecordCipher, options.cipher)
        )
        const services = Layer.mergeAll(
          CaseService.layer,
          RecordService.layer,
          NoticeService.layer,
          AnalyticsService.layer,
          StaffService.layer
        ).pipe(Layer.provideMerge(CityService.layer), Layer.provideMerge(base))
        return yield* Effect.gen(function* () {
          yield* TestClock.setTime(T0)
          return yield* body
        }).pipe(Effect.provide(Layer.mergeAll(services, TestClock.layer())))
      })
    )
  )

// ------------------------------------------------------------------ the fixture's people and places

const valid = (p: Staff.Post) => Staff.validOn(p, today)

/** The first person holding `role` at the grid or unit today. */
export const personAt = (role: Staff.Role, at: Staff.Place): string => {
  const key = JSON.stringify(at)
  const post = city.staff.posts.find((p) => valid(p) && p.role === role && JSON.stringify(p.at) === key)
  if (post === undefined) throw new Error(`no ${role} at ${key}`)
  return post.person
}

/** The actor a person is today. */
export const actorOf = (person: string): Access.Actor => Access.actor(city.directory, person, today)

/** The actor holding `role` at the grid or unit today. */
export const actorAt = (role: Staff.Role, at: Staff.Place): Access.Actor => actorOf(personAt(role, at))

/** Blocks (level-3 grids, not exclusive) of the fixture. */
export const blocks = Array.from({ length: city.tree.size }, (_, i) => i)
  .filter((i) => !Grid.isExclusive(city.tree, i) && Grid.level(city.tree, i) === 3)
  .map((i) => Grid.record(city.tree, i).code)

export const parentOf = (code: string) => Grid.record(city.tree, Grid.id(city.tree, code)!).parent!

/** The city's leader (a post at the city's grid). */
export const leader = actorOf(
  city.staff.posts.find((p) => valid(p) && p.role === "leader" && "grid" in p.at && p.at.grid === "620981")!.person
)
export const admin = actorAt("admin", { unit: "center" })

/** The failure of an effect (as a value), or a defect if it succeeds. */
export const failure = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<E, never, R> =>
  Effect.flip(effect).pipe(Effect.orDie)
