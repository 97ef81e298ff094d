/**
 * The administration group's contract: people, posts and tokens (role `admin`). Part
 * of `Api`, which composes the groups; import the names from there (`Api.AdminGroup`).
 *
 * @since 0.1.0
 */
import { Staff } from "@gridgov/core"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import * as Problem from "../Problem.js"
import { Authentication } from "./Middleware.js"
import { IdempotencyHeaders, Limit, Post, Token } from "./Shared.js"

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
