/**
 * Schemas of the configuration's changes (what an administrator asks for) and events
 * (what the configuration stream records). Every event carries `v` (its schema
 * version), `at`, the actor and the reason given for the change.
 */
import { Schema } from "effect"
import * as Analytics from "../Analytics.js"
import * as CalendarNotice from "../CalendarNotice.js"
import * as Category from "../Category.js"
import * as Grid from "../Grid.js"
import * as Records from "../Records.js"
import * as RoutingTable from "../RoutingTable.js"
import * as Staff from "../Staff.js"
import { Alias, GridCode, Post, PostId, Scheme, SlaPolicy, Subscriber } from "./citySchema.js"

const IsoDate = Staff.IsoDate
const Name = Schema.Struct({ zh: Schema.NonEmptyString, en: Schema.NonEmptyString })

/** A person's contact details: kept off the chain, correctable and erasable. */
export const Contact = Schema.Struct({
  phone: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(32))),
  idNumber: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(32)))
})
export type Contact = typeof Contact.Type

/** A post to add: a `Staff.Post`, with an id or without (one is given then). */
export const NewPost = Schema.Struct({ id: Schema.optionalKey(PostId), ...Staff.Post.fields })
export type NewPost = typeof NewPost.Type

const SubscriberId = Subscriber.fields.id

/** Who takes over a post's place and role: a person, and the new post's id if the caller chooses it. */
export const Replacement = Schema.Struct({ person: Staff.PersonId, id: Schema.optionalKey(PostId) })

export const Change = Schema.Union([
  Schema.TaggedStruct("SetScheme", { scheme: Scheme }),
  Schema.TaggedStruct("AddGrid", { record: Grid.GridRecord }),
  Schema.TaggedStruct("MoveGrid", { code: GridCode, parent: GridCode, suffix: Schema.optionalKey(GridCode) }),
  Schema.TaggedStruct("RenameGrid", { code: GridCode, name: Name }),
  Schema.TaggedStruct("RetireGrid", { code: GridCode, successor: GridCode }),
  Schema.TaggedStruct("SetGridBoundary", { code: GridCode, boundary: Schema.NullOr(Grid.Boundary) }),
  Schema.TaggedStruct("SplitGrid", {
    code: GridCode,
    into: Schema.NonEmptyArray(Grid.GridRecord),
    successor: GridCode
  }),
  Schema.TaggedStruct("MergeGrids", { codes: Schema.NonEmptyArray(GridCode), into: GridCode }),
  Schema.TaggedStruct("AddUnit", { unit: Staff.Unit }),
  Schema.TaggedStruct("EditUnit", { unit: Staff.Unit }),
  Schema.TaggedStruct("CloseUnit", { id: Staff.Unit.fields.id, on: IsoDate }),
  Schema.TaggedStruct("AddPerson", { person: Staff.Person, contact: Schema.optionalKey(Contact) }),
  Schema.TaggedStruct("EditPerson", { person: Staff.Person }),
  Schema.TaggedStruct("SetContact", { person: Staff.PersonId, contact: Contact }),
  Schema.TaggedStruct("EraseContact", { person: Staff.PersonId }),
  Schema.TaggedStruct("AddPost", { post: NewPost }),
  Schema.TaggedStruct("EditPost", {
    id: PostId,
    role: Schema.optionalKey(Staff.Role),
    validFrom: Schema.optionalKey(IsoDate),
    validTo: Schema.optionalKey(Schema.NullOr(IsoDate))
  }),
  Schema.TaggedStruct("TransferPost", {
    id: PostId,
    to: Staff.Place,
    on: IsoDate,
    replacement: Schema.optionalKey(Replacement)
  }),
  Schema.TaggedStruct("EndPost", { id: PostId, on: IsoDate, replacement: Schema.optionalKey(Replacement) }),
  Schema.TaggedStruct("SetRouting", { table: RoutingTable.Table }),
  Schema.TaggedStruct("SetSla", { policies: Schema.Array(SlaPolicy) }),
  Schema.TaggedStruct("SetCategories", {
    entries: Schema.Array(Category.Entry),
    mapping: Schema.optionalKey(Schema.Array(Alias))
  }),
  Schema.TaggedStruct("ExtendCategories", { entries: Schema.Array(Category.Entry) }),
  Schema.TaggedStruct("SetRecordItems", { entries: Schema.Array(Records.Entry) }),
  Schema.TaggedStruct("ExtendRecordItems", { entries: Schema.Array(Records.Entry) }),
  Schema.TaggedStruct("SetWeights", { weights: Analytics.Weights }),
  Schema.TaggedStruct("SetSubscriber", {
    subscriber: Subscriber,
    secret: Schema.optionalKey(Schema.String.check(Schema.isMinLength(16), Schema.isMaxLength(512)))
  }),
  Schema.TaggedStruct("RemoveSubscriber", { id: SubscriberId }),
  Schema.TaggedStruct("AddNotice", { notice: CalendarNotice.Notice })
]).pipe(Schema.toTaggedUnion("_tag"))
export type Change = typeof Change.Type

const ContactField = Schema.Literals(["phone", "idNumber"])

export const eventMeta = {
  v: Schema.Int,
  at: Schema.Int,
  actor: Schema.Struct({ id: Schema.String, roles: Schema.Array(Schema.String) }),
  reason: Schema.String
}

const event = <const T extends string, const F extends Schema.Struct.Fields>(tag: T, fields: F) =>
  Schema.TaggedStruct(tag, { ...eventMeta, ...fields })

export const Event = Schema.Union([
  event("SchemeSet", { scheme: Scheme }),
  event("GridAdded", { record: Grid.GridRecord }),
  event("GridMoved", { code: GridCode, parent: GridCode, codes: Schema.Array(Alias) }),
  event("GridRenamed", { code: GridCode, name: Name }),
  event("GridRetired", { code: GridCode, successor: GridCode }),
  event("GridBoundarySet", { code: GridCode, boundary: Schema.NullOr(Grid.Boundary) }),
  event("UnitAdded", { unit: Staff.Unit }),
  event("UnitEdited", { unit: Staff.Unit }),
  event("UnitClosed", { id: Staff.Unit.fields.id, on: IsoDate }),
  event("PersonAdded", { person: Staff.Person }),
  event("PersonEdited", { person: Staff.Person }),
  event("ContactChanged", { person: Staff.PersonId, fields: Schema.Array(ContactField) }),
  event("ContactErased", { person: Staff.PersonId }),
  event("PostAdded", { post: Post }),
  event("PostEdited", { post: Post }),
  event("PostEnded", { id: PostId, on: IsoDate }),
  event("RoutingSet", { table: RoutingTable.Table }),
  event("SlaSet", { policies: Schema.Array(SlaPolicy) }),
  event("CategoriesSet", { entries: Schema.Array(Category.Entry), mapping: Schema.Array(Alias) }),
  event("RecordItemsSet", { entries: Schema.Array(Records.Entry) }),
  event("WeightsSet", { weights: Analytics.Weights }),
  event("SubscriberSet", { subscriber: Subscriber, secret: Schema.Boolean }),
  event("SubscriberRemoved", { id: SubscriberId }),
  event("NoticeAdded", { notice: CalendarNotice.Notice })
]).pipe(Schema.toTaggedUnion("_tag"))
export type Event = typeof Event.Type

const eventTags: ReadonlySet<string> = new Set(Object.keys(Event.cases))

/**
 * A stored event read back without decoding its payload again: the store's own rows,
 * written from decided events and covered by the hash chain. `undefined` for a row
 * whose type is not a configuration event or whose payload is not an object.
 */
export const trusted = (stored: {
  readonly type: string
  readonly v: number
  readonly at: number
  readonly actor: unknown
  readonly payload: unknown
}): Event | undefined => {
  const payload = stored.payload
  if (!eventTags.has(stored.type) || payload === null || typeof payload !== "object" || Array.isArray(payload)) {
    return undefined
  }
  return { ...(payload as object), _tag: stored.type, v: stored.v, at: stored.at, actor: stored.actor } as Event
}
