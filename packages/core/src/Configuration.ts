/**
 * The live configuration: one service that holds the city's configuration compiled
 * for the services (the grid tree, the staff directory, the router, the SLA table,
 * the calendar, the taxonomies and the weights) at a version, and moves on when the
 * stored configuration does. Every service reads it by version: `current` is a
 * reference read, so a command costs what it did with a static configuration.
 *
 * Two sources:
 * - {@link layerStore}: over the `CityStore`. It loads the latest snapshot and the
 *   events after it, then follows the stream's head: a change made in this process
 *   (`CityService`) is in effect at once (`adopt`); a change made by another server on
 *   the same database is seen at the next poll of the head (`pollMs`, default 250 ms:
 *   one indexed read of the head's version per poll),
 *   with no restart.
 * - {@link layerStatic}: fixed pieces (tests, simple hosts); it never changes.
 *
 * A case records the configuration version it was routed and timed under;
 * `Snapshot.timing(version)` gives the SLA table and calendar of that version, so an
 * SLA rule or a calendar notice added later changes the deadlines of clocks started
 * from then on, never those already running. See docs/explanation/configuration.md.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer, Result, Schema } from "effect"
import type * as Arr from "effect/Array"
import type * as Analytics from "./Analytics.js"
import * as AnalyticsM from "./Analytics.js"
import type * as Calendar from "./Calendar.js"
import * as CalendarM from "./Calendar.js"
import type * as CalendarNotice from "./CalendarNotice.js"
import type { Rank, StoreError } from "./CaseStore.js"
import type * as City from "./City.js"
import * as CityM from "./City.js"
import * as CityChange from "./CityChange.js"
import * as CityStore from "./CityStore.js"
import * as Grid from "./Grid.js"
import { nationalPolicies } from "./internal/cityCompat.js"
import * as compiler from "./internal/configurationCompile.js"
import * as live from "./internal/configurationLive.js"
import * as Records from "./Records.js"
import type * as Routing from "./Routing.js"
import type * as Sla from "./Sla.js"
import * as Staff from "./Staff.js"

/**
 * The SLA table and calendar in force at a configuration version: what a clock started
 * under that version runs on.
 *
 * @example
 * import type { Configuration } from "@gridgov/core"
 * const zone = (t: Configuration.Timing) => t.calendar.zone
 *
 * @category models
 * @since 0.1.0
 */
export type Timing = compiler.Timing

/**
 * The configuration compiled at a version.
 *
 * - `version`: the configuration version (the stream's version; 0 for a static one);
 * - `document`: the `City.Document` it was compiled from;
 * - `tree`: the grid tree; looking a code up (`Grid.id`) also finds a moved grid by the
 *   code it had, and answers a retired grid's code with its successor, so the work of a
 *   retired grid goes to its successor;
 * - `directory`, `router`, `sla` (the national tier with the city's over it),
 *   `calendar`, `records` (the record taxonomy), `weights`;
 * - `timing(version)`: the SLA table and calendar of an earlier version;
 * - `category(code)`: where a case filed under a removed category counts now;
 * - `builder`: the calendar builder (`undefined` for a static configuration).
 *
 * @example
 * import type { Configuration } from "@gridgov/core"
 * const grids = (s: Configuration.Snapshot) => s.tree.size
 *
 * @category models
 * @since 0.1.0
 */
export type Snapshot = compiler.Snapshot

/**
 * The stored configuration does not compile (a calendar builder that refuses its
 * notices, a document written by a newer version of gridgov).
 *
 * @example
 * import { Configuration } from "@gridgov/core"
 * new Configuration.Invalid({ message: "no root" })._tag // "ConfigurationInvalid"
 *
 * @category errors
 * @since 0.1.0
 */
export class Invalid extends Schema.TaggedError<Invalid>()("ConfigurationInvalid", { message: Schema.String }) {}

/**
 * What a store-backed configuration is compiled with: the calendar builder (the host's:
 * `CalendarCn.builder()` for China's table; core imports no calendar), the national SLA
 * policies the city's tier overrides (default `Sla.national`), how often the head is
 * polled (`pollMs`, default 250; 0: never, the process sees only its own changes),
 * after how many events folded a snapshot is kept (`snapshotEvery`, default 500), and
 * the city to start with on an empty store (`seed`: changes decided and appended as
 * `system`, with their reason, before the configuration is first read; a store that
 * holds a configuration already is left as it is).
 *
 * @example
 * import type { Configuration } from "@gridgov/core"
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * const options: Configuration.Options = { calendar: CalendarCn.builder(), pollMs: 250 }
 *
 * @category config
 * @since 0.1.0
 */
export interface Options {
  readonly calendar: CalendarNotice.Builder
  readonly national?: ReadonlyArray<Sla.Policy> | undefined
  readonly pollMs?: number | undefined
  readonly snapshotEvery?: number | undefined
  readonly seed?:
    | { readonly changes: Arr.NonEmptyReadonlyArray<CityChange.Change>; readonly reason?: string | undefined }
    | undefined
}

/**
 * The live configuration service.
 *
 * - `current`: the snapshot held now;
 * - `refresh`: reads the stored head now and catches up (a no-op for a static
 *   configuration);
 * - `adopt(head, document)`: installs a document its caller just appended (a writer in
 *   this process), if it is newer than the one held;
 * - `live`: whether it follows a store (`false` for a static configuration).
 *
 * @example
 * import { Effect } from "effect"
 * import { Configuration } from "@gridgov/core"
 * const version = Effect.flatMap(Effect.service(Configuration.Configuration), (c) =>
 *   Effect.map(c.current, (s) => s.version)
 * )
 *
 * @category services
 * @since 0.1.0
 */
export class Configuration extends Context.Service<
  Configuration,
  {
    readonly current: Effect.Effect<Snapshot>
    readonly refresh: Effect.Effect<Snapshot, StoreError | Invalid>
    readonly adopt: (head: CityStore.Head, document: City.Document) => Effect.Effect<Snapshot, Invalid>
    readonly live: boolean
  }
>()("@gridgov/core/Configuration") {}

/**
 * Compiles a document at a version (see {@link Snapshot}), or `Invalid`.
 *
 * @example
 * import { City, Configuration, Calendar } from "@gridgov/core"
 * import { Result } from "effect"
 * const cal = Result.getOrThrow(Calendar.make({ years: { from: 2025, to: 2026 } }))
 * const s = Configuration.compile(City.empty, 0, { calendar: () => Result.succeed(cal) })
 * Result.isSuccess(s) && s.success.tree.size // 0
 *
 * @category constructors
 * @since 0.1.0
 */
export const compile = (
  document: City.Document,
  version: number,
  options: Pick<Options, "calendar" | "national">
): Result.Result<Snapshot, Invalid> =>
  Result.mapError(
    compiler.compile(
      document,
      version,
      { calendar: options.calendar, national: options.national ?? nationalPolicies },
      compiler.caches()
    ),
    (e) => new Invalid({ message: e.message })
  )

/**
 * Fixed pieces of a configuration, for {@link layerStatic}: the tree, the calendar, the SLA
 * table and the router, and optionally the staff directory (default: nobody), the record
 * taxonomy (default `Records.defaults`) and the weights (default
 * `Analytics.defaultWeights`).
 *
 * @example
 * import type { Configuration } from "@gridgov/core"
 * const grids = (p: Configuration.Pieces) => p.tree.size
 *
 * @category config
 * @since 0.1.0
 */
export interface Pieces {
  readonly tree: Grid.Tree
  readonly calendar: Calendar.Calendar
  readonly sla: Sla.Table
  readonly router: Routing.Router
  readonly directory?: Staff.Directory | undefined
  readonly records?: Records.Taxonomy | undefined
  readonly weights?: Analytics.Weights | undefined
}

/**
 * A snapshot of fixed pieces, at version 0: every version times with the same table
 * and calendar.
 *
 * @example
 * import { Configuration } from "@gridgov/core"
 * declare const pieces: Configuration.Pieces
 * const snapshot = Configuration.fixed(pieces)
 *
 * @category constructors
 * @since 0.1.0
 */
export const fixed = (pieces: Pieces): Snapshot =>
  compiler.fixed({
    tree: pieces.tree,
    directory:
      pieces.directory ?? Result.getOrThrow(Staff.directory({ people: [], units: [], posts: [] }, pieces.tree)),
    router: pieces.router,
    sla: pieces.sla,
    calendar: pieces.calendar,
    records: pieces.records ?? Records.defaults,
    weights: pieces.weights ?? AnalyticsM.defaultWeights,
    version: 0
  })

/**
 * A configuration that never changes, from fixed pieces (tests, simple hosts).
 *
 * @example
 * import { Configuration } from "@gridgov/core"
 * declare const pieces: Configuration.Pieces
 * const config = Configuration.layerStatic(pieces)
 *
 * @category layers
 * @since 0.1.0
 */
export const layerStatic = (pieces: Pieces): Layer.Layer<Configuration> =>
  Layer.sync(Configuration, () => {
    const snapshot = fixed(pieces)
    return Configuration.of({
      current: Effect.succeed(snapshot),
      refresh: Effect.succeed(snapshot),
      adopt: () => Effect.succeed(snapshot),
      live: false
    })
  })

/** Decides and appends `seed` on an empty store; a store that holds a configuration is left alone. */
const seed = (
  store: CityStore.CityStore["Service"],
  options: Options,
  given: NonNullable<Options["seed"]>
): Effect.Effect<void, StoreError | Invalid> =>
  Effect.gen(function* () {
    if ((yield* store.head).version > 0) return
    const now = yield* Clock.currentTimeMillis
    const calendar = options.calendar([])
    if (Result.isFailure(calendar)) return yield* new Invalid({ message: calendar.failure.reason })
    const reason = given.reason ?? "the city this store starts with"
    const decided = CityChange.decide(CityM.empty, given.changes, {
      actor: { id: "system", roles: ["system"] },
      reason,
      now,
      version: 0,
      today: CalendarM.localDate(calendar.success, now)
    })
    if (Result.isFailure(decided)) return yield* new Invalid({ message: `seed: ${decided.failure.message}` })
    const events = decided.success.events.map(CityChange.encode) as unknown as Arr.NonEmptyReadonlyArray<
      ReturnType<typeof CityChange.encode>
    >
    // another server seeding the same empty store at once wins: its city is the same
    yield* store
      .append({ expectedVersion: 0, events, offChain: decided.success.offChain, now })
      .pipe(Effect.catchTag("VersionConflict", () => Effect.void))
  })

/**
 * The configuration read from the `CityStore` and kept up with it (see the module
 * doc). Building the layer loads it: from the latest snapshot whose hash matches the
 * stream and the events after it (a snapshot is kept when `snapshotEvery` events were
 * folded since the last one). Polling stops with the layer's scope.
 *
 * @example
 * import { Configuration } from "@gridgov/core"
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * import { SqliteStore } from "@gridgov/storage-sqlite"
 * import { Layer } from "effect"
 * const config = Configuration.layerStore({ calendar: CalendarCn.builder() }).pipe(
 *   Layer.provide(SqliteStore.layer({ filename: "gridgov.db" }))
 * )
 *
 * @category layers
 * @since 0.1.0
 */
export const layerStore = (options: Options): Layer.Layer<Configuration, StoreError | Invalid, CityStore.CityStore> =>
  Layer.effect(
    Configuration,
    Effect.gen(function* () {
      const store = yield* CityStore.CityStore
      if (options.seed !== undefined) yield* seed(store, options, options.seed)
      const service = yield* live.make(
        store,
        {
          calendar: options.calendar,
          national: options.national ?? nationalPolicies,
          snapshotEvery: Math.max(1, Math.floor(options.snapshotEvery ?? 500))
        },
        (message) => Effect.fail(new Invalid({ message }))
      )
      const pollMs = Math.max(0, Math.floor(options.pollMs ?? 250))
      if (pollMs > 0) {
        yield* Effect.forkScoped(
          Effect.forever(
            Effect.sleep(pollMs).pipe(
              Effect.andThen(service.refresh),
              Effect.catchCause((cause) => Effect.logWarning("configuration refresh failed", cause))
            )
          )
        )
      }
      return Configuration.of({ ...service, live: true })
    })
  )

/**
 * Every code a case's grid may be recorded under with its rank in the snapshot's tree:
 * each grid's own code, a retired grid's code (ranked as its successor) and the codes
 * moved grids had. Pass it to `CaseStore.rerank` after the tree changed.
 *
 * @example
 * import { Configuration } from "@gridgov/core"
 * declare const snapshot: Configuration.Snapshot
 * const ranks = Configuration.ranks(snapshot)
 *
 * @category look-ups
 * @since 0.1.0
 */
export const ranks = (snapshot: Snapshot): Array<Rank> => {
  const tree = snapshot.tree
  const codes = [...tree.records.map((r) => r.code), ...snapshot.document.moved.map((a) => a.from)]
  const out: Array<Rank> = []
  for (const code of codes) {
    const id = Grid.id(tree, code)
    if (id !== undefined) out.push({ gridCode: code, ...Grid.interval(tree, id) })
  }
  return out
}

/**
 * The ranks that moved from one snapshot's tree to another's: every code (a grid's own,
 * a retired grid's, a moved grid's former one) whose interval in `after` differs from
 * its interval in `before`, or that `before` did not know. Empty when the trees are the
 * same or only names and boundaries changed; pass it to `CaseStore.rerank`.
 *
 * @example
 * import { Configuration } from "@gridgov/core"
 * declare const before: Configuration.Snapshot
 * declare const after: Configuration.Snapshot
 * const moved = Configuration.rankChanges(before, after)
 *
 * @category look-ups
 * @since 0.1.0
 */
export const rankChanges = (before: Snapshot, after: Snapshot): Array<Rank> => {
  if (before.tree === after.tree) return []
  const held = new Map(ranks(before).map((r) => [r.gridCode, r]))
  return ranks(after).filter((r) => {
    const was = held.get(r.gridCode)
    return was === undefined || was.pre !== r.pre || was.post !== r.post
  })
}
