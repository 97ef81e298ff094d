/**
 * Rows every kind shares (urge, SLA warn/breach, pause/resume, extensions) and
 * effect constructors, so the kind tables read as the domain's steps. SLA clocks
 * are not written per row: each state declares the clocks that run in it, and the
 * interpreter starts and stops them as the case enters and leaves it.
 */
import type { Role } from "../../Staff.js"
import type { Effect, RouteReason, TransitionDef } from "../machine.js"

export const route = (reason: RouteReason): Effect => ({ _tag: "Route", reason })
export const notifyHandler: Effect = { _tag: "Notify", to: { _tag: "Handler" } }
export const notifyReporter: Effect = { _tag: "Notify", to: { _tag: "Reporter" } }
export const notifyRole = (role: Role): Effect => ({ _tag: "Notify", to: { _tag: "Role", role } })
export const notifyUnit = (unit: string): Effect => ({ _tag: "Notify", to: { _tag: "Unit", unit } })

/** Roles that supervise: they urge and decide extensions. */
export const overseers: ReadonlyArray<Role> = ["leader", "dispatcher"]

/** Urge (督办): recorded without a change of state, from every open state. */
export const urge = <S extends string>(from: ReadonlyArray<S>): TransitionDef<S> => ({
  command: "Urge",
  from,
  event: "Urged",
  roles: [...overseers, "gridChief", "system"],
  effects: [notifyHandler],
  whilePaused: true
})

/** SLA warn and breach, issued by `system` for a running clock; recorded, no change of state. */
export const sla = <S extends string>(from: ReadonlyArray<S>): ReadonlyArray<TransitionDef<S>> => [
  {
    command: "SlaWarn",
    from,
    event: "SlaWarned",
    roles: ["system"],
    guards: ["clockRunning"],
    effects: [notifyHandler]
  },
  {
    command: "SlaBreach",
    from,
    event: "SlaBreached",
    roles: ["system"],
    guards: ["clockRunning"],
    effects: [notifyHandler, notifyRole("leader")]
  }
]

/** Pause and resume (waiting for the petitioner, an appraisal, a hearing): every clock of the state is paused, then resumed. */
export const pause = <S extends string>(
  from: ReadonlyArray<S>,
  roles: ReadonlyArray<Role>
): ReadonlyArray<TransitionDef<S>> => [
  { command: "Pause", from, event: "Paused", roles, clockOp: "pause" },
  { command: "Resume", from, event: "Resumed", roles, guards: ["isPaused"], clockOp: "resume", whilePaused: true }
]

/** Extension: requested by the handler (bounded), approved or rejected by an overseer; recorded, no change of state. */
export const extension = <S extends string>(
  from: ReadonlyArray<S>,
  requesters: ReadonlyArray<Role>
): ReadonlyArray<TransitionDef<S>> => [
  {
    command: "RequestExtension",
    from,
    event: "ExtensionRequested",
    roles: requesters,
    guards: ["clockRunning", "noPendingExtension", "extensionsLeft", "extensionWithinLimit"],
    effects: [notifyRole("leader")]
  },
  {
    command: "ApproveExtension",
    from,
    event: "ExtensionApproved",
    roles: ["leader"],
    guards: ["extensionPending"],
    effects: [notifyHandler]
  },
  {
    command: "RejectExtension",
    from,
    event: "ExtensionRejected",
    roles: ["leader"],
    guards: ["extensionPending"],
    effects: [notifyHandler]
  }
]
