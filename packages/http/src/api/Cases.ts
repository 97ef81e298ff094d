/**
 * The cases group's contract: report a case, issue a lifecycle command, read a case
 * with its history, its SLA status and the commands the caller may issue, and search.
 * Part of `Api`, which composes the groups; import the names from there
 * (`Api.CasesGroup`).
 *
 * @since 0.1.0
 */
import { CaseKind, Category, Staff } from "@gridgov/core"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import * as body from "../internal/body.js"
import * as Problem from "../Problem.js"
import { Authentication } from "./Middleware.js"
import { Cursor, IdempotencyHeaders, Limit, Page, Summary } from "./Shared.js"

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

const CaseId = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(200))

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
