/**
 * The category taxonomy: dotted codes (`dispute.water`, `event.facility.streetlight`),
 * each marked as a component (部件) or an event (事件), with labels in zh-CN and en.
 *
 * A taxonomy is data: a city keeps it in a file, decodes it with {@link decode},
 * and extends or replaces the {@link defaults}. Codes match by prefix on segment
 * boundaries: `dispute` matches `dispute.water`, never `disputes.x`.
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import * as CaseKind from "./CaseKind.js"
import { defaultEntries } from "./internal/categoryDefaults.js"
import { Problem, problemsOf, renderProblems } from "./internal/categoryIssues.js"

/**
 * A dotted category code: lower-case segments of letters, digits and inner
 * hyphens, separated by dots (`event.street-order.parking`), at most 128 characters.
 *
 * @example
 * import { Category } from "@gridgov/core"
 * import { Schema } from "effect"
 * Schema.is(Category.Code)("dispute.water") // true
 * Schema.is(Category.Code)("Dispute..water") // false
 *
 * @category schemas
 * @since 0.1.0
 */
export const Code = Schema.String.check(
  Schema.isMaxLength(128),
  Schema.isPattern(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?:\.[a-z][a-z0-9]*(?:-[a-z0-9]+)*)*$/, {
    message: "Expected a dotted category code such as dispute.water (lower-case segments separated by dots)"
  })
)

/**
 * @category schemas
 * @since 0.1.0
 */
export type Code = typeof Code.Type

/**
 * Whether a category is a component (部件: a physical facility with an owner, such as a
 * street light or a manhole cover) or an event (事件: an occurrence, such as garbage left
 * out, a dispute or a complaint). Routing sends components to their owner first and
 * events to their place first.
 *
 * @example
 * import { Category } from "@gridgov/core"
 * Category.Type.literals // ["component", "event"]
 *
 * @category schemas
 * @since 0.1.0
 */
export const Type = Schema.Literals(["component", "event"])

/**
 * @category schemas
 * @since 0.1.0
 */
export type Type = typeof Type.Type

/**
 * A locale that labels are given in.
 *
 * @example
 * import { Category } from "@gridgov/core"
 * Category.Locale.literals // ["zh-CN", "en"]
 *
 * @category schemas
 * @since 0.1.0
 */
export const Locale = Schema.Literals(["zh-CN", "en"])

/**
 * @category schemas
 * @since 0.1.0
 */
export type Locale = typeof Locale.Type

/**
 * One entry of a taxonomy: its code, its type and its labels.
 *
 * @example
 * import { Category } from "@gridgov/core"
 * import { Schema } from "effect"
 * Schema.decodeUnknownSync(Category.Entry)({
 *   code: "event.facility.bench",
 *   type: "component",
 *   label: { "zh-CN": "座椅", en: "Bench" }
 * })
 *
 * @category schemas
 * @since 0.1.0
 */
export const Entry = Schema.Struct({
  code: Code,
  type: Type,
  label: Schema.Struct({ "zh-CN": Schema.NonEmptyString, en: Schema.NonEmptyString })
})

/**
 * @category schemas
 * @since 0.1.0
 */
export type Entry = typeof Entry.Type

/**
 * A validated taxonomy: its entries in the order given, and an index by code.
 * Every code is unique and every code's parent is in the taxonomy too.
 *
 * @example
 * import { Category } from "@gridgov/core"
 * Category.defaults.byCode.get("dispute.water")?.label.en // "Water dispute"
 *
 * @category models
 * @since 0.1.0
 */
export interface Taxonomy {
  readonly entries: ReadonlyArray<Entry>
  readonly byCode: ReadonlyMap<string, Entry>
}

/**
 * A taxonomy that failed validation, with every problem and its path
 * (`[3, "code"]` is the code of the fourth entry).
 *
 * @example
 * import { Category } from "@gridgov/core"
 * import { Result } from "effect"
 * const result = Category.decode([{ code: "Bad", type: "event", label: { "zh-CN": "坏", en: "Bad" } }])
 * Result.isFailure(result) // true
 *
 * @category errors
 * @since 0.1.0
 */
export class TaxonomyError extends Schema.TaggedError<TaxonomyError>()("TaxonomyError", {
  problems: Schema.Array(Problem)
}) {
  override get message(): string {
    return `Invalid category taxonomy:\n${renderProblems(this.problems)}`
  }
}

const Entries = Schema.Array(Entry)
const decodeEntries = Schema.decodeUnknownResult(Entries, { errors: "all" })

/**
 * Whether `prefix` matches `code` on segment boundaries: equal, or `code` continues
 * `prefix` with a dot.
 *
 * @example
 * import { Category } from "@gridgov/core"
 * Category.matches("dispute", "dispute.water") // true
 * Category.matches("dispute", "disputes.x") // false
 *
 * @category matching
 * @since 0.1.0
 */
export const matches = (prefix: string, code: string): boolean =>
  code.length === prefix.length
    ? code === prefix
    : code.length > prefix.length && code.charCodeAt(prefix.length) === 46 && code.startsWith(prefix)

/**
 * The number of segments of a code (`dispute.water` has 2).
 *
 * @example
 * import { Category } from "@gridgov/core"
 * Category.depth("event.facility.streetlight") // 3
 *
 * @category matching
 * @since 0.1.0
 */
export const depth = (code: string): number => {
  let n = 1
  for (let i = 0; i < code.length; i++) if (code.charCodeAt(i) === 46) n++
  return n
}

/**
 * The parent of a code, or `undefined` for a root.
 *
 * @example
 * import { Category } from "@gridgov/core"
 * Category.parent("dispute.water") // "dispute"
 * Category.parent("dispute") // undefined
 *
 * @category matching
 * @since 0.1.0
 */
export const parent = (code: string): string | undefined => {
  const i = code.lastIndexOf(".")
  return i < 0 ? undefined : code.slice(0, i)
}

/**
 * Every prefix of a code on segment boundaries, from the root to the code itself.
 *
 * @example
 * import { Category } from "@gridgov/core"
 * Category.prefixes("event.facility.streetlight") // ["event", "event.facility", "event.facility.streetlight"]
 *
 * @category matching
 * @since 0.1.0
 */
export const prefixes = (code: string): Array<string> => {
  const out: Array<string> = []
  for (let i = code.indexOf("."); i >= 0; i = code.indexOf(".", i + 1)) out.push(code.slice(0, i))
  out.push(code)
  return out
}

const validate = (entries: ReadonlyArray<Entry>): Result.Result<Taxonomy, TaxonomyError> => {
  const byCode = new Map<string, Entry>()
  const problems: Array<Problem> = []
  entries.forEach((entry, i) => {
    if (byCode.has(entry.code)) problems.push({ path: [i, "code"], message: `Duplicate code ${entry.code}` })
    else byCode.set(entry.code, entry)
  })
  entries.forEach((entry, i) => {
    const p = parent(entry.code)
    if (p !== undefined && !byCode.has(p))
      problems.push({ path: [i, "code"], message: `The parent ${p} of ${entry.code} is not in the taxonomy` })
  })
  return problems.length > 0 ? Result.fail(new TaxonomyError({ problems })) : Result.succeed({ entries, byCode })
}

/**
 * Decodes a taxonomy from unknown data (an array of entries, e.g. parsed JSON or YAML),
 * reporting every problem with its path: malformed codes, types and labels, duplicate
 * codes, and codes whose parent is missing.
 *
 * @example
 * import { Category } from "@gridgov/core"
 * import { Result } from "effect"
 * const taxonomy = Category.decode([
 *   { code: "dispute", type: "event", label: { "zh-CN": "矛盾纠纷", en: "Disputes" } },
 *   { code: "dispute.water", type: "event", label: { "zh-CN": "水事纠纷", en: "Water dispute" } }
 * ])
 * Result.isSuccess(taxonomy) // true
 *
 * @category constructors
 * @since 0.1.0
 */
export const decode = (input: unknown): Result.Result<Taxonomy, TaxonomyError> => {
  const decoded = decodeEntries(input)
  return Result.isFailure(decoded)
    ? Result.fail(new TaxonomyError({ problems: problemsOf(decoded.failure.issue) }))
    : validate(decoded.success)
}

/**
 * Extends a taxonomy: entries with a new code are added after the existing ones, entries
 * with an existing code replace it in place (a city relabels or retypes a category).
 * The entries are decoded like {@link decode}, and the result is validated again.
 *
 * @example
 * import { Category } from "@gridgov/core"
 * import { Result } from "effect"
 * const city = Category.extend(Category.defaults, [
 *   { code: "dispute.grassland", type: "event", label: { "zh-CN": "草原纠纷", en: "Grassland dispute" } }
 * ])
 * Result.map(city, (t) => t.byCode.has("dispute.grassland")) // Result.succeed(true)
 *
 * @category constructors
 * @since 0.1.0
 */
export const extend = (base: Taxonomy, entries: unknown): Result.Result<Taxonomy, TaxonomyError> => {
  const decoded = decodeEntries(entries)
  if (Result.isFailure(decoded)) return Result.fail(new TaxonomyError({ problems: problemsOf(decoded.failure.issue) }))
  const replaced = new Map(decoded.success.map((e) => [e.code, e]))
  const merged = base.entries.map((e) => replaced.get(e.code) ?? e)
  const added = decoded.success.filter((e) => !base.byCode.has(e.code))
  return validate([...merged, ...added])
}

/**
 * The default taxonomy: general events and components of city management
 * (`event.sanitation.garbage`, `event.facility.streetlight`…), disputes by type
 * (`dispute.water`, `dispute.labor`…), 12345 hotline tickets (`hotline.complaint`…),
 * petitions (`petition.land`…) and pre-litigation mediation (`prelitigation`).
 *
 * @example
 * import { Category } from "@gridgov/core"
 * Category.typeOf(Category.defaults, "event.facility.streetlight") // "component"
 * Category.typeOf(Category.defaults, "event.sanitation.garbage") // "event"
 *
 * @category defaults
 * @since 0.1.0
 */
export const defaults: Taxonomy = Result.getOrThrow(decode(defaultEntries))

/**
 * The entry of a code, or of its nearest ancestor in the taxonomy when the code itself
 * is not there (`dispute.water.irrigation` resolves to `dispute.water`).
 *
 * @example
 * import { Category } from "@gridgov/core"
 * Category.resolve(Category.defaults, "dispute.water.irrigation")?.code // "dispute.water"
 *
 * @category lookups
 * @since 0.1.0
 */
export const resolve = (taxonomy: Taxonomy, code: string): Entry | undefined => {
  for (let c: string | undefined = code; c !== undefined; c = parent(c)) {
    const entry = taxonomy.byCode.get(c)
    if (entry !== undefined) return entry
  }
  return undefined
}

/**
 * The type of a code (from the code or its nearest ancestor); `event` when the taxonomy
 * knows neither.
 *
 * @example
 * import { Category } from "@gridgov/core"
 * Category.typeOf(Category.defaults, "event.facility.manhole") // "component"
 *
 * @category lookups
 * @since 0.1.0
 */
export const typeOf = (taxonomy: Taxonomy, code: string): Type => resolve(taxonomy, code)?.type ?? "event"

/**
 * The label of a code in a locale (from the code or its nearest ancestor); the code
 * itself when the taxonomy knows neither.
 *
 * @example
 * import { Category } from "@gridgov/core"
 * Category.label(Category.defaults, "dispute.water", "zh-CN") // "水事纠纷"
 *
 * @category lookups
 * @since 0.1.0
 */
export const label = (taxonomy: Taxonomy, code: string, locale: Locale): string =>
  resolve(taxonomy, code)?.label[locale] ?? code

/**
 * The direct children of a code, in taxonomy order.
 *
 * @example
 * import { Category } from "@gridgov/core"
 * Category.children(Category.defaults, "hotline").map((e) => e.code).includes("hotline.complaint") // true
 *
 * @category lookups
 * @since 0.1.0
 */
export const children = (taxonomy: Taxonomy, code: string): Array<Entry> =>
  taxonomy.entries.filter((e) => parent(e.code) === code)

// ---------------------------------------------------------------------------
// the categories of a case
// ---------------------------------------------------------------------------

/**
 * The roots a kind's categories sit under: the kind's own (`event.*` for an event,
 * `dispute.*` for a dispute, and so on); for pre-litigation mediation also
 * `dispute.*` (a filing is a dispute brought to the court); and for a 12345 ticket
 * also `event.*`: a ticket that reports an event or a component (a broken manhole
 * cover) is filed under its category, so that routing diverts it to the owner
 * department (属主), as the owner rules of the Yumen fixture's table (`Yumen.routing` in
 * `@gridgov/testing`) do for `event` and `hotline`.
 *
 * @example
 * import { Category } from "@gridgov/core"
 * Category.rootsOf("event") // ["event"]
 * Category.rootsOf("prelitigation") // ["prelitigation", "dispute"]
 * Category.rootsOf("hotline") // ["hotline", "event"]
 *
 * @category cases
 * @since 0.1.0
 */
export const rootsOf = (kind: CaseKind.Kind): ReadonlyArray<string> =>
  kind === "prelitigation" ? ["prelitigation", "dispute"] : kind === "hotline" ? ["hotline", "event"] : [kind]

/**
 * A case's category refused: not a code of the taxonomy (`unknown`), or a code
 * under another kind's root (`otherKind`, e.g. an event filed as `dispute.family`).
 *
 * @example
 * import { Category } from "@gridgov/core"
 * new Category.Rejected({ kind: "event", category: "dispute.family", reason: "otherKind" }).message
 * // "category dispute.family is not a category of event cases (event.*)"
 *
 * @category cases
 * @since 0.1.0
 */
export class Rejected extends Schema.TaggedError<Rejected>()("CategoryRejected", {
  kind: CaseKind.Kind,
  category: Schema.String,
  reason: Schema.Literals(["unknown", "otherKind"])
}) {
  override get message(): string {
    const roots = rootsOf(this.kind)
      .map((r) => `${r}.*`)
      .join(", ")
    return this.reason === "unknown"
      ? `category ${this.category} is not in the taxonomy`
      : `category ${this.category} is not a category of ${this.kind} cases (${roots})`
  }
}

/**
 * Checks the category of a new case: a code of the taxonomy (a group or an item,
 * exactly as listed: `dispute.water.irrigation` is not `dispute.water`) under one of
 * the kind's roots (`rootsOf`). `CaseService` checks every `Open` against the
 * taxonomy its router was compiled with, so nothing outside it is routed, dispatched
 * or counted.
 *
 * @example
 * import { Category } from "@gridgov/core"
 * import { Result } from "effect"
 * Result.isSuccess(Category.check(Category.defaults, "event", "event.sanitation.garbage")) // true
 * Result.isFailure(Category.check(Category.defaults, "event", "dispute.family")) // true
 * Result.isFailure(Category.check(Category.defaults, "event", "constructor")) // true
 *
 * @category cases
 * @since 0.1.0
 */
export const check = (taxonomy: Taxonomy, kind: CaseKind.Kind, code: string): Result.Result<Entry, Rejected> => {
  const entry = taxonomy.byCode.get(code)
  if (entry === undefined) return Result.fail(new Rejected({ kind, category: code, reason: "unknown" }))
  if (!rootsOf(kind).some((root) => matches(root, code)))
    return Result.fail(new Rejected({ kind, category: code, reason: "otherKind" }))
  return Result.succeed(entry)
}
