/**
 * Finding and masking personal numbers in free text: mainland mobile numbers,
 * landline numbers with their area code, and 18-digit resident ID numbers whose check
 * character is right. Plain code (one regular expression, one pass), no Effect run.
 *
 * A number counts only as a token of its own: not glued to letters or digits, not
 * joined to an identifier (`case-13800138000`, `a_…`), not a decimal (`1.…`), not an
 * amount (`¥…`, `…元`). So case ids, grid codes (15 digits), dates, times, amounts
 * and epoch instants are left as they are.
 */
import { idProblem } from "./recordsPersonal.js"

export type Kind = "mobile" | "landline" | "idNumber"

export interface Span {
  readonly kind: Kind
  readonly start: number
  readonly end: number
}

// Not glued to a letter or digit; not after an identifier's joiner (`-`, `_` after a
// letter or digit, `/` after a letter, `.` or `:` after a digit); not after a currency sign.
const left = `(?<![0-9A-Za-z])(?<![0-9A-Za-z][-_])(?<![A-Za-z]/)(?<![0-9][.:])(?<![¥￥$])`
// Not glued to a letter or digit; not joined on to one; not a decimal; not an amount.
const right = String.raw`(?![0-9A-Za-z])(?![-_][0-9A-Za-z])(?!\.[0-9])(?!\s*(?:元|万|亿|块|角|%|‰))`

const country = String.raw`(?:\+86|0086|86)[ -]?`
const area = `(?:10|2[0-9]|[3-9][0-9]{2})`
const subscriber = `[2-9][0-9]{2,3}[ -]?[0-9]{4}`

const id = `(?<id>[1-8][0-9]{16}[0-9Xx])`
const mobile = `(?<mcc>${country})?(?<mobile>1[3-9][0-9](?:[ -]?[0-9]{4}){2})`
const landline = String.raw`(?:(?<lcc>${country})(?<intl>${area}[ -]?${subscriber})|(?<land>[(（]0${area}[)）][ -]?${subscriber}|0${area}[ -]?${subscriber}))(?<ext>(?:-|转|ext\.? ?|x)[0-9]{1,6})?`

const pattern = new RegExp(`${left}(?:${id}|${mobile}|${landline})${right}`, "g")

const isDigit = (c: string) => (c >= "0" && c <= "9") || c === "X" || c === "x"

/** The digits of `s` starred in place, but the first `first` and the last `last` of them. */
const starDigits = (s: string, first: number, last: number): string => {
  let n = 0
  for (const c of s) if (isDigit(c)) n++
  let i = 0
  let out = ""
  for (const c of s) {
    if (isDigit(c)) {
      out += i >= first && i < n - last ? "*" : c
      i++
    } else out += c
  }
  return out
}

interface Found extends Span {
  /** Where the number proper starts and ends (without country code or extension). */
  readonly from: number
  readonly to: number
}

const scan = (text: string): Array<Found> => {
  const out: Array<Found> = []
  if (text.length < 7) return out
  for (const m of text.matchAll(pattern)) {
    const g = m.groups!
    const start = m.index
    const end = start + m[0].length
    if (g.id !== undefined) {
      if (idProblem(g.id.toUpperCase()) === undefined) out.push({ kind: "idNumber", start, end, from: start, to: end })
    } else if (g.mobile !== undefined) {
      out.push({ kind: "mobile", start, end, from: end - g.mobile.length, to: end })
    } else {
      const number = g.intl ?? g.land!
      const to = end - (g.ext?.length ?? 0)
      out.push({ kind: "landline", start, end, from: to - number.length, to })
    }
  }
  return out
}

/** The personal numbers in `text`, in order. */
export const find = (text: string): Array<Span> => scan(text).map(({ kind, start, end }) => ({ kind, start, end }))

/**
 * `text` with every personal number masked in place (same length): a mobile keeps
 * its first 3 and last 4 digits, a landline its last 4, an ID number its first 3
 * and last 4 characters. Country codes, separators and extensions stay.
 */
export const text = (input: string): string => {
  const found = scan(input)
  if (found.length === 0) return input
  let out = ""
  let at = 0
  for (const f of found) {
    const number = input.slice(f.from, f.to)
    const masked =
      f.kind === "mobile"
        ? starDigits(number, 3, 4)
        : f.kind === "idNumber"
          ? starDigits(number, 3, 4)
          : starDigits(number, 0, 4)
    out += input.slice(at, f.from) + masked
    at = f.to
  }
  return out + input.slice(at)
}
