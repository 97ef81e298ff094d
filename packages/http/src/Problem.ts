/**
 * The RFC 9457 problem documents the HTTP API answers with. Each is an
 * `HttpApiError.Problem` class: a stable `type` URI under
 * `https://gridgov.dev/problems/`, a `title`, and the HTTP status declared on the
 * schema (never chosen in handler code). `detail` and `instance` are per request;
 * 400 and 422 carry Schema's decoding issues in `errors`.
 *
 * | status | type | when |
 * |---|---|---|
 * | 400 | `bad-request` | a path parameter, query or header does not decode, or the body is not JSON |
 * | 401 | `unauthorized` | no bearer token, or one that is forged or expired |
 * | 403 | `access-denied` | the caller may not issue this command or use this endpoint |
 * | 404 | `not-found` | no such resource, or one outside the caller's jurisdiction (the two look alike) |
 * | 409 | `transition-not-allowed`, `guard-rejected`, `case-paused`, `sla-not-due`, `version-conflict` | the case's state refuses the command, or writers kept racing |
 * | 409 | `record-exists`, `notice-exists` | a record or notice with this id was filed or published before |
 * | 409 | `strands-work` | a configuration change would leave work without anyone to do it; `strands` lists what |
 * | 413 | `payload-too-large` | the body is over the server's limit |
 * | 415 | `unsupported-media-type` | the body is not `application/json` |
 * | 422 | `invalid-command` | the body is JSON but not a valid command or report |
 * | 422 | `idempotency-key-reused` | the `Idempotency-Key` was used by the caller for another request (another endpoint, case or body) |
 * | 429 | `rate-limited` | too many requests; `Retry-After` says when to come back |
 * | 500 | `internal` | a fault on our side; nothing about it is disclosed |
 *
 * @since 0.1.0
 */
import { CityChange } from "@gridgov/core"
import { Schema } from "effect"
import { HttpApiError } from "effect/http-api"

/**
 * The base of every problem type URI.
 *
 * @example
 * import { Problem } from "@gridgov/http"
 * `${Problem.base}not-found` // "https://gridgov.dev/problems/not-found"
 *
 * @category constants
 * @since 0.1.0
 */
export const base = "https://gridgov.dev/problems/"

/**
 * One decoding issue: where (the request slot, `body`, `query`, `params` or `headers`,
 * then the path inside it) and Schema's message. A request that does not decode lists
 * every issue, not only the first.
 *
 * @example
 * import type { Problem } from "@gridgov/http"
 * const issue: Problem.Issue = { path: ["query", "limit"], message: "Expected a finite number, got \"x\"" }
 *
 * @category models
 * @since 0.1.0
 */
export const Issue = Schema.Struct({
  path: Schema.Array(Schema.Union([Schema.String, Schema.Number])),
  message: Schema.String
})

/**
 * @category models
 * @since 0.1.0
 */
export type Issue = typeof Issue.Type

/**
 * 400: a path parameter, query parameter or header does not decode, or the body is not JSON.
 *
 * @example
 * import { Problem } from "@gridgov/http"
 * new Problem.BadRequest({ detail: "Request validation failed", errors: [] }).status // 400
 *
 * @category problems
 * @since 0.1.0
 */
export class BadRequest extends HttpApiError.Problem<BadRequest>()(
  "BadRequest",
  { type: `${base}bad-request`, status: 400, title: "Bad request" },
  { errors: Schema.optionalKey(Schema.Array(Issue)) }
) {}

/**
 * 401: no bearer token, or one that is malformed, forged or expired.
 *
 * @example
 * import { Problem } from "@gridgov/http"
 * new Problem.Unauthorized({ detail: "Missing bearer token" }).status // 401
 *
 * @category problems
 * @since 0.1.0
 */
export class Unauthorized extends HttpApiError.Problem<Unauthorized>()("Unauthorized", {
  type: `${base}unauthorized`,
  status: 401,
  title: "Unauthorized"
}) {}

/**
 * 403: the caller is known but may not do this. `reason` is `Access.Reason`'s tag
 * (`NoPost`, `RoleNotAllowed`, `NotHandler`, …) or `AdminOnly`; it never says
 * anything about a case the caller cannot read.
 *
 * @example
 * import { Problem } from "@gridgov/http"
 * new Problem.AccessDenied({ detail: "Register denied: NoPost", reason: "NoPost" }).status // 403
 *
 * @category problems
 * @since 0.1.0
 */
export class AccessDenied extends HttpApiError.Problem<AccessDenied>()(
  "AccessDenied",
  { type: `${base}access-denied`, status: 403, title: "Access denied" },
  { reason: Schema.String }
) {}

/**
 * 404: no such resource, or one outside the caller's jurisdiction: the two give the
 * same answer, word for word.
 *
 * @example
 * import { Problem } from "@gridgov/http"
 * new Problem.NotFound({ detail: "case c-1 not found" }).status // 404
 *
 * @category problems
 * @since 0.1.0
 */
export class NotFound extends HttpApiError.Problem<NotFound>()("NotFound", {
  type: `${base}not-found`,
  status: 404,
  title: "Not found"
}) {}

/**
 * 409: the command is not defined in the case's current state (`Case.TransitionNotAllowed`).
 *
 * @example
 * import { Problem } from "@gridgov/http"
 * new Problem.TransitionNotAllowed({ detail: "Register is not allowed in state closed" }).status // 409
 *
 * @category problems
 * @since 0.1.0
 */
export class TransitionNotAllowed extends HttpApiError.Problem<TransitionNotAllowed>()("TransitionNotAllowed", {
  type: `${base}transition-not-allowed`,
  status: 409,
  title: "Transition not allowed"
}) {}

/**
 * 409: a guard of the transition does not hold (`Case.GuardRejected`, e.g. the reopen window passed).
 *
 * @example
 * import { Problem } from "@gridgov/http"
 * new Problem.GuardRejected({ detail: "guard withinReopenWindow does not hold", guard: "withinReopenWindow" }).status // 409
 *
 * @category problems
 * @since 0.1.0
 */
export class GuardRejected extends HttpApiError.Problem<GuardRejected>()(
  "GuardRejected",
  { type: `${base}guard-rejected`, status: 409, title: "Guard rejected" },
  { guard: Schema.String }
) {}

/**
 * 409: the case is paused and the command is not one allowed while paused (`Case.CasePaused`).
 *
 * @example
 * import { Problem } from "@gridgov/http"
 * new Problem.CasePaused({ detail: "Meet is not allowed while the case is paused" }).status // 409
 *
 * @category problems
 * @since 0.1.0
 */
export class CasePaused extends HttpApiError.Problem<CasePaused>()("CasePaused", {
  type: `${base}case-paused`,
  status: 409,
  title: "Case paused"
}) {}

/**
 * 409: an SLA warning or breach for a clock with nothing due (`CaseService.NotDue`).
 *
 * @example
 * import { Problem } from "@gridgov/http"
 * new Problem.SlaNotDue({ detail: "nothing due on clock handle" }).status // 409
 *
 * @category problems
 * @since 0.1.0
 */
export class SlaNotDue extends HttpApiError.Problem<SlaNotDue>()("SlaNotDue", {
  type: `${base}sla-not-due`,
  status: 409,
  title: "Nothing due"
}) {}

/**
 * 409: other writers kept appending to the case, or changing the city's configuration;
 * the service's retries ran out (`CaseService.Conflict`, `CityService.Conflict`). Nothing was written: retry the request (with the same
 * `Idempotency-Key`).
 *
 * @example
 * import { Problem } from "@gridgov/http"
 * new Problem.VersionConflict({ detail: "version conflict after 5 attempts" }).status // 409
 *
 * @category problems
 * @since 0.1.0
 */
export class VersionConflict extends HttpApiError.Problem<VersionConflict>()("VersionConflict", {
  type: `${base}version-conflict`,
  status: 409,
  title: "Version conflict"
}) {}

/**
 * 409: a record with this id was filed before (`RecordStore.RecordExists`). A client
 * that picks its record ids can resend a record safely: the second answer is this.
 *
 * @example
 * import { Problem } from "@gridgov/http"
 * new Problem.RecordExists({ detail: "record r-1 exists" }).status // 409
 *
 * @category problems
 * @since 0.1.0
 */
export class RecordExists extends HttpApiError.Problem<RecordExists>()("RecordExists", {
  type: `${base}record-exists`,
  status: 409,
  title: "Record exists"
}) {}

/**
 * 409: a notice with this id was published before (`NoticeStore.NoticeExists`).
 *
 * @example
 * import { Problem } from "@gridgov/http"
 * new Problem.NoticeExists({ detail: "notice n-1 exists" }).status // 409
 *
 * @category problems
 * @since 0.1.0
 */
export class NoticeExists extends HttpApiError.Problem<NoticeExists>()("NoticeExists", {
  type: `${base}notice-exists`,
  status: 409,
  title: "Notice exists"
}) {}

/**
 * 409: a change to the city's configuration would strand work (`CityChange.Stranded`):
 * open cases held by a unit that closes or filed under a category that goes, a grid or
 * unit left without a post, posts at a closing unit, a unit the routing table still
 * names. `strands` lists each: what it strands (`subject`), the first items (case,
 * post or table paths), how many in all, the index of the change in the batch, and how
 * the batch could name where the work goes (`remedy`). Nothing was written.
 *
 * @example
 * import { Problem } from "@gridgov/http"
 * new Problem.StrandsWork({ detail: "The change strands work", strands: [] }).status // 409
 *
 * @category problems
 * @since 0.1.0
 */
export class StrandsWork extends HttpApiError.Problem<StrandsWork>()(
  "StrandsWork",
  { type: `${base}strands-work`, status: 409, title: "The change strands work" },
  { strands: Schema.Array(CityChange.Strand) }
) {}

/**
 * 413: the request body is larger than the server accepts.
 *
 * @example
 * import { Problem } from "@gridgov/http"
 * new Problem.PayloadTooLarge({ detail: "The body exceeds 65536 bytes" }).status // 413
 *
 * @category problems
 * @since 0.1.0
 */
export class PayloadTooLarge extends HttpApiError.Problem<PayloadTooLarge>()("PayloadTooLarge", {
  type: `${base}payload-too-large`,
  status: 413,
  title: "Payload too large"
}) {}

/**
 * 415: the body is not of a media type the endpoint takes (JSON).
 *
 * @example
 * import { Problem } from "@gridgov/http"
 * new Problem.UnsupportedMediaType({ detail: "Send application/json" }).status // 415
 *
 * @category problems
 * @since 0.1.0
 */
export class UnsupportedMediaType extends HttpApiError.Problem<UnsupportedMediaType>()("UnsupportedMediaType", {
  type: `${base}unsupported-media-type`,
  status: 415,
  title: "Unsupported media type"
}) {}

/**
 * 422: the body is JSON but does not decode as the command or report it should be
 * (`Case`'s command schema); `errors` lists Schema's issues.
 *
 * @example
 * import { Problem } from "@gridgov/http"
 * new Problem.InvalidCommand({ detail: "Request validation failed", errors: [] }).status // 422
 *
 * @category problems
 * @since 0.1.0
 */
export class InvalidCommand extends HttpApiError.Problem<InvalidCommand>()(
  "InvalidCommand",
  { type: `${base}invalid-command`, status: 422, title: "Invalid command" },
  { errors: Schema.optionalKey(Schema.Array(Issue)) }
) {}

/**
 * 422: the caller sent this `Idempotency-Key` before with another request: another
 * endpoint, another case, or a body that decodes to something else
 * (`Idempotency.KeyReused`). Nothing ran; the first request's effects and answer
 * stay as they were. A retry must repeat its request (member order and whitespace
 * of the JSON body do not matter); a new request needs a new key.
 *
 * @example
 * import { Problem } from "@gridgov/http"
 * new Problem.IdempotencyKeyReused({ detail: "idempotency key k-1 was used for another request" }).status // 422
 *
 * @category problems
 * @since 0.1.0
 */
export class IdempotencyKeyReused extends HttpApiError.Problem<IdempotencyKeyReused>()("IdempotencyKeyReused", {
  type: `${base}idempotency-key-reused`,
  status: 422,
  title: "Idempotency key reused"
}) {}

/**
 * 429: too many requests from this caller; `retryAfter` (seconds) is also sent as `Retry-After`.
 *
 * @example
 * import { Problem } from "@gridgov/http"
 * new Problem.RateLimited({ detail: "Too many requests", retryAfter: 3 }).status // 429
 *
 * @category problems
 * @since 0.1.0
 */
export class RateLimited extends HttpApiError.Problem<RateLimited>()(
  "RateLimited",
  { type: `${base}rate-limited`, status: 429, title: "Too many requests" },
  { retryAfter: Schema.Number }
) {}

/**
 * 500: a fault on the server's side (a storage failure, a bug). Nothing about it is
 * disclosed; the server logs it under the problem's `instance`.
 *
 * @example
 * import { Problem } from "@gridgov/http"
 * new Problem.Internal({ detail: "The server could not complete the request" }).status // 500
 *
 * @category problems
 * @since 0.1.0
 */
export class Internal extends HttpApiError.Problem<Internal>()("Internal", {
  type: `${base}internal`,
  status: 500,
  title: "Internal error"
}) {}

/**
 * The problems a command may end in (besides 400/401/413/415/429 that any request may get).
 *
 * @example
 * import { Problem } from "@gridgov/http"
 * Problem.commandErrors.length // 10
 *
 * @category problems
 * @since 0.1.0
 */
export const commandErrors = [
  AccessDenied,
  NotFound,
  TransitionNotAllowed,
  GuardRejected,
  CasePaused,
  SlaNotDue,
  VersionConflict,
  InvalidCommand,
  IdempotencyKeyReused,
  Internal
] as const

/**
 * Every problem class, for catalogues and docs.
 *
 * @example
 * import { Problem } from "@gridgov/http"
 * Problem.all.map((p) => p.identifier)
 *
 * @category problems
 * @since 0.1.0
 */
export const all = [
  BadRequest,
  Unauthorized,
  AccessDenied,
  NotFound,
  TransitionNotAllowed,
  GuardRejected,
  CasePaused,
  SlaNotDue,
  VersionConflict,
  RecordExists,
  NoticeExists,
  StrandsWork,
  PayloadTooLarge,
  UnsupportedMediaType,
  InvalidCommand,
  IdempotencyKeyReused,
  RateLimited,
  Internal
] as const
