/**
 * Hand-built histories reproducing the article's figures (docs/explanation/domain.md): 1,894 of 1,921
 * disputes mediated (98.6%), 53,595 of 53,609 valid events closed (99.9%), 796 of
 * 824 cases diverted to departments closed (96.6%), and the record counts; plus the
 * definitions each rate rests on, and appraisal.
 */
import { Analytics, Case, Grid, RecordStore } from "@gridgov/core"
import { MemoryRecords } from "@gridgov/testing"
import { Effect, Result } from "effect"
import { describe, expect, it } from "vitest"

const name = (zh: string) => ({ zh, en: zh })
const tree = Result.getOrThrow(
  Grid.build([
    { code: "620981", parent: null, kind: "city", name: name("玉门市") },
    { code: "620981101", parent: "620981", kind: "town", name: name("玉门镇") },
    { code: "620981102", parent: "620981", kind: "town", name: name("赤金镇") },
    { code: "620981101201", parent: "620981101", kind: "village", name: name("甲村") },
    { code: "620981102201", parent: "620981102", kind: "village", name: name("丙村") }
  ])
)
const t0 = Date.UTC(2021, 0, 4, 2)
const hour = 3_600_000

type Step = (state: Case.State) => Case.Command
const as = (role: Case.ActorRef["role"]): Case.ActorRef => ({ id: `x-${role}`, role })

/** Runs a history through the decider, returning its counter deltas and final state. */
const history = (steps: ReadonlyArray<Step>, at = t0): { deltas: Array<Analytics.Delta>; state: Case.State } => {
  let state = Case.initialState
  const deltas: Array<Analytics.Delta> = []
  steps.forEach((step, i) => {
    const events = Result.getOrThrow(Case.decide(step(state), state, at + i * hour))
    for (const e of events) {
      const next = Case.evolve(state, e)
      deltas.push(...Analytics.step(state, next, e))
      state = next
    }
  })
  return { deltas, state }
}

const open =
  (kind: Case.Kind, id: string, place: string, category: string): Step =>
  () => ({
    _tag: "Open",
    actor: as(kind === "hotline" ? "dispatcher" : "gridWorker"),
    kind,
    id,
    category,
    place,
    channel: "app",
    severity: "ordinary"
  })
type Payload = Case.Command extends infer C ? (C extends Case.Command ? Omit<C, "actor"> : never) : never
const cmd =
  (c: Payload, role: Case.ActorRef["role"]): Step =>
  () =>
    ({ actor: as(role), ...c }) as Case.Command

const pct = (r: Analytics.Rate) => (r.value === null ? null : Math.round(r.value * 1000) / 10)

describe("the article's figures", () => {
  it("1,894 of 1,921 disputes mediated: 98.6% mediation success", () => {
    const deltas: Array<Analytics.Delta> = []
    for (let i = 0; i < 1921; i++) {
      const place = i % 2 === 0 ? "620981101201" : "620981102201"
      const steps: Array<Step> = [open("dispute", `d${i}`, place, i % 3 === 0 ? "dispute.water" : "dispute.family")]
      steps.push(cmd({ _tag: "Assign", to: { unit: "committee.joint" } }, "dispatcher"))
      if (i < 1894) {
        steps.push(cmd({ _tag: "RecordAgreement", agreement: "调解协议" }, "mediator"))
        if (i < 40) {
          steps.push(cmd({ _tag: "RequestConfirmation" }, "mediator"))
          steps.push(cmd({ _tag: "RecordConfirmation", granted: i >= 10 }, "judgeAssistant"))
        }
      } else if (i < 1914) {
        steps.push(cmd({ _tag: "RecordFailure", reason: "双方分歧大" }, "mediator"))
        steps.push(cmd({ _tag: "Refer", channel: "litigation" }, "mediator"))
      }
      deltas.push(...history(steps).deltas)
    }
    const counters = Analytics.sum(deltas)
    const r = Analytics.rates(Analytics.totals(counters, tree, { kinds: ["dispute"] }))
    expect(r.mediationSuccessRate).toMatchObject({ numerator: 1894, denominator: 1921 })
    expect(pct(r.mediationSuccessRate)).toBe(98.6)
    // 10 judicial confirmations refused: the agreement did not hold.
    expect(r.settledRate).toMatchObject({ numerator: 1884, denominator: 1894 })
    // 20 referred out are closed too, 7 still being mediated.
    expect(r.closureRate).toMatchObject({ numerator: 1914, denominator: 1921 })
    const water = Analytics.totals(counters, tree, { category: "dispute.water" })
    expect(water.mediations).toBe(641)
    const byTown = Analytics.breakdown(counters, tree, {}, "grid")
    expect(byTown.map((g) => [g.key, g.totals.mediations])).toEqual([
      ["620981101", 961],
      ["620981102", 960]
    ])
  })

  it("53,595 of 53,609 valid events closed (99.9%); the 824 cases diverted to departments, 796 closed (96.6%)", () => {
    const deltas: Array<Analytics.Delta> = []
    const grid = (i: number) => (i % 3 === 0 ? "620981102201" : "620981101201")
    for (let i = 0; i < 53_609 + 300; i++) {
      const steps: Array<Step> = [open("event", `e${i}`, grid(i), "event.sanitation.garbage")]
      if (i >= 53_609) steps.push(cmd({ _tag: "Cancel", reason: "无效信息" }, "dispatcher"))
      else {
        steps.push(cmd({ _tag: "Register" }, "dispatcher"))
        steps.push(cmd({ _tag: "Dispatch", to: { unit: grid(i) } }, "dispatcher"))
        if (i >= 14) {
          steps.push(cmd({ _tag: "Acknowledge" }, "gridWorker"))
          steps.push(cmd({ _tag: "SubmitResult", result: "已清理", evidence: [] }, "gridWorker"))
          steps.push(cmd({ _tag: "Verify", passed: true }, "gridWorker"))
        }
      }
      deltas.push(...history(steps, t0 + (i % 300) * 86_400_000).deltas)
    }
    const departments = ["dept.housing", "dept.environment", "dept.transport", "dept.market"]
    for (let i = 0; i < 824; i++) {
      const steps: Array<Step> = [open("hotline", `h${i}`, "620981101201", "hotline.complaint")]
      steps.push(cmd({ _tag: "Dispatch", to: { unit: departments[i % 4]! } }, "dispatcher"))
      if (i < 796) {
        steps.push(cmd({ _tag: "Acknowledge" }, "departmentOfficer"))
        steps.push(cmd({ _tag: "SubmitResult", result: "已处理", evidence: [] }, "departmentOfficer"))
        steps.push(cmd({ _tag: "Reply", content: "已答复" }, "departmentOfficer"))
        steps.push(
          cmd({ _tag: "ReturnVisit", satisfaction: i % 50 === 0 ? "dissatisfied" : "satisfied" }, "dispatcher")
        )
      }
      deltas.push(...history(steps).deltas)
    }
    const counters = Analytics.sum(deltas)
    const events = Analytics.rates(Analytics.totals(counters, tree, { kinds: ["event"] }))
    expect(events.closureRate).toMatchObject({ numerator: 53_595, denominator: 53_609 })
    // 99.97%: the article prints 99.9%, cut rather than rounded (its 98.6% above is rounded).
    expect(Math.floor(events.closureRate.value! * 1000) / 10).toBe(99.9)
    const diverted = Analytics.rates(Analytics.totals(counters, tree, { unit: "dept" }))
    expect(diverted.closureRate).toMatchObject({ numerator: 796, denominator: 824 })
    expect(pct(diverted.closureRate)).toBe(96.6)
    expect(diverted.responseRate).toMatchObject({ numerator: 796, denominator: 824 })
    expect(diverted.satisfactionRate).toMatchObject({ numerator: 780, denominator: 796 })
    const months = Analytics.breakdown(counters, tree, { kinds: ["event"] }, "month")
    expect(months[0]!.key).toBe("2021-01")
    expect(months.reduce((n, m) => n + m.totals.valid, 0)).toBe(53_609)
  })

  it("the record counts: 159,000 household visits, 26,000 key-place inspections, 5,586 key-person control records", () =>
    Effect.runPromise(
      Effect.gen(function* () {
        const memory = yield* MemoryRecords.make
        const store = yield* Effect.provide(Effect.service(RecordStore.RecordStore), memory.services)
        const batch = (n: number, item: string, task: "visit" | "patrol" | "control", prefix: string) =>
          Array.from({ length: n }, (_, i) => ({
            record: { id: `${prefix}${i}`, grid: "620981101201", author: "w", at: t0 + i, item, task, fields: {} },
            gridPre: 3
          }))
        yield* store.append(batch(159_000, "person.household", "visit", "v"))
        yield* store.append(batch(26_000, "place.key.market", "patrol", "p"))
        yield* store.append(batch(5_586, "person.key.petitioner", "control", "c"))
        expect(yield* store.count({}, "task")).toEqual([
          { key: "control", count: 5_586 },
          { key: "patrol", count: 26_000 },
          { key: "visit", count: 159_000 }
        ])
        expect(yield* store.count({ item: "place.key" }, "class")).toEqual([{ key: "place", count: 26_000 }])
        expect(yield* store.count({ item: "person.key", task: "control" }, "item")).toEqual([
          { key: "person.key.petitioner", count: 5_586 }
        ])
      })
    ))
})

describe("what each rate counts", () => {
  const place = "620981101201"
  const handled = (id: string, extra: ReadonlyArray<Step>): ReadonlyArray<Step> => [
    open("event", id, place, "event.sanitation.garbage"),
    cmd({ _tag: "Register" }, "dispatcher"),
    cmd({ _tag: "Dispatch", to: { unit: place } }, "dispatcher"),
    cmd({ _tag: "Acknowledge" }, "gridWorker"),
    ...extra,
    cmd({ _tag: "SubmitResult", result: "ok", evidence: [] }, "gridWorker"),
    cmd({ _tag: "Verify", passed: true }, "gridWorker")
  ]

  it("on time is the frozen overdue flag; rework a failed verification or a reopen; extension an approved one", () => {
    const late = history(handled("late", [cmd({ _tag: "SlaBreach", clock: "handle" }, "system")]))
    const extended = history(
      handled("ext", [
        cmd({ _tag: "RequestExtension", clock: "handle", days: 3, reason: "等待配件" }, "gridWorker"),
        cmd({ _tag: "ApproveExtension" }, "leader")
      ])
    )
    const reworked = history([
      ...handled("rw", []).slice(0, -1),
      cmd({ _tag: "Verify", passed: false, note: "未清理干净" }, "gridWorker"),
      cmd({ _tag: "SubmitResult", result: "ok", evidence: [] }, "gridWorker"),
      cmd({ _tag: "Verify", passed: true }, "gridWorker")
    ])
    const clean = history(handled("ok", []))
    const t = Analytics.totals(
      Analytics.sum([...late.deltas, ...extended.deltas, ...reworked.deltas, ...clean.deltas]),
      tree
    )
    expect(t).toMatchObject({ valid: 4, closed: 4, closedOnTime: 3, closedReworked: 1, extended: 1 })
    const r = Analytics.rates(t)
    expect([r.onTimeRate.value, r.reworkRate.value, r.extensionRate.value]).toEqual([0.75, 0.25, 0.25])
    expect(r.mediationSuccessRate.value).toBeNull()
  })

  it("a reopened case leaves the closed count until it closes again, and moves with its handler", () => {
    const steps = [...handled("re", []), cmd({ _tag: "Reopen", reason: "群众反映未解决" }, "dispatcher")]
    const reopened = history(steps)
    const t1 = Analytics.totals(Analytics.sum(reopened.deltas), tree)
    expect(t1).toMatchObject({ valid: 1, closed: 0 })
    const redispatched = history([
      ...steps,
      cmd({ _tag: "Dispatch", to: { unit: "dept.urban-management" } }, "dispatcher")
    ])
    const counters = Analytics.sum(redispatched.deltas)
    expect(Analytics.totals(counters, tree, { unit: place }).valid).toBe(0)
    expect(Analytics.totals(counters, tree, { unit: "dept" }).valid).toBe(1)
  })

  it("a case counts in the month it opened in Yumen, whatever the UTC date", () => {
    const midnight = Date.UTC(2021, 1, 28, 16, 30) // 00:30 on 1 March in Yumen
    const { deltas } = history([open("dispute", "m", place, "dispute.water")], midnight)
    expect(Analytics.sum(deltas).map((c) => c.month)).toEqual(["2021-03", "2021-03"])
    expect(Analytics.monthOf(midnight - hour)).toBe("2021-02")
  })
})

describe("appraisal", () => {
  it("weights decode from configuration and rank grids by their score", () => {
    const weights = Result.getOrThrow(
      Analytics.decodeWeights({
        rates: [
          { rate: "closureRate", weight: 3, target: 0.9 },
          { rate: "reworkRate", weight: 1, target: 0.1 }
        ],
        minimumCases: 2
      })
    )
    const bad = Analytics.decodeWeights({
      rates: [
        { rate: "closureRate", weight: -1, target: 2 },
        { rate: "speed", weight: 1 }
      ]
    })
    expect(Result.isFailure(bad) && bad.failure.problems.map((p) => p.path.join("."))).toEqual([
      "rates.0.weight",
      "rates.0.target",
      "rates.1.rate"
    ])
    const counter = (grid: string, measure: Analytics.Measure, value: number): Analytics.Counter => ({
      grid,
      unit: "",
      kind: "event",
      category: "event",
      month: "2021-01",
      measure,
      value
    })
    const counters = [
      counter("620981101201", "valid", 10),
      counter("620981101201", "closed", 9),
      counter("620981101201", "closedReworked", 3),
      counter("620981102201", "valid", 10),
      counter("620981102201", "closed", 6),
      counter("620981", "valid", 1)
    ]
    const ranked = Analytics.appraisal(counters, tree, {}, "grid", weights)
    expect(ranked.map((g) => g.key)).toEqual(["620981101", "620981102", "620981"])
    // 620981101: closure 0.9 → full 3 points; rework 1/3 over a 10% target → (1 - 1/3) / 0.9 of 1 point.
    expect(ranked[0]!.appraisal.score).toBeCloseTo((100 * (3 + 2 / 3 / 0.9)) / 4, 10)
    // 620981102: closure 0.6 → 3 × 0.6/0.9; rework 0 → 1 point.
    expect(ranked[1]!.appraisal.score).toBeCloseTo((100 * (3 * (0.6 / 0.9) + 1)) / 4, 10)
    // The city grid itself holds one case: under the minimum, no score.
    expect(ranked[2]!.appraisal.score).toBeNull()
  })
})
