/**
 * The 12345 hotline ticket (工单): received → dispatched (派单) → signed for (签收)
 * or returned (退单; the center may judge a return improper) → handled → replied
 * to the caller → return visit (回访) with satisfaction → closed; a dissatisfied
 * caller reopens it.
 */
import type { Role } from "../../Staff.js"
import type { Definition, StateDef, TransitionDef } from "../machine.js"
import { extension, notifyHandler, notifyReporter, notifyRole, pause, route, sla, urge } from "./common.js"

const states = {
  received: { clocks: ["dispatch"] },
  dispatched: { clocks: ["sign"] },
  handling: { clocks: ["handle"], tags: ["responded"] },
  handled: { clocks: ["reply"], tags: ["responded", "resolved"] },
  replied: { clocks: ["visit"], tags: ["responded", "resolved"] },
  closed: { final: true, tags: ["responded", "resolved", "visited"] }
} as const satisfies Record<string, StateDef>

export type Status = keyof typeof states
type S = Status

const center: ReadonlyArray<Role> = ["dispatcher", "system"]
const handlers: ReadonlyArray<Role> = ["departmentOfficer", "gridChief", "gridWorker"]
const open: ReadonlyArray<S> = ["received", "dispatched", "handling", "handled", "replied"]

const transitions: ReadonlyArray<TransitionDef<S>> = [
  {
    command: "Open",
    from: ["initial"],
    to: "received",
    event: "Opened",
    roles: center,
    effects: [route("dispatch")]
  },
  {
    command: "Dispatch",
    from: ["received"],
    to: "dispatched",
    event: "Dispatched",
    roles: center,
    effects: [notifyHandler]
  },
  {
    command: "Acknowledge",
    from: ["dispatched"],
    to: "handling",
    event: "Acknowledged",
    roles: handlers
  },
  {
    command: "Return",
    from: ["dispatched"],
    to: "received",
    event: "Returned",
    roles: handlers,
    effects: [route("return"), notifyRole("dispatcher")]
  },
  {
    command: "MarkImproperReturn",
    from: ["received"],
    event: "ReturnMarkedImproper",
    roles: ["dispatcher"],
    guards: ["returnUnjudged"],
    effects: [notifyHandler]
  },
  {
    command: "Escalate",
    from: ["handling"],
    to: "received",
    event: "Escalated",
    roles: [...handlers, "system"],
    effects: [route("escalate"), notifyRole("dispatcher")]
  },
  {
    command: "SubmitResult",
    from: ["handling"],
    to: "handled",
    event: "ResultSubmitted",
    roles: handlers
  },
  {
    command: "Reply",
    from: ["handled"],
    to: "replied",
    event: "Replied",
    roles: [...handlers, "dispatcher"],
    effects: [notifyReporter]
  },
  {
    command: "ReturnVisit",
    from: ["replied"],
    to: "closed",
    event: "ReturnVisited",
    roles: center
  },
  {
    command: "Reopen",
    from: ["closed"],
    to: "handling",
    event: "Reopened",
    roles: center,
    guards: ["callerDissatisfied", "withinReopenWindow"],
    effects: [notifyHandler],
    tags: ["reopen"]
  },
  urge(open),
  ...sla(open),
  ...pause(["handling"], [...handlers, "dispatcher"]),
  ...extension(["handling"], handlers)
]

export const definition: Definition<S> = { kind: "hotline", states, transitions, tags: ["ticket"] }
