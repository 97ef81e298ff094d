/**
 * The live configuration: a document compiled for the services (a retired grid's code
 * answered by its successor, a moved grid found by its old code, the SLA table and
 * calendar of any earlier version), and kept from the store: loaded from a snapshot and
 * the events after it, a change adopted at once in the process that made it, and seen
 * by another reader of the same store at its next refresh.
 */
import { Calendar, CalendarNotice, City, CityChange, CityStore, Configuration, Grid, Sla } from "@gridgov/core"
import { Memory } from "@gridgov/testing"
import { Context, Effect, Layer, Option, Result } from "effect"
import { describe, expect, it } from "vitest"

const calendar = Result.getOrThrow(Calendar.make({ years: { from: 2025, to: 2027 }, provisional: [2027] }))
const options = { calendar: CalendarNotice.builder(calendar), national: Sla.national }
const system = { id: "system", roles: ["system"] }
const grid = (code: string, parent: string | null, kind: string): Grid.GridRecord => ({
  code,
  parent,
  kind,
  name: { zh: code, en: code }
})
const city: ReadonlyArray<CityChange.Change> = [
  { _tag: "AddGrid", record: grid("620981", null, "city") },
  { _tag: "AddGrid", record: grid("620981101", "620981", "town") },
  { _tag: "AddGrid", record: grid("620981101201", "620981101", "village") },
  { _tag: "AddGrid", record: grid("620981101202", "620981101", "village") },
  { _tag: "AddGrid", record: grid("620981102", "620981", "town") }
]
const decide = (document: City.Document, changes: ReadonlyArray<CityChange.Change>, version = 0) =>
  Result.getOrThrow(
    CityChange.decide(document, changes as [CityChange.Change, ...Array<CityChange.Change>], {
      actor: system,
      reason: "test",
      now: Date.UTC(2026, 0, 5),
      version,
      today: "2026-01-05"
    })
  )

const notice2027: CalendarNotice.Notice = {
  id: "2027",
  year: 2027,
  title: "国务院办公厅关于2027年部分节假日安排的通知",
  date: "2026-11-10",
  festivals: [{ name: "springFestival", label: "春节", rest: ["2027-02-05", "2027-02-12"], work: ["2027-01-30"] }]
}

describe("Configuration.compile", () => {
  it("a retired grid's code is answered by its successor, a moved grid by its old code; ranks cover both", () => {
    const d1 = decide(City.empty, city).document
    const d2 = decide(d1, [
      { _tag: "RetireGrid", code: "620981101202", successor: "620981101201" },
      { _tag: "MoveGrid", code: "620981101201", parent: "620981102" }
    ]).document
    const s = Result.getOrThrow(Configuration.compile(d2, 9, options))
    const now = Grid.id(s.tree, "620981102201")!
    expect(Grid.id(s.tree, "620981101201")).toBe(now)
    expect(Grid.id(s.tree, "620981101202")).toBe(now)
    const ranks = new Map(Configuration.ranks(s).map((r) => [r.gridCode, r.pre]))
    expect(ranks.get("620981101202")).toBe(Grid.interval(s.tree, now).pre)
    expect(ranks.get("620981101201")).toBe(Grid.interval(s.tree, now).pre)
    expect(s.version).toBe(9)
  })

  it("rankChanges: a rename or a boundary moves no rank; a move or a retirement moves the codes it touches", () => {
    const d1 = decide(City.empty, city).document
    const s1 = Result.getOrThrow(Configuration.compile(d1, 5, options))
    const renamed = decide(d1, [
      { _tag: "RenameGrid", code: "620981101", name: { zh: "新镇", en: "New" } },
      {
        _tag: "SetGridBoundary",
        code: "620981102",
        boundary: {
          type: "Polygon",
          coordinates: [
            [
              [96, 39],
              [97, 39],
              [97, 40],
              [96, 39]
            ]
          ]
        }
      }
    ]).document
    const s2 = Result.getOrThrow(Configuration.compile(renamed, 7, options))
    expect(s2.tree).not.toBe(s1.tree)
    expect(Configuration.rankChanges(s1, s2)).toEqual([])
    const moved = decide(renamed, [{ _tag: "MoveGrid", code: "620981101202", parent: "620981102" }]).document
    const s3 = Result.getOrThrow(Configuration.compile(moved, 8, options))
    const changed = Configuration.rankChanges(s2, s3)
    // every code whose interval moved, the moved grid's old code among them, and nothing else
    const before = new Map(Configuration.ranks(s2).map((r) => [r.gridCode, r]))
    const expected = Configuration.ranks(s3).filter((r) => {
      const was = before.get(r.gridCode)
      return was === undefined || was.pre !== r.pre || was.post !== r.post
    })
    expect(changed).toEqual(expected)
    expect(changed.map((r) => r.gridCode)).toContain("620981101202")
    expect(changed.map((r) => r.gridCode)).toContain("620981102202")
    expect(changed.length).toBeLessThan(Configuration.ranks(s3).length)
  })

  it("timing(version) is the SLA table and calendar in force at that version", () => {
    const d1 = decide(City.empty, city).document
    const policies = [
      { kind: "event", clock: "handle", target: { limit: { amount: 2, unit: "workingDays" as const } } }
    ]
    const d2 = CityChange.fold(
      d1,
      decide(d1, [{ _tag: "SetSla", policies }]).events.map((event) => ({ event, version: 7 }))
    )
    const d3 = CityChange.fold(
      d2,
      decide(d2, [{ _tag: "AddNotice", notice: notice2027 }]).events.map((event) => ({ event, version: 9 }))
    )
    const s = Result.getOrThrow(Configuration.compile(d3, 9, options))
    const handle = (t: Configuration.Timing) =>
      Result.map(Sla.lookup(t.sla, { kind: "event", category: "event" }, "handle"), (p) => p.target)
    expect(handle(s.timing(6))).not.toEqual(handle(s.timing(7)))
    expect(Result.getOrThrow(handle(s.timing(7)))).toEqual(policies[0]!.target)
    expect(s.timing(8).calendar.provisionalYears).toEqual([2027])
    expect(s.timing(9).calendar.provisionalYears).toEqual([])
    expect(Result.getOrThrow(Calendar.isWorkingDay(s.timing(9).calendar, "2027-01-30"))).toBe(true)
    expect(Result.getOrThrow(Calendar.isWorkingDay(s.timing(8).calendar, "2027-01-30"))).toBe(false)
    expect(s.timing(100)).toBe(s.timing(9))
  })
})

describe("Configuration.layerStore", () => {
  const live = (store: Context.Context<CityStore.CityStore>, over: Partial<Configuration.Options> = {}) =>
    Layer.build(
      Configuration.layerStore({ ...options, pollMs: 0, ...over }).pipe(Layer.provide(Layer.succeedContext(store)))
    ).pipe(Effect.map((ctx) => Context.get(ctx, Configuration.Configuration)))

  const append = (document: City.Document, version: number, changes: ReadonlyArray<CityChange.Change>) =>
    Effect.gen(function* () {
      const store = yield* CityStore.CityStore
      const d = decide(document, changes, version)
      const r = yield* store.append({
        expectedVersion: version,
        events: d.events.map(CityChange.encode) as [ReturnType<typeof CityChange.encode>]
      })
      return { decision: d, head: r._tag === "Appended" ? r.head : undefined }
    })

  it("an empty store is the empty city; a seed is decided and appended once", () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const memory = yield* Memory.make
          const empty = yield* live(memory.services)
          expect((yield* empty.current).version).toBe(0)
          expect((yield* empty.current).tree.size).toBe(0)
          const memory2 = yield* Memory.make
          const seeded = yield* live(memory2.services, { seed: { changes: city as [CityChange.Change] } })
          expect((yield* seeded.current).version).toBe(city.length)
          expect((yield* seeded.current).tree.size).toBe(5)
          // a second server on the seeded store leaves it as it is
          yield* live(memory2.services, { seed: { changes: city as [CityChange.Change] } })
          expect((yield* memory2.city.events).length).toBe(city.length)
        })
      )
    ))

  it("a change adopted in-process is in effect at once; another reader sees it at its next refresh", () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const memory = yield* Memory.make
          const a = yield* live(memory.services, { seed: { changes: city as [CityChange.Change] } })
          const b = yield* live(memory.services)
          const before = yield* a.current
          const held = yield* b.current
          const { decision, head } = yield* append(before.document, before.version, [
            { _tag: "RenameGrid", code: "620981101", name: { zh: "新镇", en: "New town" } }
          ]).pipe(Effect.provide(memory.services))
          yield* a.adopt(head!, decision.document)
          const renamed = (s: Configuration.Snapshot) => Grid.record(s.tree, Grid.id(s.tree, "620981101")!).name.zh
          expect(renamed(yield* a.current)).toBe("新镇")
          expect(renamed(yield* b.current)).toBe("620981101")
          yield* b.refresh
          expect(renamed(yield* b.current)).toBe("新镇")
          expect((yield* b.current).version).toBe(head!.version)
          // what did not change is reused: the router of the new snapshot is the old one
          expect((yield* b.current).router).toBe(held.router)
          expect((yield* b.current).tree).not.toBe(held.tree)
        })
      )
    ))

  it("keeps a snapshot after enough events, and a reader starts from it; a snapshot off the stream is ignored", () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const memory = yield* Memory.make
          const a = yield* live(memory.services, { seed: { changes: city as [CityChange.Change] }, snapshotEvery: 3 })
          const saved = yield* memory.city.snapshots
          expect(saved.map((s) => s.version)).toEqual([city.length])
          const b = yield* live(memory.services, { snapshotEvery: 3 })
          expect((yield* b.current).document).toEqual((yield* a.current).document)
          // a snapshot whose hash is not the stream's is not read
          const store = Context.get(memory.services, CityStore.CityStore)
          yield* store.saveSnapshot({ version: 2, hash: "not-the-hash", document: { grids: "garbage" } })
          const c = yield* live(memory.services, { snapshotEvery: 1000 })
          expect((yield* c.current).document).toEqual((yield* a.current).document)
          expect(Option.isSome(yield* store.snapshot)).toBe(true)
        })
      )
    ))
})
