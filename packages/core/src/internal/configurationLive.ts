/**
 * The store-backed configuration: loads the latest snapshot whose hash matches the
 * stream, folds the events after it, compiles; then follows the stream's head. A
 * refresh reads only the events after the version it holds; a writer in the same
 * process hands over the document it decided (`adopt`), so its change is in effect at
 * once; other processes see it at their next poll of the head.
 */
import { Effect, Option, Ref, Result, Semaphore } from "effect"
import * as Audit from "../Audit.js"
import { type Json, StoreError } from "../CaseStore.js"
import * as City from "../City.js"
import type * as CityStore from "../CityStore.js"
import { trusted } from "./cityChanges.js"
import { fold } from "./cityEvolve.js"
import type { Document } from "./citySchema.js"
import { type Caches, caches, compile, type Options, type Snapshot } from "./configurationCompile.js"

export interface LiveOptions extends Options {
  /** Events folded since the last snapshot after which a new one is kept. */
  readonly snapshotEvery: number
}

export interface State {
  readonly snapshot: Snapshot
  readonly hash: string
  readonly snapshotAt: number
}

const page = 2_000

const invalidRow = (version: number) =>
  new StoreError({
    operation: "Configuration.load",
    message: `configuration event ${version} is not one this version of gridgov reads`,
    cause: null
  })

/** A snapshot's document, if it has the document's shape (the store's own write, checked for staleness by hash). */
const asDocument = (json: Json): Document | undefined => {
  if (json === null || typeof json !== "object" || Array.isArray(json)) return undefined
  const keys = Object.keys(City.empty) as Array<keyof Document>
  const obj = json as Record<string, unknown>
  return keys.every((k) => k in obj) ? (json as unknown as Document) : undefined
}

export const make = <E>(
  store: CityStore.CityStore["Service"],
  options: LiveOptions,
  onInvalid: (message: string) => Effect.Effect<never, E>
) =>
  Effect.gen(function* () {
    const shared: Caches = caches()
    const lock = yield* Semaphore.make(1)

    /** Folds the events after `version` onto `document`: the document, version and hash reached. */
    const catchUp = Effect.fnUntraced(function* (document: Document, version: number, hash: string) {
      let d = document
      let v = version
      let h = hash
      for (;;) {
        const rows = yield* store.read(v, page)
        if (rows.length === 0) break
        const events = []
        for (const row of rows) {
          const event = trusted(row)
          if (event === undefined) return yield* invalidRow(row.version)
          events.push({ event, version: row.version })
        }
        d = fold(d, events)
        v = rows[rows.length - 1]!.version
        h = rows[rows.length - 1]!.hash
        if (rows.length < page) break
      }
      return { document: d, version: v, hash: h }
    })

    const keepSnapshot = (state: State): Effect.Effect<State, StoreError> =>
      state.snapshot.version - state.snapshotAt >= options.snapshotEvery
        ? Effect.as(
            store.saveSnapshot({
              version: state.snapshot.version,
              hash: state.hash,
              document: state.snapshot.document as unknown as Json
            }),
            { ...state, snapshotAt: state.snapshot.version }
          )
        : Effect.succeed(state)

    const compiled = (document: Document, version: number, previous?: Snapshot): Effect.Effect<Snapshot, E> => {
      const r = compile(document, version, options, shared, previous)
      return Result.isSuccess(r) ? Effect.succeed(r.success) : onInvalid(r.failure.message)
    }

    const load = Effect.gen(function* () {
      let document = City.empty
      let version = 0
      let hash = Audit.genesis
      const saved = yield* store.snapshot
      if (Option.isSome(saved)) {
        const [at] = yield* store.read(saved.value.version - 1, 1)
        const doc = asDocument(saved.value.document)
        if (
          at !== undefined &&
          at.version === saved.value.version &&
          at.hash === saved.value.hash &&
          doc !== undefined
        ) {
          document = doc
          version = saved.value.version
          hash = saved.value.hash
        }
      }
      const snapshotAt = version
      const reached = yield* catchUp(document, version, hash)
      const snapshot = yield* compiled(reached.document, reached.version)
      return yield* keepSnapshot({ snapshot, hash: reached.hash, snapshotAt })
    })

    const state = yield* Ref.make(yield* load)

    const refresh = lock.withPermits(1)(
      Effect.gen(function* () {
        const held = yield* Ref.get(state)
        const head = yield* store.head
        if (head.version <= held.snapshot.version) return held.snapshot
        const reached = yield* catchUp(held.snapshot.document, held.snapshot.version, held.hash)
        const snapshot = yield* compiled(reached.document, reached.version, held.snapshot)
        const next = yield* keepSnapshot({ snapshot, hash: reached.hash, snapshotAt: held.snapshotAt })
        yield* Ref.set(state, next)
        return snapshot
      })
    )

    const adopt = (head: CityStore.Head, document: Document) =>
      lock.withPermits(1)(
        Effect.gen(function* () {
          const held = yield* Ref.get(state)
          if (head.version <= held.snapshot.version) return held.snapshot
          const snapshot = yield* compiled(document, head.version, held.snapshot)
          const next = yield* keepSnapshot({ snapshot, hash: head.hash, snapshotAt: held.snapshotAt }).pipe(
            Effect.catch(() => Effect.succeed({ snapshot, hash: head.hash, snapshotAt: held.snapshotAt }))
          )
          yield* Ref.set(state, next)
          return snapshot
        })
      )

    return {
      current: Effect.map(Ref.get(state), (s) => s.snapshot),
      refresh,
      adopt
    }
  })
