/**
 * The petition (信访): registered → accepted (受理) | not accepted | redirected to
 * the competent body (转送) → met face to face → concluded with a written reply
 * (办结) → review (复查) → re-review (复核). Simple and complex tracks (the
 * "double 1-2-3": accept, meet, conclude within 1/2/3 days or 1/2/3 weeks) key
 * the SLA clocks `accept`, `meet`, `conclude`, `review`, `rereview`.
 */
import type { Role } from "../../Staff.js"
import type { Definition, StateDef, TransitionDef } from "../machine.js"
import { extension, notifyHandler, notifyReporter, notifyUnit, pause, sla, start, stop, urge } from "./common.js"

const states = {
  registered: { clocks: ["accept"] },
  accepted: { clocks: ["meet", "conclude"] },
  met: { clocks: ["conclude"] },
  concluded: { final: true },
  reviewing: { clocks: ["review"] },
  reviewed: { final: true },
  rereviewing: { clocks: ["rereview"] },
  rereviewed: { final: true },
  notAccepted: { final: true },
  redirected: { final: true }
} as const satisfies Record<string, StateDef>

type S = keyof typeof states

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
    effects: [start("accept"), notifyUnit("center.reception")]
  },
  {
    command: "Accept",
    from: ["registered"],
    to: "accepted",
    event: "Accepted",
    roles: reception,
    effects: [stop("accept"), start("meet"), start("conclude"), notifyHandler, notifyReporter]
  },
  {
    command: "Decline",
    from: ["registered"],
    to: "notAccepted",
    event: "Declined",
    roles: reception,
    effects: [stop("accept"), notifyReporter]
  },
  {
    command: "Redirect",
    from: ["registered"],
    to: "redirected",
    event: "Redirected",
    roles: reception,
    effects: [stop("accept"), notifyHandler, notifyReporter]
  },
  {
    command: "Meet",
    from: ["accepted"],
    to: "met",
    event: "Met",
    roles: handlers,
    effects: [stop("meet")]
  },
  {
    command: "Conclude",
    from: ["met"],
    to: "concluded",
    event: "Concluded",
    roles: handlers,
    effects: [stop("conclude"), notifyReporter]
  },
  {
    command: "RequestReview",
    from: ["concluded"],
    to: "reviewing",
    event: "ReviewRequested",
    roles: [...reception, "public"],
    guards: ["withinReviewWindow"],
    effects: [start("review"), notifyUnit("dept.petition")]
  },
  {
    command: "Review",
    from: ["reviewing"],
    to: "reviewed",
    event: "Reviewed",
    roles: handlers,
    effects: [stop("review"), notifyReporter]
  },
  {
    command: "RequestRereview",
    from: ["reviewed"],
    to: "rereviewing",
    event: "RereviewRequested",
    roles: [...reception, "public"],
    guards: ["withinRereviewWindow"],
    effects: [start("rereview"), notifyUnit("dept.petition")]
  },
  {
    command: "Rereview",
    from: ["rereviewing"],
    to: "rereviewed",
    event: "Rereviewed",
    roles: handlers,
    effects: [stop("rereview"), notifyReporter]
  },
  urge(["registered", ...working]),
  ...sla(["registered", ...working]),
  ...pause(states, working, handlers),
  ...extension(working, handlers)
]

export const definition: Definition<S> = { kind: "petition", states, transitions }
