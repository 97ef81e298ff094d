/**
 * The dispute (矛盾纠纷): found → mediated at a level (grid, village, town, the
 * center's committee for its type) → agreement (judicial confirmation may follow)
 * or failure → escalate to the next level, or refer out (litigation, arbitration,
 * petition). "Small matters don't leave the grid, big matters don't leave the village."
 */
import type { Role } from "../../Staff.js"
import type { Definition, StateDef, TransitionDef } from "../machine.js"
import { extension, notifyHandler, notifyReporter, notifyRole, notifyUnit, pause, route, sla, urge } from "./common.js"

const states = {
  found: { clocks: ["assign"] },
  mediating: { clocks: ["mediate"] },
  failed: { clocks: ["followUp"] },
  mediated: { final: true, tags: ["mediated"] },
  referred: { final: true }
} as const satisfies Record<string, StateDef>

export type Status = keyof typeof states
type S = Status

const finders: ReadonlyArray<Role> = [
  "gridWorker",
  "exclusiveMember",
  "gridChief",
  "gridManager",
  "mediator",
  "dispatcher",
  "departmentOfficer",
  "public",
  "system"
]
const assigners: ReadonlyArray<Role> = ["dispatcher", "gridChief", "system"]
const mediators: ReadonlyArray<Role> = ["mediator", "gridWorker", "gridChief", "gridManager", "judgeAssistant"]

const transitions: ReadonlyArray<TransitionDef<S>> = [
  {
    command: "Open",
    from: ["initial"],
    to: "found",
    event: "Opened",
    roles: finders,
    effects: [route("dispatch")]
  },
  {
    command: "Assign",
    from: ["found"],
    to: "mediating",
    event: "MediationAssigned",
    roles: assigners,
    effects: [notifyHandler]
  },
  {
    command: "RecordAgreement",
    from: ["mediating"],
    to: "mediated",
    event: "AgreementReached",
    roles: mediators,
    effects: [notifyReporter]
  },
  {
    command: "RecordFailure",
    from: ["mediating"],
    to: "failed",
    event: "MediationFailed",
    roles: mediators,
    effects: [notifyRole("dispatcher")]
  },
  {
    command: "Escalate",
    from: ["mediating"],
    to: "found",
    event: "Escalated",
    roles: [...mediators, "system"],
    effects: [route("escalate")]
  },
  {
    command: "Escalate",
    from: ["failed"],
    to: "found",
    event: "Escalated",
    roles: [...mediators, "dispatcher", "system"],
    effects: [route("escalate")]
  },
  {
    command: "Refer",
    from: ["failed"],
    to: "referred",
    event: "Referred",
    roles: [...mediators, "dispatcher"],
    effects: [route("refer"), notifyReporter]
  },
  {
    command: "Refer",
    from: ["found"],
    to: "referred",
    event: "Referred",
    roles: ["dispatcher", "gridChief", "mediator"],
    effects: [route("refer"), notifyReporter]
  },
  {
    command: "RequestConfirmation",
    from: ["mediated"],
    event: "ConfirmationRequested",
    roles: ["mediator", "judgeAssistant", "public"],
    guards: ["confirmationNotRequested"],
    effects: [notifyUnit("center.litigation")]
  },
  {
    command: "RecordConfirmation",
    from: ["mediated"],
    event: "ConfirmationRecorded",
    roles: ["judgeAssistant"],
    guards: ["confirmationRequested"],
    effects: [notifyReporter]
  },
  urge(["found", "mediating", "failed"]),
  ...sla(["found", "mediating", "failed"]),
  ...pause(["mediating"], mediators),
  ...extension(["mediating"], mediators)
]

/** Every dispute is a mediation, from the moment it is found. */
export const definition: Definition<S> = { kind: "dispute", states, transitions, tags: ["mediation"] }
