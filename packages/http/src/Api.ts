/**
 * The HTTP contract of gridgov, and nothing else: endpoints, their schemas, the
 * problems each may answer with (status on the problem's schema), and the
 * middleware they declare. A client imports this module alone
 * (`@gridgov/http/Api`) to derive a typed client (`HttpApiClient.make(Api.Api)`)
 * or the OpenAPI document (`OpenApi.fromApi(Api.Api)`); the server's handlers are
 * in `Server`. The `POST`s that report a case, command one or administer the
 * directory take an optional `Idempotency-Key` header, bound to the caller and to
 * the request (a retry replays the first answer; the key sent with another request
 * is a 422 `idempotency-key-reused`); `POST /auth/public` takes none.
 *
 * @since 0.1.0
 */
import { Analytics, Notice, Records, type Staff } from "@gridgov/core"
import { Context } from "effect"
import { HttpApi, OpenApi } from "effect/http-api"
import { AdminGroup } from "./api/Admin.js"
import { AnalyticsGroup } from "./api/Analytics.js"
import { CasesGroup } from "./api/Cases.js"
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
export * from "./api/Directory.js"
export * from "./api/Middleware.js"
export * from "./api/Notices.js"
export * from "./api/Records.js"
export { Page, Post, Summary, Token } from "./api/Shared.js"
export * from "./api/System.js"
export * from "./api/Work.js"

/**
 * The weights `GET /analytics/appraisal` scores with (default
 * `Analytics.defaultWeights`).
 *
 * @example
 * import { Analytics } from "@gridgov/core"
 * import { Api } from "@gridgov/http"
 * import { Layer } from "effect"
 * const closureOnly = Layer.succeed(Api.AnalyticsSettings, { weights: { rates: [{ rate: "closureRate", weight: 1 }] } })
 *
 * @category context
 * @since 0.1.0
 */
export const AnalyticsSettings: Context.Reference<{ readonly weights: Analytics.Weights }> = Context.Reference(
  "@gridgov/http/Api/AnalyticsSettings",
  { defaultValue: () => ({ weights: Analytics.defaultWeights }) }
)

/**
 * Who may publish notices: the roles `Notice.canPublish` accepts (default
 * `Notice.defaultPublishers`: leaders, grid chiefs, the center's dispatchers,
 * admins), each within its jurisdiction.
 *
 * @example
 * import { Notice } from "@gridgov/core"
 * import { Api } from "@gridgov/http"
 * import { Layer } from "effect"
 * const officersToo = Layer.succeed(Api.NoticesSettings, { publishers: [...Notice.defaultPublishers, "departmentOfficer"] })
 *
 * @category context
 * @since 0.1.0
 */
export const NoticesSettings: Context.Reference<{ readonly publishers: ReadonlyArray<Staff.Role> }> = Context.Reference(
  "@gridgov/http/Api/NoticesSettings",
  { defaultValue: () => ({ publishers: Notice.defaultPublishers }) }
)

/**
 * How the records endpoints judge records: the taxonomy a filed record's item must
 * belong to, and the policy of who sees personal data in clear. Defaults to
 * `Records.defaults` and `Records.defaultPolicy`; provide it to change them.
 *
 * @example
 * import { Records } from "@gridgov/core"
 * import { Api } from "@gridgov/http"
 * import { Layer } from "effect"
 * const strict = Layer.succeed(Api.RecordsSettings, { taxonomy: Records.defaults, policy: [] })
 *
 * @category context
 * @since 0.1.0
 */
export const RecordsSettings: Context.Reference<{
  readonly taxonomy: Records.Taxonomy
  readonly policy: Records.Policy
}> = Context.Reference("@gridgov/http/Api/RecordsSettings", {
  defaultValue: () => ({ taxonomy: Records.defaults, policy: Records.defaultPolicy })
})

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
