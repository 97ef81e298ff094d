/**
 * The 12345 hotline ticket (工单): received → dispatched (派单) → signed for (签收)
 * or returned (退单; the center may judge a return improper) → handled → replied
 * to the caller → return visit (回访) with satisfaction → closed; a dissatisfied
 * caller reopens it.
 */
import type { Role } from "../../Staff.js"
import type { Definition, StateDef, TransitionDef } from "../machine.js"
import { extension, notifyHandler, notifyReporter, notifyRole, pause, route, sla, start, stop, urge } from "./common.js"

const states = {
  received: { clocks: ["dispatch"] },
  dispatched: { clocks: ["sign"] },
  handling: { clocks: ["handle"] },
  handled: { clocks: ["reply"] },
  replied: { clocks: ["visit"] },
  closed: { final: true }
} as const satisfies Record<string, StateDef>

type S = keyof typeof states

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
    effects: [start("dispatch"), route("dispatch")]
  },
  {
    command: "Dispatch",
    from: ["received"],
    to: "dispatched",
    event: "Dispatched",
    roles: center,
    effects: [stop("dispatch"), start("sign"), notifyHandler]
  },
  {
    command: "Acknowledge",
    from: ["dispatched"],
    to: "handling",
    event: "Acknowledged",
    roles: handlers,
    effects: [stop("sign"), start("handle")]
  },
  {
    command: "Return",
    from: ["dispatched"],
    to: "received",
    event: "Returned",
    roles: handlers,
    effects: [stop("sign"), start("dispatch"), route("return"), notifyRole("dispatcher")]
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
    effects: [stop("handle"), start("dispatch"), route("escalate"), notifyRole("dispatcher")]
  },
  {
    command: "SubmitResult",
    from: ["handling"],
    to: "handled",
    event: "ResultSubmitted",
    roles: handlers,
    effects: [stop("handle"), start("reply")]
  },
  {
    command: "Reply",
    from: ["handled"],
    to: "replied",
    event: "Replied",
    roles: [...handlers, "dispatcher"],
    effects: [stop("reply"), start("visit"), notifyReporter]
  },
  {
    command: "ReturnVisit",
    from: ["replied"],
    to: "closed",
    event: "ReturnVisited",
    roles: center,
    effects: [stop("visit")]
  },
  {
    command: "Reopen",
    from: ["closed"],
    to: "handling",
    event: "Reopened",
    roles: center,
    guards: ["callerDissatisfied", "withinReopenWindow"],
    effects: [start("handle"), notifyHandler]
  },
  urge(open),
  ...sla(open),
  ...pause(states, ["handling"], [...handlers, "dispatcher"]),
  ...extension(["handling"], handlers)
]

export const definition: Definition<S> = { kind: "hotline", states, transitions }
