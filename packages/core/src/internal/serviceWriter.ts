/**
 * Group commit for the case service: concurrent commands hand their planned
 * appends to one writer fiber, which drains whatever is queued (up to `maxBatch`)
 * into one `CaseStore.appendMany`, i.e. one transaction, and answers each request
 * with its own outcome. When nothing else is queued a request goes alone, at once:
 * batching adds no wait, it only collects what arrived while the previous
 * transaction ran. A failed batch fails every request in it with the store's
 * typed error (the transaction wrote nothing).
 */
import { Cause, Deferred, Effect, Exit, Option, Queue, type Scope } from "effect"
import { type AppendOutcome, type AppendRequest, type CaseStore, StoreError } from "../CaseStore.js"

interface Job {
  readonly request: AppendRequest
  readonly done: Deferred.Deferred<AppendOutcome, StoreError>
}

/** Appends through the writer fiber. */
export interface Writer {
  readonly submit: (request: AppendRequest) => Effect.Effect<AppendOutcome, StoreError>
}

const stopped = new StoreError({ operation: "appendMany", message: "the case service has shut down", cause: null })

/** Starts the writer fiber in the current scope; closing the scope stops it and fails what is still queued. */
export const make = (store: CaseStore["Service"], maxBatch: number): Effect.Effect<Writer, never, Scope.Scope> =>
  Effect.gen(function* () {
    const queue = yield* Queue.unbounded<Job>()

    const settle = (jobs: ReadonlyArray<Job>, exit: Exit.Exit<ReadonlyArray<AppendOutcome>, StoreError>) =>
      Effect.forEach(
        jobs,
        (job, i) => {
          if (Exit.isSuccess(exit)) return Deferred.succeed(job.done, exit.value[i]!)
          const error = Cause.findErrorOption(exit.cause)
          return Option.isSome(error) ? Deferred.fail(job.done, error.value) : Deferred.failCause(job.done, exit.cause)
        },
        { discard: true }
      )

    const batch = Effect.gen(function* () {
      const jobs = yield* Queue.takeBetween(queue, 1, maxBatch)
      // A batch taken is written and answered even while the service shuts down.
      yield* Effect.exit(store.appendMany(jobs.map((job) => job.request))).pipe(
        Effect.flatMap((exit) => settle(jobs, exit)),
        Effect.uninterruptible
      )
    })

    yield* Effect.forkScoped(Effect.forever(batch))
    yield* Effect.addFinalizer(() =>
      Effect.gen(function* () {
        const left = yield* Effect.orElseSucceed(Queue.clear(queue), () => [] as Array<Job>)
        yield* Effect.forEach(left, (job) => Deferred.fail(job.done, stopped), { discard: true })
        yield* Queue.shutdown(queue)
      })
    )

    const submit = (request: AppendRequest): Effect.Effect<AppendOutcome, StoreError> =>
      Effect.gen(function* () {
        const done = yield* Deferred.make<AppendOutcome, StoreError>()
        const offered = yield* Queue.offer(queue, { request, done })
        if (!offered) return yield* stopped
        return yield* Deferred.await(done)
      })

    return { submit }
  })
