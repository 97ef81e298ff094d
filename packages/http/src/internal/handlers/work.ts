/** The work lists group, over `CaseService`'s work lists. */
import { CaseService } from "@gridgov/core"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import * as Api from "../../Api.js"
import * as P from "../problems.js"
import { decodeCursor, pageJson } from "./encoding.js"

const paging = (q: {
  readonly limit?: number
  readonly cursor?: readonly [number, string]
  readonly grid?: string
  readonly unit?: string
}) => ({ limit: q.limit, after: decodeCursor(q.cursor), grid: q.grid, unit: q.unit })

export const WorkLive = HttpApiBuilder.group(Api.Api, "work", (handlers) =>
  Effect.gen(function* () {
    const cases = yield* CaseService.CaseService
    const actor = Effect.map(Effect.service(Api.CurrentPrincipal), (p) => p.actor)
    return handlers
      .handle("todo", ({ query }) =>
        Effect.flatMap(actor, (a) => cases.todo(a, paging(query)).pipe(Effect.map(pageJson), Effect.catch(P.fromStore)))
      )
      .handle("overdue", ({ query }) =>
        Effect.flatMap(actor, (a) =>
          cases.overdue(a, paging(query)).pipe(Effect.map(pageJson), Effect.catch(P.fromStore))
        )
      )
      .handle("dueSoon", ({ query }) =>
        Effect.flatMap(actor, (a) =>
          cases.dueSoon(a, query.within, paging(query)).pipe(Effect.map(pageJson), Effect.catch(P.fromStore))
        )
      )
  })
)
