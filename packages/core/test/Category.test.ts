import * as CaseKind from "@gridgov/core/CaseKind"
import * as Category from "@gridgov/core/Category"
import { Result } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"

const entry = (code: string, type: "component" | "event" = "event") => ({
  code,
  type,
  label: { "zh-CN": code, en: code }
})

describe("Category.matches", () => {
  it("matches on segment boundaries only", () => {
    expect(Category.matches("dispute", "dispute")).toBe(true)
    expect(Category.matches("dispute", "dispute.water")).toBe(true)
    expect(Category.matches("dispute", "disputes.x")).toBe(false)
    expect(Category.matches("dispute.water", "dispute")).toBe(false)
    expect(Category.matches("event.facility", "event.facility-x")).toBe(false)
  })

  it("agrees with the prefix list of a code", () => {
    const segment = fc.constantFrom("a", "ab", "b", "a-b", "water")
    const code = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join("."))
    fc.assert(
      fc.property(code, code, (prefix, c) => {
        expect(Category.matches(prefix, c)).toBe(Category.prefixes(c).includes(prefix))
      })
    )
  })

  it("gives depth, parent and prefixes", () => {
    expect(Category.depth("event.facility.streetlight")).toBe(3)
    expect(Category.parent("event.facility.streetlight")).toBe("event.facility")
    expect(Category.parent("event")).toBeUndefined()
    expect(Category.prefixes("dispute.water")).toEqual(["dispute", "dispute.water"])
  })
})

describe("Category.defaults", () => {
  it("has the categories the vocabulary names, with both labels", () => {
    for (const code of [
      "dispute.water",
      "dispute.family",
      "dispute.labor",
      "dispute.land",
      "dispute.medical",
      "dispute.property",
      "dispute.traffic",
      "dispute.neighbour",
      "event.sanitation.garbage",
      "event.facility.streetlight",
      "hotline.consultation",
      "hotline.help",
      "hotline.complaint",
      "hotline.suggestion",
      "hotline.emergency",
      "petition.land"
    ]) {
      const e = Category.defaults.byCode.get(code)
      expect(e, code).toBeDefined()
      expect(e!.label["zh-CN"]).not.toBe(e!.label.en)
    }
  })

  it("tells components (部件) from events (事件)", () => {
    expect(Category.typeOf(Category.defaults, "event.facility.streetlight")).toBe("component")
    expect(Category.typeOf(Category.defaults, "event.facility.manhole")).toBe("component")
    expect(Category.typeOf(Category.defaults, "event.sanitation.garbage")).toBe("event")
    expect(Category.typeOf(Category.defaults, "dispute.water")).toBe("event")
    // a code below the taxonomy takes its nearest ancestor's type and label
    expect(Category.typeOf(Category.defaults, "event.facility.streetlight.pole")).toBe("component")
    expect(Category.label(Category.defaults, "dispute.water.irrigation", "zh-CN")).toBe("水事纠纷")
    expect(Category.typeOf(Category.defaults, "unknown.thing")).toBe("event")
  })

  it("lists children in order", () => {
    expect(Category.children(Category.defaults, "hotline").map((e) => e.code)).toEqual([
      "hotline.consultation",
      "hotline.help",
      "hotline.complaint",
      "hotline.suggestion",
      "hotline.emergency"
    ])
  })
})

describe("Category.decode", () => {
  it("reports every problem with its path", () => {
    const result = Category.decode([
      entry("dispute"),
      { code: "Dispute..x", type: "event", label: { "zh-CN": "x", en: "x" } },
      { code: "dispute.y", type: "thing", label: { "zh-CN": "", en: "y" } }
    ])
    expect(Result.isFailure(result)).toBe(true)
    const problems = Result.isFailure(result) ? result.failure.problems : []
    expect(problems.map((p) => p.path)).toEqual([
      [1, "code"],
      [2, "type"],
      [2, "label", "zh-CN"]
    ])
    expect(Result.isFailure(result) && result.failure._tag).toBe("TaxonomyError")
  })

  it("rejects duplicate codes and missing parents", () => {
    const result = Category.decode([entry("dispute"), entry("dispute"), entry("event.facility")])
    expect(Result.isFailure(result) ? result.failure.problems : []).toEqual([
      { path: [1, "code"], message: "Duplicate code dispute" },
      { path: [2, "code"], message: "The parent event of event.facility is not in the taxonomy" }
    ])
  })

  it("round-trips the defaults through JSON", () => {
    const again = Category.decode(JSON.parse(JSON.stringify(Category.defaults.entries)))
    expect(Result.map(again, (t) => t.entries)).toEqual(Result.succeed(Category.defaults.entries))
  })
})

describe("Category.extend", () => {
  it("adds new codes and replaces existing ones in place", () => {
    const city = Result.getOrThrow(
      Category.extend(Category.defaults, [
        entry("dispute.grassland"),
        { code: "dispute.water", type: "event", label: { "zh-CN": "水利纠纷", en: "Irrigation dispute" } }
      ])
    )
    expect(city.byCode.has("dispute.grassland")).toBe(true)
    expect(Category.label(city, "dispute.water", "zh-CN")).toBe("水利纠纷")
    expect(city.entries.findIndex((e) => e.code === "dispute.water")).toBe(
      Category.defaults.entries.findIndex((e) => e.code === "dispute.water")
    )
    expect(city.entries.length).toBe(Category.defaults.entries.length + 1)
  })

  it("still checks parents", () => {
    const result = Category.extend(Category.defaults, [entry("pasture.grazing")])
    expect(Result.isFailure(result)).toBe(true)
  })
})

describe("Category.check: the category of a new case", () => {
  const codes = Category.defaults.entries.map((e) => e.code)
  const code = fc.oneof(
    fc.constantFrom(...codes),
    fc.constantFrom("admin", "constructor", "__proto__", "toString", "", "event.", "dispute.water.irrigation"),
    fc.string({ maxLength: 20 })
  )

  it("accepts exactly the taxonomy's codes under one of the kind's roots", () => {
    fc.assert(
      fc.property(fc.constantFrom(...CaseKind.kinds), code, (kind, c) => {
        const r = Category.check(Category.defaults, kind, c)
        const known = codes.includes(c)
        const root = c.split(".")[0]!
        const also = kind === "prelitigation" ? "dispute" : kind === "hotline" ? "event" : kind
        const ofKind = root === kind || root === also
        expect(Result.isSuccess(r)).toBe(known && ofKind)
        if (Result.isFailure(r)) expect(r.failure.reason).toBe(known ? "otherKind" : "unknown")
      }),
      { numRuns: 2_000 }
    )
  })
})
