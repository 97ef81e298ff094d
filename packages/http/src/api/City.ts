/**
 * The city configuration group's contract: the configuration document and its
 * version, its change history, a batch of changes, the check of its hash chain, the
 * open cases to review after a calendar notice, and a person's contact details kept
 * off the chain. Over `CityService`, which holds who may do what (a city-wide admin
 * everything; a town's admin its town's grids, posts and people). Part of `Api`,
 * which composes the groups; import the names from there (`Api.CityGroup`).
 *
 * @since 0.1.0
 */
import { Audit, City, CityChange, CityService, Staff } from "@gridgov/core"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import * as Problem from "../Problem.js"
import { Authentication } from "./Middleware.js"
import { IdempotencyHeaders } from "./Shared.js"

/**
 * A batch of configuration changes (`CityChange.Change`, tagged by `_tag`: `AddGrid`,
 * `SplitGrid`, `AddPost`, `EndPost`, `SetRouting`, `SetSla`, `AddNotice`, …) and the
 * reason recorded with every event it writes (1 to 500 characters). The batch is
 * decided as a whole, in order: all of it is written, or nothing.
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const body: Api.CityChanges = {
 *   reason: "retirement",
 *   changes: [{ _tag: "EndPost", id: "p-01808#1", on: "2026-03-31", replacement: { person: "p-02000" } }]
 * }
 *
 * @category schemas
 * @since 0.1.0
 */
export const CityChanges = Schema.Struct({
  reason: Schema.String.annotate({ description: "Why: recorded with every event of the batch (1 to 500 characters)" }),
  changes: Schema.Array(CityChange.Change).annotate({
    description: "The changes, decided in order, each on the configuration the ones before it made"
  })
}).annotate({ identifier: "CityChanges" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type CityChanges = typeof CityChanges.Type

/**
 * The open cases to review after a year's calendar notice: each case whose deadlines
 * were computed provisionally for that year, with those clocks, their deadlines (epoch
 * ms) and the configuration version they were timed under.
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const ids = (r: Api.ProvisionalReview) => r.cases.map((c) => c.caseId)
 *
 * @category schemas
 * @since 0.1.0
 */
export const ProvisionalReview = CityService.ReviewSchema.annotate({ identifier: "ProvisionalReview" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type ProvisionalReview = typeof ProvisionalReview.Type

/**
 * What a batch wrote: the configuration version it reached, each event with its
 * version and what it is about (`subject`: a grid code, unit, person, post, subscriber
 * or notice id; `null` for a table set as a whole), the reviews its calendar notices
 * call for, and whether this is the recorded answer to an earlier request with the
 * same `Idempotency-Key` (`replayed`: nothing was written).
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const version = (r: Api.CityReceipt) => r.version
 *
 * @category schemas
 * @since 0.1.0
 */
export const CityReceipt = Schema.Struct({
  version: Schema.Number,
  events: Schema.Array(
    Schema.Struct({ type: Schema.String, version: Schema.Number, subject: Schema.NullOr(Schema.String) })
  ),
  review: Schema.Array(ProvisionalReview),
  replayed: Schema.Boolean
}).annotate({ identifier: "CityReceipt" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type CityReceipt = typeof CityReceipt.Type

/**
 * The configuration document (`City.Document`) at a version.
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const grids = (c: Api.CityConfiguration) => c.document.grids.length
 *
 * @category schemas
 * @since 0.1.0
 */
export const CityConfiguration = Schema.Struct({ version: Schema.Number, document: City.Document }).annotate({
  identifier: "CityConfiguration"
})

/**
 * @category schemas
 * @since 0.1.0
 */
export type CityConfiguration = typeof CityConfiguration.Type

/**
 * An event of the configuration's stream, as stored: its version (the configuration
 * version it made), type, instant, actor, payload (the change's fields and the reason)
 * and its link in the hash chain.
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const line = (e: Api.CityEvent) => `${e.version} ${e.type} by ${e.actor.id}`
 *
 * @category schemas
 * @since 0.1.0
 */
export const CityEvent = Schema.Struct({
  version: Schema.Number,
  type: Schema.String,
  at: Schema.Number,
  actor: Schema.Struct({ id: Schema.String, roles: Schema.Array(Schema.String) }),
  payload: Schema.Unknown,
  prevHash: Schema.String,
  hash: Schema.String
}).annotate({ identifier: "CityEvent" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type CityEvent = typeof CityEvent.Type

/**
 * A page of the configuration's history; pass `next` back as `after` for the next
 * page (`null`: the last page).
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const more = (h: Api.CityHistory) => h.next !== null
 *
 * @category schemas
 * @since 0.1.0
 */
export const CityHistory = Schema.Struct({
  items: Schema.Array(CityEvent),
  next: Schema.NullOr(Schema.Number)
}).annotate({ identifier: "CityHistory" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type CityHistory = typeof CityHistory.Type

/**
 * The check of the configuration's hash chain: `intact` with the number of events
 * checked, or not, with every broken link (`Audit.Finding`: edited, deleted, inserted
 * or reordered, at which version).
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const ok = (v: Api.CityVerification) => v.intact
 *
 * @category schemas
 * @since 0.1.0
 */
export const CityVerification = Schema.Struct({
  intact: Schema.Boolean,
  events: Schema.NullOr(Schema.Number),
  findings: Schema.Array(Audit.Finding)
}).annotate({ identifier: "CityVerification" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type CityVerification = typeof CityVerification.Type

/**
 * A person's phone and ID numbers (`CityChange.Contact`), kept off the hash chain so
 * that they can be corrected and erased.
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const contact: Api.ContactDetails = { phone: "13800138000" }
 *
 * @category schemas
 * @since 0.1.0
 */
export const ContactDetails = CityChange.Contact.annotate({ identifier: "ContactDetails" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type ContactDetails = typeof ContactDetails.Type

const Reason = Schema.String.annotate({ description: "Why: recorded with the event (1 to 500 characters)" })

const person = { person: Staff.PersonId }

const changeErrors = [
  Problem.AccessDenied,
  Problem.InvalidCommand,
  Problem.StrandsWork,
  Problem.VersionConflict,
  Problem.IdempotencyKeyReused,
  Problem.Internal
] as const

/**
 * The city's configuration (role `admin`): read it and its history, change it in
 * audited batches, verify its chain, review the cases timed provisionally for a year,
 * and correct or erase a person's contact details.
 *
 * @example
 * import { Api } from "@gridgov/http"
 * Api.CityGroup.identifier // "city"
 *
 * @category groups
 * @since 0.1.0
 */
export class CityGroup extends HttpApiGroup.make("city")
  .add(
    HttpApiEndpoint.get("configuration", "/admin/city", {
      success: CityConfiguration,
      error: [Problem.AccessDenied]
    }).annotate(OpenApi.Summary, "City configuration: the whole document and its version (city-wide admins)")
  )
  .add(
    HttpApiEndpoint.get("history", "/admin/city/history", {
      query: {
        after: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))).annotate({
          description: "Events after this version (default 0: from the first)"
        }),
        limit: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 1000 })))
      },
      success: CityHistory,
      error: [Problem.AccessDenied, Problem.Internal]
    }).annotate(OpenApi.Summary, "City configuration: its events after a version, in order (city-wide admins)")
  )
  .add(
    HttpApiEndpoint.post("apply", "/admin/city/changes", {
      headers: IdempotencyHeaders,
      payload: CityChanges,
      success: CityReceipt,
      error: changeErrors
    })
      .annotate(OpenApi.Summary, "City configuration: apply a batch of changes, all or nothing")
      .annotate(
        OpenApi.Description,
        "Grids (add, move, rename, retire, boundaries, split, merge), units, people and posts (a town's admin: within the town), and routing, the SLA tier, the taxonomies, the weights, subscribers and calendar notices (city-wide admins). A batch that does not hold is a 422 naming every faulty field (errors[].path into the body); one that would strand work (open cases, a grid or unit left without a post, a unit the routing table names) is a 409 strands-work listing what it strands, unless the batch names where the work goes. In effect at once on this server, within a second on every server on the same database."
      )
  )
  .add(
    HttpApiEndpoint.get("verify", "/admin/city/verify", {
      success: CityVerification,
      error: [Problem.AccessDenied, Problem.Internal]
    }).annotate(OpenApi.Summary, "City configuration: check its hash chain (city-wide admins)")
  )
  .add(
    HttpApiEndpoint.get("provisional", "/admin/city/provisional/:year", {
      params: { year: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 9999 })) },
      success: ProvisionalReview,
      error: [Problem.AccessDenied, Problem.Internal]
    }).annotate(
      OpenApi.Summary,
      "City configuration: the open cases whose deadlines were computed provisionally for a year, to review once its calendar notice is added"
    )
  )
  .add(
    HttpApiEndpoint.get("contact", "/admin/people/:person/contact", {
      params: person,
      success: ContactDetails,
      error: [Problem.AccessDenied, Problem.NotFound, Problem.Internal]
    }).annotate(OpenApi.Summary, "A person's phone and ID numbers, kept off the hash chain")
  )
  .add(
    HttpApiEndpoint.put("setContact", "/admin/people/:person/contact", {
      params: person,
      headers: IdempotencyHeaders,
      payload: Schema.Struct({ contact: ContactDetails, reason: Reason }),
      success: CityReceipt,
      error: changeErrors
    }).annotate(OpenApi.Summary, "Correct a person's phone and ID numbers (kept off the hash chain)")
  )
  .add(
    HttpApiEndpoint.delete("eraseContact", "/admin/people/:person/contact", {
      params: person,
      query: { reason: Reason },
      headers: IdempotencyHeaders,
      success: CityReceipt,
      error: changeErrors
    }).annotate(
      OpenApi.Summary,
      "Erase a person's phone and ID numbers: gone from the store, while the hash chain still verifies"
    )
  )
  .middleware(Authentication)
  .annotateMerge(
    OpenApi.annotations({
      title: "City configuration",
      description: "The city's grids, units, people, posts, rules and calendar notices, as audited changes (admin)"
    })
  ) {}
