/**
 * Properties of the decider over the machine tables, for every kind:
 * - every (state, command) pair is either the defined transition (exactly the defined
 *   event, evolve lands in the defined state) or a typed rejection;
 * - random walks (model-based): replay rebuilds the state, the version grows by one per
 *   event, the running clocks follow the clock effects, final states are flagged,
 *   and every state is visited.
 */
import { Case, CaseMachine, Staff } from "@gridgov/core"
import { Result } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"

type Kind = Case.Kind
type Tag = Case.Command["_tag"]

const kinds = Case.Kind.literals
const tags = Case.Command.discriminants as ReadonlyArray<Tag>
const roles = Staff.roles
const config = Case.defaultConfig
const day = 86_400_000

const deepFreeze = <A>(a: A): A => {
  if (typeof a === "object" && a !== null && !Object.isFrozen(a)) {
    Object.freeze(a)
    for (const v of Object.values(a)) deepFreeze(v)
  }
  return a
}

const pick = <A>(xs: ReadonlyArray<A>, seed: number): A => xs[seed % xs.length]!

const categories: { readonly [K in Kind]: string } = {
  event: "event.sanitation.garbage",
  dispute: "dispute.water",
  petition: "petition.land",
  prelitigation: "prelitigation.debt",
  hotline: "hotline.complaint"
}
const handlers: ReadonlyArray<Case.Handler> = [
  { unit: "620981001", level: 1 },
  { unit: "620981001002", level: 2, person: "p-7" },
  { unit: "dept.housing" },
  { unit: "committee.water" }
]

/** A command of `tag` with a payload chosen by `seed` (sometimes one that a guard rejects). */
const build = (tag: Tag, kind: Kind, state: Case.State, actor: Case.ActorRef, seed: number): Case.Command => {
  const reason = pick(["not ours", "needs the town", "duplicate call"], seed)
  const clock = seed % 4 === 0 ? "nowhere" : (state.clocks[seed % Math.max(1, state.clocks.length)] ?? "nowhere")
  switch (tag) {
    case "Open": {
      const base = {
        _tag: tag,
        actor,
        kind,
        id: "case-1",
        category: categories[kind],
        place: "620981001002",
        channel: pick(["app", "hotline", "walkIn"] as const, seed),
        severity: pick(["minor", "ordinary", "major"] as const, seed)
      }
      return seed % 5 === 0 ? base : { ...base, track: pick(["simple", "complex"] as const, seed >> 3) }
    }
    case "Register":
    case "Acknowledge":
    case "Resume":
    case "ApproveExtension":
    case "RequestConfirmation":
      return { _tag: tag, actor }
    case "Cancel":
    case "Return":
    case "MarkImproperReturn":
    case "Escalate":
    case "Reopen":
    case "Decline":
    case "RecordFailure":
    case "RequestReview":
    case "RequestRereview":
    case "RejectExtension":
      return { _tag: tag, actor, reason }
    case "Transfer":
      return seed % 2 === 0
        ? { _tag: tag, actor, reason }
        : { _tag: tag, actor, reason, suggested: pick(handlers, seed) }
    case "Merge":
      return { _tag: tag, actor, duplicateOf: seed % 4 === 0 ? state.id : "case-0" }
    case "Dispatch":
    case "Assign":
      return { _tag: tag, actor, to: pick(handlers, seed) }
    case "Accept":
      return seed % 2 === 0
        ? { _tag: tag, actor, to: pick(handlers, seed) }
        : { _tag: tag, actor, to: pick(handlers, seed), track: pick(["simple", "complex"] as const, seed >> 1) }
    case "Redirect":
      return { _tag: tag, actor, to: pick(handlers, seed), reason }
    case "SubmitResult":
      return { _tag: tag, actor, result: "cleared", evidence: seed % 2 === 0 ? [] : ["photo:1", "photo:2"] }
    case "Verify":
      return seed % 3 === 0
        ? { _tag: tag, actor, passed: false, note: "still there" }
        : { _tag: tag, actor, passed: true }
    case "Evaluate":
      return { _tag: tag, actor, rating: pick(["excellent", "good", "fair", "poor"] as const, seed) }
    case "Urge":
      return { _tag: tag, actor, note: "hurry" }
    case "SlaWarn":
    case "SlaBreach":
      return { _tag: tag, actor, clock }
    case "RequestExtension":
      return { _tag: tag, actor, clock, days: seed % 5 === 0 ? 45 : 1 + (seed % 30), reason }
    case "Pause":
      return { _tag: tag, actor, reason: pick(["petitioner", "appraisal", "hearing", "other"] as const, seed) }
    case "RecordAgreement":
      return { _tag: tag, actor, agreement: "pay 500 yuan" }
    case "Refer":
      return { _tag: tag, actor, channel: pick(["litigation", "arbitration", "petition"] as const, seed) }
    case "RecordConfirmation":
      return { _tag: tag, actor, granted: seed % 2 === 0 }
    case "Meet":
      return { _tag: tag, actor, note: "met at the window" }
    case "Conclude":
      return { _tag: tag, actor, reply: "written reply" }
    case "Review":
    case "Rereview":
      return { _tag: tag, actor, reply: "upheld", upheld: seed % 2 === 0 }
    case "Triage":
      return { _tag: tag, actor, track: pick(["simple", "complex"] as const, seed) }
    case "File":
      return seed % 2 === 0 ? { _tag: tag, actor } : { _tag: tag, actor, docket: "(2021)甘0981民初1号" }
    case "Reply":
      return { _tag: tag, actor, content: "we fixed it" }
    case "ReturnVisit":
      return {
        _tag: tag,
        actor,
        satisfaction: pick(["satisfied", "basicallySatisfied", "dissatisfied"] as const, seed)
      }
  }
}

/** What the definition says `command` does from `state`: a row, or the tag of the rejection. */
const expected = (kind: Kind, state: Case.State, command: Case.Command, now: number): CaseMachine.Row | string => {
  const rows = CaseMachine.rowsFor(kind, state.status, command._tag)
  if (state.kind === null && command._tag !== "Open") return "TransitionNotAllowed"
  if (rows.length === 0) return "TransitionNotAllowed"
  const permitted = rows.filter((r) => r.roles.includes(command.actor.role))
  if (permitted.length === 0) return "RoleNotAllowed"
  const runnable = permitted.filter((r) => state.paused === null || r.whilePaused)
  for (const r of runnable) {
    if (r.guards.every((g) => CaseMachine.guards[g](state, command, now, config))) return r
  }
  return runnable.length === 0 ? "CasePaused" : "GuardRejected"
}

/** Checks one (state, command) pair against the definition; returns the events on success. */
const check = (kind: Kind, state: Case.State, command: Case.Command, now: number): ReadonlyArray<Case.Event> | null => {
  const want = expected(kind, state, command, now)
  const got = Case.decide(command, state, now, config)
  if (typeof want === "string") {
    // Most probes are rejections: compared directly, so only a mismatch pays for an assertion.
    const rejected = Result.isFailure(got) ? got.failure._tag : "allowed"
    if (rejected !== want)
      expect(`${kind}/${state.status}/${command._tag}: ${rejected}`).toBe(
        `${kind}/${state.status}/${command._tag}: ${want}`
      )
    return null
  }
  expect(Result.isSuccess(got), `${kind}/${state.status}/${command._tag} should be allowed`).toBe(true)
  if (!Result.isSuccess(got)) return null
  const events = got.success
  expect(events.map((e) => e._tag)).toEqual([want.event])
  const event = events[0]!
  expect(event.v).toBe(1)
  expect(event.at).toBe(now)
  expect(event.actor).toEqual(command.actor)
  if (command._tag !== "ApproveExtension") {
    const { _tag: _c, ...payload } = command
    const { _tag: _e, v: _v, at: _a, ...recorded } = event
    expect(recorded).toEqual(payload)
  } else {
    expect(event).toMatchObject({ clock: state.pendingExtension?.clock, days: state.pendingExtension?.days })
  }
  const after = Case.evolve(state, event)
  expect(after.status).toBe(want.to)
  expect(after.version).toBe(state.version + 1)
  expect(Case.effects(state, event)).toEqual(want.effects)
  return events
}

const step = fc.record({
  probe: fc.boolean().chain((b) => (b ? fc.boolean() : fc.constant(false))),
  choice: fc.noBias(fc.nat()),
  seed: fc.noBias(fc.nat()),
  dt: fc.integer({ min: 0, max: 10 * day })
})

describe.each(kinds)("%s case", (kind) => {
  const visited = new Set<string>()

  const walks = fc.property(fc.array(step, { minLength: 10, maxLength: 80 }), fc.nat(), (steps, openSeed) => {
    let state = deepFreeze(Case.initialState)
    const history: Array<Case.Event> = []
    let now = 1_600_000_000_000
    let running = new Set<string>()
    let paused = new Set<string>()
    const opener = pick(CaseMachine.rowsFor(kind, "initial", "Open")[0]!.roles, openSeed)
    const queue = [{ cmd: build("Open", kind, state, { id: "a0", role: opener }, 1), forced: true }]
    // Probe every command from the current state, each with an arbitrary role and payload.
    const probeAll = (seed: number) => {
      for (const [i, tag] of tags.entries()) {
        const actor = { id: `a${i}`, role: pick(roles, seed + i) }
        check(kind, state, build(tag, kind, state, actor, seed + i * 7), now)
      }
      visited.add(state.status)
    }
    for (const s of steps) {
      probeAll(s.seed)
      // Move: a defined command with a permitted role (or, on `probe`, any command).
      let command: Case.Command
      const forced = queue.shift()
      if (forced !== undefined) command = forced.cmd
      else if (s.probe)
        command = build(pick(tags, s.choice), kind, state, { id: "x", role: pick(roles, s.seed) }, s.seed)
      else {
        // Mostly a command that changes state (Resume first when paused), so walks go deep.
        const defined = CaseMachine.commandsFrom(kind, state.status)
        if (defined.length === 0) break
        const moving = defined.filter((t) => CaseMachine.rowsFor(kind, state.status, t).some((r) => r.to !== r.from))
        // Coverage-guided: prefer a row into a state no walk has visited yet.
        const fresh = CaseMachine.rows(kind).filter((r) => r.from === state.status && !visited.has(r.to))
        const guided = fresh.length > 0 && s.choice % 3 !== 0 ? pick(fresh, s.choice >> 2) : undefined
        const tag =
          state.paused !== null && s.choice % 4 !== 0
            ? "Resume"
            : (guided?.command ?? pick(moving.length > 0 && s.choice % 4 !== 0 ? moving : defined, s.choice >> 2))
        const row = guided ?? CaseMachine.rowsFor(kind, state.status, tag)[s.seed % 2 === 0 ? 0 : s.choice % 2] ?? null
        const role = pick(row?.roles ?? roles, s.seed)
        command = build(tag, kind, state, { id: "u1", role }, s.seed)
      }
      expect(Result.isSuccess(Case.decodeCommand(command))).toBe(true)
      const events = check(kind, state, command, now)
      if (events !== null) {
        for (const e of events) {
          expect(Result.isSuccess(Case.decodeEvent(e))).toBe(true)
          for (const fx of Case.effects(state, e)) {
            if (fx._tag !== "Clock") continue
            if (fx.op === "start") {
              expect(running.has(fx.clock) || paused.has(fx.clock)).toBe(false)
              running.add(fx.clock)
            } else if (fx.op === "stop") {
              expect(running.delete(fx.clock)).toBe(true)
            } else if (fx.op === "pause") {
              expect(running.delete(fx.clock)).toBe(true)
              paused.add(fx.clock)
            } else {
              expect(paused.delete(fx.clock)).toBe(true)
              running.add(fx.clock)
            }
          }
          state = deepFreeze(Case.evolve(state, e))
          history.push(e)
        }
      }
      // Invariants after each move.
      expect(state.version).toBe(history.length)
      expect(Case.fold(history)).toEqual(state)
      expect([...running, ...paused].sort()).toEqual([...state.clocks].sort())
      if (state.paused !== null) expect(running.size).toBe(0)
      else expect(paused.size).toBe(0)
      expect(state.final).toBe(CaseMachine.isFinal(kind, state.status))
      expect(state.closedAt !== null).toBe(state.final)
      if (state.final) {
        running = new Set()
        paused = new Set()
      }
      now += s.dt
    }
    probeAll(openSeed)
  })

  it("every (state, command) pair is the defined transition or a typed rejection; walks keep the invariants", () => {
    fc.assert(walks, { numRuns: 120 })
  })

  it("the walks visit every state", () => {
    // The walks are random (coverage-guided): a rare batch misses a deep state such
    // as "evaluated", so more batches walk until every state is seen, or give up.
    const all = [...CaseMachine.states(kind)].sort()
    for (let batch = 0; batch < 10 && visited.size < all.length; batch++) fc.assert(walks, { numRuns: 120 })
    expect([...visited].sort()).toEqual(all)
  })
})

describe("the initial state", () => {
  it("accepts only Open, for each kind with the kind's machine", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...tags),
        fc.constantFrom(...kinds),
        fc.constantFrom(...roles),
        fc.nat(),
        (tag, kind, role, seed) => {
          const cmd = build(tag, kind, Case.initialState, { id: "a", role }, seed)
          check(kind, Case.initialState, cmd, 0)
          if (tag !== "Open") expect(Result.isFailure(Case.decide(cmd, Case.initialState, 0))).toBe(true)
        }
      ),
      { numRuns: 500 }
    )
  })
})
