/**
 * The idempotency port: a key (chosen by the client for one request) mapped to
 * the result of its first success, so a retried request returns that result and
 * changes nothing. `CaseStore.append` records keys in its transaction; this
 * service reads them and records results of requests that append nothing.
 *
 * @since 0.1.0
 */
import { Context, type Effect, type Option } from "effect"
import type { Json, StoreError } from "./CaseStore.js"

/**
 * The idempotency service.
 *
 * - `get(key)`: the recorded result, if any.
 * - `put(key, result, at)`: records `result` unless the key is there already,
 *   and returns the result that is recorded (the first one).
 * - `prune(before)`: forgets keys recorded before `before` (epoch ms); returns
 *   how many were removed.
 *
 * @example
 * import { Effect } from "effect"
 * import { Idempotency } from "@gridgov/core"
 *
 * const once = Effect.gen(function*() {
 *   const keys = yield* Idempotency.Idempotency
 *   return yield* keys.put("request-42", { ok: true }, 0)
 * })
 *
 * @category services
 * @since 0.1.0
 */
export class Idempotency extends Context.Service<
  Idempotency,
  {
    readonly get: (key: string) => Effect.Effect<Option.Option<Json>, StoreError>
    readonly put: (key: string, result: Json, at: number) => Effect.Effect<Json, StoreError>
    readonly prune: (before: number) => Effect.Effect<number, StoreError>
  }
>()("@gridgov/core/Idempotency") {}
