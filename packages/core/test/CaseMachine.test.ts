/**
 * Checks over the definitions as graphs and tables: reachability, progress to a
 * final state, clock effects consistent with the clocks each state declares, and
 * the vocabulary (roles, guards, commands, events) they name.
 */
import { Case, CaseMachine, Staff } from "@gridgov/core"
import { describe, expect, it } from "vitest"

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
