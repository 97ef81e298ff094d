/** The administration group, over `StaffService` (which holds the admin check). */
import {
  type Access,
  type CityChange,
  type CityService,
  type Configuration,
  type Idempotency,
  StaffService
} from "@gridgov/core"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import * as Api from "../../Api.js"
import * as Problem from "../../Problem.js"
import * as P from "../problems.js"

const slice = (query: { readonly offset?: number; readonly limit?: number }) => ({
  offset: query.offset,
  limit: query.limit
})

export const AdminLive = HttpApiBuilder.group(Api.Api, "admin", (handlers) =>
  Effect.gen(function* () {
    const staff = yield* StaffService.StaffService
    const forbidden = (e: Access.Forbidden) =>
      Effect.fail(new Problem.AccessDenied({ detail: "Administration needs the admin role", reason: e.reason }))
    const rejected = (e: CityChange.Rejected) =>
      Effect.fail(
        new Problem.InvalidCommand({
          detail: "The directory refused the change",
          errors: e.issues.map((i) => ({
            // the change's paths start at the person or post given: the body's
            path: ["body", ...(i.path[0] === "person" || i.path[0] === "post" ? i.path.slice(1) : i.path)],
            message: i.message
          }))
        })
      )
    const unchanged = (e: CityChange.Stranded | CityService.Conflict | Configuration.Invalid) =>
      Effect.fail(new Problem.InvalidCommand({ detail: e.message }))
    const reused = (e: Idempotency.KeyReused) => Effect.fail(new Problem.IdempotencyKeyReused({ detail: e.message }))
    const principal = Effect.map(Effect.service(Api.CurrentPrincipal), (p) => p.actor)
    return handlers
      .handle("people", ({ query }) =>
        Effect.flatMap(principal, (actor) =>
          staff.people(actor, slice(query)).pipe(Effect.catchTag("Forbidden", forbidden))
        )
      )
      .handle("createPerson", ({ payload, headers }) =>
        Effect.flatMap(principal, (actor) =>
          staff.addPerson(payload, actor, { idempotencyKey: headers["idempotency-key"] }).pipe(
            Effect.catchTags({
              Forbidden: forbidden,
              CityChangeRejected: rejected,
              CityChangeStrands: unchanged,
              CityConflict: unchanged,
              ConfigurationInvalid: unchanged,
              IdempotencyKeyReused: reused,
              StoreError: P.fromStore
            })
          )
        )
      )
      .handle("posts", ({ query }) =>
        Effect.flatMap(principal, (actor) =>
          staff
            .posts(actor, { ...slice(query), person: query.person, unit: query.unit, grid: query.grid })
            .pipe(Effect.catchTag("Forbidden", forbidden))
        )
      )
      .handle("createPost", ({ payload, headers }) =>
        Effect.flatMap(principal, (actor) =>
          staff.addPost(payload, actor, { idempotencyKey: headers["idempotency-key"] }).pipe(
            Effect.catchTags({
              Forbidden: forbidden,
              CityChangeRejected: rejected,
              CityChangeStrands: unchanged,
              CityConflict: unchanged,
              ConfigurationInvalid: unchanged,
              IdempotencyKeyReused: reused,
              StoreError: P.fromStore
            })
          )
        )
      )
      .handle("issueToken", ({ payload, headers }) =>
        Effect.flatMap(principal, (actor) =>
          staff
            .issueToken(
              {
                person: payload.person,
                ttlMs: payload.ttlSeconds === undefined ? undefined : payload.ttlSeconds * 1000
              },
              actor,
              { idempotencyKey: headers["idempotency-key"] }
            )
            .pipe(
              Effect.catchTags({
                Forbidden: forbidden,
                PersonNotFound: (e) => Effect.fail(new Problem.NotFound({ detail: e.message })),
                TokenTtlInvalid: (e) => Effect.fail(new Problem.InvalidCommand({ detail: e.message })),
                IdempotencyKeyReused: reused,
                StoreError: P.fromStore
              })
            )
        )
      )
  })
)
