/**
 * The staff directory the server authenticates people against, behind a port so
 * that administration (`POST /admin/people`, `POST /admin/posts`) takes effect at
 * once: a person's next request is `Access.actor` over the current records.
 * `layerMemory` keeps the records in memory and calls `onChange` after each
 * change (the example server writes them to a file there).
 *
 * @since 0.1.0
 */
import { type Grid, Staff } from "@gridgov/core"
import { Context, Effect, Layer, Result, Schema, Semaphore } from "effect"

/**
 * A change the directory refused: the records it would make do not validate
 * (`Staff.directory`: unknown person, grid or unit, a role posted where it may not be,
 * a duplicate person id).
 *
 * @example
 * import { Directory } from "@gridgov/http"
 * new Directory.Rejected({ message: "unknown person p-1" })._tag // "DirectoryRejected"
 *
 * @category errors
 * @since 0.1.0
 */
export class Rejected extends Schema.TaggedError<Rejected>()("DirectoryRejected", { message: Schema.String }) {}

/**
 * The directory port: the current records and directory, and the two changes
 * administration makes.
 *
 * @example
 * import { Effect } from "effect"
 * import { Directory } from "@gridgov/http"
 * const people = Effect.map(Effect.service(Directory.Directory), (d) => d.current().records.people.length)
 *
 * @category services
 * @since 0.1.0
 */
export class Directory extends Context.Service<
  Directory,
  {
    readonly current: () => { readonly records: Staff.Records; readonly directory: Staff.Directory }
    readonly addPerson: (person: Staff.Person) => Effect.Effect<Staff.Person, Rejected>
    readonly addPost: (post: Staff.Post) => Effect.Effect<Staff.Post, Rejected>
  }
>()("@gridgov/http/Directory/Directory") {}

/**
 * The in-memory directory over a grid tree, starting from `records`; `onChange` runs
 * after each accepted change with the new records.
 *
 * @example
 * import { Directory } from "@gridgov/http"
 * import { Yumen } from "@gridgov/testing"
 * const city = Yumen.make()
 * const live = Directory.layerMemory(city.tree, city.staff)
 *
 * @category layers
 * @since 0.1.0
 */
export const layerMemory = (
  tree: Grid.Tree,
  records: Staff.Records,
  onChange?: (records: Staff.Records) => Effect.Effect<void>
): Layer.Layer<Directory, Rejected> =>
  Layer.effect(
    Directory,
    Effect.gen(function* () {
      const build = (r: Staff.Records) =>
        Result.mapError(Staff.directory(r, tree), (e) => new Rejected({ message: e.message }))
      let state = { records, directory: yield* Effect.fromResult(build(records)) }
      const lock = yield* Semaphore.make(1)
      const change = (next: Staff.Records) =>
        lock.withPermits(1)(
          Effect.gen(function* () {
            const directory = yield* Effect.fromResult(build(next))
            state = { records: next, directory }
            if (onChange !== undefined) yield* onChange(next)
          })
        )
      return Directory.of({
        current: () => state,
        addPerson: (person) =>
          state.records.people.some((p) => p.id === person.id)
            ? Effect.fail(new Rejected({ message: `person ${person.id} exists` }))
            : Effect.as(change({ ...state.records, people: [...state.records.people, person] }), person),
        addPost: (post) => Effect.as(change({ ...state.records, posts: [...state.records.posts, post] }), post)
      })
    })
  )
