/**
 * Valid case commands for any command tag: what random walks over the case machines
 * (property tests of deciders, analytics, services) issue at each step.
 *
 * @since 0.1.0
 */
import type { Case } from "@gridgov/core"

/**
 * Options of {@link forTag}: the handler units a dispatch-like command may name.
 *
 * @category models
 * @since 0.1.0
 */
export interface Options {
  readonly units: ReadonlyArray<string>
}

const pick = <A>(xs: ReadonlyArray<A>, n: number): A => xs[n % xs.length]!

/**
 * A valid command with tag `tag` for `state`, issued by `actor`; `n` (any
 * non-negative integer, e.g. from fast-check) chooses among payload variants: the
 * handler unit, the clock, the track, the verdict, the satisfaction…
 *
 * Whether the machine accepts it in `state` is for the decider to say: walks pick
 * tags from `CaseMachine.commandsFrom` so most are accepted.
 *
 * @example
 * import { Case } from "@gridgov/core"
 * import { Commands } from "@gridgov/testing"
 * const c = Commands.forTag("Urge", Case.initialState, { id: "l-1", role: "leader" }, 7, { units: ["dept.housing"] })
 * c._tag // "Urge"
 *
 * @category constructors
 * @since 0.1.0
 */
export const forTag = (
  tag: Case.Command["_tag"],
  state: Case.State,
  actor: Case.ActorRef,
  n: number,
  options: Options
): Case.Command => {
  const to = { unit: pick(options.units, n >> 2) }
  const clock = pick(state.clocks.length === 0 ? ["none"] : state.clocks, n)
  switch (tag) {
    case "Dispatch":
    case "Assign":
      return { _tag: tag, actor, to }
    case "Accept":
      return { _tag: tag, actor, to, track: pick(["simple", "complex"] as const, n) }
    case "Redirect":
      return { _tag: tag, actor, to, reason: "competent body" }
    case "Cancel":
    case "Return":
    case "MarkImproperReturn":
    case "Transfer":
    case "Escalate":
    case "Reopen":
    case "Decline":
    case "RecordFailure":
    case "RequestReview":
    case "RequestRereview":
    case "RejectExtension":
      return { _tag: tag, actor, reason: "r" }
    case "Merge":
      return { _tag: tag, actor, duplicateOf: "other" }
    case "SubmitResult":
      return { _tag: tag, actor, result: "done", evidence: [] }
    case "Verify":
      return { _tag: tag, actor, passed: n % 3 !== 0 }
    case "Evaluate":
      return { _tag: tag, actor, rating: "good" }
    case "Urge":
      return { _tag: tag, actor, note: "hurry" }
    case "SlaWarn":
    case "SlaBreach":
      return { _tag: tag, actor, clock }
    case "RequestExtension":
      return { _tag: tag, actor, clock, days: 1 + (n % 10), reason: "r" }
    case "Pause":
      return { _tag: tag, actor, reason: "other" }
    case "RecordAgreement":
      return { _tag: tag, actor, agreement: "a" }
    case "Refer":
      return { _tag: tag, actor, channel: "litigation" }
    case "RecordConfirmation":
      return { _tag: tag, actor, granted: n % 2 === 0 }
    case "Meet":
      return { _tag: tag, actor, note: "met" }
    case "Conclude":
      return { _tag: tag, actor, reply: "reply" }
    case "Review":
    case "Rereview":
      return { _tag: tag, actor, reply: "reply", upheld: n % 2 === 0 }
    case "Triage":
      return { _tag: tag, actor, track: pick(["simple", "complex"] as const, n) }
    case "File":
      return { _tag: tag, actor }
    case "Reply":
      return { _tag: tag, actor, content: "c" }
    case "ReturnVisit":
      return { _tag: tag, actor, satisfaction: pick(["satisfied", "basicallySatisfied", "dissatisfied"] as const, n) }
    default:
      return { _tag: tag, actor } as Case.Command
  }
}
