/**
 * Checks over the definitions as graphs and tables: reachability, progress to a
 * final state, clock effects consistent with the clocks each state declares, and
 * the vocabulary (roles, guards, commands, events, tags) they name; and the
 * interpreter's derivations (clock effects from state entry and exit, special cases,
 * tags per track) on definitions of its own.
 */
import { Case, type CaseKind, CaseMachine, Staff } from "@gridgov/core"
import { describe, expect, it } from "vitest"
import { compile, type Definition } from "../src/internal/machine.js"

const kinds = Case.Kind.literals

const reach = (kind: Case.Kind, from: ReadonlyArray<string>, forward: boolean): Set<string> => {
  const edges = CaseMachine.rows(kind)
  const seen = new Set(from)
  const todo = [...from]
  while (todo.length > 0) {
    const s = todo.pop()!
    for (const r of edges) {
      const [a, b] = forward ? [r.from, r.to] : [r.to, r.from]
      if (a === s && !seen.has(b)) {
        seen.add(b)
        todo.push(b)
      }
    }
  }
  return seen
}

const declared = (kind: Case.Kind, state: string): ReadonlyArray<string> =>
  state === CaseMachine.initial
    ? []
    : ((CaseMachine.definitions[kind].states as Record<string, CaseMachine.StateDef>)[state]?.clocks ?? [])

describe.each(kinds)("the %s machine", (kind) => {
  const rows = CaseMachine.rows(kind)
  const states = CaseMachine.states(kind)

  it("reaches every state from initial", () => {
    expect([...reach(kind, [CaseMachine.initial], true)].sort()).toEqual([...states].sort())
  })

  it("can reach a final state from every non-final state", () => {
    const finals = states.filter((s) => CaseMachine.isFinal(kind, s))
    expect(finals.length).toBeGreaterThan(0)
    const canFinish = reach(kind, finals, false)
    for (const s of states) expect(canFinish.has(s), `${s} cannot reach a final state`).toBe(true)
  })

  it("leaves initial only by Open", () => {
    const fromInitial = rows.filter((r) => r.from === CaseMachine.initial)
    expect(fromInitial.map((r) => r.command)).toEqual(["Open"])
    expect(CaseMachine.isFinal(kind, fromInitial[0]!.to)).toBe(false)
  })

  it("keeps clock effects consistent with the clocks each state declares", () => {
    for (const r of rows) {
      const clockFx = r.effects.filter((e) => e._tag === "Clock")
      const running = new Set(declared(kind, r.from))
      if (r.command === "Pause" || r.command === "Resume") {
        const op = r.command === "Pause" ? "pause" : "resume"
        expect(clockFx).toEqual(declared(kind, r.from).map((clock) => ({ _tag: "Clock", op, clock })))
        expect(r.to).toBe(r.from)
        continue
      }
      for (const e of clockFx) {
        if (e.op === "stop") expect(running.delete(e.clock), `${r.command} from ${r.from} stops ${e.clock}`).toBe(true)
        else if (e.op === "start") {
          expect(running.has(e.clock), `${r.command} from ${r.from} starts ${e.clock}`).toBe(false)
          running.add(e.clock)
        } else throw new Error(`${r.command} pauses or resumes outside Pause/Resume`)
      }
      expect([...running].sort(), `${r.command} from ${r.from}`).toEqual([...declared(kind, r.to)].sort())
    }
  })

  it("names only known roles, guards, commands and events", () => {
    const guardNames = Object.keys(CaseMachine.guards)
    for (const r of rows) {
      expect(r.roles.length).toBeGreaterThan(0)
      for (const role of r.roles) expect(Staff.roles).toContain(role)
      for (const g of r.guards) expect(guardNames).toContain(g)
      expect(Case.Command.discriminants).toContain(r.command)
      expect(Case.Event.discriminants).toContain(r.event)
    }
  })

  it("leaves SLA warn and breach to the system, for running clocks only", () => {
    for (const r of rows.filter((r) => r.command === "SlaWarn" || r.command === "SlaBreach")) {
      expect(r.roles).toEqual(["system"])
      expect(r.guards).toContain("clockRunning")
      expect(r.to).toBe(r.from)
    }
    for (const s of states) {
      if (declared(kind, s).length > 0) {
        expect(CaseMachine.rowsFor(kind, s, "SlaBreach").length, `${s} has a clock but no breach`).toBe(1)
      }
    }
    for (const r of rows.filter((r) => r.command === "Escalate")) expect(r.roles).toContain("system")
  })

  it("records without a change of state only what is meant to (urge, SLA, pause, extensions, notes)", () => {
    const recordOnly = new Set([
      "Urge",
      "SlaWarn",
      "SlaBreach",
      "Pause",
      "Resume",
      "RequestExtension",
      "ApproveExtension",
      "RejectExtension",
      "MarkImproperReturn",
      "RequestConfirmation",
      "RecordConfirmation"
    ])
    for (const r of rows) expect(r.to === r.from, `${r.command} from ${r.from}`).toBe(recordOnly.has(r.command))
  })

  it("names only known tags, and tags a transition only where the count it adds to is meant", () => {
    for (const s of states)
      for (const t of CaseMachine.tags(kind, s, "simple")) expect(CaseMachine.stateTags).toContain(t)
    for (const r of rows) for (const t of r.tags) expect(CaseMachine.transitionTags).toContain(t)
    const tagged = rows.filter((r) => r.tags.length > 0).map((r) => `${r.event}:${r.tags.join(",")}`)
    const meant: Partial<Record<Case.Kind, ReadonlyArray<string>>> = {
      event: ["Reopened:reopen", "VerificationFailed:rework"],
      hotline: ["Reopened:reopen"]
    }
    expect([...new Set(tagged)].sort()).toEqual(meant[kind] ?? [])
  })

  it("lists its clocks for SLA policies", () => {
    const all = new Set(rows.flatMap((r) => r.effects.flatMap((e) => (e._tag === "Clock" ? [e.clock] : []))))
    expect([...CaseMachine.clocks(kind)].sort()).toEqual([...all].sort())
  })
})

describe("the interpreter", () => {
  it("returns the row or a typed rejection", () => {
    const open: Case.Command = {
      _tag: "Open",
      actor: { id: "p", role: "public" },
      kind: "hotline",
      id: "h1",
      category: "hotline.complaint",
      place: "620981",
      channel: "hotline",
      severity: "ordinary"
    }
    const denied = CaseMachine.transition("hotline", Case.initialState, open, 0)
    expect(denied).toMatchObject({ _tag: "Failure", failure: { _tag: "RoleNotAllowed", role: "public" } })
    const allowed = CaseMachine.transition(
      "hotline",
      Case.initialState,
      { ...open, actor: { id: "s", role: "system" } },
      0
    )
    expect(allowed).toMatchObject({ _tag: "Success", success: { to: "received", event: "Opened" } })
  })

  it("names the petition clocks the SLA contract expects", () => {
    expect(CaseMachine.clocks("petition")).toEqual(["accept", "meet", "conclude", "review", "rereview"])
  })
})

describe("the interpreter's derivations", () => {
  const toy = (overrides: Partial<Definition<"a" | "b" | "c">> = {}): Definition<"a" | "b" | "c"> => ({
    kind: "event",
    states: { a: { clocks: ["x", "y"] }, b: { clocks: ["y", "z"] }, c: { final: true, tags: ["mediated"] } },
    transitions: [
      { command: "Open", from: ["initial"], to: "a", event: "Opened", roles: ["system"] },
      { command: "Register", from: ["a"], to: "b", event: "Registered", roles: ["system"] },
      { command: "Cancel", from: ["a", "b"], to: "c", event: "Cancelled", roles: ["system"] },
      { command: "Pause", from: ["a", "b"], event: "Paused", roles: ["system"], clockOp: "pause" },
      { command: "Urge", from: ["a", "b"], event: "Urged", roles: ["system"] }
    ],
    ...overrides
  })
  const fx = (row: { readonly effects: ReadonlyArray<CaseMachine.Effect> }) =>
    row.effects.map((e) => (e._tag === "Clock" ? `${e.op} ${e.clock}` : e._tag))

  it("stops what the source runs and the target does not, then starts what the target adds; a row that stays changes nothing", () => {
    const m = compile(toy())
    const row = (from: string, command: string) => m.byCommand[from]![command]![0]!
    expect(fx(row("initial", "Open"))).toEqual(["start x", "start y"])
    expect(fx(row("a", "Register"))).toEqual(["stop x", "start z"])
    expect(fx(row("a", "Cancel"))).toEqual(["stop x", "stop y"])
    expect(fx(row("b", "Cancel"))).toEqual(["stop y", "stop z"])
    expect(fx(row("a", "Pause"))).toEqual(["pause x", "pause y"])
    expect(fx(row("b", "Pause"))).toEqual(["pause y", "pause z"])
    expect(fx(row("b", "Urge"))).toEqual([])
  })

  it("keeps a special case expressible: a clock restarted on a row that stays, after the derived effects", () => {
    const restart: Definition<"a" | "b" | "c"> = toy({
      transitions: [
        ...toy().transitions,
        {
          command: "Escalate",
          from: ["a"],
          event: "Escalated",
          roles: ["system"],
          effects: [
            { _tag: "Clock", op: "stop", clock: "x" },
            { _tag: "Clock", op: "start", clock: "x" },
            { _tag: "Route", reason: "escalate" }
          ]
        }
      ]
    })
    const row = compile(restart).byCommand.a!.Escalate![0]!
    expect(fx(row)).toEqual(["stop x", "start x", "Route"])
    expect(row.handsBack).toBe(true)
  })

  it("refuses a definition whose clock effects leave other clocks running than the target declares", () => {
    const stray = (effects: ReadonlyArray<CaseMachine.Effect>) =>
      toy({
        transitions: [{ command: "Open", from: ["initial"], to: "a", event: "Opened", roles: ["system"], effects }]
      })
    expect(() => compile(stray([{ _tag: "Clock", op: "stop", clock: "x" }]))).toThrow(
      "event: Open from initial leaves y running, not what a declares"
    )
    expect(() => compile(stray([{ _tag: "Clock", op: "start", clock: "x" }]))).toThrow(
      "event: Open from initial starts x, which is running"
    )
    expect(() => compile(stray([{ _tag: "Clock", op: "stop", clock: "z" }]))).toThrow(
      "event: Open from initial stops z, which is not running"
    )
    const moving = toy({
      transitions: [{ command: "Pause", from: ["a"], to: "b", event: "Paused", roles: ["system"], clockOp: "pause" }]
    })
    expect(() => compile(moving)).toThrow("event: Pause from a: only a row that stays pauses or resumes clocks")
  })

  it("gives a state its own tags, the machine's, and those of the case's track only", () => {
    const m = compile(
      toy({
        tags: ["ticket"],
        states: {
          a: { clocks: ["x", "y"], tags: ["screening", { tag: "mediation", track: "simple" }] },
          b: { clocks: ["y", "z"] },
          c: { final: true, tags: ["mediated"] }
        }
      })
    )
    expect(m.tags.a).toEqual({
      none: ["ticket", "screening"],
      simple: ["ticket", "screening", "mediation"],
      complex: ["ticket", "screening"]
    })
    expect(m.tags.initial).toEqual({ none: [], simple: [], complex: [] })
    expect(CaseMachine.tags("prelitigation", "filed", "simple")).toEqual(["mediation"])
    expect(CaseMachine.tags("prelitigation", "filed", "complex")).toEqual([])
    expect(CaseMachine.tags("hotline", "closed")).toEqual(["ticket", "responded", "resolved", "visited"])
  })
})

describe("each kind's status type", () => {
  it("is the union of the states its definition names, so a typo does not compile", () => {
    const waiting: CaseKind.Status<"petition"> = "registered"
    const every: ReadonlyArray<CaseKind.Status<"hotline">> = [
      "received",
      "dispatched",
      "handling",
      "handled",
      "replied",
      "closed"
    ]
    // @ts-expect-error: the event machine has no state "closd"
    const typo: CaseKind.Status<"event"> = "closd"
    // @ts-expect-error: "mediated" is a dispute's state, not an event's
    CaseMachine.isFinal("event", "mediated")
    // @ts-expect-error: a case's status is one of some kind's states
    const status: Case.State["status"] = "somewhere"
    expect(CaseMachine.states("hotline").slice(1)).toEqual(every)
    expect([waiting, typo, status]).toHaveLength(3)
    expect(CaseMachine.isFinal("dispute", "mediated")).toBe(true)
  })
})
