/**
 * Canonical JSON: object keys sorted by UTF-16 code units, no whitespace, numbers
 * and strings as `JSON.stringify` writes them, `undefined` members left out. Two
 * JSON values that are equal as data encode to the same string, whatever the key
 * order they were built or stored with (PostgreSQL's `jsonb` reorders keys).
 */
export const canonicalJson = (value: unknown): string => {
  if (value === null || value === undefined) return "null"
  switch (typeof value) {
    case "string":
      return JSON.stringify(value)
    case "number":
      return Number.isFinite(value) ? JSON.stringify(value) : "null"
    case "boolean":
      return value ? "true" : "false"
    case "object": {
      if (Array.isArray(value)) {
        let out = "["
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ","
          const item: unknown = value[i]
          out += item === undefined ? "null" : canonicalJson(item)
        }
        return `${out}]`
      }
      const record = value as Record<string, unknown>
      const keys = Object.keys(record).sort()
      let out = "{"
      let first = true
      for (const key of keys) {
        const item = record[key]
        if (item === undefined) continue
        if (!first) out += ","
        first = false
        out += `${JSON.stringify(key)}:${canonicalJson(item)}`
      }
      return `${out}}`
    }
    default:
      return "null"
  }
}
