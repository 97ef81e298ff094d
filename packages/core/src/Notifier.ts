/**
 * The notifier port: transports (webhook, e-mail, …) registered per outbox
 * channel, each delivering one message and answering with a typed outcome —
 * `Delivered`, `Retryable` (with a reason and maybe a server's `Retry-After`) or
 * `Permanent`. A transport never fails in the error channel: every failure is an
 * outcome, so the dispatcher can decide between retry, backoff and dead letter.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, type Scope } from "effect"
import type * as Notification from "./Notification.js"

/**
 * A message as a transport receives it: the outbox row's `id` and `dedupeKey`
 * (pass it to the receiver: `Idempotency-Key`, `Message-ID`), the `channel`,
 * which `attempt` this is (1 for the first) and the decoded notification.
 *
 * @example
 * import type { Notifier } from "@gridgov/core"
 * const header = (m: Notifier.Message) => ({ "Idempotency-Key": m.dedupeKey })
 *
 * @category models
 * @since 0.1.0
 */
export interface Message {
  readonly id: string
  readonly dedupeKey: string
  readonly channel: string
  readonly attempt: number
  readonly notification: Notification.Notification
}

/**
 * How a delivery went.
 *
 * - `Delivered`: the receiver took it (or nobody was addressed on this channel).
 * - `Retryable`: try again later (timeouts, connection errors, 408/429/5xx,
 *   SMTP 4xx); `retryAfterMs` is the receiver's own wish (`Retry-After`).
 * - `Permanent`: retrying will not help (other 4xx, SMTP 5xx); the message goes
 *   to the dead letters at once.
 *
 * @example
 * import type { Notifier } from "@gridgov/core"
 * const settled = (o: Notifier.Outcome) => o._tag !== "Retryable"
 *
 * @category models
 * @since 0.1.0
 */
export type Outcome =
  | { readonly _tag: "Delivered" }
  | { readonly _tag: "Retryable"; readonly reason: string; readonly retryAfterMs?: number | undefined }
  | { readonly _tag: "Permanent"; readonly reason: string }

/**
 * The outcome `Delivered`.
 *
 * @example
 * import { Notifier } from "@gridgov/core"
 * Notifier.delivered._tag // "Delivered"
 *
 * @category constructors
 * @since 0.1.0
 */
export const delivered: Outcome = { _tag: "Delivered" }

/**
 * A retryable failure, with the reason kept as the message's `lastError`.
 *
 * @example
 * import { Notifier } from "@gridgov/core"
 * Notifier.retryable("503 Service Unavailable", 30_000)
 *
 * @category constructors
 * @since 0.1.0
 */
export const retryable = (reason: string, retryAfterMs?: number): Outcome =>
  retryAfterMs === undefined ? { _tag: "Retryable", reason } : { _tag: "Retryable", reason, retryAfterMs }

/**
 * A permanent failure: the message becomes a dead letter with this reason.
 *
 * @example
 * import { Notifier } from "@gridgov/core"
 * Notifier.permanent("410 Gone")._tag // "Permanent"
 *
 * @category constructors
 * @since 0.1.0
 */
export const permanent = (reason: string): Outcome => ({ _tag: "Permanent", reason })

/**
 * Folds the outcomes of one message sent to several receivers (webhook
 * subscribers, e-mail addresses), each labelled: all delivered (or none at all)
 * is `Delivered`; any `Retryable` makes the whole retryable, waiting for the
 * longest `Retry-After`; otherwise any failure is `Permanent`. Reasons are
 * joined as `label: reason; …`.
 *
 * @example
 * import { Notifier } from "@gridgov/core"
 * Notifier.combine([["crm", Notifier.delivered], ["sms", Notifier.retryable("HTTP 503", 5_000)]])
 * // { _tag: "Retryable", reason: "sms: HTTP 503", retryAfterMs: 5000 }
 *
 * @category constructors
 * @since 0.1.0
 */
export const combine = (outcomes: ReadonlyArray<readonly [label: string, outcome: Outcome]>): Outcome => {
  const failed: Array<string> = []
  let retry = false
  let wait: number | undefined
  for (const [label, o] of outcomes) {
    if (o._tag === "Delivered") continue
    failed.push(`${label}: ${o.reason}`)
    if (o._tag === "Retryable") {
      retry = true
      if (o.retryAfterMs !== undefined) wait = Math.max(wait ?? 0, o.retryAfterMs)
    }
  }
  if (failed.length === 0) return delivered
  const reason = failed.join("; ")
  return retry ? retryable(reason, wait) : permanent(reason)
}

/**
 * One channel's transport: delivers a message, answers with an outcome.
 *
 * @example
 * import { Effect } from "effect"
 * import { Notifier } from "@gridgov/core"
 * const log: Notifier.Transport = { deliver: (m) => Effect.as(Effect.log(m.dedupeKey), Notifier.delivered) }
 *
 * @category models
 * @since 0.1.0
 */
export interface Transport {
  readonly deliver: (message: Message) => Effect.Effect<Outcome>
}

/**
 * The notifier service: the channels it serves and `deliver(channel, message)`.
 * A channel without a transport answers `Permanent` (register it, then requeue
 * the dead letters). A transport that dies (a defect) answers `Retryable`.
 *
 * @example
 * import { Effect } from "effect"
 * import { Notifier } from "@gridgov/core"
 *
 * const send = (m: Notifier.Message) =>
 *   Effect.flatMap(Effect.service(Notifier.Notifier), (n) => n.deliver(m.channel, m))
 *
 * @category services
 * @since 0.1.0
 */
export class Notifier extends Context.Service<
  Notifier,
  {
    readonly channels: ReadonlyArray<string>
    readonly deliver: (channel: string, message: Message) => Effect.Effect<Outcome>
  }
>()("@gridgov/core/Notifier") {}

/**
 * Builds the notifier from transports by channel.
 *
 * @example
 * import { Effect } from "effect"
 * import { Notifier } from "@gridgov/core"
 * const notifier = Notifier.make({ log: { deliver: () => Effect.succeed(Notifier.delivered) } })
 * notifier.channels // ["log"]
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (transports: { readonly [channel: string]: Transport }): Notifier["Service"] => {
  const table = new Map(Object.entries(transports))
  return Notifier.of({
    channels: [...table.keys()],
    deliver: (channel, message) => {
      const transport = table.get(channel)
      if (transport === undefined) return Effect.succeed(permanent(`no transport registered for channel "${channel}"`))
      return transport
        .deliver(message)
        .pipe(Effect.catchDefect((defect) => Effect.succeed(retryable(`transport defect: ${String(defect)}`))))
    }
  })
}

/**
 * A layer of the notifier from transports by channel, each built by an effect
 * (adapters export such constructors: `Webhook.make(config)`, `Email.make(config)`).
 *
 * @example
 * import { Effect } from "effect"
 * import { Notifier } from "@gridgov/core"
 * const NotifierLive = Notifier.layer({ log: Effect.succeed({ deliver: () => Effect.succeed(Notifier.delivered) }) })
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = <const T extends { readonly [channel: string]: Effect.Effect<Transport, unknown, unknown> }>(
  transports: T
): Layer.Layer<Notifier, Effect.Error<T[keyof T]>, Exclude<Effect.Services<T[keyof T]>, Scope.Scope>> =>
  Layer.effect(
    Notifier,
    Effect.map(
      Effect.all(transports as { readonly [channel: string]: Effect.Effect<Transport, unknown, unknown> }),
      (built) => make(built as { readonly [channel: string]: Transport })
    )
  ) as never
