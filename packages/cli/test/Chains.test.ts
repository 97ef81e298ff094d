/**
 * Chains.verify reads a chain page by page and keeps only each stream's tip: the
 * verdict is the same whatever the page size, no page is larger than asked, and each
 * damaged stream is read alone to say what is wrong with it (Audit.verify's finding).
 */
import { test as fcTest } from "@fast-check/vitest"
import { Chains } from "@gridgov/cli"
import { Audit, type CaseStore } from "@gridgov/core"
import { Effect } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"

const actor = { id: "p-1", roles: ["gridWorker"] }

/** `streams` streams of `length` events, interleaved, positions 1… in that order. */
const history = (streams: number, length: number): Array<CaseStore.StoredEvent> => {
  const sealed = Array.from({ length: streams }, (_, s) =>
    Audit.seal(
      `s-${s + 1}`,
      undefined,
      Array.from({ length }, (_, i) => ({ type: "Noted", v: 1, payload: { s, i }, actor, at: i })) as never
    )
  )
  const out: Array<CaseStore.StoredEvent> = []
  for (let i = 0; i < length; i++) for (const stream of sealed) out.push({ ...stream[i]!, position: out.length + 1 })
  return out
}

/** A chain kind over an array, recording the page sizes asked for and the streams read alone. */
const kindOver = (events: ReadonlyArray<CaseStore.StoredEvent>, heads: ReadonlyMap<string, number>) => {
  const limits: Array<number> = []
  const pages: Array<number> = []
  const alone: Array<string> = []
  const kind: Chains.Kind<never> = {
    name: "test",
    heads: Effect.succeed(heads),
    read: (after, limit) =>
      Effect.sync(() => {
        limits.push(limit)
        const page = events.filter((e) => e.position > after).slice(0, limit)
        pages.push(page.length)
        return page
      }),
    stream: (streamId) =>
      Effect.sync(() => {
        alone.push(streamId)
        return events.filter((e) => e.streamId === streamId)
      })
  }
  return { kind, limits, pages, alone }
}

const headsOf = (events: ReadonlyArray<CaseStore.StoredEvent>) => {
  const heads = new Map<string, number>()
  for (const e of events) heads.set(e.streamId, Math.max(heads.get(e.streamId) ?? 0, e.version))
  return heads
}

describe("Chains.verify", () => {
  it("an intact chain: every stream and event counted, no stream read alone, pages no larger than asked", () => {
    const events = history(5, 4)
    const { kind, limits, pages, alone } = kindOver(events, headsOf(events))
    const report = Effect.runSync(Chains.verify(kind, { pageSize: 3 }))
    expect(report).toEqual({ kind: "test", streams: 5, events: 20, broken: [] })
    expect(new Set(limits)).toEqual(new Set([3]))
    expect(Math.max(...pages)).toBe(3)
    expect(alone).toEqual([])
  })

  it("reports progress after each page, against the events the heads lead to expect", () => {
    const events = history(2, 3)
    const seen: Array<readonly [number, number]> = []
    const { kind } = kindOver(events, headsOf(events))
    Effect.runSync(
      Chains.verify(kind, {
        pageSize: 4,
        onProgress: (done, expected) => Effect.sync(() => seen.push([done, expected]))
      })
    )
    expect(seen).toEqual([
      [4, 6],
      [6, 6]
    ])
  })

  it("finds what SQL constraints would not let a store hold: an event moved before an earlier one, a second version", () => {
    const events = history(2, 3)
    const s1 = events.filter((e) => e.streamId === "s-1")
    // s-1's version 3 now comes before its version 2 in position order.
    const reordered = events.map((e) =>
      e === s1[1] ? { ...e, position: s1[2]!.position } : e === s1[2] ? { ...e, position: s1[1]!.position } : e
    )
    reordered.sort((a, b) => a.position - b.position)
    const { kind } = kindOver(reordered, headsOf(events))
    const report = Effect.runSync(Chains.verify(kind))
    expect(report.broken.map((b) => `${b.first.streamId}#${b.first.version} ${b.first.reason}`)).toEqual([
      "s-1#2 reordered"
    ])
  })

  it("a stream whose summary says it goes further than its events: the missing versions", () => {
    const events = history(2, 3)
    const heads = new Map([...headsOf(events), ["s-2", 5], ["s-9", 1]])
    const { kind, alone } = kindOver(events, heads)
    const report = Effect.runSync(Chains.verify(kind))
    expect(report.streams).toBe(3)
    expect(report.broken.map((b) => [`${b.first.streamId}#${b.first.version} ${b.first.reason}`, b.findings])).toEqual([
      ["s-2#4 deleted", 2],
      ["s-9#1 deleted", 1]
    ])
    expect(alone).toEqual(["s-2", "s-9"])
  })

  fcTest.prop([
    fc.integer({ min: 1, max: 6 }),
    fc.integer({ min: 1, max: 5 }),
    fc.integer({ min: 1, max: 40 }),
    fc.nat()
  ])("the verdict does not depend on the page size", (streams, length, pageSize, at) => {
    const events = history(streams, length)
    const i = at % events.length
    const tampered = events.map((e, j) => (j === i ? { ...e, payload: { forged: true } } : e))
    const whole = Effect.runSync(Chains.verify(kindOver(tampered, headsOf(events)).kind, { pageSize: 10_000 }))
    const paged = Effect.runSync(Chains.verify(kindOver(tampered, headsOf(events)).kind, { pageSize }))
    expect(paged).toEqual(whole)
    expect(whole.broken.map((b) => b.first.streamId)).toEqual([events[i]!.streamId])
  })
})
