/**
 * Who may do what where. Deny by default: an actor acts on a case only under a post
 * whose role the command names, whose jurisdiction covers the case, and whose role
 * the case machine allows for the command; an actor reads a case only when one of
 * their posts reaches it. Every denial is a typed `Denied` naming why, and never says
 * more about a case than the caller may already see. Reads also come as a `Scope`,
 * a query filter as data that stores apply.
 *
 * The rules are in docs/explanation/access.md. Pure and plain: O(posts) per check,
 * each an O(1) interval comparison on the grid tree.
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import * as CaseKind from "./CaseKind.js"
import * as Category from "./Category.js"
import type * as Grid from "./Grid.js"
import * as internal from "./internal/access.js"
import type { Command } from "./internal/caseSchema.js"
import type { State } from "./internal/caseState.js"
import * as Staff from "./Staff.js"

// ---------------------------------------------------------------------------
// actors
// ---------------------------------------------------------------------------

/**
 * A post an actor holds: a role at a grid or unit (`Staff.Place`), or at no place for
 * the roles that need none (`public`, `system`).
 *
 * @example
 * import type { Access } from "@gridgov/core"
 * const chief: Access.Post = { role: "gridChief", at: { grid: "620981103204" } }
 * const resident: Access.Post = { role: "public", at: null }
 *
 * @category actors
 * @since 0.1.0
 */
export const Post = Schema.Struct({ role: Staff.Role, at: Schema.NullOr(Staff.Place) })

/**
 * @category actors
 * @since 0.1.0
 */
export type Post = typeof Post.Type

/**
 * Who issues a command or a query: a person id and the posts they hold.
 *
 * @example
 * import type { Access } from "@gridgov/core"
 * const officer: Access.Actor = { id: "p-0042", posts: [{ role: "departmentOfficer", at: { unit: "dept.housing" } }] }
 *
 * @category actors
 * @since 0.1.0
 */
export const Actor = Schema.Struct({ id: Schema.NonEmptyString, posts: Schema.Array(Post) })

/**
 * @category actors
 * @since 0.1.0
 */
export type Actor = typeof Actor.Type

/**
 * The actor a person is on a date: the posts they hold in the staff directory that
 * day (`Staff.postsOf`). A person with no post that day holds none, and is denied
 * everything.
 *
 * @example
 * import { Access, Grid, Staff } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * const dir = Result.getOrThrow(Staff.directory({
 *   people: [{ id: "p-1", name: "张三" }],
 *   units: [],
 *   posts: [{ person: "p-1", role: "leader", at: { grid: "620981" }, validFrom: "2021-01-01" }]
 * }, tree))
 * Access.actor(dir, "p-1", "2021-05-01").posts // [{ role: "leader", at: { grid: "620981" } }]
 *
 * @category actors
 * @since 0.1.0
 */
export const actor = (directory: Staff.Directory, person: string, date: string): Actor => ({
  id: person,
  posts: Staff.postsOf(directory, person, date).map((p) => ({ role: p.role, at: p.at }))
})

/**
 * A member of the public (`public`): reports anywhere, and reads and acts only on the
 * cases they reported.
 *
 * @example
 * import { Access } from "@gridgov/core"
 * Access.resident("r-001").posts // [{ role: "public", at: null }]
 *
 * @category actors
 * @since 0.1.0
 */
export const resident = (id: string): Actor => ({ id, posts: [{ role: "public", at: null }] })

/**
 * The `system` actor of timers and integrations: city-wide, and limited by the case
 * machines to the commands they allow `system` (SLA warnings and breaches, urging,
 * dispatch by routing, …).
 *
 * @example
 * import { Access } from "@gridgov/core"
 * Access.system().id // "system"
 *
 * @category actors
 * @since 0.1.0
 */
export const system = (id = "system"): Actor => ({ id, posts: [{ role: "system", at: null }] })

/**
 * What the checks need: the grid tree the places and posts refer to.
 *
 * @example
 * import { type Access, Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * const context: Access.Context = { tree }
 *
 * @category models
 * @since 0.1.0
 */
export interface Context {
  readonly tree: Grid.Tree
}

// ---------------------------------------------------------------------------
// denials
// ---------------------------------------------------------------------------

/**
 * Why a command was denied. None carries anything about the case beyond what the
 * caller may already read: `RoleNotAllowed` (which names the kind) comes only after
 * the jurisdiction check passed, and a case outside the caller's jurisdiction cannot
 * be told apart from one that does not exist.
 * - `ActorMismatch`: the command is issued in another person's name;
 * - `NoPost`: the actor holds no post with the role the command is issued in;
 * - `UnknownPlace`: the place of a new case is not a grid of the tree;
 * - `OutsideJurisdiction`: no post with that role covers the case (or the place);
 * - `NotHandler`: the actor's unit held the case before but does not hold it now;
 * - `NotReporter`: a member of the public acting on a case they did not report;
 * - `RoleNotAllowed`: the case machine does not let the role issue the command;
 * - `PublicReport`: a member of the public reporting through a channel other than
 *   `public` or `online`, or at a severity other than `ordinary` (`field` says which).
 *
 * @example
 * import type { Access } from "@gridgov/core"
 * const reason: Access.Reason = { _tag: "NoPost", role: "gridChief" }
 *
 * @category errors
 * @since 0.1.0
 */
export const Reason = Schema.Union([
  Schema.TaggedStruct("ActorMismatch", {}),
  Schema.TaggedStruct("NoPost", { role: Staff.Role }),
  Schema.TaggedStruct("UnknownPlace", { place: Schema.String }),
  Schema.TaggedStruct("OutsideJurisdiction", { role: Staff.Role }),
  Schema.TaggedStruct("NotHandler", { role: Staff.Role }),
  Schema.TaggedStruct("NotReporter", {}),
  Schema.TaggedStruct("RoleNotAllowed", { role: Staff.Role, kind: CaseKind.Kind }),
  Schema.TaggedStruct("PublicReport", { field: Schema.Literals(["channel", "severity"]) })
]).pipe(Schema.toTaggedUnion("_tag"))

/**
 * @category errors
 * @since 0.1.0
 */
export type Reason = typeof Reason.Type

/**
 * A command the actor may not issue, with the reason. Labels for people are in
 * `Messages` under `denied.<reason>`.
 *
 * @example
 * import { Access } from "@gridgov/core"
 * const denied = new Access.Denied({ command: "Register", reason: { _tag: "NoPost", role: "dispatcher" } })
 * denied.message // "Register denied: NoPost"
 *
 * @category errors
 * @since 0.1.0
 */
export class Denied extends Schema.TaggedError<Denied>()("AccessDenied", {
  command: Schema.String,
  reason: Reason
}) {
  override get message(): string {
    return `${this.command} denied: ${this.reason._tag}`
  }
}

/**
 * Whether a refused command must answer as if the case did not exist: the case is
 * outside the actor's jurisdiction, or (for a member of the public) not one they
 * reported, so its existence is not theirs to learn; `CaseService.get` answers such a
 * reader `NotFound` alike. A refused `Open` concerns a place, not a case: never
 * concealed.
 *
 * @example
 * import { Access } from "@gridgov/core"
 * Access.conceals(new Access.Denied({ command: "Register", reason: { _tag: "OutsideJurisdiction", role: "gridChief" } })) // true
 * Access.conceals(new Access.Denied({ command: "Register", reason: { _tag: "NoPost", role: "dispatcher" } })) // false
 *
 * @category errors
 * @since 0.1.0
 */
export const conceals = (denied: Denied): boolean =>
  denied.command !== "Open" && (denied.reason._tag === "OutsideJurisdiction" || denied.reason._tag === "NotReporter")

/**
 * Something other than a case command the actor may not do, with why:
 * - `AdminOnly`: administration (people, posts, tokens) needs an `admin` post;
 * - `NotPublisher`: no post of the actor has a role that publishes notices;
 * - `OutsideJurisdiction`: the actor's posts do not reach what the action concerns
 *   (the grid of a record, a notice's audience, a unit, the whole city).
 *
 * The services of records, notices, analytics and staff answer with it; what the
 * actor may not see at all answers as missing instead (`GridNotFound`, and each
 * service's `NotFound`).
 *
 * @example
 * import { Access } from "@gridgov/core"
 * new Access.Forbidden({ action: "AddPost", reason: "AdminOnly" }).message // "AddPost forbidden: AdminOnly"
 *
 * @category errors
 * @since 0.1.0
 */
export class Forbidden extends Schema.TaggedError<Forbidden>()("Forbidden", {
  action: Schema.String,
  reason: Schema.Literals(["AdminOnly", "NotPublisher", "OutsideJurisdiction"])
}) {
  override get message(): string {
    return `${this.action} forbidden: ${this.reason}`
  }
}

/**
 * A grid code that is not in the tree, or a grid outside the actor's reach: the two
 * cannot be told apart, so naming a grid never tells whether it exists.
 *
 * @example
 * import { Access } from "@gridgov/core"
 * new Access.GridNotFound({ grid: "999999" }).message // "grid 999999 not found"
 *
 * @category errors
 * @since 0.1.0
 */
export class GridNotFound extends Schema.TaggedError<GridNotFound>()("GridNotFound", { grid: Schema.String }) {
  override get message(): string {
    return `grid ${this.grid} not found`
  }
}

// ---------------------------------------------------------------------------
// commands
// ---------------------------------------------------------------------------

const placeId = (tree: Grid.Tree, place: string): number => tree.index.get(place) ?? -1

const deny = (command: Command, reason: Reason): Result.Result<Post, Denied> =>
  Result.fail(new Denied({ command: command._tag, reason }))

/**
 * The channels a member of the public reports through: `public` (a resident's own
 * report, 群众爆料) and `online` (a web portal or an Open311 app). The others are
 * the staff's and the integrations' (`hotline`, `police110`, `walkIn`, …).
 * @example
 * import { Access } from "@gridgov/core"
 * Access.publicChannels // ["public", "online"]
 * @category commands
 * @since 0.1.0
 */
export const publicChannels: ReadonlyArray<CaseKind.Channel> = ["public", "online"]

/**
 * Authorizes a command against a case's current state (`Case.initialState` for a new
 * case): the post the actor acts under, or why not. The command's `actor` must be the
 * actor, and `actor.role` is the role acted in: the actor must hold a post with that
 * role whose jurisdiction covers the case, and the case machine's row must allow the
 * role. Opening a case: the place must be a grid of the tree inside the post's
 * jurisdiction (units and the public may report anywhere); a member of the public
 * reports through the `public` or `online` channel (`publicChannels`) at `ordinary`
 * severity — how serious a case is, and which channel brought it, are the staff's to say. Acting on a case not yet
 * opened is denied exactly as acting on a case the actor cannot see
 * (`OutsideJurisdiction`, or `NotReporter` for the public), so a denial never tells
 * whether a case exists.
 *
 * @example
 * import { Access, Case, Grid } from "@gridgov/core"
 * import { Result } from "effect"
 *
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * const r = Access.authorize({ tree }, Access.resident("r-1"), {
 *   _tag: "Open", actor: { id: "r-1", role: "public" }, kind: "event", id: "c1",
 *   category: "event.sanitation.garbage", place: "620981", channel: "public", severity: "ordinary"
 * }, Case.initialState)
 * Result.isSuccess(r) // true
 *
 * @category commands
 * @since 0.1.0
 */
export const authorize = (
  context: Context,
  actor: Actor,
  command: Command,
  state: State
): Result.Result<Post, Denied> => {
  const { tree } = context
  const role = command.actor.role
  if (command.actor.id !== actor.id) return deny(command, { _tag: "ActorMismatch" })
  let held = false
  for (const post of actor.posts) if (post.role === role) held = true
  if (!held) return deny(command, { _tag: "NoPost", role })

  if (state.kind === null) {
    if (command._tag !== "Open")
      return deny(command, role === "public" ? { _tag: "NotReporter" } : { _tag: "OutsideJurisdiction", role })
    if (!internal.machineAllows(command.kind, "initial", "Open", role))
      return deny(command, { _tag: "RoleNotAllowed", role, kind: command.kind })
    if (role === "public" && !publicChannels.includes(command.channel))
      return deny(command, { _tag: "PublicReport", field: "channel" })
    if (role === "public" && command.severity !== "ordinary")
      return deny(command, { _tag: "PublicReport", field: "severity" })
    const place = placeId(tree, command.place)
    if (place < 0) return deny(command, { _tag: "UnknownPlace", place: command.place })
    for (const post of actor.posts)
      if (post.role === role && internal.canOpen(tree, internal.reachOf(tree, post), place)) return Result.succeed(post)
    return deny(command, { _tag: "OutsideJurisdiction", role })
  }

  const place = placeId(tree, state.place)
  let found: Post | undefined
  let heldBefore = false
  for (const post of actor.posts) {
    if (post.role !== role) continue
    const reach = internal.reachOf(tree, post)
    if (internal.canAct(tree, reach, state, actor.id, place)) {
      found = post
      break
    }
    if (reach._tag === "Unit" && internal.canRead(tree, reach, state, actor.id, place)) heldBefore = true
  }
  if (found === undefined) {
    if (role === "public") return deny(command, { _tag: "NotReporter" })
    return deny(command, heldBefore ? { _tag: "NotHandler", role } : { _tag: "OutsideJurisdiction", role })
  }
  if (!internal.machineAllows(state.kind, state.status, command._tag, role))
    return deny(command, { _tag: "RoleNotAllowed", role, kind: state.kind })
  return Result.succeed(found)
}

// ---------------------------------------------------------------------------
// reads
// ---------------------------------------------------------------------------

/**
 * Whether the actor may read a case: some post reaches it (see the rules). A case not
 * yet opened is read by nobody.
 *
 * @example
 * import { Access, Case, Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * Access.canRead({ tree }, Access.system(), Case.initialState) // false
 *
 * @category reads
 * @since 0.1.0
 */
export const canRead = (context: Context, actor: Actor, state: State): boolean => {
  if (state.kind === null) return false
  const { tree } = context
  const place = placeId(tree, state.place)
  for (const post of actor.posts)
    if (internal.canRead(tree, internal.reachOf(tree, post), state, actor.id, place)) return true
  return false
}

/**
 * Whether the actor reads as the public: they hold no post but `public` (a
 * resident, an integration, the anonymous Open311 data set). `CaseService` gives
 * such readers the resident view of a case (their own words and the case's
 * progress, with phone and ID numbers masked, no staff ids, no routing records);
 * staff who may read a case see it whole.
 * @example
 * import { Access } from "@gridgov/core"
 * Access.readsAsPublic(Access.resident("r-1")) // true
 * Access.readsAsPublic(Access.system()) // false
 * @category reads
 * @since 0.1.0
 */
export const readsAsPublic = (actor: Actor): boolean => actor.posts.every((p) => p.role === "public")

/**
 * A subtree of the grid tree as the range of pre-order numbers it occupies
 * (`Grid.interval`), with the code of its root for people and logs.
 *
 * @example
 * import type { Access } from "@gridgov/core"
 * const town: Access.Interval = { grid: "620981103", pre: 120, post: 161 }
 *
 * @category reads
 * @since 0.1.0
 */
export interface Interval {
  readonly grid: string
  readonly pre: number
  readonly post: number
}

/**
 * What an actor may read, as a query filter: `All`, or `Some` — cases placed in one
 * of the grid intervals (non-overlapping, in order), held now or before by one of the
 * units, or reported by the member of the public `reporter`. A store applies it as
 * `rank BETWEEN pre AND post OR …` (rank: `tree.pre` of the case's grid); `Some`
 * with nothing in it matches no case. Masking of personal data will hang off the
 * scope too.
 *
 * @example
 * import type { Access } from "@gridgov/core"
 * const nothing: Access.Scope = { _tag: "Some", grids: [], units: [], reporter: null }
 *
 * @category reads
 * @since 0.1.0
 */
export type Scope =
  | { readonly _tag: "All" }
  | {
      readonly _tag: "Some"
      readonly grids: ReadonlyArray<Interval>
      readonly units: ReadonlyArray<string>
      readonly reporter: string | null
    }

/**
 * The read scope of an actor: the union over their posts. Agrees exactly with
 * `canRead` on every opened case (through `facts` and `filter`).
 *
 * @example
 * import { Access, Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const context = { tree: Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }])) }
 * Access.scope(context, Access.system()) // { _tag: "All" }
 * Access.scope(context, Access.resident("r-1")) // { _tag: "Some", grids: [], units: [], reporter: "r-1" }
 *
 * @category reads
 * @since 0.1.0
 */
export const scope = (context: Context, actor: Actor): Scope => {
  const { tree } = context
  const grids: Array<Interval> = []
  const units: Array<string> = []
  let reporter: string | null = null
  for (const post of actor.posts) {
    const reach = internal.reachOf(tree, post)
    if (reach._tag === "City") return { _tag: "All" }
    if (reach._tag === "Unit") {
      if (!units.includes(reach.unit)) units.push(reach.unit)
    } else if (reach._tag === "Reporter") reporter = actor.id
    else grids.push(...internal.intervalsOf(tree, reach))
  }
  return { _tag: "Some", grids: internal.normalize(grids), units: units.sort(), reporter }
}

/**
 * Whether a scope reaches a grid, and so its whole subtree: `All`, or one of its grid
 * intervals holds the grid's rank. `false` for a code not in the tree.
 *
 * @example
 * import { Access, Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const context = { tree: Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }])) }
 * Access.reaches(context, Access.scope(context, { id: "p", posts: [{ role: "leader", at: { grid: "620981" } }] }), "620981") // true
 * Access.reaches(context, Access.scope(context, Access.resident("r-1")), "620981") // false
 *
 * @category reads
 * @since 0.1.0
 */
export const reaches = (context: Context, scope: Scope, grid: string): boolean => {
  const id = context.tree.index.get(grid)
  if (id === undefined) return false
  if (scope._tag === "All") return true
  const rank = context.tree.pre[id]!
  return scope.grids.some((i) => i.pre <= rank && rank <= i.post)
}

/**
 * Whether a scope reaches the whole city: `All`, or grid intervals that hold every
 * root of the tree (a leader posted at the city's grid).
 *
 * @example
 * import { Access, Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const context = { tree: Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }])) }
 * Access.reachesCity(context, Access.scope(context, { id: "p", posts: [{ role: "leader", at: { grid: "620981" } }] })) // true
 *
 * @category reads
 * @since 0.1.0
 */
export const reachesCity = (context: Context, scope: Scope): boolean => {
  if (scope._tag === "All") return true
  const { tree } = context
  let any = false
  for (let i = 0; i < tree.parent.length; i++) {
    if (tree.parent[i]! >= 0) continue
    any = true
    const rank = tree.pre[i]!
    if (!scope.grids.some((g) => g.pre <= rank && rank <= g.post)) return false
  }
  return any
}

/**
 * Whether a scope reaches a unit: `All`, or a unit post at the unit or above it
 * (`dept` reaches `dept.housing`).
 *
 * @example
 * import { Access } from "@gridgov/core"
 * Access.reachesUnit({ _tag: "Some", grids: [], units: ["dept.housing"], reporter: null }, "dept.housing") // true
 * Access.reachesUnit({ _tag: "Some", grids: [], units: ["dept.housing"], reporter: null }, "dept") // false
 *
 * @category reads
 * @since 0.1.0
 */
export const reachesUnit = (scope: Scope, unit: string): boolean =>
  scope._tag === "All" || scope.units.some((u) => Category.matches(u, unit))

/**
 * The columns of a case a scope is tested on: the rank of its grid (`tree.pre`, -1
 * for a place not in the tree), the units that have held it, and its reporter when a
 * member of the public reported it.
 *
 * @example
 * import type { Access } from "@gridgov/core"
 * const row: Access.Facts = { rank: 57, units: ["dept.housing"], reporter: null }
 *
 * @category reads
 * @since 0.1.0
 */
export interface Facts {
  readonly rank: number
  readonly units: ReadonlyArray<string>
  readonly reporter: string | null
}

/**
 * The facts of a case's state, for `filter` (and for the columns a store keeps).
 *
 * @example
 * import { Access, Case, Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * Access.facts({ tree }, Case.initialState) // { rank: -1, units: [], reporter: null }
 *
 * @category reads
 * @since 0.1.0
 */
export const facts = (context: Context, state: State): Facts => {
  const id = context.tree.index.get(state.place)
  return {
    rank: id === undefined ? -1 : context.tree.pre[id]!,
    units: state.held,
    reporter: internal.publicReporter(state)
  }
}

/**
 * Whether a case's facts fall inside a scope: the in-memory form of the query a
 * store runs.
 *
 * @example
 * import { Access } from "@gridgov/core"
 * const scope: Access.Scope = { _tag: "Some", grids: [{ grid: "620981103", pre: 120, post: 161 }], units: [], reporter: null }
 * Access.filter(scope, { rank: 130, units: [], reporter: null }) // true
 * Access.filter(scope, { rank: 12, units: [], reporter: null }) // false
 *
 * @category reads
 * @since 0.1.0
 */
export const filter = (scope: Scope, facts: Facts): boolean => {
  if (scope._tag === "All") return true
  if (scope.reporter !== null && facts.reporter === scope.reporter) return true
  for (const unit of scope.units) if (facts.units.includes(unit)) return true
  for (const g of scope.grids) if (g.pre <= facts.rank && facts.rank <= g.post) return true
  return false
}
