/**
 * The middleware the API declares (`Api.Authentication`, `Api.Validation`,
 * `Api.Limits`): who the caller is, and Schema's issues as problem documents.
 */
import { Access, CaseService } from "@gridgov/core"
import { Effect, Layer, Redacted, SchemaIssue } from "effect"
import { HttpApiMiddleware } from "effect/http-api"
import * as Api from "../../Api.js"
import * as Auth from "../../Auth.js"
import * as Problem from "../../Problem.js"
import * as P from "../problems.js"

/**
 * Bearer tokens: the subject a token names, as the actor core knows. A person is
 * whoever the case service says they are today (`CaseService.actor`); a resident and
 * an integration (an API key) act as the public (`Access.resident`).
 */
export const AuthenticationLive = Layer.effect(
  Api.Authentication,
  Effect.gen(function* () {
    const auth = yield* Auth.Authenticator
    const cases = yield* CaseService.CaseService
    const actorOf = (subject: Auth.Subject): Effect.Effect<Access.Actor> =>
      subject._tag === "Person" ? cases.actor(subject.id) : Effect.succeed(Access.resident(subject.id))
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

/** A request that does not decode: a JSON body that is not the schema's is a 422, anything else a 400. */
export const ValidationLive = HttpApiMiddleware.layerSchemaErrorTransform(Api.Validation, (error) => {
  if (error.kind === "Body" || error.kind === "ResponseHeaders")
    return Effect.andThen(Effect.logError("response encoding failed", error.cause), Effect.fail(P.internal))
  const errors = toIssues(error.kind, error)
  if (error.kind === "Payload" && !errors.some((e) => e.message === "Expected a valid JSON body"))
    return Effect.fail(new Problem.InvalidCommand({ detail: "The body does not decode", errors }))
  return Effect.fail(new Problem.BadRequest({ detail: "Request validation failed", errors }))
})

/** The limits are checked by `Server.layerGuard` before routing; declared on the API for its answers. */
export const LimitsLive = Layer.succeed(Api.Limits, (httpEffect) => httpEffect)
