/**
 * The incremental counters equal a recomputation from the events: random case
 * histories of every kind (random walks over the machine tables, as in
 * Case.property.test.ts) are folded event by event through `Analytics.step`, summed,
 * and compared, query by query, with totals recomputed from each history by the
 * published definitions (docs/explanation/analytics.md).
 */
import { Analytics, Case, CaseMachine, Grid } from "@gridgov/core"
import { Commands } from "@gridgov/testing"
import { Result } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"

const name = (zh: string) => ({ zh, en: zh })
const tree = Result.getOrThrow(
  Grid.build([
    { code: "620981", parent: null, kind: "city", name: name("玉门市") },
    { code: "620981101", parent: "620981", kind: "town", name: name("玉门镇") },
    { code: "620981102", parent: "620981", kind: "town", name: name("赤金镇") },
    { code: "620981101201", parent: "620981101", kind: "village", name: name("甲村") },
    { code: "620981101201001", parent: "620981101201", kind: "group", name: name("甲一组") },
    { code: "620981102201", parent: "620981102", kind: "village", name: name("丙村") }
  ])
)
const places = ["620981101201001", "620981101201", "620981102201", "620981101", "620981999"]
const units = ["620981101201", "dept.housing", "dept.police", "committee.water", "620981102"]
const categories: { readonly [K in Case.Kind]: ReadonlyArray<string> } = {
  event: ["event.sanitation.garbage", "event.facility.streetlight"],
  dispute: ["dispute.water", "dispute.family"],
  petition: ["petition.land"],
  prelitigation: ["prelitigation.debt"],
  hotline: ["hotline.complaint", "hotline.help"]
}
const pick = <A>(xs: ReadonlyArray<A>, n: number): A => xs[n % xs.length]!

interface Spec {
  readonly kind: Case.Kind
  readonly place: number
  readonly category: number
  readonly openedAt: number
  readonly steps: ReadonlyArray<number>
}

const forward: ReadonlySet<string> = new Set([
  "Register",
  "Dispatch",
  "Acknowledge",
  "SubmitResult",
  "Verify",
  "Reply",
  "ReturnVisit",
  "Assign",
  "RecordAgreement",
  "Accept",
  "Meet",
  "Conclude",
  "Triage"
])

/** A random walk: the events of one case. */
const walk = (spec: Spec, id: string): Array<Case.Event> => {
  const events: Array<Case.Event> = []
  let state = Case.initialState
  let now = spec.openedAt
  const open: Case.Command = {
    _tag: "Open",
    actor: { id: "o", role: CaseMachine.rowsFor(spec.kind, "initial", "Open")[0]!.roles[0]! },
    kind: spec.kind,
    id,
    category: pick(categories[spec.kind], spec.category),
    place: pick(places, spec.place),
    channel: "app",
    severity: "ordinary",
    track: pick(["simple", "complex"] as const, spec.category)
  }
  const apply = (command: Case.Command) => {
    const r = Case.decide(command, state, now)
    if (Result.isSuccess(r))
      for (const e of r.success) {
        events.push(e)
        state = Case.evolve(state, e)
      }
  }
  apply(open)
  for (const n of spec.steps) {
    const defined = CaseMachine.commandsFrom(spec.kind, state.status)
    if (defined.length === 0) break
    // Mostly a command that changes state, so walks reach the final states.
    const moving = defined.filter((t) => CaseMachine.rowsFor(spec.kind, state.status, t).some((r) => r.to !== r.from))
    // Now and then a step's SLA breach, an extension or a reopen, which the rates count.
    const rare = defined.filter((t) => ["SlaBreach", "RequestExtension", "ApproveExtension", "Reopen"].includes(t))
    // And half the time the step forward on the main line, so walks go deep.
    const ahead = defined.filter((t) => forward.has(t))
    const tag =
      state.paused !== null && n % 3 !== 0
        ? "Resume"
        : rare.length > 0 && n % 8 === 1
          ? pick(rare, n >> 4)
          : ahead.length > 0 && n % 2 === 0
            ? pick(ahead, n >> 4)
            : pick(moving.length > 0 && n % 4 !== 0 ? moving : defined, n >> 7)
    const rows = CaseMachine.rowsFor(spec.kind, state.status, tag)
    const row = rows[(n >> 3) % Math.max(1, rows.length)]
    if (row === undefined) continue
    const command = Commands.forTag(tag, state, { id: "u", role: pick(row.roles, n >> 5) }, n >> 1, { units })
    apply(command._tag === "Verify" ? { ...command, passed: row.event === "VerificationPassed" } : command)
    now += (n % 5) * 3_600_000
  }
  return events
}

/** The month of an instant in Yumen, computed independently of Analytics. */
const month = (at: number) => new Date(at + 8 * 3_600_000).toISOString().slice(0, 7)

interface Expected {
  readonly grid: string
  readonly unit: string
  readonly kind: Case.Kind
  readonly category: string
  readonly month: string
  readonly counts: Partial<Record<Analytics.Measure, number>>
}

/** Recomputes what a finished history counts in, from its events, by the published definitions. */
const recompute = (events: ReadonlyArray<Case.Event>): Expected | undefined => {
  const opened = events[0]
  if (opened?._tag !== "Opened") return undefined
  const kind = opened.kind
  const status = Case.fold(events).status
  const has = (tag: Case.Event["_tag"]) => events.some((e) => e._tag === tag)
  let unit = ""
  for (const e of events) {
    if (e._tag === "Dispatched" || e._tag === "MediationAssigned" || e._tag === "Accepted" || e._tag === "Redirected")
      unit = e.to.unit
    // Handed back to be routed again: nobody holds the case (a hotline ticket reopens to its handler).
    if (
      e._tag === "Returned" ||
      e._tag === "Transferred" ||
      e._tag === "Escalated" ||
      (e._tag === "Reopened" && kind === "event")
    )
      unit = ""
  }
  const valid =
    kind === "event"
      ? !["reported", "cancelled", "merged"].includes(status)
      : kind === "petition"
        ? !["registered", "notAccepted", "redirected"].includes(status)
        : true
  const c: Partial<Record<Analytics.Measure, number>> = {}
  const count = (m: Analytics.Measure, when: boolean) => {
    if (when) c[m] = 1
  }
  const closed = valid && CaseMachine.isFinal(kind, status)
  count("valid", valid)
  count("closed", closed)
  count("closedOnTime", closed && !has("SlaBreached"))
  count("closedReworked", closed && (has("VerificationFailed") || has("Reopened")))
  count("extended", valid && has("ExtensionApproved"))
  if (kind === "hotline") {
    count("tickets", true)
    count("responded", ["handling", "handled", "replied", "closed"].includes(status))
    count("resolved", ["handled", "replied", "closed"].includes(status))
    const visits = events.filter((e) => e._tag === "ReturnVisited")
    const last = visits[visits.length - 1]
    count("visited", status === "closed")
    count("satisfied", status === "closed" && last?._tag === "ReturnVisited" && last.satisfaction !== "dissatisfied")
  }
  const mediations = kind === "dispute" || (kind === "prelitigation" && has("TriagedForMediation"))
  count("mediations", mediations)
  count("mediated", mediations && status === "mediated")
  count(
    "settled",
    mediations && status === "mediated" && !events.some((e) => e._tag === "ConfirmationRecorded" && !e.granted)
  )
  return { grid: opened.place, unit, kind, category: opened.category, month: month(opened.at), counts: c }
}

const inSegments = (prefix: string, code: string) => code === prefix || code.startsWith(`${prefix}.`)

const expectedTotals = (expected: ReadonlyArray<Expected>, q: Analytics.Query): Analytics.Totals => {
  const out = Object.fromEntries(Analytics.measures.map((m) => [m, 0])) as Record<Analytics.Measure, number>
  for (const e of expected) {
    if (q.grid !== undefined && !Grid.containsCode(tree, q.grid, e.grid)) continue
    if (q.unit !== undefined && !(q.unit === "" ? e.unit === "" : inSegments(q.unit, e.unit))) continue
    if (q.kinds !== undefined && !q.kinds.includes(e.kind)) continue
    if (q.category !== undefined && !inSegments(q.category, e.category)) continue
    if (q.from !== undefined && e.month < q.from) continue
    if (q.to !== undefined && e.month > q.to) continue
    for (const [m, n] of Object.entries(e.counts)) out[m as Analytics.Measure] += n
  }
  return out
}

const queries: ReadonlyArray<Analytics.Query> = [
  {},
  { grid: "620981" },
  { grid: "620981101" },
  { grid: "620981101201" },
  { grid: "620981102" },
  { unit: "dept" },
  { unit: "" },
  { unit: "committee.water", kinds: ["dispute"] },
  { kinds: ["hotline"] },
  { kinds: ["event", "petition"] },
  { category: "event" },
  { category: "hotline.help" },
  { from: "2021-02", to: "2021-03" },
  { grid: "620981101", category: "dispute", from: "2021-01" }
]

const spec = fc.record({
  kind: fc.constantFrom(...Case.Kind.literals),
  place: fc.nat(),
  category: fc.nat(),
  openedAt: fc.integer({ min: Date.UTC(2020, 11, 31, 15), max: Date.UTC(2021, 3, 30) }),
  steps: fc.array(fc.noBias(fc.nat()), { maxLength: 50 })
})

describe("Analytics counters", () => {
  it("summed step deltas equal a recomputation from the events, for every query", () => {
    fc.assert(
      fc.property(fc.array(spec, { minLength: 1, maxLength: 12 }), (specs) => {
        const deltas: Array<Analytics.Delta> = []
        const expected: Array<Expected> = []
        const finals: Array<Case.State> = []
        specs.forEach((s, i) => {
          const events = walk(s, `c${i}`)
          let state = Case.initialState
          for (const e of events) {
            const next = Case.evolve(state, e)
            deltas.push(...Analytics.step(state, next, e))
            state = next
          }
          finals.push(state)
          const x = recompute(events)
          if (x !== undefined) expected.push(x)
        })
        const counters = Analytics.sum(deltas)
        for (const c of counters) expect(c.value).toBeGreaterThan(0)
        for (const q of queries)
          expect(Analytics.totals(counters, tree, q), JSON.stringify(q)).toEqual(expectedTotals(expected, q))
        // The rebuild path (current states only) gives the same counters.
        expect(Analytics.sum(finals.flatMap(Analytics.contributions))).toEqual(counters)
      }),
      { numRuns: 150 }
    )
  })

  it("breakdowns partition the totals", () => {
    fc.assert(
      fc.property(fc.array(spec, { minLength: 1, maxLength: 10 }), (specs) => {
        const states = specs.map((s, i) => Case.fold(walk(s, `c${i}`)))
        const counters = Analytics.sum(states.flatMap(Analytics.contributions))
        for (const by of ["grid", "unit", "kind", "category", "month"] as const) {
          const q: Analytics.Query = by === "grid" ? { grid: "620981" } : {}
          const parts = Analytics.breakdown(counters, tree, q, by)
          const total = Analytics.totals(counters, tree, q)
          for (const m of Analytics.measures)
            expect(
              parts.reduce((n, p) => n + p.totals[m], 0),
              `${by} ${m}`
            ).toBe(total[m])
        }
      }),
      { numRuns: 60 }
    )
  })
})
