/**
 * The staff directory port: the one source of who works where. `CaseService.actor`
 * turns a person into an `Access.Actor` over its current records, the notice
 * receipts count a notice's audience from it, and `StaffService` (administration)
 * changes it, so a post added by an administrator takes effect at a person's next
 * command.
 *
 * `layerMemory` keeps the records in memory, checks each change against the grid
 * tree (`Staff.directory`), and calls `onChange` after each accepted change (a host
 * writes the records to a file or a table there).
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Result, Schema, Semaphore } from "effect"
import type { StoreError } from "./CaseStore.js"
import type * as Grid from "./Grid.js"
import * as Staff from "./Staff.js"

/**
 * What the directory holds now: the flat records and the directory built from them.
 *
 * @example
 * import type { Directory } from "@gridgov/core"
 * const headcount = (s: Directory.Snapshot) => s.records.people.length
 *
 * @category models
 * @since 0.1.0
 */
export interface Snapshot {
  readonly records: Staff.Records
  readonly directory: Staff.Directory
}

/**
 * A change the directory refused, with every problem (`Staff.Issue`), each path
 * relative to the person or post given: a person id that exists, an unknown person,
 * grid or unit, a role posted where it may not be, dates out of order, or a value of
 * the wrong shape (`Schema`).
 *
 * @example
 * import { Directory } from "@gridgov/core"
 * const e = new Directory.Rejected({ issues: [{ _tag: "DuplicatePerson", path: ["id"], message: "person p-1 exists" }] })
 * e.message // "DuplicatePerson at id: person p-1 exists"
 *
 * @category errors
 * @since 0.1.0
 */
export class Rejected extends Schema.TaggedError<Rejected>()("DirectoryRejected", {
  issues: Schema.Array(Staff.Issue)
}) {
  override get message(): string {
    return this.issues.map((i) => `${i._tag} at ${i.path.join(".")}: ${i.message}`).join("; ")
  }
}

/**
 * The directory service.
 *
 * - `current`: the records and directory as they are now;
 * - `addPerson(person)`: adds a person (a new id);
 * - `addPost(post)`: adds a post, checked against the tree and the units.
 *
 * Both changes are seen by the next `current`; a refused change changes nothing.
 *
 * @example
 * import { Effect } from "effect"
 * import { Directory } from "@gridgov/core"
 * const people = Effect.flatMap(Effect.service(Directory.Directory), (d) =>
 *   Effect.map(d.current, (s) => s.records.people.length)
 * )
 *
 * @category services
 * @since 0.1.0
 */
export class Directory extends Context.Service<
  Directory,
  {
    readonly current: Effect.Effect<Snapshot>
    readonly addPerson: (person: Staff.Person) => Effect.Effect<Staff.Person, Rejected | StoreError>
    readonly addPost: (post: Staff.Post) => Effect.Effect<Staff.Post, Rejected | StoreError>
  }
>()("@gridgov/core/Directory") {}

/** The issues of `Staff.directory` that concern the entry at `index` of `list`, relative to it. */
const issuesAt = (error: Staff.RecordsInvalid, list: "people" | "posts", index: number): Array<Staff.Issue> => {
  const own = error.issues.filter((i) => i.path[0] === list && i.path[1] === index)
  return (own.length > 0 ? own : error.issues).map((i) =>
    own.length > 0 ? { ...i, path: i.path.slice(2) } : { ...i, path: [...i.path] }
  )
}

/**
 * The in-memory directory, starting from a built directory (`Staff.directory(records,
 * tree)`); `onChange` runs after each accepted change with the new records (changes
 * are made one at a time).
 *
 * @example
 * import { Directory, Grid, Staff } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * const staff = Result.getOrThrow(Staff.directory({ people: [], units: [], posts: [] }, tree))
 * const live = Directory.layerMemory(staff)
 *
 * @category layers
 * @since 0.1.0
 */
export const layerMemory = (
  initial: Staff.Directory,
  onChange?: (records: Staff.Records) => Effect.Effect<void>
): Layer.Layer<Directory> =>
  Layer.effect(
    Directory,
    Effect.gen(function* () {
      // a built directory keeps the records and tree it was built from (as their internal types)
      const tree = initial.tree as unknown as Grid.Tree
      let state: Snapshot = { records: initial.records as Staff.Records, directory: initial }
      const lock = yield* Semaphore.make(1)
      const change = <A>(next: (records: Staff.Records) => Staff.Records, list: "people" | "posts", value: A) =>
        lock.withPermits(1)(
          Effect.gen(function* () {
            const records = next(state.records)
            const built = Staff.directory(records, tree)
            if (Result.isFailure(built)) {
              return yield* new Rejected({ issues: issuesAt(built.failure, list, records[list].length - 1) })
            }
            state = { records, directory: built.success }
            if (onChange !== undefined) yield* onChange(records)
            return value
          })
        )
      return Directory.of({
        current: Effect.sync(() => state),
        addPerson: (person) =>
          change((r) => ({ ...r, people: [...r.people, person] }), "people", person).pipe(
            Effect.mapError(
              (e) =>
                new Rejected({
                  issues: e.issues.map((i) =>
                    i._tag === "DuplicatePerson" ? { ...i, message: `person ${person.id} exists` } : i
                  )
                })
            )
          ),
        addPost: (post) => change((r) => ({ ...r, posts: [...r.posts, post] }), "posts", post)
      })
    })
  )
