/**
 * Mapping the service's typed errors to problem documents, and rendering any other
 * error response (unknown route, unsupported media type, body too large, a defect) as
 * one, so that nothing the server answers with 4xx/5xx is anything but
 * `application/problem+json`.
 */
import { Access, type Audit, type Case, type CaseService, type CaseStore } from "@gridgov/core"
import { Effect } from "effect"
import { HttpServerResponse } from "effect/http"
import * as Problem from "../Problem.js"

export type CommandProblem = InstanceType<(typeof Problem.commandErrors)[number]>

/** A case the caller may not see gets the same answer as a case that does not exist. */
export const notFound = (caseId: string) => new Problem.NotFound({ detail: `case ${caseId} not found` })

export const internal = new Problem.Internal({ detail: "The server could not complete the request" })

/**
 * An `execute` or `open` error as a problem. A denial that conceals the case
 * (`Access.conceals`) answers as a missing case, word for word.
 */
export const fromExecute = (caseId: string, error: CaseService.ExecuteError): Effect.Effect<never, CommandProblem> => {
  switch (error._tag) {
    case "IdempotencyKeyReused":
      return Effect.fail(new Problem.IdempotencyKeyReused({ detail: error.message }))
    case "AccessDenied": {
      const reason = error.reason._tag
      if (Access.conceals(error)) return Effect.fail(notFound(caseId))
      if (reason === "UnknownPlace")
        return Effect.fail(new Problem.InvalidCommand({ detail: `place ${error.reason.place} is not a grid` }))
      if (reason === "PublicReport")
        return Effect.fail(
          new Problem.AccessDenied({
            detail:
              error.reason.field === "channel"
                ? "A member of the public reports through the public or online channel"
                : "A member of the public reports at ordinary severity: the center judges how serious a case is",
            reason
          })
        )
      return Effect.fail(new Problem.AccessDenied({ detail: error.message, reason }))
    }
    case "CategoryRejected":
      return Effect.fail(
        new Problem.InvalidCommand({
          detail: error.message,
          errors: [{ path: ["body", "category"], message: error.message }]
        })
      )
    case "TransitionNotAllowed":
      return Effect.fail(new Problem.TransitionNotAllowed({ detail: error.message }))
    case "GuardRejected":
      return Effect.fail(new Problem.GuardRejected({ detail: error.message, guard: error.guard }))
    case "CasePaused":
      return Effect.fail(new Problem.CasePaused({ detail: error.message }))
    case "RoleNotAllowed":
      return Effect.fail(new Problem.AccessDenied({ detail: error.message, reason: "RoleNotAllowed" }))
    case "InvalidCommand":
      return Effect.fail(new Problem.InvalidCommand({ detail: error.message }))
    case "SlaNotDue":
      return Effect.fail(new Problem.SlaNotDue({ detail: `nothing due on clock ${error.clock}` }))
    case "CaseConflict":
      return Effect.fail(new Problem.VersionConflict({ detail: error.message }))
    case "StoreError":
      return Effect.andThen(Effect.logError("store error", error), Effect.fail(internal))
  }
}

/** A read's store error: logged, answered with a bare 500. */
export const fromStore = (error: CaseStore.StoreError): Effect.Effect<never, Problem.Internal> =>
  Effect.andThen(Effect.logError("store error", error), Effect.fail(internal))

/**
 * A read that failed in the store, or a stream whose hash chain is broken: logged
 * with its findings for the operator, answered with a 500 that says which.
 */
export const fromRead = (error: CaseStore.StoreError | Audit.Tampered): Effect.Effect<never, Problem.Internal> =>
  error._tag === "Tampered"
    ? Effect.andThen(
        Effect.logError("case history failed its hash-chain check", error),
        Effect.fail(new Problem.Internal({ detail: "The case's stored history failed its integrity check" }))
      )
    : fromStore(error)

export const fromGet = (
  caseId: string,
  error: CaseService.NotFound | Audit.Tampered | CaseStore.StoreError
): Effect.Effect<never, Problem.NotFound | Problem.Internal> =>
  error._tag === "CaseNotFound" ? Effect.fail(notFound(caseId)) : fromRead(error)

/** The problem type, title and detail the server uses for a bare status. */
const byStatus = (status: number, method: string, path: string): Record<string, unknown> => {
  switch (status) {
    case 400:
      return { type: `${Problem.base}bad-request`, title: "Bad request", detail: "The request could not be read" }
    case 404:
      return { type: `${Problem.base}not-found`, title: "Not found", detail: `No resource at ${method} ${path}` }
    case 405:
      return { type: `${Problem.base}not-found`, title: "Not found", detail: `No resource at ${method} ${path}` }
    case 408:
      return { type: `${Problem.base}timeout`, title: "Request timeout" }
    case 413:
      return { type: `${Problem.base}payload-too-large`, title: "Payload too large", detail: "The body is too large" }
    case 415:
      return {
        type: `${Problem.base}unsupported-media-type`,
        title: "Unsupported media type",
        detail: "Send application/json"
      }
    default:
      return status >= 500
        ? {
            type: `${Problem.base}internal`,
            title: "Internal error",
            detail: "The server could not complete the request"
          }
        : { type: `${Problem.base}bad-request`, title: "Bad request" }
  }
}

export const contentType = "application/problem+json"

/** A problem document response for a bare status. */
export const bare = (status: number, method: string, path: string, extra: Record<string, unknown> = {}) =>
  HttpServerResponse.jsonUnsafe(
    { ...byStatus(status === 405 ? 404 : status, method, path), status: status === 405 ? 404 : status, ...extra },
    { status: status === 405 ? 404 : status, contentType }
  )

const decoder = new TextDecoder()

/**
 * An error response made a problem document with `instance` (the request path): a
 * problem body gets its `instance`, anything else is replaced by the problem of its status.
 */
export const normalize = (
  response: HttpServerResponse.HttpServerResponse,
  method: string,
  path: string
): HttpServerResponse.HttpServerResponse => {
  if (response.status < 400) return response
  const type = response.headers["content-type"] ?? ""
  if (type.startsWith(contentType) && response.body._tag === "Uint8Array") {
    try {
      const problem = JSON.parse(decoder.decode(response.body.body)) as Record<string, unknown>
      if (problem.instance !== undefined) return response
      return HttpServerResponse.jsonUnsafe(
        { ...problem, instance: path },
        { status: response.status, headers: response.headers, contentType }
      )
    } catch {
      return bare(response.status, method, path, { instance: path })
    }
  }
  const retry = response.headers["retry-after"]
  const replaced = bare(response.status, method, path, { instance: path })
  return retry === undefined ? replaced : HttpServerResponse.setHeader(replaced, "retry-after", retry)
}

export const deniedReason = (d: Access.Denied) => d.reason._tag

export type DecideFailure = Case.DecideError
