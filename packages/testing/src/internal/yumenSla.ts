/**
 * Yumen's SLA table: the national statutory tiers (`Sla.national`) with Yumen's
 * "double 1-2-3" (信访事项双"123"受理机制) as the local target per petition track, and
 * example local targets for 12345 hotline tickets and events, labelled as examples,
 * that a city replaces with its own.
 */
import { Sla } from "@gridgov/core"

const YUMEN = 'Yumen "double 1-2-3" (信访事项双"123"受理机制), local target'
const EXAMPLE = "example local target; replace with your city's own table"

const statutory = (kind: Sla.Policy["kind"], clock: string): Sla.Tier => {
  const tier = Sla.national.find((p) => p.kind === kind && p.clock === clock && p.track === undefined)?.statutory
  if (tier === undefined) throw new Error(`no national ${kind}/${clock} tier`)
  return tier
}
const nationalPolicy = (kind: Sla.Policy["kind"], clock: string): Sla.Policy =>
  Sla.national.find((p) => p.kind === kind && p.clock === clock && p.track === undefined)!

const accept = statutory("petition", "accept")
const conclude = statutory("petition", "conclude")

export const policies: ReadonlyArray<Sla.Policy> = [
  // Petitions (信访): the statutory limits, and Yumen's double 1-2-3 as the local target per track.
  nationalPolicy("petition", "accept"),
  { kind: "petition", clock: "accept", track: "simple", statutory: accept, target: Sla.workingDays(1, YUMEN) },
  { kind: "petition", clock: "accept", track: "complex", statutory: accept, target: Sla.days(7, YUMEN) },
  { kind: "petition", clock: "meet", track: "simple", target: Sla.workingDays(2, YUMEN) },
  { kind: "petition", clock: "meet", track: "complex", target: Sla.days(14, YUMEN) },
  nationalPolicy("petition", "conclude"),
  { kind: "petition", clock: "conclude", track: "simple", statutory: conclude, target: Sla.workingDays(3, YUMEN) },
  { kind: "petition", clock: "conclude", track: "complex", statutory: conclude, target: Sla.days(21, YUMEN) },
  nationalPolicy("petition", "review"),
  nationalPolicy("petition", "rereview"),

  // Pre-litigation mediation (诉前调解): the national 30 days.
  nationalPolicy("prelitigation", "mediate"),

  // 12345 hotline tickets (工单): local handling targets per category.
  { kind: "hotline", clock: "handle", target: Sla.workingDays(15, EXAMPLE) },
  { kind: "hotline", clock: "handle", category: "hotline.consultation", target: Sla.workingDays(2, EXAMPLE) },
  { kind: "hotline", clock: "handle", category: "hotline.help", target: Sla.workingDays(10, EXAMPLE) },
  { kind: "hotline", clock: "handle", category: "hotline.complaint", target: Sla.workingDays(15, EXAMPLE) },
  { kind: "hotline", clock: "handle", category: "hotline.emergency", target: Sla.hours(2, EXAMPLE) },

  // Events (事件): every step of the loop in working hours, as digital city management
  // (数字化城市管理) counts them: register (立案), dispatch (派遣), sign for the
  // dispatch (签收), handle (处置) and verify the result (核查). Example targets.
  {
    kind: "event",
    clock: "register",
    target: Sla.workingHours(1, `${EXAMPLE} (立案: file a report within 1 working hour)`)
  },
  { kind: "event", clock: "dispatch", target: Sla.workingHours(1, EXAMPLE) },
  {
    kind: "event",
    clock: "sign",
    target: Sla.workingHours(
      0.5,
      `${EXAMPLE} (签收: the handling unit signs for a dispatch within half a working hour)`
    )
  },
  {
    kind: "event",
    clock: "verify",
    target: Sla.workingHours(4, `${EXAMPLE} (核查: verify a reported result within 4 working hours)`)
  },
  { kind: "event", clock: "handle", target: Sla.workingHours(16, EXAMPLE) },
  { kind: "event", clock: "handle", category: "event.sanitation", target: Sla.workingHours(4, EXAMPLE) },
  { kind: "event", clock: "handle", category: "event.sanitation.garbage", target: Sla.workingHours(2, EXAMPLE) },
  { kind: "event", clock: "handle", category: "event.facility", target: Sla.workingHours(8, EXAMPLE) },
  { kind: "event", clock: "handle", category: "event.safety", target: Sla.hours(1, EXAMPLE) }
]
