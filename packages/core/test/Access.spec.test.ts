/**
 * Given / when / then examples of the access rules (docs/explanation/access.md): given
 * a case's history and an actor, when they issue a command (or read), then the post
 * they act under, or the reason they are denied.
 */
import { Access, Case, Grid, Staff } from "@gridgov/core"
import { Result } from "effect"
import { describe, expect, it } from "vitest"

const name = (zh: string) => ({ zh, en: zh })
const tree = Result.getOrThrow(
  Grid.build([
    { code: "620981", parent: null, kind: "city", name: name("玉门市") },
    { code: "620981101", parent: "620981", kind: "town", name: name("玉门镇") },
    { code: "620981102", parent: "620981", kind: "town", name: name("赤金镇") },
    { code: "620981101201", parent: "620981101", kind: "village", name: name("甲村") },
    { code: "620981101202", parent: "620981101", kind: "village", name: name("乙村") },
    { code: "620981102201", parent: "620981102", kind: "village", name: name("丙村") },
    { code: "620981101201001", parent: "620981101201", kind: "group", name: name("甲一组") },
    { code: "620981101201002", parent: "620981101201", kind: "group", name: name("甲二组") },
    {
      code: "620981101201001X001",
      parent: "620981101201001",
      kind: "exclusive",
      name: name("快递"),
      specialty: "courier"
    },
    { code: "620981101X001", parent: "620981101", kind: "exclusive", name: name("林区"), specialty: "forest" }
  ])
)
const context: Access.Context = { tree }

const directory = Result.getOrThrow(
  Staff.directory(
    {
      people: ["w1", "c1", "x1", "o1", "d1", "d2", "m1"].map((id) => ({ id, name: id })),
      units: [
        { id: "center", type: "center", name: name("中心"), takes: [] },
        { id: "center.grid", type: "subCenter", name: name("综治中心"), parent: "center", takes: [] },
        { id: "dept.housing", type: "department", name: name("住建局"), takes: [] },
        { id: "dept.water", type: "department", name: name("水务局"), takes: [] },
        { id: "committee.water", type: "committee", name: name("水事调委会"), takes: [] }
      ],
      posts: [
        { person: "w1", role: "gridWorker", at: { grid: "620981101201001" }, validFrom: "2021-01-01" },
        { person: "c1", role: "gridChief", at: { grid: "620981101201" }, validFrom: "2021-01-01" },
        { person: "x1", role: "exclusiveMember", at: { grid: "620981101X001" }, validFrom: "2021-01-01" },
        { person: "o1", role: "departmentOfficer", at: { unit: "dept.housing" }, validFrom: "2021-01-01" },
        { person: "d1", role: "dispatcher", at: { unit: "center.grid" }, validFrom: "2021-01-01" },
        { person: "d2", role: "dispatcher", at: { grid: "620981102" }, validFrom: "2021-01-01" },
        {
          person: "m1",
          role: "mediator",
          at: { unit: "committee.water" },
          validFrom: "2021-01-01",
          validTo: "2021-03-31"
        }
      ]
    },
    tree
  )
)
const date = "2021-05-01"
const worker = Access.actor(directory, "w1", date)
const chief = Access.actor(directory, "c1", date)
const member = Access.actor(directory, "x1", date)
const officer = Access.actor(directory, "o1", date)
const centerDispatcher = Access.actor(directory, "d1", date)
const townDispatcher = Access.actor(directory, "d2", date)
const resident = Access.resident("r-1")
const neighbour = Access.resident("r-2")

const as = (actor: Access.Actor, role: Staff.Role): Case.ActorRef => ({ id: actor.id, role })

const open = (actor: Access.Actor, role: Staff.Role, place: string, extra: Partial<Case.Command> = {}): Case.Command =>
  ({
    _tag: "Open",
    actor: as(actor, role),
    kind: "event",
    id: "c-1",
    category: "event.sanitation.garbage",
    place,
    channel: role === "public" ? "public" : "app",
    severity: role === "public" ? "ordinary" : "minor",
    ...extra
  }) as Case.Command

/** The state after running commands through the decider (each must succeed). */
const given = (...commands: ReadonlyArray<Case.Command>): Case.State =>
  commands.reduce((state, command, i) => {
    const outcome = Case.execute(command, state, 1_620_000_000_000 + i * 60_000)
    if (Result.isFailure(outcome)) throw new Error(`${command._tag}: ${outcome.failure.message}`)
    return outcome.success.state
  }, Case.initialState)

const reason = (r: Result.Result<Access.Post, Access.Denied>) =>
  Result.isFailure(r) ? r.failure.reason : { _tag: "Allowed" as const }

const block = "620981101201001"
const reported = given(open(worker, "gridWorker", block))
const registered = given(open(worker, "gridWorker", block), {
  _tag: "Register",
  actor: as(centerDispatcher, "dispatcher")
})
const toHousing = given(
  open(worker, "gridWorker", block),
  { _tag: "Register", actor: as(centerDispatcher, "dispatcher") },
  { _tag: "Dispatch", actor: as(centerDispatcher, "dispatcher"), to: { unit: "dept.housing" } }
)
const sentBack = given(
  open(worker, "gridWorker", block),
  { _tag: "Register", actor: as(centerDispatcher, "dispatcher") },
  { _tag: "Dispatch", actor: as(centerDispatcher, "dispatcher"), to: { unit: "dept.housing" } },
  { _tag: "Return", actor: as(officer, "departmentOfficer"), reason: "not ours" },
  { _tag: "Dispatch", actor: as(centerDispatcher, "dispatcher"), to: { unit: "dept.water" } }
)

describe("Access: reporting a case", () => {
  it("given a grid worker, when they report in their own block, then they act under their block post", () => {
    const r = Access.authorize(context, worker, open(worker, "gridWorker", block), Case.initialState)
    expect(r).toEqual(Result.succeed({ role: "gridWorker", at: { grid: block } }))
  })

  it("given a grid worker, when they report in the exclusive grid their block hosts, then it is allowed", () => {
    const r = Access.authorize(context, worker, open(worker, "gridWorker", `${block}X001`), Case.initialState)
    expect(Result.isSuccess(r)).toBe(true)
  })

  it("given a grid worker, when they report in the next block, then it is outside their jurisdiction", () => {
    const r = Access.authorize(context, worker, open(worker, "gridWorker", "620981101201002"), Case.initialState)
    expect(reason(r)).toEqual({ _tag: "OutsideJurisdiction", role: "gridWorker" })
  })

  it("given a grid chief of a village, when they report anywhere below it, then it is allowed, and not in the next village", () => {
    expect(Result.isSuccess(Access.authorize(context, chief, open(chief, "gridChief", block), Case.initialState))).toBe(
      true
    )
    const next = Access.authorize(context, chief, open(chief, "gridChief", "620981101202"), Case.initialState)
    expect(reason(next)).toEqual({ _tag: "OutsideJurisdiction", role: "gridChief" })
  })

  it("given the public, when they report anywhere in the city, then it is allowed; an unknown place is named", () => {
    expect(
      Result.isSuccess(Access.authorize(context, resident, open(resident, "public", "620981102201"), Case.initialState))
    ).toBe(true)
    const r = Access.authorize(context, resident, open(resident, "public", "999999"), Case.initialState)
    expect(reason(r)).toEqual({ _tag: "UnknownPlace", place: "999999" })
  })

  it("given the public, when they report a kind the machine does not let the public open, then the role is not allowed", () => {
    const r = Access.authorize(
      context,
      resident,
      open(resident, "public", block, { kind: "hotline", category: "hotline.complaint" }),
      Case.initialState
    )
    expect(reason(r)).toEqual({ _tag: "RoleNotAllowed", role: "public", kind: "hotline" })
  })

  it("given a grid worker, when they issue a command in a role they do not hold or another's name, then it is denied", () => {
    expect(reason(Access.authorize(context, worker, open(worker, "gridChief", block), Case.initialState))).toEqual({
      _tag: "NoPost",
      role: "gridChief"
    })
    expect(reason(Access.authorize(context, worker, open(chief, "gridChief", block), Case.initialState))).toEqual({
      _tag: "ActorMismatch"
    })
  })

  it("given a mediator whose post ended, when they act, then they hold no post that day", () => {
    const former = Access.actor(directory, "m1", date)
    expect(former.posts).toEqual([])
    const r = Access.authorize(
      context,
      former,
      open(former, "mediator", block, { kind: "dispute", category: "dispute.water" }),
      Case.initialState
    )
    expect(reason(r)).toEqual({ _tag: "NoPost", role: "mediator" })
  })
})

describe("Access: acting on a case", () => {
  it("given a reported case, when a center dispatcher registers it, then they act city-wide", () => {
    const r = Access.authorize(
      context,
      centerDispatcher,
      { _tag: "Register", actor: as(centerDispatcher, "dispatcher") },
      reported
    )
    expect(r).toEqual(Result.succeed({ role: "dispatcher", at: { unit: "center.grid" } }))
  })

  it("given a case in another town, when a town dispatcher registers it, then it is outside their jurisdiction", () => {
    const r = Access.authorize(
      context,
      townDispatcher,
      { _tag: "Register", actor: as(townDispatcher, "dispatcher") },
      reported
    )
    expect(reason(r)).toEqual({ _tag: "OutsideJurisdiction", role: "dispatcher" })
  })

  it("given a case in their block, when the grid worker registers it, then the machine does not allow the role", () => {
    const r = Access.authorize(context, worker, { _tag: "Register", actor: as(worker, "gridWorker") }, reported)
    expect(reason(r)).toEqual({ _tag: "RoleNotAllowed", role: "gridWorker", kind: "event" })
  })

  it("given a case dispatched to housing, when the housing officer signs for it, then they act under their unit", () => {
    const r = Access.authorize(
      context,
      officer,
      { _tag: "Acknowledge", actor: as(officer, "departmentOfficer") },
      toHousing
    )
    expect(r).toEqual(Result.succeed({ role: "departmentOfficer", at: { unit: "dept.housing" } }))
  })

  it("given a case not dispatched to housing, when the housing officer acts, then it is outside their jurisdiction", () => {
    const r = Access.authorize(
      context,
      officer,
      { _tag: "Acknowledge", actor: as(officer, "departmentOfficer") },
      registered
    )
    expect(reason(r)).toEqual({ _tag: "OutsideJurisdiction", role: "departmentOfficer" })
    expect(Access.canRead(context, officer, registered)).toBe(false)
  })

  it("given a case housing returned and the center sent to water, then housing still reads it but no longer acts", () => {
    expect(sentBack.held).toEqual(["dept.housing", "dept.water"])
    expect(Access.canRead(context, officer, sentBack)).toBe(true)
    const r = Access.authorize(
      context,
      officer,
      { _tag: "Acknowledge", actor: as(officer, "departmentOfficer") },
      sentBack
    )
    expect(reason(r)).toEqual({ _tag: "NotHandler", role: "departmentOfficer" })
  })

  it("given a case an exclusive member's grid does not hold, then the member can neither read nor act on it", () => {
    expect(Access.canRead(context, member, reported)).toBe(false)
    const inForest = given(open(member, "exclusiveMember", "620981101X001"))
    expect(Access.canRead(context, member, inForest)).toBe(true)
    expect(Access.canRead(context, worker, inForest)).toBe(false)
  })

  it("given the public, when they act on a case they did not report, then they are not its reporter, whether it exists or not", () => {
    const theirs = given(open(resident, "public", block))
    expect(Access.canRead(context, resident, theirs)).toBe(true)
    expect(Access.canRead(context, neighbour, theirs)).toBe(false)
    const urge = (a: Access.Actor): Case.Command => ({ _tag: "Urge", actor: as(a, "public"), note: "please" })
    expect(reason(Access.authorize(context, neighbour, urge(neighbour), theirs))).toEqual({ _tag: "NotReporter" })
    expect(reason(Access.authorize(context, neighbour, urge(neighbour), Case.initialState))).toEqual({
      _tag: "NotReporter"
    })
    expect(reason(Access.authorize(context, resident, urge(resident), theirs))).toEqual({
      _tag: "RoleNotAllowed",
      role: "public",
      kind: "event"
    })
  })

  it("given a running clock, when system warns, then system acts city-wide, but may not register", () => {
    const sys = Access.system()
    const warn: Case.Command = { _tag: "SlaWarn", actor: as(sys, "system"), clock: "register" }
    expect(Result.isSuccess(Access.authorize(context, sys, warn, reported))).toBe(true)
    expect(reason(Access.authorize(context, sys, { _tag: "Register", actor: as(sys, "system") }, reported))).toEqual({
      _tag: "RoleNotAllowed",
      role: "system",
      kind: "event"
    })
  })

  it("a denial for a case outside jurisdiction is the same as for a case that does not exist", () => {
    const cmd: Case.Command = { _tag: "Register", actor: as(townDispatcher, "dispatcher") }
    expect(Access.authorize(context, townDispatcher, cmd, reported)).toEqual(
      Access.authorize(context, townDispatcher, cmd, Case.initialState)
    )
  })
})

describe("Access: read scopes", () => {
  const rank = (code: string) => tree.pre[Grid.id(tree, code)!]!

  it("a grid worker's scope is their block and the exclusive grids it hosts", () => {
    expect(Access.scope(context, worker)).toEqual({
      _tag: "Some",
      grids: [
        { grid: block, pre: rank(block), post: rank(block) },
        { grid: `${block}X001`, pre: rank(`${block}X001`), post: rank(`${block}X001`) }
      ],
      units: [],
      reporter: null
    })
  })

  it("a grid chief's scope is their subtree, as Grid.interval gives it", () => {
    const id = Grid.id(tree, "620981101201")!
    expect(Access.scope(context, chief)).toEqual({
      _tag: "Some",
      grids: [{ grid: "620981101201", ...Grid.interval(tree, id) }],
      units: [],
      reporter: null
    })
  })

  it("units, the public, a center dispatcher and the system", () => {
    expect(Access.scope(context, officer)).toEqual({ _tag: "Some", grids: [], units: ["dept.housing"], reporter: null })
    expect(Access.scope(context, resident)).toEqual({ _tag: "Some", grids: [], units: [], reporter: "r-1" })
    expect(Access.scope(context, centerDispatcher)).toEqual({ _tag: "All" })
    expect(Access.scope(context, Access.system())).toEqual({ _tag: "All" })
  })

  it("filter agrees with canRead on the cases above", () => {
    const actors = [worker, chief, member, officer, centerDispatcher, townDispatcher, resident, neighbour]
    for (const state of [reported, registered, toHousing, sentBack, given(open(resident, "public", "620981102201"))])
      for (const actor of actors)
        expect(Access.filter(Access.scope(context, actor), Access.facts(context, state)), actor.id).toBe(
          Access.canRead(context, actor, state)
        )
  })
})
