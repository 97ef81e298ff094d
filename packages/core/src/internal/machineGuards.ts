/**
 * The named guards of the case machines: plain functions of
 * (state, command, now, config), named in the transition tables.
 */
import type { Command } from "./caseSchema.js"
import type { Config, State } from "./caseState.js"

export type Guard = (state: State, command: Command, now: number, config: Config) => boolean

const within = (since: number | null, now: number, windowMs: number): boolean =>
  since !== null && now >= since && now - since <= windowMs

export const guards = {
  /** `Open` of a kind with tracks names the track. */
  trackGiven: (_s, c) => c._tag === "Open" && c.track !== undefined,
  /** `Merge` names another case, not this one. */
  notSelfDuplicate: (s, c) => c._tag === "Merge" && c.duplicateOf !== s.id,
  /** `Verify` passed. */
  verificationPassed: (_s, c) => c._tag === "Verify" && c.passed,
  /** `Verify` failed: rework. */
  verificationFailed: (_s, c) => c._tag === "Verify" && !c.passed,
  /** Closed no longer ago than `config.reopenWindowMs`. */
  withinReopenWindow: (s, _c, now, config) => within(s.closedAt, now, config.reopenWindowMs),
  /** The caller said at the return visit that they are dissatisfied. */
  callerDissatisfied: (s) => s.satisfaction === "dissatisfied",
  /** Concluded no longer ago than `config.reviewWindowMs`. */
  withinReviewWindow: (s, _c, now, config) => within(s.closedAt, now, config.reviewWindowMs),
  /** Reviewed no longer ago than `config.rereviewWindowMs`. */
  withinRereviewWindow: (s, _c, now, config) => within(s.closedAt, now, config.rereviewWindowMs),
  /** The command names a clock that runs in the current state. */
  clockRunning: (s, c) =>
    (c._tag === "SlaWarn" || c._tag === "SlaBreach" || c._tag === "RequestExtension") && s.clocks.includes(c.clock),
  /** The case is paused. */
  isPaused: (s) => s.paused !== null,
  /** No extension request is waiting for a decision. */
  noPendingExtension: (s) => s.pendingExtension === null,
  /** An extension request is waiting for a decision. */
  extensionPending: (s) => s.pendingExtension !== null,
  /** Fewer approved extensions than `config.maxExtensions`. */
  extensionsLeft: (s, _c, _n, config) => s.counts.extensions < config.maxExtensions,
  /** The request asks for at most `config.maxExtensionDays` days. */
  extensionWithinLimit: (_s, c, _n, config) => c._tag === "RequestExtension" && c.days <= config.maxExtensionDays,
  /** Triage found the case clear and simple. */
  simpleTrack: (_s, c) => c._tag === "Triage" && c.track === "simple",
  /** Triage found the case complex. */
  complexTrack: (_s, c) => c._tag === "Triage" && c.track === "complex",
  /** The case came back by a return that has not been judged improper yet. */
  returnUnjudged: (s) => s.lastReturn !== null && !s.lastReturn.improper,
  /** No judicial confirmation requested yet. */
  confirmationNotRequested: (s) => s.confirmation === null,
  /** A judicial confirmation is requested and not yet recorded. */
  confirmationRequested: (s) => s.confirmation === "requested"
} satisfies Record<string, Guard>

export type GuardName = keyof typeof guards

export const guardNames = Object.keys(guards) as ReadonlyArray<GuardName>
