/**
 * Masking personal numbers in free text: every generated mobile, landline and valid
 * ID number in prose is found and masked in place; numbers that are not personal
 * (grid codes, case ids, dates, amounts, instants, ID-shaped numbers with a wrong
 * check character) are left alone; masking is idempotent and changes digits only.
 */
import { Grid, Mask, Records } from "@gridgov/core"
import { Yumen } from "@gridgov/testing"
import fc from "fast-check"
import { describe, expect, it } from "vitest"

const digit = (from = 0) => fc.integer({ min: from, max: 9 }).map(String)
const digits = (n: number, from = 0) =>
  fc.tuple(digit(from), fc.array(digit(), { minLength: n - 1, maxLength: n - 1 })).map(([d, ds]) => d + ds.join(""))

const filler = fc
  .array(
    fc.constantFrom("电话", "联系人", "，", "。", " ", "张三", "住在三号楼", "请回电", "：", "手机", "\n", "（", "）"),
    {
      maxLength: 4
    }
  )
  .map((parts) => parts.join(""))

/** A mobile number as people write it, and its 11 national digits. */
const mobile = fc
  .record({
    national: fc.tuple(digit(3), digits(9)).map(([d, rest]) => `1${d}${rest}`),
    sep: fc.constantFrom("", " ", "-"),
    prefix: fc.constantFrom("", "+86 ", "+86", "0086-")
  })
  .map(({ national, sep, prefix }) => ({
    kind: "mobile" as const,
    written: `${prefix}${national.slice(0, 3)}${sep}${national.slice(3, 7)}${sep}${national.slice(7)}`,
    national
  }))

/** A landline with its area code as people write it. */
const landline = fc
  .record({
    area: fc.constantFrom("010", "020", "021", "029", "0931", "0937", "0755"),
    local: fc.oneof(digits(7, 2), digits(8, 2)),
    form: fc.constantFrom("dash", "plain", "paren", "space")
  })
  .map(({ area, local, form }) => {
    const written =
      form === "dash"
        ? `${area}-${local}`
        : form === "plain"
          ? `${area}${local}`
          : form === "paren"
            ? `(${area})${local}`
            : `${area} ${local}`
    return { kind: "landline" as const, written, national: area + local }
  })

/** A valid resident ID number: a region, a real birth date, a sequence, the right check character. */
const idNumber = fc
  .record({
    region: digits(6, 1).filter((r) => r[0]! <= "8"),
    birth: fc.date({
      min: new Date("1900-01-01T00:00:00Z"),
      max: new Date("2025-12-31T00:00:00Z"),
      noInvalidDate: true
    }),
    seq: digits(3)
  })
  .map(({ region, birth, seq }) => {
    const first17 = region + birth.toISOString().slice(0, 10).replaceAll("-", "") + seq
    const id = first17 + Records.idCheckDigit(first17)
    return { kind: "idNumber" as const, written: id, national: id }
  })

const personal = fc.oneof(mobile, landline, idNumber)

/** How many characters of the number stay: a mobile's first 3 and last 4, a landline's last 4, an ID's first 3 and last 4. */
const kept = (kind: Mask.Kind) => (kind === "landline" ? { first: 0, last: 4 } : { first: 3, last: 4 })

describe("Mask.text finds and masks every personal number in prose", () => {
  it("a mobile, landline or valid ID number between words is masked in place, and only it", () => {
    fc.assert(
      fc.property(filler, personal, filler, (before, number, after) => {
        const text = before + number.written + after
        const out = Mask.text(text)
        expect(out.length).toBe(text.length)
        expect(out.slice(0, before.length)).toBe(before)
        expect(out.slice(before.length + number.written.length)).toBe(after)
        const spans = Mask.find(text)
        expect(spans).toEqual([{ kind: number.kind, start: before.length, end: before.length + number.written.length }])
        // the national digits: the kept ones in clear, the others starred
        const shown = out
          .slice(before.length, before.length + number.written.length)
          .replace(/[^0-9Xx*]/g, "")
          .slice(-number.national.length)
        const { first, last } = kept(number.kind)
        const n = number.national.length
        expect(shown.slice(0, first)).toBe(number.national.slice(0, first))
        expect(shown.slice(n - last)).toBe(number.national.slice(n - last))
        expect(shown.slice(first, n - last)).toBe("*".repeat(n - last - first))
        expect(out).not.toContain(number.national)
      }),
      { numRuns: 500 }
    )
  })

  it("several numbers in one text are all masked", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(filler, personal), { minLength: 1, maxLength: 5 }), (parts) => {
        const text = parts.map(([f, p]) => `${f}，${p.written}。`).join("")
        expect(Mask.find(text).map((s) => s.kind)).toEqual(parts.map(([, p]) => p.kind))
        const out = Mask.text(text)
        for (const [, p] of parts) expect(out).not.toContain(p.national)
      }),
      { numRuns: 200 }
    )
  })
})

describe("Mask.text leaves numbers that are not personal alone", () => {
  const city = Yumen.make()
  const gridCodes = Array.from({ length: city.tree.size }, (_, i) => Grid.record(city.tree, i).code)
  const base36 = fc.integer({ min: 0, max: 2 ** 30 }).map((n) => n.toString(36))
  const notPersonal = fc.oneof(
    // grid codes: 6, 9, 12 and 15 digits, and exclusive grids
    fc.constantFrom(...gridCodes),
    // case ids as CaseService makes them, and record ids
    fc
      .tuple(fc.integer({ min: 1_600_000_000_000, max: 2_000_000_000_000 }), base36, base36)
      .map(([t, a, b]) => `case-${t.toString(36)}-${a}${b}`),
    fc.tuple(base36, digits(11, 1)).map(([a, d]) => `case-${a}-${d}`),
    // instants, dates and times
    fc.integer({ min: 1_000_000_000_000, max: 2_000_000_000_000 }).map(String),
    fc.integer({ min: 1_000_000_000, max: 2_000_000_000 }).map(String),
    fc
      .date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2040-01-01T00:00:00Z"), noInvalidDate: true })
      .map((d) => d.toISOString()),
    fc
      .date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2040-01-01T00:00:00Z"), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10).replaceAll("-", "")),
    // amounts, in yuan, with a currency sign or a decimal part
    digits(11, 1).map((d) => `${d}元`),
    digits(11, 1).map((d) => `¥${d}`),
    fc.tuple(digits(11, 1), digits(2)).map(([d, c]) => `${d}.${c}`),
    fc.tuple(digits(4), digits(11, 1)).map(([d, c]) => `${d}.${c}`),
    // ID-shaped numbers whose check character is wrong
    idNumber.map(({ written }) => {
      const last = written[17] === "0" ? "1" : "0"
      return Records.validateIdNumber(written.slice(0, 17) + last)._tag === "Failure" ? written.slice(0, 17) + last : ""
    }),
    // short numbers, counts, postal codes
    digits(6, 1),
    fc.integer({ min: 0, max: 99_999 }).map(String)
  )

  it("grid codes, case ids, instants, dates, amounts and invalid ID numbers in prose stay as they are", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(filler, notPersonal), { maxLength: 6 }), filler, (parts, end) => {
        const text = parts.map(([f, n]) => `${f} ${n} `).join("") + end
        expect(Mask.find(text)).toEqual([])
        expect(Mask.text(text)).toBe(text)
      }),
      { numRuns: 1_000 }
    )
  })

  it("named examples", () => {
    expect(Mask.text("网格620981103204001，2026-03-01 09:30，金额12000元，工单case-m8x2k-1a2b3c")).toBe(
      "网格620981103204001，2026-03-01 09:30，金额12000元，工单case-m8x2k-1a2b3c"
    )
    expect(Mask.text("电话13800138000/13900139000，座机0937-8888888-801")).toBe(
      "电话138****8000/139****9000，座机****-***8888-801"
    )
  })
})

describe("Mask.text is safe on any text", () => {
  const anyText = fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.string({ unit: fc.constantFrom(..."0123456789 -+()（）Xx86元.:/_a电话"), maxLength: 60 })
  )

  it("keeps the length, changes digits to * only, and is idempotent", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const out = Mask.text(text)
        expect(out.length).toBe(text.length)
        for (let i = 0; i < text.length; i++)
          if (out[i] !== text[i]) {
            expect(out[i]).toBe("*")
            expect(text[i]).toMatch(/[0-9Xx]/)
          }
        expect(Mask.text(out)).toBe(out)
      }),
      { numRuns: 2_000 }
    )
  })

  it("Mask.json masks the strings of a value, keeps the rest, and copies only what changed", () => {
    const value = { note: "回电13800138000", n: 13800138000, list: ["0937-8888888", true], kept: { a: "x" } }
    const out = Mask.json(value)
    expect(out).toEqual({ note: "回电138****8000", n: 13800138000, list: ["****-***8888", true], kept: { a: "x" } })
    expect(out.kept).toBe(value.kept)
    const own = JSON.parse('{"__proto__": "13800138000"}') as object
    expect(Object.keys(Mask.json(own))).toEqual(["__proto__"])
  })
})
