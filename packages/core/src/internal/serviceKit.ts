/**
 * What the application services (cases, records, notices, analytics, staff) share, written once:
 * the administrator check, a grid named in a query (known and within reach, or
 * answered as unknown), new ids from `Clock` and `Random`, and the idempotency of
 * writes through the `Idempotency` port.
 */
import { Clock, Effect, Option, Random } from "effect"
import * as Access from "../Access.js"
import { type Json, StoreError } from "../CaseStore.js"
import * as Grid from "../Grid.js"
import * as Idempotency from "../Idempotency.js"
import { sha256Hex } from "./sha256.js"

/** Administration needs an `admin` post. */
export const adminOnly = (actor: Access.Actor, action: string): Effect.Effect<void, Access.Forbidden> =>
  actor.posts.some((p) => p.role === "admin")
    ? Effect.void
    : Effect.fail(new Access.Forbidden({ action, reason: "AdminOnly" }))

/**
 * The rank interval of a grid the actor names in a query, if the grid is in the tree
 * and the actor's scope reaches it; otherwise `GridNotFound`, whichever of the two.
 */
export const reachedGrid = (
  context: Access.Context,
  scope: Access.Scope,
  grid: string
): Effect.Effect<{ readonly pre: number; readonly post: number }, Access.GridNotFound> => {
  const id = Grid.id(context.tree, grid)
  return id === undefined || !Access.reaches(context, scope, grid)
    ? Effect.fail(new Access.GridNotFound({ grid }))
    : Effect.succeed(Grid.interval(context.tree, id))
}

/**
 * An input without its `undefined` members: a host's `{ task: undefined }` means the
 * member is absent, which is how the schemas (optional keys) read it.
 */
export const defined = <A extends object>(input: A): A =>
  Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as A

/** A new id: `prefix-<instant in base 36>-<random>`. */
export const newId = (prefix: string): Effect.Effect<string> =>
  Effect.gen(function* () {
    const now = yield* Clock.currentTimeMillis
    const a = yield* Random.nextIntBetween(0, 2 ** 30)
    const b = yield* Random.nextIntBetween(0, 2 ** 30)
    return `${prefix}-${now.toString(36)}-${a.toString(36)}${b.toString(36)}`
  })

/**
 * A keyed request: the client's key, the key as stored (the actor's,
 * `Idempotency.scope`) and what it is bound to (`Idempotency.fingerprint` of the
 * operation and the request).
 */
export interface Keyed {
  readonly client: string
  readonly key: string
  readonly fingerprint: string
}

/** Binds a client's key (if any) to the actor and to the request. */
export const bind = (
  actor: Access.Actor,
  key: string | undefined,
  operation: string,
  request: unknown
): Keyed | undefined =>
  key === undefined
    ? undefined
    : {
        client: key,
        key: Idempotency.scope(actor.id, key),
        fingerprint: Idempotency.fingerprint(operation, request)
      }

/**
 * The id a keyed write creates when the client names none: a function of the key and
 * the request, the same on every retry of that request.
 */
export const idOf = (prefix: string, keyed: Keyed): string =>
  `${prefix}-k${sha256Hex(`${keyed.key}\u0000${keyed.fingerprint}`).slice(0, 24)}`

/**
 * Runs `write` once per key. Without a key it just runs. With one: a key recorded
 * for this request answers `replay(recorded)` and writes nothing, a key recorded for
 * another request fails with `KeyReused`; otherwise `write` runs and its
 * `record(result)` is recorded with the request's fingerprint. When `write` fails,
 * the key is looked up again: a twin request with the same key may have written
 * first (the failure is then the twin's write colliding with ours), and its result
 * is the answer.
 */
export const once = <A, E, R, E2, R2>(options: {
  readonly keys: Idempotency.Idempotency["Service"]
  readonly keyed: Keyed | undefined
  readonly write: Effect.Effect<A, E, R>
  readonly record: (result: A) => Json
  readonly replay: (recorded: Json) => Effect.Effect<A, E2, R2>
}): Effect.Effect<A, E | E2 | Idempotency.KeyReused | StoreError, R | R2> => {
  const { keys, keyed, write, record, replay } = options
  if (keyed === undefined) return write
  const recorded = (entry: Idempotency.Entry) =>
    Effect.flatMap(Effect.fromResult(Idempotency.replay(keyed.client, entry, keyed.fingerprint)), replay)
  return Effect.gen(function* () {
    const seen = yield* keys.get(keyed.key)
    if (Option.isSome(seen)) return yield* recorded(seen.value)
    const outcome: { readonly fresh: boolean; readonly result: A } = yield* write.pipe(
      Effect.map((result) => ({ fresh: true, result })),
      Effect.catch((error) =>
        Effect.gen(function* () {
          const again = yield* keys.get(keyed.key)
          if (Option.isNone(again)) return yield* Effect.fail(error)
          return { fresh: false, result: yield* recorded(again.value) }
        })
      )
    )
    if (outcome.fresh) {
      yield* keys.put(keyed.key, keyed.fingerprint, record(outcome.result), yield* Clock.currentTimeMillis)
    }
    return outcome.result
  })
}

/** A recorded result that does not read back: the store holds something this version did not write. */
export const unreadable = (key: string) =>
  new StoreError({
    operation: "idempotency",
    message: `the result recorded for key ${key} does not decode`,
    cause: null
  })
