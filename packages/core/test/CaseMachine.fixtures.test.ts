/**
 * The lifecycles as data against what they were when every row wrote its SLA clock
 * effects out and `Analytics` listed state names. Both fixtures were generated once,
 * from main's code at 74759ad (before the change), by `scripts/fixtures/lifecycles/`
 * (fixtures/README.md has the commands); they are a record, never regenerated from
 * the code under test:
 * - `machine-effects.json`: every row of every machine with its effects, as written;
 * - `case-histories.jsonl`: stored histories (those the core and HTTP tests fold, the
 *   Yumen simulation's at scale 0.02, seed 7, one of every path it takes, and seeded
 *   walks that take every row of every machine), each with the state it folded to, the
 *   status after each event, the clock operations its effects asked for and its
 *   analytics counters.
 */
import { readFileSync } from "node:fs"
import { Analytics, Case, CaseMachine } from "@gridgov/core"
import { Result } from "effect"
import { describe, expect, it } from "vitest"

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8")

interface WrittenRow {
  readonly command: string
  readonly from: string
  readonly to: string
  readonly event: string
  readonly effects: ReadonlyArray<CaseMachine.Effect>
}

const written = JSON.parse(fixture("machine-effects.json")) as Record<Case.Kind, ReadonlyArray<WrittenRow>>

describe.each(Case.Kind.literals)("the %s machine", (kind) => {
  const key = (r: { readonly from: string; readonly command: string; readonly event: string }) =>
    `${r.from} ${r.command} → ${r.event}`

  it("has the same rows as before", () => {
    expect(CaseMachine.rows(kind).map(key).sort()).toEqual(written[kind].map(key).sort())
  })

  it("derives, for every row, exactly the effects written out before (clocks first, in order)", () => {
    const before = new Map(written[kind].map((r) => [key(r), r]))
    for (const row of CaseMachine.rows(kind)) {
      const old = before.get(key(row))
      expect({ row: key(row), to: row.to, effects: row.effects }).toEqual({
        row: key(row),
        to: old?.to,
        effects: old?.effects
      })
    }
  })
})

interface History {
  readonly source: string
  readonly events: ReadonlyArray<unknown>
  readonly trail: ReadonlyArray<string>
  readonly clockOps: ReadonlyArray<readonly [number, string, string]>
  readonly state: unknown
  readonly counters: ReadonlyArray<Analytics.Counter>
}

const histories = fixture("case-histories.jsonl")
  .split("\n")
  .filter((line) => line !== "")
  .map((line) => JSON.parse(line) as History)

describe("stored histories", () => {
  it("cover every row of every machine, the tests' histories and the Yumen simulation's paths", () => {
    const taken = new Set<string>()
    for (const h of histories) {
      let state = Case.initialState
      for (const raw of h.events) {
        const e = Result.getOrThrow(Case.decodeEvent(raw))
        taken.add(`${state.kind ?? (e._tag === "Opened" ? e.kind : "")} ${state.status} ${e._tag}`)
        state = Case.evolve(state, e)
      }
    }
    for (const kind of Case.Kind.literals) {
      for (const row of CaseMachine.rows(kind)) expect(taken).toContain(`${kind} ${row.from} ${row.event}`)
    }
    const from = (prefix: string) => histories.filter((h) => h.source.startsWith(prefix)).length
    expect(from("yumen ")).toBeGreaterThan(20)
    expect(from("walk ")).toBeGreaterThan(50)
    expect(from("test packages/core/test/CaseService.test.ts")).toBeGreaterThan(20)
    expect(from("test packages/http/test/")).toBeGreaterThan(10)
  })

  it("fold to the same state, status by status, with the same clock operations and analytics counters", () => {
    let compared = 0
    for (const h of histories) {
      const events = h.events.map((raw) => Result.getOrThrow(Case.decodeEvent(raw)))
      let state = Case.initialState
      const trail: Array<string> = []
      const clockOps: Array<readonly [number, string, string]> = []
      const deltas: Array<Analytics.Delta> = []
      for (const e of events) {
        for (const fx of Case.effects(state, e)) if (fx._tag === "Clock") clockOps.push([e.at, fx.op, fx.clock])
        const next = Case.evolve(state, e)
        deltas.push(...Analytics.step(state, next, e))
        state = next
        trail.push(state.status)
      }
      expect({ source: h.source, trail }).toEqual({ source: h.source, trail: h.trail })
      expect({ source: h.source, state: JSON.parse(JSON.stringify(state)) }).toEqual({
        source: h.source,
        state: h.state
      })
      expect({ source: h.source, clockOps }).toEqual({ source: h.source, clockOps: h.clockOps })
      expect({ source: h.source, counters: Analytics.sum(deltas) }).toEqual({ source: h.source, counters: h.counters })
      // the rebuild path (a case's current state alone) counts the same
      expect(Analytics.sum(Analytics.contributions(state))).toEqual(h.counters)
      compared++
    }
    expect(compared).toBe(histories.length)
  })
})
