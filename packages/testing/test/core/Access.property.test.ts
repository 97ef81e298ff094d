/**
 * Properties of Access over the Yumen fixture: random actors (real people from the
 * directory, hand-made posts, residents, the system) against random cases. The oracle
 * is a naive statement of the rules written apart from the module: parent walks
 * instead of interval numbers, linear scans instead of reaches.
 */
import { Access, Case, CaseKind, CaseMachine, Grid, Staff } from "@gridgov/core"
import { Yumen } from "@gridgov/testing"
import { Result } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"

const city = Yumen.make()
const { tree } = city
const context: Access.Context = { tree }
const codes = tree.records.map((r) => r.code)
const unitIds = [...Yumen.units.map((u) => u.id), "dept.unknown"]
const people = [...new Set(city.staff.posts.map((p) => p.person))]

// --- the oracle ------------------------------------------------------------------------

/** Whether grid `inner` is `outer` or below it, by walking parents. */
const below = (inner: number, outer: number): boolean => {
  for (let g = inner; g >= 0; g = Grid.parentOf(tree, g)) if (g === outer) return true
  return false
}

const cityWide = (post: Access.Post): boolean =>
  post.role === "system" ||
  post.role === "admin" ||
  (post.role === "dispatcher" && post.at !== null && "unit" in post.at && !/^dept\./.test(post.at.unit))

/** Whether a post's grid covers grid `place` (a code), per the rules. */
const gridCovers = (post: Access.Post, place: string): boolean => {
  if (post.at === null || !("grid" in post.at)) return false
  const g = Grid.id(tree, post.at.grid)
  const p = Grid.id(tree, place)
  if (g === undefined || p === undefined) return false
  if (post.role === "gridWorker") return p === g || (Grid.isExclusive(tree, p) && Grid.parentOf(tree, p) === g)
  if (post.role === "exclusiveMember") return p === g
  return below(p, g)
}

const naiveReads = (post: Access.Post, actorId: string, state: Case.State): boolean => {
  if (state.kind === null) return false
  if (cityWide(post)) return true
  if (post.role === "public") return state.reporter?.role === "public" && state.reporter.id === actorId
  if (post.at !== null && "unit" in post.at) return state.held.includes(post.at.unit)
  return gridCovers(post, state.place)
}

const naiveActs = (post: Access.Post, actorId: string, state: Case.State): boolean => {
  // The public role is scoped to the reporter, wherever a (nonsensical) post puts it.
  if (post.role !== "public" && !cityWide(post) && post.at !== null && "unit" in post.at)
    return state.handler?.unit === post.at.unit
  return naiveReads(post, actorId, state)
}

const naiveOpens = (post: Access.Post, place: string): boolean =>
  Grid.id(tree, place) !== undefined &&
  (cityWide(post) || post.role === "public" || (post.at !== null && "unit" in post.at) || gridCovers(post, place))

/** The roles the machine allows for a command in a state (any state's row when it is not defined there). */
const machineRoles = (kind: Case.Kind, status: string, command: string): ReadonlyArray<string> => {
  const rows = CaseMachine.rows(kind).filter((r) => r.command === command)
  const here = rows.filter((r) => r.from === status)
  return (here.length > 0 ? here : rows).flatMap((r) => r.roles)
}

// --- arbitraries -----------------------------------------------------------------------

const code = fc.constantFrom(...codes)
const role = fc.constantFrom(...Staff.roles)
const place = fc.oneof(
  { weight: 6, arbitrary: code.map((grid) => ({ grid })) },
  { weight: 3, arbitrary: fc.constantFrom(...unitIds).map((unit) => ({ unit })) },
  { weight: 1, arbitrary: fc.constant(null) }
)
const post: fc.Arbitrary<Access.Post> = fc.record({ role, at: place })

const actor: fc.Arbitrary<Access.Actor> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...people).map((p) => Access.actor(city.directory, p, city.date)) },
  {
    weight: 4,
    arbitrary: fc.record({ id: fc.constantFrom("a-1", "r-1"), posts: fc.array(post, { minLength: 0, maxLength: 3 }) })
  },
  { weight: 2, arbitrary: fc.constantFrom("r-1", "r-2").map(Access.resident) },
  { weight: 1, arbitrary: fc.constant(Access.system()) }
)

/** Places near an actor's posts: inside the subtree of one of their grids, or next to it. */
const nearby = (a: Access.Actor): ReadonlyArray<string> => {
  const out: Array<string> = []
  for (const p of a.posts) {
    if (p.at === null || !("grid" in p.at)) continue
    const id = Grid.id(tree, p.at.grid)
    if (id === undefined) continue
    const sub = Grid.subtree(tree, id)
    for (let k = 0; k < sub.length; k += Math.max(1, Math.floor(sub.length / 8)))
      out.push(Grid.record(tree, sub[k]!).code)
    const parent = Grid.parentOf(tree, id)
    if (parent >= 0) for (const c of Grid.children(tree, parent)) out.push(Grid.record(tree, c).code)
  }
  return out
}

/** Units an actor holds posts in. */
const unitsOf = (a: Access.Actor): ReadonlyArray<string> =>
  a.posts.flatMap((p) => (p.at !== null && "unit" in p.at ? [p.at.unit] : []))

const stateFor = (a: Access.Actor): fc.Arbitrary<Case.State> => {
  const near = nearby(a)
  const mine = unitsOf(a)
  return fc
    .record({
      kind: fc.constantFrom(...CaseKind.kinds),
      channel: fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom("app", "public", "online") },
        { weight: 1, arbitrary: fc.constantFrom(...CaseKind.Channel.literals) }
      ),
      severity: fc.oneof(
        { weight: 3, arbitrary: fc.constant("ordinary" as const) },
        { weight: 1, arbitrary: fc.constantFrom(...CaseKind.Severity.literals) }
      ),
      place: fc.oneof(
        { weight: 5, arbitrary: code },
        { weight: near.length > 0 ? 5 : 0, arbitrary: near.length > 0 ? fc.constantFrom(...near) : code },
        { weight: 1, arbitrary: fc.constant("000000") }
      ),
      reporter: fc.oneof(
        fc.constantFrom("r-1", "r-2").map((id) => ({ id, role: "public" as const })),
        fc.constantFrom(...people.slice(0, 5), "r-1", a.id).map((id) => ({ id, role: "gridWorker" as const }))
      ),
      held: fc.uniqueArray(fc.constantFrom(...unitIds, ...mine, ...codes.slice(0, 3)), { maxLength: 3 }),
      current: fc.boolean(),
      pick: fc.nat()
    })
    .map(({ kind, place, reporter, held, current, pick }) => {
      const statuses = CaseMachine.states(kind).filter((s) => s !== CaseMachine.initial)
      const handler = current && held.length > 0 ? { unit: held[held.length - 1]! } : null
      return {
        ...Case.initialState,
        id: "c-1",
        kind,
        status: statuses[pick % statuses.length]!,
        version: 3,
        category: `${kind}.general`,
        place,
        channel: "app" as const,
        reporter,
        handler,
        held
      }
    })
}

/** A command as Access sees it: a tag and the actor ref (and for Open, the kind and place). */
const command = (a: Access.Actor, state: Case.State): fc.Arbitrary<Case.Command> =>
  fc
    .record({
      tag: fc.constantFrom(...Case.Command.discriminants),
      role: fc.oneof(
        { weight: 4, arbitrary: a.posts.length > 0 ? fc.constantFrom(...a.posts.map((p) => p.role)) : role },
        { weight: 1, arbitrary: role }
      ),
      kind: fc.constantFrom(...CaseKind.kinds),
      channel: fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom("app", "public", "online") },
        { weight: 1, arbitrary: fc.constantFrom(...CaseKind.Channel.literals) }
      ),
      severity: fc.oneof(
        { weight: 3, arbitrary: fc.constant("ordinary" as const) },
        { weight: 1, arbitrary: fc.constantFrom(...CaseKind.Severity.literals) }
      ),
      place: fc.oneof(
        { weight: 5, arbitrary: code },
        {
          weight: nearby(a).length > 0 ? 4 : 0,
          arbitrary: nearby(a).length > 0 ? fc.constantFrom(...nearby(a)) : code
        },
        { weight: 1, arbitrary: fc.constant("000000") }
      )
    })
    .map(({ tag, role, kind, channel, severity, place }) =>
      tag === "Open" || state.kind === null
        ? ({
            _tag: "Open",
            actor: { id: a.id, role },
            kind,
            id: "c-2",
            category: `${kind}.general`,
            place,
            channel,
            severity
          } as Case.Command)
        : ({ _tag: tag, actor: { id: a.id, role } } as Case.Command)
    )

const scenario = actor
  .chain((a) =>
    fc
      .oneof({ weight: 9, arbitrary: stateFor(a) }, { weight: 1, arbitrary: fc.constant(Case.initialState) })
      .map((s) => [a, s] as const)
  )
  .chain(([a, s]) => command(a, s).map((c) => [a, s, c] as const))

const actorAndStates = (count: number) =>
  actor.chain((a) => fc.array(stateFor(a), { minLength: 1, maxLength: count }).map((states) => [a, states] as const))

// --- properties ------------------------------------------------------------------------

describe("Access properties (Yumen fixture)", () => {
  it("authorize allows exactly what the naive rules allow, under a post the rules allow", () => {
    let allowed = 0
    let denied = 0
    fc.assert(
      fc.property(scenario, ([a, state, cmd]) => {
        const r = Access.authorize(context, a, cmd, state)
        const role = cmd.actor.role
        const posts = a.posts.filter((p) => p.role === role)
        const expected =
          state.kind === null
            ? cmd._tag === "Open" &&
              machineRoles(cmd.kind, CaseMachine.initial, "Open").includes(role) &&
              posts.some((p) => naiveOpens(p, cmd.place)) &&
              // a resident reports through their own channels, at ordinary severity
              (role !== "public" ||
                ((cmd.channel === "public" || cmd.channel === "online") && cmd.severity === "ordinary"))
            : posts.some((p) => naiveActs(p, a.id, state)) &&
              machineRoles(state.kind, state.status, cmd._tag).includes(role)
        expect(Result.isSuccess(r)).toBe(expected)
        if (Result.isSuccess(r)) allowed++
        else denied++
        if (Result.isSuccess(r)) {
          expect(r.success.role).toBe(role)
          expect(a.posts).toContain(r.success)
          if (state.kind === null && cmd._tag === "Open") expect(naiveOpens(r.success, cmd.place)).toBe(true)
          else expect(naiveActs(r.success, a.id, state)).toBe(true)
        }
      }),
      { numRuns: 3000 }
    )
    // both outcomes are exercised, so the agreement is not vacuous
    expect(allowed).toBeGreaterThan(100)
    expect(denied).toBeGreaterThan(100)
  })

  it("authorize never allows a role the machine row forbids", () => {
    fc.assert(
      fc.property(scenario, ([a, state, cmd]) => {
        const r = Access.authorize(context, a, cmd, state)
        if (Result.isFailure(r) || state.kind === null) return
        const here = CaseMachine.rows(state.kind).filter((row) => row.from === state.status && row.command === cmd._tag)
        if (here.length > 0) expect(here.some((row) => row.roles.includes(cmd.actor.role))).toBe(true)
        else
          expect(
            CaseMachine.rows(state.kind).some((row) => row.command === cmd._tag && row.roles.includes(cmd.actor.role))
          ).toBe(true)
      }),
      { numRuns: 2000 }
    )
  })

  it("no one reads a case outside their jurisdiction, and canRead is the naive rule", () => {
    fc.assert(
      fc.property(actorAndStates(1), ([a, [state]]) => {
        expect(Access.canRead(context, a, state!)).toBe(a.posts.some((p) => naiveReads(p, a.id, state!)))
      }),
      { numRuns: 3000 }
    )
  })

  it("scope agrees exactly with canRead on every case", () => {
    fc.assert(
      fc.property(actorAndStates(20), ([a, states]) => {
        const s = Access.scope(context, a)
        for (const state of states)
          expect(Access.filter(s, Access.facts(context, state))).toBe(Access.canRead(context, a, state))
      }),
      { numRuns: 500 }
    )
  })

  it("a denial for a case the actor cannot read says nothing about it: the same as for no case at all", () => {
    fc.assert(
      fc.property(scenario, ([a, state, cmd]) => {
        if (cmd._tag === "Open" || state.kind === null || Access.canRead(context, a, state)) return
        expect(Access.authorize(context, a, cmd, state)).toEqual(Access.authorize(context, a, cmd, Case.initialState))
      }),
      { numRuns: 2000 }
    )
  })

  it("a command in someone else's name is always denied", () => {
    fc.assert(
      fc.property(scenario, ([a, state, cmd]) => {
        const forged = { ...cmd, actor: { ...cmd.actor, id: `${a.id}-other` } } as Case.Command
        const r = Access.authorize(context, a, forged, state)
        expect(Result.isFailure(r) && r.failure.reason._tag).toBe("ActorMismatch")
      }),
      { numRuns: 500 }
    )
  })

  it("scope intervals are sorted, disjoint and match Grid.interval of their grid or a single grid", () => {
    fc.assert(
      fc.property(actor, (a) => {
        const s = Access.scope(context, a)
        if (s._tag === "All") return
        for (let i = 1; i < s.grids.length; i++) expect(s.grids[i]!.pre).toBeGreaterThan(s.grids[i - 1]!.post)
        for (const g of s.grids) {
          const whole = Grid.interval(tree, Grid.id(tree, g.grid)!)
          expect(g.pre).toBe(whole.pre)
          expect(g.post === whole.post || g.post === g.pre).toBe(true)
        }
      }),
      { numRuns: 500 }
    )
  })
})
