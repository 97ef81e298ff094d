/**
 * Given / when / then specifications of the main paths of each case kind. They double
 * as documentation: each reads as "given this history, when this command, then these
 * events (or this error)".
 */
import { Case } from "@gridgov/core"
import { Decider } from "@gridgov/testing/vitest"
import { Result } from "effect"
import { describe, expect, it } from "vitest"

const T0 = 1_620_000_000_000
const HOUR = 3_600_000
const DAY = 24 * HOUR

const worker = { id: "w-17", role: "gridWorker" } as const
const chief = { id: "c-3", role: "gridChief" } as const
const dispatcher = { id: "d-1", role: "dispatcher" } as const
const officer = { id: "o-9", role: "departmentOfficer" } as const
const mediator = { id: "m-2", role: "mediator" } as const
const judgeAssistant = { id: "j-4", role: "judgeAssistant" } as const
const leader = { id: "l-1", role: "leader" } as const
const system = { id: "sla", role: "system" } as const
const resident = { id: "r-88", role: "public" } as const

const spec = Decider.spec(Case.make())
const village = { unit: "620981101201", level: 2 } as const
const housing = { unit: "dept.housing" } as const

/** Runs commands (one per hour from T0) and returns the events they record: a history for `given`. */
const history = (...commands: ReadonlyArray<Case.Command>): Array<Case.Event> => {
  let state = Case.initialState
  const events: Array<Case.Event> = []
  for (const [i, c] of commands.entries()) {
    const r = Case.decide(c, state, T0 + i * HOUR)
    if (Result.isFailure(r)) throw new Error(`history: ${c._tag}: ${r.failure.message}`)
    for (const e of r.success) {
      events.push(e)
      state = Case.evolve(state, e)
    }
  }
  return events
}

const open = (kind: Case.Kind, actor: Case.ActorRef, extra: Partial<Case.Command> = {}): Case.Command =>
  ({
    _tag: "Open",
    actor,
    kind,
    id: `${kind}-1`,
    category: `${kind}.general`,
    place: "620981101201",
    channel: "app",
    severity: "ordinary",
    ...extra
  }) as Case.Command

describe("event (事件): the closed loop", () => {
  const reported = history(open("event", worker))
  const registered = history(open("event", worker), { _tag: "Register", actor: dispatcher })
  const dispatched = history(
    open("event", worker),
    { _tag: "Register", actor: dispatcher },
    { _tag: "Dispatch", actor: dispatcher, to: village }
  )
  const handling = history(
    open("event", worker),
    { _tag: "Register", actor: dispatcher },
    { _tag: "Dispatch", actor: dispatcher, to: village },
    { _tag: "Acknowledge", actor: chief }
  )
  const handled = history(
    open("event", worker),
    { _tag: "Register", actor: dispatcher },
    { _tag: "Dispatch", actor: dispatcher, to: village },
    { _tag: "Acknowledge", actor: chief },
    { _tag: "SubmitResult", actor: chief, result: "garbage cleared", evidence: ["photo:after-1"] }
  )

  it("a grid worker reports; the event waits for registration", () => {
    spec
      .given([])
      .when(open("event", worker), T0)
      .thenState((s) => {
        expect(s).toMatchObject({ status: "reported", reporter: worker, clocks: ["register"], version: 1 })
      })
  })

  it("the center registers (立案) it", () => {
    spec
      .given(reported)
      .when({ _tag: "Register", actor: dispatcher }, T0 + HOUR)
      .thenEvents([{ _tag: "Registered", v: 1, at: T0 + HOUR, actor: dispatcher }])
  })

  it("the center declines to register (不予立案), with a reason", () => {
    const s = spec
      .given(reported)
      .when({ _tag: "Cancel", actor: dispatcher, reason: "not within city management" }, T0 + HOUR)
      .thenEvents([{ _tag: "Cancelled", v: 1, at: T0 + HOUR, actor: dispatcher, reason: "not within city management" }])
    expect(s).toMatchObject({ status: "cancelled", final: true, reason: "not within city management" })
  })

  it("a duplicate is merged into the case it repeats, but never into itself", () => {
    spec
      .given(reported)
      .when({ _tag: "Merge", actor: dispatcher, duplicateOf: "event-0" })
      .thenState((s) => expect(s).toMatchObject({ status: "merged", duplicateOf: "event-0" }))
    spec
      .given(reported)
      .when({ _tag: "Merge", actor: dispatcher, duplicateOf: "event-1" })
      .thenFails("GuardRejected", (e) => expect(e).toMatchObject({ guard: "notSelfDuplicate" }))
  })

  it("the public may not register", () => {
    spec.given(reported).when({ _tag: "Register", actor: resident }).thenFails("RoleNotAllowed")
  })

  it("is dispatched to a village, which signs for it (签收)", () => {
    spec
      .given(registered)
      .when({ _tag: "Dispatch", actor: dispatcher, to: village }, T0 + 2 * HOUR)
      .thenEvents([{ _tag: "Dispatched", v: 1, at: T0 + 2 * HOUR, actor: dispatcher, to: village }])
    spec
      .given(dispatched)
      .when({ _tag: "Acknowledge", actor: chief })
      .thenState((s) => expect(s.handler).toEqual({ ...village, person: chief.id }))
  })

  it("a unit returns it (退回), and it goes back to the dispatcher for re-routing", () => {
    spec
      .given(dispatched)
      .when({ _tag: "Return", actor: chief, reason: "belongs to the water bureau" })
      .thenState((s) => {
        expect(s).toMatchObject({ status: "registered", counts: { returns: 1 }, clocks: ["dispatch"] })
      })
  })

  it("escalates (上报) from handling, asking Routing for the next level up", () => {
    const r = Case.execute({ _tag: "Escalate", actor: chief, reason: "needs the town" }, Case.fold(handling), T0)
    expect(r).toMatchObject({
      _tag: "Success",
      success: { state: { status: "registered", counts: { escalations: 1 } } }
    })
    if (Result.isSuccess(r)) expect(r.success.effects).toContainEqual({ _tag: "Route", reason: "escalate" })
  })

  it("handling feeds back a result with evidence; verification passes and closes (结案)", () => {
    spec
      .given(handling)
      .when({ _tag: "SubmitResult", actor: chief, result: "garbage cleared", evidence: ["photo:after-1"] })
      .thenState((s) => expect(s.result).toEqual({ text: "garbage cleared", evidence: ["photo:after-1"] }))
    spec
      .given(handled)
      .when({ _tag: "Verify", actor: worker, passed: true }, T0 + DAY)
      .thenState((s) => expect(s).toMatchObject({ status: "closed", final: true, closedAt: T0 + DAY }))
  })

  it("a failed verification sends it back for rework", () => {
    spec
      .given(handled)
      .when({ _tag: "Verify", actor: worker, passed: false, note: "bins still full" })
      .thenEvents([{ _tag: "VerificationFailed", v: 1, at: 0, actor: worker, passed: false, note: "bins still full" }])
    spec
      .given(handled)
      .when({ _tag: "Verify", actor: worker, passed: false })
      .thenState((s) => expect(s).toMatchObject({ status: "handling", counts: { reworks: 1 } }))
  })

  it("urging (督办) is recorded without a change of state", () => {
    spec
      .given(handling)
      .when({ _tag: "Urge", actor: leader, note: "residents complain again" })
      .thenState((s) => expect(s).toMatchObject({ status: "handling", counts: { urges: 1 } }))
  })

  it("a breach is raised by the system for a running clock and flags the case overdue", () => {
    spec
      .given(handling)
      .when({ _tag: "SlaBreach", actor: system, clock: "handle" })
      .thenState((s) => expect(s).toMatchObject({ status: "handling", overdue: ["handle"] }))
    spec.given(handling).when({ _tag: "SlaBreach", actor: system, clock: "sign" }).thenFails("GuardRejected")
    spec.given(handling).when({ _tag: "SlaBreach", actor: dispatcher, clock: "handle" }).thenFails("RoleNotAllowed")
  })

  it("reopens within the configured window only", () => {
    const closed = handled
    const verified = Case.decide({ _tag: "Verify", actor: worker, passed: true }, Case.fold(closed), T0 + DAY)
    const closedHistory = [...closed, ...Result.getOrThrow(verified)]
    spec
      .given(closedHistory)
      .when({ _tag: "Reopen", actor: dispatcher, reason: "came back" }, T0 + 3 * DAY)
      .thenState((s) => expect(s).toMatchObject({ status: "registered", counts: { reopens: 1 }, closedAt: null }))
    spec
      .given(closedHistory)
      .when({ _tag: "Reopen", actor: dispatcher, reason: "came back" }, T0 + 9 * DAY)
      .thenFails("GuardRejected", (e) => expect(e).toMatchObject({ guard: "withinReopenWindow" }))
    const strict = Case.make({ ...Case.defaultConfig, reopenWindowMs: DAY })
    const r = strict.decide({ _tag: "Reopen", actor: dispatcher, reason: "x" }, Case.fold(closedHistory), T0 + 3 * DAY)
    expect(r).toMatchObject({ _tag: "Failure", failure: { _tag: "GuardRejected" } })
  })

  it("while paused only resume and urge are accepted", () => {
    const paused = handling
    const p = Result.getOrThrow(
      Case.decide({ _tag: "Pause", actor: chief, reason: "appraisal" }, Case.fold(paused), T0)
    )
    spec
      .given([...paused, ...p])
      .when({ _tag: "SubmitResult", actor: chief, result: "x", evidence: [] })
      .thenFails("CasePaused")
    spec
      .given([...paused, ...p])
      .when({ _tag: "Resume", actor: chief })
      .thenState((s) => expect(s.paused).toBeNull())
  })

  it("a bounded extension is requested by the handler and approved by a leader, once", () => {
    const req: Case.Command = { _tag: "RequestExtension", actor: chief, clock: "handle", days: 5, reason: "parts" }
    spec
      .given(handling)
      .when({ ...req, days: 45 })
      .thenFails("GuardRejected", (e) => expect(e).toMatchObject({ guard: "extensionWithinLimit" }))
    const requested = [...handling, ...Result.getOrThrow(Case.decide(req, Case.fold(handling), T0))]
    const approved = spec
      .given(requested)
      .when({ _tag: "ApproveExtension", actor: leader }, T0)
      .thenEvents([{ _tag: "ExtensionApproved", v: 1, at: T0, actor: leader, clock: "handle", days: 5 }])
    expect(approved.counts.extensions).toBe(1)
    const approvedEvents = [
      ...requested,
      ...Result.getOrThrow(Case.decide({ _tag: "ApproveExtension", actor: leader }, Case.fold(requested), T0))
    ]
    spec
      .given(approvedEvents)
      .when(req)
      .thenFails("GuardRejected", (e) => expect(e).toMatchObject({ guard: "extensionsLeft" }))
  })
})

describe("dispute (矛盾纠纷): mediation up the ladder", () => {
  const found = history(open("dispute", worker))
  const mediating = history(open("dispute", worker), { _tag: "Assign", actor: chief, to: village })

  it("found, then assigned to mediation at a level", () => {
    spec
      .given(found)
      .when({ _tag: "Assign", actor: chief, to: village })
      .thenState((s) => expect(s).toMatchObject({ status: "mediating", handler: village, clocks: ["mediate"] }))
  })

  it("an agreement closes it; judicial confirmation may be requested and recorded", () => {
    const mediated = history(
      open("dispute", worker),
      { _tag: "Assign", actor: chief, to: village },
      { _tag: "RecordAgreement", actor: mediator, agreement: "fence moved 1 m" }
    )
    expect(Case.fold(mediated)).toMatchObject({ status: "mediated", final: true, agreement: "fence moved 1 m" })
    const requested = history(
      open("dispute", worker),
      { _tag: "Assign", actor: chief, to: village },
      { _tag: "RecordAgreement", actor: mediator, agreement: "fence moved 1 m" },
      { _tag: "RequestConfirmation", actor: mediator }
    )
    spec
      .given(requested)
      .when({ _tag: "RecordConfirmation", actor: judgeAssistant, granted: true })
      .thenState((s) => expect(s.confirmation).toBe("granted"))
    spec.given(requested).when({ _tag: "RequestConfirmation", actor: mediator }).thenFails("GuardRejected")
  })

  it("a failure escalates to the next level, which mediates again", () => {
    const failed = history(
      open("dispute", worker),
      { _tag: "Assign", actor: chief, to: village },
      { _tag: "RecordFailure", actor: mediator, reason: "parties apart" }
    )
    const r = Case.execute({ _tag: "Escalate", actor: mediator, reason: "to the town" }, Case.fold(failed), T0)
    expect(r).toMatchObject({ _tag: "Success", success: { state: { status: "found", counts: { escalations: 1 } } } })
    if (Result.isSuccess(r)) expect(r.success.effects).toContainEqual({ _tag: "Route", reason: "escalate" })
  })

  it("or refers it out (litigation, arbitration, petition)", () => {
    const failed = history(
      open("dispute", worker),
      { _tag: "Assign", actor: chief, to: village },
      { _tag: "RecordFailure", actor: mediator, reason: "parties apart" }
    )
    spec
      .given(failed)
      .when({ _tag: "Refer", actor: mediator, channel: "arbitration", to: "window.labor-arbitration" })
      .thenState((s) =>
        expect(s).toMatchObject({
          status: "referred",
          referral: { channel: "arbitration", to: "window.labor-arbitration" }
        })
      )
  })

  it("a mediator cannot record an agreement before mediation is assigned", () => {
    spec
      .given(found)
      .when({ _tag: "RecordAgreement", actor: mediator, agreement: "x" })
      .thenFails("TransitionNotAllowed")
    expect(Case.fold(mediating).status).toBe("mediating")
  })
})

describe("petition (信访): the double 1-2-3", () => {
  it("must name its track when registered", () => {
    spec.given([]).when(open("petition", dispatcher)).thenFails("GuardRejected")
  })

  const registered = history(open("petition", dispatcher, { track: "simple" }))
  const concludedCmds: ReadonlyArray<Case.Command> = [
    open("petition", dispatcher, { track: "simple" }),
    { _tag: "Accept", actor: officer, to: housing },
    { _tag: "Meet", actor: leader, note: "met at the leaders' window" },
    { _tag: "Conclude", actor: officer, reply: "written reply no. 12" }
  ]

  it("is accepted (受理), which starts the meet and conclude clocks", () => {
    const r = Case.execute({ _tag: "Accept", actor: officer, to: housing }, Case.fold(registered), T0)
    expect(r).toMatchObject({
      _tag: "Success",
      success: { state: { status: "accepted", clocks: ["meet", "conclude"] } }
    })
  })

  it("or not accepted, or redirected (转送) to the competent body", () => {
    spec
      .given(registered)
      .when({ _tag: "Decline", actor: officer, reason: "a court matter" })
      .thenState((s) => expect(s.status).toBe("notAccepted"))
    spec
      .given(registered)
      .when({ _tag: "Redirect", actor: officer, to: housing, reason: "housing" })
      .thenState((s) => expect(s).toMatchObject({ status: "redirected", handler: housing }))
  })

  it("is met face to face, then concluded with a written reply (办结)", () => {
    const s = Case.fold(history(...concludedCmds))
    expect(s).toMatchObject({ status: "concluded", final: true, reply: "written reply no. 12", track: "simple" })
  })

  it("may be reviewed (复查) within 30 days, then re-reviewed (复核)", () => {
    const concluded = history(...concludedCmds)
    const closedAt = Case.fold(concluded).closedAt!
    spec
      .given(concluded)
      .when({ _tag: "RequestReview", actor: resident, reason: "disagree" }, closedAt + 31 * DAY)
      .thenFails("GuardRejected", (e) => expect(e).toMatchObject({ guard: "withinReviewWindow" }))
    const reviewed = history(
      ...concludedCmds,
      { _tag: "RequestReview", actor: resident, reason: "disagree" },
      { _tag: "Review", actor: officer, reply: "upheld", upheld: true }
    )
    spec
      .given(reviewed)
      .when({ _tag: "RequestRereview", actor: resident, reason: "still disagree" }, T0 + 6 * HOUR)
      .thenState((s) => expect(s).toMatchObject({ status: "rereviewing", clocks: ["rereview"] }))
  })

  it("waiting for the petitioner pauses the running clocks", () => {
    const accepted = history(open("petition", dispatcher, { track: "complex" }), {
      _tag: "Accept",
      actor: officer,
      to: housing
    })
    const r = Case.execute({ _tag: "Pause", actor: officer, reason: "petitioner" }, Case.fold(accepted), T0)
    if (Result.isFailure(r)) throw new Error(r.failure.message)
    expect(r.success.effects).toEqual([
      { _tag: "Clock", op: "pause", clock: "meet" },
      { _tag: "Clock", op: "pause", clock: "conclude" }
    ])
  })
})

describe("pre-litigation mediation (诉前调解)", () => {
  const received = history(open("prelitigation", judgeAssistant))

  it("triage (繁简分流): clear and simple goes to mediation, complex is filed", () => {
    spec
      .given(received)
      .when({ _tag: "Triage", actor: judgeAssistant, track: "simple" })
      .thenState((s) => expect(s).toMatchObject({ status: "awaitingMediator", track: "simple" }))
    spec
      .given(received)
      .when({ _tag: "Triage", actor: judgeAssistant, track: "complex" }, T0)
      .thenEvents([{ _tag: "TriagedForFiling", v: 1, at: T0, actor: judgeAssistant, track: "complex" }])
  })

  it("assigned to a committee: mediated, or failed and then filed (立案)", () => {
    const mediating = history(
      open("prelitigation", judgeAssistant),
      { _tag: "Triage", actor: judgeAssistant, track: "simple" },
      { _tag: "Assign", actor: judgeAssistant, to: { unit: "committee.joint" } }
    )
    spec
      .given(mediating)
      .when({ _tag: "RecordAgreement", actor: mediator, agreement: "repay in 3 months" })
      .thenState((s) => expect(s).toMatchObject({ status: "mediated", final: true }))
    const failed = history(
      open("prelitigation", judgeAssistant),
      { _tag: "Triage", actor: judgeAssistant, track: "simple" },
      { _tag: "Assign", actor: judgeAssistant, to: { unit: "committee.joint" } },
      { _tag: "RecordFailure", actor: mediator, reason: "no agreement" }
    )
    spec
      .given(failed)
      .when({ _tag: "File", actor: judgeAssistant, docket: "(2021)甘0981民初88号" })
      .thenState((s) => expect(s).toMatchObject({ status: "filed", docket: "(2021)甘0981民初88号" }))
  })
})

describe("hotline ticket (12345 工单)", () => {
  const dispatched = history(open("hotline", system, { channel: "hotline" }), {
    _tag: "Dispatch",
    actor: dispatcher,
    to: housing
  })
  const replied = history(
    open("hotline", system, { channel: "hotline" }),
    { _tag: "Dispatch", actor: dispatcher, to: housing },
    { _tag: "Acknowledge", actor: officer },
    { _tag: "SubmitResult", actor: officer, result: "lift repaired", evidence: [] },
    { _tag: "Reply", actor: officer, content: "the lift is repaired" }
  )

  it("is returned (退单), and the center may record the return as improper, once", () => {
    const returned = history(
      open("hotline", system, { channel: "hotline" }),
      { _tag: "Dispatch", actor: dispatcher, to: housing },
      { _tag: "Return", actor: officer, reason: "not ours" }
    )
    const s = spec
      .given(returned)
      .when({ _tag: "MarkImproperReturn", actor: dispatcher, reason: "housing is competent" })
      .thenState((s) => expect(s).toMatchObject({ status: "received", counts: { returns: 1, improperReturns: 1 } }))
    expect(s.lastReturn?.improper).toBe(true)
    spec
      .given(dispatched)
      .when({ _tag: "Acknowledge", actor: officer })
      .thenState((s) => expect(s.status).toBe("handling"))
  })

  it("a return visit (回访) closes it with the caller's satisfaction", () => {
    spec
      .given(replied)
      .when({ _tag: "ReturnVisit", actor: system, satisfaction: "satisfied" })
      .thenState((s) => expect(s).toMatchObject({ status: "closed", satisfaction: "satisfied" }))
  })

  it("a dissatisfied caller reopens it; a satisfied one cannot", () => {
    const visited = (satisfaction: "satisfied" | "dissatisfied") => [
      ...replied,
      ...Result.getOrThrow(
        Case.decide({ _tag: "ReturnVisit", actor: system, satisfaction }, Case.fold(replied), T0 + 6 * HOUR)
      )
    ]
    spec
      .given(visited("dissatisfied"))
      .when({ _tag: "Reopen", actor: dispatcher, reason: "still broken" }, T0 + DAY)
      .thenState((s) => expect(s).toMatchObject({ status: "handling", counts: { reopens: 1 }, satisfaction: null }))
    spec
      .given(visited("satisfied"))
      .when({ _tag: "Reopen", actor: dispatcher, reason: "x" }, T0 + DAY)
      .thenFails("GuardRejected", (e) => expect(e).toMatchObject({ guard: "callerDissatisfied" }))
  })
})

describe("commands from untrusted input", () => {
  it("decode with Schema's messages", () => {
    const r = Case.decodeCommand({ _tag: "Dispatch", actor: dispatcher, to: { unit: "" } })
    expect(r).toMatchObject({ _tag: "Failure", failure: { _tag: "InvalidCommand" } })
    if (Result.isFailure(r)) expect(r.failure.message).toContain("to")
    expect(Case.decodeCommand({ _tag: "Register", actor: dispatcher })).toMatchObject({ _tag: "Success" })
  })

  it("a case not opened accepts nothing but Open", () => {
    spec.given([]).when({ _tag: "Register", actor: dispatcher }).thenFails("TransitionNotAllowed")
  })
})

describe("held: the units that have handled a case", () => {
  it("given a case dispatched to housing, returned, and dispatched to water, then both units are recorded once, in order", () => {
    const events = history(
      open("event", worker),
      { _tag: "Register", actor: dispatcher },
      { _tag: "Dispatch", actor: dispatcher, to: housing },
      { _tag: "Return", actor: officer, reason: "not ours" },
      { _tag: "Dispatch", actor: dispatcher, to: { unit: "dept.water" } },
      { _tag: "Return", actor: officer, reason: "not ours either" },
      { _tag: "Dispatch", actor: dispatcher, to: housing }
    )
    const state = Case.fold(events)
    expect(state.handler).toEqual(housing)
    expect(state.held).toEqual(["dept.housing", "dept.water"])
    expect(Case.fold(events.slice(0, 2)).held).toEqual([])
  })
})

describe("handing a case back (退回, transfer, escalate): nobody holds it until it is routed again", () => {
  const toHousing = history(
    open("event", worker),
    { _tag: "Register", actor: dispatcher },
    { _tag: "Dispatch", actor: dispatcher, to: housing }
  )
  const housingHandles = [
    ...toHousing,
    ...Result.getOrThrow(Case.decide({ _tag: "Acknowledge", actor: officer }, Case.fold(toHousing), T0 + DAY))
  ]
  const handBacks: ReadonlyArray<readonly [string, ReadonlyArray<Case.Event>, Case.Command]> = [
    ["an event returned when dispatched", toHousing, { _tag: "Return", actor: officer, reason: "not ours" }],
    ["an event transferred when dispatched", toHousing, { _tag: "Transfer", actor: officer, reason: "water's" }],
    ["an event transferred while handled", housingHandles, { _tag: "Transfer", actor: officer, reason: "water's" }],
    ["an event escalated when dispatched", toHousing, { _tag: "Escalate", actor: officer, reason: "too big" }],
    ["an event escalated while handled", housingHandles, { _tag: "Escalate", actor: officer, reason: "too big" }]
  ]

  it.each(handBacks)("given %s, then it has no handler and the unit keeps read access only", (_, given, command) => {
    spec
      .given(given)
      .when(command, T0 + 2 * DAY)
      .thenState((s) => {
        expect(s.status).toBe("registered")
        expect(s.handler).toBe(null)
        expect(s.held).toEqual(["dept.housing"])
      })
  })

  it("a hotline ticket returned remembers who returned it; a dispute escalated from mediation has no mediator", () => {
    const returned = history(
      open("hotline", system, { channel: "hotline" }),
      { _tag: "Dispatch", actor: dispatcher, to: housing },
      { _tag: "Return", actor: officer, reason: "not ours" }
    )
    expect(Case.fold(returned)).toMatchObject({
      status: "received",
      handler: null,
      lastReturn: { reason: "not ours", improper: false, by: housing }
    })
    const escalated = history(
      open("dispute", worker),
      { _tag: "Assign", actor: chief, to: village },
      { _tag: "Escalate", actor: mediator, reason: "to the town" }
    )
    expect(Case.fold(escalated)).toMatchObject({ status: "found", handler: null, held: [village.unit] })
  })

  it("a reopened event goes back to the dispatcher to be routed again", () => {
    const closed = history(
      open("event", worker),
      { _tag: "Register", actor: dispatcher },
      { _tag: "Dispatch", actor: dispatcher, to: village },
      { _tag: "Acknowledge", actor: chief },
      { _tag: "SubmitResult", actor: chief, result: "done", evidence: [] },
      { _tag: "Verify", actor: dispatcher, passed: true }
    )
    spec
      .given(closed)
      .when({ _tag: "Reopen", actor: dispatcher, reason: "back again" }, T0 + DAY)
      .thenState((s) => expect(s).toMatchObject({ status: "registered", handler: null }))
  })
})
