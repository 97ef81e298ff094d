/**
 * The fast path of a decoder: plain code compiled once from a schema's AST that answers,
 * for the inputs it can judge, the value decoding with the schema answers, without
 * Effect's parser machinery (which runs a fiber per decode), and `none` for every other
 * input. It accepts only what the schema accepts and builds what the schema builds: the
 * declared keys in the schema's order, a key absent only where the schema makes it
 * optional, unknown keys dropped, arrays copied, each node's checks run as the schema's
 * own filters. It knows structs, arrays, unions, literals, strings, numbers, booleans,
 * `undefined` and `null`; a schema holding anything else (a transformation, an index
 * signature, a declaration, a `oneOf` union…) has no fast path.
 *
 * `none` is not a refusal: the input then goes to Schema, which accepts it or says why
 * not. Every refusal, and its message, is Schema's.
 */
import { SchemaAST } from "effect"

/** What a fast path answers for an input it does not judge. */
export const none: unique symbol = Symbol("none")

/** A compiled fast path: the decoded value, or `none`. */
export type Fast = (input: unknown) => unknown

/** The fast path of `ast`, or `undefined` when the AST holds a node it does not know. */
export const make = (ast: SchemaAST.AST): Fast | undefined => {
  if (ast.encoding !== undefined || ("encodingChecks" in ast && ast.encodingChecks !== undefined)) return undefined
  const base = node(ast)
  if (base === undefined || ast.checks === undefined) return base
  const checks = ast.checks
  if (!checks.every(known)) return undefined
  return (input) => {
    const value = base(input)
    return value === none || !passes(checks, value, ast) ? none : value
  }
}

const options: SchemaAST.ParseOptions = {}

const known = (check: SchemaAST.Check<unknown>): boolean =>
  check._tag === "Filter" || (check._tag === "FilterGroup" && check.checks.every(known))

/** Whether `value` passes every check, as Schema runs them (a filter answers an issue, or nothing). */
const passes = (checks: ReadonlyArray<SchemaAST.Check<unknown>>, value: unknown, ast: SchemaAST.AST): boolean => {
  for (const check of checks) {
    if (check._tag === "FilterGroup" ? !passes(check.checks, value, ast) : check.run(value, ast, options) !== undefined)
      return false
  }
  return true
}

const node = (ast: SchemaAST.AST): Fast | undefined => {
  switch (ast._tag) {
    case "String":
      return (input) => (typeof input === "string" ? input : none)
    case "Number":
      return (input) => (typeof input === "number" ? input : none)
    case "Boolean":
      return (input) => (typeof input === "boolean" ? input : none)
    case "Undefined":
      return (input) => (input === undefined ? input : none)
    case "Null":
      return (input) => (input === null ? input : none)
    case "Literal": {
      const literal = ast.literal
      return (input) => (input === literal ? input : none)
    }
    case "Objects":
      return objects(ast)
    case "Arrays":
      return arrays(ast)
    case "Union":
      return union(ast)
    default:
      return undefined
  }
}

/** Sets a key as Schema does (`__proto__` as an own property, not the prototype). */
const assign = (out: Record<PropertyKey, unknown>, key: PropertyKey, value: unknown) => {
  if (key === "__proto__")
    Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true })
  else out[key] = value
}

/** Whether the input holds a key, as Schema reads it: inherited keys too, `__proto__` only as its own. */
const has = (input: object, key: PropertyKey): boolean =>
  key === "__proto__" ? Object.hasOwn(input, key) : key in input

const isRecord = (input: unknown): input is Record<PropertyKey, unknown> =>
  typeof input === "object" && input !== null && !Array.isArray(input)

const objects = (ast: SchemaAST.Objects): Fast | undefined => {
  if (ast.indexSignatures.length > 0) return undefined
  const properties: Array<{ readonly key: PropertyKey; readonly optional: boolean; readonly run: Fast }> = []
  for (const p of ast.propertySignatures) {
    const run = make(p.type)
    if (run === undefined) return undefined
    properties.push({ key: p.name, optional: SchemaAST.isOptional(p.type), run })
  }
  return (input) => {
    if (!isRecord(input)) return none
    const out: Record<PropertyKey, unknown> = {}
    for (const p of properties) {
      if (!has(input, p.key)) {
        if (p.optional) continue
        return none
      }
      const value = p.run(input[p.key])
      if (value === none) return none
      assign(out, p.key, value)
    }
    return out
  }
}

const arrays = (ast: SchemaAST.Arrays): Fast | undefined => {
  if (ast.rest.length > 1 || ast.elements.some(SchemaAST.isOptional)) return undefined
  const parts = [...ast.elements, ...ast.rest].map(make)
  if (parts.some((p) => p === undefined)) return undefined
  const elements = parts.slice(0, ast.elements.length) as Array<Fast>
  const rest = ast.rest.length === 1 ? parts.at(-1) : undefined
  const fixed = elements.length
  return (input) => {
    if (!Array.isArray(input)) return none
    const length = input.length
    if (length < fixed || (rest === undefined && length > fixed)) return none
    const out: Array<unknown> = []
    for (let i = 0; i < length; i++) {
      // a hole reads as undefined, as Schema reads it
      const value = (i < fixed ? elements[i]! : rest!)(input[i])
      if (value === none) return none
      out.push(value)
    }
    return out
  }
}

/** The literal a struct requires at `key` (a discriminator such as `_tag`), if any. */
const tagOf = (ast: SchemaAST.AST, key: PropertyKey): SchemaAST.Literal["literal"] | undefined => {
  if (ast._tag !== "Objects" || ast.checks !== undefined) return undefined
  const p = ast.propertySignatures.find((p) => p.name === key)
  return p !== undefined && p.type._tag === "Literal" && !SchemaAST.isOptional(p.type) && p.type.checks === undefined
    ? p.type.literal
    : undefined
}

/**
 * A union (`anyOf`, Schema's default): Schema answers with the first member, in their
 * order, that accepts the input (it skips only members that cannot), and so does this:
 * by a set look-up when every member is a literal, by the discriminator when every
 * member is a struct with its own literal `_tag` (no other member can accept), else by
 * trying the members in order.
 */
const union = (ast: SchemaAST.Union): Fast | undefined => {
  if (ast.options?.mode === "oneOf") return undefined
  const types = ast.types
  if (
    types.length > 0 &&
    types.every((t) => t._tag === "Literal" && t.checks === undefined && t.encoding === undefined)
  ) {
    const literals = new Set<unknown>(types.map((t) => (t as SchemaAST.Literal).literal))
    return (input) => (literals.has(input) ? input : none)
  }
  const members: Array<Fast> = []
  for (const t of types) {
    const run = make(t)
    if (run === undefined) return undefined
    members.push(run)
  }
  const tags = types.map((t) => tagOf(t, "_tag"))
  if (types.length > 1 && tags.every((t) => t !== undefined) && new Set(tags).size === tags.length) {
    const byTag = new Map<unknown, Fast>(tags.map((t, i) => [t, members[i]!]))
    return (input) => {
      if (!isRecord(input) || !has(input, "_tag")) return none
      const member = byTag.get(input._tag)
      return member === undefined ? none : member(input)
    }
  }
  return (input) => {
    for (const member of members) {
      const value = member(input)
      if (value !== none) return value
    }
    return none
  }
}
