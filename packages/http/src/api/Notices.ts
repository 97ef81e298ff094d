/**
 * The notices group's contract: information publishing (信息发布): publish a notice, read
 * the inbox and one notice, mark it read, and see who has read it. Part of `Api`,
 * which composes the groups; import the names from there (`Api.NoticesGroup`).
 *
 * @since 0.1.0
 */
import { Notice } from "@gridgov/core"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import * as Problem from "../Problem.js"
import { Authentication } from "./Middleware.js"
import { Cursor, Limit } from "./Shared.js"

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

const NoticeId = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(64))

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
