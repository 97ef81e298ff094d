/**
 * The HTTP contract of gridgov, and nothing else: endpoints, their schemas, the
 * problems each may answer with (status on the problem's schema), and the
 * middleware they declare. A client imports this module alone
 * (`@gridgov/http/Api`) to derive a typed client (`HttpApiClient.make(Api.Api)`)
 * or the OpenAPI document (`OpenApi.fromApi(Api.Api)`); the server's handlers are
 * in `Server`. The `POST`s that report a case, command one or administer the
 * directory, and the writes to the city's configuration, take an optional
 * `Idempotency-Key` header, bound to the caller and to
 * the request (a retry replays the first answer; the key sent with another request
 * is a 422 `idempotency-key-reused`); `POST /auth/public` takes none.
 *
 * @since 0.1.0
 */
import { HttpApi, OpenApi } from "effect/http-api"
import { AdminGroup } from "./api/Admin.js"
import { AnalyticsGroup } from "./api/Analytics.js"
import { CasesGroup } from "./api/Cases.js"
import { CityGroup } from "./api/City.js"
import { DirectoryGroup } from "./api/Directory.js"
import { Limits, Validation } from "./api/Middleware.js"
import { NoticesGroup } from "./api/Notices.js"
import { RecordsGroup } from "./api/Records.js"
import { SystemGroup } from "./api/System.js"
import { WorkGroup } from "./api/Work.js"

// One file per endpoint group (`api/`), each with the schemas only it uses; what
// several share is in `api/Shared.ts`. This module composes them and is the one
// users import: every name below is `Api.<name>`.
export * from "./api/Admin.js"
export * from "./api/Analytics.js"
export * from "./api/Cases.js"
export * from "./api/City.js"
export * from "./api/Directory.js"
export * from "./api/Middleware.js"
export * from "./api/Notices.js"
export * from "./api/Records.js"
export { Page, Post, Summary, Token } from "./api/Shared.js"
export * from "./api/System.js"
export * from "./api/Work.js"

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
  .add(CityGroup)
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
