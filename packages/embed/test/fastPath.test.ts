/**
 * The facade decodes its arguments by each schema's fast path where it judges them: it
 * must agree with Schema on every input — accept what Schema accepts, with the same
 * value (the same keys in the same order, unknown keys dropped), and leave to Schema
 * everything Schema refuses, so that every refusal and its message stay Schema's.
 * Checked on values Schema generates from each schema, on those values mutated (a key
 * removed, a value replaced by anything, a key added: `actor`, `__proto__`…), and on
 * anything at all.
 */

import { Arbitrary, Effect, Result, Schema } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as fastPath from "../src/internal/fastPath.js"
import * as I from "../src/internal/inputs.js"

// every input schema of the facade but RecordInput (its `fields` is an index signature: no fast path)
const schemas: Record<string, Schema.Top> = {
  Who: I.Who,
  Report: I.Report,
  Command: I.Command,
  Id: I.Id,
  ExecuteOptions: I.ExecuteOptions,
  Search: I.Search,
  Paging: I.Paging,
  WorkQuery: I.WorkQuery,
  Within: I.Within,
  RecordQuery: I.RecordQuery,
  NoticeInput: I.NoticeInput,
  InboxQuery: I.InboxQuery,
  AnalyticsQuery: I.AnalyticsQuery,
  Dimension: I.Dimension,
  AppraisalBy: I.AppraisalBy
}

/** A value as plain data whose comparison sees key order and keys holding `undefined`. */
const shape = (value: unknown): unknown => {
  if (Array.isArray(value)) return { array: value.map(shape) }
  if (typeof value === "object" && value !== null)
    return { proto: Object.getPrototypeOf(value), entries: Object.entries(value).map(([k, v]) => [k, shape(v)]) }
  return Object.is(value, -0) ? "-0" : value
}

/** Mutates a deep copy of `value` at its `at`-th object or array (in walking order). */
const mutate = (
  value: unknown,
  at: number,
  how: "delete" | "replace" | "add",
  key: string,
  replacement: unknown
): unknown => {
  const copy = structuredClone(value)
  const nodes: Array<Record<PropertyKey, unknown>> = []
  const walk = (v: unknown) => {
    if (typeof v !== "object" || v === null) return
    nodes.push(v as Record<PropertyKey, unknown>)
    for (const child of Object.values(v)) walk(child)
  }
  walk(copy)
  if (nodes.length === 0) return how === "add" ? { [key]: replacement } : replacement
  const node = nodes[at % nodes.length]!
  const keys = Object.keys(node)
  const target = keys.length === 0 ? key : keys[at % keys.length]!
  if (how === "delete") delete node[target]
  else if (how === "replace") node[target] = replacement
  else Object.defineProperty(node, key, { value: replacement, enumerable: true, writable: true, configurable: true })
  return copy
}

const extraKeys = fc.constantFrom("actor", "role", "_tag", "__proto__", "constructor", "extra", "limit", "person")

/** That `schema`'s fast path agrees with Schema on generated, mutated and arbitrary inputs. */
const agreement = (name: string, schema: Schema.Top) => {
  const fast = fastPath.make(schema.ast)
  const decode = Schema.decodeUnknownResult(schema as Schema.Codec<unknown, unknown>)
  const agree = (input: unknown) => {
    const decoded = decode(input)
    const answered = fast!(input)
    if (Result.isSuccess(decoded)) {
      expect(answered, "the fast path leaves to Schema a value Schema accepts").not.toBe(fastPath.none)
      expect(shape(answered)).toStrictEqual(shape(decoded.success))
    } else {
      expect(answered, `the fast path accepts what Schema refuses: ${decoded.failure.message}`).toBe(fastPath.none)
    }
  }
  const valid = Effect.runSync(
    Arbitrary.sampleEffect(Arbitrary.schema(schema as Schema.Codec<unknown, unknown>), { count: 200, seed: name })
  )

  it(`${name}: has a fast path, which answers every value Schema generates from it, as Schema decodes it`, () => {
    expect(fast).toBeDefined()
    for (const value of valid) agree(value)
  })

  it(`${name}: agrees with Schema on those values mutated`, () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...valid),
        fc.nat(),
        fc.constantFrom("delete" as const, "replace" as const, "add" as const),
        extraKeys,
        fc.oneof(fc.anything(), fc.constantFrom(undefined, null, "", 0, -0, Number.NaN, [], {}, "x".repeat(2001))),
        (value, at, how, key, replacement) => agree(mutate(value, at, how, key, replacement))
      ),
      { numRuns: 300 }
    )
  })

  it(`${name}: agrees with Schema on anything`, () => {
    fc.assert(fc.property(fc.anything({ withNullPrototype: true, withObjectString: true }), agree), {
      numRuns: 200
    })
  })
}

describe("the fast paths of the facade's input schemas agree with Schema", () => {
  for (const [name, schema] of Object.entries(schemas)) agreement(name, schema)

  it("a key the input inherits counts, as Schema reads it; `__proto__` only as the input's own key", () => {
    const report = fastPath.make(I.Report.ast)!
    const inherited = Object.assign(Object.create({ place: "620981101201001" }), {
      kind: "event",
      category: "event.sanitation.garbage"
    })
    expect(report(inherited)).toStrictEqual(Result.getOrThrow(Schema.decodeUnknownResult(I.Report)(inherited)))
    const command = fastPath.make(I.Command.ast)!
    expect(command(Object.create({ _tag: "Register" }))).toStrictEqual({ _tag: "Register" })
  })

  it("a schema holding what the fast path does not know has none: it is all Schema's", () => {
    expect(fastPath.make(I.RecordInput.ast)).toBeUndefined()
    expect(fastPath.make(Schema.NumberFromString.ast)).toBeUndefined()
    expect(fastPath.make(Schema.Struct({ a: Schema.NumberFromString }).ast)).toBeUndefined()
    expect(fastPath.make(Schema.Union([Schema.String, Schema.Number], { mode: "oneOf" }).ast)).toBeUndefined()
  })
})

// What the facade's schemas do not hold today, in case they come to: tuples, unions whose
// members accept the same input (Schema takes the first), nulls, optional keys.
describe("the fast path agrees with Schema on other shapes it knows", () => {
  const shapes: Record<string, Schema.Top> = {
    tuple: Schema.Tuple([Schema.String, Schema.Number.check(Schema.isInt())]),
    "tuple with rest": Schema.TupleWithRest(Schema.Tuple([Schema.Literal("a")]), [Schema.Boolean]),
    "overlapping structs": Schema.Union([
      Schema.Struct({ a: Schema.String }),
      Schema.Struct({ a: Schema.String, b: Schema.Number })
    ]),
    "overlapping, narrow first": Schema.Union([
      Schema.Struct({ a: Schema.String, b: Schema.Number }),
      Schema.Struct({ a: Schema.String })
    ]),
    "literal or number": Schema.Union([Schema.Literal(0), Schema.Number, Schema.Null]),
    "optional keys": Schema.Struct({
      a: Schema.optionalKey(Schema.String),
      b: Schema.optional(Schema.NullOr(Schema.Number)),
      c: Schema.Array(Schema.Struct({ _tag: Schema.Literal("x"), n: Schema.Number }))
    })
  }
  for (const [name, schema] of Object.entries(shapes)) agreement(name, schema)
})
