/**
 * The traffic light of a case from its SLA clocks (the summary's `sla`, the same view
 * `GET /cases/{id}/sla` gives): red when a clock's tier is breached (the server's
 * sweeper recorded it) or past due; yellow when a deadline falls within the next
 * `soonMs`; green otherwise. The label names the colour, the clock and the tier, so
 * the light never rests on colour alone.
 */
import type { ClockView, Summary } from "./api.js"
import { clockLabel, duration, t } from "./i18n.js"

export type Colour = "red" | "yellow" | "green"

export interface Light {
  readonly colour: Colour
  readonly text: string
  readonly clock: string | null
  readonly tier: "statutory" | "target" | null
  readonly dueAt: number | null
}

/** Deadlines within this window are yellow. */
export const soonMs = 4 * 3_600_000

const tierWord = (tier: "statutory" | "target") => (tier === "statutory" ? t("statutory") : t("target"))

/** The most urgent (clock, tier) of a list of clocks at `now`. */
export const lightOf = (kind: string, clocks: ReadonlyArray<ClockView>, overdue: boolean, now: number): Light => {
  let best: { clock: string; tier: "statutory" | "target"; at: number; breached: boolean } | undefined
  for (const c of clocks) {
    for (const tier of ["target", "statutory"] as const) {
      const at = c[tier]
      if (at === null) continue
      const breached = c.breached.includes(tier) || at <= now
      const better =
        best === undefined ||
        (breached && !best.breached) ||
        (breached === best.breached && (breached ? tier === "statutory" && best.tier === "target" : at < best.at))
      if (better) best = { clock: c.clock, tier, at, breached }
    }
  }
  if (best === undefined)
    return overdue
      ? { colour: "red", text: t("overdue"), clock: null, tier: null, dueAt: null }
      : { colour: "green", text: t("onTrack"), clock: null, tier: null, dueAt: null }
  const name = `${clockLabel(kind, best.clock)} · ${tierWord(best.tier)}`
  if (best.breached || overdue)
    return {
      colour: "red",
      text: `${t("overdue")} · ${name} · ${t("ago")} ${duration(now - best.at)}`,
      clock: best.clock,
      tier: best.tier,
      dueAt: best.at
    }
  const colour: Colour = best.at - now <= soonMs ? "yellow" : "green"
  return {
    colour,
    text: `${colour === "yellow" ? t("dueSoon") : t("onTrack")} · ${name} · ${t("left")} ${duration(best.at - now)}`,
    clock: best.clock,
    tier: best.tier,
    dueAt: best.at
  }
}

export const lightOfSummary = (s: Summary, now: number): Light => lightOf(s.kind, s.body.sla ?? [], s.overdue, now)

/** Desk order: overdue first, then least time left, then oldest. */
export const byUrgency = (now: number) => (a: Summary, b: Summary) => {
  const la = lightOfSummary(a, now)
  const lb = lightOfSummary(b, now)
  const ra = la.colour === "red" ? 0 : 1
  const rb = lb.colour === "red" ? 0 : 1
  if (ra !== rb) return ra - rb
  const da = a.dueAt ?? Number.POSITIVE_INFINITY
  const db = b.dueAt ?? Number.POSITIVE_INFINITY
  if (da !== db) return da - db
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1)
}
