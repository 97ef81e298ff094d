/**
 * The general event (事件): the closed loop of digital city management.
 * collect → register → dispatch → handle → feed back → verify and close → evaluate,
 * with cancel, merge, return, transfer, escalate, rework and reopen branches.
 */
import type { Role } from "../../Staff.js"
import type { Definition, StateDef, TransitionDef } from "../machine.js"
import { extension, notifyHandler, notifyReporter, notifyRole, pause, route, sla, urge } from "./common.js"

const states = {
  reported: { clocks: ["register"], tags: ["screening"] },
  registered: { clocks: ["dispatch"] },
  dispatched: { clocks: ["sign"] },
  handling: { clocks: ["handle"] },
  handled: { clocks: ["verify"] },
  closed: { final: true },
  evaluated: { final: true },
  cancelled: { final: true, tags: ["screenedOut"] },
  merged: { final: true, tags: ["screenedOut"] }
} as const satisfies Record<string, StateDef>

export type Status = keyof typeof states
type S = Status

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
    effects: [notifyRole("dispatcher")]
  },
  {
    command: "Register",
    from: ["reported"],
    to: "registered",
    event: "Registered",
    roles: center,
    effects: [route("dispatch")]
  },
  {
    command: "Cancel",
    from: ["reported"],
    to: "cancelled",
    event: "Cancelled",
    roles: center,
    effects: [notifyReporter]
  },
  {
    command: "Merge",
    from: ["reported"],
    to: "merged",
    event: "Merged",
    roles: center,
    guards: ["notSelfDuplicate"],
    effects: [notifyReporter]
  },
  {
    command: "Dispatch",
    from: ["registered"],
    to: "dispatched",
    event: "Dispatched",
    roles: [...center, "system"],
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
    to: "registered",
    event: "Returned",
    roles: handlers,
    effects: [route("return"), notifyRole("dispatcher")]
  },
  {
    command: "Transfer",
    from: ["dispatched"],
    to: "registered",
    event: "Transferred",
    roles: handlers,
    effects: [route("transfer"), notifyRole("dispatcher")]
  },
  {
    command: "Transfer",
    from: ["handling"],
    to: "registered",
    event: "Transferred",
    roles: handlers,
    effects: [route("transfer"), notifyRole("dispatcher")]
  },
  {
    command: "Escalate",
    from: ["dispatched"],
    to: "registered",
    event: "Escalated",
    roles: [...handlers, "system"],
    effects: [route("escalate"), notifyRole("dispatcher")]
  },
  {
    command: "Escalate",
    from: ["handling"],
    to: "registered",
    event: "Escalated",
    roles: [...handlers, "system"],
    effects: [route("escalate"), notifyRole("dispatcher")]
  },
  {
    command: "SubmitResult",
    from: ["handling"],
    to: "handled",
    event: "ResultSubmitted",
    roles: handlers,
    effects: [notifyReporter]
  },
  {
    command: "Verify",
    from: ["handled"],
    to: "closed",
    event: "VerificationPassed",
    roles: ["gridWorker", ...center],
    guards: ["verificationPassed"],
    effects: [notifyHandler, notifyReporter]
  },
  {
    command: "Verify",
    from: ["handled"],
    to: "handling",
    event: "VerificationFailed",
    roles: ["gridWorker", ...center],
    guards: ["verificationFailed"],
    effects: [notifyHandler],
    tags: ["rework"]
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
    effects: [route("reopen"), notifyReporter],
    tags: ["reopen"]
  },
  urge(open),
  ...sla(open),
  ...pause(["dispatched", "handling", "handled"], [...handlers, "dispatcher"]),
  ...extension(["handling"], handlers)
]

export const definition: Definition<S> = { kind: "event", states, transitions }
