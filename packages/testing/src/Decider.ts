/**
 * Given / when / then specifications for deciders: given these events, when this
 * command (at this instant), then these events, or this error. Works with any
 * decider in the `{ initialState, decide, evolve }` shape, such as `Case.make()`.
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import { expect } from "vitest"

/**
 * A decider: an initial state, `decide` returning a `Result` of events or an error,
 * and `evolve` folding an event into the state.
 *
 * @example
 * import type { Decider } from "@gridgov/testing/vitest"
 * import { Case } from "@gridgov/core"
 * const d: Decider.Decider<Case.Command, Case.Event, Case.State, Case.DecideError> = Case.make()
 *
 * @category models
 * @since 0.1.0
 */
export interface Decider<C, E, S, Err> {
  readonly initialState: S
  readonly decide: (command: C, state: S, now: number) => Result.Result<ReadonlyArray<E>, Err>
  readonly evolve: (state: S, event: E) => S
}

/**
 * The outcome of a `when`, to assert on with `thenEvents`, `thenState` or `thenFails`
 * (not `then`: an object with a `then` method would pass for a promise).
 *
 * @example
 * import { Decider } from "@gridgov/testing/vitest"
 * import { Case } from "@gridgov/core"
 * const when: Decider.When<Case.Event, Case.State, Case.DecideError> = Decider.spec(Case.make())
 *   .given([])
 *   .when({ _tag: "Register", actor: { id: "d1", role: "dispatcher" } })
 * when.thenFails("TransitionNotAllowed")
 *
 * @category models
 * @since 0.1.0
 */
export interface When<E, S, Err> {
  /** Asserts the command records exactly `expected`; returns the state after them. */
  readonly thenEvents: (expected: ReadonlyArray<E>) => S
  /** Asserts the command succeeds, and hands the events and the state after them to `check`. */
  readonly thenState: (check: (state: S, events: ReadonlyArray<E>) => void) => S
  /** Asserts the command is rejected with an error tagged `tag`; returns the error. */
  readonly thenFails: (tag: string, check?: (error: Err) => void) => Err
}

/**
 * A specification's `given` step.
 *
 * @example
 * import { Decider } from "@gridgov/testing/vitest"
 * import { Case } from "@gridgov/core"
 * const given: Decider.Given<Case.Command, Case.Event, Case.State, Case.DecideError> = Decider.spec(Case.make())
 *
 * @category models
 * @since 0.1.0
 */
export interface Given<C, E, S, Err> {
  /** The history before the command (folded with `evolve` from `initialState`). */
  readonly given: (events: ReadonlyArray<E>) => {
    readonly when: (command: C, now?: number) => When<E, S, Err>
  }
}

/**
 * Folds events into a decider's state.
 *
 * @example
 * import { Decider } from "@gridgov/testing/vitest"
 * import { Case } from "@gridgov/core"
 * Decider.replay(Case.make(), []).status // "initial"
 *
 * @category helpers
 * @since 0.1.0
 */
export const replay = <C, E, S, Err>(decider: Decider<C, E, S, Err>, events: ReadonlyArray<E>): S =>
  events.reduce(decider.evolve, decider.initialState)

const tagOf = (u: unknown): unknown =>
  typeof u === "object" && u !== null && "_tag" in u ? (u as { readonly _tag: unknown })._tag : undefined

/**
 * Starts a given / when / then specification for a decider.
 *
 * @example
 * import { Decider } from "@gridgov/testing/vitest"
 * import { Case } from "@gridgov/core"
 *
 * const d = { id: "d1", role: "dispatcher" } as const
 * const opened: Case.Event = {
 *   _tag: "Opened", v: 1, at: 0, actor: { id: "w1", role: "gridWorker" }, kind: "event", id: "c1",
 *   category: "event.sanitation.garbage", place: "620981001001", channel: "app", severity: "ordinary"
 * }
 * Decider.spec(Case.make())
 *   .given([opened])
 *   .when({ _tag: "Register", actor: d }, 60_000)
 *   .thenEvents([{ _tag: "Registered", v: 1, at: 60_000, actor: d }])
 *
 * @category specs
 * @since 0.1.0
 */
export const spec = <C, E, S, Err>(decider: Decider<C, E, S, Err>): Given<C, E, S, Err> => ({
  given: (history) => ({
    when: (command, now = 0) => {
      const before = replay(decider, history)
      const result = decider.decide(command, before, now)
      const fold = (events: ReadonlyArray<E>) => events.reduce(decider.evolve, before)
      const events = (): ReadonlyArray<E> => {
        if (Result.isFailure(result)) {
          throw new Error(`expected events, got error ${String(tagOf(result.failure))}: ${String(result.failure)}`)
        }
        return result.success
      }
      return {
        thenEvents: (expected) => {
          const actual = events()
          expect(actual).toEqual(expected)
          return fold(actual)
        },
        thenState: (check) => {
          const actual = events()
          const after = fold(actual)
          check(after, actual)
          return after
        },
        thenFails: (tag, check) => {
          if (Result.isSuccess(result)) {
            throw new Error(`expected error ${tag}, got events ${JSON.stringify(result.success)}`)
          }
          expect(tagOf(result.failure)).toBe(tag)
          check?.(result.failure)
          return result.failure
        }
      }
    }
  })
})
