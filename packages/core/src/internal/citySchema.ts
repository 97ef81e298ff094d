/**
 * Schemas of the city's configuration document: what the `City` module exposes, and
 * the pieces of other modules that only have TypeScript types there (the level
 * scheme, SLA policies) written as Schemas so that a document, a change or a
 * snapshot read from storage decodes with every problem named.
 */
import { Schema } from "effect"
import * as Analytics from "../Analytics.js"
import * as CalendarNotice from "../CalendarNotice.js"
import * as Category from "../Category.js"
import * as Grid from "../Grid.js"
import * as Records from "../Records.js"
import * as RoutingTable from "../RoutingTable.js"
import * as Staff from "../Staff.js"

/** A grid code: digits and capital letters (an exclusive grid's marker), 1–64 long. */
export const GridCode = Schema.String.check(
  Schema.isPattern(/^[0-9A-Z]{1,64}$/, { message: "Expected a grid code: 1 to 64 digits or capital letters" })
)

const Label = Schema.Struct({ zh: Schema.NonEmptyString, en: Schema.NonEmptyString })

/** The level scheme (`GridScheme.Scheme`) as a Schema. */
export const Scheme = Schema.Struct({
  levels: Schema.Array(
    Schema.Struct({
      id: Schema.NonEmptyString,
      name: Label,
      width: Schema.Int,
      kinds: Schema.Array(
        Schema.Struct({ id: Schema.NonEmptyString, name: Label, suffix: Schema.Tuple([Schema.Int, Schema.Int]) })
      ),
      duties: Label
    })
  ),
  exclusive: Schema.Struct({ marker: Schema.String, width: Schema.Int })
})

const Amount = Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0))

const Tier = Schema.Struct({
  limit: Schema.Struct({
    amount: Amount,
    unit: Schema.Literals(["calendarDays", "workingDays", "workingHours", "hours"])
  }),
  source: Schema.optionalKey(Schema.String),
  extension: Schema.optionalKey(
    Schema.Struct({
      max: Schema.Finite.check(Schema.isGreaterThan(0)),
      approval: Schema.Boolean,
      notice: Schema.Boolean,
      source: Schema.optionalKey(Schema.String)
    })
  )
})

/** An SLA policy (`Sla.Policy`) as a Schema; `Sla.make` checks the rest. */
export const SlaPolicy = Schema.Struct({
  kind: Schema.NonEmptyString,
  clock: Schema.NonEmptyString,
  category: Schema.optionalKey(Category.Code),
  track: Schema.optionalKey(Schema.NonEmptyString),
  statutory: Schema.optionalKey(Tier),
  target: Schema.optionalKey(Tier),
  warnings: Schema.optionalKey(Schema.Array(Schema.Finite)),
  counting: Schema.optionalKey(
    Schema.Struct({
      startDay: Schema.optionalKey(Schema.Literals(["excluded", "included"])),
      rollOffRestDay: Schema.optionalKey(Schema.Boolean),
      inclusive: Schema.optionalKey(Schema.Boolean),
      dayEnds: Schema.optionalKey(Schema.Literals(["midnight", "closeOfBusiness"]))
    })
  )
})
export type SlaPolicy = typeof SlaPolicy.Type

/** A post's id in the configuration. */
export const PostId = Schema.String.check(
  Schema.isPattern(/^[A-Za-z0-9][A-Za-z0-9._:#/-]{0,127}$/, {
    message: "Expected a post id: 1 to 128 letters, digits or . _ : # / -, starting with a letter or digit"
  })
)

/** A post of the configuration: a `Staff.Post` with its id. */
export const Post = Schema.Struct({ id: PostId, ...Staff.Post.fields })
export type Post = typeof Post.Type

/** A unit of the configuration: a `Staff.Unit`, and the day it closed once closed. */
export const Unit = Schema.Struct({ ...Staff.Unit.fields, closedOn: Schema.optionalKey(Staff.IsoDate) })
export type Unit = typeof Unit.Type

/** What a subscriber is sent: the same filter a webhook subscriber takes. */
export const Filter = Schema.Struct({
  kinds: Schema.optionalKey(Schema.Array(Schema.NonEmptyString)),
  types: Schema.optionalKey(Schema.Array(Schema.NonEmptyString)),
  categories: Schema.optionalKey(Schema.Array(Category.Code)),
  gridPrefixes: Schema.optionalKey(Schema.Array(GridCode))
})

/** A notification subscriber; its secret is kept off the chain. */
export const Subscriber = Schema.Struct({
  id: Schema.String.check(
    Schema.isPattern(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { message: "Expected a subscriber id" })
  ),
  channel: Schema.String.check(Schema.isPattern(/^[a-z][a-z0-9-]{0,31}$/, { message: "Expected a channel name" })),
  target: Schema.NonEmptyString.check(Schema.isMaxLength(2000)),
  filter: Schema.optionalKey(Filter)
})
export type Subscriber = typeof Subscriber.Type

/** An old name of something that still exists under a new one. */
export const Alias = Schema.Struct({ from: Schema.NonEmptyString, to: Schema.NonEmptyString })
export type Alias = typeof Alias.Type

const Version = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))

/** The whole configuration document. */
export const Document = Schema.Struct({
  scheme: Scheme,
  grids: Schema.Array(Grid.GridRecord),
  moved: Schema.Array(Alias),
  units: Schema.Array(Unit),
  people: Schema.Array(Staff.Person),
  posts: Schema.Array(Post),
  routing: RoutingTable.Table,
  sla: Schema.Array(Schema.Struct({ since: Version, policies: Schema.Array(SlaPolicy) })),
  categories: Schema.Array(Category.Entry),
  categoryMap: Schema.Array(Alias),
  recordItems: Schema.Array(Records.Entry),
  weights: Analytics.Weights,
  subscribers: Schema.Array(Subscriber),
  notices: Schema.Array(Schema.Struct({ since: Version, notice: CalendarNotice.Notice }))
})
export type Document = typeof Document.Type
