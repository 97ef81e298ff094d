/**
 * Pre-litigation mediation (诉前调解): a filing is screened (繁简分流): clear and
 * simple cases go to mediation by a judge's assistant or a committee before filing;
 * others are filed. Mediation ends in an agreement (closed) or fails and the case
 * is filed (立案).
 */
import type { Role } from "../../Staff.js"
import type { Definition, StateDef, TransitionDef } from "../machine.js"
import { extension, notifyHandler, notifyReporter, notifyUnit, pause, route, sla, urge } from "./common.js"

/**
 * A mediation from triage on, on the simple track (繁简分流): triage sends a simple
 * case to mediation and files a complex one at once, so a filing counts as a
 * (failed) mediation only on the simple track.
 */
const mediation = { tag: "mediation", track: "simple" } as const

const states = {
  received: { clocks: ["triage"] },
  awaitingMediator: { clocks: ["assign"], tags: [mediation] },
  mediating: { clocks: ["mediate"], tags: [mediation] },
  failed: { clocks: ["file"], tags: [mediation] },
  mediated: { final: true, tags: [mediation, "mediated"] },
  filed: { final: true, tags: [mediation] }
} as const satisfies Record<string, StateDef>

export type Status = keyof typeof states
type S = Status

const court: ReadonlyArray<Role> = ["judgeAssistant", "dispatcher"]
const mediators: ReadonlyArray<Role> = ["judgeAssistant", "mediator"]

const transitions: ReadonlyArray<TransitionDef<S>> = [
  {
    command: "Open",
    from: ["initial"],
    to: "received",
    event: "Opened",
    roles: [...court, "public", "system"],
    effects: [notifyUnit("center.litigation")]
  },
  {
    command: "Triage",
    from: ["received"],
    to: "awaitingMediator",
    event: "TriagedForMediation",
    roles: court,
    guards: ["simpleTrack"],
    effects: [route("dispatch")]
  },
  {
    command: "Triage",
    from: ["received"],
    to: "filed",
    event: "TriagedForFiling",
    roles: court,
    guards: ["complexTrack"],
    effects: [notifyReporter]
  },
  {
    command: "Assign",
    from: ["awaitingMediator"],
    to: "mediating",
    event: "MediationAssigned",
    roles: [...court, "system"],
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
    effects: [notifyUnit("window.civil-filing")]
  },
  {
    command: "File",
    from: ["failed"],
    to: "filed",
    event: "Filed",
    roles: court,
    effects: [notifyReporter]
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
  ...pause(["mediating"], mediators),
  ...extension(["mediating"], mediators)
]

export const definition: Definition<S> = { kind: "prelitigation", states, transitions }
