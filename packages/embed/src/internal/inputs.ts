/**
 * The schemas of what a host passes to the facade, decoded at each call: the types a
 * TypeScript host is held to, and the check a host forwarding JSON gets. Each mirrors
 * the core service's own input type; the rules (a category of the taxonomy, a grid
 * of the tree, who may do what) stay with the services.
 */
import { AnalyticsService, Case, CaseKind, Category, Notice, Records, Staff } from "@gridgov/core"
import { Schema } from "effect"

const Instant = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))
const Limit = Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 1000 }))
const Code = Schema.String.check(Schema.isPattern(/^[0-9A-Z]{1,64}$/))

export const Who = Schema.Union([
  Schema.Struct({ person: Schema.NonEmptyString }),
  Schema.Struct({ resident: Schema.NonEmptyString })
]).annotate({ identifier: "Who" })
export type Who = typeof Who.Type

export const Report = Schema.Struct({
  kind: CaseKind.Kind,
  category: Category.Code,
  place: Schema.NonEmptyString,
  channel: Schema.optional(CaseKind.Channel),
  severity: Schema.optional(CaseKind.Severity),
  track: Schema.optional(CaseKind.Track),
  summary: Schema.optional(Schema.String.check(Schema.isMaxLength(2000))),
  role: Schema.optional(Staff.Role)
}).annotate({ identifier: "Report" })
export type Report = typeof Report.Type

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

export type Command = DistributiveOmit<Exclude<Case.Command, { readonly _tag: "Open" }>, "actor"> & {
  readonly role?: Staff.Role | undefined
}

export const Command = Schema.Union(
  Case.Command.members
    .filter((m) => m.fields._tag.schema.literal !== "Open")
    .map((m) =>
      (m as unknown as Schema.Struct<Schema.Struct.Fields>).mapFields(({ actor: _actor, ...rest }) => ({
        ...rest,
        role: Schema.optional(Staff.Role)
      }))
    )
).annotate({
  identifier: "Command"
}) as unknown as Schema.Codec<Command, Command>

export const Cursor = Schema.Struct({ key: Schema.Finite, streamId: Schema.String })
export const AtCursor = Schema.Struct({ at: Schema.Finite, id: Schema.String })

export const Search = Schema.Struct({
  grid: Schema.optional(Code),
  kinds: Schema.optional(Schema.Array(CaseKind.Kind)),
  states: Schema.optional(Schema.Array(Schema.NonEmptyString)),
  category: Schema.optional(Category.Code),
  unit: Schema.optional(Category.Code),
  assignee: Schema.optional(Schema.NonEmptyString),
  overdue: Schema.optional(Schema.Boolean),
  createdFrom: Schema.optional(Instant),
  createdTo: Schema.optional(Instant),
  orderBy: Schema.optional(Schema.Literals(["createdAt", "updatedAt", "dueAt"])),
  descending: Schema.optional(Schema.Boolean),
  limit: Schema.optional(Limit),
  after: Schema.optional(Cursor)
}).annotate({ identifier: "Search" })
export type Search = typeof Search.Type

export const Paging = Schema.Struct({
  limit: Schema.optional(Limit),
  after: Schema.optional(Cursor)
}).annotate({ identifier: "Paging" })
export type Paging = typeof Paging.Type

export const WorkQuery = Schema.Struct({
  grid: Schema.optional(Code),
  unit: Schema.optional(Category.Code),
  limit: Schema.optional(Limit),
  after: Schema.optional(Cursor)
}).annotate({ identifier: "WorkQuery" })
export type WorkQuery = typeof WorkQuery.Type

export const Within = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)).annotate({ identifier: "withinMs" })

export const Id = Schema.NonEmptyString.annotate({ identifier: "id" })

export const RecordInput = Records.Record.mapFields(({ author: _author, sealed: _sealed, ...rest }) => ({
  ...rest,
  id: Schema.optionalKey(Schema.NonEmptyString),
  at: Schema.optionalKey(Instant),
  fields: Schema.optionalKey(rest.fields)
})).annotate({ identifier: "RecordInput" })
export type RecordInput = typeof RecordInput.Type

export const RecordQuery = Schema.Struct({
  grid: Schema.optional(Code),
  item: Schema.optional(Category.Code),
  task: Schema.optional(Records.Task),
  author: Schema.optional(Schema.NonEmptyString),
  from: Schema.optional(Instant),
  to: Schema.optional(Instant),
  descending: Schema.optional(Schema.Boolean),
  limit: Schema.optional(Limit),
  after: Schema.optional(AtCursor)
}).annotate({ identifier: "RecordQuery" })
export type RecordQuery = typeof RecordQuery.Type

export const NoticeInput = Notice.Notice.mapFields(({ author: _author, ...rest }) => ({
  ...rest,
  id: Schema.optionalKey(Schema.NonEmptyString),
  publishedAt: Schema.optionalKey(Instant)
})).annotate({ identifier: "NoticeInput" })
export type NoticeInput = typeof NoticeInput.Type

export const InboxQuery = Schema.Struct({
  unreadOnly: Schema.optional(Schema.Boolean),
  limit: Schema.optional(Limit),
  after: Schema.optional(AtCursor)
}).annotate({ identifier: "InboxQuery" })
export type InboxQuery = typeof InboxQuery.Type

export const AnalyticsQuery = AnalyticsService.Query
export type AnalyticsQuery = AnalyticsService.Query

export const Dimension = Schema.Literals(["grid", "unit", "kind", "category", "month"])
export const AppraisalBy = Schema.Literals(["grid", "unit"])

export const ExecuteOptions = Schema.Struct({
  idempotencyKey: Schema.optional(Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(200)))
}).annotate({ identifier: "Options" })
export type ExecuteOptions = typeof ExecuteOptions.Type
