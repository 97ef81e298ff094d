/**
 * People, the units they work in beyond the grid tree, their roles and their posts.
 *
 * @since 0.1.0
 */
import { Schema, SchemaIssue } from "effect"
import * as Result from "effect/Result"
import * as CaseKind from "./CaseKind.js"
import * as Category from "./Category.js"
import type * as Grid from "./Grid.js"
import * as internal from "./internal/staff.js"

/**
 * Every role an actor can hold. `system` is for timers and integrations.
 *
 * @example
 * import { Staff } from "@gridgov/core"
 * Staff.Role.literals.includes("gridChief") // true
 *
 * @category roles
 * @since 0.1.0
 */
export const Role = Schema.Literals([
  "gridWorker",
  "exclusiveMember",
  "gridChief",
  "gridManager",
  "dispatcher",
  "departmentOfficer",
  "mediator",
  "judgeAssistant",
  "leader",
  "admin",
  "public",
  "system"
])

/**
 * @category roles
 * @since 0.1.0
 */
export type Role = typeof Role.Type

/**
 * All roles, in a stable order.
 *
 * @category roles
 * @since 0.1.0
 */
export const roles: ReadonlyArray<Role> = Role.literals

// ---------------------------------------------------------------------------
// Units beyond the grid tree
// ---------------------------------------------------------------------------

/**
 * What a unit is: the center (一个中心), one of its five sub-centers, a department, a
 * mediation committee, a chief-mediator studio, or a service window.
 *
 * @example
 * import { Staff } from "@gridgov/core"
 * Staff.UnitType.literals.length // 6
 *
 * @category units
 * @since 0.1.0
 */
export const UnitType = Schema.Literals(["center", "subCenter", "department", "committee", "studio", "window"])

/**
 * @category units
 * @since 0.1.0
 */
export type UnitType = typeof UnitType.Type

/**
 * The stable unit ids every deployment shares (see CONTRIBUTING): the center, its
 * five sub-centers, the eight mediation committees, three studios, the departments
 * and the standard windows. Deployments may add `dept.*` and `window.*` units.
 *
 * @example
 * import { Staff } from "@gridgov/core"
 * Staff.unitIds.committees.includes("committee.water") // true
 *
 * @category units
 * @since 0.1.0
 */
export const unitIds = {
  center: "center",
  subCenters: ["center.legal", "center.reception", "center.mediation", "center.litigation", "center.grid"],
  committees: [
    "committee.joint",
    "committee.labor",
    "committee.medical",
    "committee.land",
    "committee.water",
    "committee.property",
    "committee.traffic",
    "committee.family"
  ],
  studios: ["studio.1", "studio.2", "studio.3"],
  departments: [
    "dept.plc",
    "dept.court",
    "dept.procuratorate",
    "dept.petition",
    "dept.police",
    "dept.justice",
    "dept.hrss",
    "dept.environment",
    "dept.housing",
    "dept.transport",
    "dept.agriculture",
    "dept.health",
    "dept.market",
    "dept.emergency",
    "dept.natural-resources",
    "dept.water",
    "dept.education",
    "dept.civil-affairs",
    "dept.urban-management"
  ],
  windows: [
    "window.intake",
    "window.rights",
    "window.notary",
    "window.legal-aid",
    "window.legal-consult",
    "window.appraisal",
    "window.labor-arbitration",
    "window.labor-inspection",
    "window.land-arbitration",
    "window.fast-filing",
    "window.civil-filing",
    "window.enforcement-filing",
    "window.petition",
    "window.mediation",
    "window.leaders"
  ]
} as const

const UnitId = Schema.String.check(
  Schema.isMaxLength(64),
  Schema.isPattern(
    /^(?:center(?:\.[a-z]+)?|committee\.[a-z]+|studio\.[0-9]+|(?:dept|window)\.[a-z0-9]+(?:-[a-z0-9]+)*)$/,
    {
      message: "Expected a unit id such as center.grid, committee.water, studio.1, dept.police or window.intake"
    }
  )
)

/**
 * What a unit takes: cases of one kind (`CaseKind.Kind`), in the listed category
 * prefixes (`Category.Code`s, matched on segment boundaries as `Category.matches`
 * does; an empty list takes every category of the kind).
 *
 * @example
 * import type { Staff } from "@gridgov/core"
 * const take: Staff.Take = { kind: "dispute", categories: ["dispute.water"] }
 *
 * @category units
 * @since 0.1.0
 */
export const Take = Schema.Struct({
  kind: CaseKind.Kind,
  categories: Schema.Array(Category.Code)
})

/**
 * @category units
 * @since 0.1.0
 */
export type Take = typeof Take.Type

const Label = Schema.Struct({ zh: Schema.NonEmptyString, en: Schema.NonEmptyString })

/**
 * A unit beyond the grid tree, with its parent unit (sub-centers under the center,
 * windows under a sub-center …), what it takes, and whether it is a temporary window.
 *
 * @example
 * import type { Staff } from "@gridgov/core"
 * const unit: Staff.Unit = {
 *   id: "committee.water",
 *   type: "committee",
 *   name: { zh: "水事纠纷调解委员会", en: "Water Disputes Mediation Committee" },
 *   parent: "center.mediation",
 *   takes: [{ kind: "dispute", categories: ["dispute.water"] }]
 * }
 *
 * @category units
 * @since 0.1.0
 */
export const Unit = Schema.Struct({
  id: UnitId,
  type: UnitType,
  name: Label,
  parent: Schema.optionalKey(UnitId),
  takes: Schema.Array(Take),
  temporary: Schema.optionalKey(Schema.Boolean),
  verified: Schema.optionalKey(Schema.Boolean),
  source: Schema.optionalKey(Schema.String)
})

/**
 * @category units
 * @since 0.1.0
 */
export type Unit = typeof Unit.Type

// ---------------------------------------------------------------------------
// People and posts
// ---------------------------------------------------------------------------

/**
 * A person's id: 1 to 64 letters, digits, `.`, `_` and `-`, starting with a letter
 * or a digit (`p-00017`). Ids are keys in stores, logs and URLs: nothing like
 * `__proto__`, a NUL byte or a 60 KB string gets in.
 *
 * @example
 * import { Staff } from "@gridgov/core"
 * import { Schema } from "effect"
 * Schema.is(Staff.PersonId)("p-00017") // true
 * Schema.is(Staff.PersonId)("__proto__") // false
 *
 * @category posts
 * @since 0.1.0
 */
export const PersonId = Schema.String.check(
  Schema.isPattern(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
    message: "Expected a person id: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"
  })
)

/**
 * A display name: 1 to 100 characters, no control characters.
 *
 * @example
 * import { Staff } from "@gridgov/core"
 * import { Schema } from "effect"
 * Schema.is(Staff.Name)("网格员 0001") // true
 * Schema.is(Staff.Name)("a\u0000b") // false
 *
 * @category posts
 * @since 0.1.0
 */
export const Name = Schema.String.check(
  Schema.isMinLength(1),
  Schema.isMaxLength(100),
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  Schema.isPattern(/^[^\u0000-\u001f\u007f]*$/, { message: "Expected no control characters" })
)

/**
 * A person on the staff: an id (`PersonId`) and a display name (`Name`). Personal
 * data (ID numbers, phones) stays out of the directory.
 *
 * @example
 * import type { Staff } from "@gridgov/core"
 * const person: Staff.Person = { id: "p-0001", name: "网格员 0001" }
 *
 * @category posts
 * @since 0.1.0
 */
export const Person = Schema.Struct({ id: PersonId, name: Name })

/**
 * @category posts
 * @since 0.1.0
 */
export type Person = typeof Person.Type

const isCalendarDate = (s: string): boolean => {
  const y = Number(s.slice(0, 4))
  const m = Number(s.slice(5, 7))
  const d = Number(s.slice(8, 10))
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
  return days !== undefined && d >= 1 && d <= days
}

/**
 * A calendar date, ISO `YYYY-MM-DD` (checked against the calendar: no 2021-02-29).
 *
 * @example
 * import { Staff } from "@gridgov/core"
 * import { Schema } from "effect"
 * Schema.is(Staff.IsoDate)("2024-02-29") // true
 * Schema.is(Staff.IsoDate)("2023-02-29") // false
 *
 * @category posts
 * @since 0.1.0
 */
export const IsoDate = Schema.String.check(
  Schema.isPattern(/^\d{4}-\d{2}-\d{2}$/),
  Schema.makeFilter((s: string) => isCalendarDate(s) || "Expected a real calendar date")
)

/**
 * Where a post is held: a grid (by code) or a unit (by id).
 *
 * @example
 * import type { Staff } from "@gridgov/core"
 * const place: Staff.Place = { grid: "620981103200" }
 *
 * @category posts
 * @since 0.1.0
 */
export const Place = Schema.Union([
  Schema.Struct({ grid: Schema.String.check(Schema.isPattern(/^[0-9A-Z]{1,64}$/)) }),
  Schema.Struct({ unit: UnitId })
])

/**
 * @category posts
 * @since 0.1.0
 */
export type Place = typeof Place.Type

/**
 * A post: a person holds a role at a grid or unit from `validFrom` to `validTo`
 * (both inclusive; open-ended without `validTo`).
 *
 * Where each role may be posted: `gridWorker`, `gridChief`, `gridManager` on a regular
 * grid; `exclusiveMember` on an exclusive grid; `departmentOfficer` in a department;
 * `judgeAssistant` in a unit; `dispatcher`, `mediator`, `leader`, `admin` anywhere;
 * `public` and `system` are actors, never posted.
 *
 * @example
 * import type { Staff } from "@gridgov/core"
 * const post: Staff.Post = { person: "p-0001", role: "gridWorker", at: { grid: "620981103200001" }, validFrom: "2020-01-01" }
 *
 * @category posts
 * @since 0.1.0
 */
export const Post = Schema.Struct({
  person: PersonId,
  role: Role,
  at: Place,
  validFrom: IsoDate,
  validTo: Schema.optionalKey(IsoDate)
})

/**
 * @category posts
 * @since 0.1.0
 */
export type Post = typeof Post.Type

/**
 * The flat records a directory is built from.
 *
 * @example
 * import type { Staff } from "@gridgov/core"
 * const empty: Staff.Records = { people: [], units: [], posts: [] }
 *
 * @category posts
 * @since 0.1.0
 */
export const Records = Schema.Struct({
  people: Schema.Array(Person),
  units: Schema.Array(Unit),
  posts: Schema.Array(Post)
})

/**
 * @category posts
 * @since 0.1.0
 */
export type Records = typeof Records.Type

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/**
 * One problem in staff records, with its path (`["posts", 12, "at", "grid"]`).
 *
 * @example
 * import type { Staff } from "@gridgov/core"
 * const issue: Staff.Issue = { _tag: "UnknownGrid", path: ["posts", 0, "at", "grid"], message: "…" }
 *
 * @category errors
 * @since 0.1.0
 */
export const Issue = Schema.Struct({
  _tag: Schema.Literals([
    "Schema",
    "DuplicatePerson",
    "DuplicateUnit",
    "UnknownUnitParent",
    "UnitCycle",
    "UnknownPerson",
    "UnknownGrid",
    "UnknownUnit",
    "DateOrder",
    "WrongPlace"
  ]),
  path: Schema.Array(Schema.Union([Schema.String, Schema.Number])),
  message: Schema.String
})

/**
 * @category errors
 * @since 0.1.0
 */
export type Issue = typeof Issue.Type

/**
 * Staff records were rejected; `issues` lists every problem found.
 *
 * @example
 * import { Grid, Staff } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * const r = Staff.directory({ people: [], units: [], posts: [
 *   { person: "p-1", role: "gridWorker", at: { grid: "620981999" }, validFrom: "2021-01-01" }
 * ] }, tree)
 * Result.isFailure(r) && r.failure.issues.map((i) => i._tag) // ["UnknownPerson", "UnknownGrid"]
 *
 * @category errors
 * @since 0.1.0
 */
export class RecordsInvalid extends Schema.TaggedError<RecordsInvalid>()("StaffRecordsInvalid", {
  issues: Schema.Array(Issue)
}) {
  override get message(): string {
    const shown = this.issues.slice(0, 5).map((i) => `${i._tag} at ${i.path.join(".")}: ${i.message}`)
    return `${this.issues.length} problem(s) in staff records: ${shown.join("; ")}`
  }
}

const decodeRecords = Schema.decodeUnknownResult(Records)
const formatIssue = SchemaIssue.makeFormatterStandardSchemaV1()

/**
 * Decodes unknown input into staff records, reporting every shape problem with its path.
 *
 * @example
 * import { Staff } from "@gridgov/core"
 * import { Result } from "effect"
 * const r = Staff.decode({ people: [], units: [], posts: [{ person: "p", role: "gridWorker", at: { grid: "620981" }, validFrom: "2021-02-30" }] })
 * Result.isFailure(r) && r.failure.issues[0]!.path // ["posts", 0, "validFrom"]
 *
 * @category constructors
 * @since 0.1.0
 */
export const decode = (input: unknown): Result.Result<Records, RecordsInvalid> =>
  Result.mapError(
    decodeRecords(input, { errors: "all" }),
    (error) =>
      new RecordsInvalid({
        issues: formatIssue(error.issue).issues.map((i) => ({
          _tag: "Schema" as const,
          path: (i.path ?? []).map((k) => (typeof k === "object" && k !== null ? String(k.key) : k)) as Array<
            string | number
          >,
          message: i.message
        }))
      })
  )

// ---------------------------------------------------------------------------
// The directory
// ---------------------------------------------------------------------------

/**
 * People, units and posts, indexed against a grid tree for look-ups.
 *
 * @example
 * import { Grid, Staff } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * const dir = Result.getOrThrow(Staff.directory({ people: [], units: [], posts: [] }, tree))
 * dir.people.size // 0
 *
 * @category directory
 * @since 0.1.0
 */
export type Directory = internal.Directory

/**
 * Builds a directory from typed records against a grid tree, checking every post (known
 * person, known grid or unit, a place the role may hold, dates in order) and the unit
 * hierarchy; reports every problem at once.
 *
 * @example
 * import { Grid, Staff } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * const dir = Staff.directory({
 *   people: [{ id: "p-1", name: "张三" }],
 *   units: [],
 *   posts: [{ person: "p-1", role: "gridChief", at: { grid: "620981" }, validFrom: "2021-01-01" }]
 * }, tree)
 * Result.isSuccess(dir) // true
 *
 * @category directory
 * @since 0.1.0
 */
export const directory = (records: Records, tree: Grid.Tree): Result.Result<Directory, RecordsInvalid> =>
  Result.mapError(internal.build(records, tree), (issues) => new RecordsInvalid({ issues }))

/**
 * Roles whose post on a grid also covers every grid below it: `gridChief` (a village's
 * chief covers its villager groups), `gridManager` (community police cover the grids of
 * their village or community), `leader` and `admin`. Other roles cover only the grid
 * they are posted to: a grid worker's block is theirs alone, and an exclusive member
 * covers only the exclusive grid. For an inheriting role, the nearest post wins: a
 * block with its own chief is not also covered by the village chief.
 *
 * @example
 * import { Staff } from "@gridgov/core"
 * Staff.inheriting.has("gridChief") // true
 * Staff.inheriting.has("gridWorker") // false
 *
 * @category directory
 * @since 0.1.0
 */
export const inheriting: ReadonlySet<Role> = internal.inheriting as ReadonlySet<Role>

/**
 * Whether a post is held on a date (ISO `YYYY-MM-DD`, both ends inclusive).
 *
 * @example
 * import { Staff } from "@gridgov/core"
 * Staff.validOn({ person: "p", role: "gridWorker", at: { grid: "620981" }, validFrom: "2021-01-01", validTo: "2021-06-30" }, "2021-07-01") // false
 *
 * @category directory
 * @since 0.1.0
 */
export const validOn: (post: Post, date: string) => boolean = internal.validOn

/**
 * Who covers a grid at one role: the grid the posts are held on, whether they are
 * inherited from an ancestor, and the posts.
 *
 * @example
 * import type { Staff } from "@gridgov/core"
 * const cover: Staff.Cover = { role: "gridChief", grid: "620981103200", inherited: true, posts: [] }
 *
 * @category directory
 * @since 0.1.0
 */
export interface Cover {
  readonly role: Role
  readonly grid: string
  readonly inherited: boolean
  readonly posts: ReadonlyArray<Post>
}

/**
 * Who covers grid `code` on `date`, one entry per role that has someone (see
 * `inheriting` for the rule). Empty for an unknown code.
 *
 * @example
 * import { Grid, Staff } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([
 *   { code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } },
 *   { code: "620981103", parent: "620981", kind: "town", name: { zh: "花海镇", en: "Huahai" } }
 * ]))
 * const dir = Result.getOrThrow(Staff.directory({
 *   people: [{ id: "p-1", name: "张三" }],
 *   units: [],
 *   posts: [{ person: "p-1", role: "gridChief", at: { grid: "620981" }, validFrom: "2021-01-01" }]
 * }, tree))
 * Staff.coverage(dir, "620981103", "2021-05-01")[0]!.inherited // true
 *
 * @category directory
 * @since 0.1.0
 */
export const coverage = (dir: Directory, code: string, date: string): Array<Cover> => {
  const id = dir.tree.index.get(code)
  return id === undefined ? [] : (internal.coverage(dir, id, date) as Array<Cover>)
}

/**
 * The posts covering grid `code` at one role on `date` (empty when nobody does).
 *
 * @example
 * import { Grid, Staff } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * const dir = Result.getOrThrow(Staff.directory({ people: [], units: [], posts: [] }, tree))
 * Staff.covering(dir, "620981", "gridChief", "2021-05-01") // []
 *
 * @category directory
 * @since 0.1.0
 */
export const covering = (dir: Directory, code: string, role: Role, date: string): ReadonlyArray<Post> =>
  coverage(dir, code, date).find((c) => c.role === role)?.posts ?? []

/**
 * The posts a person holds on `date`.
 *
 * @example
 * import { Grid, Staff } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * const dir = Result.getOrThrow(Staff.directory({ people: [], units: [], posts: [] }, tree))
 * Staff.postsOf(dir, "p-1", "2021-05-01") // []
 *
 * @category directory
 * @since 0.1.0
 */
export const postsOf = (dir: Directory, person: string, date: string): Array<Post> =>
  ((dir.byPerson.get(person) ?? []) as ReadonlyArray<Post>).filter((p) => internal.validOn(p, date))

/**
 * The codes of the grids a person is posted to on `date` (each once, in post order).
 * With an inheriting role the person also covers the subtrees (`Grid.subtree`).
 *
 * @example
 * import { Grid, Staff } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * const dir = Result.getOrThrow(Staff.directory({
 *   people: [{ id: "p-1", name: "张三" }],
 *   units: [],
 *   posts: [{ person: "p-1", role: "leader", at: { grid: "620981" }, validFrom: "2021-01-01" }]
 * }, tree))
 * Staff.gridsOf(dir, "p-1", "2021-05-01") // ["620981"]
 *
 * @category directory
 * @since 0.1.0
 */
export const gridsOf = (dir: Directory, person: string, date: string): Array<string> => [
  ...new Set(postsOf(dir, person, date).flatMap((p) => ("grid" in p.at ? [p.at.grid] : [])))
]

/**
 * The posts held at a unit on `date`.
 *
 * @example
 * import { Grid, Staff } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * const dir = Result.getOrThrow(Staff.directory({ people: [], units: [], posts: [] }, tree))
 * Staff.postsAt(dir, "center.grid", "2021-05-01") // []
 *
 * @category directory
 * @since 0.1.0
 */
export const postsAt = (dir: Directory, unit: string, date: string): Array<Post> =>
  ((dir.byUnit.get(unit) ?? []) as ReadonlyArray<Post>).filter((p) => internal.validOn(p, date))

/**
 * The units that take cases of `kind` in `category`, the most specific match first
 * (longest category prefix; a unit with no categories takes the whole kind and comes
 * last), ties by id.
 *
 * @example
 * import { Grid, Staff } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * const dir = Result.getOrThrow(Staff.directory({ people: [], posts: [], units: [
 *   { id: "committee.water", type: "committee", name: { zh: "水事纠纷调解委员会", en: "Water committee" }, takes: [{ kind: "dispute", categories: ["dispute.water"] }] },
 *   { id: "committee.joint", type: "committee", name: { zh: "联合人民调解委员会", en: "Joint committee" }, takes: [{ kind: "dispute", categories: [] }] }
 * ] }, tree))
 * Staff.unitsFor(dir, "dispute", "dispute.water.irrigation").map((u) => u.id) // ["committee.water", "committee.joint"]
 *
 * @category directory
 * @since 0.1.0
 */
export const unitsFor = (dir: Directory, kind: CaseKind.Kind, category: string): Array<Unit> =>
  internal.unitsFor(dir, kind, category) as Array<Unit>
