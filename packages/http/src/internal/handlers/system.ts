/** The system group: health, and a token for a new resident (`StaffService.residentToken`). */
import { StaffService } from "@gridgov/core"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import * as Api from "../../Api.js"

export const SystemLive = HttpApiBuilder.group(Api.Api, "system", (handlers) =>
  Effect.gen(function* () {
    const staff = yield* StaffService.StaffService
    return (
      handlers
        .handle("health", () => Effect.succeed({ status: "ok" as const }))
        // Anonymous: no key is remembered (a client's key would hand its resident to the
        // next client sending it); issuing writes nothing, so a plain retry is safe.
        .handle("publicToken", () => staff.residentToken())
    )
  })
)
