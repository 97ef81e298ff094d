/**
 * The HTTP contract of gridgov, and nothing else: endpoints, their schemas, the
 * problems each may answer with (status on the problem's schema), and the
 * middleware they declare. A client imports this module alone
 * (`@gridgov/http/Api`) to derive a typed client (`HttpApiClient.make(Api.Api)`)
 * or the OpenAPI document (`OpenApi.fromApi(Api.Api)`); the server's handlers are
 * in `Server`. The `POST`s that report a case, command one or administer the
 * directory take an optional `Idempotency-Key` header, bound to the caller and to
 * the request (a retry replays the first answer; the key sent with another request
 * is a 422 `idempotency-key-reused`); `POST /auth/public` takes none.
 *
 * @since 0.1.0
 */
import { Analytics, CaseKind, Category, Notice, Records, Staff } from "@gridgov/core"
import { Context, Schema } from "effect"
import {
  HttpApi,
  HttpApiEndpoint,
  HttpApiGroup,
  HttpApiMiddleware,
  HttpApiSchema,
  HttpApiSecurity,
  OpenApi
} from "effect/http-api"
import * as body from "./internal/body.js"
import * as Problem from "./Problem.js"

// ---------------------------------------------------------------------------
// who is calling
// ---------------------------------------------------------------------------

/**
 * The caller of a request, as the `Authentication` middleware resolved it: the
 * `Access.Actor` (a person's posts on the request date, a resident, or the
 * integration's actor) and how they proved it.
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const who = (p: Api.Principal) => `${p.via}:${p.actor.id}`
 *
 * @category security
 * @since 0.1.0
 */
export interface Principal {
  readonly actor: {
    readonly id: string
    readonly posts: ReadonlyArray<{
      readonly role: Staff.Role
      readonly at: { readonly grid: string } | { readonly unit: string } | null
    }>
  }
  readonly via: "token" | "apiKey"
}

/**
 * The current caller, provided by `Authentication` to the handlers it guards.
 *
 * @example
 * import { Effect } from "effect"
 * import { Api } from "@gridgov/http"
 * const id = Effect.map(Effect.service(Api.CurrentPrincipal), (p) => p.actor.id)
 *
 * @category security
 * @since 0.1.0
 */
export class CurrentPrincipal extends Context.Service<CurrentPrincipal, Principal>()(
  "@gridgov/http/Api/CurrentPrincipal"
) {}

/**
 * The weights `GET /analytics/appraisal` scores with (default
 * `Analytics.defaultWeights`).
 *
 * @example
 * import { Analytics } from "@gridgov/core"
 * import { Api } from "@gridgov/http"
 * import { Layer } from "effect"
 * const closureOnly = Layer.succeed(Api.AnalyticsSettings, { weights: { rates: [{ rate: "closureRate", weight: 1 }] } })
 *
 * @category context
 * @since 0.1.0
 */
export const AnalyticsSettings: Context.Reference<{ readonly weights: Analytics.Weights }> = Context.Reference(
  "@gridgov/http/Api/AnalyticsSettings",
  { defaultValue: () => ({ weights: Analytics.defaultWeights }) }
)

/**
 * Who may publish notices: the roles `Notice.canPublish` accepts (default
 * `Notice.defaultPublishers`: leaders, grid chiefs, the center's dispatchers,
 * admins), each within its jurisdiction.
 *
 * @example
 * import { Notice } from "@gridgov/core"
 * import { Api } from "@gridgov/http"
 * import { Layer } from "effect"
 * const officersToo = Layer.succeed(Api.NoticesSettings, { publishers: [...Notice.defaultPublishers, "departmentOfficer"] })
 *
 * @category context
 * @since 0.1.0
 */
export const NoticesSettings: Context.Reference<{ readonly publishers: ReadonlyArray<Staff.Role> }> = Context.Reference(
  "@gridgov/http/Api/NoticesSettings",
  { defaultValue: () => ({ publishers: Notice.defaultPublishers }) }
)

/**
 * How the records endpoints judge records: the taxonomy a filed record's item must
 * belong to, and the policy of who sees personal data in clear. Defaults to
 * `Records.defaults` and `Records.defaultPolicy`; provide it to change them.
 *
 * @example
 * import { Records } from "@gridgov/core"
 * import { Api } from "@gridgov/http"
 * import { Layer } from "effect"
 * const strict = Layer.succeed(Api.RecordsSettings, { taxonomy: Records.defaults, policy: [] })
 *
 * @category context
 * @since 0.1.0
 */
export const RecordsSettings: Context.Reference<{
  readonly taxonomy: Records.Taxonomy
  readonly policy: Records.Policy
}> = Context.Reference("@gridgov/http/Api/RecordsSettings", {
  defaultValue: () => ({ taxonomy: Records.defaults, policy: Records.defaultPolicy })
})

/**
 * Bearer authentication: a signed token (`Authorization: Bearer …`). A missing,
 * malformed, forged or expired token is a 401 problem.
 *
 * @example
 * import { Api } from "@gridgov/http"
 * Api.Authentication.key // "@gridgov/http/Api/Authentication"
 *
 * @category security
 * @since 0.1.0
 */
export class Authentication extends HttpApiMiddleware.Service<Authentication, { provides: CurrentPrincipal }>()(
  "@gridgov/http/Api/Authentication",
  { requiredForClient: true, security: { bearer: HttpApiSecurity.bearer }, error: Problem.Unauthorized }
) {}

/**
 * Request validation: a path parameter, query or header that does not decode is a
 * 400 problem; a JSON body that does not decode is a 422 problem (a body that is not
 * JSON at all is a 400). Both list Schema's issues in `errors`.
 *
 * @example
 * import { Api } from "@gridgov/http"
 * Api.Validation.key // "@gridgov/http/Api/Validation"
 *
 * @category middleware
 * @since 0.1.0
 */
export class Validation extends HttpApiMiddleware.Service<Validation>()("@gridgov/http/Api/Validation", {
  error: [Problem.BadRequest, Problem.InvalidCommand, Problem.Internal]
}) {}

/**
 * The limits every request is under, checked before routing: body size (413), media
 * type (415) and the rate limit (429 with `Retry-After`). Declared here so the
 * OpenAPI document and clients know the answers.
 *
 * @example
 * import { Api } from "@gridgov/http"
 * Api.Limits.key // "@gridgov/http/Api/Limits"
 *
 * @category middleware
 * @since 0.1.0
 */
export class Limits extends HttpApiMiddleware.Service<Limits>()("@gridgov/http/Api/Limits", {
  error: [Problem.PayloadTooLarge, Problem.UnsupportedMediaType, Problem.RateLimited]
}) {}

// ---------------------------------------------------------------------------
// schemas
// ---------------------------------------------------------------------------

/**
 * A handler as the API shows it: a unit (grid code or unit id), optionally its grid level and a person.
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const h: Api.Handler = { unit: "620981101", level: 1 }
 *
 * @category schemas
 * @since 0.1.0
 */
export const Handler = Schema.Struct({
  unit: Schema.String,
  level: Schema.optionalKey(Schema.Number),
  person: Schema.optionalKey(Schema.String)
})

/**
 * @category schemas
 * @since 0.1.0
 */
export type Handler = typeof Handler.Type

/**
 * What a command returns (`CaseService.Receipt`): the case, its kind, version and
 * machine state after the command, the events written, the handler, and whether it
 * is the recorded answer to an earlier request with the same `Idempotency-Key`.
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const closed = (r: Api.Receipt) => r.status === "closed"
 *
 * @category schemas
 * @since 0.1.0
 */
export const Receipt = Schema.Struct({
  caseId: Schema.String,
  kind: Schema.String,
  version: Schema.Number,
  status: Schema.String,
  events: Schema.Array(Schema.Struct({ type: Schema.String, version: Schema.Number })),
  handler: Schema.NullOr(Handler),
  replayed: Schema.Boolean
}).annotate({ identifier: "Receipt" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type Receipt = typeof Receipt.Type

/**
 * A report of a new case. The place is a grid code (`place`), or a point
 * (`lat`/`long`, WGS 84) placed in the deepest grid containing it (`Grid.locate`).
 * `channel` defaults to `public` for residents and `app` for staff; `role` is the
 * post acted in (default: the caller's first post that may open a case).
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const report: Api.Report = { kind: "event", category: "event.sanitation.garbage", place: "620981101201001", severity: "minor" }
 *
 * @category schemas
 * @since 0.1.0
 */
export const Report = Schema.Struct({
  kind: CaseKind.Kind,
  category: Category.Code,
  place: Schema.optionalKey(Schema.NonEmptyString),
  lat: Schema.optionalKey(Schema.Finite.check(Schema.isBetween({ minimum: -90, maximum: 90 }))),
  long: Schema.optionalKey(Schema.Finite.check(Schema.isBetween({ minimum: -180, maximum: 180 }))),
  channel: Schema.optionalKey(CaseKind.Channel),
  severity: Schema.optionalKey(CaseKind.Severity),
  track: Schema.optionalKey(CaseKind.Track),
  summary: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(2000))),
  role: Schema.optionalKey(Staff.Role)
}).annotate({ identifier: "Report" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type Report = typeof Report.Type

/**
 * A lifecycle command: any `Case.Command` but `Open` (report with `POST /cases`),
 * without `actor` (the caller is the actor), with an optional `role` (the post acted
 * in; default: the first of the caller's roles that may issue it on this case).
 * Decoded by Case's command schema.
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const register: Api.CommandBody = { _tag: "Register" }
 * const verify: Api.CommandBody = { _tag: "Verify", passed: true, role: "gridChief" }
 *
 * @category schemas
 * @since 0.1.0
 */
export const CommandBody: Schema.Codec<body.CommandBody, body.CommandBody> = body.CommandBody

/**
 * @category schemas
 * @since 0.1.0
 */
export type CommandBody = body.CommandBody

/**
 * One stored event of a case's history: its version and global position, type,
 * instant, actor, payload (with the post acted under and routing records) and hash chain.
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const types = (h: ReadonlyArray<Api.HistoryEvent>) => h.map((e) => e.type)
 *
 * @category schemas
 * @since 0.1.0
 */
export const HistoryEvent = Schema.Struct({
  version: Schema.Number,
  position: Schema.Number,
  type: Schema.String,
  at: Schema.Number,
  actor: Schema.Struct({ id: Schema.String, roles: Schema.Array(Schema.String) }),
  payload: Schema.Unknown,
  prevHash: Schema.String,
  hash: Schema.String
})

/**
 * @category schemas
 * @since 0.1.0
 */
export type HistoryEvent = typeof HistoryEvent.Type

/**
 * A row of a list: the case's summary projection (`CaseStore.Summary`).
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const late = (s: Api.Summary) => s.overdue
 *
 * @category schemas
 * @since 0.1.0
 */
export const Summary = Schema.Struct({
  id: Schema.String,
  kind: Schema.String,
  state: Schema.String,
  category: Schema.String,
  grid: Schema.String,
  unit: Schema.NullOr(Schema.String),
  assignee: Schema.NullOr(Schema.String),
  dueAt: Schema.NullOr(Schema.Number),
  overdue: Schema.Boolean,
  createdAt: Schema.Number,
  updatedAt: Schema.Number,
  version: Schema.Number,
  body: Schema.Unknown
}).annotate({ identifier: "Summary" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type Summary = typeof Summary.Type

/**
 * A case with its history: the folded state (`Case.State`), its summary row and every stored event.
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const status = (c: Api.CaseDetail) => c.status
 *
 * @category schemas
 * @since 0.1.0
 */
export const CaseDetail = Schema.Struct({
  id: Schema.String,
  kind: Schema.String,
  status: Schema.String,
  version: Schema.Number,
  state: Schema.Unknown,
  summary: Schema.NullOr(Summary),
  history: Schema.Array(HistoryEvent)
}).annotate({ identifier: "CaseDetail" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type CaseDetail = typeof CaseDetail.Type

/**
 * A page of summaries; pass `next` back as `cursor` for the next page (`null`: last page).
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const more = (p: Api.Page) => p.next !== null
 *
 * @category schemas
 * @since 0.1.0
 */
export const Page = Schema.Struct({ items: Schema.Array(Summary), next: Schema.NullOr(Schema.String) }).annotate({
  identifier: "Page"
})

/**
 * @category schemas
 * @since 0.1.0
 */
export type Page = typeof Page.Type

/**
 * The SLA status of a case: the earliest deadline of a running clock, the overdue
 * flag, and each clock's tiers (statutory limit and local target) as the summary
 * projection keeps them.
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const due = (s: Api.SlaStatus) => s.dueAt
 *
 * @category schemas
 * @since 0.1.0
 */
export const SlaStatus = Schema.Struct({
  caseId: Schema.String,
  status: Schema.String,
  dueAt: Schema.NullOr(Schema.Number),
  overdue: Schema.Boolean,
  clocks: Schema.Unknown,
  breached: Schema.Array(Schema.String),
  running: Schema.Array(Schema.String),
  paused: Schema.Boolean
}).annotate({ identifier: "SlaStatus" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type SlaStatus = typeof SlaStatus.Type

/**
 * The commands the caller may issue on a case now (`GET /cases/{caseId}/allowed`,
 * from `CaseService.allowed`): each with the roles it may be issued in (send one as
 * the body's `role`, or none for the first) and its payload fields; for a field the
 * rules look at, `choices` holds the values that pass now.
 *
 * @example
 * import { Api } from "@gridgov/http"
 * import { Schema } from "effect"
 * const allowed = Schema.decodeUnknownSync(Api.Allowed)({
 *   caseId: "e-1", kind: "event", status: "reported", version: 1,
 *   commands: [{ command: "Register", roles: ["dispatcher"], fields: [] }]
 * })
 * allowed.commands[0]?.command // "Register"
 *
 * @category schemas
 * @since 0.1.0
 */
export const Allowed = Schema.Struct({
  caseId: Schema.String,
  kind: Schema.String,
  status: Schema.String,
  version: Schema.Number,
  commands: Schema.Array(
    Schema.Struct({
      command: Schema.String,
      roles: Schema.Array(Staff.Role),
      fields: Schema.Array(
        Schema.Struct({
          name: Schema.String,
          optional: Schema.Boolean,
          type: Schema.Literals(["text", "integer", "boolean", "choice", "handler", "list"]),
          choices: Schema.optionalKey(Schema.Array(Schema.Unknown))
        })
      )
    })
  )
}).annotate({ identifier: "Allowed" })

/**
 * The type of `Allowed`.
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const names = (a: Api.Allowed) => a.commands.map((c) => c.command)
 *
 * @category schemas
 * @since 0.1.0
 */
export type Allowed = typeof Allowed.Type

/**
 * A grid: code, parent, kind, level, names, whether exclusive, and its children's codes.
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const leaf = (g: Api.GridNode) => g.children.length === 0
 *
 * @category schemas
 * @since 0.1.0
 */
export const GridNode = Schema.Struct({
  code: Schema.String,
  parent: Schema.NullOr(Schema.String),
  kind: Schema.String,
  level: Schema.Number,
  name: Schema.Struct({ zh: Schema.String, en: Schema.String }),
  exclusive: Schema.Boolean,
  children: Schema.Array(Schema.String)
}).annotate({ identifier: "GridNode" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type GridNode = typeof GridNode.Type

/**
 * A post: a person holding a role at a grid or unit over a period (`Staff.Post`).
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const post: Api.Post = { person: "p-00001", role: "gridWorker", at: { grid: "620981101201001" }, validFrom: "2020-01-01" }
 *
 * @category schemas
 * @since 0.1.0
 */
export const Post = Staff.Post.annotate({ identifier: "Post" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type Post = typeof Post.Type

/**
 * A person of the staff directory (`Staff.Person`).
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const person: Api.Person = { id: "p-09999", name: "王五" }
 *
 * @category schemas
 * @since 0.1.0
 */
export const Person = Staff.Person.annotate({ identifier: "Person" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type Person = typeof Person.Type

/**
 * A bearer token and when it expires (epoch ms).
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const header = (t: Api.Token) => `Bearer ${t.token}`
 *
 * @category schemas
 * @since 0.1.0
 */
export const Token = Schema.Struct({
  token: Schema.String,
  subject: Schema.String,
  expiresAt: Schema.Number
}).annotate({ identifier: "Token" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type Token = typeof Token.Type

/**
 * A routing preview: the decision for a would-be case and its full explanation
 * (`Routing.explain`: the winning rule and the conditions it met, outranked and rejected rules).
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const target = (p: Api.RoutingPreview) => p.decision
 *
 * @category schemas
 * @since 0.1.0
 */
export const RoutingPreview = Schema.Struct({
  decision: Schema.Unknown,
  explanation: Schema.Unknown
}).annotate({ identifier: "RoutingPreview" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type RoutingPreview = typeof RoutingPreview.Type

/**
 * A record to file (`POST /records`): the grid it concerns, the taxonomy item, the
 * task it logs, when (default: now; a record logged offline may carry an earlier
 * instant, never a later one), the subject's personal data, other fields and a
 * note. The author is the caller. `id` is optional: a client that picks its ids can
 * resend a record safely (the second answer is a 409 `record-exists`). A chosen id is
 * filed scoped to the record's grid, `<grid>:<id>` (`Records.scopedId`), so it never
 * meets a record the caller could not read.
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const visit: Api.RecordInput = { grid: "620981101201001", item: "person.household", task: "visit", fields: { members: 4 } }
 *
 * @category schemas
 * @since 0.1.0
 */
export const RecordInput = Schema.Struct({
  id: Schema.optionalKey(Schema.String.check(Schema.isPattern(/^[A-Za-z0-9._:-]{1,64}$/))),
  grid: Schema.String.check(Schema.isPattern(/^[0-9A-Z]{1,64}$/)),
  item: Category.Code,
  task: Schema.optionalKey(Records.Task),
  at: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))),
  subject: Schema.optionalKey(Records.Subject),
  fields: Schema.optionalKey(
    Schema.Record(
      Schema.String.check(Schema.isMaxLength(64)),
      Schema.Union([Schema.String, Schema.Finite, Schema.Boolean])
    )
  ),
  note: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(2_000)))
}).annotate({ identifier: "RecordInput" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type RecordInput = typeof RecordInput.Type

/**
 * A record as the caller may see it (`Records.view`): the subject's personal data in
 * clear only for a reader the records policy allows, masked otherwise (`masked`).
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const hidden = (r: Api.RecordView) => r.masked
 *
 * @category schemas
 * @since 0.1.0
 */
export const RecordView = Schema.Struct({ ...Records.Record.fields, masked: Schema.Boolean }).annotate({
  identifier: "Record"
})

/**
 * @category schemas
 * @since 0.1.0
 */
export type RecordView = typeof RecordView.Type

/**
 * A page of records, as the caller may see them; pass `next` back as `cursor`.
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const more = (p: Api.RecordPage) => p.next !== null
 *
 * @category schemas
 * @since 0.1.0
 */
export const RecordPage = Schema.Struct({
  items: Schema.Array(RecordView),
  next: Schema.NullOr(Schema.String)
}).annotate({ identifier: "RecordPage" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type RecordPage = typeof RecordPage.Type

/**
 * Records filed together (`POST /records/batch`), as an app sends what it logged
 * offline: each with an id of the client's, so a batch sent twice files nothing twice.
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const sync: Api.RecordBatch = { records: [{ id: "v-1", grid: "620981101201001", item: "person.household", task: "visit" }] }
 *
 * @category schemas
 * @since 0.1.0
 */
export const RecordBatch = Schema.Struct({
  records: Schema.Array(
    Schema.Struct({ ...RecordInput.fields, id: Schema.String.check(Schema.isPattern(/^[A-Za-z0-9._:-]{1,64}$/)) })
  ).check(Schema.isMinLength(1), Schema.isMaxLength(500))
}).annotate({ identifier: "RecordBatch" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type RecordBatch = typeof RecordBatch.Type

/**
 * What became of one record of a batch: `filed` (with the record as the caller sees
 * it), `exists` (filed before, or twice in the batch), `invalid` (with the issues,
 * paths under `body.records[i]`) or `denied` (outside the caller's jurisdiction).
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const retry = (o: Api.RecordOutcome) => o.status === "invalid"
 *
 * @category schemas
 * @since 0.1.0
 */
export const RecordOutcome = Schema.Struct({
  id: Schema.String,
  status: Schema.Literals(["filed", "exists", "invalid", "denied"]),
  errors: Schema.Array(Problem.Issue),
  record: Schema.optionalKey(RecordView)
}).annotate({ identifier: "RecordOutcome" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type RecordOutcome = typeof RecordOutcome.Type

/**
 * Record counts per class, item or task (`""`: no task), over the records the caller may read.
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const total = (c: Api.RecordCounts) => c.counts.reduce((n, g) => n + g.count, 0)
 *
 * @category schemas
 * @since 0.1.0
 */
export const RecordCounts = Schema.Struct({
  by: Schema.Literals(["class", "item", "task"]),
  counts: Schema.Array(Schema.Struct({ key: Schema.String, count: Schema.Int }))
}).annotate({ identifier: "RecordCounts" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type RecordCounts = typeof RecordCounts.Type

/**
 * A notice to publish (`POST /notices`): title, body, audience, and optionally an id
 * of the client's, a publication instant (default now; a later one schedules it)
 * and an expiry. The author is the caller.
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const flood: Api.NoticeInput = {
 *   title: "防汛通知", body: "…", audience: { public: false, grids: ["620981103"], roles: ["gridChief"], units: [] }
 * }
 *
 * @category schemas
 * @since 0.1.0
 */
export const NoticeInput = Schema.Struct({
  id: Schema.optionalKey(Schema.String.check(Schema.isPattern(/^[A-Za-z0-9._:-]{1,64}$/))),
  title: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(200)),
  body: Schema.String.check(Schema.isMaxLength(20_000)),
  publishedAt: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))),
  expiresAt: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))),
  audience: Notice.Audience
}).annotate({ identifier: "NoticeInput" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type NoticeInput = typeof NoticeInput.Type

/**
 * An inbox page: the notices shown to the caller now, newest first, each with when
 * the caller first read it (`null`: unread); pass `next` back as `cursor`.
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const unread = (p: Api.Inbox) => p.items.filter((i) => i.readAt === null).length
 *
 * @category schemas
 * @since 0.1.0
 */
export const Inbox = Schema.Struct({
  items: Schema.Array(Schema.Struct({ notice: Notice.Notice, readAt: Schema.NullOr(Schema.Int) })),
  next: Schema.NullOr(Schema.String)
}).annotate({ identifier: "Inbox" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type Inbox = typeof Inbox.Type

/**
 * Who has read a notice (each reader's first read), and for a staff audience who of
 * it has not yet (the people posted in it today; `null` for a public notice).
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const pending = (r: Api.NoticeReceipts) => r.unread?.length ?? 0
 *
 * @category schemas
 * @since 0.1.0
 */
export const NoticeReceipts = Schema.Struct({
  noticeId: Schema.String,
  receipts: Schema.Array(Schema.Struct({ reader: Schema.String, at: Schema.Int })),
  unread: Schema.NullOr(Schema.Array(Schema.String))
}).annotate({ identifier: "NoticeReceipts" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type NoticeReceipts = typeof NoticeReceipts.Type

const Totals = Schema.Record(Schema.String, Schema.Number).annotate({
  description: "Each measure's total (valid, closed, closedOnTime, …; see Analytics.measures)"
})
const Rates = Schema.Record(
  Schema.String,
  Schema.Struct({ numerator: Schema.Number, denominator: Schema.Number, value: Schema.NullOr(Schema.Number) })
).annotate({ description: "Each published rate (Analytics.rates): value null when the denominator is 0" })

/**
 * Analytics for a grid subtree (or a unit), kind, category and months: each
 * measure's total, every published rate, and optionally the same per group of one
 * dimension.
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const closure = (a: Api.AnalyticsReport) => a.rates.closureRate?.value
 *
 * @category schemas
 * @since 0.1.0
 */
export const AnalyticsReport = Schema.Struct({
  totals: Totals,
  rates: Rates,
  breakdown: Schema.NullOr(Schema.Array(Schema.Struct({ key: Schema.String, totals: Totals, rates: Rates })))
}).annotate({ identifier: "AnalyticsReport" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type AnalyticsReport = typeof AnalyticsReport.Type

/**
 * Appraisal scores (绩效考核) per grid below the query's grid, or per unit, best
 * first, with each rate's part (`Analytics.appraisal` with the server's weights).
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const best = (a: Api.AppraisalReport) => a.groups[0]?.key
 *
 * @category schemas
 * @since 0.1.0
 */
export const AppraisalReport = Schema.Struct({
  by: Schema.Literals(["grid", "unit"]),
  groups: Schema.Array(
    Schema.Struct({
      key: Schema.String,
      score: Schema.NullOr(Schema.Number),
      valid: Schema.Number,
      parts: Schema.Array(
        Schema.Struct({
          rate: Analytics.RateName,
          value: Schema.NullOr(Schema.Number),
          target: Schema.NullOr(Schema.Number),
          weight: Schema.Number,
          earned: Schema.NullOr(Schema.Number)
        })
      )
    })
  )
}).annotate({ identifier: "AppraisalReport" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type AppraisalReport = typeof AppraisalReport.Type

const IdempotencyHeaders = {
  "idempotency-key": Schema.optionalKey(
    Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(200)).annotate({
      description:
        "A key the client picks per logical request, bound to the caller and the request: a retry with the same key returns the first answer; the key sent with another request (endpoint, case or body) is a 422 idempotency-key-reused"
    })
  )
}

const Limit = Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 1000 })))
const Cursor = Schema.optionalKey(
  Schema.fromJsonString(Schema.Tuple([Schema.Number, Schema.String.check(Schema.isMaxLength(256))])).annotate({
    description: "The `next` of the previous page"
  })
)
const recordFilters = {
  grid: Schema.optionalKey(Schema.String.check(Schema.isPattern(/^[0-9A-Z]{1,64}$/))),
  item: Schema.optionalKey(Category.Code),
  task: Schema.optionalKey(Records.Task),
  author: Schema.optionalKey(Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(64))),
  from: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))),
  to: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)))
}
const Month = Schema.String.check(Schema.isPattern(/^[0-9]{4}-(0[1-9]|1[0-2])$/))
const analyticsFilters = {
  grid: Schema.optionalKey(Schema.String.check(Schema.isPattern(/^[0-9A-Z]{1,64}$/))),
  unit: Schema.optionalKey(Category.Code),
  kind: Schema.optionalKey(CaseKind.Kind),
  category: Schema.optionalKey(Category.Code),
  from: Schema.optionalKey(Month),
  to: Schema.optionalKey(Month)
}
const workFilters = {
  grid: Schema.optionalKey(
    Schema.String.check(Schema.isMaxLength(64)).annotate({ description: "Only cases in this grid's subtree" })
  ),
  unit: Schema.optionalKey(
    Schema.String.check(Schema.isMaxLength(64)).annotate({ description: "Only cases this unit handles now" })
  )
}
const NoticeId = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(64))
const CaseId = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(200))

// ---------------------------------------------------------------------------
// groups
// ---------------------------------------------------------------------------

/**
 * Health and the public token: `GET /health`, `POST /auth/public` (a token for a new
 * resident, to report and follow their own cases).
 *
 * @example
 * import { Api } from "@gridgov/http"
 * Api.SystemGroup.identifier // "system"
 *
 * @category groups
 * @since 0.1.0
 */
export class SystemGroup extends HttpApiGroup.make("system", { topLevel: true })
  .add(
    HttpApiEndpoint.get("health", "/health", { success: Schema.Struct({ status: Schema.Literal("ok") }) }).annotate(
      OpenApi.Summary,
      "Whether the server is up"
    )
  )
  .add(
    HttpApiEndpoint.post("publicToken", "/auth/public", {
      success: Token.pipe(HttpApiSchema.status(201))
    })
      .annotate(OpenApi.Summary, "Issue a resident (public) token for reporting and following one's own cases")
      .annotate(
        OpenApi.Description,
        "Every call issues a new resident and writes nothing, so a retry is safe without a key: no Idempotency-Key is taken (a token is never remembered nor handed to another client)."
      )
  )
  .annotateMerge(OpenApi.annotations({ title: "System", description: "Health and public access" })) {}

/**
 * Cases: report (`POST /cases`), issue a lifecycle command
 * (`POST /cases/{caseId}/commands`), read one with its history, its SLA status, and search.
 *
 * @example
 * import { Api } from "@gridgov/http"
 * Api.CasesGroup.identifier // "cases"
 *
 * @category groups
 * @since 0.1.0
 */
export class CasesGroup extends HttpApiGroup.make("cases")
  .add(
    HttpApiEndpoint.post("report", "/cases", {
      headers: IdempotencyHeaders,
      payload: Report,
      success: Receipt.pipe(HttpApiSchema.status(201)),
      error: [...Problem.commandErrors]
    }).annotate(
      OpenApi.Summary,
      "Report a case: an event, dispute, petition, mediation or hotline ticket, routed on arrival"
    )
  )
  .add(
    HttpApiEndpoint.post("command", "/cases/:caseId/commands", {
      params: { caseId: CaseId },
      headers: IdempotencyHeaders,
      payload: CommandBody,
      success: Receipt,
      error: [...Problem.commandErrors]
    }).annotate(
      OpenApi.Summary,
      "Issue a lifecycle command to a case (register, dispatch, sign for, handle, verify, …)"
    )
  )
  .add(
    HttpApiEndpoint.get("get", "/cases/:caseId", {
      params: { caseId: CaseId },
      success: CaseDetail,
      error: [Problem.NotFound, Problem.Internal]
    }).annotate(OpenApi.Summary, "Read one case: its state, summary and every stored event")
  )
  .add(
    HttpApiEndpoint.get("allowed", "/cases/:caseId/allowed", {
      params: { caseId: CaseId },
      success: Allowed,
      error: [Problem.NotFound, Problem.Internal]
    }).annotate(
      OpenApi.Summary,
      "What may I do here? The commands the caller may issue on a case now, and their fields"
    )
  )
  .add(
    HttpApiEndpoint.get("sla", "/cases/:caseId/sla", {
      params: { caseId: CaseId },
      success: SlaStatus,
      error: [Problem.NotFound, Problem.Internal]
    }).annotate(
      OpenApi.Summary,
      "Read a case's deadlines: the earliest due instant, the overdue flag and each clock's tiers"
    )
  )
  .add(
    HttpApiEndpoint.get("search", "/cases", {
      query: {
        grid: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(64))),
        kind: Schema.optionalKey(CaseKind.Kind),
        state: Schema.optionalKey(
          Schema.String.check(Schema.isMaxLength(512)).annotate({
            description: "A machine state, or several separated by commas (any of them)"
          })
        ),
        category: Schema.optionalKey(Category.Code),
        unit: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(64))),
        overdue: Schema.optionalKey(Schema.Literals(["true", "false"])),
        from: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))),
        to: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))),
        order: Schema.optionalKey(Schema.Literals(["createdAt", "updatedAt", "dueAt"])),
        limit: Limit,
        cursor: Cursor
      },
      success: Page,
      error: [Problem.Internal]
    }).annotate(OpenApi.Summary, "Search the cases within the caller's jurisdiction, a page at a time")
  )
  .middleware(Authentication)
  .annotateMerge(OpenApi.annotations({ title: "Cases", description: "Report, command, read and search cases" })) {}

/**
 * Information collection (人、地、物、事、情): file a record (`POST /records`), read
 * one (`GET /records/{recordId}`), list (`GET /records`) and count
 * (`GET /records/counts`) those in the caller's jurisdiction. Personal data is
 * masked in every answer unless the records policy lets the caller see it; a record
 * outside the jurisdiction answers 404, as a missing one does.
 *
 * @example
 * import { Api } from "@gridgov/http"
 * Api.RecordsGroup.identifier // "records"
 *
 * @category groups
 * @since 0.1.0
 */
export class RecordsGroup extends HttpApiGroup.make("records")
  .add(
    HttpApiEndpoint.post("file", "/records", {
      payload: RecordInput,
      success: RecordView.pipe(HttpApiSchema.status(201)),
      error: [Problem.AccessDenied, Problem.InvalidCommand, Problem.RecordExists, Problem.Internal]
    }).annotate(OpenApi.Summary, "File one record of the information taxonomy, authored by the caller")
  )
  .add(
    HttpApiEndpoint.post("fileMany", "/records/batch", {
      payload: RecordBatch,
      success: Schema.Struct({ results: Schema.Array(RecordOutcome) }).annotate({ identifier: "RecordBatchResult" }),
      error: [Problem.Internal]
    }).annotate(OpenApi.Summary, "File up to 500 records (an app's offline sync), with an outcome per record")
  )
  .add(
    HttpApiEndpoint.get("counts", "/records/counts", {
      query: {
        by: Schema.optionalKey(Schema.Literals(["class", "item", "task"])),
        ...recordFilters
      },
      success: RecordCounts,
      error: [Problem.NotFound, Problem.Internal]
    }).annotate(OpenApi.Summary, "Count the records within the caller's jurisdiction, by class, item or task")
  )
  .add(
    HttpApiEndpoint.get("list", "/records", {
      query: {
        ...recordFilters,
        order: Schema.optionalKey(Schema.Literals(["asc", "desc"])),
        limit: Limit,
        cursor: Cursor
      },
      success: RecordPage,
      error: [Problem.NotFound, Problem.Internal]
    }).annotate(
      OpenApi.Summary,
      "List the records within the caller's jurisdiction, personal data masked unless allowed"
    )
  )
  .add(
    HttpApiEndpoint.get("get", "/records/:recordId", {
      // a chosen id is scoped to its grid (`Records.scopedId`): up to 64 + 1 + 64 characters
      params: { recordId: Schema.String.check(Schema.isPattern(/^[A-Za-z0-9._:-]{1,129}$/)) },
      success: RecordView,
      error: [Problem.NotFound, Problem.Internal]
    }).annotate(OpenApi.Summary, "Read one record, personal data masked unless allowed")
  )
  .middleware(Authentication)
  .annotateMerge(
    OpenApi.annotations({ title: "Records", description: "File, read, list and count grid workers' records" })
  ) {}

/**
 * Information publishing (信息发布): publish a notice to grid subtrees, roles,
 * units or the public (`POST /notices`, within the publisher's jurisdiction), read
 * the caller's inbox, read one notice, mark it read, and, for its publishers, see
 * who has read it. A notice the caller may neither read nor publish answers 404.
 *
 * @example
 * import { Api } from "@gridgov/http"
 * Api.NoticesGroup.identifier // "notices"
 *
 * @category groups
 * @since 0.1.0
 */
export class NoticesGroup extends HttpApiGroup.make("notices")
  .add(
    HttpApiEndpoint.post("publish", "/notices", {
      payload: NoticeInput,
      success: Notice.Notice.pipe(HttpApiSchema.status(201)),
      error: [Problem.AccessDenied, Problem.InvalidCommand, Problem.NoticeExists, Problem.Internal]
    }).annotate(
      OpenApi.Summary,
      "Publish a notice to grid subtrees, roles, units or the public, within the caller's jurisdiction"
    )
  )
  .add(
    HttpApiEndpoint.get("inbox", "/notices/inbox", {
      query: { unread: Schema.optionalKey(Schema.Literals(["true", "false"])), limit: Limit, cursor: Cursor },
      success: Inbox,
      error: [Problem.Internal]
    }).annotate(OpenApi.Summary, "The caller's notices shown now, newest first, optionally unread only")
  )
  .add(
    HttpApiEndpoint.get("get", "/notices/:noticeId", {
      params: { noticeId: NoticeId },
      success: Notice.Notice,
      error: [Problem.NotFound, Problem.Internal]
    }).annotate(OpenApi.Summary, "Read one notice the caller may read or publish")
  )
  .add(
    HttpApiEndpoint.post("read", "/notices/:noticeId/read", {
      params: { noticeId: NoticeId },
      success: Schema.Struct({ noticeId: Schema.String, first: Schema.Boolean }),
      error: [Problem.NotFound, Problem.Internal]
    }).annotate(OpenApi.Summary, "Mark a notice read (the first read is recorded once)")
  )
  .add(
    HttpApiEndpoint.get("receipts", "/notices/:noticeId/receipts", {
      params: { noticeId: NoticeId },
      success: NoticeReceipts,
      error: [Problem.NotFound, Problem.Internal]
    }).annotate(OpenApi.Summary, "For its publishers: who has read a notice, and who of its staff audience has not")
  )
  .middleware(Authentication)
  .annotateMerge(
    OpenApi.annotations({ title: "Notices", description: "Publish notices, read the inbox, and see who has read" })
  ) {}

/**
 * The city's numbers (考核): `GET /analytics` (totals and rates, optionally broken
 * down by grid, unit, kind, category or month) and `GET /analytics/appraisal`
 * (scores per grid or unit), from the counters projection, for a grid subtree
 * within the caller's jurisdiction (the whole city needs a post that reaches it), or
 * for a unit the caller is posted at.
 *
 * @example
 * import { Api } from "@gridgov/http"
 * Api.AnalyticsGroup.identifier // "analytics"
 *
 * @category groups
 * @since 0.1.0
 */
export class AnalyticsGroup extends HttpApiGroup.make("analytics")
  .add(
    HttpApiEndpoint.get("report", "/analytics", {
      query: {
        ...analyticsFilters,
        by: Schema.optionalKey(Schema.Literals(["grid", "unit", "kind", "category", "month"]))
      },
      success: AnalyticsReport,
      error: [Problem.AccessDenied, Problem.NotFound, Problem.Internal]
    }).annotate(
      OpenApi.Summary,
      "Totals and rates (closure, on time, rework, hotline, mediation) for a grid subtree or unit and period"
    )
  )
  .add(
    HttpApiEndpoint.get("appraisal", "/analytics/appraisal", {
      query: { ...analyticsFilters, by: Schema.optionalKey(Schema.Literals(["grid", "unit"])) },
      success: AppraisalReport,
      error: [Problem.AccessDenied, Problem.NotFound, Problem.Internal]
    }).annotate(OpenApi.Summary, "Appraisal scores of grids or departments, with configurable weights")
  )
  .middleware(Authentication)
  .annotateMerge(OpenApi.annotations({ title: "Analytics", description: "Totals, rates and appraisal scores" })) {}

/**
 * Work lists of the caller: `GET /work/todo`, `/work/overdue`, `/work/due-soon?within=ms`;
 * the overdue and due-soon lists filter by grid subtree (`grid`) and handling unit (`unit`).
 *
 * @example
 * import { Api } from "@gridgov/http"
 * Api.WorkGroup.identifier // "work"
 *
 * @category groups
 * @since 0.1.0
 */
export class WorkGroup extends HttpApiGroup.make("work")
  .add(
    HttpApiEndpoint.get("todo", "/work/todo", {
      query: { limit: Limit, cursor: Cursor },
      success: Page,
      error: [Problem.Internal]
    }).annotate(
      OpenApi.Summary,
      "The caller's open cases: assigned to them, held by their grids and units, or held by nobody and theirs to move on"
    )
  )
  .add(
    HttpApiEndpoint.get("overdue", "/work/overdue", {
      query: { ...workFilters, limit: Limit, cursor: Cursor },
      success: Page,
      error: [Problem.Internal]
    }).annotate(OpenApi.Summary, "Open cases within the caller's jurisdiction past a deadline, earliest due first")
  )
  .add(
    HttpApiEndpoint.get("dueSoon", "/work/due-soon", {
      query: {
        within: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 366 * 86_400_000 }))),
        ...workFilters,
        limit: Limit,
        cursor: Cursor
      },
      success: Page,
      error: [Problem.Internal]
    }).annotate(OpenApi.Summary, "Open cases within the caller's jurisdiction due within a window, earliest first")
  )
  .middleware(Authentication)
  .annotateMerge(
    OpenApi.annotations({ title: "Work lists", description: "The caller's to-do, overdue and due-soon cases" })
  ) {}

/**
 * The grid tree (`GET /grids`, `/grids/{code}`), the posts on a grid the caller may
 * see (`/grids/{code}/posts`), the caller (`GET /me`), and the routing preview
 * (`GET /routing/preview`) with its explanation.
 *
 * @example
 * import { Api } from "@gridgov/http"
 * Api.DirectoryGroup.identifier // "directory"
 *
 * @category groups
 * @since 0.1.0
 */
export class DirectoryGroup extends HttpApiGroup.make("directory")
  .add(
    HttpApiEndpoint.get("me", "/me", {
      success: Schema.Struct({
        id: Schema.String,
        via: Schema.String,
        posts: Schema.Array(Schema.Struct({ role: Staff.Role, at: Schema.NullOr(Staff.Place) }))
      })
    }).annotate(OpenApi.Summary, "The caller: their id and posts today")
  )
  .add(
    HttpApiEndpoint.get("grids", "/grids", {
      query: {
        root: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(64))),
        depth: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 4 })))
      },
      success: Schema.Array(GridNode),
      error: [Problem.NotFound]
    }).annotate(OpenApi.Summary, "The grid tree, from a root down to a depth")
  )
  .add(
    HttpApiEndpoint.get("grid", "/grids/:code", {
      params: { code: Schema.String.check(Schema.isMaxLength(64)) },
      success: GridNode,
      error: [Problem.NotFound]
    }).annotate(OpenApi.Summary, "One grid: its kind, level, names, parent and children")
  )
  .add(
    HttpApiEndpoint.get("gridPosts", "/grids/:code/posts", {
      params: { code: Schema.String.check(Schema.isMaxLength(64)) },
      success: Schema.Array(Post),
      error: [Problem.NotFound]
    }).annotate(OpenApi.Summary, "Who is posted at a grid today (for staff whose jurisdiction covers it)")
  )
  .add(
    HttpApiEndpoint.get("routingPreview", "/routing/preview", {
      query: {
        kind: CaseKind.Kind,
        category: Category.Code,
        place: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(64)),
        severity: Schema.optionalKey(CaseKind.Severity),
        track: Schema.optionalKey(CaseKind.Track),
        channel: Schema.optionalKey(CaseKind.Channel)
      },
      success: RoutingPreview,
      error: [Problem.NotFound]
    }).annotate(OpenApi.Summary, "Where a case would be routed, and why (the rule, its conditions, what it outranked)")
  )
  .middleware(Authentication)
  .annotateMerge(OpenApi.annotations({ title: "Directory", description: "Grids, posts, routing preview" })) {}

/**
 * Administration (role `admin`): people, posts and tokens.
 *
 * @example
 * import { Api } from "@gridgov/http"
 * Api.AdminGroup.identifier // "admin"
 *
 * @category groups
 * @since 0.1.0
 */
export class AdminGroup extends HttpApiGroup.make("admin")
  .add(
    HttpApiEndpoint.get("people", "/admin/people", {
      query: {
        offset: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))),
        limit: Limit
      },
      success: Schema.Struct({ items: Schema.Array(Person), total: Schema.Number }),
      error: [Problem.AccessDenied]
    }).annotate(OpenApi.Summary, "Administration: list the people of the staff directory")
  )
  .add(
    HttpApiEndpoint.post("createPerson", "/admin/people", {
      headers: IdempotencyHeaders,
      payload: Person,
      success: Person.pipe(HttpApiSchema.status(201)),
      error: [Problem.AccessDenied, Problem.InvalidCommand, Problem.IdempotencyKeyReused, Problem.Internal]
    }).annotate(OpenApi.Summary, "Administration: add a person to the staff directory")
  )
  .add(
    HttpApiEndpoint.get("posts", "/admin/posts", {
      query: {
        person: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(64))),
        unit: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(64))),
        grid: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(64))),
        offset: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))),
        limit: Limit
      },
      success: Schema.Struct({ items: Schema.Array(Post), total: Schema.Number }),
      error: [Problem.AccessDenied]
    }).annotate(OpenApi.Summary, "Administration: list posts, by person, unit or grid")
  )
  .add(
    HttpApiEndpoint.post("createPost", "/admin/posts", {
      headers: IdempotencyHeaders,
      payload: Post,
      success: Post.pipe(HttpApiSchema.status(201)),
      error: [Problem.AccessDenied, Problem.InvalidCommand, Problem.IdempotencyKeyReused, Problem.Internal]
    }).annotate(OpenApi.Summary, "Administration: post a person to a grid or unit, in effect at once")
  )
  .add(
    HttpApiEndpoint.post("issueToken", "/admin/tokens", {
      headers: IdempotencyHeaders,
      payload: Schema.Struct({
        person: Staff.PersonId,
        ttlSeconds: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 60, maximum: 30 * 86_400 })))
      }),
      success: Token.pipe(HttpApiSchema.status(201)),
      error: [Problem.AccessDenied, Problem.NotFound, Problem.IdempotencyKeyReused, Problem.Internal]
    }).annotate(OpenApi.Summary, "Administration: issue a bearer token for a person")
  )
  .middleware(Authentication)
  .annotateMerge(OpenApi.annotations({ title: "Administration", description: "People, posts and tokens (admin)" })) {}

/**
 * The whole API.
 *
 * @example
 * import { OpenApi } from "effect/http-api"
 * import { Api } from "@gridgov/http"
 * OpenApi.fromApi(Api.Api).openapi // "3.1.0"
 *
 * @category api
 * @since 0.1.0
 */
export class Api extends HttpApi.make("gridgov")
  .add(SystemGroup)
  .add(CasesGroup)
  .add(WorkGroup)
  .add(RecordsGroup)
  .add(NoticesGroup)
  .add(AnalyticsGroup)
  .add(DirectoryGroup)
  .add(AdminGroup)
  .middleware(Limits)
  .middleware(Validation)
  // A request that does not decode names every field at fault, not only the first.
  .annotate(HttpApi.ParseOptions, { errors: "all" })
  .annotateMerge(
    OpenApi.annotations({
      title: "gridgov",
      version: "0.1.0",
      description:
        "Grid-based social governance over HTTP. Errors are RFC 9457 problem documents (application/problem+json)."
    })
  ) {}
