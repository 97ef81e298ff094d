/**
 * The general event (事件): the closed loop of digital city management.
 * collect → register → dispatch → handle → feed back → verify and close → evaluate,
 * with cancel, merge, return, transfer, escalate, rework and reopen branches.
 */
import type { Role } from "../../Staff.js"
import type { Definition, StateDef, TransitionDef } from "../machine.js"
import { extension, notifyHandler, notifyReporter, notifyRole, pause, route, sla, start, stop, urge } from "./common.js"

const states = {
  reported: { clocks: ["register"] },
  registered: { clocks: ["dispatch"] },
  dispatched: { clocks: ["sign"] },
  handling: { clocks: ["handle"] },
  handled: { clocks: ["verify"] },
  closed: { final: true },
  evaluated: { final: true },
  cancelled: { final: true },
  merged: { final: true }
} as const satisfies Record<string, StateDef>

type S = keyof typeof states

const reporters: ReadonlyArray<Role> = [
  "gridWorker",
  "exclusiveMember",
  "gridChief",
  "gridManager",
  "departmentOfficer",
  "dispatcher",
  "public",
  "system"
]
const center: ReadonlyArray<Role> = ["dispatcher", "gridChief"]
const handlers: ReadonlyArray<Role> = ["gridWorker", "exclusiveMember", "gridChief", "gridManager", "departmentOfficer"]
const open: ReadonlyArray<S> = ["reported", "registered", "dispatched", "handling", "handled"]

const transitions: ReadonlyArray<TransitionDef<S>> = [
  {
    command: "Open",
    from: ["initial"],
    to: "reported",
    event: "Opened",
    roles: reporters,
    effects: [start("register"), notifyRole("dispatcher")]
  },
  {
    command: "Register",
    from: ["reported"],
    to: "registered",
    event: "Registered",
    roles: center,
    effects: [stop("register"), start("dispatch"), route("dispatch")]
  },
  {
    command: "Cancel",
    from: ["reported"],
    to: "cancelled",
    event: "Cancelled",
    roles: center,
    effects: [stop("register"), notifyReporter]
  },
  {
    command: "Merge",
    from: ["reported"],
    to: "merged",
    event: "Merged",
    roles: center,
    guards: ["notSelfDuplicate"],
    effects: [stop("register"), notifyReporter]
  },
  {
    command: "Dispatch",
    from: ["registered"],
    to: "dispatched",
    event: "Dispatched",
    roles: [...center, "system"],
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
    to: "registered",
    event: "Returned",
    roles: handlers,
    effects: [stop("sign"), start("dispatch"), route("return"), notifyRole("dispatcher")]
  },
  {
    command: "Transfer",
    from: ["dispatched"],
    to: "registered",
    event: "Transferred",
    roles: handlers,
    effects: [stop("sign"), start("dispatch"), route("transfer"), notifyRole("dispatcher")]
  },
  {
    command: "Transfer",
    from: ["handling"],
    to: "registered",
    event: "Transferred",
    roles: handlers,
    effects: [stop("handle"), start("dispatch"), route("transfer"), notifyRole("dispatcher")]
  },
  {
    command: "Escalate",
    from: ["dispatched"],
    to: "registered",
    event: "Escalated",
    roles: [...handlers, "system"],
    effects: [stop("sign"), start("dispatch"), route("escalate"), notifyRole("dispatcher")]
  },
  {
    command: "Escalate",
    from: ["handling"],
    to: "registered",
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
    effects: [stop("handle"), start("verify"), notifyReporter]
  },
  {
    command: "Verify",
    from: ["handled"],
    to: "closed",
    event: "VerificationPassed",
    roles: ["gridWorker", ...center],
    guards: ["verificationPassed"],
    effects: [stop("verify"), notifyHandler, notifyReporter]
  },
  {
    command: "Verify",
    from: ["handled"],
    to: "handling",
    event: "VerificationFailed",
    roles: ["gridWorker", ...center],
    guards: ["verificationFailed"],
    effects: [stop("verify"), start("handle"), notifyHandler]
  },
  {
    command: "Evaluate",
    from: ["closed"],
    to: "evaluated",
    event: "Evaluated",
    roles: ["dispatcher", "leader"]
  },
  {
    command: "Reopen",
    from: ["closed", "evaluated"],
    to: "registered",
    event: "Reopened",
    roles: ["dispatcher", "leader"],
    guards: ["withinReopenWindow"],
    effects: [start("dispatch"), route("reopen"), notifyReporter]
  },
  urge(open),
  ...sla(open),
  ...pause(states, ["dispatched", "handling", "handled"], [...handlers, "dispatcher"]),
  ...extension(["handling"], handlers)
]

export const definition: Definition<S> = { kind: "event", states, transitions }
