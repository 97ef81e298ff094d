/**
 * Who is calling, and the middleware every request passes: bearer authentication
 * (which provides the `CurrentPrincipal`), request validation and the limits checked
 * before routing. Declared here so the OpenAPI document and clients know the answers.
 *
 * @since 0.1.0
 */
import type { Staff } from "@gridgov/core"
import { Context } from "effect"
import { HttpApiMiddleware, HttpApiSecurity } from "effect/http-api"
import * as Problem from "../Problem.js"

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
