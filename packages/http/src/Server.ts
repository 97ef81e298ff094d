/**
 * The server side of `Api`: its handlers over core's services (cases, records,
 * notices, analytics, staff, the city's configuration), authentication,
 * request validation, the limits every request is under (body size, rate), the
 * OpenAPI document (`/openapi.json`), a docs page (`/docs`) and the Open311
 * GeoReport v2 surface (`/open311/v2`, see `Open311`). `layer` adds all of it to an
 * `HttpRouter`; serve it with `HttpRouter.serve` on any `HttpServer` (e.g.
 * `NodeHttpServer.layer` from `@effect/platform-node`).
 *
 * Every 4xx and 5xx answer is a problem document (`application/problem+json`, see
 * `Problem`), with the request path as `instance`; Open311 answers with the spec's
 * error arrays instead.
 *
 * @since 0.1.0
 */
import {
  AnalyticsService,
  type AnalyticsStore,
  type CaseService,
  type CaseStore,
  CityService,
  type CityStore,
  type Configuration,
  type Idempotency,
  NoticeService,
  type NoticeStore,
  RecordService,
  type RecordStore,
  StaffService,
  type Tokens
} from "@gridgov/core"
import { type Cause, Effect, Fiber, Layer } from "effect"
import { HttpIncomingMessage, HttpRouter, HttpServerError, HttpServerRequest, HttpServerResponse } from "effect/http"
import { HttpApiBuilder } from "effect/http-api"
import * as Api from "./Api.js"
import type * as Auth from "./Auth.js"
import { docsCsp, docsPage } from "./internal/docs.js"
import { AdminLive } from "./internal/handlers/admin.js"
import { AnalyticsLive } from "./internal/handlers/analytics.js"
import { CasesLive } from "./internal/handlers/cases.js"
import { CityLive } from "./internal/handlers/city.js"
import { DirectoryLive } from "./internal/handlers/directory.js"
import { AuthenticationLive, LimitsLive, ValidationLive } from "./internal/handlers/middleware.js"
import { NoticesLive } from "./internal/handlers/notices.js"
import { RecordsLive } from "./internal/handlers/records.js"
import { SystemLive } from "./internal/handlers/system.js"
import { WorkLive } from "./internal/handlers/work.js"
import * as P from "./internal/problems.js"
import * as Open311 from "./Open311.js"
import * as RateLimit from "./RateLimit.js"

/**
 * Server options: the largest request body accepted (default 64 KiB; larger is a
 * 413), how long a request body may take to arrive once its headers have (default
 * 30 s; slower is a 408 and the connection is closed), how a request's rate-limit key
 * is made (default: the client address), and the Open311 surface's options (`false`
 * to leave it out).
 *
 * The headers themselves are bounded by the Node server you create:
 * `createServer({ headersTimeout: 10_000, requestTimeout: 60_000 })`.
 *
 * @example
 * import type { Server } from "@gridgov/http"
 * const options: Server.Options = { maxBodyBytes: 32 * 1024, bodyTimeoutMs: 10_000 }
 *
 * @category config
 * @since 0.1.0
 */
export interface Options {
  readonly maxBodyBytes?: number | undefined
  readonly bodyTimeoutMs?: number | undefined
  readonly rateKey?: ((request: HttpServerRequest.HttpServerRequest) => string) | undefined
  readonly open311?: Open311.Options | false | undefined
}

const pathOf = (url: string) => {
  const q = url.indexOf("?")
  return q < 0 ? url : url.slice(0, q)
}

const defaultKey = (request: HttpServerRequest.HttpServerRequest) =>
  request.remoteAddress._tag === "Some" ? request.remoteAddress.value : "unknown"

/**
 * Whether a `Content-Type` is JSON in UTF-8: `application/json`, with no `charset`
 * or `charset=utf-8`.
 */
const isJson = (type: string | undefined): boolean => {
  if (type === undefined) return false
  const [media, ...params] = type.split(";")
  if (media!.trim().toLowerCase() !== "application/json") return false
  return params.every((p) => {
    const eq = p.indexOf("=")
    if (eq < 0 || p.slice(0, eq).trim().toLowerCase() !== "charset") return true
    const charset = p
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, "$1")
      .toLowerCase()
    return charset === "utf-8" || charset === "utf8"
  })
}

/** Paths whose answers hold no personal data and may be cached. */
const cacheable = (path: string) => path === "/docs" || path === "/openapi.json"

/** Every answer: never sniffed; never stored by a cache unless it is the docs page or the OpenAPI document. */
const secured = (response: HttpServerResponse.HttpServerResponse, path: string) =>
  HttpServerResponse.setHeaders(
    response,
    cacheable(path)
      ? { "x-content-type-options": "nosniff" }
      : { "x-content-type-options": "nosniff", "cache-control": "no-store" }
  )

/**
 * The middleware around every route: the rate limit (429 with `Retry-After`), the
 * body size limit (413, also for bodies without a `Content-Length`), JSON bodies
 * only (415 for a body without `Content-Type: application/json` in UTF-8; Open311
 * takes its form bodies), the body time limit (408), the rendering of every error as
 * a problem document (or as an Open311 error under `/open311`), and on every answer
 * `X-Content-Type-Options: nosniff` and, but for the docs page and the OpenAPI
 * document, `Cache-Control: no-store` (answers carry personal data and tokens).
 *
 * @example
 * import { Server } from "@gridgov/http"
 * const guard = Server.layerGuard({ maxBodyBytes: 1024 })
 *
 * @category layers
 * @since 0.1.0
 */
export const layerGuard = (options: Options = {}) =>
  HttpRouter.middleware(
    Effect.gen(function* () {
      const limiter = yield* RateLimit.RateLimiter
      const max = options.maxBodyBytes ?? 64 * 1024
      const bodyTimeout = options.bodyTimeoutMs ?? 30_000
      const keyOf = options.rateKey ?? defaultKey
      const answer = <E, R>(
        request: HttpServerRequest.HttpServerRequest,
        path: string,
        httpEffect: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>
      ) =>
        Effect.gen(function* () {
          const open311 = path.startsWith("/open311/")
          const render = (response: HttpServerResponse.HttpServerResponse) =>
            open311 ? Open311.normalize(response, path) : P.normalize(response, request.method, path)
          // The unread body would be parsed as the next request: close the connection after answering.
          const refuse = (status: number, extra: Record<string, unknown>) =>
            HttpServerResponse.setHeader(render(P.bare(status, request.method, path, extra)), "connection", "close")
          const decision = yield* limiter.take(keyOf(request))
          if (decision._tag === "Limited") {
            const retry = String(decision.retryAfter)
            return HttpServerResponse.setHeader(
              render(
                P.bare(429, request.method, path, {
                  type: "https://gridgov.dev/problems/rate-limited",
                  title: "Too many requests",
                  detail: `Too many requests: retry after ${retry} s`,
                  retryAfter: decision.retryAfter
                })
              ),
              "retry-after",
              retry
            )
          }
          const length = request.headers["content-length"]
          if (length !== undefined && (!/^\d+$/.test(length) || Number(length) > max))
            return refuse(413, { detail: `The body exceeds ${max} bytes` })
          const hasBody = (length !== undefined && length !== "0") || request.headers["transfer-encoding"] !== undefined
          if (hasBody && !open311 && !isJson(request.headers["content-type"]))
            return refuse(415, { detail: "Send the body as application/json in UTF-8" })
          if (hasBody) {
            // Read the whole body now, within the time limit; the handlers get it from the request's cache.
            // The read is not interrupted on time-out (that would drop the socket before the 408):
            // the answer closes the connection, which ends it.
            const reading = yield* Effect.forkDetach(
              request.arrayBuffer.pipe(Effect.provideService(HttpIncomingMessage.MaxBodySize, max as never))
            )
            const read = yield* Fiber.join(reading).pipe(Effect.timeoutOption(bodyTimeout), Effect.exit)
            if (read._tag === "Failure")
              return tooLarge(read.cause)
                ? refuse(413, { detail: `The body exceeds ${max} bytes` })
                : refuse(400, { detail: "The body could not be read" })
            if (read.value._tag === "None")
              return refuse(408, { detail: `The body did not arrive within ${bodyTimeout} ms` })
          }
          const response = yield* httpEffect.pipe(
            Effect.provideService(HttpIncomingMessage.MaxBodySize, max as never),
            Effect.catchCause((cause) =>
              Effect.gen(function* () {
                if (tooLarge(cause))
                  return HttpServerResponse.setHeader(
                    P.bare(413, request.method, path, { detail: `The body exceeds ${max} bytes` }),
                    "connection",
                    "close"
                  )
                const [response] = yield* HttpServerError.causeResponse(cause)
                if (response.status >= 500) yield* Effect.logError("request failed", cause)
                return response
              })
            )
          )
          const rendered = render(response)
          // An error answered before the body was read leaves it unread on the connection, and
          // the server drops the connection: say so, so clients do not reuse it.
          return rendered.status >= 400 && hasBody
            ? HttpServerResponse.setHeader(rendered, "connection", "close")
            : rendered
        })
      return (httpEffect) =>
        Effect.gen(function* () {
          const request = yield* HttpServerRequest.HttpServerRequest
          const path = pathOf(request.url)
          return secured(yield* answer(request, path, httpEffect), path)
        }) as unknown as typeof httpEffect
    }),
    { global: true }
  )

const tooLarge = (cause: Cause.Cause<unknown>): boolean =>
  cause.reasons.some((r) => {
    const e = r._tag === "Fail" ? r.error : r._tag === "Die" ? r.defect : undefined
    return (
      HttpServerError.isHttpServerError(e) &&
      e.reason._tag === "RequestParseError" &&
      (e.reason as { readonly reason?: string }).reason === "BodyTooLarge"
    )
  })

/**
 * The API's handlers, authentication, validation and limits middleware, and the
 * OpenAPI route, without the guard or the docs page. Each handler decodes the
 * request, calls one core service and encodes its answer; the records, notices,
 * analytics, staff and configuration (`CityService`) services are built here over the ports `Server.layer` needs,
 * with their settings from `RecordService.layerConfig`, `NoticeService.layerConfig`,
 * `AnalyticsService.layerConfig` and `StaffService.layerConfig` when provided.
 *
 * @example
 * import { Server } from "@gridgov/http"
 * const routes = Server.layerApi
 *
 * @category layers
 * @since 0.1.0
 */
export const layerApi = HttpApiBuilder.layer(Api.Api, { openapiPath: "/openapi.json" }).pipe(
  Layer.provide([
    SystemLive,
    CasesLive,
    WorkLive,
    RecordsLive,
    NoticesLive,
    AnalyticsLive,
    DirectoryLive,
    AdminLive,
    CityLive
  ]),
  Layer.provide([AuthenticationLive, ValidationLive, LimitsLive]),
  Layer.provide([
    RecordService.layer,
    NoticeService.layer,
    AnalyticsService.layer,
    StaffService.layer.pipe(Layer.provideMerge(CityService.layer))
  ])
)

/**
 * The docs page: `GET /docs`, a self-contained HTML page (no external assets) that
 * lists the operations of `/openapi.json` and the problem types, under a
 * Content-Security-Policy that allows its own inline style and script (by hash) and
 * fetches to its origin, and nothing else.
 *
 * @example
 * import { Server } from "@gridgov/http"
 * const docs = Server.layerDocs
 *
 * @category layers
 * @since 0.1.0
 */
export const layerDocs = HttpRouter.add(
  "GET",
  "/docs",
  Effect.sync(() => HttpServerResponse.setHeader(HttpServerResponse.html(docsPage), "content-security-policy", docsCsp))
)

/**
 * Everything: the API, the docs page, Open311 and the guard, added to an `HttpRouter`.
 * Needs `CaseService` with its `Config` and the stores' `AnalyticsStore` and `Idempotency`
 * (the services' idempotency keys are kept there), a `RecordStore` and a `NoticeStore`
 * (`SqlRecords.layer()` provides both; and a `RecordCipher` if
 * records are sealed at rest), an `Authenticator` with core's `Tokens` (`Auth.layerHmac`
 * provides both), core's live `Configuration` with its `CityStore` (the staff directory is
 * part of the city's configuration; `SqlStore` provides the store), a `RateLimiter`, and
 * the HTTP platform services (`NodeHttpServer.layer` provides them). The records,
 * notices, analytics and staff services run over those ports with their settings'
 * defaults, unless their `layerConfig` is provided (e.g.
 * `RecordService.layerConfig({ policy })`, `NoticeService.layerConfig({ publishers })`).
 *
 * @example
 * import { Layer } from "effect"
 * import { HttpRouter } from "effect/http"
 * import { Server } from "@gridgov/http"
 * const app = HttpRouter.serve(Server.layer())
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (options: Options = {}) =>
  Layer.mergeAll(
    layerApi,
    layerDocs,
    options.open311 === false ? Layer.empty : Open311.layer(options.open311 ?? {}),
    layerGuard(options)
  )

/**
 * What `layer` needs from the application.
 *
 * @example
 * import type { Server } from "@gridgov/http"
 * type Needs = Server.Requirements
 *
 * @category layers
 * @since 0.1.0
 */
export type Requirements =
  | CaseService.CaseService
  | CaseService.Config
  | RecordStore.RecordStore
  | NoticeStore.NoticeStore
  | AnalyticsStore.AnalyticsStore
  | Idempotency.Idempotency
  | Auth.Authenticator
  | Tokens.Tokens
  | Configuration.Configuration
  | CityStore.CityStore
  | CaseStore.CaseStore
  | RateLimit.RateLimiter
