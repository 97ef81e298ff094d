/** The city configuration group, over `CityService` (which holds who may change what). */
import {
  type Access,
  type Audit,
  type CaseStore,
  type CityChange,
  CityService,
  type Configuration,
  type Idempotency
} from "@gridgov/core"
import { Effect, Option } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import * as Api from "../../Api.js"
import * as Problem from "../../Problem.js"
import * as P from "../problems.js"

type Path = ReadonlyArray<string | number>

/** Where a refused batch's issue is in the request: `reason` and `changes` as sent, or the path and body of a one-change endpoint. */
interface Slots {
  readonly reason: Path
  readonly empty: Path
  readonly change: (issue: CityChange.Issue) => Path
}

const batch: Slots = {
  reason: ["body", "reason"],
  empty: ["body", "changes"],
  change: (i) => ["body", "changes", i.change, ...i.path]
}

/** A contact change: the person is the path's, the contact the body's; the reason in `reasonAt`. */
const contactSlots = (reasonAt: Path): Slots => ({
  reason: reasonAt,
  empty: [],
  change: (i) => (i.path[0] === "person" ? ["params", "person"] : ["body", ...i.path])
})

const forbidden = (e: Access.Forbidden) =>
  Effect.fail(
    new Problem.AccessDenied({
      detail:
        e.reason === "OutsideJurisdiction"
          ? `${e.action} is outside the caller's reach: a town's admin changes the town's grids, posts and people; the city-wide tables, units and notices need a city-wide admin`
          : `${e.action} needs the admin role`,
      reason: e.reason
    })
  )

type ChangeProblem =
  | Problem.AccessDenied
  | Problem.InvalidCommand
  | Problem.StrandsWork
  | Problem.IdempotencyKeyReused
  | Problem.VersionConflict
  | Problem.Internal

const changeFailed =
  (slots: Slots) =>
  (
    e:
      | Access.Forbidden
      | CityChange.Rejected
      | CityChange.Stranded
      | Idempotency.KeyReused
      | CityService.Conflict
      | Configuration.Invalid
      | CaseStore.StoreError
  ): Effect.Effect<never, ChangeProblem> => {
    switch (e._tag) {
      case "Forbidden":
        return forbidden(e)
      case "CityChangeRejected":
        return Effect.fail(
          new Problem.InvalidCommand({
            detail: e.message,
            errors: e.issues.map((i) => ({
              path: [...(i._tag === "Reason" ? slots.reason : i._tag === "Empty" ? slots.empty : slots.change(i))],
              message: `${i._tag}: ${i.message}`
            }))
          })
        )
      case "CityChangeStrands":
        return Effect.fail(new Problem.StrandsWork({ detail: e.message, strands: e.strands }))
      case "IdempotencyKeyReused":
        return Effect.fail(new Problem.IdempotencyKeyReused({ detail: e.message }))
      case "CityConflict":
        return Effect.fail(new Problem.VersionConflict({ detail: e.message }))
      case "ConfigurationInvalid":
        return Effect.andThen(Effect.logError("the stored configuration does not compile", e), Effect.fail(P.internal))
      case "StoreError":
        return P.fromStore(e)
    }
  }

const verified = (
  v: Audit.Verified
): { readonly intact: boolean; readonly events: number | null; readonly findings: Audit.Tampered["findings"] } => ({
  intact: true,
  events: v.events,
  findings: []
})

export const CityLive = HttpApiBuilder.group(Api.Api, "city", (handlers) =>
  Effect.gen(function* () {
    const city = yield* CityService.CityService
    const actor = Effect.map(Effect.service(Api.CurrentPrincipal), (p) => p.actor)
    return handlers
      .handle("configuration", () =>
        Effect.flatMap(actor, (a) => city.document(a).pipe(Effect.catchTag("Forbidden", forbidden)))
      )
      .handle("history", ({ query }) =>
        Effect.gen(function* () {
          const limit = query.limit ?? 100
          const events = yield* city
            .history(yield* actor, query.after ?? 0, limit)
            .pipe(Effect.catchTags({ Forbidden: forbidden, StoreError: P.fromStore }))
          return {
            items: events.map((e) => ({
              version: e.version,
              type: e.type,
              at: e.at,
              actor: e.actor,
              payload: e.payload,
              prevHash: e.prevHash,
              hash: e.hash
            })),
            next: events.length === limit ? events[events.length - 1]!.version : null
          }
        })
      )
      .handle("apply", ({ payload, headers }) =>
        Effect.flatMap(actor, (a) =>
          city
            .apply(payload.changes, a, {
              reason: payload.reason,
              idempotencyKey: headers["idempotency-key"],
              request: { endpoint: "apply", body: payload }
            })
            .pipe(Effect.catch(changeFailed(batch)))
        )
      )
      .handle("verify", () =>
        Effect.flatMap(actor, (a) =>
          city.verify(a).pipe(
            Effect.map(verified),
            Effect.catchTags({
              // a broken chain is what the check found, not a failure to check
              Tampered: (e) => Effect.succeed({ intact: false, events: null, findings: e.findings }),
              Forbidden: forbidden,
              StoreError: P.fromStore
            })
          )
        )
      )
      .handle("provisional", ({ params }) =>
        Effect.flatMap(actor, (a) =>
          city.provisional(params.year, a).pipe(Effect.catchTags({ Forbidden: forbidden, StoreError: P.fromStore }))
        )
      )
      .handle("contact", ({ params }) =>
        Effect.flatMap(actor, (a) =>
          city.contact(params.person, a).pipe(
            Effect.catchTags({ Forbidden: forbidden, StoreError: P.fromStore }),
            Effect.flatMap(
              Option.match({
                onNone: () =>
                  Effect.fail(new Problem.NotFound({ detail: `No contact details kept for ${params.person}` })),
                onSome: Effect.succeed
              })
            )
          )
        )
      )
      .handle("setContact", ({ params, payload, headers }) =>
        Effect.flatMap(actor, (a) =>
          city
            .apply([{ _tag: "SetContact", person: params.person, contact: payload.contact }], a, {
              reason: payload.reason,
              idempotencyKey: headers["idempotency-key"],
              request: { endpoint: "setContact", person: params.person, body: payload }
            })
            .pipe(Effect.catch(changeFailed(contactSlots(["body", "reason"]))))
        )
      )
      .handle("eraseContact", ({ params, query, headers }) =>
        Effect.flatMap(actor, (a) =>
          city
            .apply([{ _tag: "EraseContact", person: params.person }], a, {
              reason: query.reason,
              idempotencyKey: headers["idempotency-key"],
              request: { endpoint: "eraseContact", person: params.person, reason: query.reason }
            })
            .pipe(Effect.catch(changeFailed(contactSlots(["query", "reason"]))))
        )
      )
  })
)
