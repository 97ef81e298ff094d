/**
 * What a caller of the case service may leave to it: the role an actor acts in (the
 * first of their roles `Access` lets issue the command, on the case as it is), a new
 * case's place given as a point, its channel and severity, and the routing preview
 * of a case not yet reported.
 */
import { Result } from "effect"
import * as Access from "../Access.js"
import * as Case from "../Case.js"
import type * as CaseKind from "../CaseKind.js"
import * as Grid from "../Grid.js"
import * as Routing from "../Routing.js"
import type * as Staff from "../Staff.js"

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

type Open = Extract<Case.Command, { readonly _tag: "Open" }>

/** A command whose `actor` (who issues it, in which role) may be left out. */
export type CommandInput = Case.Command | DistributiveOmit<Exclude<Case.Command, Open>, "actor">

/** The fields of `Open` but its id, with the actor, place, channel and severity optional and a point. */
export interface OpenInput extends Omit<Open, "_tag" | "id" | "actor" | "place" | "channel" | "severity"> {
  readonly actor?: Case.ActorRef | undefined
  readonly place?: string | undefined
  readonly point?: { readonly long: number; readonly lat: number } | undefined
  readonly channel?: CaseKind.Channel | undefined
  readonly severity?: CaseKind.Severity | undefined
}

/** What `preview` routes: a case's kind, category and place (a grid code), and what routing rules may look at. */
export interface PreviewInput {
  readonly kind: CaseKind.Kind
  readonly category: string
  readonly place: string
  readonly severity?: CaseKind.Severity | undefined
  readonly track?: CaseKind.Track | undefined
  readonly channel?: CaseKind.Channel | undefined
}

/** The actor's roles, each once, in the order of their posts; `public` for an actor without posts. */
export const rolesOf = (actor: Access.Actor): ReadonlyArray<Staff.Role> => {
  const roles: Array<Staff.Role> = []
  for (const p of actor.posts) if (!roles.includes(p.role)) roles.push(p.role)
  return roles.length === 0 ? ["public"] : roles
}

/**
 * The role to issue a command in: the actor's only role; else the first of their
 * roles that `Access` lets issue the command on `state`; else (no state the actor may
 * read, or no role allowed) their first role, whose refusal is then the answer.
 */
export const roleFor = (
  context: Access.Context,
  actor: Access.Actor,
  make: (role: Staff.Role) => Case.Command,
  state: Case.State | undefined
): Staff.Role => {
  const roles = rolesOf(actor)
  if (roles.length === 1 || state === undefined) return roles[0]!
  for (const role of roles) if (Result.isSuccess(Access.authorize(context, actor, make(role), state))) return role
  return roles[0]!
}

/** Whether a command names who issues it. */
export const attributed = (command: CommandInput): command is Case.Command =>
  "actor" in command && command.actor !== undefined

/** The command issued by `actor` in `role`. */
export const attribute = (command: CommandInput, actor: Access.Actor, role: Staff.Role): Case.Command =>
  ({ ...command, actor: { id: actor.id, role } }) as Case.Command

/**
 * The `Open` of a report: its place (the grid code given, else the grid the point
 * lies in), severity (default `ordinary`), the role the actor reports in (`roleFor`,
 * unless `actor` names it) and the channel (default: `public` for a member of the
 * public, `app` for staff).
 */
export const opening = (
  context: Access.Context,
  input: OpenInput,
  actor: Access.Actor,
  id: string
): Result.Result<Open, Case.InvalidCommand> => {
  let place = input.place
  if (place === undefined && input.point !== undefined) {
    const grid = Grid.locate(context.tree, input.point.long, input.point.lat)
    if (grid === undefined) {
      return Result.fail(
        new Case.InvalidCommand({
          message: `The point (${input.point.long}, ${input.point.lat}) is not inside any grid`
        })
      )
    }
    place = Grid.record(context.tree, grid).code
  }
  if (place === undefined) {
    return Result.fail(new Case.InvalidCommand({ message: "Give the place: a grid code or a point (long, lat)" }))
  }
  const { point: _point, actor: named, ...given } = input
  // a member given as undefined is absent
  const fields = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as typeof given
  const make = (ref: Case.ActorRef): Open => ({
    ...fields,
    _tag: "Open",
    id,
    actor: ref,
    place,
    channel: input.channel ?? (ref.role === "public" ? "public" : "app"),
    severity: input.severity ?? "ordinary"
  })
  if (named !== undefined) return Result.succeed(make(named))
  const role = roleFor(context, actor, (r) => make({ id: actor.id, role: r }), Case.initialState)
  return Result.succeed(make({ id: actor.id, role }))
}

/** Where a case would be routed, and why; `GridNotFound` for a place that is not a grid. */
export const preview = (
  tree: Grid.Tree,
  router: Routing.Router,
  input: PreviewInput
): Result.Result<Routing.Explanation, Access.GridNotFound> => {
  const id = Grid.id(tree, input.place)
  if (id === undefined) return Result.fail(new Access.GridNotFound({ grid: input.place }))
  return Result.succeed(
    Routing.explain(router, {
      kind: input.kind,
      category: input.category,
      place: Grid.path(tree, id),
      ...(input.severity === undefined ? {} : { severity: input.severity }),
      ...(input.track === undefined ? {} : { complexity: input.track }),
      ...(input.channel === undefined ? {} : { channel: input.channel })
    })
  )
}
