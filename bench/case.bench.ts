/**
 * Case decider throughput: decide + evolve per command for the `event` kind along a
 * realistic path (report, register, dispatch, sign, feed back, verify fail → rework,
 * feed back, urge, verify pass, evaluate), against
 *   (a) a hand-written switch reducer of the same machine producing the same state (baseline),
 *   (b) XState v5's pure `transition()` on an equivalent machine.
 */
import { Case } from "@gridgov/core"
import { Result } from "effect"
import { assign, initialTransition, setup, transition } from "xstate"
import { compare, goal } from "./harness.js"

const worker = { id: "w-17", role: "gridWorker" } as const
const chief = { id: "c-3", role: "gridChief" } as const
const dispatcher = { id: "d-1", role: "dispatcher" } as const
const leader = { id: "l-1", role: "leader" } as const

const path: ReadonlyArray<Case.Command> = [
  {
    _tag: "Open",
    actor: worker,
    kind: "event",
    id: "c-1",
    category: "event.sanitation.garbage",
    place: "620981101201",
    channel: "app",
    severity: "ordinary"
  },
  { _tag: "Register", actor: dispatcher },
  { _tag: "Dispatch", actor: dispatcher, to: { unit: "620981101201", level: 2 } },
  { _tag: "Acknowledge", actor: chief },
  { _tag: "SubmitResult", actor: chief, result: "cleared", evidence: ["photo:1"] },
  { _tag: "Verify", actor: worker, passed: false, note: "bins still full" },
  { _tag: "SubmitResult", actor: chief, result: "cleared again", evidence: ["photo:2"] },
  { _tag: "Urge", actor: leader, note: "today please" },
  { _tag: "Verify", actor: worker, passed: true },
  { _tag: "Evaluate", actor: dispatcher, rating: "good" }
]
const T0 = 1_620_000_000_000

// (0) the decider.
const viaDecider = () => {
  let state = Case.initialState
  let now = T0
  for (let i = 0; i < path.length; i++) {
    const r = Case.decide(path[i]!, state, now)
    if (Result.isFailure(r)) throw r.failure
    const events = r.success
    for (let j = 0; j < events.length; j++) state = Case.evolve(state, events[j]!)
    now += 60_000
  }
  return state
}

// (a) a hand-written switch reducer of the same machine, same state shape.
type S = Case.State
const counts = (s: S, key: keyof S["counts"]) => ({ ...s.counts, [key]: s.counts[key] + 1 })
const move = (s: S, status: S["status"], at: number, clocks: ReadonlyArray<string>, final = false): S => ({
  ...s,
  status,
  version: s.version + 1,
  updatedAt: at,
  enteredAt: at,
  clocks,
  final,
  closedAt: final ? (s.final ? s.closedAt : at) : null
})
const register = ["register"]
const dispatch = ["dispatch"]
const sign = ["sign"]
const handle = ["handle"]
const verify = ["verify"]
const none: Array<string> = []
const reducer = (s: S, c: Case.Command, at: number): S => {
  switch (s.status) {
    case "initial":
      if (c._tag === "Open")
        return {
          ...move(s, "reported", at, register),
          id: c.id,
          kind: c.kind,
          category: c.category,
          place: c.place,
          channel: c.channel,
          severity: c.severity,
          reporter: c.actor,
          openedAt: at
        }
      break
    case "reported":
      if (c._tag === "Register") return move(s, "registered", at, dispatch)
      break
    case "registered":
      if (c._tag === "Dispatch") return { ...move(s, "dispatched", at, sign), handler: c.to }
      break
    case "dispatched":
      if (c._tag === "Acknowledge") return move(s, "handling", at, handle)
      break
    case "handling":
      if (c._tag === "SubmitResult")
        return { ...move(s, "handled", at, verify), result: { text: c.result, evidence: c.evidence } }
      if (c._tag === "Urge") return { ...s, version: s.version + 1, updatedAt: at, counts: counts(s, "urges") }
      break
    case "handled":
      if (c._tag === "Verify")
        return c.passed
          ? move(s, "closed", at, none, true)
          : { ...move(s, "handling", at, handle), counts: counts(s, "reworks") }
      if (c._tag === "Urge") return { ...s, version: s.version + 1, updatedAt: at, counts: counts(s, "urges") }
      break
    case "closed":
      if (c._tag === "Evaluate") return { ...move(s, "evaluated", at, none, true), evaluation: c.rating }
      break
  }
  throw new Error(`${c._tag} not allowed in ${s.status}`)
}
const viaReducer = () => {
  let state = Case.initialState
  let now = T0
  for (let i = 0; i < path.length; i++) {
    state = reducer(state, path[i]!, now)
    now += 60_000
  }
  return state
}

// (b) XState v5, pure transition() on an equivalent machine.
type XEvent = Case.Command & { readonly type: Case.Command["_tag"] }
const xEvents: ReadonlyArray<XEvent> = path.map((c) => ({ ...c, type: c._tag }))
const machine = setup({
  types: {} as { context: { version: number; reworks: number; urges: number }; events: XEvent },
  guards: { passed: ({ event }) => event._tag === "Verify" && event.passed },
  actions: {
    bump: assign({ version: ({ context }) => context.version + 1 }),
    rework: assign({ version: ({ context }) => context.version + 1, reworks: ({ context }) => context.reworks + 1 }),
    urge: assign({ version: ({ context }) => context.version + 1, urges: ({ context }) => context.urges + 1 })
  }
}).createMachine({
  id: "event",
  initial: "initial",
  context: { version: 0, reworks: 0, urges: 0 },
  states: {
    initial: { on: { Open: { target: "reported", actions: "bump" } } },
    reported: { on: { Register: { target: "registered", actions: "bump" } } },
    registered: { on: { Dispatch: { target: "dispatched", actions: "bump" } } },
    dispatched: { on: { Acknowledge: { target: "handling", actions: "bump" } } },
    handling: { on: { SubmitResult: { target: "handled", actions: "bump" }, Urge: { actions: "urge" } } },
    handled: {
      on: {
        Verify: [
          { guard: "passed", target: "closed", actions: "bump" },
          { target: "handling", actions: "rework" }
        ],
        Urge: { actions: "urge" }
      }
    },
    closed: { on: { Evaluate: { target: "evaluated", actions: "bump" } } },
    evaluated: { type: "final" }
  }
})
const viaXState = () => {
  let [snapshot] = initialTransition(machine)
  for (let i = 0; i < xEvents.length; i++) [snapshot] = transition(machine, snapshot, xEvents[i]!)
  return snapshot
}

export default async () => {
  // The three agree on where the path ends.
  const a = viaDecider()
  const b = viaReducer()
  const c = viaXState()
  if (a.status !== "evaluated" || b.status !== "evaluated" || c.value !== "evaluated") {
    throw new Error(`paths disagree: ${a.status} / ${b.status} / ${String(c.value)}`)
  }
  if (a.version !== b.version || a.version !== c.context.version || a.counts.reworks !== b.counts.reworks) {
    throw new Error("paths disagree on version or counts")
  }
  const ops = path.length
  const rows = compare("event case: decide + evolve per command (10-command path)", [
    { name: "hand-written switch reducer (baseline)", fn: viaReducer, ops },
    { name: "Case.decide + Case.evolve", fn: viaDecider, ops },
    { name: "XState v5 transition()", fn: viaXState, ops }
  ])
  const [reducerRow, deciderRow, xstateRow] = rows as [(typeof rows)[0], (typeof rows)[0], (typeof rows)[0]]
  goal("decider ≥ 0.3× hand-written reducer", deciderRow.ratio >= 0.3, `${deciderRow.ratio.toFixed(3)}×`)
  const vsX = deciderRow.medianOpsPerSec / xstateRow.medianOpsPerSec
  goal("decider ≥ 20× XState transition()", vsX >= 20, `${vsX.toFixed(1)}×`)
  void reducerRow
}
