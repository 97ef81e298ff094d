/**
 * Idempotency keys of the administration endpoints, over core's `Idempotency` port
 * (`Idempotency.once`): bound to the caller and to the request (the operation and
 * the body as decoded), kept in the store, so they outlive a restart and are shared
 * by the servers of one database. In this process the keyed requests run one at a
 * time, so twins sent at once run once; across servers, twins racing each other
 * may both run (the first answer recorded is the one both get).
 */
import { CaseStore, Idempotency } from "@gridgov/core"
import { Effect, Semaphore } from "effect"
import * as Problem from "../Problem.js"
import * as P from "./problems.js"

/** `run` once per key of the caller: a retry of the request replays its result, another request under the key is a 422. */
export type Keyed = <A, E, R>(
  actor: string,
  key: string | undefined,
  operation: string,
  request: unknown,
  run: Effect.Effect<A, E, R>
) => Effect.Effect<A, E | Problem.IdempotencyKeyReused | Problem.Internal, R | Idempotency.Idempotency>

const isReused = (e: unknown): e is Idempotency.KeyReused => e instanceof Idempotency.KeyReused
const isStoreError = (e: unknown): e is CaseStore.StoreError => e instanceof CaseStore.StoreError

export const make: Effect.Effect<Keyed> = Effect.map(
  Semaphore.make(1),
  (lock): Keyed =>
    <A, E, R>(
      actor: string,
      key: string | undefined,
      operation: string,
      request: unknown,
      run: Effect.Effect<A, E, R>
    ) => {
      if (key === undefined) return run
      // the handlers answer plain data: what is recorded, and replayed, is `run`'s answer as JSON
      const once = Idempotency.once({ actor, key, operation, request }, run as Effect.Effect<never, E, R>)
      return lock
        .withPermits(1)(once)
        .pipe(
          Effect.map((outcome) => outcome.result as A),
          Effect.catchIf(isReused, (e) => Effect.fail(new Problem.IdempotencyKeyReused({ detail: e.message }))),
          Effect.catchIf(isStoreError, P.fromStore)
        )
    }
)
