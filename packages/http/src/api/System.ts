/**
 * The system group's contract: health and the public token. Part of `Api`, which
 * composes the groups; import the names from there (`Api.SystemGroup`).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { Token } from "./Shared.js"

/**
 * Health and the public token: `GET /health`, `POST /auth/public` (a token for a new
 * resident, to report and follow their own cases).
 *
 * @example
 * import { Api } from "@gridgov/http"
 * Api.SystemGroup.identifier // "system"
 *
 * @category groups
 * @since 0.1.0
 */
export class SystemGroup extends HttpApiGroup.make("system", { topLevel: true })
  .add(
    HttpApiEndpoint.get("health", "/health", { success: Schema.Struct({ status: Schema.Literal("ok") }) }).annotate(
      OpenApi.Summary,
      "Whether the server is up"
    )
  )
  .add(
    HttpApiEndpoint.post("publicToken", "/auth/public", {
      success: Token.pipe(HttpApiSchema.status(201))
    })
      .annotate(OpenApi.Summary, "Issue a resident (public) token for reporting and following one's own cases")
      .annotate(
        OpenApi.Description,
        "Every call issues a new resident and writes nothing, so a retry is safe without a key: no Idempotency-Key is taken (a token is never remembered nor handed to another client)."
      )
  )
  .annotateMerge(OpenApi.annotations({ title: "System", description: "Health and public access" })) {}
