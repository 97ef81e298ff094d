/**
 * The rate-limit hook: a port asked once per request with a key (the caller's
 * address by default), answering whether the request may go on or how many seconds
 * to wait. A refused request is a 429 problem with `Retry-After`. The default,
 * `layerMemory`, is a token bucket per key held in memory (one process); put a
 * shared store behind the port to limit across servers.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer } from "effect"

/**
 * The answer for one request: go on, or wait `retryAfter` seconds.
 *
 * @example
 * import type { RateLimit } from "@gridgov/http"
 * const ok: RateLimit.Decision = { _tag: "Allowed" }
 *
 * @category models
 * @since 0.1.0
 */
export type Decision = { readonly _tag: "Allowed" } | { readonly _tag: "Limited"; readonly retryAfter: number }

/**
 * The rate-limit port.
 *
 * @example
 * import { Effect } from "effect"
 * import { RateLimit } from "@gridgov/http"
 * const check = Effect.flatMap(Effect.service(RateLimit.RateLimiter), (r) => r.take("127.0.0.1"))
 *
 * @category services
 * @since 0.1.0
 */
export class RateLimiter extends Context.Service<
  RateLimiter,
  { readonly take: (key: string) => Effect.Effect<Decision> }
>()("@gridgov/http/RateLimit/RateLimiter") {}

/**
 * Options of the in-memory limiter: a bucket of `burst` requests per key, refilled at
 * `perSecond`.
 *
 * @example
 * import type { RateLimit } from "@gridgov/http"
 * const options: RateLimit.MemoryOptions = { perSecond: 50, burst: 100 }
 *
 * @category config
 * @since 0.1.0
 */
export interface MemoryOptions {
  readonly perSecond: number
  readonly burst: number
}

/**
 * A token bucket per key, in memory. Keys idle long enough to be full again are dropped.
 *
 * @example
 * import { RateLimit } from "@gridgov/http"
 * const live = RateLimit.layerMemory({ perSecond: 100, burst: 200 })
 *
 * @category layers
 * @since 0.1.0
 */
export const layerMemory = (options: MemoryOptions): Layer.Layer<RateLimiter> =>
  Layer.sync(RateLimiter, () => {
    const rate = Math.max(options.perSecond, 1e-9) / 1000
    const burst = Math.max(1, options.burst)
    const buckets = new Map<string, { tokens: number; at: number }>()
    let sweptAt = 0
    const take = (key: string) =>
      Effect.map(Clock.currentTimeMillis, (now): Decision => {
        if (now - sweptAt > 60_000) {
          sweptAt = now
          for (const [k, b] of buckets) if (b.tokens + (now - b.at) * rate >= burst) buckets.delete(k)
        }
        const b = buckets.get(key) ?? { tokens: burst, at: now }
        b.tokens = Math.min(burst, b.tokens + (now - b.at) * rate)
        b.at = now
        buckets.set(key, b)
        if (b.tokens >= 1) {
          b.tokens -= 1
          return { _tag: "Allowed" }
        }
        return { _tag: "Limited", retryAfter: Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000)) }
      })
    return RateLimiter.of({ take })
  })

/**
 * No limit: every request is allowed.
 *
 * @example
 * import { RateLimit } from "@gridgov/http"
 * const none = RateLimit.layerUnlimited
 *
 * @category layers
 * @since 0.1.0
 */
export const layerUnlimited: Layer.Layer<RateLimiter> = Layer.succeed(
  RateLimiter,
  RateLimiter.of({ take: () => Effect.succeed({ _tag: "Allowed" }) })
)
