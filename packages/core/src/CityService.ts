/**
 * The configuration service: changes a city's configuration through audited,
 * hash-chained events, and answers who may see what of it.
 *
 * `apply(changes, actor, { reason })` decodes the changes (every problem named),
 * checks who may make them (`CityChange.authorize`: a town's admin only in the town;
 * only city-wide admins and `system` change rules, SLA tables, taxonomies, weights,
 * subscribers and notices), catches up with the stored configuration, asks the case
 * store what the batch would strand (open cases held by a unit that closes, filed
 * under a category that goes), decides (`CityChange.decide`), and appends the events,
 * the off-chain values and the idempotency record in one transaction (a version
 * conflict decides again, up to `maxAttempts`). The new configuration is in effect in
 * this process at once (`Configuration.adopt`), and the case summaries follow a
 * changed grid tree (`CaseStore.rerank`). Adding a calendar notice answers, with the
 * receipt, the open cases whose deadlines were computed provisionally for its year,
 * for review. See docs/explanation/configuration.md.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer, Option, Result, Schema } from "effect"
import type * as Arr from "effect/Array"
import * as Access from "./Access.js"
import * as Audit from "./Audit.js"
import * as Calendar from "./Calendar.js"
import { openStates } from "./CaseService.js"
import * as CaseStore from "./CaseStore.js"
import type * as City from "./City.js"
import * as CityChange from "./CityChange.js"
import * as CityStore from "./CityStore.js"
import * as Configuration from "./Configuration.js"
import * as Grid from "./Grid.js"
import * as Idempotency from "./Idempotency.js"
import { parseIso } from "./internal/calendarDate.js"
import * as kit from "./internal/serviceKit.js"

// ---------------------------------------------------------------------------
// models
// ---------------------------------------------------------------------------

/**
 * Options of `apply`: the reason recorded with every event of the batch (required),
 * an idempotency key chosen by the client for one request, and what the key is bound
 * to (`request`, default the changes and the reason).
 *
 * @example
 * import type { CityService } from "@gridgov/core"
 * const options: CityService.ApplyOptions = { reason: "2027 holiday notice", idempotencyKey: "notice-2027" }
 *
 * @category models
 * @since 0.1.0
 */
export interface ApplyOptions {
  readonly reason: string
  readonly idempotencyKey?: string | undefined
  readonly request?: unknown
}

/**
 * An open case timed provisionally for a year: its id and its clocks whose deadlines
 * rest on the provisional table of that year, each with its deadlines and the
 * configuration version it was timed under.
 *
 * @example
 * import type { CityService } from "@gridgov/core"
 * const ids = (cases: ReadonlyArray<CityService.Provisional>) => cases.map((c) => c.caseId)
 *
 * @category models
 * @since 0.1.0
 */
export interface Provisional {
  readonly caseId: string
  readonly clocks: ReadonlyArray<{
    readonly clock: string
    readonly statutory: number | null
    readonly target: number | null
    readonly config: number | null
  }>
}

/**
 * The open cases to review after a year's notice: those whose deadlines were computed
 * provisionally for that year (their clocks keep the deadlines they were timed with;
 * clocks started from now on use the notice).
 *
 * @example
 * import type { CityService } from "@gridgov/core"
 * const line = (r: CityService.Review) => `${r.year}: ${r.cases.length} case(s)`
 *
 * @category models
 * @since 0.1.0
 */
export interface Review {
  readonly year: number
  readonly cases: ReadonlyArray<Provisional>
}

/**
 * `Review` as a Schema: how a receipt's reviews are decoded when a keyed request is
 * replayed, and what an adapter that serves reviews (the HTTP API's
 * `ProvisionalReview`) builds its contract from, so the two never drift.
 *
 * @example
 * import { CityService } from "@gridgov/core"
 * import { Schema } from "effect"
 * Schema.is(CityService.ReviewSchema)({ year: 2027, cases: [] }) // true
 *
 * @category schemas
 * @since 0.2.0
 */
export const ReviewSchema: Schema.Codec<Review> = Schema.Struct({
  year: Schema.Number,
  cases: Schema.Array(
    Schema.Struct({
      caseId: Schema.String,
      clocks: Schema.Array(
        Schema.Struct({
          clock: Schema.String,
          statutory: Schema.NullOr(Schema.Number),
          target: Schema.NullOr(Schema.Number),
          config: Schema.NullOr(Schema.Number)
        })
      )
    })
  )
})

/**
 * What `apply` returns (and what its idempotency key remembers): the configuration
 * version after the batch, the events written with their versions and what each is
 * about (`subject`: the grid code, unit, person, post, subscriber or notice id; `null`
 * for a table set as a whole), the reviews the
 * notices of the batch call for, and whether this is the recorded answer to an earlier
 * request with the same key (`replayed`), in which case nothing was written.
 *
 * @example
 * import type { CityService } from "@gridgov/core"
 * const version = (r: CityService.Receipt) => r.version
 *
 * @category models
 * @since 0.1.0
 */
export interface Receipt {
  readonly version: number
  readonly events: ReadonlyArray<{ readonly type: string; readonly version: number; readonly subject: string | null }>
  readonly review: ReadonlyArray<Review>
  readonly replayed: boolean
}

// ---------------------------------------------------------------------------
// errors
// ---------------------------------------------------------------------------

/**
 * Other writers kept changing the configuration: the batch was decided `attempts`
 * times and each append lost the race. Nothing was written; the caller may retry.
 *
 * @example
 * import { CityService } from "@gridgov/core"
 * new CityService.Conflict({ attempts: 5 })._tag // "CityConflict"
 *
 * @category errors
 * @since 0.1.0
 */
export class Conflict extends Schema.TaggedError<Conflict>()("CityConflict", { attempts: Schema.Number }) {
  override get message(): string {
    return `the configuration changed under this request ${this.attempts} times`
  }
}

/**
 * Why `apply` fails.
 *
 * @example
 * import type { CityService } from "@gridgov/core"
 * const retryable = (e: CityService.ApplyError) => e._tag === "CityConflict" || e._tag === "StoreError"
 *
 * @category errors
 * @since 0.1.0
 */
export type ApplyError =
  | Access.Forbidden
  | CityChange.Rejected
  | CityChange.Stranded
  | Idempotency.KeyReused
  | Conflict
  | Configuration.Invalid
  | CaseStore.StoreError

// ---------------------------------------------------------------------------
// the service
// ---------------------------------------------------------------------------

/**
 * The configuration service.
 *
 * - `apply(changes, actor, options)`: see the module doc; `changes` may be untrusted
 *   input (decoded here, each problem naming its change and path);
 * - `document(actor)`: the configuration document and its version, for `system` and
 *   city-wide admins;
 * - `history(actor, after, limit)`: the configuration's events after a version;
 * - `verify(actor)`: checks the configuration's hash chain (`Audit.verify`, with the
 *   head as the expected end);
 * - `contact(person, actor)`: a person's phone and ID numbers, kept off the chain,
 *   for an admin who may change that person;
 * - `provisional(year, actor)`: the open cases timed provisionally for a year.
 *
 * @example
 * import { Effect } from "effect"
 * import { type Access, CityService } from "@gridgov/core"
 * declare const admin: Access.Actor
 *
 * const end = Effect.gen(function* () {
 *   const city = yield* CityService.CityService
 *   return yield* city.apply(
 *     [{ _tag: "EndPost", id: "p-01808#1", on: "2026-03-31", replacement: { person: "p-02000" } }],
 *     admin,
 *     { reason: "retirement" }
 *   )
 * })
 *
 * @category services
 * @since 0.1.0
 */
export class CityService extends Context.Service<
  CityService,
  {
    readonly apply: (
      changes: ReadonlyArray<unknown>,
      actor: Access.Actor,
      options: ApplyOptions
    ) => Effect.Effect<Receipt, ApplyError>
    readonly document: (
      actor: Access.Actor
    ) => Effect.Effect<{ readonly version: number; readonly document: City.Document }, Access.Forbidden>
    readonly history: (
      actor: Access.Actor,
      after: number,
      limit: number
    ) => Effect.Effect<ReadonlyArray<CaseStore.StoredEvent>, Access.Forbidden | CaseStore.StoreError>
    readonly verify: (
      actor: Access.Actor
    ) => Effect.Effect<Audit.Verified, Audit.Tampered | Access.Forbidden | CaseStore.StoreError>
    readonly contact: (
      person: string,
      actor: Access.Actor
    ) => Effect.Effect<Option.Option<CityChange.Contact>, Access.Forbidden | CaseStore.StoreError>
    readonly provisional: (
      year: number,
      actor: Access.Actor
    ) => Effect.Effect<Review, Access.Forbidden | CaseStore.StoreError>
  }
>()("@gridgov/core/CityService") {}

const maxAttempts = 5
const listed = 50

const storeError = (operation: string, message: string) => new CaseStore.StoreError({ operation, message, cause: null })

const receiptJson = (r: Omit<Receipt, "replayed">): CaseStore.Json => JSON.parse(JSON.stringify(r))

const decodeReceipt = Schema.decodeUnknownResult(
  Schema.Struct({
    version: Schema.Number,
    events: Schema.Array(
      Schema.Struct({ type: Schema.String, version: Schema.Number, subject: Schema.NullOr(Schema.String) })
    ),
    review: Schema.Array(ReviewSchema)
  })
)

type Json = CaseStore.Json

/** What an event is about: the id of the grid, unit, person, post, subscriber or notice. */
const subjectOf = (e: CityChange.Event): string | null => {
  switch (e._tag) {
    case "GridAdded":
      return e.record.code
    case "GridMoved":
    case "GridRenamed":
    case "GridRetired":
    case "GridBoundarySet":
      return e.code
    case "UnitAdded":
    case "UnitEdited":
      return e.unit.id
    case "UnitClosed":
    case "PostEnded":
    case "SubscriberRemoved":
      return e.id
    case "PersonAdded":
    case "PersonEdited":
      return e.person.id
    case "ContactChanged":
    case "ContactErased":
      return e.person
    case "PostAdded":
    case "PostEdited":
      return e.post.id
    case "SubscriberSet":
      return e.subscriber.id
    case "NoticeAdded":
      return e.notice.id
    default:
      return null
  }
}
const isObject = (j: Json | undefined): j is { readonly [key: string]: Json } =>
  j !== null && j !== undefined && typeof j === "object" && !Array.isArray(j)
const num = (j: Json | undefined): number | null => (typeof j === "number" ? j : null)

/** The clocks of a summary timed provisionally into a year (a deadline on or after its first day). */
const provisionalClocks = (summary: CaseStore.Summary, from: number): Provisional["clocks"] => {
  const body = summary.body
  const sla = isObject(body) ? body.sla : undefined
  if (!Array.isArray(sla)) return []
  const out: Array<Provisional["clocks"][number]> = []
  for (const c of sla as ReadonlyArray<Json>) {
    if (!isObject(c) || c.provisional !== true || typeof c.clock !== "string") continue
    const statutory = num(c.statutory)
    const target = num(c.target)
    if ((statutory ?? -1) < from && (target ?? -1) < from) continue
    out.push({ clock: c.clock, statutory, target, config: num(c.config) })
  }
  return out
}

const make = Effect.gen(function* () {
  const configuration = yield* Configuration.Configuration
  const cities = yield* CityStore.CityStore
  const cases = yield* CaseStore.CaseStore
  const keys = yield* Idempotency.Idempotency

  const cityWideOnly = (snapshot: Configuration.Snapshot, actor: Access.Actor, action: string) =>
    CityChange.cityWide(snapshot.document, actor)
      ? Effect.void
      : Effect.fail(
          new Access.Forbidden({
            action,
            reason: actor.posts.some((p) => p.role === "admin") ? "OutsideJurisdiction" : "AdminOnly"
          })
        )

  /** Open cases matching a query: the first ids and how many in all. */
  const openCases = (q: CaseStore.SummaryQuery) =>
    Effect.gen(function* () {
      const ids: Array<string> = []
      let total = 0
      let after: CaseStore.Cursor | undefined
      for (;;) {
        const page = yield* cases.search({ ...q, states: openStates, limit: CaseStore.maxLimit, after })
        for (const s of page.items) if (ids.length < listed) ids.push(s.streamId)
        total += page.items.length
        if (page.next === undefined) return { ids, total }
        after = page.next
      }
    })

  const usage = (queries: ReadonlyArray<CityChange.UsageQuery>) =>
    Effect.map(
      Effect.forEach(queries, (q) =>
        Effect.map(
          openCases(q._tag === "Held" ? { unit: q.unit } : { category: q.code }),
          (u) => [q._tag === "Held" ? `held:${q.unit}` : `category:${q.code}`, u] as const
        )
      ),
      (answers) => {
        const map = new Map<string, CityChange.Usage>(answers)
        return (q: CityChange.UsageQuery) => map.get(q._tag === "Held" ? `held:${q.unit}` : `category:${q.code}`)
      }
    )

  const review = (snapshot: Configuration.Snapshot, year: number) =>
    Effect.gen(function* () {
      const first = parseIso(`${String(year).padStart(4, "0")}-01-01`)
      const from =
        first === undefined ? Number.POSITIVE_INFINITY : first * 86_400_000 - snapshot.calendar.offsetMinutes * 60_000
      const found: Array<Provisional> = []
      let after: CaseStore.Cursor | undefined
      for (;;) {
        const page = yield* cases.search({ states: openStates, orderBy: "dueAt", limit: CaseStore.maxLimit, after })
        for (const s of page.items) {
          const clocks = provisionalClocks(s, from)
          if (clocks.length > 0) found.push({ caseId: s.streamId, clocks })
        }
        if (page.next === undefined) break
        after = page.next
      }
      return { year, cases: found } satisfies Review
    })

  const apply = Effect.fn("CityService.apply")(function* (
    input: ReadonlyArray<unknown>,
    actor: Access.Actor,
    options: ApplyOptions
  ): Effect.fn.Return<Receipt, ApplyError> {
    if (!configuration.live) {
      return yield* storeError("CityService.apply", "the configuration is static: give Configuration.layerStore")
    }
    // a missing reason is named beside every problem of the changes, those found deciding them too
    const reason = typeof options.reason === "string" ? options.reason.trim() : ""
    const unreasoned: ReadonlyArray<CityChange.Issue> =
      reason.length === 0 || reason.length > 500
        ? [{ _tag: "Reason", change: 0, path: ["reason"], message: "give a reason of 1 to 500 characters" }]
        : []
    const issues: Array<CityChange.Issue> = []
    if (input.length === 0) issues.push({ _tag: "Empty", change: 0, path: [], message: "no change given" })
    const changes: Array<CityChange.Change> = []
    for (const [i, raw] of input.entries()) {
      const decoded = CityChange.decodeChange(kit.defined(raw as object), i)
      if (Result.isFailure(decoded)) issues.push(...decoded.failure.issues)
      else changes.push(decoded.success)
    }
    if (issues.length > 0) return yield* new CityChange.Rejected({ issues: [...unreasoned, ...issues] })
    const batch = changes as unknown as Arr.NonEmptyReadonlyArray<CityChange.Change>
    const keyed = kit.bind(actor, options.idempotencyKey, "CityService.apply", options.request ?? { changes, reason })
    const replayed = (entry: Idempotency.Entry) =>
      Effect.flatMap(
        Effect.fromResult(Idempotency.replay(keyed!.client, entry, keyed!.fingerprint)),
        (json): Effect.Effect<Receipt, CaseStore.StoreError> => {
          const r = decodeReceipt(json)
          return Result.isSuccess(r)
            ? Effect.succeed({ ...r.success, replayed: true })
            : Effect.fail(kit.unreadable(keyed!.client))
        }
      )

    for (let attempt = 1; ; attempt++) {
      if (keyed !== undefined) {
        const seen = yield* keys.get(keyed.key)
        if (Option.isSome(seen)) return yield* replayed(seen.value)
      }
      const snapshot = yield* configuration.refresh
      yield* Effect.fromResult(CityChange.authorize(snapshot.document, actor, batch, snapshot.tree))
      const answers = yield* usage(CityChange.needs(snapshot.document, batch))
      const now = yield* Clock.currentTimeMillis
      const decided = CityChange.decide(snapshot.document, batch, {
        actor: { id: actor.id, roles: [...new Set(actor.posts.map((p) => p.role))] },
        reason,
        now,
        version: snapshot.version,
        today: Calendar.localDate(snapshot.calendar, now),
        usage: answers,
        calendar: snapshot.builder
      })
      if (unreasoned.length > 0) {
        const found =
          Result.isFailure(decided) && decided.failure._tag === "CityChangeRejected" ? decided.failure.issues : []
        return yield* new CityChange.Rejected({ issues: [...unreasoned, ...found] })
      }
      const decision = yield* Effect.fromResult(decided)
      const events = decision.events.map(CityChange.encode)
      const years = decision.events.flatMap((e) => (e._tag === "NoticeAdded" ? [e.notice.year] : []))
      const reviews = yield* Effect.forEach([...new Set(years)], (year) => review(snapshot, year))
      const receipt = {
        version: snapshot.version + events.length,
        events: decision.events.map((e, k) => ({
          type: e._tag,
          version: snapshot.version + k + 1,
          subject: subjectOf(e)
        })),
        review: reviews
      }
      const outcome = yield* cities
        .append({
          expectedVersion: snapshot.version,
          events: events as unknown as Arr.NonEmptyReadonlyArray<CaseStore.NewEvent>,
          offChain: decision.offChain,
          idempotency:
            keyed === undefined
              ? undefined
              : { key: keyed.key, fingerprint: keyed.fingerprint, result: receiptJson(receipt) },
          now
        })
        .pipe(Effect.catchTag("VersionConflict", (e) => Effect.succeed(e)))
      if (outcome._tag === "VersionConflict") {
        if (attempt >= maxAttempts) return yield* new Conflict({ attempts: attempt })
        continue
      }
      if (outcome._tag === "Replayed") return yield* replayed(outcome)
      const next = yield* configuration.adopt(outcome.head, decision.document)
      // the summaries follow the codes whose place in the tree moved (none for a rename);
      // a code the tree did not have when the batch was decided holds no case yet (the
      // append was at that version), so a city imported whole re-ranks nothing
      const moved = Configuration.rankChanges(snapshot, next).filter(
        (r) => Grid.id(snapshot.tree, r.gridCode) !== undefined
      )
      if (moved.length > 0) yield* cases.rerank(moved)
      return { ...receipt, replayed: false }
    }
  })

  const document = Effect.fn("CityService.document")(function* (actor: Access.Actor) {
    const snapshot = yield* configuration.current
    yield* cityWideOnly(snapshot, actor, "ReadConfiguration")
    return { version: snapshot.version, document: snapshot.document }
  })

  const history = Effect.fn("CityService.history")(function* (actor: Access.Actor, after: number, limit: number) {
    yield* cityWideOnly(yield* configuration.current, actor, "ReadConfigurationHistory")
    return yield* cities.read(Math.max(0, Math.floor(after)), Math.max(0, Math.min(10_000, Math.floor(limit))))
  })

  const verify = Effect.fn("CityService.verify")(function* (actor: Access.Actor) {
    yield* cityWideOnly(yield* configuration.current, actor, "VerifyConfiguration")
    const head = yield* cities.head
    const events: Array<CaseStore.StoredEvent> = []
    for (let after = 0; ; ) {
      const page = yield* cities.read(after, 5_000)
      events.push(...page)
      if (page.length < 5_000) break
      after = page[page.length - 1]!.version
    }
    return yield* Effect.fromResult(Audit.verify(events, { heads: new Map([[CityStore.streamId, head.version]]) }))
  })

  const contact = Effect.fn("CityService.contact")(function* (person: string, actor: Access.Actor) {
    const snapshot = yield* configuration.current
    yield* Effect.fromResult(
      CityChange.authorize(snapshot.document, actor, [{ _tag: "EraseContact", person }], snapshot.tree)
    )
    const found = yield* cities.offChain([CityChange.contactKey(person)])
    return Option.fromUndefinedOr(found.get(CityChange.contactKey(person)) as CityChange.Contact | undefined)
  })

  const provisional = Effect.fn("CityService.provisional")(function* (year: number, actor: Access.Actor) {
    const snapshot = yield* configuration.current
    yield* cityWideOnly(snapshot, actor, "ReviewProvisional")
    return yield* review(snapshot, year)
  })

  return CityService.of({ apply, document, history, verify, contact, provisional })
})

/**
 * The configuration service over `CityStore`, `CaseStore` (what a change would strand,
 * and re-ranking after a tree change), `Idempotency` and a store-backed `Configuration`.
 *
 * @example
 * import { Layer } from "effect"
 * import { CityService, Configuration } from "@gridgov/core"
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * import { SqliteStore } from "@gridgov/storage-sqlite"
 *
 * const store = SqliteStore.layer({ filename: "gridgov.db" })
 * const admin = CityService.layer.pipe(
 *   Layer.provideMerge(Configuration.layerStore({ calendar: CalendarCn.builder() })),
 *   Layer.provideMerge(store)
 * )
 *
 * @category layers
 * @since 0.1.0
 */
export const layer: Layer.Layer<
  CityService,
  never,
  Configuration.Configuration | CityStore.CityStore | CaseStore.CaseStore | Idempotency.Idempotency
> = Layer.effect(CityService, make)
