/**
 * CSV as spreadsheets write it (RFC 4180): fields separated by commas, quoted with
 * `"` when they hold a comma, a quote or a line break (a quote inside doubled), lines
 * ended by LF or CRLF, an optional UTF-8 byte order mark. Each record keeps the line it
 * starts on, so a fault names `file:line`. Written back with LF and quotes only where
 * needed, so the same rows give the same bytes.
 */

export interface Row {
  /** The line the record starts on, 1-based. */
  readonly line: number
  readonly fields: ReadonlyArray<string>
}

/** The records of a CSV text, or the line of a quote left open. */
export const parse = (text: string): { readonly rows: Array<Row> } | { readonly unclosed: number } => {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const rows: Array<Row> = []
  let line = 1
  let i = 0
  const n = s.length
  while (i < n) {
    const start = line
    const fields: Array<string> = []
    for (;;) {
      let field = ""
      if (s[i] === '"') {
        i++
        for (;;) {
          if (i >= n) return { unclosed: start }
          const c = s[i]!
          if (c === '"') {
            if (s[i + 1] === '"') {
              field += '"'
              i += 2
              continue
            }
            i++
            break
          }
          if (c === "\n") line++
          field += c
          i++
        }
        // anything between the closing quote and the separator is kept as written
        while (i < n && s[i] !== "," && s[i] !== "\n" && s[i] !== "\r") field += s[i++]
      } else {
        const from = i
        while (i < n && s[i] !== "," && s[i] !== "\n" && s[i] !== "\r") i++
        field = s.slice(from, i)
      }
      fields.push(field)
      if (s[i] === ",") {
        i++
        continue
      }
      break
    }
    if (s[i] === "\r") i++
    if (s[i] === "\n") i++
    line++
    // a blank line is no record
    if (!(fields.length === 1 && fields[0] === "")) rows.push({ line: start, fields })
  }
  return { rows }
}

const quote = (field: string): string =>
  /[",\r\n]/.test(field) || field !== field.trim() ? `"${field.replaceAll('"', '""')}"` : field

/** CSV text for a header and rows: LF line ends, quotes only where a field needs them. */
export const format = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string =>
  `${[header, ...rows].map((r) => r.map(quote).join(",")).join("\n")}\n`
