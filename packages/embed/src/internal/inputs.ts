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
  channel: Schema.optionalKey(CaseKind.Channel),
  severity: Schema.optionalKey(CaseKind.Severity),
  track: Schema.optionalKey(CaseKind.Track),
  summary: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(2000))),
  role: Schema.optionalKey(Staff.Role)
}).annotate({ identifier: "Report" })
export type Report = typeof Report.Type

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

export type Command = DistributiveOmit<Exclude<Case.Command, { readonly _tag: "Open" }>, "actor"> & {
  readonly role?: Staff.Role
}

/** Each command but `Open`, by tag: `Case.Command`'s member without `actor`, with `role`. */
export const commands: ReadonlyMap<string, Schema.Struct<Schema.Struct.Fields>> = new Map(
  Case.Command.members
    .filter((m) => m.fields._tag.schema.literal !== "Open")
    .map((m) => [
      m.fields._tag.schema.literal as string,
      (m as unknown as Schema.Struct<Schema.Struct.Fields>).mapFields(({ actor: _actor, ...rest }) => ({
        ...rest,
        role: Schema.optionalKey(Staff.Role)
      }))
    ])
)

export const Command = Schema.Union([...commands.values()]).annotate({
  identifier: "Command"
}) as unknown as Schema.Codec<Command, Command>

export const Cursor = Schema.Struct({ key: Schema.Finite, streamId: Schema.String })
export const AtCursor = Schema.Struct({ at: Schema.Finite, id: Schema.String })

export const Search = Schema.Struct({
  grid: Schema.optionalKey(Code),
  kinds: Schema.optionalKey(Schema.Array(CaseKind.Kind)),
  states: Schema.optionalKey(Schema.Array(Schema.NonEmptyString)),
  category: Schema.optionalKey(Category.Code),
  unit: Schema.optionalKey(Category.Code),
  assignee: Schema.optionalKey(Schema.NonEmptyString),
  overdue: Schema.optionalKey(Schema.Boolean),
  createdFrom: Schema.optionalKey(Instant),
  createdTo: Schema.optionalKey(Instant),
  orderBy: Schema.optionalKey(Schema.Literals(["createdAt", "updatedAt", "dueAt"])),
  descending: Schema.optionalKey(Schema.Boolean),
  limit: Schema.optionalKey(Limit),
  after: Schema.optionalKey(Cursor)
}).annotate({ identifier: "Search" })
export type Search = typeof Search.Type

export const Paging = Schema.Struct({
  limit: Schema.optionalKey(Limit),
  after: Schema.optionalKey(Cursor)
}).annotate({ identifier: "Paging" })
export type Paging = typeof Paging.Type

export const WorkQuery = Schema.Struct({
  grid: Schema.optionalKey(Code),
  unit: Schema.optionalKey(Category.Code),
  limit: Schema.optionalKey(Limit),
  after: Schema.optionalKey(Cursor)
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
  grid: Schema.optionalKey(Code),
  item: Schema.optionalKey(Category.Code),
  task: Schema.optionalKey(Records.Task),
  author: Schema.optionalKey(Schema.NonEmptyString),
  from: Schema.optionalKey(Instant),
  to: Schema.optionalKey(Instant),
  descending: Schema.optionalKey(Schema.Boolean),
  limit: Schema.optionalKey(Limit),
  after: Schema.optionalKey(AtCursor)
}).annotate({ identifier: "RecordQuery" })
export type RecordQuery = typeof RecordQuery.Type

export const NoticeInput = Notice.Notice.mapFields(({ author: _author, ...rest }) => ({
  ...rest,
  id: Schema.optionalKey(Schema.NonEmptyString),
  publishedAt: Schema.optionalKey(Instant)
})).annotate({ identifier: "NoticeInput" })
export type NoticeInput = typeof NoticeInput.Type

export const InboxQuery = Schema.Struct({
  unreadOnly: Schema.optionalKey(Schema.Boolean),
  limit: Schema.optionalKey(Limit),
  after: Schema.optionalKey(AtCursor)
}).annotate({ identifier: "InboxQuery" })
export type InboxQuery = typeof InboxQuery.Type

export const AnalyticsQuery = AnalyticsService.Query
export type AnalyticsQuery = AnalyticsService.Query

export const Dimension = Schema.Literals(["grid", "unit", "kind", "category", "month"])
export const AppraisalBy = Schema.Literals(["grid", "unit"])

export const ExecuteOptions = Schema.Struct({
  idempotencyKey: Schema.optionalKey(Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(200)))
}).annotate({ identifier: "Options" })
export type ExecuteOptions = typeof ExecuteOptions.Type
