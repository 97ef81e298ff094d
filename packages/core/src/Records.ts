/**
 * Grid information records (信息采集): what grid workers collect in five classes —
 * people, places, things, events, situations (人、地、物、事、情) — under a taxonomy of
 * items, the logs of their six tasks (入户、宣传、巡查、管控、处置、报告), inspections
 * of key places and control records of key persons.
 *
 * A record carries its grid, author, instant, item and fields, and optionally a
 * subject: the personal data of the person it is about (name, ID number, phone,
 * address). Personal data is masked in every view unless the reader holds a post
 * the `Policy` names with jurisdiction over the record's grid, and can be
 * encrypted at rest through the `RecordCipher` port. See docs/explanation/records.md.
 *
 * @since 0.1.0
 */
import { Effect, Result, Schema } from "effect"
import type * as Access from "./Access.js"
import * as Category from "./Category.js"
import { coversGrid, intervalsOf, normalize, reachOf } from "./internal/access.js"
import { problemsOf, renderProblems } from "./internal/categoryIssues.js"
import * as personal from "./internal/recordsPersonal.js"
import * as rules from "./internal/recordsRules.js"
import { defaultEntries } from "./internal/recordsTaxonomy.js"
import * as Mask from "./Mask.js"
import { type CipherError, RecordCipher } from "./RecordCipher.js"
import * as Staff from "./Staff.js"

// ---------------------------------------------------------------------------
// classes, tasks and the taxonomy
// ---------------------------------------------------------------------------

/**
 * The five information classes: people (人), places (地), things (物), events (事),
 * situations (情). Every item code starts with its class.
 *
 * @example
 * import { Records } from "@gridgov/core"
 * Records.Class.literals // ["person", "place", "thing", "event", "situation"]
 *
 * @category taxonomy
 * @since 0.1.0
 */
export const Class = Schema.Literals(["person", "place", "thing", "event", "situation"])

/**
 * @category taxonomy
 * @since 0.1.0
 */
export type Class = typeof Class.Type

/**
 * The six tasks of a grid worker: household visit (入户), publicity (宣传), patrol
 * and inspection (巡查), control of key persons (管控), disposal (处置), report (报告).
 *
 * @example
 * import { Records } from "@gridgov/core"
 * Records.Task.literals.includes("visit") // true
 *
 * @category taxonomy
 * @since 0.1.0
 */
export const Task = Schema.Literals(["visit", "publicity", "patrol", "control", "disposal", "report"])

/**
 * @category taxonomy
 * @since 0.1.0
 */
export type Task = typeof Task.Type

/**
 * One taxonomy entry: a dotted code whose first segment is a class, and labels.
 *
 * @example
 * import { Records } from "@gridgov/core"
 * import { Schema } from "effect"
 * Schema.decodeUnknownSync(Records.Entry)({ code: "place.key.ski-resort", label: { "zh-CN": "滑雪场", en: "Ski resort" } })
 *
 * @category taxonomy
 * @since 0.1.0
 */
export const Entry = Schema.Struct({
  code: Category.Code,
  label: Schema.Struct({ "zh-CN": Schema.NonEmptyString, en: Schema.NonEmptyString })
})

/**
 * @category taxonomy
 * @since 0.1.0
 */
export type Entry = typeof Entry.Type

/**
 * A validated taxonomy: entries in order and an index by code. Every code's parent
 * is in it, and every root is one of the five classes.
 *
 * @example
 * import { Records } from "@gridgov/core"
 * Records.defaults.byCode.get("person.key.petitioner")?.label["zh-CN"] // "重点信访人员"
 *
 * @category taxonomy
 * @since 0.1.0
 */
export interface Taxonomy {
  readonly entries: ReadonlyArray<Entry>
  readonly byCode: ReadonlyMap<string, Entry>
}

/**
 * A taxonomy that failed validation, with every problem and its path.
 *
 * @example
 * import { Records } from "@gridgov/core"
 * import { Result } from "effect"
 * Result.isFailure(Records.decodeTaxonomy([{ code: "animal", label: { "zh-CN": "动物", en: "Animals" } }])) // true
 *
 * @category errors
 * @since 0.1.0
 */
export class TaxonomyInvalid extends Schema.TaggedError<TaxonomyInvalid>()("RecordTaxonomyInvalid", {
  problems: Schema.Array(
    Schema.Struct({ path: Schema.Array(Schema.Union([Schema.String, Schema.Number])), message: Schema.String })
  )
}) {
  override get message(): string {
    return `Invalid record taxonomy:\n${renderProblems(this.problems)}`
  }
}

const decodeEntries = Schema.decodeUnknownResult(Schema.Array(Entry), { errors: "all" })
const classes: ReadonlySet<string> = new Set(Class.literals)

const validate = (entries: ReadonlyArray<Entry>): Result.Result<Taxonomy, TaxonomyInvalid> => {
  const { byCode, problems } = rules.taxonomyProblems(entries, classes)
  return problems.length > 0 ? Result.fail(new TaxonomyInvalid({ problems })) : Result.succeed({ entries, byCode })
}

/**
 * Decodes a taxonomy from unknown data (an array of entries), reporting every
 * problem with its path: malformed codes or labels, duplicates, a missing parent,
 * a root that is not a class.
 *
 * @example
 * import { Records } from "@gridgov/core"
 * import { Result } from "effect"
 * const t = Records.decodeTaxonomy([
 *   { code: "place", label: { "zh-CN": "地", en: "Places" } },
 *   { code: "place.well", label: { "zh-CN": "水井", en: "Well" } }
 * ])
 * Result.isSuccess(t) // true
 *
 * @category taxonomy
 * @since 0.1.0
 */
export const decodeTaxonomy = (input: unknown): Result.Result<Taxonomy, TaxonomyInvalid> => {
  const decoded = decodeEntries(input)
  return Result.isFailure(decoded)
    ? Result.fail(new TaxonomyInvalid({ problems: problemsOf(decoded.failure.issue) }))
    : validate(decoded.success)
}

/**
 * Extends a taxonomy: new codes are appended, existing codes relabelled in place.
 *
 * @example
 * import { Records } from "@gridgov/core"
 * import { Result } from "effect"
 * const city = Records.extendTaxonomy(Records.defaults, [
 *   { code: "place.key.oilfield", label: { "zh-CN": "油田作业区", en: "Oilfield site" } }
 * ])
 * Result.map(city, (t) => t.byCode.has("place.key.oilfield")) // Result.succeed(true)
 *
 * @category taxonomy
 * @since 0.1.0
 */
export const extendTaxonomy = (base: Taxonomy, entries: unknown): Result.Result<Taxonomy, TaxonomyInvalid> => {
  const decoded = decodeEntries(entries)
  if (Result.isFailure(decoded))
    return Result.fail(new TaxonomyInvalid({ problems: problemsOf(decoded.failure.issue) }))
  const replaced = new Map(decoded.success.map((e) => [e.code, e]))
  const merged = base.entries.map((e) => replaced.get(e.code) ?? e)
  return validate([...merged, ...decoded.success.filter((e) => !base.byCode.has(e.code))])
}

/**
 * The default taxonomy: the five classes, their groups, and more than a hundred
 * items (registered and floating residents, left-behind children, key persons,
 * rented houses, key places, facilities, dangerous goods, hazards, public opinion…).
 *
 * @example
 * import { Records } from "@gridgov/core"
 * Records.items(Records.defaults).length > 100 // true
 *
 * @category taxonomy
 * @since 0.1.0
 */
export const defaults: Taxonomy = Result.getOrThrow(decodeTaxonomy(defaultEntries))

/**
 * The items of a taxonomy: the entries with no children (what a record is filed under).
 *
 * @example
 * import { Records } from "@gridgov/core"
 * Records.items(Records.defaults).some((e) => e.code === "person.key.petitioner") // true
 *
 * @category taxonomy
 * @since 0.1.0
 */
export const items = (taxonomy: Taxonomy): Array<Entry> => rules.leafEntries(taxonomy.entries)

/**
 * The class of an item code (its first segment).
 *
 * @example
 * import { Records } from "@gridgov/core"
 * Records.classOf("place.key.school") // "place"
 *
 * @category taxonomy
 * @since 0.1.0
 */
export const classOf = (item: string): Class => {
  const i = item.indexOf(".")
  return (i < 0 ? item : item.slice(0, i)) as Class
}

/**
 * The label of a code in a locale; the code itself when the taxonomy lacks it.
 *
 * @example
 * import { Records } from "@gridgov/core"
 * Records.label(Records.defaults, "person.key", "zh-CN") // "重点人员"
 *
 * @category taxonomy
 * @since 0.1.0
 */
export const label = (taxonomy: Taxonomy, code: string, locale: "zh-CN" | "en"): string =>
  taxonomy.byCode.get(code)?.label[locale] ?? code

// ---------------------------------------------------------------------------
// records
// ---------------------------------------------------------------------------

/**
 * The personal data of the person a record is about: name, 18-digit resident ID
 * number, phone, address. Every field is optional; all of them are masked in views
 * and encrypted by `seal`.
 *
 * @example
 * import type { Records } from "@gridgov/core"
 * const subject: Records.Subject = { name: "张三", phone: "13800138000" }
 *
 * @category records
 * @since 0.1.0
 */
export const Subject = Schema.Struct({
  name: Schema.optionalKey(Schema.NonEmptyString),
  idNumber: Schema.optionalKey(Schema.NonEmptyString),
  phone: Schema.optionalKey(Schema.NonEmptyString),
  address: Schema.optionalKey(Schema.NonEmptyString)
})

/**
 * @category records
 * @since 0.1.0
 */
export type Subject = typeof Subject.Type

/**
 * The names of the personal fields of a subject.
 *
 * @example
 * import { Records } from "@gridgov/core"
 * Records.personalFields // ["name", "idNumber", "phone", "address"]
 *
 * @category records
 * @since 0.1.0
 */
export const personalFields = ["name", "idNumber", "phone", "address"] as const

/**
 * A record: id, the grid it concerns (a grid code), author (a person id), instant
 * (epoch ms), taxonomy item, the task it logs (if any), the subject's personal data
 * (if any), other fields (no personal data there) and a note. `sealed` is set when
 * the subject's values are ciphertext (`seal`).
 *
 * @example
 * import type { Records } from "@gridgov/core"
 * const visit: Records.Record = {
 *   id: "r-1", grid: "620981103200001", author: "p-0001", at: 1_610_000_000_000,
 *   item: "person.household", task: "visit", fields: { members: 4 }
 * }
 *
 * @category records
 * @since 0.1.0
 */
export const Record = Schema.Struct({
  id: Schema.NonEmptyString,
  grid: Schema.String.check(Schema.isPattern(/^[0-9A-Z]{1,64}$/)),
  author: Schema.NonEmptyString,
  at: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)),
  item: Category.Code,
  task: Schema.optionalKey(Task),
  subject: Schema.optionalKey(Subject),
  fields: Schema.Record(Schema.String, Schema.Union([Schema.String, Schema.Finite, Schema.Boolean])),
  note: Schema.optionalKey(Schema.String),
  sealed: Schema.optionalKey(Schema.Boolean)
})

/**
 * @category records
 * @since 0.1.0
 */
export type Record = typeof Record.Type

/**
 * The id a record is filed under when its author chose `id`: scoped to the record's
 * grid as `<grid>:<id>` (an id already scoped to that grid stays as it is). Anyone
 * who may file a record in a grid may read every record there (`canRead`), so a
 * chosen id can only collide with a record its author could read: filing one never
 * tells whether an id is taken outside the author's reach. A resend with the same
 * id files nothing twice. Server-made ids need no scope.
 *
 * @example
 * import { Records } from "@gridgov/core"
 * Records.scopedId("620981103204001", "visit-1") // "620981103204001:visit-1"
 * Records.scopedId("620981103204001", "620981103204001:visit-1") // "620981103204001:visit-1"
 *
 * @category records
 * @since 0.1.0
 */
export const scopedId = (grid: string, id: string): string => (id.startsWith(`${grid}:`) ? id : `${grid}:${id}`)

/**
 * An ID number that is not a valid 18-digit resident ID: wrong `length`, bad
 * `format` (17 digits then a digit or X), a `region` code that cannot be, an
 * impossible `birthDate`, or a wrong `checkDigit`. Never carries the number.
 *
 * @example
 * import { Records } from "@gridgov/core"
 * new Records.InvalidIdNumber({ reason: "checkDigit" }).message // "invalid resident ID number: checkDigit"
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidIdNumber extends Schema.TaggedError<InvalidIdNumber>()("InvalidIdNumber", {
  reason: Schema.Literals(["length", "format", "region", "birthDate", "checkDigit"])
}) {
  override get message(): string {
    return `invalid resident ID number: ${this.reason}`
  }
}

/**
 * A phone number that is neither a mainland mobile (11 digits, 13–19…) nor a
 * landline with its area code (0xx-xxxxxxxx). Never carries the number.
 *
 * @example
 * import { Records } from "@gridgov/core"
 * new Records.InvalidPhone()._tag // "InvalidPhone"
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidPhone extends Schema.TaggedError<InvalidPhone>()("InvalidPhone", {}) {
  override get message(): string {
    return "invalid phone number"
  }
}

/**
 * A record's item is not in the taxonomy, or is a group rather than an item.
 *
 * @example
 * import { Records } from "@gridgov/core"
 * new Records.UnknownItem({ item: "person.key.x" }).message
 *
 * @category errors
 * @since 0.1.0
 */
export class UnknownItem extends Schema.TaggedError<UnknownItem>()("UnknownItem", { item: Schema.String }) {
  override get message(): string {
    return `${this.item} is not an item of the record taxonomy`
  }
}

/**
 * Input that does not decode as a record; `problems` lists each with its path
 * (never the offending values).
 *
 * @example
 * import { Records } from "@gridgov/core"
 * new Records.RecordInvalid({ problems: [{ path: ["at"], message: "Expected an integer" }] })._tag // "RecordInvalid"
 *
 * @category errors
 * @since 0.1.0
 */
export class RecordInvalid extends Schema.TaggedError<RecordInvalid>()("RecordInvalid", {
  problems: Schema.Array(
    Schema.Struct({ path: Schema.Array(Schema.Union([Schema.String, Schema.Number])), message: Schema.String })
  )
}) {
  override get message(): string {
    return `invalid record:\n${renderProblems(this.problems)}`
  }
}

/**
 * Why `decode` rejects a record.
 *
 * @example
 * import type { Records } from "@gridgov/core"
 * const tag = (e: Records.DecodeError) => e._tag
 *
 * @category errors
 * @since 0.1.0
 */
export type DecodeError = RecordInvalid | UnknownItem | InvalidIdNumber | InvalidPhone

/**
 * Checks an 18-digit resident ID number (GB 11643): digits (the last may be X), a
 * region code starting 1–8, a real birth date from 1900, and the ISO 7064 MOD 11-2
 * check character.
 *
 * @example
 * import { Records } from "@gridgov/core"
 * import { Result } from "effect"
 * Result.isSuccess(Records.validateIdNumber("11010519491231002X")) // true
 * Result.isFailure(Records.validateIdNumber("110105194912310021")) // true: check digit
 *
 * @category validation
 * @since 0.1.0
 */
export const validateIdNumber = (id: string): Result.Result<string, InvalidIdNumber> => {
  const reason = personal.idProblem(id)
  return reason === undefined ? Result.succeed(id) : Result.fail(new InvalidIdNumber({ reason }))
}

/**
 * The check character of the first 17 digits of an ID number.
 *
 * @example
 * import { Records } from "@gridgov/core"
 * Records.idCheckDigit("11010519491231002") // "X"
 *
 * @category validation
 * @since 0.1.0
 */
export const idCheckDigit = (first17: string): string => personal.checkDigit(first17)

/**
 * Checks a phone number: a mainland mobile (`1[3-9]` and 9 digits) or a landline
 * with its area code (`0931-8888888`, `09378888888`).
 *
 * @example
 * import { Records } from "@gridgov/core"
 * import { Result } from "effect"
 * Result.isSuccess(Records.validatePhone("13800138000")) // true
 * Result.isFailure(Records.validatePhone("12345")) // true
 *
 * @category validation
 * @since 0.1.0
 */
export const validatePhone = (phone: string): Result.Result<string, InvalidPhone> =>
  personal.isPhone(phone) ? Result.succeed(phone) : Result.fail(new InvalidPhone())

const decodeRecord = Schema.decodeUnknownResult(Record, { errors: "all" })

/**
 * Decodes a record from untrusted input against a taxonomy: the shape, an item of
 * the taxonomy (not a group), and the subject's ID number and phone.
 *
 * @example
 * import { Records } from "@gridgov/core"
 * import { Result } from "effect"
 * const r = Records.decode({
 *   id: "r-2", grid: "620981103200001", author: "p-0001", at: 0, item: "person.key.petitioner",
 *   task: "control", subject: { name: "李四", idNumber: "11010519491231002X" }, fields: {}
 * })
 * Result.isSuccess(r) // true
 *
 * @category validation
 * @since 0.1.0
 */
export const decode = (input: unknown, taxonomy: Taxonomy = defaults): Result.Result<Record, DecodeError> => {
  const decoded = decodeRecord(input)
  if (Result.isFailure(decoded)) return Result.fail(new RecordInvalid({ problems: problemsOf(decoded.failure.issue) }))
  return check(decoded.success, taxonomy)
}

/**
 * Checks a typed record against a taxonomy (item, ID number, phone); a sealed
 * record's subject is ciphertext and is not checked.
 *
 * @example
 * import { Records } from "@gridgov/core"
 * import { Result } from "effect"
 * const r = Records.check({ id: "r", grid: "620981", author: "p", at: 0, item: "person", fields: {} }, Records.defaults)
 * Result.isFailure(r) && r.failure._tag // "UnknownItem"
 *
 * @category validation
 * @since 0.1.0
 */
export const check = (record: Record, taxonomy: Taxonomy = defaults): Result.Result<Record, DecodeError> => {
  if (!rules.leafCodes(taxonomy).has(record.item)) return Result.fail(new UnknownItem({ item: record.item }))
  const s = record.subject
  if (s !== undefined && record.sealed !== true) {
    if (s.idNumber !== undefined) {
      const reason = personal.idProblem(s.idNumber)
      if (reason !== undefined) return Result.fail(new InvalidIdNumber({ reason }))
    }
    if (s.phone !== undefined && !personal.isPhone(s.phone)) return Result.fail(new InvalidPhone())
  }
  return Result.succeed(record)
}

// ---------------------------------------------------------------------------
// who sees what
// ---------------------------------------------------------------------------

/**
 * Who sees personal data unmasked: each rule names a role and the item prefixes it
 * covers (an empty list covers every item). A post with that role must also reach
 * the record's grid (`Access` jurisdiction).
 *
 * @example
 * import type { Records } from "@gridgov/core"
 * const policy: Records.Policy = [{ role: "gridManager", items: [] }]
 *
 * @category access
 * @since 0.1.0
 */
export const Policy = Schema.Array(Schema.Struct({ role: Staff.Role, items: Schema.Array(Category.Code) }))

/**
 * @category access
 * @since 0.1.0
 */
export type Policy = typeof Policy.Type

/**
 * The default policy: the grid manager (网格管理员, community police) sees the
 * personal data of every record in their jurisdiction; a grid chief sees that of
 * key persons (`person.key`) in theirs. Nobody else does — not the author, not
 * leaders, not admins.
 *
 * @example
 * import { Records } from "@gridgov/core"
 * Records.defaultPolicy.map((r) => r.role) // ["gridManager", "gridChief"]
 *
 * @category access
 * @since 0.1.0
 */
export const defaultPolicy: Policy = [
  { role: "gridManager", items: [] },
  { role: "gridChief", items: ["person.key"] }
]

/**
 * Decodes a policy from configuration.
 *
 * @example
 * import { Records } from "@gridgov/core"
 * import { Result } from "effect"
 * Result.isSuccess(Records.decodePolicy([{ role: "gridChief", items: ["person"] }])) // true
 *
 * @category access
 * @since 0.1.0
 */
export const decodePolicy = (input: unknown): Result.Result<Policy, RecordInvalid> =>
  Result.mapError(
    Schema.decodeUnknownResult(Policy, { errors: "all" })(input),
    (e) => new RecordInvalid({ problems: problemsOf(e.issue) })
  )

const gridOf = (context: Access.Context, record: Record): number => context.tree.index.get(record.grid) ?? -1

/**
 * Whether the actor may read a record at all: some post's grid reach covers its
 * grid (grid workers their grid, chiefs, police and leaders their subtree, the
 * center's dispatchers, admins and `system` everywhere). Unit posts and the public
 * read no records.
 *
 * @example
 * import { Access, Grid, Records } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * const r: Records.Record = { id: "r", grid: "620981", author: "p", at: 0, item: "place.key.school", fields: {} }
 * Records.canRead({ tree }, Access.resident("x"), r) // false
 *
 * @category access
 * @since 0.1.0
 */
export const canRead = (context: Access.Context, actor: Access.Actor, record: Record): boolean => {
  const grid = gridOf(context, record)
  for (const post of actor.posts) {
    const reach = reachOf(context.tree, post)
    if (
      reach._tag !== "Unit" &&
      reach._tag !== "Reporter" &&
      reach._tag !== "None" &&
      coversGrid(context.tree, reach, grid)
    )
      return true
  }
  return false
}

/**
 * What an actor may read, as a filter on a store's `grid_pre` column: `All`, or the
 * grid intervals (sorted, disjoint) their posts reach. Agrees with `canRead`.
 *
 * @example
 * import { Access, Grid, Records } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * Records.scope({ tree }, Access.system()) // { _tag: "All" }
 *
 * @category access
 * @since 0.1.0
 */
export const scope = (
  context: Access.Context,
  actor: Access.Actor
): { readonly _tag: "All" } | { readonly _tag: "Some"; readonly grids: ReadonlyArray<Access.Interval> } => {
  const grids: Array<Access.Interval> = []
  for (const post of actor.posts) {
    const reach = reachOf(context.tree, post)
    if (reach._tag === "City") return { _tag: "All" }
    grids.push(...intervalsOf(context.tree, reach))
  }
  return { _tag: "Some", grids: normalize(grids) }
}

/**
 * Whether the actor may see the record's personal data unmasked: a post whose role
 * a policy rule names, for the record's item, reaching the record's grid.
 *
 * @example
 * import { Access, Grid, Records } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * const r: Records.Record = { id: "r", grid: "620981", author: "p", at: 0, item: "person.key.petitioner", fields: {} }
 * Records.canSeePersonal({ tree }, { id: "cop", posts: [{ role: "gridManager", at: { grid: "620981" } }] }, r) // true
 * Records.canSeePersonal({ tree }, Access.system(), r) // false
 *
 * @category access
 * @since 0.1.0
 */
export const canSeePersonal = (
  context: Access.Context,
  actor: Access.Actor,
  record: Record,
  policy: Policy = defaultPolicy
): boolean => {
  const grid = gridOf(context, record)
  if (grid < 0) return false
  for (const rule of policy) {
    if (rule.items.length > 0 && !rule.items.some((p) => Category.matches(p, record.item))) continue
    for (const post of actor.posts) {
      if (post.role !== rule.role) continue
      const reach = reachOf(context.tree, post)
      if (reach._tag !== "City" && coversGrid(context.tree, reach, grid)) return true
    }
  }
  return false
}

/**
 * Masks every personal field of a subject: an ID number keeps its first 3 and last
 * 4 characters, a mobile its first 3 and last 4 digits, an address its first 6
 * characters, a name its first character.
 *
 * @example
 * import { Records } from "@gridgov/core"
 * Records.mask({ name: "张三丰", idNumber: "11010519491231002X", phone: "13800138000" })
 * // { name: "张**", idNumber: "110***********002X", phone: "138****8000" }
 *
 * @category access
 * @since 0.1.0
 */
export const mask = (subject: Subject): Subject => {
  const out: { -readonly [K in keyof Subject]: Subject[K] } = {}
  if (subject.name !== undefined) out.name = personal.maskName(subject.name)
  if (subject.idNumber !== undefined) out.idNumber = personal.maskId(subject.idNumber)
  if (subject.phone !== undefined) out.phone = personal.maskPhone(subject.phone)
  if (subject.address !== undefined) out.address = personal.maskAddress(subject.address)
  return out
}

/**
 * A record as shown to one reader: the record with its subject masked unless the
 * reader may see it, and then also the personal numbers in its free text (`fields`
 * and `note`, `Mask.text`); `masked` says whether anything was. A sealed record's
 * subject shows as `"***"`: unseal it first.
 *
 * @example
 * import type { Records } from "@gridgov/core"
 * const masked = (v: Records.View) => v.masked
 *
 * @category access
 * @since 0.1.0
 */
export type View = Record & { readonly masked: boolean }

/**
 * The record as `actor` may see it: the personal data in clear when
 * `canSeePersonal`; otherwise the subject masked (`mask`) and every phone and ID
 * number in the free fields and the note masked (`Mask.text`). Every output of a
 * record to a person goes through here.
 *
 * @example
 * import { Access, Grid, Records } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * const r: Records.Record = {
 *   id: "r", grid: "620981", author: "p", at: 0, item: "person.key.petitioner", fields: { contact: "家属13900139000" },
 *   subject: { phone: "13800138000" }, note: "已回访"
 * }
 * Records.view({ tree }, Access.system(), r).subject // { phone: "138****8000" }
 * Records.view({ tree }, Access.system(), r).fields // { contact: "家属139****9000" }
 *
 * @category access
 * @since 0.1.0
 */
export const view = (
  context: Access.Context,
  actor: Access.Actor,
  record: Record,
  policy: Policy = defaultPolicy
): View => {
  const clear = canSeePersonal(context, actor, record, policy)
  const fields = clear ? record.fields : Mask.json(record.fields)
  const note = clear || record.note === undefined ? record.note : Mask.text(record.note)
  const shown = { ...record, fields, ...(note === undefined ? {} : { note }) }
  const subject = record.subject
  if (subject === undefined) return { ...shown, masked: fields !== record.fields || note !== record.note }
  if (record.sealed === true) {
    const hidden: { -readonly [K in keyof Subject]: Subject[K] } = {}
    for (const f of personalFields) if (subject[f] !== undefined) hidden[f] = "***"
    return { ...shown, subject: hidden, masked: true }
  }
  return clear ? { ...shown, masked: false } : { ...shown, subject: mask(subject), masked: true }
}

// ---------------------------------------------------------------------------
// encryption at rest
// ---------------------------------------------------------------------------

const mapSubject = (record: Record, f: (value: string, field: string) => Effect.Effect<string, CipherError>) =>
  Effect.gen(function* () {
    const subject = record.subject!
    const out: { -readonly [K in keyof Subject]: Subject[K] } = {}
    for (const field of personalFields) {
      const value = subject[field]
      if (value !== undefined) out[field] = yield* f(value, field)
    }
    return out
  })

/**
 * Encrypts the subject's values with the `RecordCipher` in context (each value
 * bound to the record id and field name) and marks the record `sealed`. A record
 * without a subject, or already sealed, is returned as it is.
 *
 * @example
 * import { Records } from "@gridgov/core"
 * const sealed = Records.seal({ id: "r", grid: "620981", author: "p", at: 0, item: "person.registered", fields: {}, subject: { name: "张三" } })
 *
 * @category encryption
 * @since 0.1.0
 */
export const seal = Effect.fn("Records.seal")(function* (record: Record) {
  if (record.subject === undefined || record.sealed === true) return record
  const cipher = yield* RecordCipher
  const subject = yield* mapSubject(record, (value, field) => cipher.encrypt(value, { record: record.id, field }))
  return { ...record, subject, sealed: true } as Record
})

/**
 * Decrypts a sealed record's subject (the inverse of `seal`); an unsealed record is
 * returned as it is. A tampered value or a wrong key fails with `CipherError`.
 *
 * @example
 * import { Effect } from "effect"
 * import { Records } from "@gridgov/core"
 * const clear = (r: Records.Record) => Records.unseal(r)
 *
 * @category encryption
 * @since 0.1.0
 */
export const unseal = Effect.fn("Records.unseal")(function* (record: Record) {
  if (record.subject === undefined || record.sealed !== true) return record
  const cipher = yield* RecordCipher
  const subject = yield* mapSubject(record, (value, field) => cipher.decrypt(value, { record: record.id, field }))
  const { sealed: _sealed, ...rest } = record
  return { ...rest, subject } as Record
})
