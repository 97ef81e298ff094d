import { createHash } from "node:crypto"
import { test as fcTest } from "@fast-check/vitest"
import { Audit, type CaseStore } from "@gridgov/core"
import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { nodeCrypto, sha256HexPortable } from "../src/internal/sha256.js"

const sha256Node = (text: string) => createHash("sha256").update(text, "utf8").digest("hex")

// Audit.sha256 runs on node:crypto here; the portable path is what a browser runs.
for (const [name, sha256] of [
  ["Audit.sha256", Audit.sha256],
  ["the portable SHA-256", sha256HexPortable]
] as const) {
  describe(name, () => {
    it("matches the FIPS 180-4 / NIST vectors", () => {
      expect(sha256("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
      expect(sha256("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
      expect(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe(
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
      )
      expect(
        sha256(
          "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
        )
      ).toBe("cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
      expect(sha256("a".repeat(1_000_000))).toBe("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    })

    it("agrees with node:crypto at every length around the block boundaries", () => {
      for (let n = 0; n <= 200; n++) {
        const text = "x".repeat(n)
        expect(sha256(text)).toBe(sha256Node(text))
      }
    })

    fcTest.prop([fc.string({ unit: "grapheme", maxLength: 300 })])(
      "agrees with node:crypto on any UTF-8 text",
      (text) => {
        expect(sha256(text)).toBe(sha256Node(text))
      }
    )

    it("encodes a lone surrogate as U+FFFD, as node:crypto does", () => {
      expect(sha256("a\ud800b")).toBe(sha256Node("a\ud800b"))
      expect(sha256("a\ud800b")).toBe(sha256Node("a\ufffdb"))
    })
  })
}

it("Audit.sha256 takes node:crypto where the runtime offers it", () => {
  expect(nodeCrypto).toBeDefined()
})

describe("Audit.canonical", () => {
  it("sorts keys, drops undefined members and whitespace", () => {
    expect(Audit.canonical({ b: 1, a: { d: [1, { z: null, y: "二" }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"y":"二","z":null}]},"b":1}'
    )
  })

  fcTest.prop([fc.jsonValue()])("is independent of key order and a JSON round trip", (value) => {
    const shuffled = JSON.parse(
      JSON.stringify(value, (_, v) =>
        v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v
      )
    )
    expect(Audit.canonical(shuffled)).toBe(Audit.canonical(value))
    expect(JSON.parse(Audit.canonical(value))).toEqual(JSON.parse(JSON.stringify(value)))
  })
})

const actor = { id: "p-1", roles: ["gridWorker"] }
const chain = (streamId: string, count: number, start = 1): Array<CaseStore.StoredEvent> =>
  Audit.seal(
    streamId,
    undefined,
    Array.from({ length: count }, (_, i) => ({ type: "Noted", v: 1, payload: { i }, actor, at: i })) as never
  ).map((e, i) => ({ ...e, position: start + i }))

const findings = (events: ReadonlyArray<CaseStore.StoredEvent>, heads?: ReadonlyMap<string, number>) =>
  Result.match(Audit.verify(events, { heads }), {
    onSuccess: () => [],
    onFailure: (e) => e.findings.map((f) => `${f.reason} ${f.streamId}@${f.version}`)
  })

describe("Audit.verify", () => {
  const a = chain("a", 4)
  const b = chain("b", 3, 10)

  it("accepts intact chains, interleaved streams included", () => {
    expect(Audit.verify([a[0]!, b[0]!, a[1]!, b[1]!, a[2]!, a[3]!, b[2]!])).toEqual(
      Result.succeed({ streams: 2, events: 7 })
    )
    expect(a[0]!.prevHash).toBe(Audit.genesis)
    expect(a[1]!.prevHash).toBe(a[0]!.hash)
  })

  it("finds an edited event", () => {
    expect(findings(a.map((e) => (e.version === 2 ? { ...e, payload: { i: 99 } } : e)))).toEqual(["edited a@2"])
    expect(findings(a.map((e) => (e.version === 3 ? { ...e, actor: { id: "p-2", roles: ["admin"] } } : e)))).toEqual([
      "edited a@3"
    ])
  })

  it("finds an event edited and re-hashed: the next event no longer links to it", () => {
    const forged = a.map((e) => {
      if (e.version !== 2) return e
      const changed = { ...e, payload: { i: 99 } }
      return { ...changed, hash: Audit.hash(changed) }
    })
    expect(findings(forged)).toEqual(["edited a@2"])
  })

  it("finds a deleted event, and with heads a deleted tail", () => {
    expect(findings(a.filter((e) => e.version !== 2))).toEqual(["deleted a@2"])
    expect(findings(a.slice(0, 3))).toEqual([])
    expect(findings(a.slice(0, 3), new Map([["a", 4]]))).toEqual(["deleted a@4"])
    expect(findings([], new Map([["a", 2]]))).toEqual(["deleted a@1", "deleted a@2"])
  })

  it("finds an inserted event", () => {
    const [forged] = Audit.seal("a", { version: 1, hash: a[0]!.hash }, [
      { type: "Closed", v: 1, payload: {}, actor, at: 9 }
    ])
    const events = [a[0]!, { ...forged, position: 99 }, ...a.slice(1)]
    expect(findings(events)).toEqual(["inserted a@2"])
  })

  it("finds reordered events", () => {
    expect(findings([a[0]!, a[2]!, a[1]!, a[3]!])).toEqual(["reordered a@2"])
  })

  fcTest.prop([
    fc.integer({ min: 2, max: 8 }),
    fc.nat(),
    fc.constantFrom("edit", "rehash", "delete", "swap", "duplicate")
  ])("detects any single tampering", (count, at, kind) => {
    const events = chain("s", count)
    const i = at % count
    const tampered = [...events]
    switch (kind) {
      case "edit":
        tampered[i] = { ...events[i]!, payload: { i: -1 } }
        break
      case "rehash": {
        if (i === count - 1) return // re-hashing the last event is undetectable without a head: documented
        const changed = { ...events[i]!, at: -1 }
        tampered[i] = { ...changed, hash: Audit.hash(changed) }
        break
      }
      case "delete":
        if (i === count - 1) return
        tampered.splice(i, 1)
        break
      case "swap":
        if (i === count - 1) return
        tampered[i] = events[i + 1]!
        tampered[i + 1] = events[i]!
        break
      case "duplicate":
        tampered.splice(i, 0, { ...events[i]!, payload: { forged: true } })
        break
    }
    expect(Result.isFailure(Audit.verify(tampered))).toBe(true)
  })
})

describe("Audit.follows", () => {
  /** Whether every event, in the order given, follows the one before. */
  const linked = (events: ReadonlyArray<CaseStore.StoredEvent>) => {
    let tip: CaseStore.StoredEvent | undefined
    for (const event of events) {
      if (!Audit.follows(tip, event)) return false
      tip = event
    }
    return true
  }

  it("accepts each event of an intact chain after the one before, the first after none", () => {
    const a = chain("a", 3)
    expect(linked(a)).toBe(true)
    expect(Audit.follows(undefined, a[1]!)).toBe(false)
    expect(Audit.follows(a[0]!, a[2]!)).toBe(false)
    expect(Audit.follows(a[1]!, { ...a[2]!, payload: { i: 99 } })).toBe(false)
  })

  fcTest.prop([
    fc.integer({ min: 1, max: 8 }),
    fc.nat(),
    fc.constantFrom("none", "edit", "rehash", "delete", "swap", "duplicate")
  ])("agrees with verify on one stream, whatever was done to it", (count, at, kind) => {
    const events = chain("s", count)
    const i = at % count
    const tampered = [...events]
    switch (kind) {
      case "none":
        break
      case "edit":
        tampered[i] = { ...events[i]!, payload: { i: -1 } }
        break
      case "rehash": {
        const changed = { ...events[i]!, at: -1 }
        tampered[i] = { ...changed, hash: Audit.hash(changed) }
        break
      }
      case "delete":
        tampered.splice(i, 1)
        break
      case "swap":
        if (i === count - 1) return
        tampered[i] = events[i + 1]!
        tampered[i + 1] = events[i]!
        break
      case "duplicate":
        tampered.splice(i, 0, { ...events[i]!, payload: { forged: true } })
        break
    }
    expect(linked(tampered)).toBe(Result.isSuccess(Audit.verify(tampered)))
  })
})
