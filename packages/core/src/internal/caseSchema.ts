/**
 * Schemas of case commands and events, shared by `Case` and `CaseMachine`.
 *
 * A command carries the actor who issues it and its payload; the event it records
 * carries the same payload plus `v` (schema version, for upcasting), `at` (instant)
 * and the actor.
 */
import { Schema } from "effect"
import * as CaseKind from "../CaseKind.js"
import * as Staff from "../Staff.js"

export const Kind = CaseKind.Kind
export type Kind = CaseKind.Kind

export const Instant = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))

export const ActorRef = Schema.Struct({ id: Schema.NonEmptyString, role: Staff.Role })
export type ActorRef = typeof ActorRef.Type

export const Handler = Schema.Struct({
  unit: Schema.NonEmptyString,
  level: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))),
  person: Schema.optionalKey(Schema.NonEmptyString)
})
export type Handler = typeof Handler.Type

export const Channel = CaseKind.Channel
export type Channel = CaseKind.Channel

export const Severity = CaseKind.Severity
export type Severity = CaseKind.Severity

export const Track = CaseKind.Track
export type Track = CaseKind.Track

export const Rating = Schema.Literals(["excellent", "good", "fair", "poor"])
export type Rating = typeof Rating.Type

export const Satisfaction = Schema.Literals(["satisfied", "basicallySatisfied", "dissatisfied"])
export type Satisfaction = typeof Satisfaction.Type

export const PauseReason = Schema.Literals(["petitioner", "appraisal", "hearing", "other"])
export type PauseReason = typeof PauseReason.Type

export const ReferralChannel = Schema.Literals(["litigation", "arbitration", "petition"])
export type ReferralChannel = typeof ReferralChannel.Type

const Text = Schema.NonEmptyString
const ClockName = Schema.NonEmptyString
const Days = Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))

/** Payload fields per command tag; the event a command records carries the same fields. */
const payloads = {
  Open: {
    kind: Kind,
    id: Text,
    category: Text,
    place: Text,
    channel: Channel,
    severity: Severity,
    track: Schema.optionalKey(Track),
    summary: Schema.optionalKey(Schema.String),
    reporter: Schema.optionalKey(ActorRef)
  },
  Register: {},
  Cancel: { reason: Text },
  Merge: { duplicateOf: Text },
  Dispatch: { to: Handler },
  Acknowledge: {},
  Return: { reason: Text },
  MarkImproperReturn: { reason: Text },
  Transfer: { reason: Text, suggested: Schema.optionalKey(Handler) },
  Escalate: { reason: Text },
  SubmitResult: { result: Text, evidence: Schema.Array(Text) },
  Verify: { passed: Schema.Boolean, note: Schema.optionalKey(Schema.String) },
  Evaluate: { rating: Rating, note: Schema.optionalKey(Schema.String) },
  Reopen: { reason: Text },
  Urge: { note: Text },
  SlaWarn: { clock: ClockName },
  SlaBreach: { clock: ClockName },
  Pause: { reason: PauseReason, note: Schema.optionalKey(Schema.String) },
  Resume: {},
  RequestExtension: { clock: ClockName, days: Days, reason: Text },
  ApproveExtension: {},
  RejectExtension: { reason: Text },
  Assign: { to: Handler },
  RecordAgreement: { agreement: Text },
  RecordFailure: { reason: Text },
  Refer: { channel: ReferralChannel, to: Schema.optionalKey(Text) },
  RequestConfirmation: {},
  RecordConfirmation: { granted: Schema.Boolean },
  Accept: { to: Handler, track: Schema.optionalKey(Track) },
  Decline: { reason: Text },
  Redirect: { to: Handler, reason: Text },
  Meet: { note: Text },
  Conclude: { reply: Text },
  RequestReview: { reason: Text },
  Review: { reply: Text, upheld: Schema.Boolean },
  RequestRereview: { reason: Text },
  Rereview: { reply: Text, upheld: Schema.Boolean },
  Triage: { track: Track },
  File: { docket: Schema.optionalKey(Text) },
  Reply: { content: Text },
  ReturnVisit: { satisfaction: Satisfaction, note: Schema.optionalKey(Schema.String) }
} as const

type Payloads = typeof payloads
export type CommandTag = keyof Payloads

type Fields<A> = { [K in keyof A]: A[K] } extends infer F extends Schema.Struct.Fields ? F : never

const commandMeta = { actor: ActorRef } as const
const command = <const T extends CommandTag>(
  tag: T
): Schema.TaggedStruct<T, Fields<typeof commandMeta & Payloads[T]>> =>
  Schema.TaggedStruct(tag, { ...commandMeta, ...payloads[tag] }) as never

const eventMeta = { v: Schema.Literal(1), at: Instant, actor: ActorRef } as const
const event = <const T extends string, const C extends CommandTag>(
  tag: T,
  from: C
): Schema.TaggedStruct<T, Fields<typeof eventMeta & Payloads[C]>> =>
  Schema.TaggedStruct(tag, { ...eventMeta, ...payloads[from] }) as never

export const Command = Schema.Union([
  command("Open"),
  command("Register"),
  command("Cancel"),
  command("Merge"),
  command("Dispatch"),
  command("Acknowledge"),
  command("Return"),
  command("MarkImproperReturn"),
  command("Transfer"),
  command("Escalate"),
  command("SubmitResult"),
  command("Verify"),
  command("Evaluate"),
  command("Reopen"),
  command("Urge"),
  command("SlaWarn"),
  command("SlaBreach"),
  command("Pause"),
  command("Resume"),
  command("RequestExtension"),
  command("ApproveExtension"),
  command("RejectExtension"),
  command("Assign"),
  command("RecordAgreement"),
  command("RecordFailure"),
  command("Refer"),
  command("RequestConfirmation"),
  command("RecordConfirmation"),
  command("Accept"),
  command("Decline"),
  command("Redirect"),
  command("Meet"),
  command("Conclude"),
  command("RequestReview"),
  command("Review"),
  command("RequestRereview"),
  command("Rereview"),
  command("Triage"),
  command("File"),
  command("Reply"),
  command("ReturnVisit")
]).pipe(Schema.toTaggedUnion("_tag"))
export type Command = typeof Command.Type

/** `ApproveExtension` records the extension it approves (clock and days), taken from the pending request. */
const ExtensionApproved = Schema.TaggedStruct("ExtensionApproved", {
  ...eventMeta,
  clock: ClockName,
  days: Days
})

export const Event = Schema.Union([
  event("Opened", "Open"),
  event("Registered", "Register"),
  event("Cancelled", "Cancel"),
  event("Merged", "Merge"),
  event("Dispatched", "Dispatch"),
  event("Acknowledged", "Acknowledge"),
  event("Returned", "Return"),
  event("ReturnMarkedImproper", "MarkImproperReturn"),
  event("Transferred", "Transfer"),
  event("Escalated", "Escalate"),
  event("ResultSubmitted", "SubmitResult"),
  event("VerificationPassed", "Verify"),
  event("VerificationFailed", "Verify"),
  event("Evaluated", "Evaluate"),
  event("Reopened", "Reopen"),
  event("Urged", "Urge"),
  event("SlaWarned", "SlaWarn"),
  event("SlaBreached", "SlaBreach"),
  event("Paused", "Pause"),
  event("Resumed", "Resume"),
  event("ExtensionRequested", "RequestExtension"),
  ExtensionApproved,
  event("ExtensionRejected", "RejectExtension"),
  event("MediationAssigned", "Assign"),
  event("AgreementReached", "RecordAgreement"),
  event("MediationFailed", "RecordFailure"),
  event("Referred", "Refer"),
  event("ConfirmationRequested", "RequestConfirmation"),
  event("ConfirmationRecorded", "RecordConfirmation"),
  event("Accepted", "Accept"),
  event("Declined", "Decline"),
  event("Redirected", "Redirect"),
  event("Met", "Meet"),
  event("Concluded", "Conclude"),
  event("ReviewRequested", "RequestReview"),
  event("Reviewed", "Review"),
  event("RereviewRequested", "RequestRereview"),
  event("Rereviewed", "Rereview"),
  event("TriagedForMediation", "Triage"),
  event("TriagedForFiling", "Triage"),
  event("Filed", "File"),
  event("Replied", "Reply"),
  event("ReturnVisited", "ReturnVisit")
]).pipe(Schema.toTaggedUnion("_tag"))
export type Event = typeof Event.Type
export type EventTag = Event["_tag"]

export type CommandOf<T extends CommandTag> = Extract<Command, { readonly _tag: T }>
export type EventOf<T extends EventTag> = Extract<Event, { readonly _tag: T }>

export const commandTags: ReadonlyArray<CommandTag> = Command.discriminants as ReadonlyArray<CommandTag>
export const eventTags: ReadonlyArray<EventTag> = Event.discriminants as ReadonlyArray<EventTag>
