/**
 * What a message about a case says, as a versioned, locale-free payload: the
 * notification type (`assigned`, `dueSoon`, `replyToReporter`, …), the case (id,
 * kind, category, grid), the event that caused it (type, stream version,
 * instant), who it is for (a person, everyone holding a role in a grid, or a
 * unit) and data without labels (reasons, notes, clocks, deadlines). Transports
 * render it: the webhook sends it as JSON, e-mail renders it in zh-CN or en.
 *
 * One notification becomes one outbox row per channel (`messages`), written in
 * the same transaction as the event; its dedupe key (case, version, type,
 * recipient, channel) makes a retried command add nothing twice and lets
 * receivers drop a message delivered twice.
 *
 * @since 0.1.0
 */
import { Option, Schema } from "effect"
import * as CaseKind from "./CaseKind.js"
import type * as CaseMachine from "./CaseMachine.js"
import type { Json } from "./CaseStore.js"
import * as internal from "./internal/notification.js"
import type * as Outbox from "./Outbox.js"
import * as Staff from "./Staff.js"

/**
 * The payload schema version every notification carries as `v`. A change that
 * old receivers could misread bumps it; new optional fields do not.
 *
 * @example
 * import { Notification } from "@gridgov/core"
 * Notification.version // 1
 *
 * @category models
 * @since 0.1.0
 */
export const version = 1

/**
 * What happened, for the recipient: a new case or request to take up
 * (`reported`), a case handed to them (`assigned`), sent back (`returned`:
 * declined by the handler, or failed verification), `transferred`, `escalated`,
 * `urged` (督办), a deadline near (`dueSoon`) or passed (`breached`), an
 * extension requested or decided (`extension`), news for the person who
 * reported it (`replyToReporter`), or anything else (`updated`).
 *
 * @example
 * import { Notification } from "@gridgov/core"
 * Notification.Type.literals.includes("dueSoon") // true
 *
 * @category models
 * @since 0.1.0
 */
export const Type = Schema.Literals(internal.types)

/**
 * @category models
 * @since 0.1.0
 */
export type Type = typeof Type.Type

/**
 * Who a notification is for, resolved from a `CaseMachine.Recipient`: a
 * `Person` (the handler's person, the reporter), everyone holding a `Role`
 * within a grid (jurisdiction: the case's grid and the grids above it), or a
 * `Unit` (`dept.housing`, `center.litigation`, a grid code). Transports map it to
 * addresses (a directory lookup the application supplies).
 *
 * @example
 * import type { Notification } from "@gridgov/core"
 * const to: Notification.Recipient = { _tag: "Role", role: "leader", grid: "620981001" }
 *
 * @category models
 * @since 0.1.0
 */
export const Recipient = Schema.Union([
  Schema.TaggedStruct("Person", { id: Schema.NonEmptyString, role: Schema.optionalKey(Staff.Role) }),
  Schema.TaggedStruct("Role", { role: Staff.Role, grid: Schema.optionalKey(Schema.NonEmptyString) }),
  Schema.TaggedStruct("Unit", { unit: Schema.NonEmptyString })
]).pipe(Schema.toTaggedUnion("_tag"))

/**
 * @category models
 * @since 0.1.0
 */
export type Recipient = typeof Recipient.Type

const Instant = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))

/**
 * The notification payload, version 1 (the documented webhook body).
 *
 * - `v`: the payload schema version (1).
 * - `type`: see `Type`.
 * - `caseId`, `kind`, `category` (dotted code), `grid` (the case's grid code)
 *   and optionally `gridPath` (the grid codes from the root down to `grid`).
 * - `event`: the event that caused it: its `type` (`Dispatched`, `SlaWarned`, …),
 *   the stream `version` it was stored at and its instant `at` (epoch ms).
 * - `recipient`: see `Recipient`.
 * - `data`: locale-free details, never labels (the transport renders those per
 *   locale). `CaseService` writes the event's `reason`, `note`, `clock`, `days`,
 *   `result` and `reply` where it has them, `dueAt` (the named clock's next
 *   deadline), the handling `unit` and the case's `summary`. To a member of the
 *   public (the reporter, `role: "public"`) its texts come with their phone and ID
 *   numbers masked (`Mask.json`), as they read the case.
 *
 * @example
 * import { Notification } from "@gridgov/core"
 * import { Schema } from "effect"
 *
 * const n: Notification.Notification = {
 *   v: 1, type: "assigned", caseId: "case-1", kind: "event", category: "event.sanitation.garbage",
 *   grid: "620981001001", event: { type: "Dispatched", version: 3, at: 1_700_000_000_000 },
 *   recipient: { _tag: "Unit", unit: "dept.urban-management" }, data: {}
 * }
 * Schema.is(Notification.Notification)(n) // true
 *
 * @category models
 * @since 0.1.0
 */
export const Notification = Schema.Struct({
  v: Schema.Literal(1),
  type: Type,
  caseId: Schema.NonEmptyString,
  kind: CaseKind.Kind,
  category: Schema.NonEmptyString,
  grid: Schema.NonEmptyString,
  gridPath: Schema.optionalKey(Schema.Array(Schema.NonEmptyString)),
  event: Schema.Struct({
    type: Schema.NonEmptyString,
    version: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)),
    at: Instant
  }),
  recipient: Recipient,
  data: Schema.JsonObject
})

/**
 * @category models
 * @since 0.1.0
 */
export type Notification = typeof Notification.Type

/**
 * Decodes a stored payload (an outbox row's `payload`) into a notification.
 *
 * @example
 * import { Notification } from "@gridgov/core"
 * import { Result } from "effect"
 * Result.isFailure(Notification.decode({ v: 2 })) // true
 *
 * @category codecs
 * @since 0.1.0
 */
export const decode = Schema.decodeUnknownResult(Notification)

/**
 * The type a case event gives a recipient: the reporter always gets
 * `replyToReporter`; others by event (`Dispatched` → `assigned`, `Returned` →
 * `returned`, `SlaWarned` → `dueSoon`, `SlaBreached` → `breached`, `Escalated` →
 * `escalated`, `Urged` → `urged`, …), `updated` when no rule names the event.
 *
 * @example
 * import { Notification } from "@gridgov/core"
 * Notification.typeOf("SlaWarned", { _tag: "Handler" }) // "dueSoon"
 * Notification.typeOf("VerificationPassed", { _tag: "Reporter" }) // "replyToReporter"
 *
 * @category constructors
 * @since 0.1.0
 */
export const typeOf = (eventType: string, to: CaseMachine.Recipient): Type =>
  to._tag === "Reporter" ? "replyToReporter" : (internal.byEvent[eventType] ?? "updated")

/**
 * What `resolve` needs of a case: its grid, its current handler and its reporter.
 *
 * @example
 * import type { Notification } from "@gridgov/core"
 * const c: Notification.CaseRef = { grid: "620981001001", handler: { unit: "dept.housing", person: "p-9" } }
 *
 * @category constructors
 * @since 0.1.0
 */
export interface CaseRef {
  readonly grid: string
  readonly handler?: { readonly unit: string; readonly person?: string | undefined } | undefined
  readonly reporter?: { readonly id: string; readonly role: Staff.Role } | undefined
}

/**
 * Resolves the addressee of a `Notify` effect against a case: the handler's
 * person (else its unit), the reporter, a role within the case's grid, or a
 * unit. `None` when the case has no such party (no handler yet, an anonymous
 * report).
 *
 * @example
 * import { Notification } from "@gridgov/core"
 * Notification.resolve({ _tag: "Role", role: "dispatcher" }, { grid: "620981001" })
 * // Option.some({ _tag: "Role", role: "dispatcher", grid: "620981001" })
 *
 * @category constructors
 * @since 0.1.0
 */
export const resolve = (to: CaseMachine.Recipient, c: CaseRef): Option.Option<Recipient> => {
  switch (to._tag) {
    case "Handler":
      return c.handler === undefined
        ? Option.none()
        : Option.some(
            c.handler.person !== undefined
              ? { _tag: "Person", id: c.handler.person }
              : { _tag: "Unit", unit: c.handler.unit }
          )
    case "Reporter":
      return c.reporter === undefined
        ? Option.none()
        : Option.some({ _tag: "Person", id: c.reporter.id, role: c.reporter.role })
    case "Role":
      return Option.some({ _tag: "Role", role: to.role, grid: c.grid })
    case "Unit":
      return Option.some({ _tag: "Unit", unit: to.unit })
  }
}

/**
 * A stable key for a recipient: `person:<id>`, `role:<role>@<grid>`, `unit:<unit>`.
 *
 * @example
 * import { Notification } from "@gridgov/core"
 * Notification.recipientKey({ _tag: "Unit", unit: "dept.housing" }) // "unit:dept.housing"
 *
 * @category keys
 * @since 0.1.0
 */
export const recipientKey = (r: Recipient): string =>
  r._tag === "Person"
    ? `person:${r.id}`
    : r._tag === "Unit"
      ? `unit:${r.unit}`
      : `role:${r.role}${r.grid === undefined ? "" : `@${r.grid}`}`

/**
 * The dedupe key of a notification on a channel:
 * `<caseId>/<event version>/<type>/<recipient key>/<channel>`. The same event,
 * recipient and channel always give the same key, so the outbox holds it once
 * and receivers can drop repeats (`Idempotency-Key` on webhooks, `Message-ID` in
 * e-mail).
 *
 * @example
 * import { Notification } from "@gridgov/core"
 * const n: Notification.Notification = {
 *   v: 1, type: "assigned", caseId: "case-1", kind: "event", category: "event.road", grid: "620981001",
 *   event: { type: "Dispatched", version: 3, at: 0 }, recipient: { _tag: "Unit", unit: "dept.transport" }, data: {}
 * }
 * Notification.dedupeKey(n, "webhook") // "case-1/3/assigned/unit:dept.transport/webhook"
 *
 * @category keys
 * @since 0.1.0
 */
export const dedupeKey = (n: Notification, channel: string): string =>
  `${n.caseId}/${n.event.version}/${n.type}/${recipientKey(n.recipient)}/${channel}`

/**
 * A notification, given its parts (`v` is set).
 *
 * @example
 * import { Notification } from "@gridgov/core"
 * const n = Notification.make({
 *   type: "dueSoon", caseId: "case-7", kind: "petition", category: "petition.land", grid: "620981001",
 *   event: { type: "SlaWarned", version: 5, at: 1_700_000_000_000 },
 *   recipient: { _tag: "Person", id: "p-3" }, data: { clock: "conclude", dueAt: 1_700_086_400_000 }
 * })
 * n.v // 1
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (parts: Omit<Notification, "v">): Notification => ({ v: 1, ...parts })

/**
 * The outbox rows of a notification, one per channel: `id` and `dedupeKey` are
 * both `dedupeKey(n, channel)` (so a retried append adds nothing), `payload` the
 * notification. The application service writes these with the events.
 *
 * @example
 * import { Notification } from "@gridgov/core"
 * const n = Notification.make({
 *   type: "urged", caseId: "case-2", kind: "hotline", category: "hotline.complaint", grid: "620981",
 *   event: { type: "Urged", version: 4, at: 0 }, recipient: { _tag: "Unit", unit: "dept.market" }, data: { note: "请加快办理" }
 * })
 * Notification.messages(n, ["webhook", "email"]).map((m) => m.channel) // ["webhook", "email"]
 *
 * @category constructors
 * @since 0.1.0
 */
export const messages = (n: Notification, channels: ReadonlyArray<string>): Array<Outbox.Message> =>
  channels.map((channel) => {
    const key = dedupeKey(n, channel)
    return { id: key, dedupeKey: key, channel, payload: n as unknown as Json }
  })
