/**
 * The facade's machinery: one `ManagedRuntime` over the city, the store and core's
 * services (and the SLA sweeper and notification dispatcher), and the plain async
 * functions that run one service call each on it.
 */
import {
  Access,
  AnalyticsService,
  Case,
  CaseService,
  CaseStore,
  Dispatcher,
  NoticeService,
  Notifier,
  RecordService,
  SlaSweeper,
  type Staff
} from "@gridgov/core"
import { Cause, Clock, Context, Effect, Exit, Layer, ManagedRuntime, Option, Result } from "effect"
import * as City from "../City.js"
import type * as Embed from "../Embed.js"
import * as Store from "../Store.js"
import * as F from "./failure.js"
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

const rolesOf = (actor: Access.Actor): ReadonlyArray<Staff.Role> => {
  const roles: Array<Staff.Role> = []
  for (const post of actor.posts) if (!roles.includes(post.role)) roles.push(post.role)
  return roles.length === 0 ? ["public"] : roles
}

/** A finished call: its outcome, or a plain `Error` for a defect (a bug) or an interruption. */
const settle = <A>(exit: Exit.Exit<A, unknown>): A => {
  if (Exit.isSuccess(exit)) return exit.value
  throw new Error(`gridgov: ${Cause.pretty(exit.cause)}`)
}

export const start = async (options: Embed.StartOptions): Promise<Embed.Gridgov> => {
  if (typeof options !== "object" || options === null)
    throw new StartError("CityInvalid", "start: give { store, city }")
  const url = typeof options.store === "string" ? Store.parse(options.store) : undefined
  if (url === undefined) {
    throw new StartError(
      "StoreUrlInvalid",
      `store ${JSON.stringify(options.store)}: give "memory", "sqlite:PATH" or "postgres://user:password@host:port/database"`
    )
  }
  const city = await City.settings(options.city)
  const stores = await Store.layer(url)
  const notify = options.notify
  const settings: City.Settings = { ...city, channels: city.channels ?? (notify === undefined ? [] : ["embed"]) }

  const clock = options.now === undefined ? Layer.empty : Layer.succeed(Clock.Clock, hostClock(options.now))
  const base = Layer.mergeAll(City.layer(settings), stores, notify === undefined ? Layer.empty : hostNotifier(notify))
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
    throw new StartError("StoreUnavailable", `store ${Store.show(url)}: ${Cause.pretty(built.cause)}`, {
      cause: Cause.squash(built.cause)
    })
  }
  const context = await runtime.context()
  return facade(runtime, context)
}

const facade = (
  runtime: ManagedRuntime.ManagedRuntime<Services, unknown>,
  context: Context.Context<Services>
): Embed.Gridgov => {
  const cases = Context.get(context, CaseService.CaseService)
  const env = Context.get(context, CaseService.Config)
  const records = Context.get(context, RecordService.RecordService)
  const notices = Context.get(context, NoticeService.NoticeService)
  const analytics = Context.get(context, AnalyticsService.AnalyticsService)
  const store = Context.get(context, CaseStore.CaseStore)
  const access: Access.Context = { tree: env.tree }
  let closed = false

  /** Runs a call that cannot fail (its errors are in its outcome) on the runtime. */
  const run = <A>(effect: Effect.Effect<A, never, Services>): Promise<A> =>
    closed ? Promise.reject(new Error("gridgov is closed")) : runtime.runPromiseExit(effect).then(settle)

  /** A service call's success or typed error as an outcome. */
  const answer = <A, E extends { readonly _tag: string; readonly message: string }>(effect: Effect.Effect<A, E>) =>
    Effect.match(effect, {
      onSuccess: (value): F.Outcome<A, F.Failure<E>> => F.ok(value),
      onFailure: (error): F.Outcome<A, F.Failure<E>> => F.fail(F.plain(error))
    })

  /** Decodes each argument; the first that does not decode is the outcome, and nothing runs. */
  const decoded = <Args extends ReadonlyArray<unknown>, A, E>(
    checks: { readonly [K in keyof Args]: Result.Result<Args[K], F.InputInvalid> },
    body: (...args: Args) => Effect.Effect<F.Outcome<A, E>, never, Services>
  ): Promise<F.Outcome<A, E | F.InputInvalid>> => {
    const values: Array<unknown> = []
    for (const check of checks as ReadonlyArray<Result.Result<unknown, F.InputInvalid>>) {
      if (Result.isFailure(check)) return Promise.resolve(F.fail(check.failure))
      values.push(check.success)
    }
    return run(body(...(values as unknown as Args)))
  }

  const decodeWho = F.decoder(I.Who)
  const decodeReport = F.decoder(I.Report)
  const decodeCommand = F.decoder(I.Command)
  const decodeCaseId = F.decoder(I.CaseId)
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
  const optional =
    <A>(decode: (input: unknown) => Result.Result<A, F.InputInvalid>, fallback: A) =>
    (input: unknown) =>
      input === undefined ? Result.succeed(fallback) : decode(input)

  const as = (who: Embed.Who): Embed.Client => {
    const checkedWho = decodeWho(who)
    const actorOf = (w: I.Who): Effect.Effect<Access.Actor> =>
      "person" in w ? cases.actor(w.person) : Effect.succeed(Access.resident(w.resident))
    /** A call as this actor, its arguments decoded first. */
    const acting = <Args extends ReadonlyArray<unknown>, A, E>(
      checks: { readonly [K in keyof Args]: Result.Result<Args[K], F.InputInvalid> },
      body: (actor: Access.Actor, ...args: Args) => Effect.Effect<F.Outcome<A, E>, never, Services>
    ) =>
      decoded<[I.Who, ...Args], A, E>([checkedWho, ...checks] as never, (w, ...args) =>
        Effect.flatMap(actorOf(w), (actor) => body(actor, ...(args as unknown as Args)))
      )

    const report: Embed.Client["report"] = (input, options) =>
      acting([decodeReport(input), optional(decodeOptions, {})(options)] as const, (actor, r, o) => {
        const make = (role: Staff.Role): Extract<Case.Command, { readonly _tag: "Open" }> => ({
          _tag: "Open",
          id: "new",
          actor: { id: actor.id, role },
          kind: r.kind,
          category: r.category,
          place: r.place,
          channel: r.channel ?? (role === "public" ? "public" : "app"),
          severity: r.severity ?? "ordinary",
          ...(r.track === undefined ? {} : { track: r.track }),
          ...(r.summary === undefined ? {} : { summary: r.summary })
        })
        const roles = rolesOf(actor)
        const role =
          r.role ??
          roles.find((role) => Result.isSuccess(Access.authorize(access, actor, make(role), Case.initialState))) ??
          roles[0]!
        const { _tag, id, ...fields } = make(role)
        // the key binds to the report as decoded, not to the role picked for it
        return answer(cases.open(fields, actor, { idempotencyKey: o.idempotencyKey, request: r }))
      })

    const command: Embed.Client["command"] = (caseId, input, options) =>
      acting(
        [decodeCaseId(caseId), decodeCommand(input), optional(decodeOptions, {})(options)] as const,
        (actor, id, c, o) =>
          Effect.gen(function* () {
            const { role: asked, ...fields } = c
            const roles = rolesOf(actor)
            // the role the case's allowed commands list first for it (as the HTTP API picks)
            const role =
              asked ??
              (roles.length === 1
                ? roles[0]!
                : yield* cases.allowed(id, actor).pipe(
                    Effect.map((a) => a.commands.find((x) => x.command === c._tag)?.roles[0] ?? roles[0]!),
                    Effect.orElseSucceed(() => roles[0]!)
                  ))
            const full = { ...fields, actor: { id: actor.id, role } } as unknown as Case.Command
            return yield* answer(cases.execute(id, full, actor, { idempotencyKey: o.idempotencyKey, request: c }))
          })
      )

    const get: Embed.Client["get"] = (caseId) =>
      acting([decodeCaseId(caseId)] as const, (actor, id) =>
        answer(
          Effect.map(
            cases.get(id, actor),
            (view): Embed.CaseView => ({
              state: view.state,
              summary: Option.getOrNull(view.summary),
              history: view.history
            })
          )
        )
      )

    return {
      report,
      command,
      get,
      allowed: (caseId) => acting([decodeCaseId(caseId)] as const, (actor, id) => answer(cases.allowed(id, actor))),
      list: (search) =>
        acting([optional(decodeSearch, {})(search)] as const, (actor, s) => answer(cases.search(s, actor))),
      work: {
        todo: (paging) =>
          acting([optional(decodePaging, {})(paging)] as const, (actor, p) => answer(cases.todo(actor, p))),
        overdue: (query) =>
          acting([optional(decodeWork, {})(query)] as const, (actor, q) => answer(cases.overdue(actor, q))),
        dueSoon: (withinMs, query) =>
          acting(
            [optional(decodeWithin, 86_400_000)(withinMs), optional(decodeWork, {})(query)] as const,
            (actor, within, q) => answer(cases.dueSoon(actor, within, q))
          )
      },
      records: {
        file: (input, options) =>
          acting([decodeRecord(input), optional(decodeOptions, {})(options)] as const, (actor, r, o) =>
            answer(records.file(r, actor, { idempotencyKey: o.idempotencyKey }))
          ),
        get: (id) => acting([decodeId(id)] as const, (actor, i) => answer(records.get(i, actor))),
        list: (query) =>
          acting([optional(decodeRecordQuery, {})(query)] as const, (actor, q) => answer(records.list(q, actor)))
      },
      notices: {
        publish: (input, options) =>
          acting([decodeNotice(input), optional(decodeOptions, {})(options)] as const, (actor, n, o) =>
            answer(notices.publish(n, actor, { idempotencyKey: o.idempotencyKey }))
          ),
        list: (query) =>
          acting([optional(decodeInbox, {})(query)] as const, (actor, q) => answer(notices.inbox(actor, q))),
        get: (id) => acting([decodeId(id)] as const, (actor, i) => answer(notices.get(i, actor))),
        read: (id) => acting([decodeId(id)] as const, (actor, i) => answer(notices.read(i, actor)))
      },
      analytics: {
        report: (query, by) =>
          acting(
            [optional(decodeAnalytics, {})(query), optional(decodeDimension, undefined)(by)] as const,
            (actor, q, d) => answer(analytics.report(q, actor, d))
          ),
        appraisal: (query, by) =>
          acting(
            [optional(decodeAnalytics, {})(query), optional(decodeAppraisalBy, undefined)(by)] as const,
            (actor, q, d) => answer(analytics.appraisal(q, actor, d))
          )
      }
    }
  }

  return {
    as,
    verify: () => run(answer(verify.all(store))),
    close: async () => {
      if (closed) return
      closed = true
      await runtime.dispose()
    }
  }
}
