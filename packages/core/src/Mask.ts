/**
 * Personal numbers in free text: what a resident or a grid worker types into a
 * case's summary, a reason, a result, a record's fields or note. Readers without the
 * permission to see personal data get every free text through `text` (or `json`),
 * as they get a record's subject through `Records.mask`:
 *
 * - mainland mobile numbers (`13800138000`, `138 0013 8000`, `+86 138-0013-8000`)
 *   keep their first 3 and last 4 digits: `138****8000`;
 * - landline numbers with their area code (`0937-8888888`, `(0937)8888888`,
 *   `010 8888 8888`) keep their last 4 digits: `****-***8888`;
 * - 18-digit resident ID numbers with a valid check character (ISO 7064 MOD 11-2)
 *   and a real birth date keep their first 3 and last 4 characters.
 *
 * Masking is in place (the text keeps its length and everything but the starred
 * digits), idempotent, and leaves other numbers alone: a number counts only as a
 * token of its own, so case ids, grid codes (`620981103204001`), dates, times,
 * amounts (`12000元`, `¥13800138000`), decimals and epoch instants stay as they are,
 * as do 18-digit numbers whose check character is wrong. Who may see free text in
 * clear is `Access`'s and `Records`' rule; see docs/explanation/access.md.
 *
 * @since 0.1.0
 */
import * as internal from "./internal/mask.js"

/**
 * What a personal number is: a mainland `mobile`, a `landline` with its area code,
 * or a resident `idNumber`.
 *
 * @example
 * import type { Mask } from "@gridgov/core"
 * const kind: Mask.Kind = "mobile"
 *
 * @category models
 * @since 0.1.0
 */
export type Kind = internal.Kind

/**
 * Where a personal number is in a text: its kind and the UTF-16 range
 * `[start, end)` it takes, country code and extension included.
 *
 * @example
 * import type { Mask } from "@gridgov/core"
 * const length = (s: Mask.Span) => s.end - s.start
 *
 * @category models
 * @since 0.1.0
 */
export type Span = internal.Span

/**
 * The personal numbers in a text, in order.
 *
 * @example
 * import { Mask } from "@gridgov/core"
 * Mask.find("请拨13800138000或0937-8888888").map((s) => s.kind) // ["mobile", "landline"]
 * Mask.find("网格620981103204001，2026-03-01，金额12000元") // []
 *
 * @category masking
 * @since 0.1.0
 */
export const find = (text: string): Array<Span> => internal.find(text)

/**
 * A text with every personal number in it masked in place.
 *
 * @example
 * import { Mask } from "@gridgov/core"
 * Mask.text("张三，电话13800138000，身份证11010519491231002X") // "张三，电话138****8000，身份证110***********002X"
 * Mask.text("座机(0937)8888888") // "座机(****)***8888"
 * Mask.text("case-m8x2k-13800138000 在 620981103204001") // "case-m8x2k-13800138000 在 620981103204001"
 *
 * @category masking
 * @since 0.1.0
 */
export const text = (input: string): string => internal.text(input)

/**
 * Every string inside a JSON value (an event's payload, a record's fields) masked
 * with `text`; numbers, booleans and keys stay. The value is copied only where
 * something changed.
 *
 * @example
 * import { Mask } from "@gridgov/core"
 * Mask.json({ note: "回电13800138000", count: 2 }) // { note: "回电138****8000", count: 2 }
 *
 * @category masking
 * @since 0.1.0
 */
export const json = <A>(value: A): A => maskJson(value) as A

const maskJson = (value: unknown): unknown => {
  if (typeof value === "string") return internal.text(value)
  if (Array.isArray(value)) {
    let changed = false
    const out = value.map((v) => {
      const m = maskJson(v)
      if (m !== v) changed = true
      return m
    })
    return changed ? out : value
  }
  if (value !== null && typeof value === "object") {
    let changed = false
    // fromEntries defines own properties: a key "__proto__" stays a key.
    const out = Object.fromEntries(
      Object.entries(value).map(([k, v]) => {
        const m = maskJson(v)
        if (m !== v) changed = true
        return [k, m]
      })
    )
    return changed ? out : value
  }
  return value
}
