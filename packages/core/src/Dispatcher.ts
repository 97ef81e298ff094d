/**
 * The outbox dispatcher: claims a batch of due outbox rows (one statement),
 * delivers each through the `Notifier` registered for its channel, concurrently,
 * and settles the batch with one `Outbox.settle` (one transaction): each row
 * `Delivered`; `Failed` with an exponential backoff with jitter (or the
 * receiver's `Retry-After`) while attempts remain; `Dead` with the reason after a
 * permanent failure or the last attempt. Delivery is at least once: a dispatcher
 * that crashes mid-batch records nothing of it, its lease ends and the rows are
 * claimed again, so every message carries its dedupe key to the receiver. Delivery state lives in the outbox, apart from case state;
 * `deadLetters` lists what gave up and `requeue` sends it again.
 *
 * Time comes from `Clock` and jitter from `Random`, so `TestClock` drives it.
 *
 * @since 0.1.0
 */
import { Clock, Effect, Option, Random, Result, Schedule, Schema } from "effect"
import type { StoreError } from "./CaseStore.js"
import * as Notification from "./Notification.js"
import * as Notifier from "./Notifier.js"
import * as Outbox from "./Outbox.js"

/**
 * Options of a dispatcher; every field has a default (`defaults`).
 *
 * - `owner`: the lease owner, unique per running dispatcher (default: random).
 * - `batchSize`: rows claimed per round (50); `concurrency`: deliveries in flight (16).
 * - `leaseMs`: how long a claim holds (60 s); a delivery still running when the
 *   batch's lease ends is abandoned as retryable, since another dispatcher may
 *   claim the row then (the batch is settled once its last delivery ends).
 * - `maxAttempts`: attempts before a retryable failure becomes a dead letter (8).
 * - `baseDelayMs` / `maxDelayMs`: the backoff: the n-th retry waits a random
 *   time in `[d/2, d]`, `d = min(maxDelayMs, baseDelayMs × 2^(n-1))` (1 s, 1 h).
 *
 * @example
 * import type { Dispatcher } from "@gridgov/core"
 * const options: Dispatcher.Options = { owner: "web-1", maxAttempts: 5, baseDelayMs: 5_000 }
 *
 * @category models
 * @since 0.1.0
 */
export interface Options {
  readonly owner?: string | undefined
  readonly batchSize?: number | undefined
  readonly concurrency?: number | undefined
  readonly leaseMs?: number | undefined
  readonly maxAttempts?: number | undefined
  readonly baseDelayMs?: number | undefined
  readonly maxDelayMs?: number | undefined
}

/**
 * The defaults of `Options` (all but `owner`).
 *
 * @example
 * import { Dispatcher } from "@gridgov/core"
 * Dispatcher.defaults.maxAttempts // 8
 *
 * @category models
 * @since 0.1.0
 */
export const defaults = {
  batchSize: 50,
  concurrency: 16,
  leaseMs: 60_000,
  maxAttempts: 8,
  baseDelayMs: 1_000,
  maxDelayMs: 3_600_000
} as const

/**
 * The backoff before retry number `attempt` (1 for the first retry), given a
 * uniform `u` in `[0, 1)`: "equal jitter", half fixed and half random, so
 * retries spread out yet never come sooner than half the exponential step.
 *
 * @example
 * import { Dispatcher } from "@gridgov/core"
 * Dispatcher.backoff(3, 0, { baseDelayMs: 1_000, maxDelayMs: 60_000 }) // 2000 (step 4000, half of it)
 *
 * @category backoff
 * @since 0.1.0
 */
export const backoff = (
  attempt: number,
  u: number,
  options: { readonly baseDelayMs: number; readonly maxDelayMs: number }
): number => {
  const step = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 1))
  return Math.floor(step / 2 + (u * step) / 2)
}

/**
 * What one round did: rows claimed, delivered, scheduled for a retry, sent to
 * the dead letters, and settled too late (`lost`: the lease had passed to
 * another dispatcher, which will deliver again).
 *
 * @example
 * import type { Dispatcher } from "@gridgov/core"
 * const idle = (r: Dispatcher.Report) => r.claimed === 0
 *
 * @category models
 * @since 0.1.0
 */
export interface Report {
  readonly claimed: number
  readonly delivered: number
  readonly retried: number
  readonly dead: number
  readonly lost: number
}

/**
 * `requeue` was given an id the outbox does not hold.
 *
 * @example
 * import { Dispatcher } from "@gridgov/core"
 * new Dispatcher.MessageNotFound({ id: "case-1/3/assigned/unit:dept.water/webhook" })
 *
 * @category errors
 * @since 0.1.0
 */
export class MessageNotFound extends Schema.TaggedError<MessageNotFound>()("MessageNotFound", {
  id: Schema.String
}) {}

/**
 * `requeue` was given a message that is not a dead letter (pending or delivered).
 *
 * @example
 * import { Dispatcher } from "@gridgov/core"
 * new Dispatcher.NotDead({ id: "m1", status: "delivered" })
 *
 * @category errors
 * @since 0.1.0
 */
export class NotDead extends Schema.TaggedError<NotDead>()("NotDead", {
  id: Schema.String,
  status: Schema.Literals(["pending", "delivered", "dead"])
}) {}

type Config = { readonly owner: string } & { readonly [K in keyof typeof defaults]: number }

const resolve = Effect.fnUntraced(function* (options: Options) {
  const owner = options.owner ?? `dispatcher-${(yield* Random.nextIntBetween(0, 2 ** 31)).toString(36)}`
  return {
    owner,
    batchSize: options.batchSize ?? defaults.batchSize,
    concurrency: options.concurrency ?? defaults.concurrency,
    leaseMs: options.leaseMs ?? defaults.leaseMs,
    maxAttempts: options.maxAttempts ?? defaults.maxAttempts,
    baseDelayMs: options.baseDelayMs ?? defaults.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? defaults.maxDelayMs
  } satisfies Config
})

type Counted = "delivered" | "retried" | "dead"

const counted: { readonly [K in Outbox.Settlement["_tag"]]: Counted } = {
  Delivered: "delivered",
  Failed: "retried",
  Dead: "dead"
}

/** Delivers one claimed row and says how to settle it; `deadline` is when the claim's lease ends. */
const deliverOne = Effect.fnUntraced(function* (
  notifier: Notifier.Notifier["Service"],
  config: Config,
  deadline: number,
  entry: Outbox.Entry
) {
  const decoded = Notification.decode(entry.payload)
  if (Result.isFailure(decoded)) {
    const error = `payload is not a v${Notification.version} notification: ${decoded.failure.message}`
    return { _tag: "Dead", id: entry.id, error } satisfies Outbox.Settlement
  }
  const message: Notifier.Message = {
    id: entry.id,
    dedupeKey: entry.dedupeKey,
    channel: entry.channel,
    attempt: entry.attempts,
    notification: decoded.success
  }
  // The batch settles together, so each delivery must end before the claim's lease does.
  const budget = Math.max(0, deadline - (yield* Clock.currentTimeMillis))
  const outcome = yield* notifier
    .deliver(entry.channel, message)
    .pipe(
      Effect.timeoutOption(budget),
      Effect.map(
        Option.getOrElse(() => Notifier.retryable(`delivery took longer than the lease (${config.leaseMs} ms)`))
      )
    )
  switch (outcome._tag) {
    case "Delivered":
      return { _tag: "Delivered", id: entry.id } satisfies Outbox.Settlement
    case "Permanent":
      yield* Effect.logWarning("notification dead-lettered", { id: entry.id, reason: outcome.reason })
      return { _tag: "Dead", id: entry.id, error: outcome.reason } satisfies Outbox.Settlement
    case "Retryable": {
      if (entry.attempts >= config.maxAttempts) {
        const error = `gave up after ${entry.attempts} attempts: ${outcome.reason}`
        yield* Effect.logWarning("notification dead-lettered", { id: entry.id, reason: error })
        return { _tag: "Dead", id: entry.id, error } satisfies Outbox.Settlement
      }
      const jittered = backoff(entry.attempts, yield* Random.next, config)
      const wish = outcome.retryAfterMs === undefined ? 0 : Math.min(config.maxDelayMs, outcome.retryAfterMs)
      const now = yield* Clock.currentTimeMillis
      return {
        _tag: "Failed",
        id: entry.id,
        retryAt: now + Math.max(jittered, wish),
        error: outcome.reason
      } satisfies Outbox.Settlement
    }
  }
})

const round = Effect.fnUntraced(function* (config: Config) {
  const outbox = yield* Outbox.Outbox
  const notifier = yield* Notifier.Notifier
  const now = yield* Clock.currentTimeMillis
  const entries = yield* outbox.claim(now, config.batchSize, config.owner, config.leaseMs)
  const report = { claimed: entries.length, delivered: 0, retried: 0, dead: 0, lost: 0 }
  if (entries.length === 0) return report satisfies Report
  const settlements = yield* Effect.forEach(
    entries,
    (entry) => deliverOne(notifier, config, now + config.leaseMs, entry),
    { concurrency: config.concurrency }
  )
  // One call settles the whole batch: one transaction on a SQL outbox.
  const settled = yield* outbox.settle(config.owner, settlements)
  settlements.forEach((s, i) => {
    if (settled[i] === true) report[counted[s._tag]]++
    else report.lost++
  })
  return report satisfies Report
})

/**
 * One round: claims up to `batchSize` due rows and delivers them, `concurrency`
 * at a time; returns what happened. Fails only when the outbox does.
 *
 * @example
 * import { Effect } from "effect"
 * import { Dispatcher } from "@gridgov/core"
 * const tick = Dispatcher.runOnce({ owner: "worker-1" }).pipe(Effect.tap((r) => Effect.log(r)))
 *
 * @category dispatch
 * @since 0.1.0
 */
export const runOnce: (options?: Options) => Effect.Effect<Report, StoreError, Outbox.Outbox | Notifier.Notifier> =
  Effect.fn("Dispatcher.runOnce")(function* (options?: Options) {
    return yield* round(yield* resolve(options ?? {}))
  })

/**
 * Runs rounds until interrupted (or until `schedule` ends): while rounds come
 * back full it goes on at once (draining a backlog), then waits as `schedule`
 * says (default: 1 second) before the next. An outbox failure is logged and the
 * loop goes on. Fork it, or run it as a layer with `Layer.effectDiscard(Effect.forkScoped(...))`.
 *
 * @example
 * import { Effect, Schedule } from "effect"
 * import { Dispatcher } from "@gridgov/core"
 * const worker = Dispatcher.run({ owner: "worker-1" }, Schedule.spaced("500 millis")).pipe(Effect.forkChild)
 *
 * @category dispatch
 * @since 0.1.0
 */
export const run = (
  options: Options = {},
  schedule: Schedule.Schedule<unknown, unknown> = Schedule.spaced("1 second")
): Effect.Effect<void, never, Outbox.Outbox | Notifier.Notifier> =>
  Effect.flatMap(resolve(options), (config) => {
    const drain = Effect.gen(function* () {
      while ((yield* round(config)).claimed >= config.batchSize) {
        /* a full round: more may be due */
      }
    }).pipe(Effect.catch((error) => Effect.logError("Dispatcher: outbox failed", error)))
    return Effect.asVoid(Effect.repeat(drain, schedule))
  }).pipe(Effect.withSpan("Dispatcher.run"))

/**
 * The dead letters, oldest id first (paging as `Outbox.Query`).
 *
 * @example
 * import { Dispatcher } from "@gridgov/core"
 * const deadWebhooks = Dispatcher.deadLetters({ channel: "webhook", limit: 20 })
 *
 * @category delivery state
 * @since 0.1.0
 */
export const deadLetters = (
  query: Omit<Outbox.Query, "status"> = {}
): Effect.Effect<ReadonlyArray<Outbox.Entry>, StoreError, Outbox.Outbox> =>
  Effect.flatMap(Effect.service(Outbox.Outbox), (outbox) => outbox.list({ ...query, status: "dead" }))

/**
 * One message's delivery state.
 *
 * @example
 * import { Dispatcher } from "@gridgov/core"
 * const state = Dispatcher.status("case-1/3/assigned/unit:dept.water/webhook")
 *
 * @category delivery state
 * @since 0.1.0
 */
export const status = (id: string): Effect.Effect<Outbox.Entry, MessageNotFound | StoreError, Outbox.Outbox> =>
  Effect.flatMap(Effect.service(Outbox.Outbox), (outbox) =>
    Effect.flatMap(outbox.get(id), (entry) =>
      Option.match(entry, { onNone: () => Effect.fail(new MessageNotFound({ id })), onSome: Effect.succeed })
    )
  )

/**
 * Sends a dead letter again: back to `pending` with fresh attempts, due now.
 * Returns its new state. Fails with `MessageNotFound` or `NotDead`.
 *
 * @example
 * import { Dispatcher } from "@gridgov/core"
 * const retryIt = Dispatcher.requeue("case-1/3/assigned/unit:dept.water/webhook")
 *
 * @category delivery state
 * @since 0.1.0
 */
export const requeue: (
  id: string
) => Effect.Effect<Outbox.Entry, MessageNotFound | NotDead | StoreError, Outbox.Outbox> = Effect.fn(
  "Dispatcher.requeue"
)(function* (id: string) {
  const outbox = yield* Outbox.Outbox
  const entry = yield* status(id)
  if (entry.status !== "dead") return yield* new NotDead({ id, status: entry.status })
  if (!(yield* outbox.requeue(id, yield* Clock.currentTimeMillis))) {
    const now = yield* status(id)
    return yield* new NotDead({ id, status: now.status })
  }
  return yield* status(id)
})
