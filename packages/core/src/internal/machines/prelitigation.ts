/**
 * Pre-litigation mediation (诉前调解): a filing is screened (繁简分流): clear and
 * simple cases go to mediation by a judge's assistant or a committee before filing;
 * others are filed. Mediation ends in an agreement (closed) or fails and the case
 * is filed (立案).
 */
import type { Role } from "../../Staff.js"
import type { Definition, StateDef, TransitionDef } from "../machine.js"
import { extension, notifyHandler, notifyReporter, notifyUnit, pause, route, sla, start, stop, urge } from "./common.js"

const states = {
  received: { clocks: ["triage"] },
  awaitingMediator: { clocks: ["assign"] },
  mediating: { clocks: ["mediate"] },
  failed: { clocks: ["file"] },
  mediated: { final: true },
  filed: { final: true }
} as const satisfies Record<string, StateDef>

type S = keyof typeof states

const court: ReadonlyArray<Role> = ["judgeAssistant", "dispatcher"]
const mediators: ReadonlyArray<Role> = ["judgeAssistant", "mediator"]

const transitions: ReadonlyArray<TransitionDef<S>> = [
  {
    command: "Open",
    from: ["initial"],
    to: "received",
    event: "Opened",
    roles: [...court, "public", "system"],
    effects: [start("triage"), notifyUnit("center.litigation")]
  },
  {
    command: "Triage",
    from: ["received"],
    to: "awaitingMediator",
    event: "TriagedForMediation",
    roles: court,
    guards: ["simpleTrack"],
    effects: [stop("triage"), start("assign"), route("dispatch")]
  },
  {
    command: "Triage",
    from: ["received"],
    to: "filed",
    event: "TriagedForFiling",
    roles: court,
    guards: ["complexTrack"],
    effects: [stop("triage"), notifyReporter]
  },
  {
    command: "Assign",
    from: ["awaitingMediator"],
    to: "mediating",
    event: "MediationAssigned",
    roles: [...court, "system"],
    effects: [stop("assign"), start("mediate"), notifyHandler]
  },
  {
    command: "RecordAgreement",
    from: ["mediating"],
    to: "mediated",
    event: "AgreementReached",
    roles: mediators,
    effects: [stop("mediate"), notifyReporter]
  },
  {
    command: "RecordFailure",
    from: ["mediating"],
    to: "failed",
    event: "MediationFailed",
    roles: mediators,
    effects: [stop("mediate"), start("file"), notifyUnit("window.civil-filing")]
  },
  {
    command: "File",
    from: ["failed"],
    to: "filed",
    event: "Filed",
    roles: court,
    effects: [stop("file"), notifyReporter]
  },
  {
    command: "RequestConfirmation",
    from: ["mediated"],
    event: "ConfirmationRequested",
    roles: [...mediators, "public"],
    guards: ["confirmationNotRequested"],
    effects: [notifyUnit("dept.court")]
  },
  {
    command: "RecordConfirmation",
    from: ["mediated"],
    event: "ConfirmationRecorded",
    roles: ["judgeAssistant"],
    guards: ["confirmationRequested"],
    effects: [notifyReporter]
  },
  urge(["received", "awaitingMediator", "mediating", "failed"]),
  ...sla(["received", "awaitingMediator", "mediating", "failed"]),
  ...pause(states, ["mediating"], mediators),
  ...extension(["mediating"], mediators)
]

export const definition: Definition<S> = { kind: "prelitigation", states, transitions }
