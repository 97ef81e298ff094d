/**
 * The notices service: information publishing (信息发布) over the `NoticeStore` port,
 * with its access rules written once.
 *
 * - Publishing: the notice is decoded against the tree (`Notice.decode`), the actor is
 *   its author, and the actor must hold a post in a publishing role whose
 *   jurisdiction covers the whole audience (`Notice.canPublish`).
 * - Reading: an inbox holds what is addressed to the actor (`Notice.reader`) and shown
 *   now (`Notice.shown`); a notice the actor may neither read now nor publish answers
 *   exactly as a missing one. Reading records the actor's first read once.
 * - Receipts: who read, and who of those it was addressed to while it ran has not
 *   (`Notice.audienceDuring` over the configuration's staff directory, dates in the calendar's zone), for
 *   those who may publish it and for its author; readers see the notice, not who
 *   else read it.
 *
 * Time and new ids come from effect's `Clock` and `Random`; a publication with an
 * idempotency key is done once. See docs/explanation/notices.md.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer, Option, Result, Schema } from "effect"
import * as Access from "./Access.js"
import * as Calendar from "./Calendar.js"
import type { StoreError } from "./CaseStore.js"
import * as Configuration from "./Configuration.js"
import * as Idempotency from "./Idempotency.js"
import * as kit from "./internal/serviceKit.js"
import * as Notice from "./Notice.js"
import * as NoticeStore from "./NoticeStore.js"
import type * as Staff from "./Staff.js"

// ---------------------------------------------------------------------------
// configuration
// ---------------------------------------------------------------------------

/**
 * Who may publish: the roles `Notice.canPublish` accepts (default
 * `Notice.defaultPublishers`: leaders, grid chiefs, the center's dispatchers,
 * administrators), each within its jurisdiction.
 *
 * @example
 * import { Notice, type NoticeService } from "@gridgov/core"
 * const officersToo: NoticeService.Settings = { publishers: [...Notice.defaultPublishers, "departmentOfficer"] }
 *
 * @category config
 * @since 0.1.0
 */
export interface Settings {
  readonly publishers?: ReadonlyArray<Staff.Role> | undefined
}

/**
 * `Settings` with every default filled in.
 *
 * @example
 * import { NoticeService } from "@gridgov/core"
 * NoticeService.environment({}).publishers.includes("leader") // true
 *
 * @category config
 * @since 0.1.0
 */
export interface Environment {
  readonly publishers: ReadonlyArray<Staff.Role>
}

/**
 * Fills in the defaults of `Settings`.
 *
 * @example
 * import { NoticeService } from "@gridgov/core"
 * NoticeService.environment({ publishers: ["leader"] }).publishers // ["leader"]
 *
 * @category config
 * @since 0.1.0
 */
export const environment = (settings: Settings): Environment => ({
  publishers: settings.publishers ?? Notice.defaultPublishers
})

/**
 * The service's settings, with the defaults when none are provided.
 *
 * @example
 * import { Effect } from "effect"
 * import { NoticeService } from "@gridgov/core"
 * const publishers = Effect.map(Effect.service(NoticeService.Config), (env) => env.publishers)
 *
 * @category config
 * @since 0.1.0
 */
export const Config: Context.Reference<Environment> = Context.Reference("@gridgov/core/NoticeService/Config", {
  defaultValue: () => environment({})
})

/**
 * Provides `Config` from `Settings`.
 *
 * @example
 * import { NoticeService } from "@gridgov/core"
 * const leadersOnly = NoticeService.layerConfig({ publishers: ["leader"] })
 *
 * @category config
 * @since 0.1.0
 */
export const layerConfig = (settings: Settings): Layer.Layer<never> => Layer.succeed(Config, environment(settings))

// ---------------------------------------------------------------------------
// models
// ---------------------------------------------------------------------------

/**
 * A notice to publish: what `Notice.Notice` holds but the author (the actor) and,
 * when left out, the id (a new one) and the publication instant (now; a later one
 * schedules the notice).
 *
 * @example
 * import type { NoticeService } from "@gridgov/core"
 * const flood: NoticeService.Input = {
 *   title: "防汛通知", body: "今晚有暴雨", audience: { public: false, grids: ["620981103"], roles: ["gridWorker"], units: [] }
 * }
 *
 * @category models
 * @since 0.1.0
 */
export interface Input {
  readonly id?: string | undefined
  readonly title: string
  readonly body: string
  readonly audience: Notice.Audience
  readonly publishedAt?: number | undefined
  readonly expiresAt?: number | undefined
}

/**
 * Options of `publish`: an idempotency key chosen by the client for one request,
 * bound to the actor and to the request (`request`, default the input). The same
 * request again with the key publishes nothing and answers with the notice published
 * the first time; another request with the key fails with `Idempotency.KeyReused`.
 *
 * @example
 * import type { NoticeService } from "@gridgov/core"
 * const options: NoticeService.PublishOptions = { idempotencyKey: "flood-2026-07-01" }
 *
 * @category models
 * @since 0.1.0
 */
export interface PublishOptions {
  readonly idempotencyKey?: string | undefined
  readonly request?: unknown
}

/**
 * An inbox request: only unread notices or all, and paging (`limit` 1–1000, default
 * 50; `after`: the previous page's `next`).
 *
 * @example
 * import type { NoticeService } from "@gridgov/core"
 * const unread: NoticeService.InboxQuery = { unreadOnly: true, limit: 20 }
 *
 * @category queries
 * @since 0.1.0
 */
export interface InboxQuery {
  readonly unreadOnly?: boolean | undefined
  readonly limit?: number | undefined
  readonly after?: NoticeStore.Cursor | undefined
}

/**
 * Who has read a notice (first reads, by instant) and who of its staff audience has
 * not (`null` for a public notice: its audience is everyone).
 *
 * @example
 * import type { NoticeService } from "@gridgov/core"
 * const pending = (r: NoticeService.Receipts) => r.unread?.length ?? 0
 *
 * @category models
 * @since 0.1.0
 */
export interface Receipts {
  readonly receipts: ReadonlyArray<NoticeStore.Receipt>
  readonly unread: ReadonlyArray<string> | null
}

// ---------------------------------------------------------------------------
// errors
// ---------------------------------------------------------------------------

/**
 * The notice does not exist, or the actor may not see it: the two cannot be told apart.
 *
 * @example
 * import { NoticeService } from "@gridgov/core"
 * new NoticeService.NotFound({ id: "n-1" }).message // "notice n-1 not found"
 *
 * @category errors
 * @since 0.1.0
 */
export class NotFound extends Schema.TaggedError<NotFound>()("NoticeNotFound", { id: Schema.String }) {
  override get message(): string {
    return `notice ${this.id} not found`
  }
}

/**
 * Why `publish` fails: the notice does not validate, the actor may not publish
 * (`NotPublisher`) or not to this audience (`OutsideJurisdiction`), its id was
 * published before, its idempotency key was used for another request, or the store
 * failed.
 *
 * @example
 * import type { NoticeService } from "@gridgov/core"
 * const denied = (e: NoticeService.PublishError) => e._tag === "Forbidden"
 *
 * @category errors
 * @since 0.1.0
 */
export type PublishError =
  | Notice.NoticeInvalid
  | Access.Forbidden
  | NoticeStore.NoticeExists
  | Idempotency.KeyReused
  | StoreError

// ---------------------------------------------------------------------------
// the service
// ---------------------------------------------------------------------------

/**
 * The notices service.
 *
 * - `publish(input, actor, options)`: publishes a notice (see the module doc);
 * - `inbox(actor, query)`: the notices addressed to the actor and shown now, newest
 *   first, each with when the actor first read it;
 * - `get(id, actor)`: a notice the actor may read now or publish, or `NotFound`;
 * - `read(id, actor)`: records the actor's first read; `true` the first time;
 * - `receipts(id, actor)`: who has read it and who has not, for its publishers.
 *
 * @example
 * import { Effect } from "effect"
 * import { type Access, NoticeService } from "@gridgov/core"
 * declare const chief: Access.Actor
 *
 * const flood = Effect.gen(function* () {
 *   const notices = yield* NoticeService.NoticeService
 *   return yield* notices.publish(
 *     { title: "防汛通知", body: "今晚有暴雨", audience: { public: false, grids: ["620981103"], roles: ["gridWorker"], units: [] } },
 *     chief
 *   )
 * })
 *
 * @category services
 * @since 0.1.0
 */
export class NoticeService extends Context.Service<
  NoticeService,
  {
    readonly publish: (
      input: Input,
      actor: Access.Actor,
      options?: PublishOptions
    ) => Effect.Effect<Notice.Notice, PublishError>
    readonly inbox: (actor: Access.Actor, query?: InboxQuery) => Effect.Effect<NoticeStore.Page, StoreError>
    readonly get: (id: string, actor: Access.Actor) => Effect.Effect<Notice.Notice, NotFound | StoreError>
    readonly read: (id: string, actor: Access.Actor) => Effect.Effect<boolean, NotFound | StoreError>
    readonly receipts: (id: string, actor: Access.Actor) => Effect.Effect<Receipts, NotFound | StoreError>
  }
>()("@gridgov/core/NoticeService") {}

const make = Effect.gen(function* () {
  const env = yield* Config
  const configuration = yield* Configuration.Configuration
  const store = yield* NoticeStore.NoticeStore
  const keys = yield* Idempotency.Idempotency
  /** The grid tree the checks run on: the configuration's now. */
  const contextNow = Effect.map(configuration.current, (city): Access.Context => ({ tree: city.tree }))

  /** The notice, if the actor may read it now (addressed to them and shown) or publish it. */
  const visible = Effect.fnUntraced(function* (id: string, actor: Access.Actor, now: number) {
    const found = yield* store.get(id)
    if (Option.isNone(found)) return yield* new NotFound({ id })
    const notice = found.value
    const context = yield* contextNow
    const reads = Notice.addressedTo(context, notice, actor) && Notice.shown(notice, now)
    const publishes = Notice.canPublish(context, actor, notice, env.publishers)
    // a notice the actor may neither read nor publish answers as a missing one
    if (!reads && !publishes) return yield* new NotFound({ id })
    return { notice, reads, publishes }
  })

  const publish = Effect.fn("NoticeService.publish")(function* (
    input: Input,
    actor: Access.Actor,
    options?: PublishOptions
  ): Effect.fn.Return<Notice.Notice, PublishError> {
    const keyed = kit.bind(actor, options?.idempotencyKey, "NoticeService.publish", options?.request ?? input)
    const id = input.id ?? (keyed === undefined ? yield* kit.newId("n") : kit.idOf("n", keyed))
    const replay = (recorded: unknown) =>
      typeof recorded === "object" && recorded !== null && "notice" in recorded && typeof recorded.notice === "string"
        ? Effect.flatMap(store.get(recorded.notice), (found) =>
            Option.isSome(found) ? Effect.succeed(found.value) : Effect.fail(kit.unreadable(keyed!.client))
          )
        : Effect.fail(kit.unreadable(keyed!.client))
    const write = Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      const context = yield* contextNow
      const decoded = Notice.decode(context, {
        ...kit.defined(input),
        id,
        author: actor.id,
        publishedAt: input.publishedAt ?? now
      })
      if (Result.isFailure(decoded)) return yield* decoded.failure
      const notice = decoded.success
      if (!Notice.canPublish(context, actor, notice, env.publishers)) {
        const publisher = actor.posts.some((p) => env.publishers.includes(p.role))
        return yield* new Access.Forbidden({
          action: "PublishNotice",
          reason: publisher ? "OutsideJurisdiction" : "NotPublisher"
        })
      }
      yield* store.publish(notice, Notice.targets(context, notice.audience)).pipe(
        Effect.catchTag("NoticeExists", (exists) =>
          // the id this key and request make was published: by this request, before its key was recorded
          keyed !== undefined && input.id === undefined
            ? Effect.flatMap(store.get(id), (found) =>
                Option.isSome(found) && found.value.author === actor.id ? Effect.void : Effect.fail(exists)
              )
            : Effect.fail(exists)
        )
      )
      return notice
    })
    return yield* kit.once({ keys, keyed, write, record: () => ({ notice: id }), replay })
  })

  const inbox = Effect.fn("NoticeService.inbox")(function* (actor: Access.Actor, query: InboxQuery = {}) {
    const now = yield* Clock.currentTimeMillis
    return yield* store.inbox({
      reader: Notice.reader(yield* contextNow, actor),
      now,
      unreadOnly: query.unreadOnly,
      limit: query.limit,
      after: query.after
    })
  })

  const get = Effect.fn("NoticeService.get")(function* (id: string, actor: Access.Actor) {
    const now = yield* Clock.currentTimeMillis
    return (yield* visible(id, actor, now)).notice
  })

  const read = Effect.fn("NoticeService.read")(function* (id: string, actor: Access.Actor) {
    const now = yield* Clock.currentTimeMillis
    const { reads } = yield* visible(id, actor, now)
    // a publisher outside the audience has nothing to mark
    if (!reads) return yield* new NotFound({ id })
    return yield* store
      .markRead(id, actor.id, now)
      .pipe(Effect.catchTag("NoticeNotFound", () => Effect.fail(new NotFound({ id }))))
  })

  const receipts = Effect.fn("NoticeService.receipts")(function* (id: string, actor: Access.Actor) {
    const now = yield* Clock.currentTimeMillis
    const { notice, publishes } = yield* visible(id, actor, now)
    // readers see the notice, not who else read it
    if (!publishes && notice.author !== actor.id) return yield* new NotFound({ id })
    const receipts = yield* store.receipts(id)
    const read = new Set(receipts.map((r) => r.reader))
    // everyone it was addressed to, from publication until it expired (or now):
    // someone transferred away since was still told
    const until = Math.max(notice.publishedAt, Math.min(now, notice.expiresAt ?? now))
    const city = yield* configuration.current
    const unread = notice.audience.public
      ? null
      : Notice.audienceDuring(
          city.directory,
          notice,
          Calendar.localDate(city.calendar, notice.publishedAt),
          Calendar.localDate(city.calendar, until)
        ).filter((p) => !read.has(p))
    return { receipts, unread } satisfies Receipts
  })

  return NoticeService.of({ publish, inbox, get, read, receipts })
})

/**
 * The notices service over `NoticeStore` and `Idempotency`, with the tree, calendar and
 * staff directory of the live `Configuration` and its own `Config` (defaults unless
 * provided).
 *
 * @example
 * import { Layer } from "effect"
 * import { CaseService, NoticeService } from "@gridgov/core"
 * import { SqlRecords } from "@gridgov/storage-sql"
 * import { SqliteStore } from "@gridgov/storage-sqlite"
 * declare const settings: CaseService.Settings
 *
 * const notices = NoticeService.layer.pipe(
 *   Layer.provide(CaseService.layerConfig(settings)),
 *   Layer.provide(SqlRecords.layer().pipe(Layer.provideMerge(SqliteStore.layerWithClient({ filename: "gridgov.db" }))))
 * )
 *
 * @category layers
 * @since 0.1.0
 */
export const layer: Layer.Layer<
  NoticeService,
  never,
  Configuration.Configuration | NoticeStore.NoticeStore | Idempotency.Idempotency
> = Layer.effect(NoticeService, make)
