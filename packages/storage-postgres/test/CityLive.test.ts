/**
 * Live configuration across servers on one PostgreSQL database: two runtimes, each
 * with its own connection pool, the second polling the stored head. A change made
 * through the first (`CityService`) is used by the second at its first poll after the
 * change — a new post is held by the next actor look-up, a new routing rule decides
 * the next case — with no restart. Time is the test clock: the second runtime polls
 * only when the clock moves by its interval, so "at the first poll" is checked by
 * count, not by wall time (`pnpm bench city` measures the wall time).
 */
import {
  Access,
  Calendar,
  CalendarNotice,
  type Case,
  CaseService,
  type CityChange,
  CityService,
  Configuration,
  type Grid,
  type RoutingTable
} from "@gridgov/core"
import { PgStore } from "@gridgov/storage-postgres"
import { freshDatabase, onPostgres } from "@gridgov/test-support/Postgres"
import { Context, Effect, Layer, Result } from "effect"
import { TestClock } from "effect/testing"
import { afterAll, describe, expect, it } from "vitest"

const calendar = Result.getOrThrow(Calendar.make({ years: { from: 2020, to: 2035 } }))
const grid = (code: string, parent: string | null, kind: string): Grid.GridRecord => ({
  code,
  parent,
  kind,
  name: { zh: code, en: code }
})
const block = "620981101201001"
const unit = (id: string, type: "center" | "department") => ({ id, type, name: { zh: id, en: id }, takes: [] })
const city: readonly [CityChange.Change, ...Array<CityChange.Change>] = [
  { _tag: "AddGrid", record: grid("620981", null, "city") },
  { _tag: "AddGrid", record: grid("620981101", "620981", "town") },
  { _tag: "AddGrid", record: grid("620981101201", "620981101", "village") },
  { _tag: "AddGrid", record: grid(block, "620981101201", "group") },
  { _tag: "AddUnit", unit: unit("center", "center") },
  { _tag: "AddUnit", unit: unit("dept.office", "department") },
  { _tag: "AddUnit", unit: unit("dept.housing", "department") },
  { _tag: "AddPerson", person: { id: "p-admin", name: "管理员" } },
  { _tag: "AddPerson", person: { id: "p-disp", name: "调度员" } },
  { _tag: "AddPost", post: { person: "p-admin", role: "admin", at: { unit: "center" }, validFrom: "2020-01-01" } },
  { _tag: "AddPost", post: { person: "p-disp", role: "dispatcher", at: { unit: "center" }, validFrom: "2020-01-01" } }
]
const admin: Access.Actor = { id: "p-admin", posts: [{ role: "admin", at: { unit: "center" } }] }
const resident = Access.resident("r-1")
const T0 = Date.UTC(2026, 0, 5, 1)
const pollMs = 250

await onPostgres("postgres: live configuration across runtimes", async () => {
  const database = await freshDatabase("citylive")
  afterAll(() => database.drop())

  /** One server: its own pool on the database, the case and configuration services, polling the head. */
  const server = Effect.gen(function* () {
    const ctx = yield* Layer.build(
      Layer.mergeAll(CaseService.layer, CityService.layer).pipe(
        Layer.provideMerge(CaseService.layerOptions()),
        Layer.provideMerge(
          Configuration.layerStore({
            calendar: CalendarNotice.builder(calendar),
            pollMs,
            seed: { changes: city, reason: "the test city" }
          })
        ),
        Layer.provideMerge(
          Layer.fresh(PgStore.layerWithClient({ url: database.url, prefix: "live_", maxConnections: 3 }))
        )
      )
    )
    return {
      cases: Context.get(ctx, CaseService.CaseService),
      city: Context.get(ctx, CityService.CityService),
      config: Context.get(ctx, Configuration.Configuration)
    }
  })

  /** Lets real I/O run (the poll's reads) while the test clock stands still; bounded by count. */
  const settle = (done: Effect.Effect<boolean>, rounds = 1_500) =>
    Effect.gen(function* () {
      for (let i = 0; i < rounds && !(yield* done); i++) {
        yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 20)))
      }
    })

  describe("postgres: two runtimes on one database", () => {
    it("a change through one runtime is used by the other at its first poll after the change, without a restart", () =>
      Effect.runPromise(
        Effect.scoped(
          Effect.gen(function* () {
            yield* TestClock.setTime(T0)
            const a = yield* server
            const b = yield* server
            const start = (yield* b.config.current).version
            expect(start).toBe(city.length)

            // a post and a routing rule, added through the first server
            const table = (yield* a.config.current).router.table
            const rule: RoutingTable.Rule = {
              id: "garbage.to-housing",
              priority: 100,
              kind: "event",
              category: "event.sanitation.garbage",
              target: { unit: "dept.housing" }
            }
            const receipt = yield* a.city.apply(
              [
                { _tag: "AddPerson", person: { id: "p-new", name: "新人" } },
                {
                  _tag: "AddPost",
                  post: { person: "p-new", role: "gridWorker", at: { grid: block }, validFrom: "2026-01-01" }
                },
                { _tag: "SetRouting", table: { ...table, rules: [...table.rules, rule] } }
              ],
              admin,
              { reason: "新网格员；垃圾清运划归住建" }
            )
            // in effect at once where it was made
            expect((yield* a.config.current).version).toBe(receipt.version)
            expect((yield* a.cases.actor("p-new")).posts).toEqual([{ role: "gridWorker", at: { grid: block } }])

            // the other has not polled yet: its clock has not moved
            yield* settle(Effect.succeed(false), 10)
            expect((yield* b.config.current).version).toBe(start)
            expect((yield* b.cases.actor("p-new")).posts).toEqual([])

            // one poll interval later it holds the change
            yield* TestClock.adjust(pollMs)
            yield* settle(Effect.map(b.config.current, (s) => s.version === receipt.version))
            expect((yield* b.config.current).version).toBe(receipt.version)
            expect((yield* b.config.current).document).toEqual((yield* a.config.current).document)
            expect((yield* b.cases.actor("p-new")).posts).toEqual([{ role: "gridWorker", at: { grid: block } }])

            // and decides the next case by the new rule
            const dispatcher = yield* b.cases.actor("p-disp")
            const ref = (actor: Access.Actor, role: Case.ActorRef["role"]): Case.ActorRef => ({ id: actor.id, role })
            const opened = yield* b.cases.open(
              {
                actor: ref(resident, "public"),
                kind: "event",
                category: "event.sanitation.garbage",
                place: block,
                channel: "public",
                severity: "ordinary"
              },
              resident
            )
            const registered = yield* b.cases.execute(
              opened.caseId,
              { _tag: "Register", actor: ref(dispatcher, "dispatcher") },
              dispatcher
            )
            expect(registered.handler?.unit).toBe("dept.housing")
            const view = yield* b.cases.get(opened.caseId, admin)
            const routing = view.history.find((e) => e.type === "Dispatched")?.payload as {
              routing: { rule: string; config: number }
            }
            expect(routing.routing).toMatchObject({ rule: "garbage.to-housing", config: receipt.version })
          }).pipe(Effect.provide(TestClock.layer()))
        )
      ))
  })
})
