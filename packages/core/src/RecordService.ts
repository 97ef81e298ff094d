/**
 * The records service: files grid information records (信息采集) and reads them back,
 * each within the actor's jurisdiction, over the `RecordStore` port.
 *
 * Filing decodes the record against the taxonomy (`Records.decode`), makes the actor
 * its author, files an id the client chose scoped to the record's grid
 * (`Records.scopedId`: it never meets a record out of the actor's reach), refuses an
 * instant in the future (beyond a clock skew), and refuses a grid the actor's posts
 * do not reach (`Records.canRead`); a record with a subject is
 * sealed (`Records.seal`) when a `RecordCipher` is provided. Every record leaves the
 * service through `Records.view`: personal data masked unless the policy lets the
 * reader see it. A record the actor may not read answers exactly as a missing one,
 * and a grid outside their reach exactly as an unknown one. Time and new ids come
 * from effect's `Clock` and `Random`; a filing with an idempotency key is done once.
 * See docs/explanation/records.md.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer, Option, Result, Schema } from "effect"
import * as Access from "./Access.js"
import type { StoreError } from "./CaseStore.js"
import * as Configuration from "./Configuration.js"
import * as Grid from "./Grid.js"
import * as Idempotency from "./Idempotency.js"
import * as kit from "./internal/serviceKit.js"
import * as RecordCipher from "./RecordCipher.js"
import * as RecordStore from "./RecordStore.js"
import * as Records from "./Records.js"

// ---------------------------------------------------------------------------
// configuration
// ---------------------------------------------------------------------------

/**
 * How records are judged: the taxonomy a record's item must belong to (default
 * `Records.defaults`), the policy of who sees personal data in clear (default
 * `Records.defaultPolicy`), how far ahead of the clock a record's instant may be
 * (`skewMs`, default 5 minutes) and how many records one batch files at most
 * (`maxBatch`, default 500).
 *
 * @example
 * import { Records, type RecordService } from "@gridgov/core"
 * const strict: RecordService.Settings = { policy: [], maxBatch: 100 }
 *
 * @category config
 * @since 0.1.0
 */
export interface Settings {
  readonly taxonomy?: Records.Taxonomy | undefined
  readonly policy?: Records.Policy | undefined
  readonly skewMs?: number | undefined
  readonly maxBatch?: number | undefined
}

/**
 * `Settings` with every default filled in.
 *
 * @example
 * import { RecordService } from "@gridgov/core"
 * RecordService.environment({}).maxBatch // 500
 *
 * @category config
 * @since 0.1.0
 */
export interface Environment {
  readonly taxonomy: Records.Taxonomy | undefined
  readonly policy: Records.Policy
  readonly skewMs: number
  readonly maxBatch: number
}

/**
 * Fills in the defaults of `Settings`.
 *
 * @example
 * import { RecordService } from "@gridgov/core"
 * RecordService.environment({ skewMs: 0 }).skewMs // 0
 *
 * @category config
 * @since 0.1.0
 */
export const environment = (settings: Settings): Environment => ({
  taxonomy: settings.taxonomy,
  policy: settings.policy ?? Records.defaultPolicy,
  skewMs: Math.max(0, settings.skewMs ?? 5 * 60_000),
  maxBatch: Math.max(1, Math.floor(settings.maxBatch ?? 500))
})

/**
 * The service's settings, with the defaults when none are provided.
 *
 * @example
 * import { Effect } from "effect"
 * import { RecordService } from "@gridgov/core"
 * const policy = Effect.map(Effect.service(RecordService.Config), (env) => env.policy)
 *
 * @category config
 * @since 0.1.0
 */
export const Config: Context.Reference<Environment> = Context.Reference("@gridgov/core/RecordService/Config", {
  defaultValue: () => environment({})
})

/**
 * Provides `Config` from `Settings`.
 *
 * @example
 * import { Records, RecordService } from "@gridgov/core"
 * const config = RecordService.layerConfig({ policy: Records.defaultPolicy, maxBatch: 100 })
 *
 * @category config
 * @since 0.1.0
 */
export const layerConfig = (settings: Settings): Layer.Layer<never> => Layer.succeed(Config, environment(settings))

// ---------------------------------------------------------------------------
// models
// ---------------------------------------------------------------------------

/**
 * A record to file: what `Records.Record` holds but the author (the actor) and, when
 * left out, the id (a new one; a chosen one is filed as `Records.scopedId(grid, id)`),
 * the instant (now) and the fields (none).
 *
 * @example
 * import type { RecordService } from "@gridgov/core"
 * const visit: RecordService.Input = { grid: "620981101201001", item: "person.household", task: "visit", fields: { members: 4 } }
 *
 * @category models
 * @since 0.1.0
 */
export interface Input {
  readonly id?: string | undefined
  readonly grid: string
  readonly item: string
  readonly task?: Records.Task | undefined
  readonly subject?: Records.Subject | undefined
  readonly fields?: { readonly [key: string]: string | number | boolean } | undefined
  readonly note?: string | undefined
  readonly at?: number | undefined
}

/**
 * What became of one record of a batch: `filed` (with the record as the actor sees
 * it), `invalid` (with why), `denied` (outside the actor's jurisdiction) or `exists`
 * (filed before, by this batch's earlier entry or an earlier request).
 *
 * @example
 * import type { RecordService } from "@gridgov/core"
 * const retry = (o: RecordService.Outcome) => o.status === "invalid"
 *
 * @category models
 * @since 0.1.0
 */
export type Outcome =
  | { readonly id: string; readonly status: "filed"; readonly record: Records.View }
  | { readonly id: string; readonly status: "invalid"; readonly error: Records.DecodeError }
  | { readonly id: string; readonly status: "denied" }
  | { readonly id: string; readonly status: "exists" }

/**
 * Options of `file`: an idempotency key chosen by the client for one request, bound
 * to the actor and to the request (`request`, default the input: a caller that
 * derives the input from a request of its own may bind the key to that instead).
 * The same request again with the key files nothing and answers with the record
 * filed the first time; another request with the key fails with
 * `Idempotency.KeyReused` and files nothing.
 *
 * @example
 * import type { RecordService } from "@gridgov/core"
 * const options: RecordService.FileOptions = { idempotencyKey: "sync-2026-01-05-17" }
 *
 * @category models
 * @since 0.1.0
 */
export interface FileOptions {
  readonly idempotencyKey?: string | undefined
  readonly request?: unknown
}

/**
 * What a list or count asks for: a grid's subtree (by code), an item or its prefix
 * (`person`, `person.key`), a task, an author, a period (`from` inclusive, `to`
 * exclusive, epoch ms). Always within the actor's jurisdiction.
 *
 * @example
 * import type { RecordService } from "@gridgov/core"
 * const q: RecordService.Query = { grid: "620981103", item: "person.key", task: "control" }
 *
 * @category queries
 * @since 0.1.0
 */
export interface Query {
  readonly grid?: string | undefined
  readonly item?: string | undefined
  readonly task?: Records.Task | undefined
  readonly author?: string | undefined
  readonly from?: number | undefined
  readonly to?: number | undefined
}

/**
 * A list: the query, the order (by instant then id, ascending unless `descending`)
 * and paging (`limit` 1–1000, default 50; `after`: the previous page's `next`).
 *
 * @example
 * import type { RecordService } from "@gridgov/core"
 * const newest: RecordService.ListQuery = { grid: "620981103", descending: true, limit: 20 }
 *
 * @category queries
 * @since 0.1.0
 */
export interface ListQuery extends Query {
  readonly descending?: boolean | undefined
  readonly limit?: number | undefined
  readonly after?: RecordStore.Cursor | undefined
}

/**
 * One page of records as the actor sees them.
 *
 * @example
 * import type { RecordService } from "@gridgov/core"
 * const more = (page: RecordService.Page) => page.next !== undefined
 *
 * @category queries
 * @since 0.1.0
 */
export interface Page {
  readonly items: ReadonlyArray<Records.View>
  readonly next: RecordStore.Cursor | undefined
}

// ---------------------------------------------------------------------------
// errors
// ---------------------------------------------------------------------------

/**
 * The record does not exist, or the actor may not read it: the two cannot be told apart.
 *
 * @example
 * import { RecordService } from "@gridgov/core"
 * new RecordService.NotFound({ id: "r-1" }).message // "record r-1 not found"
 *
 * @category errors
 * @since 0.1.0
 */
export class NotFound extends Schema.TaggedError<NotFound>()("RecordNotFound", { id: Schema.String }) {
  override get message(): string {
    return `record ${this.id} not found`
  }
}

/**
 * A batch with more records than `maxBatch`; nothing was filed.
 *
 * @example
 * import { RecordService } from "@gridgov/core"
 * new RecordService.BatchTooLarge({ size: 501, max: 500 }).message // "a batch holds at most 500 records, not 501"
 *
 * @category errors
 * @since 0.1.0
 */
export class BatchTooLarge extends Schema.TaggedError<BatchTooLarge>()("RecordBatchTooLarge", {
  size: Schema.Number,
  max: Schema.Number
}) {
  override get message(): string {
    return `a batch holds at most ${this.max} records, not ${this.size}`
  }
}

/**
 * Why `file` fails: the record does not decode (an unknown grid or an instant in the
 * future is a `RecordInvalid` naming `grid` or `at`), the actor's posts do not reach
 * its grid (`Forbidden`), its id was filed before, its idempotency key was used for
 * another request, or a port failed.
 *
 * @example
 * import type { RecordService } from "@gridgov/core"
 * const retryable = (e: RecordService.FileError) => e._tag === "StoreError"
 *
 * @category errors
 * @since 0.1.0
 */
export type FileError =
  | Records.DecodeError
  | Access.Forbidden
  | RecordStore.RecordExists
  | Idempotency.KeyReused
  | RecordCipher.CipherError
  | StoreError

// ---------------------------------------------------------------------------
// the service
// ---------------------------------------------------------------------------

/**
 * The records service.
 *
 * - `file(input, actor, options)`: files one record (see the module doc) and answers
 *   with it as the actor sees it;
 * - `fileMany(inputs, actor)`: files a batch (an app's offline sync), each record with
 *   its own outcome; records filed before (a batch sent twice) answer `exists` and are
 *   not stored again;
 * - `get(id, actor)`: one record, or `NotFound`;
 * - `list(query, actor)`: a page of records in the actor's jurisdiction;
 * - `count(query, by, actor)`: counts by class, item or task in it.
 *
 * @example
 * import { Effect } from "effect"
 * import { type Access, RecordService } from "@gridgov/core"
 * declare const worker: Access.Actor
 *
 * const visit = Effect.gen(function* () {
 *   const records = yield* RecordService.RecordService
 *   return yield* records.file({ grid: "620981101201001", item: "person.household", task: "visit" }, worker)
 * })
 *
 * @category services
 * @since 0.1.0
 */
export class RecordService extends Context.Service<
  RecordService,
  {
    readonly file: (input: Input, actor: Access.Actor, options?: FileOptions) => Effect.Effect<Records.View, FileError>
    readonly fileMany: (
      inputs: ReadonlyArray<Input & { readonly id: string }>,
      actor: Access.Actor
    ) => Effect.Effect<ReadonlyArray<Outcome>, BatchTooLarge | RecordCipher.CipherError | StoreError>
    readonly get: (
      id: string,
      actor: Access.Actor
    ) => Effect.Effect<Records.View, NotFound | RecordCipher.CipherError | StoreError>
    readonly list: (
      query: ListQuery,
      actor: Access.Actor
    ) => Effect.Effect<Page, Access.GridNotFound | RecordCipher.CipherError | StoreError>
    readonly count: (
      query: Query,
      by: RecordStore.CountBy,
      actor: Access.Actor
    ) => Effect.Effect<ReadonlyArray<RecordStore.Count>, Access.GridNotFound | StoreError>
  }
>()("@gridgov/core/RecordService") {}

/** A record ready to store: decoded, in the actor's jurisdiction, with its grid's rank. */
interface Ready {
  readonly record: Records.Record
  readonly gridPre: number
}

const make = Effect.gen(function* () {
  const env = yield* Config
  const configuration = yield* Configuration.Configuration
  const store = yield* RecordStore.RecordStore
  const keys = yield* Idempotency.Idempotency
  const cipher = yield* Effect.serviceOption(RecordCipher.RecordCipher)
  const withCipher = <A>(run: Effect.Effect<A, RecordCipher.CipherError, RecordCipher.RecordCipher>) =>
    Effect.provideService(run, RecordCipher.RecordCipher, Option.getOrThrow(cipher))

  /** A record as `actor` sees it: unsealed when a cipher is provided, then masked per policy. */
  const show = (city: Configuration.Snapshot, actor: Access.Actor, record: Records.Record) =>
    Effect.map(
      record.sealed === true && Option.isSome(cipher) ? withCipher(Records.unseal(record)) : Effect.succeed(record),
      (clear) => Records.view({ tree: city.tree }, actor, clear, env.policy)
    )

  /** The row to store: the record sealed when a cipher is provided. */
  const row = (ready: Ready) =>
    Effect.map(
      Option.isSome(cipher) ? withCipher(Records.seal(ready.record)) : Effect.succeed(ready.record),
      (record): RecordStore.Row => ({ record, gridPre: ready.gridPre })
    )

  /** Decodes a record for its author, or says why not. */
  const prepare = (
    city: Configuration.Snapshot,
    actor: Access.Actor,
    input: Input & { readonly id: string },
    now: number
  ): Result.Result<Ready, Records.DecodeError | Access.Forbidden> => {
    const context: Access.Context = { tree: city.tree }
    const invalid = (path: string, message: string) =>
      Result.fail(new Records.RecordInvalid({ problems: [{ path: [path], message }] }))
    if (input.at !== undefined && input.at > now + env.skewMs) {
      return invalid("at", `Expected an instant no later than ${now + env.skewMs}`)
    }
    const gridId = Grid.id(city.tree, input.grid)
    if (gridId === undefined) return invalid("grid", `Unknown grid ${input.grid}`)
    const decoded = Records.decode(
      { ...kit.defined(input), author: actor.id, at: input.at ?? now, fields: input.fields ?? {} },
      env.taxonomy ?? city.records
    )
    if (Result.isFailure(decoded)) return Result.fail(decoded.failure)
    if (!Records.canRead(context, actor, decoded.success)) {
      return Result.fail(new Access.Forbidden({ action: "FileRecord", reason: "OutsideJurisdiction" }))
    }
    return Result.succeed({ record: decoded.success, gridPre: Grid.interval(city.tree, gridId).pre })
  }

  const readable = Effect.fnUntraced(function* (city: Configuration.Snapshot, id: string, actor: Access.Actor) {
    const found = yield* store.get(id)
    // a record outside the actor's jurisdiction answers as a missing one
    if (Option.isNone(found) || !Records.canRead({ tree: city.tree }, actor, found.value)) {
      return yield* new NotFound({ id })
    }
    return yield* show(city, actor, found.value)
  })

  const file = Effect.fn("RecordService.file")(function* (
    input: Input,
    actor: Access.Actor,
    options?: FileOptions
  ): Effect.fn.Return<Records.View, FileError> {
    const city = yield* configuration.current
    const keyed = kit.bind(actor, options?.idempotencyKey, "RecordService.file", options?.request ?? input)
    // a chosen id is scoped to the record's grid: it never meets a record out of the actor's reach
    const id =
      input.id !== undefined
        ? Records.scopedId(input.grid, input.id)
        : keyed === undefined
          ? yield* kit.newId("r")
          : kit.idOf("r", keyed)
    const replay = (recorded: unknown) =>
      typeof recorded === "object" && recorded !== null && "record" in recorded && typeof recorded.record === "string"
        ? readable(city, recorded.record, actor).pipe(
            Effect.catchTag("RecordNotFound", () => Effect.fail(kit.unreadable(keyed!.client)))
          )
        : Effect.fail(kit.unreadable(keyed!.client))
    const write = Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      const ready = yield* Effect.fromResult(prepare(city, actor, { ...input, id }, now))
      yield* store.append([yield* row(ready)]).pipe(
        Effect.catchTag("RecordExists", (exists) =>
          // the id this key and request make was filed: by this request, before its key was recorded
          keyed !== undefined && input.id === undefined
            ? Effect.flatMap(store.get(id), (found) =>
                Option.isSome(found) && found.value.author === actor.id ? Effect.void : Effect.fail(exists)
              )
            : Effect.fail(exists)
        )
      )
      return Records.view({ tree: city.tree }, actor, ready.record, env.policy)
    })
    return yield* kit.once({ keys, keyed, write, record: () => ({ record: id }), replay })
  })

  const fileMany = Effect.fn("RecordService.fileMany")(function* (
    inputs: ReadonlyArray<Input & { readonly id: string }>,
    actor: Access.Actor
  ) {
    if (inputs.length > env.maxBatch) return yield* new BatchTooLarge({ size: inputs.length, max: env.maxBatch })
    const city = yield* configuration.current
    const now = yield* Clock.currentTimeMillis
    const outcomes: Array<Outcome | undefined> = []
    const fresh: Array<{ readonly index: number; readonly ready: Ready }> = []
    const seen = new Set<string>()
    for (const [index, given] of inputs.entries()) {
      const input = { ...given, id: Records.scopedId(given.grid, given.id) }
      const prepared = prepare(city, actor, input, now)
      if (Result.isFailure(prepared)) {
        const error = prepared.failure
        outcomes.push(
          error._tag === "Forbidden" ? { id: input.id, status: "denied" } : { id: input.id, status: "invalid", error }
        )
      } else if (seen.has(input.id)) {
        outcomes.push({ id: input.id, status: "exists" })
      } else {
        seen.add(input.id)
        outcomes.push(undefined)
        fresh.push({ index, ready: prepared.success })
      }
    }
    // records filed before (a sync sent twice) are answered, not stored again
    const stored = yield* Effect.forEach(fresh, ({ ready }) => store.get(ready.record.id))
    const toFile = fresh.filter((f, i) => {
      if (Option.isNone(stored[i]!)) return true
      outcomes[f.index] = { id: f.ready.record.id, status: "exists" }
      return false
    })
    const rows = yield* Effect.forEach(toFile, ({ ready }) => row(ready))
    const filed = yield* store.append(rows).pipe(
      Effect.as(rows.map(() => true)),
      // another writer filed one of them meanwhile: file the rest one by one
      Effect.catchTag("RecordExists", () =>
        Effect.forEach(rows, (r) =>
          store.append([r]).pipe(
            Effect.as(true),
            Effect.catchTag("RecordExists", () => Effect.succeed(false))
          )
        )
      )
    )
    for (const [i, f] of toFile.entries()) {
      const id = f.ready.record.id
      outcomes[f.index] = filed[i]
        ? { id, status: "filed", record: Records.view({ tree: city.tree }, actor, f.ready.record, env.policy) }
        : { id, status: "exists" }
    }
    return outcomes.map((o) => o!)
  })

  const get = Effect.fn("RecordService.get")(function* (id: string, actor: Access.Actor) {
    return yield* readable(yield* configuration.current, id, actor)
  })

  /** The store query for the actor's filters, inside their jurisdiction. */
  const scoped = Effect.fnUntraced(function* (city: Configuration.Snapshot, actor: Access.Actor, q: Query) {
    const context: Access.Context = { tree: city.tree }
    const scope = Access.scope(context, actor)
    const grid = q.grid === undefined ? undefined : yield* kit.reachedGrid(context, scope, q.grid)
    const reach = Records.scope(context, actor)
    return {
      grid,
      grids: reach._tag === "All" ? undefined : reach.grids,
      item: q.item,
      task: q.task,
      author: q.author,
      from: q.from,
      to: q.to
    } satisfies RecordStore.Query
  })

  const list = Effect.fn("RecordService.list")(function* (query: ListQuery, actor: Access.Actor) {
    const city = yield* configuration.current
    const q = yield* scoped(city, actor, query)
    const page = yield* store.query({ ...q, descending: query.descending, limit: query.limit, after: query.after })
    const items = yield* Effect.forEach(page.items, (record) => show(city, actor, record))
    return { items, next: page.next } satisfies Page
  })

  const count = Effect.fn("RecordService.count")(function* (
    query: Query,
    by: RecordStore.CountBy,
    actor: Access.Actor
  ) {
    return yield* store.count(yield* scoped(yield* configuration.current, actor, query), by)
  })

  return RecordService.of({ file, fileMany, get, list, count })
})

/**
 * The records service over `RecordStore` and `Idempotency`, with the tree and record
 * taxonomy of the live `Configuration`, its own `Config` (defaults unless provided) and, when
 * provided, a `RecordCipher` to seal personal data at rest.
 *
 * @example
 * import { Layer } from "effect"
 * import { CaseService, RecordService } from "@gridgov/core"
 * import { SqlRecords } from "@gridgov/storage-sql"
 * import { SqliteStore } from "@gridgov/storage-sqlite"
 * declare const settings: CaseService.Settings
 *
 * const records = RecordService.layer.pipe(
 *   Layer.provide(CaseService.layerConfig(settings)),
 *   Layer.provide(SqlRecords.layer().pipe(Layer.provideMerge(SqliteStore.layerWithClient({ filename: "gridgov.db" }))))
 * )
 *
 * @category layers
 * @since 0.1.0
 */
export const layer: Layer.Layer<
  RecordService,
  never,
  Configuration.Configuration | RecordStore.RecordStore | Idempotency.Idempotency
> = Layer.effect(RecordService, make)
