/**
 * The timers port: due instants that must fire once each (SLA warnings and
 * breaches, escalations), claimed by sweepers under a lease.
 *
 * `claimDue` hands a due timer to one sweeper at a time, even with several
 * sweepers on one database; the claim is a lease, so the timers of a sweeper
 * that crashed are claimed again once it runs out. After downtime, every timer
 * whose instant has passed is claimable. `complete` deletes the timer.
 *
 * @since 0.1.0
 */
import { Context, type Effect } from "effect"
import type { Json, StoreError } from "./CaseStore.js"

/**
 * A timer: fires at `dueAt` (epoch ms) for a stream; `kind` and `payload` say
 * what to do. Ids are chosen by the caller, so rescheduling an id replaces it.
 *
 * @example
 * import type { Timers } from "@gridgov/core"
 * const timer: Timers.Timer = { id: "case-1/accept", streamId: "case-1", dueAt: 86_400_000, kind: "SlaBreach", payload: { clock: "accept" } }
 *
 * @category models
 * @since 0.1.0
 */
export interface Timer {
  readonly id: string
  readonly streamId: string
  readonly dueAt: number
  readonly kind: string
  readonly payload: Json
}

/**
 * A change to the timers, made with an append or on its own.
 *
 * @example
 * import { Timers } from "@gridgov/core"
 * const changes: Array<Timers.Change> = [Timers.cancel("case-1/accept")]
 *
 * @category models
 * @since 0.1.0
 */
export type Change =
  | { readonly _tag: "Schedule"; readonly timer: Timer }
  | { readonly _tag: "Cancel"; readonly id: string }

/**
 * Schedules a timer (replacing one with the same id, and any claim on it).
 *
 * @example
 * import { Timers } from "@gridgov/core"
 * Timers.schedule({ id: "t1", streamId: "case-1", dueAt: 0, kind: "SlaWarn", payload: null })
 *
 * @category constructors
 * @since 0.1.0
 */
export const schedule = (timer: Timer): Change => ({ _tag: "Schedule", timer })

/**
 * Cancels a timer by id; cancelling a timer that is not there does nothing.
 *
 * @example
 * import { Timers } from "@gridgov/core"
 * Timers.cancel("t1")
 *
 * @category constructors
 * @since 0.1.0
 */
export const cancel = (id: string): Change => ({ _tag: "Cancel", id })

/**
 * A timer claimed by a sweeper: `owner` holds it until `leaseUntil`;
 * `attempts` counts the claims so far, this one included.
 *
 * @example
 * import type { Timers } from "@gridgov/core"
 * const retried = (t: Timers.Claimed) => t.attempts > 1
 *
 * @category models
 * @since 0.1.0
 */
export interface Claimed extends Timer {
  readonly owner: string
  readonly leaseUntil: number
  readonly attempts: number
}

/**
 * The timers service.
 *
 * - `change(changes)`: schedules and cancels, in one transaction.
 * - `claimDue(now, limit, owner, leaseMs)`: up to `limit` timers with
 *   `dueAt <= now` that nobody holds (or whose lease ended), earliest first,
 *   leased to `owner` until `now + leaseMs`.
 * - `complete(id, owner)`: deletes the timer if `owner` still holds it; `false`
 *   if it was reclaimed by another sweeper or is gone.
 * - `nextDue()`: the earliest `dueAt`, to know how long a sweeper may sleep.
 *
 * @example
 * import { Effect } from "effect"
 * import { Timers } from "@gridgov/core"
 *
 * const sweep = (now: number) =>
 *   Effect.gen(function*() {
 *     const timers = yield* Timers.Timers
 *     for (const timer of yield* timers.claimDue(now, 100, "sweeper-1", 30_000)) {
 *       yield* timers.complete(timer.id, "sweeper-1")
 *     }
 *   })
 *
 * @category services
 * @since 0.1.0
 */
export class Timers extends Context.Service<
  Timers,
  {
    readonly change: (changes: ReadonlyArray<Change>) => Effect.Effect<void, StoreError>
    readonly claimDue: (
      now: number,
      limit: number,
      owner: string,
      leaseMs: number
    ) => Effect.Effect<ReadonlyArray<Claimed>, StoreError>
    readonly complete: (id: string, owner: string) => Effect.Effect<boolean, StoreError>
    readonly nextDue: () => Effect.Effect<number | null, StoreError>
  }
>()("@gridgov/core/Timers") {}
