/** The records group, over `RecordService`. */
import { RecordService, type Records } from "@gridgov/core"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import * as Api from "../../Api.js"
import * as Problem from "../../Problem.js"
import * as P from "../problems.js"
import { decodeAtCursor, encodeAtCursor } from "./encoding.js"

/** Why a record does not decode, as issues under `at` (the body, or a batch entry in it). */
const issuesOf = (error: Records.DecodeError, at: ReadonlyArray<string | number>): ReadonlyArray<Problem.Issue> => {
  switch (error._tag) {
    case "RecordInvalid":
      return error.problems.map((p) => ({ path: [...at, ...p.path], message: p.message }))
    case "UnknownItem":
      return [{ path: [...at, "item"], message: `Unknown item ${error.item}` }]
    case "InvalidIdNumber":
      return [{ path: [...at, "subject", "idNumber"], message: error.message }]
    case "InvalidPhone":
      return [{ path: [...at, "subject", "phone"], message: error.message }]
  }
}

/** A failure the caller cannot act on: logged, answered with a bare 500. */
const internal = (what: string) => (error: unknown) =>
  Effect.andThen(Effect.logError(what, error), Effect.fail(P.internal))

const unknownGrid = (e: { readonly grid: string }) => Effect.fail(new Problem.NotFound({ detail: `No grid ${e.grid}` }))

export const RecordsLive = HttpApiBuilder.group(Api.Api, "records", (handlers) =>
  Effect.gen(function* () {
    const records = yield* RecordService.RecordService
    const actor = Effect.map(Effect.service(Api.CurrentPrincipal), (p) => p.actor)
    return handlers
      .handle("file", ({ payload }) =>
        Effect.flatMap(actor, (a) =>
          records.file(payload, a).pipe(
            Effect.catchTags({
              RecordInvalid: (e) => Effect.fail(invalid(e)),
              UnknownItem: (e) => Effect.fail(invalid(e)),
              InvalidIdNumber: (e) => Effect.fail(invalid(e)),
              InvalidPhone: (e) => Effect.fail(invalid(e)),
              Forbidden: (e) =>
                Effect.fail(
                  new Problem.AccessDenied({
                    detail: `No post of the caller reaches grid ${payload.grid}`,
                    reason: e.reason
                  })
                ),
              RecordExists: (e) => Effect.fail(new Problem.RecordExists({ detail: `Record ${e.id} was filed before` })),
              // no key is sent: a key reused cannot happen
              IdempotencyKeyReused: internal("idempotency key reused without a key"),
              CipherError: internal("record seal failed"),
              StoreError: P.fromStore
            })
          )
        )
      )
      .handle("fileMany", ({ payload }) =>
        Effect.gen(function* () {
          const outcomes = yield* records.fileMany(payload.records, yield* actor).pipe(
            Effect.catchTags({
              RecordBatchTooLarge: (e) =>
                Effect.fail(
                  new Problem.InvalidCommand({
                    detail: e.message,
                    errors: [{ path: ["body", "records"], message: e.message }]
                  })
                ),
              CipherError: internal("record seal failed"),
              StoreError: P.fromStore
            })
          )
          return {
            results: outcomes.map(
              (o, index): Api.RecordOutcome =>
                o.status === "filed"
                  ? { id: o.id, status: "filed", errors: [], record: o.record }
                  : o.status === "invalid"
                    ? { id: o.id, status: "invalid", errors: issuesOf(o.error, ["body", "records", index]) }
                    : { id: o.id, status: o.status, errors: [] }
            )
          }
        })
      )
      .handle("counts", ({ query }) =>
        Effect.gen(function* () {
          const { by: asked, ...filters } = query
          const by = asked ?? "class"
          const counts = yield* records
            .count(filters, by, yield* actor)
            .pipe(Effect.catchTags({ GridNotFound: unknownGrid, StoreError: P.fromStore }))
          return { by, counts: counts.map((c) => ({ key: c.key, count: c.count })) }
        })
      )
      .handle("list", ({ query }) =>
        Effect.gen(function* () {
          const { order, cursor, ...filters } = query
          const page = yield* records
            .list({ ...filters, descending: order === "desc", after: decodeAtCursor(cursor) }, yield* actor)
            .pipe(
              Effect.catchTags({
                GridNotFound: unknownGrid,
                CipherError: internal("record unseal failed"),
                StoreError: P.fromStore
              })
            )
          return { items: page.items, next: encodeAtCursor(page.next) }
        })
      )
      .handle("get", ({ params }) =>
        Effect.flatMap(actor, (a) =>
          records.get(params.recordId, a).pipe(
            Effect.catchTags({
              // a record outside the caller's jurisdiction answers as a missing one
              RecordNotFound: (e) => Effect.fail(new Problem.NotFound({ detail: `No record ${e.id}` })),
              CipherError: internal("record unseal failed"),
              StoreError: P.fromStore
            })
          )
        )
      )
  })
)

const invalid = (error: Records.DecodeError) =>
  new Problem.InvalidCommand({ detail: "The record does not validate", errors: issuesOf(error, ["body"]) })
