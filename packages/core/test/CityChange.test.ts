/**
 * The configuration's decider, given / when / then: a batch of changes on a document
 * yields events (each with the actor, the instant and the reason) that fold into the
 * document the decision returns, or a refusal naming every problem's change and path,
 * or the work it would strand; and who may make which change.
 */
import { Access, Calendar, CalendarNotice, City, CityChange, Configuration, type Grid, Sla } from "@gridgov/core"
import { Result } from "effect"
import { describe, expect, it } from "vitest"

const name = (zh: string, en: string) => ({ zh, en })
const grid = (code: string, parent: string | null, kind: string, zh = code): Grid.GridRecord => ({
  code,
  parent,
  kind,
  name: name(zh, zh)
})
const unit = (id: string, type: "center" | "subCenter" | "department" | "committee" = "department") => ({
  id,
  type,
  name: name(id, id),
  takes: []
})

const system = { id: "system", roles: ["system"] }
const at = Date.UTC(2026, 0, 5, 1)
const context = (over: Partial<CityChange.Context> = {}): CityChange.Context => ({
  actor: system,
  reason: "test",
  now: at,
  version: 0,
  today: "2026-01-05",
  ...over
})

const town = "620981101"
const village = "620981101201"
const block = "620981101201001"
const otherVillage = "620981101202"
const otherTown = "620981102"

/** A small city: two towns, two villages, a block; the center and a department; three people. */
const base: ReadonlyArray<CityChange.Change> = [
  { _tag: "AddGrid", record: grid("620981", null, "city") },
  { _tag: "AddGrid", record: grid(town, "620981", "town") },
  { _tag: "AddGrid", record: grid(otherTown, "620981", "town") },
  { _tag: "AddGrid", record: grid(village, town, "village") },
  { _tag: "AddGrid", record: grid(otherVillage, town, "village") },
  { _tag: "AddGrid", record: grid(block, village, "group") },
  { _tag: "AddUnit", unit: unit("center", "center") },
  { _tag: "AddUnit", unit: unit("center.grid", "subCenter") },
  { _tag: "AddUnit", unit: unit("dept.office") },
  { _tag: "AddUnit", unit: unit("dept.water") },
  { _tag: "AddPerson", person: { id: "p-1", name: "张三" } },
  { _tag: "AddPerson", person: { id: "p-2", name: "李四" } },
  { _tag: "AddPerson", person: { id: "p-3", name: "王五" } },
  { _tag: "AddPost", post: { person: "p-1", role: "gridWorker", at: { grid: block }, validFrom: "2025-01-01" } },
  { _tag: "AddPost", post: { person: "p-2", role: "admin", at: { grid: town }, validFrom: "2025-01-01" } },
  {
    _tag: "AddPost",
    post: { person: "p-3", role: "departmentOfficer", at: { unit: "dept.water" }, validFrom: "2025-01-01" }
  }
]

const decide = (document: City.Document, changes: ReadonlyArray<CityChange.Change>, over = {}) =>
  CityChange.decide(document, changes as [CityChange.Change, ...Array<CityChange.Change>], context(over))

const city = Result.getOrThrow(decide(City.empty, base)).document

/** The refusal of a batch, as [tag, change, path] triples. */
const refused = (r: Result.Result<CityChange.Decision, CityChange.Rejected | CityChange.Stranded>) => {
  if (Result.isSuccess(r)) throw new Error("expected a refusal")
  return r.failure._tag === "CityChangeRejected"
    ? r.failure.issues.map((i) => [i._tag, i.change, i.path.join(".")])
    : r.failure.strands.map((s) => [s._tag, s.change, s.subject, [...s.items]])
}

describe("CityChange: deciding", () => {
  it("a city from nothing: one event per change, each with the actor, instant and reason, folding to the document", () => {
    const decision = Result.getOrThrow(decide(City.empty, base, { reason: "初始导入" }))
    expect(decision.events.map((e) => e._tag)).toEqual([
      ...Array(6).fill("GridAdded"),
      ...Array(4).fill("UnitAdded"),
      ...Array(3).fill("PersonAdded"),
      ...Array(3).fill("PostAdded")
    ])
    for (const e of decision.events) expect([e.actor, e.at, e.reason, e.v]).toEqual([system, at, "初始导入", 1])
    // the events, folded one by one, give the document the decision returns
    const folded = decision.events.reduce((d, e, i) => CityChange.evolve(d, e, i + 1), City.empty)
    expect(folded).toEqual(decision.document)
    expect(decision.document.posts.map((p) => p.id)).toEqual(["p-1#1", "p-2#1", "p-3#1"])
    // an event stored and read back is the event
    const stored = decision.events.map((e, i) => ({
      ...CityChange.encode(e),
      streamId: "city",
      version: i + 1,
      position: i + 1,
      prevHash: "",
      hash: ""
    }))
    expect(stored.map((s) => Result.getOrThrow(CityChange.decodeStored(JSON.parse(JSON.stringify(s)))))).toEqual(
      decision.events
    )
  })

  it("the document a decision returns is the stream's fold: an SLA tier or notice takes effect at its stream version", () => {
    const policies = [
      { kind: "event", clock: "handle", target: { limit: { amount: 2, unit: "workingDays" as const } } }
    ]
    const notice: CalendarNotice.Notice = {
      id: "2026",
      year: 2026,
      title: "国务院办公厅关于2026年部分节假日安排的通知",
      date: "2025-11-04",
      festivals: [{ name: "newYear", label: "元旦", rest: ["2026-01-01", "2026-01-03"], work: ["2026-01-04"] }]
    }
    // the document is at version 40: the batch's events are 41 and 42
    const decision = Result.getOrThrow(
      decide(
        city,
        [
          { _tag: "SetSla", policies },
          { _tag: "AddNotice", notice }
        ],
        { version: 40 }
      )
    )
    expect(decision.document.sla.at(-1)?.since).toBe(41)
    expect(decision.document.notices.at(-1)?.since).toBe(42)
    expect(decision.document).toEqual(
      CityChange.fold(
        city,
        decision.events.map((event, i) => ({ event, version: 41 + i }))
      )
    )
  })

  it("a batch with problems is refused whole, each problem naming its change and where in it", () => {
    const r = decide(city, [
      { _tag: "RenameGrid", code: town, name: name("新名", "New") },
      { _tag: "AddGrid", record: grid("620981103", "620981999", "town") },
      { _tag: "AddPerson", person: { id: "p-1", name: "again" } },
      {
        _tag: "AddPost",
        post: { person: "p-nobody", role: "gridWorker", at: { grid: block }, validFrom: "2026-01-01" }
      },
      { _tag: "EndPost", id: "p-9#1", on: "2026-01-31" },
      { _tag: "AddPost", post: { person: "p-3", role: "gridWorker", at: { grid: "620981" }, validFrom: "2026-01-01" } }
    ])
    expect(refused(r)).toEqual([
      ["UnknownParent", 1, "record.parent"],
      ["DuplicatePerson", 2, "person.id"],
      ["UnknownPost", 4, "id"]
    ])
    // once the references hold, the whole is checked: the directory's problems name their change too
    const whole = decide(city, [
      {
        _tag: "AddPost",
        post: { person: "p-nobody", role: "gridWorker", at: { grid: block }, validFrom: "2026-01-01" }
      },
      {
        _tag: "AddPost",
        post: { person: "p-3", role: "gridWorker", at: { unit: "dept.water" }, validFrom: "2026-01-01" }
      }
    ])
    expect(refused(whole)).toEqual([
      ["UnknownPerson", 0, "post.person"],
      ["WrongPlace", 1, "post.at"]
    ])
  })

  it("a problem of the grid tree names the field inside the record the change gave (an added grid, a split's part)", () => {
    const r = decide(city, [
      { _tag: "RenameGrid", code: town, name: name("新名", "New") },
      { _tag: "AddGrid", record: grid("620981101201009", village, "block") },
      {
        _tag: "SplitGrid",
        code: block,
        into: [grid("620981101201002", village, "group"), grid("620981101201003", village, "plot")],
        successor: "620981101201002"
      }
    ])
    expect(refused(r)).toEqual([
      ["UnknownKind", 1, "record.kind"],
      ["UnknownKind", 2, "into.1.kind"]
    ])
    // a post at an unknown grid or unit is named with the other changes' problems, not only once they hold
    const posts = decide(city, [
      { _tag: "EndPost", id: "p-9#1", on: "2026-01-31" },
      {
        _tag: "AddPost",
        post: { person: "p-1", role: "gridChief", at: { grid: "620981999" }, validFrom: "2026-01-01" }
      },
      { _tag: "TransferPost", id: "p-3#1", to: { unit: "dept.nowhere" }, on: "2026-02-01" }
    ])
    expect(refused(posts)).toEqual([
      ["UnknownPost", 0, "id"],
      ["UnknownGrid", 1, "post.at.grid"],
      ["UnknownUnit", 2, "to.unit"]
    ])
    // a field the change does not have points at the change as a whole, never at a path the body lacks
    const moved = decide(city, [{ _tag: "MoveGrid", code: village, parent: block }])
    for (const [, change, path] of refused(moved) as Array<[string, number, string]>) {
      expect(change).toBe(0)
      expect(["", "code", "parent", "suffix"]).toContain(path.split(".")[0])
    }
  })

  it("untrusted input is decoded with every problem named", () => {
    const r = CityChange.decodeChange({ _tag: "EndPost", id: "", on: "2026-02-30" }, 7)
    expect(Result.isFailure(r) && r.failure.issues.map((i) => [i.change, i.path.join(".")])).toEqual([
      [7, "id"],
      [7, "on"]
    ])
  })

  it("a move renames the subtree; posts and routing rules at its codes follow as events of their own", () => {
    const routed = Result.getOrThrow(
      decide(city, [
        {
          _tag: "SetRouting",
          table: {
            ...City.emptyRouting,
            rules: [{ id: "block-rule", grid: block, kind: "event", target: { unit: "dept.water" } }]
          }
        }
      ])
    ).document
    const moved = Result.getOrThrow(decide(routed, [{ _tag: "MoveGrid", code: village, parent: otherTown }]))
    const newVillage = "620981102201"
    const newBlock = "620981102201001"
    expect(moved.events.map((e) => e._tag)).toEqual(["GridMoved", "PostEdited", "RoutingSet"])
    expect(moved.events[0]).toMatchObject({
      codes: [
        { from: village, to: newVillage },
        { from: block, to: newBlock }
      ]
    })
    const d = moved.document
    expect(d.grids.map((g) => g.code)).toContain(newBlock)
    expect(d.grids.map((g) => g.code)).not.toContain(block)
    expect(d.posts.find((p) => p.id === "p-1#1")?.at).toEqual({ grid: newBlock })
    expect(d.routing.rules[0]?.grid).toBe(newBlock)
    expect(d.moved).toEqual([
      { from: village, to: newVillage },
      { from: block, to: newBlock }
    ])
    // an old code names no new grid
    expect(refused(decide(d, [{ _tag: "AddGrid", record: grid(village, town, "village") }]))).toEqual([
      ["CodeInHistory", 0, "record.code"]
    ])
  })

  it("a move onto a code taken under the new parent is refused at its suffix, naming the code", () => {
    const taken = Result.getOrThrow(
      decide(city, [{ _tag: "AddGrid", record: grid("620981102202", otherTown, "village") }])
    ).document
    const r = decide(taken, [{ _tag: "MoveGrid", code: otherVillage, parent: otherTown }])
    expect(refused(r)).toEqual([["DuplicateCode", 0, "suffix"]])
    expect(Result.isFailure(r) && r.failure.message).toMatch(/620981102202.*free suffix/)
    expect(
      Result.isSuccess(decide(taken, [{ _tag: "MoveGrid", code: otherVillage, parent: otherTown, suffix: "203" }]))
    ).toBe(true)
  })

  it("split and merge are compositions of add and retire", () => {
    const split = Result.getOrThrow(
      decide(city, [
        {
          _tag: "SplitGrid",
          code: block,
          into: [grid("620981101201002", village, "group"), grid("620981101201003", village, "group")],
          successor: "620981101201002"
        }
      ])
    )
    expect(split.events.map((e) => e._tag)).toEqual(["GridAdded", "GridAdded", "GridRetired"])
    const merged = Result.getOrThrow(decide(city, [{ _tag: "MergeGrids", codes: [otherVillage], into: village }]))
    expect(merged.events).toMatchObject([{ _tag: "GridRetired", code: otherVillage, successor: village }])
  })

  it("the SLA tier and the notices keep the version they took effect at", () => {
    const policies: ReadonlyArray<City.SlaPolicy> = [
      { kind: "event", clock: "handle", target: { limit: { amount: 2, unit: "workingDays" } } }
    ]
    const d = Result.getOrThrow(decide(city, [{ _tag: "SetSla", policies }]))
    const folded = CityChange.fold(
      city,
      d.events.map((event) => ({ event, version: 17 }))
    )
    expect(folded.sla).toEqual([{ since: 17, policies }])
    expect(City.slaPolicies(folded)).toEqual(policies)
  })
})

describe("CityChange: personal data stays off the chain", () => {
  it("contact details are checked and kept off the chain; the events say only which fields changed", () => {
    const d = Result.getOrThrow(
      decide(city, [
        { _tag: "AddPerson", person: { id: "p-4", name: "赵六" }, contact: { phone: "13800138000" } },
        { _tag: "SetContact", person: "p-1", contact: { phone: "13900139000", idNumber: "11010519491231002X" } },
        { _tag: "EraseContact", person: "p-2" }
      ])
    )
    expect(d.events.map((e) => e._tag)).toEqual(["PersonAdded", "ContactChanged", "ContactChanged", "ContactErased"])
    expect(d.events[2]).toMatchObject({ person: "p-1", fields: ["idNumber", "phone"] })
    expect(JSON.stringify(d.events)).not.toMatch(/13800138000|13900139000|11010519491231002X/)
    expect(d.offChain).toEqual([
      { key: "contact/p-4", value: { phone: "13800138000" } },
      { key: "contact/p-1", value: { phone: "13900139000", idNumber: "11010519491231002X" } },
      { key: "contact/p-2", value: null }
    ])
    expect(
      refused(
        decide(city, [
          { _tag: "SetContact", person: "p-1", contact: { phone: "12345", idNumber: "110105194912310021" } }
        ])
      )
    ).toEqual([
      ["InvalidPhone", 0, "contact.phone"],
      ["InvalidIdNumber", 0, "contact.idNumber"]
    ])
  })

  it("a subscriber's secret is kept off the chain; removing the subscriber erases it", () => {
    const subscriber = { id: "hook-1", channel: "webhook", target: "https://example.org/hook" }
    const d = Result.getOrThrow(
      decide(city, [{ _tag: "SetSubscriber", subscriber, secret: "s3cret-0123456789abcdef" }])
    )
    expect(d.events).toMatchObject([{ _tag: "SubscriberSet", subscriber, secret: true }])
    expect(JSON.stringify(d.events)).not.toContain("s3cret")
    expect(d.offChain).toEqual([{ key: "secret/hook-1", value: "s3cret-0123456789abcdef" }])
    const removed = Result.getOrThrow(decide(d.document, [{ _tag: "RemoveSubscriber", id: "hook-1" }]))
    expect(removed.offChain).toEqual([{ key: "secret/hook-1", value: null }])
    expect(removed.document.subscribers).toEqual([])
  })
})

describe("CityChange: work a change would strand", () => {
  it("ending the last post that covers a grid is refused naming the grid, unless a replacement is named", () => {
    const end: CityChange.Change = { _tag: "EndPost", id: "p-1#1", on: "2026-01-31" }
    expect(refused(decide(city, [end]))).toEqual([["UncoveredGrid", 0, block, ["p-1#1"]]])
    const replaced = Result.getOrThrow(decide(city, [{ ...end, replacement: { person: "p-3" } }]))
    expect(replaced.events.map((e) => e._tag)).toEqual(["PostEnded", "PostAdded"])
    expect(replaced.document.posts.at(-1)).toEqual({
      id: "p-3#2",
      person: "p-3",
      role: "gridWorker",
      at: { grid: block },
      validFrom: "2026-02-01"
    })
    // or someone posted there in the same batch
    expect(
      Result.isSuccess(
        decide(city, [
          end,
          { _tag: "AddPost", post: { person: "p-2", role: "gridWorker", at: { grid: block }, validFrom: "2026-01-20" } }
        ])
      )
    ).toBe(true)
  })

  it("closing a unit is refused with its open cases, its posts and the routing that names it", () => {
    const routed = Result.getOrThrow(
      decide(city, [
        {
          _tag: "SetRouting",
          table: { ...City.emptyRouting, rules: [{ id: "water", kind: "dispute", target: { unit: "dept.water" } }] }
        }
      ])
    ).document
    const close: CityChange.Change = { _tag: "CloseUnit", id: "dept.water", on: "2026-01-31" }
    expect(CityChange.needs(routed, [close])).toEqual([{ _tag: "Held", unit: "dept.water" }])
    const usage = (q: CityChange.UsageQuery) =>
      q._tag === "Held" && q.unit === "dept.water" ? { ids: ["case-1", "case-2"], total: 7 } : undefined
    const r = decide(routed, [close], { usage })
    expect(refused(r)).toEqual([
      ["OpenCases", 0, "dept.water", ["case-1", "case-2"]],
      ["ActivePosts", 0, "dept.water", ["p-3#1"]],
      ["InUse", 0, "dept.water", ["rules.0.target"]]
    ])
    expect(Result.isFailure(r) && r.failure._tag === "CityChangeStrands" && r.failure.strands[0]?.total).toBe(7)
  })

  it("removing a category with open cases is refused, unless the change maps it to one that stays", () => {
    const entries = city.categories.filter((e) => e.code !== "dispute.water")
    const usage = (q: CityChange.UsageQuery) =>
      q._tag === "Category" && q.code === "dispute.water" ? { ids: ["case-9"], total: 1 } : undefined
    expect(CityChange.needs(city, [{ _tag: "SetCategories", entries }])).toEqual([
      { _tag: "Category", code: "dispute.water" }
    ])
    expect(refused(decide(city, [{ _tag: "SetCategories", entries }], { usage }))).toEqual([
      ["OpenCases", 0, "dispute.water", ["case-9"]]
    ])
    const mapped = Result.getOrThrow(
      decide(city, [{ _tag: "SetCategories", entries, mapping: [{ from: "dispute.water", to: "dispute.land" }] }], {
        usage
      })
    )
    expect(mapped.document.categoryMap).toEqual([{ from: "dispute.water", to: "dispute.land" }])
    // and the configuration counts such a case where the mapping says
    const calendar = Result.getOrThrow(Calendar.make({ years: { from: 2025, to: 2027 } }))
    const snapshot = Result.getOrThrow(
      Configuration.compile(mapped.document, 1, { calendar: CalendarNotice.builder(calendar), national: Sla.national })
    )
    expect(snapshot.category("dispute.water.irrigation")).toBe("dispute.land.irrigation")
  })
})

describe("CityChange: who may change what", () => {
  const townAdmin: Access.Actor = { id: "p-2", posts: [{ role: "admin", at: { grid: town } }] }
  const cityAdmin: Access.Actor = { id: "a-1", posts: [{ role: "admin", at: { unit: "center" } }] }
  const worker: Access.Actor = { id: "p-1", posts: [{ role: "gridWorker", at: { grid: block } }] }
  const allowed = (actor: Access.Actor, changes: ReadonlyArray<CityChange.Change>) =>
    Result.isSuccess(CityChange.authorize(city, actor, changes))
  const reason = (actor: Access.Actor, changes: ReadonlyArray<CityChange.Change>) => {
    const r = CityChange.authorize(city, actor, changes)
    return Result.isFailure(r) ? r.failure.reason : "allowed"
  }

  it("a town's admin changes the town's grids and the posts there, nothing outside or city-wide", () => {
    expect(allowed(townAdmin, [{ _tag: "RenameGrid", code: village, name: name("村", "Village") }])).toBe(true)
    expect(allowed(townAdmin, [{ _tag: "EndPost", id: "p-1#1", on: "2026-01-31" }])).toBe(true)
    // a grid added under the town, and someone posted there, in one batch
    expect(
      allowed(townAdmin, [
        { _tag: "AddGrid", record: grid("620981101203", town, "village") },
        { _tag: "AddPerson", person: { id: "p-9", name: "新" } },
        {
          _tag: "AddPost",
          post: { person: "p-9", role: "gridWorker", at: { grid: "620981101203" }, validFrom: "2026-01-05" }
        }
      ])
    ).toBe(true)
    expect(reason(townAdmin, [{ _tag: "RenameGrid", code: otherTown, name: name("镇", "Town") }])).toBe(
      "OutsideJurisdiction"
    )
    expect(reason(townAdmin, [{ _tag: "MoveGrid", code: village, parent: otherTown }])).toBe("OutsideJurisdiction")
    expect(reason(townAdmin, [{ _tag: "EndPost", id: "p-3#1", on: "2026-01-31" }])).toBe("OutsideJurisdiction")
    for (const change of [
      { _tag: "SetRouting", table: City.emptyRouting },
      { _tag: "SetSla", policies: [] },
      { _tag: "SetWeights", weights: city.weights },
      { _tag: "AddUnit", unit: unit("dept.new") }
    ] as const) {
      expect(reason(townAdmin, [change])).toBe("OutsideJurisdiction")
      expect(allowed(cityAdmin, [change])).toBe(true)
      expect(allowed({ id: "system", posts: [{ role: "system", at: null }] }, [change])).toBe(true)
    }
  })

  it("anyone without an admin post changes nothing", () => {
    expect(reason(worker, [{ _tag: "RenameGrid", code: block, name: name("组", "Group") }])).toBe("AdminOnly")
    expect(reason(Access.resident("r-1"), [{ _tag: "EraseContact", person: "p-1" }])).toBe("AdminOnly")
  })
})
