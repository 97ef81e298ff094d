/**
 * A city folder as the facade's city: the configuration kept in the store, an empty
 * store importing the folder first (as `gridgov import` and the example server's
 * `--city-dir` do). The folder is read with `@gridgov/cli`'s `Folder` (loaded only
 * when a folder is given: hosts with a city of their own never install the CLI).
 */
import { existsSync, statSync } from "node:fs"
import { resolve } from "node:path"
import { CalendarCn } from "@gridgov/calendar-cn"
import { CityChange, City as CityDocument, CityStore, Configuration } from "@gridgov/core"
import { Data, Effect, Layer, Result } from "effect"
import type * as Arr from "effect/Array"
import { StartError } from "./startError.js"

type FolderModule = typeof import("@gridgov/cli/Folder")

/** A folder that cannot be imported: every fault on a line `file:line: reason`. */
export class FolderFaults extends Data.TaggedError("FolderFaults")<{ readonly message: string }> {}

/** Loads `@gridgov/cli`'s `Folder`; rejects with `AdapterMissing` when the CLI is not installed. */
export const load = (folder: string): Promise<FolderModule> =>
  import("@gridgov/cli/Folder").catch((cause) => {
    throw new StartError(
      "AdapterMissing",
      `city folder ${folder} is read by @gridgov/cli: install it beside @gridgov/embed (npm install @gridgov/cli)`,
      { cause }
    )
  })

const refuse = (folder: string, lines: ReadonlyArray<string>) =>
  new FolderFaults({
    message: `city folder ${folder}: ${lines.length} fault(s), nothing imported:\n  ${lines.join("\n  ")}`
  })

/**
 * The changes that import the folder into an empty store, checked as the store will
 * decide them (so that every fault names its file and line); `today` is the city's date.
 */
export const changes = (
  Folder: FolderModule,
  folder: string,
  now: number
): Result.Result<Arr.NonEmptyReadonlyArray<CityChange.Change>, FolderFaults> => {
  const dir = resolve(folder)
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return Result.fail(refuse(folder, ["no such folder"]))
  const read = Folder.read(dir)
  if (Result.isFailure(read)) return Result.fail(refuse(folder, read.failure.map(Folder.show)))
  const target = read.success
  // the city's date (China Standard Time), as `gridgov import` and the example server take it
  const today = new Date(now + 8 * 3_600_000).toISOString().slice(0, 10)
  const diff = CityChange.diff(CityDocument.empty, target.target, { today })
  if (diff.faults.length > 0) {
    return Result.fail(
      refuse(
        folder,
        diff.faults.map((f) => Folder.show({ ...target.origin(f.subject), reason: f.message }))
      )
    )
  }
  const [first, ...rest] = diff.steps.map((s) => s.change)
  if (first === undefined) return Result.fail(refuse(folder, ["it holds no city"]))
  const all: Arr.NonEmptyReadonlyArray<CityChange.Change> = [first, ...rest]
  const decided = CityChange.decide(CityDocument.empty, all, {
    actor: { id: "system", roles: ["system"] },
    reason: `the city folder ${folder}`,
    now,
    version: 0,
    today
  })
  if (Result.isSuccess(decided)) return Result.succeed(all)
  const placed = (index: number, path: ReadonlyArray<PropertyKey>, reason: string) => {
    const step = diff.steps[index]
    if (step === undefined) return `(the folder): ${reason}`
    // a table's issues name a path inside the change (`table.rules.3`): the file's path drops the field
    const inner = step.subject._tag === "categories" ? path : path.slice(1)
    return Folder.show({ ...target.origin(step.subject, inner), reason })
  }
  const refusal = decided.failure
  return Result.fail(
    refuse(
      folder,
      refusal._tag === "CityChangeRejected"
        ? refusal.issues.map((i) => placed(i.change, i.path, `${i._tag}: ${i.message}`))
        : refusal.strands.map((s) =>
            placed(s.change, [], `refused, still in use: ${s._tag} ${s.subject} (${s.total}): ${s.remedy}`)
          )
    )
  )
}

/**
 * The configuration read from the store and followed; an empty store first imports
 * the folder (a store that holds a configuration never reads it).
 */
export const layer = (
  Folder: FolderModule,
  folder: string,
  now: () => number
): Layer.Layer<Configuration.Configuration, unknown, CityStore.CityStore> =>
  Layer.unwrap(
    Effect.gen(function* () {
      const head = yield* Effect.flatMap(Effect.service(CityStore.CityStore), (store) => store.head)
      const seed =
        head.version === 0
          ? yield* Result.match(changes(Folder, folder, now()), {
              onSuccess: Effect.succeed,
              onFailure: Effect.fail
            })
          : undefined
      return Configuration.layerStore({
        calendar: CalendarCn.builder(),
        ...(seed === undefined
          ? {}
          : { seed: { changes: seed, reason: `the city folder ${folder}, on an empty store` } })
      })
    })
  )
