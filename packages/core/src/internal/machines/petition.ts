/**
 * The petition (信访): registered → accepted (受理) | not accepted | redirected to
 * the competent body (转送) → met face to face → concluded with a written reply
 * (办结) → review (复查) → re-review (复核). Simple and complex tracks (the
 * "double 1-2-3": accept, meet, conclude within 1/2/3 days or 1/2/3 weeks) key
 * the SLA clocks `accept`, `meet`, `conclude`, `review`, `rereview`.
 */
import type { Role } from "../../Staff.js"
import type { Definition, StateDef, TransitionDef } from "../machine.js"
import { extension, notifyHandler, notifyReporter, notifyUnit, pause, sla, urge } from "./common.js"

const states = {
  registered: { clocks: ["accept"], tags: ["screening"] },
  accepted: { clocks: ["meet", "conclude"] },
  met: { clocks: ["conclude"] },
  concluded: { final: true },
  reviewing: { clocks: ["review"] },
  reviewed: { final: true },
  rereviewing: { clocks: ["rereview"] },
  rereviewed: { final: true },
  notAccepted: { final: true, tags: ["screenedOut"] },
  redirected: { final: true, tags: ["screenedOut"] }
} as const satisfies Record<string, StateDef>

export type Status = keyof typeof states
type S = Status

const reception: ReadonlyArray<Role> = ["dispatcher", "departmentOfficer"]
const handlers: ReadonlyArray<Role> = ["departmentOfficer", "leader"]
const working: ReadonlyArray<S> = ["accepted", "met", "reviewing", "rereviewing"]

const transitions: ReadonlyArray<TransitionDef<S>> = [
  {
    command: "Open",
    from: ["initial"],
    to: "registered",
    event: "Opened",
    roles: [...reception, "public", "system"],
    guards: ["trackGiven"],
    effects: [notifyUnit("center.reception")]
  },
  {
    command: "Accept",
    from: ["registered"],
    to: "accepted",
    event: "Accepted",
    roles: reception,
    effects: [notifyHandler, notifyReporter]
  },
  {
    command: "Decline",
    from: ["registered"],
    to: "notAccepted",
    event: "Declined",
    roles: reception,
    effects: [notifyReporter]
  },
  {
    command: "Redirect",
    from: ["registered"],
    to: "redirected",
    event: "Redirected",
    roles: reception,
    effects: [notifyHandler, notifyReporter]
  },
  {
    command: "Meet",
    from: ["accepted"],
    to: "met",
    event: "Met",
    roles: handlers
  },
  {
    command: "Conclude",
    from: ["met"],
    to: "concluded",
    event: "Concluded",
    roles: handlers,
    effects: [notifyReporter]
  },
  {
    command: "RequestReview",
    from: ["concluded"],
    to: "reviewing",
    event: "ReviewRequested",
    roles: [...reception, "public"],
    guards: ["withinReviewWindow"],
    effects: [notifyUnit("dept.petition")]
  },
  {
    command: "Review",
    from: ["reviewing"],
    to: "reviewed",
    event: "Reviewed",
    roles: handlers,
    effects: [notifyReporter]
  },
  {
    command: "RequestRereview",
    from: ["reviewed"],
    to: "rereviewing",
    event: "RereviewRequested",
    roles: [...reception, "public"],
    guards: ["withinRereviewWindow"],
    effects: [notifyUnit("dept.petition")]
  },
  {
    command: "Rereview",
    from: ["rereviewing"],
    to: "rereviewed",
    event: "Rereviewed",
    roles: handlers,
    effects: [notifyReporter]
  },
  urge(["registered", ...working]),
  ...sla(["registered", ...working]),
  ...pause(working, handlers),
  ...extension(working, handlers)
]

export const definition: Definition<S> = { kind: "petition", states, transitions }
