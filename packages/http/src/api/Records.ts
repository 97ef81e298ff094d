/**
 * The records group's contract: information collection (人、地、物、事、情): file one record or
 * a batch, read one, list and count those in the caller's jurisdiction. Part of `Api`,
 * which composes the groups; import the names from there (`Api.RecordsGroup`).
 *
 * @since 0.1.0
 */
import { Category, Records } from "@gridgov/core"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import * as Problem from "../Problem.js"
import { Authentication } from "./Middleware.js"
import { Cursor, Limit } from "./Shared.js"

/**
 * A record to file (`POST /records`): the grid it concerns, the taxonomy item, the
 * task it logs, when (default: now; a record logged offline may carry an earlier
 * instant, never a later one), the subject's personal data, other fields and a
 * note. The author is the caller. `id` is optional: a client that picks its ids can
 * resend a record safely (the second answer is a 409 `record-exists`). A chosen id is
 * filed scoped to the record's grid, `<grid>:<id>` (`Records.scopedId`), so it never
 * meets a record the caller could not read.
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const visit: Api.RecordInput = { grid: "620981101201001", item: "person.household", task: "visit", fields: { members: 4 } }
 *
 * @category schemas
 * @since 0.1.0
 */
export const RecordInput = Schema.Struct({
  id: Schema.optionalKey(Schema.String.check(Schema.isPattern(/^[A-Za-z0-9._:-]{1,64}$/))),
  grid: Schema.String.check(Schema.isPattern(/^[0-9A-Z]{1,64}$/)),
  item: Category.Code,
  task: Schema.optionalKey(Records.Task),
  at: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))),
  subject: Schema.optionalKey(Records.Subject),
  fields: Schema.optionalKey(
    Schema.Record(
      Schema.String.check(Schema.isMaxLength(64)),
      Schema.Union([Schema.String, Schema.Finite, Schema.Boolean])
    )
  ),
  note: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(2_000)))
}).annotate({ identifier: "RecordInput" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type RecordInput = typeof RecordInput.Type

/**
 * A record as the caller may see it (`Records.view`): the subject's personal data in
 * clear only for a reader the records policy allows, masked otherwise (`masked`).
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const hidden = (r: Api.RecordView) => r.masked
 *
 * @category schemas
 * @since 0.1.0
 */
export const RecordView = Schema.Struct({ ...Records.Record.fields, masked: Schema.Boolean }).annotate({
  identifier: "Record"
})

/**
 * @category schemas
 * @since 0.1.0
 */
export type RecordView = typeof RecordView.Type

/**
 * A page of records, as the caller may see them; pass `next` back as `cursor`.
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const more = (p: Api.RecordPage) => p.next !== null
 *
 * @category schemas
 * @since 0.1.0
 */
export const RecordPage = Schema.Struct({
  items: Schema.Array(RecordView),
  next: Schema.NullOr(Schema.String)
}).annotate({ identifier: "RecordPage" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type RecordPage = typeof RecordPage.Type

/**
 * Records filed together (`POST /records/batch`), as an app sends what it logged
 * offline: each with an id of the client's, so a batch sent twice files nothing twice.
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const sync: Api.RecordBatch = { records: [{ id: "v-1", grid: "620981101201001", item: "person.household", task: "visit" }] }
 *
 * @category schemas
 * @since 0.1.0
 */
export const RecordBatch = Schema.Struct({
  records: Schema.Array(
    Schema.Struct({ ...RecordInput.fields, id: Schema.String.check(Schema.isPattern(/^[A-Za-z0-9._:-]{1,64}$/)) })
  ).check(Schema.isMinLength(1), Schema.isMaxLength(500))
}).annotate({ identifier: "RecordBatch" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type RecordBatch = typeof RecordBatch.Type

/**
 * What became of one record of a batch: `filed` (with the record as the caller sees
 * it), `exists` (filed before, or twice in the batch), `invalid` (with the issues,
 * paths under `body.records[i]`) or `denied` (outside the caller's jurisdiction).
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const retry = (o: Api.RecordOutcome) => o.status === "invalid"
 *
 * @category schemas
 * @since 0.1.0
 */
export const RecordOutcome = Schema.Struct({
  id: Schema.String,
  status: Schema.Literals(["filed", "exists", "invalid", "denied"]),
  errors: Schema.Array(Problem.Issue),
  record: Schema.optionalKey(RecordView)
}).annotate({ identifier: "RecordOutcome" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type RecordOutcome = typeof RecordOutcome.Type

/**
 * Record counts per class, item or task (`""`: no task), over the records the caller may read.
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const total = (c: Api.RecordCounts) => c.counts.reduce((n, g) => n + g.count, 0)
 *
 * @category schemas
 * @since 0.1.0
 */
export const RecordCounts = Schema.Struct({
  by: Schema.Literals(["class", "item", "task"]),
  counts: Schema.Array(Schema.Struct({ key: Schema.String, count: Schema.Int }))
}).annotate({ identifier: "RecordCounts" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type RecordCounts = typeof RecordCounts.Type

const recordFilters = {
  grid: Schema.optionalKey(Schema.String.check(Schema.isPattern(/^[0-9A-Z]{1,64}$/))),
  item: Schema.optionalKey(Category.Code),
  task: Schema.optionalKey(Records.Task),
  author: Schema.optionalKey(Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(64))),
  from: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))),
  to: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)))
}

/**
 * Information collection (人、地、物、事、情): file a record (`POST /records`), read
 * one (`GET /records/{recordId}`), list (`GET /records`) and count
 * (`GET /records/counts`) those in the caller's jurisdiction. Personal data is
 * masked in every answer unless the records policy lets the caller see it; a record
 * outside the jurisdiction answers 404, as a missing one does.
 *
 * @example
 * import { Api } from "@gridgov/http"
 * Api.RecordsGroup.identifier // "records"
 *
 * @category groups
 * @since 0.1.0
 */
export class RecordsGroup extends HttpApiGroup.make("records")
  .add(
    HttpApiEndpoint.post("file", "/records", {
      payload: RecordInput,
      success: RecordView.pipe(HttpApiSchema.status(201)),
      error: [Problem.AccessDenied, Problem.InvalidCommand, Problem.RecordExists, Problem.Internal]
    }).annotate(OpenApi.Summary, "File one record of the information taxonomy, authored by the caller")
  )
  .add(
    HttpApiEndpoint.post("fileMany", "/records/batch", {
      payload: RecordBatch,
      success: Schema.Struct({ results: Schema.Array(RecordOutcome) }).annotate({ identifier: "RecordBatchResult" }),
      error: [Problem.Internal]
    }).annotate(OpenApi.Summary, "File up to 500 records (an app's offline sync), with an outcome per record")
  )
  .add(
    HttpApiEndpoint.get("counts", "/records/counts", {
      query: {
        by: Schema.optionalKey(Schema.Literals(["class", "item", "task"])),
        ...recordFilters
      },
      success: RecordCounts,
      error: [Problem.NotFound, Problem.Internal]
    }).annotate(OpenApi.Summary, "Count the records within the caller's jurisdiction, by class, item or task")
  )
  .add(
    HttpApiEndpoint.get("list", "/records", {
      query: {
        ...recordFilters,
        order: Schema.optionalKey(Schema.Literals(["asc", "desc"])),
        limit: Limit,
        cursor: Cursor
      },
      success: RecordPage,
      error: [Problem.NotFound, Problem.Internal]
    }).annotate(
      OpenApi.Summary,
      "List the records within the caller's jurisdiction, personal data masked unless allowed"
    )
  )
  .add(
    HttpApiEndpoint.get("get", "/records/:recordId", {
      // a chosen id is scoped to its grid (`Records.scopedId`): up to 64 + 1 + 64 characters
      params: { recordId: Schema.String.check(Schema.isPattern(/^[A-Za-z0-9._:-]{1,129}$/)) },
      success: RecordView,
      error: [Problem.NotFound, Problem.Internal]
    }).annotate(OpenApi.Summary, "Read one record, personal data masked unless allowed")
  )
  .middleware(Authentication)
  .annotateMerge(
    OpenApi.annotations({ title: "Records", description: "File, read, list and count grid workers' records" })
  ) {}
