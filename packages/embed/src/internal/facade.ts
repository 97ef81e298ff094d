/**
 * The facade's machinery: one `ManagedRuntime` over the city, the store and core's
 * services (and the SLA sweeper and notification dispatcher), and the plain async
 * functions that run one service call each on it.
 */
import {
  Access,
  AnalyticsService,
  CaseService,
  CaseStore,
  Dispatcher,
  NoticeService,
  Notifier,
  RecordService,
  SlaSweeper
} from "@gridgov/core"
import { Cause, Clock, Context, Effect, Exit, Layer, ManagedRuntime, Option, Predicate, Result } from "effect"
import * as City from "../City.js"
import type * as Embed from "../Embed.js"
import * as Store from "../Store.js"
import * as F from "./failure.js"
import * as Folder from "./folder.js"
import * as I from "./inputs.js"
import { StartError } from "./startError.js"
import * as verify from "./verify.js"

type Services =
  | CaseService.CaseService
  | CaseService.Config
  | RecordService.RecordService
  | NoticeService.NoticeService
  | AnalyticsService.AnalyticsService
  | CaseStore.CaseStore

/** A clock that reads the host's `now` and sleeps on the system's timers. */
const hostClock = (now: () => number): Clock.Clock => {
  const base = Clock.Clock.defaultValue()
  const nanos = () => BigInt(Math.floor(now())) * 1_000_000n
  return {
    currentTimeMillisUnsafe: now,
    currentTimeMillis: Effect.sync(now),
    currentTimeNanosUnsafe: nanos,
    currentTimeNanos: Effect.sync(nanos),
    monotonicTimeNanosUnsafe: () => base.monotonicTimeNanosUnsafe(),
    monotonicTimeNanos: base.monotonicTimeNanos,
    sleep: (duration) => base.sleep(duration)
  }
}

/** The host's `notify` as the `embed` channel's transport: a throw or rejection is retried later. */
const hostNotifier = (notify: NonNullable<Embed.StartOptions["notify"]>) =>
  Notifier.layer({
    embed: Effect.succeed<Notifier.Transport>({
      deliver: (message) =>
        Effect.tryPromise(async () => notify(message)).pipe(
          Effect.as(Notifier.delivered),
          Effect.catch((error) => Effect.succeed(Notifier.retryable(String(error.cause ?? error))))
        )
    })
  })

type Tagged = { readonly _tag: string; readonly message: string }

/**
 * A finished call as an outcome: its value, or its typed error as plain data; a
 * defect (a bug) or an interruption rejects with a plain `Error`.
 */
const settle = <A, E extends Tagged>(exit: Exit.Exit<A, E>): F.Outcome<A, F.Failure<E>> => {
  if (Exit.isSuccess(exit)) return F.ok(exit.value)
  const error = Cause.findErrorOption(exit.cause)
  if (Option.isSome(error)) return F.fail(F.plain(error.value))
  throw new Error(`gridgov: ${Cause.pretty(exit.cause)}`)
}

/** What `start` builds: the runtime over the city, the store and the services, and their context. */
export interface Built {
  readonly runtime: ManagedRuntime.ManagedRuntime<Services, unknown>
  readonly context: Context.Context<Services>
}

export const start = async (options: Embed.StartOptions): Promise<Embed.Gridgov> => {
  const { runtime, context } = await build(options)
  return facade(runtime, context)
}

/**
 * The city's configuration: static settings (`"yumen"`, `City.Settings`), or a city
 * folder kept in the store (an empty store imports it first).
 */
const cityLayer = async (input: City.Input, channels: ReadonlyArray<string>, now: () => number) => {
  if (City.isFolder(input)) {
    if (typeof input.folder !== "string" || input.folder.length === 0) {
      throw new StartError("CityInvalid", 'city: a city folder is { folder: "path/to/city" }')
    }
    const module = await Folder.load(input.folder)
    return Layer.mergeAll(
      Folder.layer(module, input.folder, now),
      CaseService.layerOptions({ channels }),
      RecordService.layerConfig({}),
      NoticeService.layerConfig({}),
      AnalyticsService.layerConfig({})
    )
  }
  const city = await City.settings(input)
  return City.layer({ ...city, channels: city.channels ?? channels })
}

/** Builds the runtime `start` answers the facade over (also for `pnpm bench facade`'s baseline on the same services). */
export const build = async (options: Embed.StartOptions): Promise<Built> => {
  if (typeof options !== "object" || options === null)
    throw new StartError("CityInvalid", "start: give { store, city }")
  const url = typeof options.store === "string" ? Store.parse(options.store) : undefined
  if (url === undefined) {
    throw new StartError(
      "StoreUrlInvalid",
      `store ${JSON.stringify(options.store)}: give "memory", "sqlite:PATH" or "postgres://user:password@host:port/database"`
    )
  }
  const notify = options.notify
  const now = options.now ?? Date.now
  const config = await cityLayer(options.city, notify === undefined ? [] : ["embed"], now)
  const stores = await Store.layer(url)

  const clock = options.now === undefined ? Layer.empty : Layer.succeed(Clock.Clock, hostClock(options.now))
  const base = Layer.mergeAll(
    config.pipe(Layer.provideMerge(stores)),
    notify === undefined ? Layer.empty : hostNotifier(notify)
  )
  const services = Layer.mergeAll(
    CaseService.layer,
    RecordService.layer,
    NoticeService.layer,
    AnalyticsService.layer
  ).pipe(Layer.provideMerge(base))
  const workers = Layer.effectDiscard(
    Effect.gen(function* () {
      if (options.sweep !== false)
        yield* Effect.forkScoped(SlaSweeper.run(typeof options.sweep === "object" ? options.sweep : {}))
      if (notify !== undefined) yield* Effect.forkScoped(Dispatcher.run())
    })
  )
  const layer = workers.pipe(Layer.provideMerge(services), Layer.provideMerge(clock)) as Layer.Layer<Services, unknown>
  const runtime = ManagedRuntime.make(layer)
  const built = await runtime.runPromiseExit(Effect.void)
  if (Exit.isFailure(built)) {
    await runtime.dispose()
    const error = Cause.findErrorOption(built.cause)
    if (Option.isSome(error) && error.value instanceof Folder.FolderFaults) {
      throw new StartError("CityInvalid", error.value.message)
    }
    if (Option.isSome(error) && Predicate.isTagged(error.value, "ConfigurationInvalid")) {
      throw new StartError("CityInvalid", `the city's configuration in the store: ${String(error.value)}`, {
        cause: error.value
      })
    }
    throw new StartError("StoreUnavailable", `store ${Store.show(url)}: ${Cause.pretty(built.cause)}`, {
      cause: Cause.squash(built.cause)
    })
  }
  return { runtime, context: await runtime.context() }
}

/** What every call needs: the runtime, the services, and whether `close` ran. */
interface Core {
  readonly runtime: ManagedRuntime.ManagedRuntime<Services, unknown>
  readonly cases: CaseService.CaseService["Service"]
  readonly records: RecordService.RecordService["Service"]
  readonly notices: NoticeService.NoticeService["Service"]
  readonly analytics: AnalyticsService.AnalyticsService["Service"]
  closed: boolean
}

/** Runs a service call on the runtime; its success or typed error is the outcome. */
const run = <A, E extends Tagged>(
  core: Core,
  effect: Effect.Effect<A, E, Services>
): Promise<F.Outcome<A, F.Failure<E>>> =>
  core.closed
    ? Promise.reject(new Error("gridgov is closed"))
    : core.runtime.runPromiseExit(effect).then((exit) => settle(exit as Exit.Exit<A, E>))

const invalid = (error: F.InputInvalid) => Promise.resolve(F.fail(error))

// Each call decodes its arguments, by the schemas' fast paths where they judge them.
const decodeWho = F.decoder(I.Who)
const decodeReport = F.decoder(I.Report)
const decodeCommand = F.decoder(I.Command)
const decodeId = F.decoder(I.Id)
const decodeSearch = F.decoder(I.Search)
const decodePaging = F.decoder(I.Paging)
const decodeWork = F.decoder(I.WorkQuery)
const decodeWithin = F.decoder(I.Within)
const decodeRecord = F.decoder(I.RecordInput)
const decodeRecordQuery = F.decoder(I.RecordQuery)
const decodeNotice = F.decoder(I.NoticeInput)
const decodeInbox = F.decoder(I.InboxQuery)
const decodeAnalytics = F.decoder(I.AnalyticsQuery)
const decodeDimension = F.decoder(I.Dimension)
const decodeAppraisalBy = F.decoder(I.AppraisalBy)
const decodeOptions = F.decoder(I.ExecuteOptions)

/** An argument a caller may leave out: its default, else decoded. */
const optional =
  <A>(decode: (input: unknown) => Result.Result<A, F.InputInvalid>, fallback: A) =>
  (input: unknown): Result.Result<A, F.InputInvalid> =>
    input === undefined ? Result.succeed(fallback) : decode(input)
const noOptions: I.ExecuteOptions = {}
const options = optional(decodeOptions, noOptions)
const search = optional(decodeSearch, {})
const paging = optional(decodePaging, {})
const work = optional(decodeWork, {})
const within = optional(decodeWithin, 86_400_000)
const recordQuery = optional(decodeRecordQuery, {})
const inbox = optional(decodeInbox, {})
const analyticsQuery = optional(decodeAnalytics, {})
const dimension = optional(decodeDimension, undefined)
const appraisalBy = optional(decodeAppraisalBy, undefined)

/** One actor's functions: the actor is resolved at each call (their posts today). */
class Acting {
  readonly work: Embed.Client["work"]
  readonly records: Embed.Client["records"]
  readonly notices: Embed.Client["notices"]
  readonly analytics: Embed.Client["analytics"]
  private readonly who: Result.Result<I.Who, F.InputInvalid>

  constructor(
    private readonly core: Core,
    who: unknown
  ) {
    this.who = decodeWho(who)
    this.work = new Work(this)
    this.records = new RecordsOf(this)
    this.notices = new NoticesOf(this)
    this.analytics = new AnalyticsOf(this)
  }

  /** Runs `body` as this actor, or answers why the actor or an argument does not decode. */
  call<A, E extends Tagged>(
    body: (actor: Access.Actor, core: Core) => Effect.Effect<A, E, Services>
  ): Promise<F.Outcome<A, F.Failure<E> | F.InputInvalid>> {
    const who = this.who
    if (Result.isFailure(who)) return invalid(who.failure)
    const core = this.core
    const w = who.success
    const actor = "person" in w ? core.cases.actor(w.person) : Effect.succeed(Access.resident(w.resident))
    return run(
      core,
      Effect.flatMap(actor, (a) => body(a, core))
    )
  }

  report(input: unknown, opts?: unknown) {
    const r = decodeReport(input)
    if (Result.isFailure(r)) return invalid(r.failure)
    const o = options(opts)
    if (Result.isFailure(o)) return invalid(o.failure)
    const report = r.success
    // CaseService picks what the report leaves out (the role, the channel, the severity)
    return this.call((actor, core) =>
      core.cases.open(
        {
          kind: report.kind,
          category: report.category,
          place: report.place,
          ...(report.role === undefined ? {} : { actor: { id: actor.id, role: report.role } }),
          ...(report.channel === undefined ? {} : { channel: report.channel }),
          ...(report.severity === undefined ? {} : { severity: report.severity }),
          ...(report.track === undefined ? {} : { track: report.track }),
          ...(report.summary === undefined ? {} : { summary: report.summary })
        },
        actor,
        // the key binds to the report as decoded
        { idempotencyKey: o.success.idempotencyKey, request: report }
      )
    )
  }

  command(caseId: unknown, input: unknown, opts?: unknown) {
    const id = decodeId(caseId)
    if (Result.isFailure(id)) return invalid(id.failure)
    const c = decodeCommand(input)
    if (Result.isFailure(c)) return invalid(c.failure)
    const o = options(opts)
    if (Result.isFailure(o)) return invalid(o.failure)
    const { role, ...fields } = c.success
    // a command without its role is issued in the role CaseService picks on the case as it is
    return this.call((actor, core) =>
      core.cases.execute(
        id.success,
        (role === undefined ? fields : { ...fields, actor: { id: actor.id, role } }) as CaseService.CommandInput,
        actor,
        { idempotencyKey: o.success.idempotencyKey, request: c.success }
      )
    )
  }

  get(caseId: unknown) {
    const id = decodeId(caseId)
    if (Result.isFailure(id)) return invalid(id.failure)
    return this.call((actor, core) =>
      Effect.map(
        core.cases.get(id.success, actor),
        (view): Embed.CaseView => ({
          state: view.state,
          summary: Option.getOrNull(view.summary),
          history: view.history
        })
      )
    )
  }

  allowed(caseId: unknown) {
    const id = decodeId(caseId)
    if (Result.isFailure(id)) return invalid(id.failure)
    return this.call((actor, core) => core.cases.allowed(id.success, actor))
  }

  list(query?: unknown) {
    const q = search(query)
    if (Result.isFailure(q)) return invalid(q.failure)
    return this.call((actor, core) => core.cases.search(q.success, actor))
  }
}

class Work {
  constructor(private readonly actor: Acting) {}
  todo(query?: unknown) {
    const q = paging(query)
    if (Result.isFailure(q)) return invalid(q.failure)
    return this.actor.call((actor, core) => core.cases.todo(actor, q.success))
  }
  overdue(query?: unknown) {
    const q = work(query)
    if (Result.isFailure(q)) return invalid(q.failure)
    return this.actor.call((actor, core) => core.cases.overdue(actor, q.success))
  }
  dueSoon(withinMs?: unknown, query?: unknown) {
    const w = within(withinMs)
    if (Result.isFailure(w)) return invalid(w.failure)
    const q = work(query)
    if (Result.isFailure(q)) return invalid(q.failure)
    return this.actor.call((actor, core) => core.cases.dueSoon(actor, w.success, q.success))
  }
}

class RecordsOf {
  constructor(private readonly actor: Acting) {}
  file(input: unknown, opts?: unknown) {
    const r = decodeRecord(input)
    if (Result.isFailure(r)) return invalid(r.failure)
    const o = options(opts)
    if (Result.isFailure(o)) return invalid(o.failure)
    return this.actor.call((actor, core) =>
      core.records.file(r.success, actor, { idempotencyKey: o.success.idempotencyKey })
    )
  }
  get(id: unknown) {
    const i = decodeId(id)
    if (Result.isFailure(i)) return invalid(i.failure)
    return this.actor.call((actor, core) => core.records.get(i.success, actor))
  }
  list(query?: unknown) {
    const q = recordQuery(query)
    if (Result.isFailure(q)) return invalid(q.failure)
    return this.actor.call((actor, core) => core.records.list(q.success, actor))
  }
}

class NoticesOf {
  constructor(private readonly actor: Acting) {}
  publish(input: unknown, opts?: unknown) {
    const n = decodeNotice(input)
    if (Result.isFailure(n)) return invalid(n.failure)
    const o = options(opts)
    if (Result.isFailure(o)) return invalid(o.failure)
    return this.actor.call((actor, core) =>
      core.notices.publish(n.success, actor, { idempotencyKey: o.success.idempotencyKey })
    )
  }
  list(query?: unknown) {
    const q = inbox(query)
    if (Result.isFailure(q)) return invalid(q.failure)
    return this.actor.call((actor, core) => core.notices.inbox(actor, q.success))
  }
  get(id: unknown) {
    const i = decodeId(id)
    if (Result.isFailure(i)) return invalid(i.failure)
    return this.actor.call((actor, core) => core.notices.get(i.success, actor))
  }
  read(id: unknown) {
    const i = decodeId(id)
    if (Result.isFailure(i)) return invalid(i.failure)
    return this.actor.call((actor, core) => core.notices.read(i.success, actor))
  }
}

class AnalyticsOf {
  constructor(private readonly actor: Acting) {}
  report(query?: unknown, by?: unknown) {
    const q = analyticsQuery(query)
    if (Result.isFailure(q)) return invalid(q.failure)
    const d = dimension(by)
    if (Result.isFailure(d)) return invalid(d.failure)
    return this.actor.call((actor, core) => core.analytics.report(q.success, actor, d.success))
  }
  appraisal(query?: unknown, by?: unknown) {
    const q = analyticsQuery(query)
    if (Result.isFailure(q)) return invalid(q.failure)
    const d = appraisalBy(by)
    if (Result.isFailure(d)) return invalid(d.failure)
    return this.actor.call((actor, core) => core.analytics.appraisal(q.success, actor, d.success))
  }
}

export const facade = (
  runtime: ManagedRuntime.ManagedRuntime<Services, unknown>,
  context: Context.Context<Services>
): Embed.Gridgov => {
  const cases = Context.get(context, CaseService.CaseService)
  const core: Core = {
    runtime,
    cases,
    records: Context.get(context, RecordService.RecordService),
    notices: Context.get(context, NoticeService.NoticeService),
    analytics: Context.get(context, AnalyticsService.AnalyticsService),
    closed: false
  }
  const store = Context.get(context, CaseStore.CaseStore)
  return {
    // the class's methods take what a host passes (decoded at each call); `Client` types them
    as: (who) => new Acting(core, who) as unknown as Embed.Client,
    verify: () => run(core, verify.all(store)),
    close: async () => {
      if (core.closed) return
      core.closed = true
      await runtime.dispose()
    }
  }
}
