/**
 * Which notification type a case event gives, for recipients other than the
 * reporter (the reporter always gets `replyToReporter`).
 */
export type Type =
  | "reported"
  | "assigned"
  | "returned"
  | "transferred"
  | "escalated"
  | "urged"
  | "dueSoon"
  | "breached"
  | "extension"
  | "replyToReporter"
  | "updated"

export const types: ReadonlyArray<Type> = [
  "reported",
  "assigned",
  "returned",
  "transferred",
  "escalated",
  "urged",
  "dueSoon",
  "breached",
  "extension",
  "replyToReporter",
  "updated"
]

export const byEvent: { readonly [event: string]: Type } = {
  Opened: "reported",
  ReviewRequested: "reported",
  RereviewRequested: "reported",
  Referred: "reported",
  Dispatched: "assigned",
  MediationAssigned: "assigned",
  Accepted: "assigned",
  Redirected: "assigned",
  Returned: "returned",
  VerificationFailed: "returned",
  Transferred: "transferred",
  Escalated: "escalated",
  Urged: "urged",
  SlaWarned: "dueSoon",
  SlaBreached: "breached",
  ExtensionRequested: "extension",
  ExtensionApproved: "extension",
  ExtensionRejected: "extension"
}
