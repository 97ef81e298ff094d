/**
 * Signed webhook delivery of gridgov notifications over effect's `HttpClient`.
 *
 * Each message is POSTed to every subscriber whose filter matches, as the
 * versioned JSON `Notification` (`v: 1`), with:
 *
 * - `Gridgov-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`
 *   under the subscriber's own secret (`verify` checks it, with a replay window);
 * - `Idempotency-Key: <the outbox dedupe key>`: the same for every attempt, so a
 *   receiver that remembers keys handles each message once;
 * - `Gridgov-Delivery` (outbox id), `Gridgov-Attempt`, `Gridgov-Type`,
 *   `Gridgov-Subscriber`.
 *
 * 2xx is delivered; 408, 429, 5xx, a timeout or a connection error is retryable
 * (honouring `Retry-After`); any other status is permanent. With several
 * subscribers on one channel, a retry goes to all of them again (the idempotency
 * key makes that harmless); give a subscriber its own channel for its own
 * delivery state.
 *
 * @since 0.1.0
 */
import { type Notification, Notifier } from "@gridgov/core"
import { Effect, type Layer, Result, Schema } from "effect"
import { HttpClient } from "effect/http"
import * as internal from "./internal/deliver.js"
import * as signature from "./internal/signature.js"

/**
 * Which notifications a subscriber wants; every field is optional and they
 * combine with AND (values within a field with OR).
 *
 * - `kinds`, `types`: case kinds and notification types.
 * - `categories`: category codes, each matching itself and the codes below it.
 * - `gridPrefixes`: grid code prefixes (`"620981001"`: that town's subtree, as
 *   grid codes extend their parent's).
 * - `gridAncestors`: grid codes on the case grid's path (`Notification.gridPath`)
 *   or the grid itself; either grid field matching is enough.
 *
 * @example
 * import type { Webhook } from "@gridgov/notify-webhook"
 * const filter: Webhook.Filter = { kinds: ["petition"], types: ["breached", "escalated"], gridPrefixes: ["620981001"] }
 *
 * @category models
 * @since 0.1.0
 */
export type Filter = internal.Filter

/**
 * A receiver: its `id` (sent as `Gridgov-Subscriber`), `url`, its own `secret`,
 * an optional `filter` and request `timeoutMs` (else the config's).
 *
 * @example
 * import type { Webhook } from "@gridgov/notify-webhook"
 * const crm: Webhook.Subscriber = { id: "crm", url: "https://crm.example/hooks/gridgov", secret: "whsec_…" }
 *
 * @category models
 * @since 0.1.0
 */
export type Subscriber = internal.Subscriber

/**
 * The transport's configuration: subscribers, the default request timeout
 * (10 s) and the `User-Agent`.
 *
 * @example
 * import type { Webhook } from "@gridgov/notify-webhook"
 * const config: Webhook.Config = { subscribers: [], timeoutMs: 5_000 }
 *
 * @category models
 * @since 0.1.0
 */
export interface Config {
  readonly subscribers: ReadonlyArray<Subscriber>
  readonly timeoutMs?: number | undefined
  readonly userAgent?: string | undefined
}

/**
 * The header names (lower case, as HTTP/2 and Node report them).
 *
 * @example
 * import { Webhook } from "@gridgov/notify-webhook"
 * Webhook.headers.idempotencyKey // "idempotency-key"
 *
 * @category protocol
 * @since 0.1.0
 */
export const headers: typeof internal.headerNames = internal.headerNames

/**
 * Whether a subscriber's filter takes a notification.
 *
 * @example
 * import { Webhook } from "@gridgov/notify-webhook"
 * const onlyPetitions = (n: Parameters<typeof Webhook.matches>[1]) => Webhook.matches({ kinds: ["petition"] }, n)
 *
 * @category filters
 * @since 0.1.0
 */
export const matches: (filter: Filter | undefined, notification: Notification.Notification) => boolean =
  internal.matches

/**
 * The JSON body sent for a notification: exactly the notification's fields.
 *
 * @example
 * import { Webhook } from "@gridgov/notify-webhook"
 * const body = (n: Parameters<typeof Webhook.body>[0]) => JSON.parse(Webhook.body(n)).v // 1
 *
 * @category protocol
 * @since 0.1.0
 */
export const body = (notification: Notification.Notification): string => JSON.stringify(notification)

/**
 * The `Gridgov-Signature` value for a body at a timestamp (unix seconds).
 *
 * @example
 * import { Webhook } from "@gridgov/notify-webhook"
 * Webhook.sign("secret", 1_700_000_000, "{}").startsWith("t=1700000000,v1=") // true
 *
 * @category protocol
 * @since 0.1.0
 */
export const sign = (secret: string, timestamp: number, payload: string | Uint8Array): string =>
  signature.header(secret, timestamp, payload)

/**
 * Why `verify` rejected a request: the signature header is `missing`,
 * `malformed`, `expired` (its timestamp is outside the tolerance, either way), or
 * no `v1` signature matches (`mismatch`: a wrong secret or a changed body).
 *
 * @example
 * import { Webhook } from "@gridgov/notify-webhook"
 * new Webhook.SignatureError({ reason: "expired", message: "timestamp 600 s away from now" })
 *
 * @category errors
 * @since 0.1.0
 */
export class SignatureError extends Schema.TaggedError<SignatureError>()("SignatureError", {
  reason: Schema.Literals(["missing", "malformed", "expired", "mismatch"]),
  message: Schema.String
}) {}

/**
 * Request headers as a receiver has them: a Fetch `Headers`, or Node's
 * `IncomingHttpHeaders` (lower-case keys).
 *
 * @example
 * import type { Webhook } from "@gridgov/notify-webhook"
 * const h: Webhook.IncomingHeaders = { "gridgov-signature": "t=1,v1=00" }
 *
 * @category verification
 * @since 0.1.0
 */
export type IncomingHeaders =
  | { readonly get: (name: string) => string | null }
  | { readonly [name: string]: string | ReadonlyArray<string> | undefined }

const headerValue = (h: IncomingHeaders, name: string): string | undefined => {
  if (typeof h.get === "function") return (h as { get: (name: string) => string | null }).get(name) ?? undefined
  const v = (h as Record<string, string | ReadonlyArray<string> | undefined>)[name]
  return typeof v === "string" ? v : v?.[0]
}

/**
 * For receivers: checks a request's `Gridgov-Signature` against the raw body
 * (the bytes as received, before any JSON parsing), with `secret` (or several,
 * while rotating) and a replay window of `toleranceSec` (default 300) around
 * `now` (epoch ms). Compare in constant time. Succeeds with the signed timestamp.
 *
 * @example
 * import { Webhook } from "@gridgov/notify-webhook"
 * import { Result } from "effect"
 *
 * const raw = '{"v":1}'
 * const headers = { "gridgov-signature": Webhook.sign("s3cret", 1_700_000_000, raw) }
 * Result.isSuccess(Webhook.verify("s3cret", headers, raw, 1_700_000_100_000)) // true
 * Result.isFailure(Webhook.verify("s3cret", headers, raw.replace("1", "2"), 1_700_000_100_000)) // true
 *
 * @category verification
 * @since 0.1.0
 */
export const verify = (
  secret: string | ReadonlyArray<string>,
  incoming: IncomingHeaders,
  payload: string | Uint8Array,
  now: number,
  toleranceSec = 300
): Result.Result<number, SignatureError> => {
  const value = headerValue(incoming, headers.signature)
  if (value === undefined) {
    return Result.fail(new SignatureError({ reason: "missing", message: `no ${headers.signature} header` }))
  }
  const parsed = signature.parse(value)
  if (parsed === undefined) {
    return Result.fail(new SignatureError({ reason: "malformed", message: `cannot parse ${headers.signature}` }))
  }
  const skew = Math.abs(Math.floor(now / 1000) - parsed.timestamp)
  if (skew > toleranceSec) {
    return Result.fail(
      new SignatureError({
        reason: "expired",
        message: `timestamp ${skew} s away from now (tolerance ${toleranceSec} s)`
      })
    )
  }
  const secrets = typeof secret === "string" ? [secret] : secret
  const ok = secrets.some((s) => {
    const expected = signature.hmac(s, parsed.timestamp, payload)
    return parsed.signatures.some((given) => signature.equal(expected, given))
  })
  return ok
    ? Result.succeed(parsed.timestamp)
    : Result.fail(new SignatureError({ reason: "mismatch", message: "no signature matches the body" }))
}

/**
 * Builds the webhook transport over the `HttpClient` in context (e.g.
 * `FetchHttpClient.layer` from `effect/http`). A message goes to its matching
 * subscribers concurrently; none matching counts as delivered.
 *
 * @example
 * import { Notifier } from "@gridgov/core"
 * import { Webhook } from "@gridgov/notify-webhook"
 * import { Layer } from "effect"
 * import { FetchHttpClient } from "effect/http"
 *
 * const NotifierLive = Notifier.layer({
 *   webhook: Webhook.make({ subscribers: [{ id: "crm", url: "https://crm.example/hooks", secret: "s3cret" }] })
 * }).pipe(Layer.provide(FetchHttpClient.layer))
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (config: Config): Effect.Effect<Notifier.Transport, never, HttpClient.HttpClient> =>
  Effect.map(Effect.service(HttpClient.HttpClient), (client) => {
    const timeoutMs = config.timeoutMs ?? 10_000
    const userAgent = config.userAgent ?? "gridgov-webhook/0.1"
    return {
      deliver: (message) => {
        const targets = config.subscribers.filter((s) => internal.matches(s.filter, message.notification))
        if (targets.length === 0) return Effect.succeed(Notifier.delivered)
        const payload = body(message.notification)
        const send = (s: Subscriber) => internal.post(client, s, message, payload, s.timeoutMs ?? timeoutMs, userAgent)
        if (targets.length === 1) {
          const only = targets[0]!
          return Effect.map(send(only), (o) => Notifier.combine([[only.id, o]]))
        }
        return Effect.map(
          Effect.forEach(targets, (s) => Effect.map(send(s), (o) => [s.id, o] as const), { concurrency: "unbounded" }),
          Notifier.combine
        )
      }
    }
  })

/**
 * The `Notifier` with one channel, `webhook` (or `channel`), over the
 * `HttpClient` in context.
 *
 * @example
 * import { Webhook } from "@gridgov/notify-webhook"
 * import { Layer } from "effect"
 * import { FetchHttpClient } from "effect/http"
 * const NotifierLive = Webhook.layer({ subscribers: [] }).pipe(Layer.provide(FetchHttpClient.layer))
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (
  config: Config,
  channel = "webhook"
): Layer.Layer<Notifier.Notifier, never, HttpClient.HttpClient> => Notifier.layer({ [channel]: make(config) })
