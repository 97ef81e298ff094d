/**
 * The SLA sweeper: claims due warning and breach timers (`Timers.claimDue`, under a
 * lease), runs the command the case machine defines for `system` through
 * `CaseService` — `SlaWarn`, `SlaBreach`, and after a breach `Escalate` where the
 * machine allows it — so each is authorized, recorded, projected and notified like
 * any command, then completes the timer.
 *
 * Each timer fires once even with several sweepers on one database: a claim is
 * exclusive while its lease runs, every command carries an idempotency key derived
 * from the timer, and `SlaWarn`/`SlaBreach` are refused (`SlaNotDue`) when the case
 * has nothing due. A timer whose command is refused for good (the clock stopped, the
 * case was paused, …) is completed as stale; one whose command failed for a
 * transient reason (store error, conflicts) is left for its lease to run out and is
 * claimed again. After downtime every overdue timer is claimable, earliest first.
 *
 * @since 0.1.0
 */
import { Clock, Duration, Effect, Random } from "effect"
import * as Access from "./Access.js"
import * as CaseService from "./CaseService.js"
import type * as CaseStore from "./CaseStore.js"
import * as internal from "./internal/sweeper.js"
import type * as Sla from "./Sla.js"
import * as Timers from "./Timers.js"

/**
 * Sweeper options: its owner name (default random), how many timers one claim takes
 * (default 100), how many cases' timers fire at once (default 64; a case's own timers
 * fire one after another, earliest first), the lease (default 60 s), how long `run` sleeps at most between
 * sweeps (default 1 s), and whether a breach escalates the case (default: always,
 * where the machine lets `system` escalate from the case's state).
 *
 * @example
 * import type { SlaSweeper } from "@gridgov/core"
 * const options: SlaSweeper.Options = { owner: "sweeper-a", batch: 50, escalate: ({ tier }) => tier === "statutory" }
 *
 * @category models
 * @since 0.1.0
 */
export interface Options {
  readonly owner?: string | undefined
  readonly batch?: number | undefined
  readonly concurrency?: number | undefined
  readonly leaseMs?: number | undefined
  readonly pollMs?: number | undefined
  readonly escalate?:
    | ((breach: { readonly kind: string; readonly clock: string; readonly tier: Sla.TierName }) => boolean)
    | undefined
}

/**
 * What one sweep did: timers claimed; commands recorded (warnings, breaches,
 * escalations; replays of an earlier attempt count too); timers completed as stale;
 * timers left for a retry (`failed`) and rows of other kinds left alone (`skipped`).
 *
 * @example
 * import type { SlaSweeper } from "@gridgov/core"
 * const idle = (r: SlaSweeper.Report) => r.claimed === 0
 *
 * @category models
 * @since 0.1.0
 */
export interface Report {
  readonly claimed: number
  readonly warnings: number
  readonly breaches: number
  readonly escalations: number
  readonly stale: number
  readonly failed: number
  readonly skipped: number
}

const system = Access.system()
const systemRef = { id: system.id, role: "system" } as const

const ownerOf = (options: Options) =>
  options.owner !== undefined
    ? Effect.succeed(options.owner)
    : Effect.map(Random.nextIntBetween(0, 2 ** 30), (n) => `sweeper-${n.toString(36)}`)

type Outcome = "fired" | "stale" | "failed"

const classify = <A, E extends { readonly _tag: string }>(
  effect: Effect.Effect<A, E>
): Effect.Effect<{ readonly outcome: Outcome; readonly value: A | undefined }> =>
  effect.pipe(
    Effect.map((value) => ({ outcome: "fired" as Outcome, value })),
    Effect.catch((error: E) =>
      Effect.as(
        Effect.logDebug("SlaSweeper: command not run", error),
        internal.staleTags.has(error._tag)
          ? { outcome: "stale" as Outcome, value: undefined }
          : { outcome: "failed" as Outcome, value: undefined }
      )
    )
  )

const fire = Effect.fnUntraced(function* (
  cases: CaseService.CaseService["Service"],
  timer: Timers.Claimed,
  sla: internal.SlaTimer,
  options: Options
) {
  const key = `timer:${timer.id}@${timer.dueAt}`
  const command =
    sla.kind === "SlaWarn"
      ? ({ _tag: "SlaWarn", actor: systemRef, clock: sla.clock } as const)
      : ({ _tag: "SlaBreach", actor: systemRef, clock: sla.clock } as const)
  const first = yield* classify(cases.execute(timer.streamId, command, system, { idempotencyKey: key }))
  // A fresh append of the warning or breach rescheduled or cancelled this very timer
  // row in its own transaction (the clock's pending timers changed), so there is
  // nothing left to complete; a replayed or refused command wrote nothing.
  const appended = first.outcome === "fired" && first.value?.replayed === false
  if (first.outcome !== "fired" || sla.kind === "SlaWarn") return { outcome: first.outcome, escalated: false, appended }
  const receipt = first.value!
  const wanted = options.escalate ?? (() => true)
  if (!internal.systemMayEscalate(receipt.kind, receipt.status))
    return { outcome: first.outcome, escalated: false, appended }
  if (!wanted({ kind: receipt.kind, clock: sla.clock, tier: sla.tier }))
    return { outcome: first.outcome, escalated: false, appended }
  const escalation = yield* classify(
    cases.execute(
      timer.streamId,
      { _tag: "Escalate", actor: systemRef, reason: `SLA breach: ${sla.clock} (${sla.tier})` },
      system,
      { idempotencyKey: `${key}/escalate` }
    )
  )
  return {
    outcome: escalation.outcome === "failed" ? ("failed" as Outcome) : first.outcome,
    escalated: escalation.outcome === "fired",
    appended
  }
})

const sweepWith = Effect.fnUntraced(function* (owner: string, options: Options) {
  const cases = yield* CaseService.CaseService
  const timers = yield* Timers.Timers
  const batch = Math.max(1, options.batch ?? 100)
  const leaseMs = options.leaseMs ?? 60_000
  const report = { claimed: 0, warnings: 0, breaches: 0, escalations: 0, stale: 0, failed: 0, skipped: 0 }
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 64))
  const one = (timer: Timers.Claimed) =>
    Effect.gen(function* () {
      const sla = internal.slaTimer(timer)
      if (sla === undefined) {
        report.skipped++
        return
      }
      const { outcome, escalated, appended } = yield* fire(cases, timer, sla, options)
      if (appended) moved = true
      if (escalated) report.escalations++
      if (outcome === "failed") {
        report.failed++
        return
      }
      if (outcome === "stale") report.stale++
      else if (sla.kind === "SlaWarn") report.warnings++
      else report.breaches++
      if (!appended) yield* timers.complete(timer.id, owner)
    })
  // Set when an append moved a timer row: a clock's next warning may already be due.
  let moved = false
  for (;;) {
    moved = false
    const now = yield* Clock.currentTimeMillis
    const claimed = yield* timers.claimDue(now, batch, owner, leaseMs)
    report.claimed += claimed.length
    // A case's timers fire in claim order (earliest first); different cases at once,
    // so the case service group-commits their appends.
    const byCase = new Map<string, Array<Timers.Claimed>>()
    for (const timer of claimed) {
      const list = byCase.get(timer.streamId)
      if (list === undefined) byCase.set(timer.streamId, [timer])
      else list.push(timer)
    }
    yield* Effect.forEach(byCase.values(), (list) => Effect.forEach(list, one, { discard: true }), {
      concurrency,
      discard: true
    })
    if (claimed.length === batch) continue
    // A fired warning moved its row to the tier's next instant; after downtime that
    // one is due too, and this sweep fires it rather than leaving it to the next.
    const next = moved ? yield* timers.nextDue() : null
    if (next === null || next > now) return report satisfies Report
  }
})

/**
 * One sweep: claims due timers in batches until none is due, fires each, completes
 * those done with. A clock holds one timer per tier, moved to the tier's next
 * warning (then its breach) as each fires, so after downtime one sweep raises every
 * warning that came due, in order, and the breach. Time is effect's `Clock`.
 *
 * @example
 * import { Effect } from "effect"
 * import { SlaSweeper } from "@gridgov/core"
 * const report = SlaSweeper.sweepOnce({ owner: "sweeper-a" }).pipe(Effect.tap((r) => Effect.log(r)))
 *
 * @category sweeping
 * @since 0.1.0
 */
export const sweepOnce = Effect.fn("SlaSweeper.sweepOnce")(function* (
  options: Options = {}
): Effect.fn.Return<Report, CaseStore.StoreError, CaseService.CaseService | Timers.Timers> {
  return yield* sweepWith(yield* ownerOf(options), options)
})

/**
 * Sweeps forever: one sweep, then sleeps until the next timer is due (at most
 * `pollMs`, so timers scheduled meanwhile are seen), on effect's `Clock` — with
 * `TestClock` the loop advances with `TestClock.adjust`. A sweep that fails (the
 * store is down) is logged and retried after `pollMs`.
 *
 * @example
 * import { Effect } from "effect"
 * import { SlaSweeper } from "@gridgov/core"
 * const background = Effect.forkChild(SlaSweeper.run({ owner: "sweeper-a" }))
 *
 * @category sweeping
 * @since 0.1.0
 */
export const run = Effect.fn("SlaSweeper.run")(function* (
  options: Options = {}
): Effect.fn.Return<never, never, CaseService.CaseService | Timers.Timers> {
  const owner = yield* ownerOf(options)
  const timers = yield* Timers.Timers
  const pollMs = Math.max(1, options.pollMs ?? 1_000)
  for (;;) {
    yield* sweepWith(owner, options).pipe(Effect.catch((error) => Effect.logWarning("SlaSweeper: sweep failed", error)))
    const now = yield* Clock.currentTimeMillis
    const next = yield* timers.nextDue().pipe(Effect.orElseSucceed(() => null))
    const wait = next === null || next <= now ? pollMs : Math.min(pollMs, next - now)
    yield* Effect.sleep(Duration.millis(wait))
  }
})
