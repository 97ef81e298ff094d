/** The cases group, over `CaseService`. */
import { CaseService } from "@gridgov/core"
import { Effect, Option } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import * as Api from "../../Api.js"
import * as P from "../problems.js"
import { decodeCursor, pageJson, receiptJson, summaryJson } from "./encoding.js"

export const CasesLive = HttpApiBuilder.group(Api.Api, "cases", (handlers) =>
  Effect.gen(function* () {
    const cases = yield* CaseService.CaseService
    return handlers
      .handle("report", ({ payload, headers }) =>
        Effect.gen(function* () {
          const { actor } = yield* Api.CurrentPrincipal
          const { lat, long, role, ...fields } = payload
          const receipt = yield* cases
            .open(
              {
                ...fields,
                ...(lat === undefined || long === undefined ? {} : { point: { long, lat } }),
                ...(role === undefined ? {} : { actor: { id: actor.id, role } })
              },
              actor,
              // the key binds to the body as decoded
              { idempotencyKey: headers["idempotency-key"], request: payload }
            )
            .pipe(Effect.catch((e) => P.fromExecute("new", e)))
          return receiptJson(receipt)
        })
      )
      .handle("command", ({ params, payload, headers }) =>
        Effect.gen(function* () {
          const { actor } = yield* Api.CurrentPrincipal
          const { role, ...fields } = payload
          const command = (
            role === undefined ? fields : { ...fields, actor: { id: actor.id, role } }
          ) as CaseService.CommandInput
          const receipt = yield* cases
            .execute(params.caseId, command, actor, { idempotencyKey: headers["idempotency-key"], request: payload })
            .pipe(Effect.catch((e) => P.fromExecute(params.caseId, e)))
          return receiptJson(receipt)
        })
      )
      .handle("get", ({ params }) =>
        Effect.gen(function* () {
          const { actor } = yield* Api.CurrentPrincipal
          const view = yield* cases.get(params.caseId, actor).pipe(Effect.catch((e) => P.fromGet(params.caseId, e)))
          return {
            id: view.state.id,
            kind: view.state.kind ?? "",
            status: view.state.status,
            version: view.state.version,
            state: view.state,
            summary: Option.match(view.summary, { onNone: () => null, onSome: summaryJson }),
            history: view.history.map((e) => ({
              version: e.version,
              position: e.position,
              type: e.type,
              at: e.at,
              actor: { id: e.actor.id, roles: [...e.actor.roles] },
              payload: e.payload,
              prevHash: e.prevHash,
              hash: e.hash
            }))
          }
        })
      )
      .handle("allowed", ({ params }) =>
        Effect.gen(function* () {
          const { actor } = yield* Api.CurrentPrincipal
          const allowed = yield* cases
            .allowed(params.caseId, actor)
            .pipe(Effect.catch((e) => P.fromGet(params.caseId, e)))
          return allowed as Api.Allowed
        })
      )
      .handle("sla", ({ params }) =>
        Effect.gen(function* () {
          const { actor } = yield* Api.CurrentPrincipal
          const view = yield* cases.get(params.caseId, actor).pipe(Effect.catch((e) => P.fromGet(params.caseId, e)))
          const summary = Option.getOrUndefined(view.summary)
          const body = (summary?.body ?? {}) as { readonly sla?: unknown }
          return {
            caseId: view.state.id,
            status: view.state.status,
            dueAt: summary?.dueAt ?? null,
            overdue: summary?.overdue ?? false,
            clocks: body.sla ?? [],
            breached: [...view.state.overdue],
            running: [...view.state.clocks],
            paused: view.state.paused !== null
          }
        })
      )
      .handle("search", ({ query }) =>
        Effect.gen(function* () {
          const { actor } = yield* Api.CurrentPrincipal
          const page = yield* cases
            .search(
              {
                grid: query.grid,
                kinds: query.kind === undefined ? undefined : [query.kind],
                states: query.state === undefined ? undefined : query.state.split(","),
                category: query.category,
                unit: query.unit,
                overdue: query.overdue === undefined ? undefined : query.overdue === "true",
                createdFrom: query.from,
                createdTo: query.to,
                orderBy: query.order,
                limit: query.limit,
                after: decodeCursor(query.cursor)
              },
              actor
            )
            .pipe(Effect.catch(P.fromStore))
          return pageJson(page)
        })
      )
  })
)
