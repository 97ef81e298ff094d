/**
 * Records: the taxonomy, ID and phone validation, who sees personal data, masking in
 * every view, and sealing through the RecordCipher port; the memory stores pass the
 * records and notices conformance suite.
 */
import { randomBytes } from "node:crypto"
import { Access, Grid, Records } from "@gridgov/core"
import { MemoryRecords, RecordsConformance } from "@gridgov/testing/vitest"
import { Effect, Result } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"

RecordsConformance.run("memory", MemoryRecords.make)

const name = (zh: string) => ({ zh, en: zh })
const tree = Result.getOrThrow(
  Grid.build([
    { code: "620981", parent: null, kind: "city", name: name("玉门市") },
    { code: "620981101", parent: "620981", kind: "town", name: name("玉门镇") },
    { code: "620981102", parent: "620981", kind: "town", name: name("赤金镇") },
    { code: "620981101201", parent: "620981101", kind: "village", name: name("甲村") },
    { code: "620981101202", parent: "620981101", kind: "village", name: name("乙村") },
    { code: "620981101201001", parent: "620981101201", kind: "group", name: name("甲一组") },
    { code: "620981101201002", parent: "620981101201", kind: "group", name: name("甲二组") }
  ])
)
const context = { tree }

const idNumber = "62098119850317001X".slice(0, 17)
const validId = idNumber + Records.idCheckDigit(idNumber)

const keyPerson: Records.Record = {
  id: "r-1",
  grid: "620981101201001",
  author: "w-1",
  at: 1_610_000_000_000,
  item: "person.key.petitioner",
  task: "control",
  subject: { name: "王小明", idNumber: validId, phone: "13912345678", address: "玉门镇甲村一组12号" },
  fields: { contacted: true }
}
const household: Records.Record = {
  ...keyPerson,
  id: "r-2",
  item: "person.household",
  task: "visit",
  subject: { name: "李四", phone: "0937-3221234" }
}

const post = (role: Access.Post["role"], grid: string): Access.Actor => ({
  id: `${role}@${grid}`,
  posts: [{ role, at: { grid } }]
})

describe("the taxonomy", () => {
  it("has the five classes and more than a hundred items, each labelled in zh-CN and en", () => {
    const roots = Records.defaults.entries.filter((e) => !e.code.includes("."))
    expect(roots.map((e) => e.code)).toEqual(["person", "place", "thing", "event", "situation"])
    const items = Records.items(Records.defaults)
    expect(items.length).toBeGreaterThanOrEqual(100)
    for (const e of Records.defaults.entries) expect(e.label["zh-CN"].length * e.label.en.length).toBeGreaterThan(0)
    expect(items.some((e) => e.code === "person.key")).toBe(false)
    expect(Records.label(Records.defaults, "place.key.school", "zh-CN")).toBe("学校")
  })

  it("decodes a city's taxonomy, reporting every problem with its path", () => {
    const bad = Records.decodeTaxonomy([
      { code: "person", label: { "zh-CN": "人", en: "People" } },
      { code: "person", label: { "zh-CN": "人", en: "People" } },
      { code: "animal", label: { "zh-CN": "动物", en: "Animals" } },
      { code: "place.well", label: { "zh-CN": "水井", en: "Well" } },
      { code: "Thing", label: { "zh-CN": "物", en: "" } }
    ])
    expect(Result.isFailure(bad)).toBe(true)
    if (Result.isFailure(bad)) {
      const paths = bad.failure.problems.map((p) => p.path.join("."))
      expect(paths).toEqual(expect.arrayContaining(["4.code", "4.label.en"]))
    }
    const shapeOk = Records.decodeTaxonomy([
      { code: "person", label: { "zh-CN": "人", en: "People" } },
      { code: "person", label: { "zh-CN": "人", en: "People" } },
      { code: "animal", label: { "zh-CN": "动物", en: "Animals" } },
      { code: "place.well", label: { "zh-CN": "水井", en: "Well" } }
    ])
    expect(Result.isFailure(shapeOk) && shapeOk.failure.problems.map((p) => p.message)).toEqual([
      "Duplicate code person",
      "animal is not one of the classes person, place, thing, event, situation",
      "The parent place of place.well is not in the taxonomy"
    ])
    const city = Result.getOrThrow(
      Records.extendTaxonomy(Records.defaults, [
        { code: "place.key.oilfield", label: { "zh-CN": "油田作业区", en: "Oilfield site" } },
        { code: "place.key.school", label: { "zh-CN": "中小学校", en: "School" } }
      ])
    )
    expect(Records.label(city, "place.key.school", "zh-CN")).toBe("中小学校")
    expect(
      Result.isSuccess(Records.decode({ ...keyPerson, item: "place.key.oilfield", subject: undefined }, city))
    ).toBe(false)
    const { subject: _s, ...plain } = keyPerson
    expect(Result.isSuccess(Records.decode({ ...plain, item: "place.key.oilfield" }, city))).toBe(true)
    expect(Result.isFailure(Records.decode({ ...plain, item: "place.key.oilfield" }))).toBe(true)
  })
})

describe("ID numbers and phones", () => {
  it("accepts the standard's example and rejects each kind of fault, naming it", () => {
    expect(Result.isSuccess(Records.validateIdNumber("11010519491231002X"))).toBe(true)
    const reason = (id: string) => {
      const r = Records.validateIdNumber(id)
      return Result.isFailure(r) ? r.failure.reason : "ok"
    }
    expect(reason("11010519491231002")).toBe("length")
    expect(reason("11010519491231002x")).toBe("format")
    expect(reason("1101051949123100X2")).toBe("format")
    expect(reason("910105194912310028")).toBe("region")
    expect(reason(`${"11010519490229002"}${Records.idCheckDigit("11010519490229002")}`)).toBe("birthDate")
    expect(reason("110105194912310021")).toBe("checkDigit")
    expect(new Records.InvalidIdNumber({ reason: "checkDigit" }).message).not.toContain("1101")
  })

  it("the check digit catches every single-digit change", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (pos, add) => {
        const digits = validId.split("")
        digits[pos] = String((Number(digits[pos]) + add) % 10)
        const changed = digits.join("")
        const r = Records.validateIdNumber(changed)
        expect(Result.isFailure(r)).toBe(true)
      }),
      { numRuns: 300 }
    )
  })

  it("accepts mobiles and landlines with an area code", () => {
    for (const ok of ["13800138000", "19912345678", "0937-3221234", "09373221234", "010-12345678"])
      expect(Result.isSuccess(Records.validatePhone(ok)), ok).toBe(true)
    for (const bad of ["12800138000", "1380013800", "3221234", "+8613800138000", "0937-32212"])
      expect(Result.isFailure(Records.validatePhone(bad)), bad).toBe(true)
  })

  it("decode rejects a record whose subject carries a bad ID number or phone", () => {
    const bad = Records.decode({ ...keyPerson, subject: { idNumber: "110105194912310021" } })
    expect(Result.isFailure(bad) && bad.failure._tag).toBe("InvalidIdNumber")
    const phone = Records.decode({ ...keyPerson, subject: { phone: "12345" } })
    expect(Result.isFailure(phone) && phone.failure._tag).toBe("InvalidPhone")
    const shape = Records.decode({ ...keyPerson, at: -1, fields: { x: { nested: 1 } } })
    expect(Result.isFailure(shape) && shape.failure._tag).toBe("RecordInvalid")
    expect(Result.isSuccess(Records.decode(keyPerson))).toBe(true)
  })
})

describe("who sees personal data", () => {
  it("the grid manager (police) sees it within jurisdiction; the key person's grid chief sees key persons only", () => {
    const police = post("gridManager", "620981101201")
    const chief = post("gridChief", "620981101201")
    const townChief = post("gridChief", "620981101")
    const otherChief = post("gridChief", "620981101202")
    const otherPolice = post("gridManager", "620981102")
    expect(Records.canSeePersonal(context, police, keyPerson)).toBe(true)
    expect(Records.canSeePersonal(context, police, household)).toBe(true)
    expect(Records.canSeePersonal(context, chief, keyPerson)).toBe(true)
    expect(Records.canSeePersonal(context, townChief, keyPerson)).toBe(true)
    expect(Records.canSeePersonal(context, chief, household)).toBe(false)
    expect(Records.canSeePersonal(context, otherChief, keyPerson)).toBe(false)
    expect(Records.canSeePersonal(context, otherPolice, keyPerson)).toBe(false)
    for (const actor of [
      post("gridWorker", "620981101201001"),
      post("leader", "620981"),
      post("admin", "620981"),
      Access.system(),
      Access.resident("r-1"),
      { id: "d", posts: [{ role: "dispatcher", at: { unit: "center.grid" } }] } as Access.Actor
    ])
      expect(Records.canSeePersonal(context, actor, keyPerson), actor.id).toBe(false)
  })

  it("every view masks unless the reader may see; a custom policy changes who may", () => {
    const worker = post("gridWorker", "620981101201001")
    const masked = Records.view(context, worker, keyPerson)
    expect(masked.masked).toBe(true)
    expect(masked.subject).toEqual({
      name: "王**",
      idNumber: `620***********${validId.slice(-4)}`,
      phone: "139****5678",
      address: "玉门镇甲村一****"
    })
    expect(JSON.stringify(masked)).not.toContain(validId)
    expect(JSON.stringify(masked)).not.toContain("13912345678")
    expect(Records.view(context, worker, household).subject).toEqual({ name: "李*", phone: "********1234" })
    const clear = Records.view(context, post("gridManager", "620981101"), keyPerson)
    expect(clear.masked).toBe(false)
    expect(clear.subject).toEqual(keyPerson.subject)
    const { subject: _s, ...noSubject } = keyPerson
    expect(Records.view(context, worker, noSubject).masked).toBe(false)
    const policy = Result.getOrThrow(Records.decodePolicy([{ role: "gridWorker", items: ["person.household"] }]))
    expect(Records.view(context, worker, household, policy).masked).toBe(false)
    expect(Records.view(context, worker, keyPerson, policy).masked).toBe(true)
    expect(Result.isFailure(Records.decodePolicy([{ role: "sheriff", items: [] }]))).toBe(true)
  })

  it("masking never leaves a digit of the ID number's middle or the phone's middle", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), fc.stringMatching(/^[1-8]\d{16}[\dX]$/), (phone, id) => {
        const m = Records.mask({ phone, idNumber: id })
        expect(m.phone).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`)
        expect(m.idNumber!.slice(3, 14)).toBe("*".repeat(11))
        expect(m.idNumber!.length).toBe(18)
      })
    )
  })

  it("reads follow grid jurisdiction; scope agrees with canRead", () => {
    const records = ["620981", "620981101", "620981101201", "620981101201001", "620981101201002", "620981102"].map(
      (grid, i): Records.Record => ({ ...household, id: `r${i}`, grid })
    )
    const actors = [
      post("gridWorker", "620981101201001"),
      post("gridChief", "620981101201"),
      post("leader", "620981101"),
      Access.system(),
      Access.resident("x"),
      { id: "o", posts: [{ role: "departmentOfficer", at: { unit: "dept.housing" } }] } as Access.Actor
    ]
    for (const actor of actors) {
      const scope = Records.scope(context, actor)
      for (const r of records) {
        const rank = tree.pre[tree.index.get(r.grid)!]!
        const inScope = scope._tag === "All" || scope.grids.some((g) => g.pre <= rank && rank <= g.post)
        expect(inScope, `${actor.id} ${r.grid}`).toBe(Records.canRead(context, actor, r))
      }
    }
    expect(records.filter((r) => Records.canRead(context, actors[1]!, r)).map((r) => r.grid)).toEqual([
      "620981101201",
      "620981101201001",
      "620981101201002"
    ])
  })
})

describe("sealing through the RecordCipher port", () => {
  const key = randomBytes(32)
  const run = <A, E>(effect: Effect.Effect<A, E, never>) => Effect.runPromise(effect)

  it("seal encrypts every personal value, unseal restores the record", () =>
    run(
      Effect.gen(function* () {
        const sealed = yield* Records.seal(keyPerson)
        expect(sealed.sealed).toBe(true)
        expect(sealed.fields).toEqual(keyPerson.fields)
        const text = JSON.stringify(sealed)
        for (const v of Object.values(keyPerson.subject!)) expect(text).not.toContain(v)
        expect(Result.isSuccess(Records.check(sealed))).toBe(true)
        expect(Records.view(context, post("gridManager", "620981"), sealed).subject).toEqual({
          name: "***",
          idNumber: "***",
          phone: "***",
          address: "***"
        })
        expect(yield* Records.unseal(sealed)).toEqual(keyPerson)
        expect(yield* Records.seal(sealed)).toBe(sealed)
      }).pipe(Effect.provide(MemoryRecords.layerAesGcm(key)))
    ))

  it("a value moved to another record, a tampered value or another key does not decrypt", () =>
    run(
      Effect.gen(function* () {
        const sealed = yield* Records.seal(keyPerson)
        const moved = { ...sealed, id: "r-other" }
        const e1 = yield* Effect.flip(Records.unseal(moved))
        expect(e1._tag).toBe("CipherError")
        const swapped = { ...sealed, subject: { ...sealed.subject, phone: sealed.subject!.name! } }
        expect((yield* Effect.flip(Records.unseal(swapped)))._tag).toBe("CipherError")
        const other = yield* Effect.flip(
          Records.unseal(sealed).pipe(Effect.provide(MemoryRecords.layerAesGcm(randomBytes(32))))
        )
        expect(other.message).not.toContain("1391")
      }).pipe(Effect.provide(MemoryRecords.layerAesGcm(key)))
    ))
})

describe("personal numbers in a record's free text", () => {
  const typed: Records.Record = {
    ...keyPerson,
    id: "r-3",
    fields: { contact: "家属电话13700137000", members: 4, relative: `儿子${validId}` },
    note: "已回访，座机0937-3221234"
  }

  it("are masked for a reader who may not see personal data, and shown to one who may", () => {
    const worker = post("gridWorker", "620981101201001")
    const masked = Records.view(context, worker, typed)
    expect(masked.masked).toBe(true)
    expect(masked.fields).toEqual({
      contact: "家属电话137****7000",
      members: 4,
      relative: `儿子620***********${validId.slice(-4)}`
    })
    expect(masked.note).toBe("已回访，座机****-***1234")
    const text = JSON.stringify(masked)
    for (const clearValue of ["13700137000", validId, "3221234"]) expect(text).not.toContain(clearValue)
    const clear = Records.view(context, post("gridManager", "620981101"), typed)
    expect(clear).toEqual({ ...typed, masked: false })
  })

  it("a record without a subject is masked when its text held a number, and says so", () => {
    const { subject: _s, ...plain } = typed
    const worker = post("gridWorker", "620981101201001")
    expect(Records.view(context, worker, plain).masked).toBe(true)
    expect(Records.view(context, worker, { ...plain, fields: {}, note: "无" }).masked).toBe(false)
  })
})

describe("a chosen record id is scoped to the record's grid", () => {
  it("prefixes the grid once, so ids never collide across grids and a resend is the same id", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9._:-]{1,64}$/),
        fc.constantFrom("620981101201001", "620981102"),
        (id, grid) => {
          const scoped = Records.scopedId(grid, id)
          expect(scoped.startsWith(`${grid}:`)).toBe(true)
          expect(Records.scopedId(grid, scoped)).toBe(scoped)
          expect(Records.scopedId("620981101201002", id)).not.toBe(scoped)
        }
      )
    )
  })
})
