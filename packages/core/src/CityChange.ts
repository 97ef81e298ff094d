/**
 * Changes to a city's configuration, as values, and the pure decider that turns a
 * batch of them into the events the configuration stream records.
 *
 * - `Change`: what an administrator asks for: the level scheme; grids (add, move,
 *   rename, retire, set boundary, and split and merge as compositions of those);
 *   units (add, edit, close); people (add, edit; their contact details, kept off the
 *   chain, set or erased); posts (add, edit, transfer, end on a date); the routing
 *   table; the city's SLA tier; the category and record taxonomies (set or extend);
 *   appraisal weights; subscribers (set, remove; their secrets off the chain);
 *   calendar notices (add).
 * - `decide(document, changes, context)`: the events of the batch, the values kept off
 *   the chain and the document after, or `Rejected` (every problem, each naming the
 *   change it comes from) or `Stranded` (the work the batch would leave without
 *   anyone to do it, unless the batch names where it goes). Every event carries the
 *   actor, the instant and the reason given.
 * - `evolve` / `fold`: events into the document.
 * - `diff`: the changes from a document to a target (a city folder read), with a line
 *   for people per change, and the faults no change can make.
 * - `authorize`: who may make a change (a town's admin only within the town; only
 *   city-wide admins and `system` change rules, SLA tables, taxonomies, …).
 *
 * See docs/explanation/configuration.md.
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import type * as Arr from "effect/Array"
import type * as Access from "./Access.js"
import type { Json, NewEvent, StoredEvent } from "./CaseStore.js"
import type * as City from "./City.js"
import * as Grid from "./Grid.js"
import { problemsOf } from "./internal/categoryIssues.js"
import * as access from "./internal/cityAccess.js"
import * as C from "./internal/cityChanges.js"
import * as D from "./internal/cityDecide.js"
import * as Differ from "./internal/cityDiff.js"
import * as E from "./internal/cityEvolve.js"

/**
 * Every change, as a tagged union schema (`CityChange.Change.cases.AddPost`, …).
 * Decode untrusted input with {@link decodeChange}.
 *
 * @example
 * import { CityChange } from "@gridgov/core"
 * const change: CityChange.Change = { _tag: "EndPost", id: "p-01808#1", on: "2026-03-31" }
 * CityChange.Change.guards.EndPost(change) // true
 *
 * @category changes
 * @since 0.1.0
 */
export const Change = C.Change

/**
 * @category changes
 * @since 0.1.0
 */
export type Change = C.Change

/**
 * A person's phone and ID numbers: given with `AddPerson` or `SetContact`, checked
 * (`Records.validatePhone`, `Records.validateIdNumber`) and kept off the chain.
 *
 * @example
 * import type { CityChange } from "@gridgov/core"
 * const contact: CityChange.Contact = { phone: "13800138000" }
 *
 * @category changes
 * @since 0.1.0
 */
export const Contact = C.Contact

/**
 * @category changes
 * @since 0.1.0
 */
export type Contact = C.Contact

/**
 * Every event of the configuration stream, as a tagged union schema. Each carries `v`,
 * `at`, the actor (`{ id, roles }`) and the `reason` given for the change.
 *
 * @example
 * import { CityChange } from "@gridgov/core"
 * CityChange.Event.guards.PostEnded({
 *   _tag: "PostEnded", v: 1, at: 0, actor: { id: "a-1", roles: ["admin"] }, reason: "retired", id: "p-1#1", on: "2026-03-31"
 * }) // true
 *
 * @category events
 * @since 0.1.0
 */
export const Event = C.Event

/**
 * @category events
 * @since 0.1.0
 */
export type Event = C.Event

/**
 * One problem of a refused batch: its kind (`UnknownGrid`, `DuplicatePost`,
 * `DateOrder`, `RoutingInvalid`, a grid tree or staff directory issue, …), the index of
 * the change it comes from, the path inside that change, and a message.
 *
 * @example
 * import type { CityChange } from "@gridgov/core"
 * const issue: CityChange.Issue = { _tag: "UnknownPost", change: 0, path: ["id"], message: "no post has id x" }
 *
 * @category errors
 * @since 0.1.0
 */
export const Issue = Schema.Struct({
  _tag: Schema.String,
  change: Schema.Int,
  path: Schema.Array(Schema.Union([Schema.String, Schema.Number])),
  message: Schema.String
})

/**
 * @category errors
 * @since 0.1.0
 */
export type Issue = typeof Issue.Type

/**
 * Work a change would strand: a grid or unit left without a post
 * (`UncoveredGrid`, `UncoveredUnit`), open cases held by a closing unit or filed
 * under a removed category (`OpenCases`), posts at a closing unit (`ActivePosts`),
 * a closing unit the routing table still names (`InUse`); with the first items
 * (case, post or table paths), how many in all, and how the change could name where
 * the work goes.
 *
 * @example
 * import type { CityChange } from "@gridgov/core"
 * const strand: CityChange.Strand = {
 *   _tag: "UncoveredGrid", change: 0, subject: "620981101201", items: ["p-1#1"], total: 1,
 *   remedy: "name a replacement (EndPost.replacement)"
 * }
 *
 * @category errors
 * @since 0.1.0
 */
export const Strand = Schema.Struct({
  _tag: Schema.Literals(["UncoveredGrid", "UncoveredUnit", "OpenCases", "ActivePosts", "InUse"]),
  change: Schema.Int,
  subject: Schema.String,
  items: Schema.Array(Schema.String),
  total: Schema.Int,
  remedy: Schema.String
})

/**
 * @category errors
 * @since 0.1.0
 */
export type Strand = typeof Strand.Type

/**
 * A batch that does not hold: every problem, each naming its change. Nothing was
 * written.
 *
 * @example
 * import { CityChange } from "@gridgov/core"
 * new CityChange.Rejected({ issues: [{ _tag: "UnknownPost", change: 0, path: ["id"], message: "no post has id x" }] })
 *   .message // "change 0 id: UnknownPost: no post has id x"
 *
 * @category errors
 * @since 0.1.0
 */
export class Rejected extends Schema.TaggedError<Rejected>()("CityChangeRejected", { issues: Schema.Array(Issue) }) {
  override get message(): string {
    const shown = this.issues
      .slice(0, 5)
      .map((i) => `change ${i.change}${i.path.length === 0 ? "" : ` ${i.path.join(".")}`}: ${i._tag}: ${i.message}`)
    return shown.join("; ") + (this.issues.length > 5 ? `; and ${this.issues.length - 5} more` : "")
  }
}

/**
 * A batch that would strand work, with what it strands. Nothing was written; the batch
 * may name where the work goes (a replacement post, a category mapping, …) and be sent
 * again.
 *
 * @example
 * import { CityChange } from "@gridgov/core"
 * const e = new CityChange.Stranded({ strands: [] })
 * e._tag // "CityChangeStrands"
 *
 * @category errors
 * @since 0.1.0
 */
export class Stranded extends Schema.TaggedError<Stranded>()("CityChangeStrands", { strands: Schema.Array(Strand) }) {
  override get message(): string {
    return this.strands
      .map((s) => `change ${s.change} strands ${s.subject} (${s._tag}: ${s.total}): ${s.remedy}`)
      .join("; ")
  }
}

/**
 * What `decide` asks about the cases, before deciding: the open cases a unit holds
 * (`Held`), or filed under a category or below it (`Category`). The service answers
 * with {@link Usage}s.
 *
 * @example
 * import type { CityChange } from "@gridgov/core"
 * const q: CityChange.UsageQuery = { _tag: "Held", unit: "committee.water" }
 *
 * @category deciding
 * @since 0.1.0
 */
export type UsageQuery = D.UsageQuery

/**
 * The answer to a {@link UsageQuery}: the ids of some of the open cases, and how many.
 *
 * @example
 * import type { CityChange } from "@gridgov/core"
 * const none: CityChange.Usage = { ids: [], total: 0 }
 *
 * @category deciding
 * @since 0.1.0
 */
export type Usage = D.Usage

/**
 * What `decide` needs besides the document and the changes: the actor recorded with
 * the events, the reason given, the instant, the configuration version of the document
 * (the batch's events take the versions after it: an SLA tier or a notice records the
 * version it takes effect at), today's date in the city's zone, the answers to its
 * usage queries, and the calendar builder (to check an added notice).
 *
 * @example
 * import type { CityChange } from "@gridgov/core"
 * const context: CityChange.Context = {
 *   actor: { id: "a-1", roles: ["admin"] }, reason: "the 2027 notice", now: 0, version: 12, today: "2026-11-12"
 * }
 *
 * @category deciding
 * @since 0.1.0
 */
export type Context = D.Context

/**
 * A value kept off the chain, under its key (`contact/<person>`, `secret/<subscriber>`);
 * `null` erases it.
 *
 * @example
 * import type { CityChange } from "@gridgov/core"
 * const erase: CityChange.OffChain = { key: "contact/p-1", value: null }
 *
 * @category deciding
 * @since 0.1.0
 */
export type OffChain = D.OffChain

/**
 * What a batch decides: the events to append, the values to keep off the chain and
 * the document after.
 *
 * @example
 * import type { CityChange } from "@gridgov/core"
 * const count = (d: CityChange.Decision) => d.events.length
 *
 * @category deciding
 * @since 0.1.0
 */
export type Decision = D.Decision

/**
 * The key a person's contact details are kept under, off the chain.
 *
 * @example
 * import { CityChange } from "@gridgov/core"
 * CityChange.contactKey("p-1") // "contact/p-1"
 *
 * @category deciding
 * @since 0.1.0
 */
export const contactKey: (person: string) => string = D.contactKey

/**
 * The key a subscriber's secret is kept under, off the chain.
 *
 * @example
 * import { CityChange } from "@gridgov/core"
 * CityChange.secretKey("hook-1") // "secret/hook-1"
 *
 * @category deciding
 * @since 0.1.0
 */
export const secretKey: (subscriber: string) => string = D.secretKey

/**
 * The usage queries `decide` will ask for a batch: a service runs them against its
 * cases first.
 *
 * @example
 * import { City, CityChange } from "@gridgov/core"
 * CityChange.needs(City.empty, [{ _tag: "CloseUnit", id: "committee.water", on: "2026-01-01" }])
 * // [{ _tag: "Held", unit: "committee.water" }]
 *
 * @category deciding
 * @since 0.1.0
 */
export const needs: (document: City.Document, changes: ReadonlyArray<Change>) => Array<UsageQuery> = D.needs

/**
 * Decides a batch of changes on a document. The changes are decided in order, each on
 * the document the ones before it made; the result is then checked as a whole (the
 * grid tree, the staff directory, the taxonomies, the routing table, the SLA
 * policies, an added notice's calendar) and for stranded work. Never throws.
 *
 * @example
 * import { City, CityChange } from "@gridgov/core"
 * import { Result } from "effect"
 * const d = CityChange.decide(City.empty, [
 *   { _tag: "AddGrid", record: { code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } } }
 * ], { actor: { id: "system", roles: ["system"] }, reason: "import", now: 0, version: 0, today: "2026-01-01" })
 * Result.isSuccess(d) && d.success.events[0]?._tag // "GridAdded"
 *
 * @category deciding
 * @since 0.1.0
 */
export const decide = (
  document: City.Document,
  changes: Arr.NonEmptyReadonlyArray<Change>,
  context: Context
): Result.Result<Decision, Rejected | Stranded> =>
  Result.mapError(D.decide(document, changes, context), (refusal) =>
    refusal._tag === "Rejected" ? new Rejected({ issues: refusal.issues }) : new Stranded({ strands: refusal.strands })
  )

const decodeChangeResult = Schema.decodeUnknownResult(C.Change, { errors: "all" })

/**
 * Decodes a change from untrusted input; a failure names every problem with its path
 * (`change` is the index given).
 *
 * @example
 * import { CityChange } from "@gridgov/core"
 * import { Result } from "effect"
 * Result.isFailure(CityChange.decodeChange({ _tag: "EndPost", id: "p-1#1", on: "2026-02-30" })) // true
 *
 * @category changes
 * @since 0.1.0
 */
export const decodeChange = (input: unknown, index = 0): Result.Result<Change, Rejected> =>
  Result.mapError(
    decodeChangeResult(input),
    (error) =>
      new Rejected({
        issues: problemsOf(error.issue).map((p) => ({
          _tag: "Schema",
          change: index,
          path: p.path,
          message: p.message
        }))
      })
  )

/**
 * Folds one event into a document; `version` is the event's stream version (an SLA
 * tier or a notice records the version it took effect at).
 *
 * @example
 * import { City, CityChange } from "@gridgov/core"
 * const d = CityChange.evolve(City.empty, {
 *   _tag: "PersonAdded", v: 1, at: 0, actor: { id: "system", roles: ["system"] }, reason: "import",
 *   person: { id: "p-1", name: "张三" }
 * }, 1)
 * d.people.length // 1
 *
 * @category events
 * @since 0.1.0
 */
export const evolve = (document: City.Document, event: Event, version: number): City.Document =>
  E.fold(document, [{ event, version }])

/**
 * Folds events, each with its stream version, into a document, in one pass.
 *
 * @example
 * import { City, CityChange } from "@gridgov/core"
 * CityChange.fold(City.empty, []) === City.empty // false: a new object, with the same parts
 *
 * @category events
 * @since 0.1.0
 */
export const fold = (
  document: City.Document,
  events: Iterable<{ readonly event: Event; readonly version: number }>
): City.Document => E.fold(document, events)

/**
 * An event as the store keeps it: its type and version, the payload (its fields and
 * the reason), the actor and the instant.
 *
 * @example
 * import { CityChange } from "@gridgov/core"
 * CityChange.encode({
 *   _tag: "PostEnded", v: 1, at: 5, actor: { id: "a-1", roles: ["admin"] }, reason: "retired", id: "p-1#1", on: "2026-03-31"
 * }).payload // { id: "p-1#1", on: "2026-03-31", reason: "retired" }
 *
 * @category events
 * @since 0.1.0
 */
export const encode = (event: Event): NewEvent => {
  const { _tag, v, at, actor, ...payload } = event as Event & Record<string, unknown>
  return { type: _tag, v, at, actor: { id: actor.id, roles: [...actor.roles] }, payload: payload as Json }
}

const decodeEventResult = Schema.decodeUnknownResult(C.Event)

/**
 * A stored event back as a configuration event; a row that does not decode fails with
 * a message naming it.
 *
 * @example
 * import { CityChange } from "@gridgov/core"
 * import { Result } from "effect"
 * const r = CityChange.decodeStored({
 *   streamId: "city", version: 1, position: 1, prevHash: "", hash: "", type: "PostEnded", v: 1, at: 5,
 *   actor: { id: "a-1", roles: ["admin"] }, payload: { id: "p-1#1", on: "2026-03-31", reason: "retired" }
 * })
 * Result.isSuccess(r) // true
 *
 * @category events
 * @since 0.1.0
 */
export const decodeStored = (stored: StoredEvent): Result.Result<Event, string> => {
  const payload = stored.payload
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) {
    return Result.fail(`${stored.streamId}#${stored.version}: payload is not an object`)
  }
  return Result.mapError(
    decodeEventResult({ ...payload, _tag: stored.type, v: stored.v, at: stored.at, actor: stored.actor }),
    (error) => `${stored.streamId}#${stored.version}: ${error.message}`
  )
}

/**
 * Whether an actor may make a batch of changes: `system` and administrators posted
 * city-wide (at the root grid or a unit) may make any; an administrator posted at a
 * grid only those within its subtree (its grids, grids added under them earlier in the
 * batch, the posts there, and people posted nowhere else); anyone else none. Fails
 * with `Access.Forbidden` (`AdminOnly`, or `OutsideJurisdiction` for a town's admin
 * asking for a city-wide change) naming the first change refused.
 *
 * @example
 * import { Access, City, CityChange } from "@gridgov/core"
 * import { Result } from "effect"
 * const worker: Access.Actor = { id: "w-1", posts: [{ role: "gridWorker", at: { grid: "620981101201" } }] }
 * Result.isFailure(CityChange.authorize(City.empty, worker, [{ _tag: "EraseContact", person: "p-1" }])) // true
 *
 * @category access
 * @since 0.1.0
 */
export const authorize = (
  document: City.Document,
  actor: Access.Actor,
  changes: ReadonlyArray<Change>,
  tree?: Grid.Tree
): Result.Result<void, Access.Forbidden> => {
  const built =
    tree ??
    (document.grids.length === 0 ? undefined : Result.getOrUndefined(Grid.build(document.grids, document.scheme)))
  return access.authorizeAll(document, built, actor, changes)
}

/**
 * Whether an actor changes the whole configuration: `system`, or an administrator
 * posted at the root grid or at a unit.
 *
 * @example
 * import { Access, City, CityChange } from "@gridgov/core"
 * CityChange.cityWide(City.empty, Access.system()) // true
 *
 * @category access
 * @since 0.1.0
 */
export const cityWide: (document: City.Document, actor: Access.Actor) => boolean = access.cityWide

/**
 * A configuration as it should be (a city folder read, a spreadsheet): each part
 * optional, a part left out kept as the store has it. Grid records' own `boundary` is
 * ignored when `boundaries` is given (boundaries are a part of their own, by code).
 *
 * @example
 * import type { CityChange } from "@gridgov/core"
 * const people: CityChange.Target = { people: [{ id: "p-1", name: "张三" }] }
 *
 * @category diffing
 * @since 0.1.0
 */
export type Target = Differ.Target

/**
 * What a step of a diff or a fault is about: a row (`grid`, `boundary`, `unit`,
 * `person`, `post`, `subscriber`, `notice`, with its id) or a part as a whole
 * (`scheme`, `routing`, `sla`, `categories`, `recordItems`, `weights`).
 *
 * @example
 * import type { CityChange } from "@gridgov/core"
 * const grid: CityChange.Subject = { _tag: "grid", id: "620981101" }
 *
 * @category diffing
 * @since 0.1.0
 */
export type Subject = Differ.Subject

/**
 * One step of a diff: the change, its sign (`+` added, `~` changed, `-` retired,
 * closed, ended or removed), its subject, and a line saying it for people.
 *
 * @example
 * import type { CityChange } from "@gridgov/core"
 * const show = (s: CityChange.Step) => s.line
 *
 * @category diffing
 * @since 0.1.0
 */
export type Step = Differ.Step

/**
 * A difference no change can make (a grid's kind, a post's person or place, a notice's
 * contents), or a grid `prune` would retire while it is still in use.
 *
 * @example
 * import type { CityChange } from "@gridgov/core"
 * const show = (f: CityChange.Fault) => f.message
 *
 * @category diffing
 * @since 0.1.0
 */
export type Fault = Differ.Fault

/**
 * @category diffing
 * @since 0.1.0
 */
export type Diff = Differ.Diff

/**
 * The changes that take a document to a target, in an order `decide` takes them
 * (tables, grids parents first, units, people, posts, routing and SLA, then what is
 * retired, closed or ended), each with a line for people; and the faults, the
 * differences no change can make. A row the target leaves out is kept unless `prune`
 * is set, and then retired (a grid, its work to a grid kept beside it under the same
 * parent; refused while posts or grids stay under it, or when none is kept beside it), closed on `today` (a unit) or ended yesterday
 * (a post); people and calendar notices are history and never removed. Whether what
 * is closed or ended strands work, `decide` says (`Stranded`, naming where).
 *
 * @example
 * import { City, CityChange } from "@gridgov/core"
 * const d = CityChange.diff(City.empty, {
 *   grids: [{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }],
 *   people: [{ id: "p-1", name: "张三" }]
 * }, { today: "2026-12-07" })
 * d.steps.map((s) => s.line) // ["+ grid 620981 玉门市", "+ person p-1 张三"]
 * d.faults.length // 0
 *
 * @category diffing
 * @since 0.1.0
 */
export const diff: (
  document: City.Document,
  target: Target,
  options: { readonly prune?: boolean | undefined; readonly today: string }
) => Diff = Differ.diff
