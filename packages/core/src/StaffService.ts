/**
 * The staff service: administration of the staff directory — people, posts and
 * tokens — and who is posted at a grid. The directory is a view of the city's
 * configuration (`Configuration`), the one source of who works where: a person or post
 * added here is a configuration change (`CityService`), audited and hash-chained like
 * any other, and seen by every server on the same store.
 *
 * Administration needs an `admin` post (`Access.Forbidden` with `AdminOnly`
 * otherwise; a town's admin adds posts in the town only): listing people and posts,
 * adding a person, posting a person to a grid or unit (in effect at once: the next
 * `CaseService.actor` of that person sees it),
 * and issuing a bearer token for a person of the directory. Core decides who gets a
 * token and until when; the `Tokens` adapter signs it. Anyone may get a resident
 * token (a new resident id, for reporting and following one's own cases). Who is
 * posted at a grid is shown to actors whose jurisdiction covers it; to anyone else
 * the grid answers as unknown. Writes with an idempotency key are done once: a token
 * asked for again comes back from the issuer (same person, same expiry), never from
 * storage. See docs/explanation/administration.md.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer, Result, Schema, Semaphore } from "effect"
import * as Access from "./Access.js"
import * as Calendar from "./Calendar.js"
import type { StoreError } from "./CaseStore.js"
import type * as City from "./City.js"
import * as CityChange from "./CityChange.js"
import * as CityService from "./CityService.js"
import * as Configuration from "./Configuration.js"
import * as Idempotency from "./Idempotency.js"
import * as kit from "./internal/serviceKit.js"
import * as Staff from "./Staff.js"
import * as Tokens from "./Tokens.js"

// ---------------------------------------------------------------------------
// configuration
// ---------------------------------------------------------------------------

/**
 * Token lifetimes: the default of a person's token (`tokenTtlMs`, 12 hours), the
 * bounds an administrator may ask for (`minTtlMs` one minute, `maxTtlMs` 30 days)
 * and the lifetime of a resident's token (`residentTtlMs`, 12 hours).
 *
 * @example
 * import type { StaffService } from "@gridgov/core"
 * const shifts: StaffService.Settings = { tokenTtlMs: 8 * 3_600_000 }
 *
 * @category config
 * @since 0.1.0
 */
export interface Settings {
  readonly tokenTtlMs?: number | undefined
  readonly minTtlMs?: number | undefined
  readonly maxTtlMs?: number | undefined
  readonly residentTtlMs?: number | undefined
}

/**
 * `Settings` with every default filled in.
 *
 * @example
 * import { StaffService } from "@gridgov/core"
 * StaffService.environment({}).tokenTtlMs // 43200000
 *
 * @category config
 * @since 0.1.0
 */
export interface Environment {
  readonly tokenTtlMs: number
  readonly minTtlMs: number
  readonly maxTtlMs: number
  readonly residentTtlMs: number
}

/**
 * Fills in the defaults of `Settings`.
 *
 * @example
 * import { StaffService } from "@gridgov/core"
 * StaffService.environment({ maxTtlMs: 86_400_000 }).maxTtlMs // 86400000
 *
 * @category config
 * @since 0.1.0
 */
export const environment = (settings: Settings): Environment => ({
  tokenTtlMs: settings.tokenTtlMs ?? 12 * 3_600_000,
  minTtlMs: settings.minTtlMs ?? 60_000,
  maxTtlMs: settings.maxTtlMs ?? 30 * 86_400_000,
  residentTtlMs: settings.residentTtlMs ?? 12 * 3_600_000
})

/**
 * The service's settings, with the defaults when none are provided.
 *
 * @example
 * import { Effect } from "effect"
 * import { StaffService } from "@gridgov/core"
 * const ttl = Effect.map(Effect.service(StaffService.Config), (env) => env.tokenTtlMs)
 *
 * @category config
 * @since 0.1.0
 */
export const Config: Context.Reference<Environment> = Context.Reference("@gridgov/core/StaffService/Config", {
  defaultValue: () => environment({})
})

/**
 * Provides `Config` from `Settings`.
 *
 * @example
 * import { StaffService } from "@gridgov/core"
 * const shifts = StaffService.layerConfig({ tokenTtlMs: 8 * 3_600_000 })
 *
 * @category config
 * @since 0.1.0
 */
export const layerConfig = (settings: Settings): Layer.Layer<never> => Layer.succeed(Config, environment(settings))

// ---------------------------------------------------------------------------
// models
// ---------------------------------------------------------------------------

/**
 * A slice of a list: from `offset` (default 0), at most `limit` items (default 100).
 *
 * @example
 * import type { StaffService } from "@gridgov/core"
 * const second: StaffService.Slice = { offset: 100, limit: 100 }
 *
 * @category queries
 * @since 0.1.0
 */
export interface Slice {
  readonly offset?: number | undefined
  readonly limit?: number | undefined
}

/**
 * Which posts to list: of a person, at a unit, at a grid (all when none), sliced.
 *
 * @example
 * import type { StaffService } from "@gridgov/core"
 * const chiefs: StaffService.PostQuery = { grid: "620981103", limit: 50 }
 *
 * @category queries
 * @since 0.1.0
 */
export interface PostQuery extends Slice {
  readonly person?: string | undefined
  readonly unit?: string | undefined
  readonly grid?: string | undefined
}

/**
 * A slice of a list and how many items the whole list holds.
 *
 * @example
 * import type { StaffService } from "@gridgov/core"
 * const more = <A>(l: StaffService.Listed<A>, offset: number) => offset + l.items.length < l.total
 *
 * @category queries
 * @since 0.1.0
 */
export interface Listed<A> {
  readonly items: ReadonlyArray<A>
  readonly total: number
}

/**
 * Options of the writes: the reason recorded with the change (default: what the call
 * does), an idempotency key chosen by the client for one request, bound to the actor
 * and to the request (`request`, default what the call is given). The same request
 * again with the key answers as the first time and changes nothing; another request
 * with the key fails with `Idempotency.KeyReused`.
 *
 * @example
 * import type { StaffService } from "@gridgov/core"
 * const options: StaffService.WriteOptions = { idempotencyKey: "hire-2026-01-05-3", reason: "new grid worker" }
 *
 * @category models
 * @since 0.1.0
 */
export interface WriteOptions {
  readonly reason?: string | undefined
  readonly idempotencyKey?: string | undefined
  readonly request?: unknown
}

// ---------------------------------------------------------------------------
// errors
// ---------------------------------------------------------------------------

/**
 * A token asked for a person who is not in the directory.
 *
 * @example
 * import { StaffService } from "@gridgov/core"
 * new StaffService.PersonNotFound({ person: "p-404" }).message // "person p-404 not found"
 *
 * @category errors
 * @since 0.1.0
 */
export class PersonNotFound extends Schema.TaggedError<PersonNotFound>()("PersonNotFound", {
  person: Schema.String
}) {
  override get message(): string {
    return `person ${this.person} not found`
  }
}

/**
 * A token lifetime outside the configured bounds.
 *
 * @example
 * import { StaffService } from "@gridgov/core"
 * new StaffService.TtlInvalid({ ttlMs: 1000, min: 60_000, max: 2_592_000_000 })._tag // "TokenTtlInvalid"
 *
 * @category errors
 * @since 0.1.0
 */
export class TtlInvalid extends Schema.TaggedError<TtlInvalid>()("TokenTtlInvalid", {
  ttlMs: Schema.Number,
  min: Schema.Number,
  max: Schema.Number
}) {
  override get message(): string {
    return `a token lives from ${this.min} to ${this.max} ms, not ${this.ttlMs}`
  }
}

// ---------------------------------------------------------------------------
// the service
// ---------------------------------------------------------------------------

/**
 * The staff service.
 *
 * Administration (an `admin` post):
 * - `people(actor, slice)`, `posts(actor, query)`: the directory's records;
 * - `addPerson(person, actor, options)`, `addPost(post, actor, options)`: configuration
 *   changes (`CityService.apply`), checked (`CityChange.Rejected` with every problem)
 *   and in effect at once; a post comes back with its id;
 * - `issueToken({ person, ttlMs }, actor, options)`: a bearer token for a person of
 *   the directory.
 *
 * Anyone:
 * - `residentToken()`: a token for a new resident;
 * - `postedAt(grid, actor)`: the posts held at a grid today, for an actor whose
 *   jurisdiction covers it.
 *
 * @example
 * import { Effect } from "effect"
 * import { type Access, StaffService } from "@gridgov/core"
 * declare const admin: Access.Actor
 *
 * const hire = Effect.gen(function* () {
 *   const staff = yield* StaffService.StaffService
 *   yield* staff.addPerson({ id: "p-new", name: "新人" }, admin)
 *   yield* staff.addPost({ person: "p-new", role: "gridWorker", at: { grid: "620981101201001" }, validFrom: "2026-01-05" }, admin)
 *   return yield* staff.issueToken({ person: "p-new" }, admin)
 * })
 *
 * @category services
 * @since 0.1.0
 */
export class StaffService extends Context.Service<
  StaffService,
  {
    readonly people: (actor: Access.Actor, slice?: Slice) => Effect.Effect<Listed<Staff.Person>, Access.Forbidden>
    readonly posts: (actor: Access.Actor, query?: PostQuery) => Effect.Effect<Listed<City.Post>, Access.Forbidden>
    readonly addPerson: (
      person: Staff.Person,
      actor: Access.Actor,
      options?: WriteOptions
    ) => Effect.Effect<Staff.Person, CityService.ApplyError>
    readonly addPost: (
      post: Staff.Post,
      actor: Access.Actor,
      options?: WriteOptions
    ) => Effect.Effect<City.Post, CityService.ApplyError>
    readonly issueToken: (
      request: { readonly person: string; readonly ttlMs?: number | undefined },
      actor: Access.Actor,
      options?: WriteOptions
    ) => Effect.Effect<
      Tokens.Issued,
      Access.Forbidden | PersonNotFound | TtlInvalid | Idempotency.KeyReused | StoreError
    >
    readonly residentToken: () => Effect.Effect<Tokens.Issued>
    readonly postedAt: (
      grid: string,
      actor: Access.Actor
    ) => Effect.Effect<ReadonlyArray<City.Post>, Access.GridNotFound>
  }
>()("@gridgov/core/StaffService") {}

const slice = <A>(items: ReadonlyArray<A>, s: Slice): Listed<A> => {
  const offset = Math.max(0, Math.floor(s.offset ?? 0))
  const limit = Math.max(0, Math.floor(s.limit ?? 100))
  return { items: items.slice(offset, offset + limit), total: items.length }
}

const decodeIssued = Schema.decodeUnknownResult(Schema.Struct({ person: Schema.String, expiresAt: Schema.Number }))

/** A refusal's paths relative to the person or post given, as the staff service reports them. */
const relative = (e: CityChange.Rejected) =>
  new CityChange.Rejected({
    issues: e.issues.map((i) => ({
      ...i,
      path: i.path[0] === "person" || i.path[0] === "post" ? i.path.slice(1) : i.path
    }))
  })

const make = Effect.gen(function* () {
  const env = yield* Config
  const configuration = yield* Configuration.Configuration
  const city = yield* CityService.CityService
  const tokens = yield* Tokens.Tokens
  const keys = yield* Idempotency.Idempotency
  // Keyed token requests run one at a time in this process, so twins sent at once run
  // once (the key is recorded after the token is signed); changes are keyed in their
  // own transaction (`CityService`).
  const lock = yield* Semaphore.make(1)
  const serial: typeof kit.once = (options) =>
    options.keyed === undefined ? kit.once(options) : lock.withPermits(1)(kit.once(options))

  const people = Effect.fn("StaffService.people")(function* (actor: Access.Actor, s: Slice = {}) {
    yield* kit.adminOnly(actor, "ListPeople")
    return slice((yield* configuration.current).document.people, s)
  })

  const posts = Effect.fn("StaffService.posts")(function* (actor: Access.Actor, q: PostQuery = {}) {
    yield* kit.adminOnly(actor, "ListPosts")
    const all = (yield* configuration.current).document.posts
    return slice(
      all.filter(
        (p) =>
          (q.person === undefined || p.person === q.person) &&
          (q.unit === undefined || ("unit" in p.at && p.at.unit === q.unit)) &&
          (q.grid === undefined || ("grid" in p.at && p.at.grid === q.grid))
      ),
      q
    )
  })

  const addPerson = Effect.fn("StaffService.addPerson")(function* (
    person: Staff.Person,
    actor: Access.Actor,
    options?: WriteOptions
  ) {
    yield* kit.adminOnly(actor, "AddPerson")
    yield* city
      .apply([{ _tag: "AddPerson", person }], actor, {
        reason: options?.reason ?? "a person added through staff administration",
        idempotencyKey: options?.idempotencyKey,
        request: { operation: "StaffService.addPerson", request: options?.request ?? person }
      })
      .pipe(Effect.catchTag("CityChangeRejected", (e) => Effect.fail(relative(e))))
    return person
  })

  const addPost = Effect.fn("StaffService.addPost")(function* (
    post: Staff.Post,
    actor: Access.Actor,
    options?: WriteOptions
  ) {
    yield* kit.adminOnly(actor, "AddPost")
    const receipt = yield* city
      .apply([{ _tag: "AddPost", post }], actor, {
        reason: options?.reason ?? "a post added through staff administration",
        idempotencyKey: options?.idempotencyKey,
        request: { operation: "StaffService.addPost", request: options?.request ?? post }
      })
      .pipe(Effect.catchTag("CityChangeRejected", (e) => Effect.fail(relative(e))))
    const id = receipt.events.find((e) => e.type === "PostAdded")?.subject ?? ""
    const added = (yield* configuration.current).document.posts.find((p) => p.id === id)
    return added ?? ({ ...post, id } as City.Post)
  })

  const issueToken = Effect.fn("StaffService.issueToken")(function* (
    request: { readonly person: string; readonly ttlMs?: number | undefined },
    actor: Access.Actor,
    options?: WriteOptions
  ) {
    yield* kit.adminOnly(actor, "IssueToken")
    const ttlMs = request.ttlMs ?? env.tokenTtlMs
    if (!Number.isFinite(ttlMs) || ttlMs < env.minTtlMs || ttlMs > env.maxTtlMs) {
      return yield* new TtlInvalid({ ttlMs, min: env.minTtlMs, max: env.maxTtlMs })
    }
    const keyed = kit.bind(actor, options?.idempotencyKey, "StaffService.issueToken", options?.request ?? request)
    const write = Effect.gen(function* () {
      const snapshot = yield* configuration.current
      if (!snapshot.directory.people.has(request.person)) {
        return yield* new PersonNotFound({ person: request.person })
      }
      const now = yield* Clock.currentTimeMillis
      return yield* tokens.issue({ _tag: "Person", id: request.person }, now + ttlMs)
    })
    return yield* serial({
      keys,
      keyed,
      write,
      // the token itself is never stored: the issuer signs the same claims again
      record: (issued) => ({ person: issued.subject, expiresAt: issued.expiresAt }),
      replay: (recorded) =>
        Result.match(decodeIssued(recorded), {
          onSuccess: (r) => tokens.issue({ _tag: "Person", id: r.person }, r.expiresAt),
          onFailure: () => Effect.fail(kit.unreadable(keyed!.client))
        })
    })
  })

  const residentToken = Effect.fn("StaffService.residentToken")(function* () {
    const id = yield* kit.newId("r")
    const now = yield* Clock.currentTimeMillis
    return yield* tokens.issue({ _tag: "Resident", id }, now + env.residentTtlMs)
  })

  const postedAt = Effect.fn("StaffService.postedAt")(function* (grid: string, actor: Access.Actor) {
    const snapshot = yield* configuration.current
    const context: Access.Context = { tree: snapshot.tree }
    // only staff whose jurisdiction covers the grid see who is posted there
    yield* kit.reachedGrid(context, Access.scope(context, actor), grid)
    const date = Calendar.localDate(snapshot.calendar, yield* Clock.currentTimeMillis)
    return snapshot.document.posts.filter((p) => "grid" in p.at && p.at.grid === grid && Staff.validOn(p, date))
  })

  return StaffService.of({ people, posts, addPerson, addPost, issueToken, residentToken, postedAt })
})

/**
 * The staff service over the live `Configuration` (what it reads), `CityService` (what
 * it writes), `Tokens` and `Idempotency`, with its own `Config` (defaults unless
 * provided).
 *
 * @example
 * import { Layer } from "effect"
 * import { CityService, Configuration, StaffService } from "@gridgov/core"
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * import { Auth } from "@gridgov/http"
 * import { SqliteStore } from "@gridgov/storage-sqlite"
 * import { Redacted } from "effect"
 *
 * const administration = StaffService.layer.pipe(
 *   Layer.provide(CityService.layer),
 *   Layer.provideMerge(Configuration.layerStore({ calendar: CalendarCn.builder() })),
 *   Layer.provideMerge(SqliteStore.layer({ filename: "gridgov.db" })),
 *   Layer.provide(Auth.layerHmac({ secret: Redacted.make(Auth.randomSecret()) }))
 * )
 *
 * @category layers
 * @since 0.1.0
 */
export const layer: Layer.Layer<
  StaffService,
  never,
  Configuration.Configuration | CityService.CityService | Tokens.Tokens | Idempotency.Idempotency
> = Layer.effect(StaffService, make)
