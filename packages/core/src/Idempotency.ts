/**
 * The idempotency port: a key (chosen by the client for one request) mapped to a
 * fingerprint of that request and the result of its first success, so a retried
 * request returns that result and changes nothing, while the same key sent with
 * another request is refused (`KeyReused`) instead of answered with the first
 * request's result.
 *
 * How a key binds to its request:
 *
 * - keys are per caller: what is stored is `scope(actor, key)`, so two callers
 *   never share a key, whatever they send;
 * - `fingerprint(operation, request)` is SHA-256 over the canonical JSON of the
 *   operation's name and the request as decoded: the order of object members and
 *   whitespace do not matter, any other change does (another value, another
 *   member, another case id or endpoint);
 * - `replay(key, entry, fingerprint)`: the recorded result when the fingerprints
 *   are equal, `KeyReused` otherwise; nothing runs either way.
 *
 * `CaseStore.append` records a key, with its fingerprint, in the transaction of the
 * events, so a command and its key commit together (`CaseService` checks the key
 * before it decides, and again on the store's answer). Requests that append
 * nothing use `once`, over this service.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Option, Result, Schema } from "effect"
import type { Json, StoreError } from "./CaseStore.js"
import { sha256Hex } from "./internal/sha256.js"
import { canonicalJson } from "./internal/storeCanonical.js"

/**
 * A recorded key: the fingerprint of the request it was first used for and that
 * request's result. `fingerprint` is `null` for a key recorded before keys were
 * bound to requests (a row older than the store's migration 7): such a key
 * replays for any request of its caller, as it did then, until it is pruned.
 *
 * @example
 * import type { Idempotency } from "@gridgov/core"
 * const entry: Idempotency.Entry = { fingerprint: "9f86d0…", result: { caseId: "case-1" } }
 *
 * @category models
 * @since 0.1.0
 */
export interface Entry {
  readonly fingerprint: string | null
  readonly result: Json
}

/**
 * The idempotency service.
 *
 * - `get(key)`: the recorded entry, if any.
 * - `put(key, fingerprint, result, at)`: records the entry unless the key is there
 *   already, and returns the entry that is recorded (the first one: compare its
 *   fingerprint to know whether it is yours, see `replay`).
 * - `prune(before)`: forgets keys recorded before `before` (epoch ms); returns
 *   how many were removed.
 *
 * Keys given to the port are already scoped to their caller (`scope`).
 *
 * @example
 * import { Effect } from "effect"
 * import { Idempotency } from "@gridgov/core"
 *
 * const first = Effect.gen(function*() {
 *   const keys = yield* Idempotency.Idempotency
 *   const print = Idempotency.fingerprint("ping", { n: 1 })
 *   return yield* keys.put(Idempotency.scope("p-1", "request-42"), print, { ok: true }, 0)
 * })
 *
 * @category services
 * @since 0.1.0
 */
export class Idempotency extends Context.Service<
  Idempotency,
  {
    readonly get: (key: string) => Effect.Effect<Option.Option<Entry>, StoreError>
    readonly put: (key: string, fingerprint: string, result: Json, at: number) => Effect.Effect<Entry, StoreError>
    readonly prune: (before: number) => Effect.Effect<number, StoreError>
  }
>()("@gridgov/core/Idempotency") {}

/**
 * A client's key was used before for another request (another operation, case or
 * body): nothing ran, and the first request's effects and result stay as they
 * were. Send a new key for a new request. `key` is the key as the client sent it.
 *
 * @example
 * import { Idempotency } from "@gridgov/core"
 * new Idempotency.KeyReused({ key: "k-1" }).message // "idempotency key k-1 was used for another request"
 *
 * @category errors
 * @since 0.1.0
 */
export class KeyReused extends Schema.TaggedError<KeyReused>()("IdempotencyKeyReused", { key: Schema.String }) {
  override get message(): string {
    return `idempotency key ${this.key} was used for another request`
  }
}

/**
 * The key as stored: the client's key under its caller's id, as
 * `<length of id>:<id>:<key>`, so keys of two callers never collide.
 *
 * @example
 * import { Idempotency } from "@gridgov/core"
 * Idempotency.scope("p-17", "report-1") // "4:p-17:report-1"
 *
 * @category keys
 * @since 0.1.0
 */
export const scope = (actor: string, key: string): string => `${actor.length}:${actor}:${key}`

/**
 * What a key is bound to: SHA-256 (hex) over the canonical JSON (`Audit.canonical`:
 * members sorted, no whitespace, `undefined` members left out) of `[operation,
 * request]`. Give the request as decoded (plain data: a command, a body after its
 * schema), and name the operation so that one body sent to two endpoints differs.
 *
 * @example
 * import { Idempotency } from "@gridgov/core"
 * const a = Idempotency.fingerprint("open", { kind: "event", place: "620981" })
 * const b = Idempotency.fingerprint("open", { place: "620981", kind: "event" })
 * a === b // true
 * a === Idempotency.fingerprint("open", { kind: "event", place: "620982" }) // false
 *
 * @category keys
 * @since 0.1.0
 */
export const fingerprint = (operation: string, request: unknown): string =>
  sha256Hex(canonicalJson([operation, request]))

/**
 * The answer to a request whose key is recorded: the recorded result when the
 * request's fingerprint is the recorded one (or the entry predates fingerprints),
 * `KeyReused` otherwise. `key` is the client's key, for the error.
 *
 * @example
 * import { Idempotency } from "@gridgov/core"
 * import { Result } from "effect"
 * const entry = { fingerprint: Idempotency.fingerprint("open", { n: 1 }), result: { caseId: "c-1" } }
 * Result.isSuccess(Idempotency.replay("k", entry, Idempotency.fingerprint("open", { n: 1 }))) // true
 * Result.isFailure(Idempotency.replay("k", entry, Idempotency.fingerprint("open", { n: 2 }))) // true
 *
 * @category keys
 * @since 0.1.0
 */
export const replay = (key: string, entry: Entry, fingerprint: string): Result.Result<Json, KeyReused> =>
  entry.fingerprint === null || entry.fingerprint === fingerprint
    ? Result.succeed(entry.result)
    : Result.fail(new KeyReused({ key }))

/**
 * One keyed request to run through `once`: the caller's id, the client's key, the
 * operation (an endpoint or a service method) and the request as decoded.
 *
 * @example
 * import type { Idempotency } from "@gridgov/core"
 * const use: Idempotency.Use = {
 *   actor: "p-1", key: "add-person-1", operation: "admin.createPerson", request: { id: "p-9", name: "王五" }
 * }
 *
 * @category models
 * @since 0.1.0
 */
export interface Use {
  readonly actor: string
  readonly key: string
  readonly operation: string
  readonly request: unknown
}

/**
 * What `once` answers: the result, and whether it is the recorded result of an
 * earlier request with the key (`replayed`: then `run` did not run).
 *
 * @example
 * import type { Idempotency } from "@gridgov/core"
 * const fresh = (o: Idempotency.Outcome) => !o.replayed
 *
 * @category models
 * @since 0.1.0
 */
export interface Outcome {
  readonly result: Json
  readonly replayed: boolean
}

/**
 * Runs `run` once per key, for requests that append no case events: a key
 * recorded for the same request replays its result, a key recorded for another
 * request fails with `KeyReused`, and a new key runs `run`, then records its
 * result with the request's fingerprint (a failure records nothing, so it may be
 * retried). The time recorded comes from `Clock`.
 *
 * `run` and the record are not one transaction: two requests with one key that
 * run at the same moment may both run (hold a lock around `once` where that
 * matters, as `@gridgov/http`'s administration does in its process); the first
 * result recorded is the answer to both, and if the loser's request differs it
 * fails with `KeyReused` after running. `CaseService` has no such window: it
 * records its keys in the append of the events.
 *
 * @example
 * import { Effect } from "effect"
 * import { Idempotency } from "@gridgov/core"
 *
 * const add = (person: { id: string; name: string }) =>
 *   Idempotency.once(
 *     { actor: "p-admin", key: "add-1", operation: "admin.createPerson", request: person },
 *     Effect.succeed(person)
 *   )
 *
 * @category keys
 * @since 0.1.0
 */
export const once = <E, R>(
  use: Use,
  run: Effect.Effect<Json, E, R>
): Effect.Effect<Outcome, E | KeyReused | StoreError, R | Idempotency> =>
  Effect.gen(function* () {
    const keys = yield* Idempotency
    const key = scope(use.actor, use.key)
    const print = fingerprint(use.operation, use.request)
    const seen = yield* keys.get(key)
    if (Option.isSome(seen))
      return { result: yield* Effect.fromResult(replay(use.key, seen.value, print)), replayed: true }
    const result = yield* run
    const recorded = yield* keys.put(key, print, result, yield* Clock.currentTimeMillis)
    const mine = recorded.fingerprint === print && canonicalJson(recorded.result) === canonicalJson(result)
    return { result: yield* Effect.fromResult(replay(use.key, recorded, print)), replayed: !mine }
  })
