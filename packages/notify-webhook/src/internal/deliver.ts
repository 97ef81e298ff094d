/**
 * One POST per matching subscriber, classified into a `Notifier.Outcome`, and the
 * outcomes of one message's subscribers folded into one.
 */
import { type Notification, Notifier } from "@gridgov/core"
import { Clock, Effect, Option } from "effect"
import { type HttpClient, HttpClientRequest, type HttpClientResponse } from "effect/http"
import * as signature from "./signature.js"

export interface Filter {
  readonly kinds?: ReadonlyArray<Notification.Notification["kind"]> | undefined
  readonly types?: ReadonlyArray<Notification.Type> | undefined
  readonly categories?: ReadonlyArray<string> | undefined
  readonly gridPrefixes?: ReadonlyArray<string> | undefined
  readonly gridAncestors?: ReadonlyArray<string> | undefined
}

export interface Subscriber {
  readonly id: string
  readonly url: string
  readonly secret: string
  readonly filter?: Filter | undefined
  readonly timeoutMs?: number | undefined
}

export const headerNames = {
  signature: "gridgov-signature",
  idempotencyKey: "idempotency-key",
  delivery: "gridgov-delivery",
  attempt: "gridgov-attempt",
  type: "gridgov-type",
  subscriber: "gridgov-subscriber"
} as const

const within = (code: string, prefix: string) => code === prefix || code.startsWith(`${prefix}.`)

export const matches = (filter: Filter | undefined, n: Notification.Notification): boolean => {
  if (filter === undefined) return true
  if (filter.kinds !== undefined && !filter.kinds.includes(n.kind)) return false
  if (filter.types !== undefined && !filter.types.includes(n.type)) return false
  if (filter.categories !== undefined && !filter.categories.some((c) => within(n.category, c))) return false
  const byPrefix = filter.gridPrefixes
  const byAncestor = filter.gridAncestors
  if (byPrefix === undefined && byAncestor === undefined) return true
  return (
    (byPrefix?.some((p) => n.grid.startsWith(p)) ?? false) ||
    (byAncestor?.some((g) => n.grid === g || (n.gridPath?.includes(g) ?? false)) ?? false)
  )
}

/** `Retry-After` as milliseconds from `now`: delta-seconds or an HTTP date. */
export const retryAfter = (value: string | undefined, now: number): number | undefined => {
  if (value === undefined) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const at = Date.parse(trimmed)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}

const excerpt = (text: string) => {
  const flat = text.replace(/\s+/g, " ").trim()
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat
}

export const classify = (response: HttpClientResponse.HttpClientResponse, now: number, text: string) => {
  const status = response.status
  const reason = `HTTP ${status}${text === "" ? "" : `: ${excerpt(text)}`}`
  if (status >= 200 && status < 300) return Notifier.delivered
  if (status === 408 || status === 429 || status >= 500) {
    return Notifier.retryable(reason, retryAfter(response.headers["retry-after"], now))
  }
  return Notifier.permanent(reason)
}

export const post = (
  client: HttpClient.HttpClient,
  subscriber: Subscriber,
  message: Notifier.Message,
  body: string,
  timeoutMs: number,
  userAgent: string
): Effect.Effect<Notifier.Outcome> =>
  Effect.gen(function* () {
    const now = yield* Clock.currentTimeMillis
    const timestamp = Math.floor(now / 1000)
    const request = HttpClientRequest.post(subscriber.url).pipe(
      HttpClientRequest.setHeaders({
        [headerNames.signature]: signature.header(subscriber.secret, timestamp, body),
        [headerNames.idempotencyKey]: message.dedupeKey,
        [headerNames.delivery]: message.id,
        [headerNames.attempt]: String(message.attempt),
        [headerNames.type]: message.notification.type,
        [headerNames.subscriber]: subscriber.id,
        "user-agent": userAgent
      }),
      HttpClientRequest.bodyText(body, "application/json")
    )
    const exchange = Effect.flatMap(client.execute(request), (response) =>
      Effect.map(
        Effect.orElseSucceed(response.text, () => ""),
        (text) => [response, text] as const
      )
    )
    const answered = yield* Effect.timeoutOption(Effect.result(exchange), timeoutMs)
    if (Option.isNone(answered)) return Notifier.retryable(`timed out after ${timeoutMs} ms`)
    if (answered.value._tag === "Failure") {
      return Notifier.retryable(`connection failed: ${answered.value.failure.message}`)
    }
    const [response, text] = answered.value.success
    return classify(response, yield* Clock.currentTimeMillis, text)
  })
