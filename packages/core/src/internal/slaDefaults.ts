/**
 * The SLA policies gridgov ships. Statutory tiers cite their source; local
 * targets are Yumen's published practice or clearly labelled examples that a
 * city replaces with its own table.
 */
import type { Policy, Tier } from "../Sla.js"

const PWR = "信访工作条例 (Petition Work Regulations, 2022)"
const YUMEN = 'Yumen "double 1-2-3" (信访事项双"123"受理机制), local target'
const EXAMPLE = "example local target; replace with your city's own table"

const days = (amount: number, source: string, extension?: Tier["extension"]): Tier =>
  extension === undefined
    ? { limit: { amount, unit: "calendarDays" }, source }
    : { limit: { amount, unit: "calendarDays" }, source, extension }
const workingDays = (amount: number, source: string): Tier => ({ limit: { amount, unit: "workingDays" }, source })
const workingHours = (amount: number, source: string): Tier => ({ limit: { amount, unit: "workingHours" }, source })
const hours = (amount: number, source: string): Tier => ({ limit: { amount, unit: "hours" }, source })

const accept = days(15, `${PWR} art. 22: tell the petitioner within 15 days whether the matter is accepted`)
const conclude = days(60, `${PWR} art. 34: conclude within 60 days of acceptance`, {
  max: 30,
  approval: true,
  notice: true,
  source: `${PWR} art. 34: complex matters may be extended by up to 30 days with the approval of the head of the office, telling the petitioner why`
})

export const policies: ReadonlyArray<Policy> = [
  // Petitions (信访): statutory limits, and Yumen's double 1-2-3 as the local target per track.
  { kind: "petition", clock: "accept", statutory: accept },
  { kind: "petition", clock: "accept", track: "simple", statutory: accept, target: workingDays(1, YUMEN) },
  { kind: "petition", clock: "accept", track: "complex", statutory: accept, target: days(7, YUMEN) },
  { kind: "petition", clock: "meet", track: "simple", target: workingDays(2, YUMEN) },
  { kind: "petition", clock: "meet", track: "complex", target: days(14, YUMEN) },
  { kind: "petition", clock: "conclude", statutory: conclude },
  { kind: "petition", clock: "conclude", track: "simple", statutory: conclude, target: workingDays(3, YUMEN) },
  { kind: "petition", clock: "conclude", track: "complex", statutory: conclude, target: days(21, YUMEN) },
  {
    kind: "petition",
    clock: "review",
    statutory: days(30, `${PWR} art. 35: the reviewing office answers a request for review within 30 days`)
  },
  {
    kind: "petition",
    clock: "rereview",
    statutory: days(30, `${PWR} art. 36: the office answers a request for re-review within 30 days`)
  },

  // Pre-litigation mediation (诉前调解): 30 days, longer only with the parties' consent.
  {
    kind: "prelitigation",
    clock: "mediate",
    statutory: days(30, "最高人民法院关于人民法院特邀调解的规定 (2016): entrusted mediation runs 30 days", {
      max: 30,
      approval: true,
      notice: false,
      source:
        "extension by consent of both parties (approvedBy records the consent); the 30-day bound is a local choice"
    })
  },

  // 12345 hotline tickets (工单): local handling targets per category.
  { kind: "hotline", clock: "handle", target: workingDays(15, EXAMPLE) },
  { kind: "hotline", clock: "handle", category: "hotline.consultation", target: workingDays(2, EXAMPLE) },
  { kind: "hotline", clock: "handle", category: "hotline.help", target: workingDays(10, EXAMPLE) },
  { kind: "hotline", clock: "handle", category: "hotline.complaint", target: workingDays(15, EXAMPLE) },
  { kind: "hotline", clock: "handle", category: "hotline.emergency", target: hours(2, EXAMPLE) },

  // Events (事件): every step of the loop in working hours, as digital city management
  // (数字化城市管理) counts them: register (立案), dispatch (派遣), sign for the
  // dispatch (签收), handle (处置) and verify the result (核查). Example targets.
  {
    kind: "event",
    clock: "register",
    target: workingHours(1, `${EXAMPLE} (立案: file a report within 1 working hour)`)
  },
  { kind: "event", clock: "dispatch", target: workingHours(1, EXAMPLE) },
  {
    kind: "event",
    clock: "sign",
    target: workingHours(0.5, `${EXAMPLE} (签收: the handling unit signs for a dispatch within half a working hour)`)
  },
  {
    kind: "event",
    clock: "verify",
    target: workingHours(4, `${EXAMPLE} (核查: verify a reported result within 4 working hours)`)
  },
  { kind: "event", clock: "handle", target: workingHours(16, EXAMPLE) },
  { kind: "event", clock: "handle", category: "event.sanitation", target: workingHours(4, EXAMPLE) },
  { kind: "event", clock: "handle", category: "event.sanitation.garbage", target: workingHours(2, EXAMPLE) },
  { kind: "event", clock: "handle", category: "event.facility", target: workingHours(8, EXAMPLE) },
  { kind: "event", clock: "handle", category: "event.safety", target: hours(1, EXAMPLE) }
]
