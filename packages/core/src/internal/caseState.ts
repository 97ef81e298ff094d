/**
 * The state a case's events fold into, the decider's configuration and its errors.
 */
import { Schema } from "effect"
import * as Staff from "../Staff.js"
import type {
  ActorRef,
  Channel,
  Handler,
  Kind,
  PauseReason,
  Rating,
  ReferralChannel,
  Satisfaction,
  Severity,
  Track
} from "./caseSchema.js"
import { Kind as KindSchema } from "./caseSchema.js"
import type { Statuses } from "./machines/index.js"

/** A case's machine state: one of its kind's states, or `"initial"` before `Opened`. */
export type Status = Statuses[Kind] | "initial"

export interface Counts {
  readonly returns: number
  readonly improperReturns: number
  readonly escalations: number
  readonly transfers: number
  /** Transitions tagged `rework` the case took (a failed verification). */
  readonly reworks: number
  readonly urges: number
  readonly warnings: number
  readonly breaches: number
  readonly extensions: number
  /** Transitions tagged `reopen` the case took. */
  readonly reopens: number
}

export interface State {
  /** Case id; empty before `Opened`. */
  readonly id: string
  /** `null` before `Opened`. */
  readonly kind: Kind | null
  /** Machine state (one of its kind's, `CaseKind.Status`); `"initial"` before `Opened`. */
  readonly status: Status
  /** Number of events folded. */
  readonly version: number
  readonly category: string
  /** Grid code of the place. */
  readonly place: string
  readonly channel: Channel | null
  readonly severity: Severity
  readonly track: Track | null
  readonly summary: string
  readonly reporter: ActorRef | null
  readonly handler: Handler | null
  /**
   * Every unit that has handled the case, in the order it first did (the current
   * handler's unit included): who keeps read access after handing a case on.
   */
  readonly held: ReadonlyArray<string>
  /** The SLA clocks running in this state (as declared by the machine). */
  readonly clocks: ReadonlyArray<string>
  /** Clocks breached so far: the overdue flag, frozen per step. */
  readonly overdue: ReadonlyArray<string>
  readonly counts: Counts
  readonly openedAt: number | null
  readonly updatedAt: number | null
  /** When the case entered its current machine state. */
  readonly enteredAt: number | null
  /** When the case last entered a final state; `null` while open. */
  readonly closedAt: number | null
  readonly final: boolean
  readonly duplicateOf: string | null
  /** Result of handling and its evidence (photo references, documents). */
  readonly result: { readonly text: string; readonly evidence: ReadonlyArray<string> } | null
  /** The last reason given (cancel, decline, return, transfer, escalate, reopen, failure). */
  readonly reason: string | null
  /** The last return (退回): why, when, whether the center judged it improper, and who returned it. */
  readonly lastReturn: {
    readonly reason: string
    readonly at: number
    readonly improper: boolean
    /** The handler that returned the case (it holds it no more). */
    readonly by: Handler | null
  } | null
  readonly paused: { readonly reason: PauseReason; readonly since: number } | null
  readonly pendingExtension: { readonly clock: string; readonly days: number; readonly reason: string } | null
  readonly evaluation: Rating | null
  readonly satisfaction: Satisfaction | null
  readonly agreement: string | null
  readonly confirmation: "requested" | "granted" | "refused" | null
  readonly referral: { readonly channel: ReferralChannel; readonly to: string | null } | null
  /** Written reply (petition conclusion or review, hotline reply). */
  readonly reply: string | null
  readonly upheld: boolean | null
  readonly docket: string | null
}

const zeroCounts: Counts = {
  returns: 0,
  improperReturns: 0,
  escalations: 0,
  transfers: 0,
  reworks: 0,
  urges: 0,
  warnings: 0,
  breaches: 0,
  extensions: 0,
  reopens: 0
}

export const initialState: State = {
  id: "",
  kind: null,
  status: "initial",
  version: 0,
  category: "",
  place: "",
  channel: null,
  severity: "ordinary",
  track: null,
  summary: "",
  reporter: null,
  handler: null,
  held: [],
  clocks: [],
  overdue: [],
  counts: zeroCounts,
  openedAt: null,
  updatedAt: null,
  enteredAt: null,
  closedAt: null,
  final: false,
  duplicateOf: null,
  result: null,
  reason: null,
  lastReturn: null,
  paused: null,
  pendingExtension: null,
  evaluation: null,
  satisfaction: null,
  agreement: null,
  confirmation: null,
  referral: null,
  reply: null,
  upheld: null,
  docket: null
}

export interface Config {
  /** How long after closing a case may be reopened (ms). */
  readonly reopenWindowMs: number
  /** How long after a petition is concluded a review may be requested (ms). */
  readonly reviewWindowMs: number
  /** How long after a review a re-review may be requested (ms). */
  readonly rereviewWindowMs: number
  /** Approved extensions allowed per case. */
  readonly maxExtensions: number
  /** Longest extension one request may ask for (days). */
  readonly maxExtensionDays: number
}

const day = 86_400_000

export const defaultConfig: Config = {
  reopenWindowMs: 7 * day,
  reviewWindowMs: 30 * day,
  rereviewWindowMs: 30 * day,
  maxExtensions: 1,
  maxExtensionDays: 30
}

const MachineState = Schema.String

export class TransitionNotAllowed extends Schema.TaggedError<TransitionNotAllowed>()("TransitionNotAllowed", {
  kind: Schema.NullOr(KindSchema),
  state: MachineState,
  command: Schema.String
}) {
  override get message() {
    return `${this.command} is not allowed in state ${this.state}${this.kind === null ? "" : ` (kind ${this.kind})`}`
  }
}

export class RoleNotAllowed extends Schema.TaggedError<RoleNotAllowed>()("RoleNotAllowed", {
  kind: KindSchema,
  command: Schema.String,
  role: Staff.Role
}) {
  override get message() {
    return `role ${this.role} may not issue ${this.command} (kind ${this.kind})`
  }
}

export class GuardRejected extends Schema.TaggedError<GuardRejected>()("GuardRejected", {
  kind: KindSchema,
  state: MachineState,
  command: Schema.String,
  guard: Schema.String
}) {
  override get message() {
    return `${this.command} in state ${this.state}: guard ${this.guard} does not hold`
  }
}

export class CasePaused extends Schema.TaggedError<CasePaused>()("CasePaused", {
  kind: KindSchema,
  state: MachineState,
  command: Schema.String
}) {
  override get message() {
    return `${this.command} is not allowed while the case is paused`
  }
}

export class InvalidCommand extends Schema.TaggedError<InvalidCommand>()("InvalidCommand", {
  message: Schema.String
}) {}

export type DecideError = TransitionNotAllowed | RoleNotAllowed | GuardRejected | CasePaused

export const errorTags = [
  "TransitionNotAllowed",
  "RoleNotAllowed",
  "GuardRejected",
  "CasePaused",
  "InvalidCommand"
] as const
