/**
 * The handlers of the API's groups, over `CaseService`, the live `Configuration`
 * (tree, router, staff directory: read per request, so a change is seen at once), the
 * records, notice and analytics stores, and `StaffService`.
 */
import {
  Access,
  Analytics,
  AnalyticsStore,
  Case,
  CaseService,
  type CaseStore,
  type CityChange,
  type CityService,
  Configuration,
  Grid,
  type Idempotency,
  Notice,
  NoticeStore,
  RecordCipher,
  RecordStore,
  Records,
  Routing,
  Staff,
  StaffService
} from "@gridgov/core"
import { Clock, Effect, Layer, Option, Random, Redacted, Result, SchemaIssue } from "effect"
import { HttpApiBuilder, HttpApiMiddleware } from "effect/http-api"
import * as Api from "../Api.js"
import * as Auth from "../Auth.js"
import * as Problem from "../Problem.js"
import * as P from "./problems.js"

type Actor = Access.Actor

// ------------------------------------------------------------------ principals

/** The Shanghai calendar date of an instant: the date posts are looked up on. */
export const dateOf = (now: number): string => new Date(now + 8 * 3_600_000).toISOString().slice(0, 10)

export const AuthenticationLive = Layer.effect(
  Api.Authentication,
  Effect.gen(function* () {
    const auth = yield* Auth.Authenticator
    const cases = yield* CaseService.CaseService
    const actorOf = (subject: Auth.Subject): Effect.Effect<Actor> => {
      switch (subject._tag) {
        case "Person":
          return cases.actor(subject.id)
        case "Resident":
          return Effect.succeed(Access.resident(subject.id))
        case "Integration":
          return Effect.succeed({ id: subject.id, posts: [{ role: "public", at: null }] })
      }
    }
    return Api.Authentication.of({
      bearer: (httpEffect, { credential }) =>
        Effect.gen(function* () {
          const token = Redacted.value(credential)
          if (token === "") return yield* new Problem.Unauthorized({ detail: "Missing bearer token" })
          const subject = yield* auth.verify(token)
          const principal: Api.Principal = { actor: yield* actorOf(subject), via: "token" }
          return yield* Effect.provideService(httpEffect, Api.CurrentPrincipal, principal)
        })
    })
  })
)

// The request slot an issue is in, by HTTP's names: the body is "body" here as in the
// handlers' own checks (an unknown item, a bad phone), so one form maps both alike.
const slotName = (kind: string) => (kind === "Payload" ? "body" : kind.toLowerCase())

const toIssues = (kind: string, error: { readonly cause: { readonly issue: unknown } }) =>
  formatIssues(error.cause.issue).map((i) => ({ path: [slotName(kind), ...i.path], message: i.message }))

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()
const formatIssues = (issue: unknown): Array<{ path: Array<string | number>; message: string }> =>
  formatter(issue as SchemaIssue.Issue).issues.map((i) => ({
    path: (i.path ?? []).map((p) => {
      const key = typeof p === "object" && p !== null && "key" in p ? p.key : p
      return typeof key === "number" ? key : String(key)
    }),
    message: i.message
  }))

export const ValidationLive = HttpApiMiddleware.layerSchemaErrorTransform(Api.Validation, (error) => {
  if (error.kind === "Body" || error.kind === "ResponseHeaders")
    return Effect.andThen(Effect.logError("response encoding failed", error.cause), Effect.fail(P.internal))
  const errors = toIssues(error.kind, error)
  if (error.kind === "Payload" && !errors.some((e) => e.message === "Expected a valid JSON body"))
    return Effect.fail(new Problem.InvalidCommand({ detail: "The body does not decode", errors }))
  return Effect.fail(new Problem.BadRequest({ detail: "Request validation failed", errors }))
})

export const LimitsLive = Layer.succeed(Api.Limits, (httpEffect) => httpEffect)

// ------------------------------------------------------------------ encoding

const encodeCursor = (c: CaseStore.Cursor | undefined): string | null =>
  c === undefined ? null : JSON.stringify([c.key, c.streamId])

const decodeCursor = (s: readonly [number, string] | undefined): CaseStore.Cursor | undefined =>
  s === undefined ? undefined : { key: s[0], streamId: s[1] }

export const summaryJson = (s: CaseStore.Summary): Api.Summary => ({
  id: s.streamId,
  kind: s.kind,
  state: s.state,
  category: s.category,
  grid: s.gridCode,
  unit: s.unit,
  assignee: s.assignee,
  dueAt: s.dueAt,
  overdue: s.overdue,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
  version: s.version,
  body: s.body
})

const pageJson = (p: CaseStore.Page<CaseStore.Summary>): Api.Page => ({
  items: p.items.map(summaryJson),
  next: encodeCursor(p.next)
})

const receiptJson = (r: CaseService.Receipt): Api.Receipt => ({
  caseId: r.caseId,
  kind: r.kind,
  version: r.version,
  status: r.status,
  events: r.events.map((e) => ({ type: e.type, version: e.version })),
  handler: r.handler === null ? null : { ...r.handler },
  replayed: r.replayed
})

// ------------------------------------------------------------------ roles

const rolesOf = (actor: Actor): Array<Staff.Role> => {
  const roles: Array<Staff.Role> = []
  for (const p of actor.posts) if (!roles.includes(p.role)) roles.push(p.role)
  return roles.length === 0 ? ["public"] : roles
}

/** The role to act in: the one asked for, else the first of the actor's roles that `Access` lets issue the command. */
const pickRole = (
  context: Access.Context,
  actor: Actor,
  make: (role: Staff.Role) => Case.Command,
  state: Case.State
): Staff.Role => {
  const roles = rolesOf(actor)
  if (roles.length === 1) return roles[0]!
  for (const role of roles) if (Result.isSuccess(Access.authorize(context, actor, make(role), state))) return role
  return roles[0]!
}

// ------------------------------------------------------------------ groups

export const SystemLive = Layer.unwrap(
  Effect.gen(function* () {
    const auth = yield* Auth.Authenticator
    return HttpApiBuilder.group(Api.Api, "system", (handlers) =>
      handlers
        .handle("health", () => Effect.succeed({ status: "ok" as const }))
        // Anonymous: no key is remembered (a client's key would hand its resident to the
        // next client sending it); issuing writes nothing, so a plain retry is safe.
        .handle("publicToken", () =>
          Effect.flatMap(Random.nextIntBetween(0, 2 ** 30), (n) =>
            Effect.flatMap(Random.nextIntBetween(0, 2 ** 30), (m) =>
              auth.issue({ _tag: "Resident", id: `r-${n.toString(36)}${m.toString(36)}` })
            )
          )
        )
    )
  })
)

export const CasesLive = HttpApiBuilder.group(Api.Api, "cases", (handlers) =>
  Effect.gen(function* () {
    const cases = yield* CaseService.CaseService
    const configuration = yield* Configuration.Configuration
    return handlers
      .handle("report", ({ payload, headers }) =>
        Effect.gen(function* () {
          const { actor } = yield* Api.CurrentPrincipal
          const env = yield* configuration.current
          const context: Access.Context = { tree: env.tree }
          let place = payload.place
          if (place === undefined && payload.lat !== undefined && payload.long !== undefined) {
            const id = Grid.locate(env.tree, payload.long, payload.lat)
            if (id === undefined)
              return yield* new Problem.InvalidCommand({ detail: "The point is not inside any grid" })
            place = Grid.record(env.tree, id).code
          }
          if (place === undefined)
            return yield* new Problem.InvalidCommand({ detail: "Give the place: a grid code (place) or lat and long" })
          const fields = {
            kind: payload.kind,
            category: payload.category,
            place,
            severity: payload.severity ?? "ordinary",
            ...(payload.track === undefined ? {} : { track: payload.track }),
            ...(payload.summary === undefined ? {} : { summary: payload.summary })
          }
          const make = (role: Staff.Role): Case.Command => ({
            _tag: "Open",
            id: "new",
            actor: { id: actor.id, role },
            channel: payload.channel ?? (role === "public" ? "public" : "app"),
            ...fields
          })
          const role = payload.role ?? pickRole(context, actor, make, Case.initialState)
          const open = make(role) as Extract<Case.Command, { readonly _tag: "Open" }>
          const { _tag, id, ...rest } = open
          // the key binds to the body as decoded
          const receipt = yield* cases
            .open(rest, actor, { idempotencyKey: headers["idempotency-key"], request: payload })
            .pipe(Effect.catch((e) => P.fromExecute("new", e, true)))
          return receiptJson(receipt)
        })
      )
      .handle("command", ({ params, payload, headers }) =>
        Effect.gen(function* () {
          const { actor } = yield* Api.CurrentPrincipal
          const context: Access.Context = { tree: (yield* configuration.current).tree }
          const { role: asked, ...fields } = payload
          const make = (role: Staff.Role) => ({ ...fields, actor: { id: actor.id, role } }) as unknown as Case.Command
          let role = asked
          if (role === undefined) {
            const roles = rolesOf(actor)
            if (roles.length === 1) role = roles[0]!
            else {
              const view = yield* cases
                .get(params.caseId, actor)
                .pipe(Effect.catch((e) => (e._tag === "CaseNotFound" ? Effect.succeed(undefined) : P.fromRead(e))))
              role = view === undefined ? roles[0]! : pickRole(context, actor, make, view.state)
            }
          }
          // the key binds to the case and the body as decoded, not to the role picked on the case as it is now
          const receipt = yield* cases
            .execute(params.caseId, make(role), actor, { idempotencyKey: headers["idempotency-key"], request: payload })
            .pipe(Effect.catch((e) => P.fromExecute(params.caseId, e, false)))
          return receiptJson(receipt)
        })
      )
      .handle("get", ({ params }) =>
        Effect.gen(function* () {
          const { actor } = yield* Api.CurrentPrincipal
          const view = yield* cases.get(params.caseId, actor).pipe(Effect.catch((e) => P.fromGet(params.caseId, e)))
          return {
            id: view.state.id,
            kind: view.state.kind ?? "",
            status: view.state.status,
            version: view.state.version,
            state: view.state,
            summary: Option.match(view.summary, { onNone: () => null, onSome: summaryJson }),
            history: view.history.map((e) => ({
              version: e.version,
              position: e.position,
              type: e.type,
              at: e.at,
              actor: { id: e.actor.id, roles: [...e.actor.roles] },
              payload: e.payload,
              prevHash: e.prevHash,
              hash: e.hash
            }))
          }
        })
      )
      .handle("allowed", ({ params }) =>
        Effect.gen(function* () {
          const { actor } = yield* Api.CurrentPrincipal
          const allowed = yield* cases
            .allowed(params.caseId, actor)
            .pipe(Effect.catch((e) => P.fromGet(params.caseId, e)))
          return allowed as Api.Allowed
        })
      )
      .handle("sla", ({ params }) =>
        Effect.gen(function* () {
          const { actor } = yield* Api.CurrentPrincipal
          const view = yield* cases.get(params.caseId, actor).pipe(Effect.catch((e) => P.fromGet(params.caseId, e)))
          const summary = Option.getOrUndefined(view.summary)
          const body = (summary?.body ?? {}) as { readonly sla?: unknown }
          return {
            caseId: view.state.id,
            status: view.state.status,
            dueAt: summary?.dueAt ?? null,
            overdue: summary?.overdue ?? false,
            clocks: body.sla ?? [],
            breached: [...view.state.overdue],
            running: [...view.state.clocks],
            paused: view.state.paused !== null
          }
        })
      )
      .handle("search", ({ query }) =>
        Effect.gen(function* () {
          const { actor } = yield* Api.CurrentPrincipal
          const page = yield* cases
            .search(
              {
                grid: query.grid,
                kinds: query.kind === undefined ? undefined : [query.kind],
                states: query.state === undefined ? undefined : query.state.split(","),
                category: query.category,
                unit: query.unit,
                overdue: query.overdue === undefined ? undefined : query.overdue === "true",
                createdFrom: query.from,
                createdTo: query.to,
                orderBy: query.order,
                limit: query.limit,
                after: decodeCursor(query.cursor)
              },
              actor
            )
            .pipe(Effect.catch(P.fromStore))
          return pageJson(page)
        })
      )
  })
)

export const WorkLive = HttpApiBuilder.group(Api.Api, "work", (handlers) =>
  Effect.gen(function* () {
    const cases = yield* CaseService.CaseService
    const paging = (q: {
      readonly limit?: number
      readonly cursor?: readonly [number, string]
      readonly grid?: string
      readonly unit?: string
    }) => ({ limit: q.limit, after: decodeCursor(q.cursor), grid: q.grid, unit: q.unit })
    return handlers
      .handle("todo", ({ query }) =>
        Effect.flatMap(Effect.service(Api.CurrentPrincipal), ({ actor }) =>
          cases.todo(actor, paging(query)).pipe(Effect.map(pageJson), Effect.catch(P.fromStore))
        )
      )
      .handle("overdue", ({ query }) =>
        Effect.flatMap(Effect.service(Api.CurrentPrincipal), ({ actor }) =>
          cases.overdue(actor, paging(query)).pipe(Effect.map(pageJson), Effect.catch(P.fromStore))
        )
      )
      .handle("dueSoon", ({ query }) =>
        Effect.flatMap(Effect.service(Api.CurrentPrincipal), ({ actor }) =>
          cases
            .dueSoon(actor, query.within ?? 86_400_000, paging(query))
            .pipe(Effect.map(pageJson), Effect.catch(P.fromStore))
        )
      )
  })
)

const gridNode = (tree: Grid.Tree, id: number): Api.GridNode => {
  const r = Grid.record(tree, id)
  return {
    code: r.code,
    parent: r.parent,
    kind: r.kind,
    level: Grid.level(tree, id),
    name: { zh: r.name.zh, en: r.name.en },
    exclusive: Grid.isExclusive(tree, id),
    children: [...Grid.children(tree, id)].map((c) => Grid.record(tree, c).code)
  }
}

const gridNotFound = (code: string) => new Problem.NotFound({ detail: `grid ${code} not found` })

// ------------------------------------------------------------------ records

/** How far ahead of the server's clock a filed record's instant may be (clock skew). */
const recordSkewMs = 5 * 60_000

const recordProblems = (error: Records.DecodeError): ReadonlyArray<Problem.Issue> => {
  switch (error._tag) {
    case "RecordInvalid":
      return error.problems.map((p) => ({ path: ["body", ...p.path], message: p.message }))
    case "UnknownItem":
      return [{ path: ["body", "item"], message: `Unknown item ${error.item}` }]
    case "InvalidIdNumber":
      return [{ path: ["body", "subject", "idNumber"], message: error.message }]
    case "InvalidPhone":
      return [{ path: ["body", "subject", "phone"], message: error.message }]
  }
}

/** A records or inbox page's `next`: `[at, id]` as JSON, the form `Api`'s `cursor` decodes. */
const encodeAtCursor = (c: { readonly at: number; readonly id: string } | undefined): string | null =>
  c === undefined ? null : JSON.stringify([c.at, c.id])

const decodeAtCursor = (c: readonly [number, string] | undefined): { at: number; id: string } | undefined =>
  c === undefined ? undefined : { at: c[0], id: c[1] }

export const RecordsLive = HttpApiBuilder.group(Api.Api, "records", (handlers) =>
  Effect.gen(function* () {
    const configuration = yield* Configuration.Configuration
    const store = yield* RecordStore.RecordStore
    const cipher = yield* Effect.serviceOption(RecordCipher.RecordCipher)
    const internalError = (what: string) => (error: unknown) =>
      Effect.andThen(Effect.logError(what, error), Effect.fail(P.internal))

    /** A record as `actor` sees it: unsealed when the server holds the key, then masked per policy. */
    const show = (context: Access.Context, actor: Actor, record: Records.Record, policy: Records.Policy) =>
      (record.sealed === true && Option.isSome(cipher)
        ? Records.unseal(record).pipe(
            Effect.provideService(RecordCipher.RecordCipher, cipher.value),
            Effect.catch(internalError("record unseal failed"))
          )
        : Effect.succeed(record)
      ).pipe(Effect.map((clear) => Records.view(context, actor, clear, policy)))

    /** The store query for the caller's filters, inside their jurisdiction; undefined: a grid unknown or out of reach. */
    const queryOf = (
      tree: Grid.Tree,
      actor: Actor,
      q: {
        readonly grid?: string
        readonly item?: string
        readonly task?: Records.Task
        readonly author?: string
        readonly from?: number
        readonly to?: number
      }
    ): RecordStore.Query | undefined => {
      const scope = Records.scope({ tree }, actor)
      let grid: { readonly pre: number; readonly post: number } | undefined
      if (q.grid !== undefined) {
        const id = Grid.id(tree, q.grid)
        if (id === undefined) return undefined
        grid = Grid.interval(tree, id)
        // a grid outside the caller's reach answers as an unknown one
        const rank = grid.pre
        if (scope._tag === "Some" && !scope.grids.some((i) => i.pre <= rank && rank <= i.post)) return undefined
      }
      return {
        grid,
        grids: scope._tag === "All" ? undefined : scope.grids,
        item: q.item,
        task: q.task,
        author: q.author,
        from: q.from,
        to: q.to
      }
    }
    /** A record ready to store: decoded, in the caller's jurisdiction, with its grid's rank. */
    interface Ready {
      readonly _tag: "Ready"
      readonly record: Records.Record
      readonly gridPre: number
    }
    /** Decodes a filed record for the caller (the author), or says why not. */
    const prepare = (
      tree: Grid.Tree,
      actor: Actor,
      input: Api.RecordInput & { readonly id: string },
      now: number,
      taxonomy: Records.Taxonomy,
      at: ReadonlyArray<string | number>
    ):
      | Ready
      | { readonly _tag: "Invalid"; readonly detail: string; readonly errors: ReadonlyArray<Problem.Issue> }
      | { readonly _tag: "Denied"; readonly detail: string } => {
      const under = (issues: ReadonlyArray<Problem.Issue>) =>
        issues.map((i) => ({ path: [...at, ...i.path.slice(1)], message: i.message }))
      if (input.at !== undefined && input.at > now + recordSkewMs) {
        return {
          _tag: "Invalid",
          detail: "The record's instant is in the future",
          errors: under([{ path: ["body", "at"], message: `Expected an instant no later than ${now + recordSkewMs}` }])
        }
      }
      const gridId = Grid.id(tree, input.grid)
      if (gridId === undefined) {
        return {
          _tag: "Invalid",
          detail: `No grid ${input.grid}`,
          errors: under([{ path: ["body", "grid"], message: `Unknown grid ${input.grid}` }])
        }
      }
      const decoded = Records.decode(
        { ...input, author: actor.id, at: input.at ?? now, fields: input.fields ?? {} },
        taxonomy
      )
      if (Result.isFailure(decoded)) {
        return {
          _tag: "Invalid",
          detail: "The record does not validate",
          errors: under(recordProblems(decoded.failure))
        }
      }
      if (!Records.canRead({ tree }, actor, decoded.success)) {
        return { _tag: "Denied", detail: `No post of the caller reaches grid ${input.grid}` }
      }
      return { _tag: "Ready", record: decoded.success, gridPre: Grid.interval(tree, gridId).pre }
    }
    /** The row to store: the record sealed when the server holds a key. */
    const sealed = (ready: Ready) =>
      (Option.isSome(cipher)
        ? Records.seal(ready.record).pipe(
            Effect.provideService(RecordCipher.RecordCipher, cipher.value),
            Effect.catch(internalError("record seal failed"))
          )
        : Effect.succeed(ready.record)
      ).pipe(Effect.map((record): RecordStore.Row => ({ record, gridPre: ready.gridPre })))

    const unknownGrid = (grid: string | undefined) => new Problem.NotFound({ detail: `No grid ${grid}` })

    return handlers
      .handle("file", ({ payload }) =>
        Effect.gen(function* () {
          const { actor } = yield* Api.CurrentPrincipal
          const { tree } = yield* configuration.current
          const context: Access.Context = { tree }
          const settings = yield* Api.RecordsSettings
          const now = yield* Clock.currentTimeMillis
          // a chosen id is scoped to the record's grid: it never collides with a record out of the caller's reach
          const id =
            payload.id === undefined
              ? `r-${now.toString(36)}-${(yield* Random.nextIntBetween(0, 2 ** 31)).toString(36)}`
              : Records.scopedId(payload.grid, payload.id)
          const prepared = prepare(tree, actor, { ...payload, id }, now, settings.taxonomy, ["body"])
          if (prepared._tag === "Invalid") {
            return yield* new Problem.InvalidCommand({ detail: prepared.detail, errors: prepared.errors })
          }
          if (prepared._tag === "Denied") {
            return yield* new Problem.AccessDenied({ detail: prepared.detail, reason: "OutsideJurisdiction" })
          }
          yield* store.append([yield* sealed(prepared)]).pipe(
            Effect.catchTag("RecordExists", (e) =>
              Effect.fail(new Problem.RecordExists({ detail: `Record ${e.id} was filed before` }))
            ),
            Effect.catchTag("StoreError", P.fromStore)
          )
          return Records.view(context, actor, prepared.record, settings.policy)
        })
      )
      .handle("fileMany", ({ payload }) =>
        Effect.gen(function* () {
          const { actor } = yield* Api.CurrentPrincipal
          const { tree } = yield* configuration.current
          const context: Access.Context = { tree }
          const settings = yield* Api.RecordsSettings
          const now = yield* Clock.currentTimeMillis
          type Outcome = Api.RecordOutcome
          const outcomes: Array<Outcome | undefined> = []
          const fresh: Array<{ readonly index: number; readonly ready: Ready }> = []
          const seen = new Set<string>()
          for (const [index, given] of payload.records.entries()) {
            const input = { ...given, id: Records.scopedId(given.grid, given.id) }
            const prepared = prepare(tree, actor, input, now, settings.taxonomy, ["body", "records", index])
            if (prepared._tag === "Invalid") {
              outcomes.push({ id: input.id, status: "invalid", errors: prepared.errors })
            } else if (prepared._tag === "Denied") {
              outcomes.push({ id: input.id, status: "denied", errors: [] })
            } else if (seen.has(input.id)) {
              outcomes.push({ id: input.id, status: "exists", errors: [] })
            } else {
              seen.add(input.id)
              outcomes.push(undefined)
              fresh.push({ index, ready: prepared })
            }
          }
          // records already filed (a sync sent twice) are answered, not stored again
          const stored = yield* Effect.forEach(fresh, ({ ready }) => store.get(ready.record.id)).pipe(
            Effect.catch(P.fromStore)
          )
          const toFile = fresh.filter((f, i) => {
            if (Option.isNone(stored[i]!)) return true
            outcomes[f.index] = { id: f.ready.record.id, status: "exists", errors: [] }
            return false
          })
          const rows = yield* Effect.forEach(toFile, ({ ready }) => sealed(ready))
          const filed = (f: (typeof toFile)[number]): Outcome => ({
            id: f.ready.record.id,
            status: "filed",
            errors: [],
            record: Records.view(context, actor, f.ready.record, settings.policy)
          })
          const statuses = yield* store.append(rows).pipe(
            Effect.as(rows.map(() => "filed" as const)),
            // another request filed one of them meanwhile: file the rest one by one
            Effect.catchTag("RecordExists", () =>
              Effect.forEach(rows, (row) =>
                store.append([row]).pipe(
                  Effect.as("filed" as const),
                  Effect.catchTag("RecordExists", () => Effect.succeed("exists" as const))
                )
              )
            ),
            Effect.catchTag("StoreError", P.fromStore)
          )
          for (const [i, f] of toFile.entries()) {
            outcomes[f.index] =
              statuses[i] === "filed" ? filed(f) : { id: f.ready.record.id, status: "exists", errors: [] }
          }
          return { results: outcomes.map((o) => o!) }
        })
      )
      .handle("counts", ({ query }) =>
        Effect.gen(function* () {
          const { actor } = yield* Api.CurrentPrincipal
          const { tree } = yield* configuration.current
          const q = queryOf(tree, actor, query)
          if (q === undefined) return yield* unknownGrid(query.grid)
          const by = query.by ?? "class"
          const counts = yield* store.count(q, by).pipe(Effect.catch(P.fromStore))
          return { by, counts: counts.map((c) => ({ key: c.key, count: c.count })) }
        })
      )
      .handle("list", ({ query }) =>
        Effect.gen(function* () {
          const { actor } = yield* Api.CurrentPrincipal
          const { tree } = yield* configuration.current
          const context: Access.Context = { tree }
          const settings = yield* Api.RecordsSettings
          const q = queryOf(tree, actor, query)
          if (q === undefined) return yield* unknownGrid(query.grid)
          const page = yield* store
            .query({
              ...q,
              descending: query.order === "desc",
              limit: query.limit,
              after: decodeAtCursor(query.cursor)
            })
            .pipe(Effect.catch(P.fromStore))
          const items = yield* Effect.forEach(page.items, (record) => show(context, actor, record, settings.policy))
          return { items, next: encodeAtCursor(page.next) }
        })
      )
      .handle("get", ({ params }) =>
        Effect.gen(function* () {
          const { actor } = yield* Api.CurrentPrincipal
          const { tree } = yield* configuration.current
          const context: Access.Context = { tree }
          const settings = yield* Api.RecordsSettings
          const found = yield* store.get(params.recordId).pipe(Effect.catch(P.fromStore))
          // a record outside the caller's jurisdiction answers as a missing one
          if (Option.isNone(found) || !Records.canRead(context, actor, found.value)) {
            return yield* new Problem.NotFound({ detail: `No record ${params.recordId}` })
          }
          return yield* show(context, actor, found.value, settings.policy)
        })
      )
  })
)

// ------------------------------------------------------------------ notices

const noticeProblems = (error: Notice.NoticeInvalid): ReadonlyArray<Problem.Issue> =>
  error.problems.map((p) => ({ path: ["body", ...p.path], message: p.message }))

export const NoticesLive = HttpApiBuilder.group(Api.Api, "notices", (handlers) =>
  Effect.gen(function* () {
    const configuration = yield* Configuration.Configuration
    const store = yield* NoticeStore.NoticeStore
    const notFound = (id: string) => new Problem.NotFound({ detail: `No notice ${id}` })

    /** The notice, if the caller may read it now (addressed to them and shown) or publish it. */
    const visible = (id: string, actor: Actor, now: number, publishers: ReadonlyArray<Staff.Role>) =>
      Effect.gen(function* () {
        const found = yield* store.get(id).pipe(Effect.catch(P.fromStore))
        if (Option.isNone(found)) return yield* notFound(id)
        const notice = found.value
        const context: Access.Context = { tree: (yield* configuration.current).tree }
        const reads = Notice.addressedTo(context, notice, actor) && Notice.shown(notice, now)
        const publishes = Notice.canPublish(context, actor, notice, publishers)
        // a notice the caller may neither read nor publish answers as a missing one
        if (!reads && !publishes) return yield* notFound(id)
        return { notice, reads, publishes }
      })

    return handlers
      .handle("publish", ({ payload }) =>
        Effect.gen(function* () {
          const { actor } = yield* Api.CurrentPrincipal
          const city = yield* configuration.current
          const context: Access.Context = { tree: city.tree }
          const { publishers } = yield* Api.NoticesSettings
          const now = yield* Clock.currentTimeMillis
          const id = payload.id ?? `n-${now.toString(36)}-${(yield* Random.nextIntBetween(0, 2 ** 31)).toString(36)}`
          const decoded = Notice.decode(context, {
            ...payload,
            id,
            author: actor.id,
            publishedAt: payload.publishedAt ?? now
          })
          if (Result.isFailure(decoded)) {
            return yield* new Problem.InvalidCommand({
              detail: "The notice does not validate",
              errors: noticeProblems(decoded.failure)
            })
          }
          const notice = decoded.success
          if (!Notice.canPublish(context, actor, notice, publishers)) {
            return yield* new Problem.AccessDenied({
              detail: "The caller may not publish to this audience",
              reason: "OutsideJurisdiction"
            })
          }
          yield* store.publish(notice, Notice.targets(context, notice.audience)).pipe(
            Effect.catchTag("NoticeExists", (e) =>
              Effect.fail(new Problem.NoticeExists({ detail: `Notice ${e.id} was published before` }))
            ),
            Effect.catchTag("StoreError", P.fromStore)
          )
          return notice
        })
      )
      .handle("inbox", ({ query }) =>
        Effect.gen(function* () {
          const { actor } = yield* Api.CurrentPrincipal
          const city = yield* configuration.current
          const context: Access.Context = { tree: city.tree }
          const now = yield* Clock.currentTimeMillis
          const page = yield* store
            .inbox({
              reader: Notice.reader(context, actor),
              now,
              unreadOnly: query.unread === "true",
              limit: query.limit,
              after: decodeAtCursor(query.cursor)
            })
            .pipe(Effect.catch(P.fromStore))
          return {
            items: page.items.map((i) => ({ notice: i.notice, readAt: i.readAt })),
            next: encodeAtCursor(page.next)
          }
        })
      )
      .handle("get", ({ params }) =>
        Effect.gen(function* () {
          const { actor } = yield* Api.CurrentPrincipal
          const { publishers } = yield* Api.NoticesSettings
          const now = yield* Clock.currentTimeMillis
          return (yield* visible(params.noticeId, actor, now, publishers)).notice
        })
      )
      .handle("read", ({ params }) =>
        Effect.gen(function* () {
          const { actor } = yield* Api.CurrentPrincipal
          const { publishers } = yield* Api.NoticesSettings
          const now = yield* Clock.currentTimeMillis
          const { reads } = yield* visible(params.noticeId, actor, now, publishers)
          // a publisher outside the audience has nothing to mark
          if (!reads) return yield* notFound(params.noticeId)
          const first = yield* store.markRead(params.noticeId, actor.id, now).pipe(
            Effect.catchTag("NoticeNotFound", () => Effect.fail(notFound(params.noticeId))),
            Effect.catchTag("StoreError", P.fromStore)
          )
          return { noticeId: params.noticeId, first }
        })
      )
      .handle("receipts", ({ params }) =>
        Effect.gen(function* () {
          const { actor } = yield* Api.CurrentPrincipal
          const city = yield* configuration.current
          const { publishers } = yield* Api.NoticesSettings
          const now = yield* Clock.currentTimeMillis
          const { notice, publishes } = yield* visible(params.noticeId, actor, now, publishers)
          // readers see the notice, not who else read it
          if (!publishes && notice.author !== actor.id) return yield* notFound(params.noticeId)
          const receipts = yield* store.receipts(params.noticeId).pipe(Effect.catch(P.fromStore))
          const read = new Set(receipts.map((r) => r.reader))
          // everyone it was addressed to, from publication until it expired (or now):
          // someone transferred away since was still told
          const until = Math.max(notice.publishedAt, Math.min(now, notice.expiresAt ?? now))
          const unread = notice.audience.public
            ? null
            : Notice.audienceDuring(city.directory, notice, dateOf(notice.publishedAt), dateOf(until)).filter(
                (p) => !read.has(p)
              )
          return { noticeId: params.noticeId, receipts: receipts.map((r) => ({ reader: r.reader, at: r.at })), unread }
        })
      )
  })
)

// ------------------------------------------------------------------ analytics

export const AnalyticsLive = HttpApiBuilder.group(Api.Api, "analytics", (handlers) =>
  Effect.gen(function* () {
    const configuration = yield* Configuration.Configuration
    const counters = yield* AnalyticsStore.AnalyticsStore

    /**
     * The caller's query: a grid within their reach (one outside it answers as an
     * unknown one), a unit they are posted at or above, or the whole city for a post
     * that reaches it.
     */
    const scoped = (
      context: Access.Context,
      actor: Actor,
      q: {
        readonly grid?: string
        readonly unit?: string
        readonly kind?: Case.Kind
        readonly category?: string
        readonly from?: string
        readonly to?: string
      }
    ): Effect.Effect<Analytics.Query, Problem.NotFound | Problem.AccessDenied> => {
      const reach = Access.scope(context, actor)
      const city = Access.reachesCity(context, reach)
      if (q.grid !== undefined && !Access.reaches(context, reach, q.grid))
        return Effect.fail(new Problem.NotFound({ detail: `No grid ${q.grid}` }))
      if (q.unit !== undefined && q.grid === undefined && !city && !Access.reachesUnit(reach, q.unit))
        return Effect.fail(
          new Problem.AccessDenied({
            detail: `Unit ${q.unit} is outside the caller's posts`,
            reason: "OutsideJurisdiction"
          })
        )
      if (q.grid === undefined && q.unit === undefined && !city)
        return Effect.fail(
          new Problem.AccessDenied({
            detail: "Name a grid or unit within the caller's jurisdiction",
            reason: "OutsideJurisdiction"
          })
        )
      return Effect.succeed({
        grid: q.grid,
        unit: q.unit,
        kinds: q.kind === undefined ? undefined : [q.kind],
        category: q.category,
        from: q.from,
        to: q.to
      })
    }

    return handlers
      .handle("report", ({ query }) =>
        Effect.gen(function* () {
          const { actor } = yield* Api.CurrentPrincipal
          const env = yield* configuration.current
          const q = yield* scoped({ tree: env.tree }, actor, query)
          const totals = yield* counters.totals(AnalyticsStore.query(env.tree, q)).pipe(Effect.catch(P.fromStore))
          const breakdown =
            query.by === undefined
              ? null
              : Analytics.breakdown(
                  yield* counters.counters(AnalyticsStore.query(env.tree, q)).pipe(Effect.catch(P.fromStore)),
                  env.tree,
                  q,
                  query.by
                ).map((g) => ({ key: g.key, totals: g.totals, rates: Analytics.rates(g.totals) }))
          return { totals, rates: Analytics.rates(totals), breakdown }
        })
      )
      .handle("appraisal", ({ query }) =>
        Effect.gen(function* () {
          const { actor } = yield* Api.CurrentPrincipal
          const env = yield* configuration.current
          const { weights } = yield* Api.AnalyticsSettings
          const q = yield* scoped({ tree: env.tree }, actor, query)
          const rows = yield* counters.counters(AnalyticsStore.query(env.tree, q)).pipe(Effect.catch(P.fromStore))
          const by = query.by ?? "grid"
          return {
            by,
            groups: Analytics.appraisal(rows, env.tree, q, by, weights).map((g) => ({
              key: g.key,
              score: g.appraisal.score,
              valid: g.totals.valid,
              parts: g.appraisal.parts.map((p) => ({ ...p }))
            }))
          }
        })
      )
  })
)

export const DirectoryLive = HttpApiBuilder.group(Api.Api, "directory", (handlers) =>
  Effect.gen(function* () {
    const configuration = yield* Configuration.Configuration
    return handlers
      .handle("me", () =>
        Effect.map(Effect.service(Api.CurrentPrincipal), (p) => ({
          id: p.actor.id,
          via: p.via,
          posts: p.actor.posts.map((post) => ({ role: post.role, at: post.at === null ? null : { ...post.at } }))
        }))
      )
      .handle("grids", ({ query }) =>
        Effect.flatMap(configuration.current, ({ tree }) => {
          const root = query.root === undefined ? 0 : Grid.id(tree, query.root)
          if (root === undefined) return Effect.fail(gridNotFound(query.root!))
          const depth = query.depth ?? 1
          const out: Array<Api.GridNode> = []
          const walk = (id: number, d: number) => {
            out.push(gridNode(tree, id))
            if (d < depth) for (const c of Grid.children(tree, id)) walk(c, d + 1)
          }
          walk(root, 0)
          return Effect.succeed(out)
        })
      )
      .handle("grid", ({ params }) =>
        Effect.flatMap(configuration.current, ({ tree }) => {
          const id = Grid.id(tree, params.code)
          return id === undefined ? Effect.fail(gridNotFound(params.code)) : Effect.succeed(gridNode(tree, id))
        })
      )
      .handle("gridPosts", ({ params }) =>
        Effect.gen(function* () {
          const { actor } = yield* Api.CurrentPrincipal
          const city = yield* configuration.current
          const tree = city.tree
          const context: Access.Context = { tree }
          const id = Grid.id(tree, params.code)
          if (id === undefined) return yield* gridNotFound(params.code)
          // Only staff whose read scope covers the grid see who is posted there.
          const scope = Access.scope(context, actor)
          const rank = tree.pre[id]!
          const visible = scope._tag === "All" || scope.grids.some((g) => g.pre <= rank && rank <= g.post)
          if (!visible) return yield* gridNotFound(params.code)
          const date = dateOf(Date.now())
          return city.document.posts.filter(
            (p) => "grid" in p.at && p.at.grid === params.code && Staff.validOn(p, date)
          )
        })
      )
      .handle("routingPreview", ({ query }) =>
        Effect.flatMap(configuration.current, ({ tree, router }) => {
          const id = Grid.id(tree, query.place)
          if (id === undefined) return Effect.fail(gridNotFound(query.place))
          const input: Routing.Input = {
            kind: query.kind,
            category: query.category,
            place: Grid.path(tree, id),
            ...(query.severity === undefined ? {} : { severity: query.severity }),
            ...(query.track === undefined ? {} : { complexity: query.track }),
            ...(query.channel === undefined ? {} : { channel: query.channel })
          }
          // As JSON: the explanation's optional members are `undefined` when absent.
          const explanation = JSON.parse(JSON.stringify(Routing.explain(router, input))) as Routing.Explanation
          return Effect.succeed({ decision: explanation.decision, explanation })
        })
      )
  })
)

const slice = (query: { readonly offset?: number; readonly limit?: number }) => ({
  offset: query.offset,
  limit: query.limit
})

export const AdminLive = HttpApiBuilder.group(Api.Api, "admin", (handlers) =>
  Effect.gen(function* () {
    const staff = yield* StaffService.StaffService
    const forbidden = (e: Access.Forbidden) =>
      Effect.fail(new Problem.AccessDenied({ detail: "Administration needs the admin role", reason: e.reason }))
    const rejected = (e: CityChange.Rejected) =>
      Effect.fail(
        new Problem.InvalidCommand({
          detail: "The directory refused the change",
          errors: e.issues.map((i) => ({
            // the change's paths start at the person or post given: the body's
            path: ["body", ...(i.path[0] === "person" || i.path[0] === "post" ? i.path.slice(1) : i.path)],
            message: i.message
          }))
        })
      )
    const unchanged = (e: CityChange.Stranded | CityService.Conflict | Configuration.Invalid) =>
      Effect.fail(new Problem.InvalidCommand({ detail: e.message }))
    const reused = (e: Idempotency.KeyReused) => Effect.fail(new Problem.IdempotencyKeyReused({ detail: e.message }))
    const principal = Effect.map(Effect.service(Api.CurrentPrincipal), (p) => p.actor)
    return handlers
      .handle("people", ({ query }) =>
        Effect.flatMap(principal, (actor) =>
          staff.people(actor, slice(query)).pipe(Effect.catchTag("Forbidden", forbidden))
        )
      )
      .handle("createPerson", ({ payload, headers }) =>
        Effect.flatMap(principal, (actor) =>
          staff.addPerson(payload, actor, { idempotencyKey: headers["idempotency-key"] }).pipe(
            Effect.catchTags({
              Forbidden: forbidden,
              CityChangeRejected: rejected,
              CityChangeStrands: unchanged,
              CityConflict: unchanged,
              ConfigurationInvalid: unchanged,
              IdempotencyKeyReused: reused,
              StoreError: P.fromStore
            })
          )
        )
      )
      .handle("posts", ({ query }) =>
        Effect.flatMap(principal, (actor) =>
          staff
            .posts(actor, { ...slice(query), person: query.person, unit: query.unit, grid: query.grid })
            .pipe(Effect.catchTag("Forbidden", forbidden))
        )
      )
      .handle("createPost", ({ payload, headers }) =>
        Effect.flatMap(principal, (actor) =>
          staff.addPost(payload, actor, { idempotencyKey: headers["idempotency-key"] }).pipe(
            Effect.catchTags({
              Forbidden: forbidden,
              CityChangeRejected: rejected,
              CityChangeStrands: unchanged,
              CityConflict: unchanged,
              ConfigurationInvalid: unchanged,
              IdempotencyKeyReused: reused,
              StoreError: P.fromStore
            })
          )
        )
      )
      .handle("issueToken", ({ payload, headers }) =>
        Effect.flatMap(principal, (actor) =>
          staff
            .issueToken(
              {
                person: payload.person,
                ttlMs: payload.ttlSeconds === undefined ? undefined : payload.ttlSeconds * 1000
              },
              actor,
              { idempotencyKey: headers["idempotency-key"] }
            )
            .pipe(
              Effect.catchTags({
                Forbidden: forbidden,
                PersonNotFound: (e) => Effect.fail(new Problem.NotFound({ detail: e.message })),
                TokenTtlInvalid: (e) => Effect.fail(new Problem.InvalidCommand({ detail: e.message })),
                IdempotencyKeyReused: reused,
                StoreError: P.fromStore
              })
            )
        )
      )
  })
)
