/**
 * `gridgov import`, `gridgov export` and `gridgov calendar add-notice`: a city folder
 * into a store as one audited batch of configuration changes (through `CityService`,
 * as `system`), a store's configuration out to a folder, a holiday notice added.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { CalendarCn } from "@gridgov/calendar-cn"
import {
  Access,
  Calendar,
  CalendarNotice,
  City,
  CityChange,
  CityService,
  Configuration,
  type Configuration as ConfigurationT
} from "@gridgov/core"
import { Clock, Console, Data, Effect, Layer, Result } from "effect"
import { SqlClient } from "effect/sql"
import * as Folder from "../Folder.js"
import * as Store from "../Store.js"
import { exit, Failed } from "./failure.js"

const count = (n: number) => n.toLocaleString("en")

/** The configuration service over a store, the calendar rebuilt from the notices it holds. */
const city = (store: Store.Url, create: boolean) =>
  CityService.layer.pipe(
    Layer.provideMerge(Configuration.layerStore({ calendar: CalendarCn.builder(), pollMs: 0 })),
    Layer.provideMerge(Store.layer(store, { create }))
  )

/** Prints each line on stderr, then fails with a summary: nothing was written. */
const refuse = (lines: ReadonlyArray<string>, summary: string) =>
  Effect.andThen(
    Effect.forEach(lines, (l) => Console.error(l), { discard: true }),
    Effect.fail(new Failed({ reason: summary, code: exit.failed }))
  )

class DryRun extends Data.TaggedError("DryRun")<{ readonly receipt: CityService.Receipt }> {}

/** Where a refused change came from, and why, as `file:line: reason`. */
const placed = (
  folder: Folder.Folder,
  step: CityChange.Step | undefined,
  path: ReadonlyArray<PropertyKey>,
  reason: string
) => {
  if (step === undefined) return `(the folder): ${reason}`
  // a table's issues name a path inside the change (`table.rules.3`): the file's path drops the field
  const inner = step.subject._tag === "categories" ? path : path.slice(1)
  return Folder.show({ ...folder.origin(step.subject, inner), reason })
}

/** A routing table path (`rules.15.target`) as the line of routing.json that holds it; anything else as it is. */
const where = (folder: Folder.Folder, item: string): string => {
  if (!/^(rules|owners|committees|ladder|backstop|jointCommittee)\b/.test(item)) return item
  const at = folder.origin({ _tag: "routing" }, item.split("."))
  return at.line > 0 ? `${at.file}:${at.line} (${item})` : `${at.file} (${item})`
}

const today = (snapshot: ConfigurationT.Snapshot) =>
  Effect.map(Clock.currentTimeMillis, (now) => Calendar.localDate(snapshot.calendar, now))

export const importCity = (options: {
  readonly store: Store.Url
  readonly dir: string
  readonly dryRun: boolean
  readonly prune: boolean
}) =>
  Effect.gen(function* () {
    const dir = resolve(options.dir)
    if (!existsSync(dir)) return yield* new Failed({ reason: `${options.dir}: no such folder`, code: exit.failed })
    const read = Folder.read(dir)
    if (Result.isFailure(read)) {
      return yield* refuse(
        read.failure.map(Folder.show),
        `${read.failure.length} fault(s) in ${options.dir}: nothing written`
      )
    }
    const folder = read.success
    // a dry run into a SQLite file that does not exist yet decides against an empty store
    // in a temporary file, so that it leaves nothing behind
    const scratch =
      options.dryRun && options.store._tag === "Sqlite" && !existsSync(options.store.path)
        ? mkdtempSync(join(tmpdir(), "gridgov-dry-run-"))
        : undefined
    const store: Store.Url =
      scratch === undefined || options.store._tag !== "Sqlite"
        ? options.store
        : { ...options.store, path: join(scratch, "store.db") }
    return yield* Effect.gen(function* () {
      const configuration = yield* Configuration.Configuration
      const snapshot = yield* configuration.refresh
      const { steps, faults } = yield* Effect.map(today(snapshot), (day) =>
        CityChange.diff(snapshot.document, folder.target, { prune: options.prune, today: day })
      )
      if (faults.length > 0) {
        return yield* refuse(
          faults.map((f) => Folder.show({ ...folder.origin(f.subject), reason: f.message })),
          `${faults.length} fault(s) in ${options.dir}: nothing written`
        )
      }
      if (steps.length === 0) {
        return yield* Console.log(`nothing to change: the store holds this city already (version ${snapshot.version})`)
      }
      const service = yield* CityService.CityService
      const apply = service.apply(
        steps.map((s) => s.change),
        Access.system(),
        { reason: `gridgov import ${options.dir}${options.prune ? " --prune" : ""}` }
      )
      const tally = { "+": 0, "~": 0, "-": 0 }
      for (const s of steps) tally[s.sign]++
      const summary = `${count(steps.length)} change(s): ${count(tally["+"])} added, ${count(tally["~"])} changed, ${count(tally["-"])} retired, closed or ended`
      const outcome = options.dryRun
        ? Effect.flatMap(SqlClient.SqlClient, (sql) =>
            // decided and written exactly as for real, in a transaction that is rolled back
            sql.withTransaction(Effect.flatMap(apply, (receipt) => Effect.fail(new DryRun({ receipt }))))
          ).pipe(
            Effect.catchTag("DryRun", (d) => Effect.succeed(d.receipt)),
            Effect.catchTag("SqlError", (e) => Effect.fail(new Failed({ reason: e.message, code: exit.failed })))
          )
        : apply
      const receipt = yield* outcome.pipe(
        Effect.catchTags({
          CityChangeRejected: (e) =>
            refuse(
              e.issues.map((i) => placed(folder, steps[i.change], i.path, `${i._tag}: ${i.message}`)),
              `${e.issues.length} fault(s) in ${options.dir}: nothing written`
            ),
          CityChangeStrands: (e) =>
            refuse(
              e.strands.map((s) => {
                const step = steps[s.change]
                const shown =
                  s.items
                    .slice(0, 5)
                    .map((item) => where(folder, item))
                    .join(", ") + (s.total > Math.min(5, s.items.length) ? `, … ${s.total} in all` : "")
                return placed(
                  folder,
                  step,
                  [],
                  `${step?.line.slice(2) ?? `change ${s.change}`}: refused, still in use: ${s._tag} ${s.subject}: ${shown}; ${s.remedy}`
                )
              }),
              `${e.strands.length} change(s) would leave work with no one to do it: nothing written`
            )
        })
      )
      if (options.dryRun) {
        for (const s of steps) yield* Console.log(s.line)
        return yield* Console.log(`dry run: ${summary}; would reach version ${receipt.version}; nothing written`)
      }
      return yield* Console.log(
        `imported ${options.dir}: ${summary}; the configuration is at version ${receipt.version}`
      )
    }).pipe(
      Effect.provide(city(store, true)),
      Effect.ensuring(
        Effect.sync(() => {
          if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true })
        })
      )
    )
  })

export const exportCity = (options: {
  readonly store: Store.Url | undefined
  readonly dir: string
  readonly empty: boolean
}) =>
  Effect.gen(function* () {
    const dir = resolve(options.dir)
    if (existsSync(dir) && readdirSync(dir).some((f) => f !== "README.md" && !Folder.files.some((k) => k.name === f))) {
      return yield* new Failed({
        reason: `${options.dir} holds files that are not a city folder's (nor its README.md): export into an empty folder or a city folder`,
        code: exit.failed
      })
    }
    const write = (document: City.Document) =>
      Effect.try({
        try: () => Folder.write(dir, document),
        catch: (e) =>
          new Failed({
            reason: `cannot write ${options.dir}: ${e instanceof Error ? e.message : e}`,
            code: exit.failed
          })
      })
    if (options.empty) {
      const written = yield* write(City.empty)
      return yield* Console.log(`wrote the templates of a city folder into ${options.dir}: ${written.length} files`)
    }
    if (options.store === undefined) {
      return yield* new Failed({ reason: "name a store (--store URL), or --empty for the templates", code: exit.usage })
    }
    return yield* Effect.gen(function* () {
      const snapshot = yield* Effect.flatMap(Configuration.Configuration, (c) => c.refresh)
      if (snapshot.version === 0) {
        return yield* new Failed({
          reason: "the store holds no city configuration yet (gridgov export --empty writes the templates)",
          code: exit.failed
        })
      }
      const d = snapshot.document
      yield* write(d)
      yield* Console.log(
        `exported version ${snapshot.version} into ${options.dir}: ${count(d.grids.length)} grids, ${count(d.units.length)} units, ${count(d.people.length)} people, ${count(d.posts.length)} posts`
      )
    }).pipe(Effect.provide(city(options.store, false)))
  })

export const addNotice = (options: { readonly store: Store.Url; readonly file: string }) =>
  Effect.gen(function* () {
    const text = yield* Effect.try({
      try: () => readFileSync(resolve(options.file), "utf8"),
      catch: (e) =>
        new Failed({ reason: `cannot read ${options.file}: ${e instanceof Error ? e.message : e}`, code: exit.failed })
    })
    const parsed = yield* Effect.try({
      try: () => JSON.parse(text) as unknown,
      catch: (e) =>
        new Failed({ reason: `${options.file}: not JSON: ${e instanceof Error ? e.message : e}`, code: exit.failed })
    })
    const notice = CalendarNotice.decode(parsed)
    if (Result.isFailure(notice)) {
      return yield* new Failed({ reason: `${options.file}: ${notice.failure.message}`, code: exit.failed })
    }
    return yield* Effect.gen(function* () {
      const service = yield* CityService.CityService
      const receipt = yield* service
        .apply([{ _tag: "AddNotice", notice: notice.success }], Access.system(), {
          reason: `gridgov calendar add-notice ${options.file}`
        })
        .pipe(
          Effect.catchTag("CityChangeRejected", (e) =>
            Effect.fail(
              new Failed({
                reason: `${options.file}: ${e.issues.map((i) => `${i._tag}: ${i.message}`).join("; ")}`,
                code: exit.failed
              })
            )
          )
        )
      yield* Console.log(
        `added notice ${notice.success.id} (${notice.success.title}); the configuration is at version ${receipt.version}`
      )
      for (const review of receipt.review) {
        yield* Console.log(
          review.cases.length === 0
            ? `no open case was timed provisionally for ${review.year}`
            : `${review.cases.length} open case(s) timed provisionally for ${review.year}, to review: ${review.cases
                .slice(0, 20)
                .map((c) => c.caseId)
                .join(", ")}${review.cases.length > 20 ? ", …" : ""}`
        )
      }
    }).pipe(Effect.provide(city(options.store, false)))
  })
