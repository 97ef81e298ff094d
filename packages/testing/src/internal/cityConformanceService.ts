/**
 * The configuration store's conformance, through the services that use it: changes
 * made with `CityService` are persisted as audited events that another reader of the
 * same store loads (from its snapshot and the events after it); contact details are
 * corrected and erased off the chain while the chain keeps verifying; two readers of
 * one store see each other's changes at their next refresh, without a restart.
 */
import {
  Access,
  Audit,
  Calendar,
  CalendarNotice,
  type CaseStore,
  type CityChange,
  CityService,
  type CityStore,
  Configuration,
  type Grid,
  Idempotency
} from "@gridgov/core"
import { Context, Effect, Layer, Option, Result, type Scope } from "effect"
import { describe, expect, it } from "vitest"
import type { Raw } from "../CityConformance.js"

type Stores = CityStore.CityStore | Idempotency.Idempotency | CaseStore.CaseStore

const calendar = Result.getOrThrow(Calendar.make({ years: { from: 2020, to: 2035 } }))
const grid = (code: string, parent: string | null, kind: string): Grid.GridRecord => ({
  code,
  parent,
  kind,
  name: { zh: code, en: code }
})
const town = "620981101"
const block = "620981101201001"

/** A small city: a town, a village, a block; the center; an admin and a grid worker. */
export const seed: readonly [CityChange.Change, ...Array<CityChange.Change>] = [
  { _tag: "AddGrid", record: grid("620981", null, "city") },
  { _tag: "AddGrid", record: grid(town, "620981", "town") },
  { _tag: "AddGrid", record: grid("620981101201", town, "village") },
  { _tag: "AddGrid", record: grid(block, "620981101201", "group") },
  { _tag: "AddUnit", unit: { id: "center", type: "center", name: { zh: "中心", en: "Center" }, takes: [] } },
  { _tag: "AddPerson", person: { id: "p-admin", name: "管理员" } },
  { _tag: "AddPerson", person: { id: "p-1", name: "张三" } },
  { _tag: "AddPost", post: { person: "p-admin", role: "admin", at: { unit: "center" }, validFrom: "2020-01-01" } },
  { _tag: "AddPost", post: { person: "p-1", role: "gridWorker", at: { grid: block }, validFrom: "2020-01-01" } }
]

const admin: Access.Actor = { id: "p-admin", posts: [{ role: "admin", at: { unit: "center" } }] }

/** A store-backed configuration and the configuration service over the stores, built in the scope. */
const open = (stores: Context.Context<Stores>, snapshotEvery = 1_000) =>
  Effect.map(
    Layer.build(
      CityService.layer.pipe(
        Layer.provideMerge(
          Configuration.layerStore({
            calendar: CalendarNotice.builder(calendar),
            pollMs: 0,
            snapshotEvery,
            seed: { changes: seed, reason: "the test city" }
          })
        ),
        Layer.provideMerge(Layer.succeedContext(stores))
      )
    ),
    (ctx) => ({
      city: Context.get(ctx, CityService.CityService),
      config: Context.get(ctx, Configuration.Configuration)
    })
  )

/** Registers the service-level tests of the suite for one adapter. */
export const run = (
  name: string,
  make: Effect.Effect<{ readonly services: Context.Context<Stores>; readonly raw: Raw }, unknown, Scope.Scope>
): void => {
  const test = (
    title: string,
    body: (stores: Context.Context<Stores>, raw: Raw) => Effect.Effect<void, unknown, Scope.Scope>
  ) => it(title, () => Effect.runPromise(Effect.scoped(Effect.flatMap(make, (s) => body(s.services, s.raw)))))

  describe(`${name}: the configuration through its services`, () => {
    test("changes are audited events a second reader loads, from its snapshot and the events after it", (stores, raw) =>
      Effect.gen(function* () {
        const a = yield* open(stores, 4)
        const receipt = yield* a.city.apply(
          [
            { _tag: "RenameGrid", code: town, name: { zh: "新镇", en: "New town" } },
            { _tag: "AddPerson", person: { id: "p-2", name: "李四" } },
            { _tag: "AddPost", post: { person: "p-2", role: "gridChief", at: { grid: town }, validFrom: "2026-01-01" } }
          ],
          admin,
          { reason: "镇更名，新任网格长", idempotencyKey: "change-1" }
        )
        expect(receipt.version).toBe(seed.length + 3)
        const events = yield* raw.events
        expect(events.map((e) => e.version)).toEqual(Array.from({ length: seed.length + 3 }, (_, i) => i + 1))
        expect(events.slice(-3).map((e) => [e.type, e.actor.id, (e.payload as { reason: string }).reason])).toEqual([
          ["GridRenamed", "p-admin", "镇更名，新任网格长"],
          ["PersonAdded", "p-admin", "镇更名，新任网格长"],
          ["PostAdded", "p-admin", "镇更名，新任网格长"]
        ])
        expect(Result.isSuccess(Audit.verify(events))).toBe(true)
        expect(yield* a.city.verify(admin)).toEqual({ streams: 1, events: seed.length + 3 })
        // the key was written with the events
        expect((yield* raw.idempotency).map((k) => k.key)).toContain(Idempotency.scope("p-admin", "change-1"))
        // a snapshot was kept once four events or more were folded since the last: at the seed's head
        expect((yield* raw.snapshots).map((s) => s.version)).toEqual([seed.length])
        const b = yield* open(stores)
        const [held, loaded] = [yield* a.config.current, yield* b.config.current]
        expect(loaded.version).toBe(held.version)
        expect(loaded.document).toEqual(held.document)
        expect(Access.actor(loaded.directory, "p-2", "2026-02-01").posts).toEqual([
          { role: "gridChief", at: { grid: town } }
        ])
      }))

    test("contact details are corrected and erased off the chain; the chain verifies after each", (stores, raw) =>
      Effect.gen(function* () {
        const a = yield* open(stores)
        const contact = (phone: string) =>
          a.city.apply([{ _tag: "SetContact", person: "p-1", contact: { phone } }], admin, { reason: "登记" })
        yield* contact("13800138000")
        expect((yield* raw.offChain).map((o) => [o.key, o.value])).toEqual([["contact/p-1", { phone: "13800138000" }]])
        yield* contact("13900139000")
        expect((yield* raw.offChain).map((o) => o.value)).toEqual([{ phone: "13900139000" }])
        expect(Option.getOrUndefined(yield* a.city.contact("p-1", admin))).toEqual({ phone: "13900139000" })
        expect(Result.isSuccess(Audit.verify(yield* raw.events))).toBe(true)
        yield* a.city.apply([{ _tag: "EraseContact", person: "p-1" }], admin, { reason: "本人申请删除" })
        expect(yield* raw.offChain).toEqual([])
        expect(Option.isNone(yield* a.city.contact("p-1", admin))).toBe(true)
        const events = yield* raw.events
        expect(Result.isSuccess(Audit.verify(events))).toBe(true)
        expect(JSON.stringify(events)).not.toMatch(/13800138000|13900139000/)
        expect(events.slice(-3).map((e) => e.type)).toEqual(["ContactChanged", "ContactChanged", "ContactErased"])
        // a reader starting after the erasure loads the same configuration
        const b = yield* open(stores)
        expect((yield* b.config.current).version).toBe((yield* a.config.current).version)
      }))

    test("two readers of one store: a change through one is in effect there at once, and at the other's next refresh", (stores) =>
      Effect.gen(function* () {
        const a = yield* open(stores)
        const b = yield* open(stores)
        const before = yield* b.config.current
        const receipt = yield* a.city.apply(
          [{ _tag: "EndPost", id: "p-1#1", on: "2026-03-31", replacement: { person: "p-admin" } }],
          admin,
          { reason: "调岗" }
        )
        expect((yield* a.config.current).version).toBe(receipt.version)
        expect(yield* b.config.current).toBe(before)
        const seen = yield* b.config.refresh
        expect(seen.version).toBe(receipt.version)
        expect(seen.document).toEqual((yield* a.config.current).document)
        expect(Access.actor(seen.directory, "p-1", "2026-04-01").posts).toEqual([])
        // a write through the second reader decides on what the first wrote
        const again = yield* b.city.apply(
          [{ _tag: "RenameGrid", code: block, name: { zh: "一组", en: "Group 1" } }],
          admin,
          {
            reason: "更名"
          }
        )
        expect(again.version).toBe(receipt.version + 1)
      }))
  })
}
