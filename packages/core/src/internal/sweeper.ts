/**
 * How the sweeper reads a timer and the outcome of the commands it ran for it.
 */
import type { Json } from "../CaseStore.js"
import type { TierName } from "../Sla.js"
import type { Claimed } from "../Timers.js"
import { compiled } from "./machines/index.js"

/** An SLA timer's payload, as `CaseService` schedules it. */
export interface SlaTimer {
  readonly kind: "SlaWarn" | "SlaBreach"
  readonly clock: string
  readonly tier: TierName
}

/** The SLA timer in a claimed row, or `undefined` for a row of another kind or shape. */
export const slaTimer = (timer: Claimed): SlaTimer | undefined => {
  if (timer.kind !== "SlaWarn" && timer.kind !== "SlaBreach") return undefined
  const p = timer.payload as { readonly [k: string]: Json } | null
  if (p === null || typeof p !== "object" || typeof p.clock !== "string") return undefined
  return { kind: timer.kind, clock: p.clock, tier: p.tier === "statutory" ? "statutory" : "target" }
}

/** Tags of command failures that make a timer stale: it is done with, nothing to retry. */
export const staleTags: ReadonlySet<string> = new Set([
  "SlaNotDue",
  "TransitionNotAllowed",
  "RoleNotAllowed",
  "GuardRejected",
  "CasePaused",
  "AccessDenied",
  "InvalidCommand"
])

/** Whether the case machine lets `system` escalate a case of `kind` in `status`. */
export const systemMayEscalate = (kind: string, status: string): boolean => {
  const machine = (compiled as Record<string, (typeof compiled)[keyof typeof compiled] | undefined>)[kind]
  const rows = machine?.byCommand[status]?.Escalate
  return rows?.some((r) => r.roles.includes("system")) === true
}
