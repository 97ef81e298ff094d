/**
 * What several endpoint groups share: the case summary and its page (cases, work
 * lists), a post (directory, administration), a bearer token (public access,
 * administration), and the query and header parameters of paging and idempotency.
 *
 * @since 0.1.0
 */
import { Staff } from "@gridgov/core"
import { Schema } from "effect"

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

/** The optional `Idempotency-Key` header of the `POST`s that take one. */
export const IdempotencyHeaders = {
  "idempotency-key": Schema.optionalKey(
    Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(200)).annotate({
      description:
        "A key the client picks per logical request, bound to the caller and the request: a retry with the same key returns the first answer; the key sent with another request (endpoint, case or body) is a 422 idempotency-key-reused"
    })
  )
}

/** A page's size: 1 to 1000. */
export const Limit = Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 1000 })))

/** A page's cursor: the previous page's `next`. */
export const Cursor = Schema.optionalKey(
  Schema.fromJsonString(Schema.Tuple([Schema.Number, Schema.String.check(Schema.isMaxLength(256))])).annotate({
    description: "The `next` of the previous page"
  })
)
