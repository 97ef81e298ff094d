/**
 * The national SLA rules gridgov ships: statutory tiers only, each citing its
 * source. Local targets (a city's own, such as Yumen's "double 1-2-3") are a
 * city's configuration, not rules of the library.
 */
import type { Policy, Tier } from "../Sla.js"

const PWR = "信访工作条例 (Petition Work Regulations, 2022)"

const days = (amount: number, source: string, extension?: Tier["extension"]): Tier =>
  extension === undefined
    ? { limit: { amount, unit: "calendarDays" }, source }
    : { limit: { amount, unit: "calendarDays" }, source, extension }

const accept = days(15, `${PWR} art. 22: tell the petitioner within 15 days whether the matter is accepted`)

const conclude = days(60, `${PWR} art. 34: conclude within 60 days of acceptance`, {
  max: 30,
  approval: true,
  notice: true,
  source: `${PWR} art. 34: complex matters may be extended by up to 30 days with the approval of the head of the office, telling the petitioner why`
})

export const policies: ReadonlyArray<Policy> = [
  // Petitions (信访): the statutory limits, for every track.
  { kind: "petition", clock: "accept", statutory: accept },
  { kind: "petition", clock: "conclude", statutory: conclude },
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
  }
]
