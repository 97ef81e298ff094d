/**
 * A small XML writer for Open311's documents: objects become elements, arrays
 * repeat an element named by `itemNames` (the spec's singular names), `null` and
 * `undefined` are left out.
 */
const escapeXml = (s: string) =>
  s.replace(/[<>&'"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c]!)

const itemNames: Record<string, string> = {
  services: "service",
  service_requests: "request",
  errors: "error",
  attributes: "attribute",
  values: "value",
  endpoints: "endpoint",
  formats: "format",
  keywords: "keyword"
}

const element = (name: string, value: unknown): string => {
  if (value === null || value === undefined) return ""
  if (Array.isArray(value)) {
    const item = itemNames[name] ?? "item"
    return `<${name}>${value.map((v) => element(item, v)).join("")}</${name}>`
  }
  if (typeof value === "object") {
    const inner = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => element(k, v))
      .join("")
    return `<${name}>${inner}</${name}>`
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`
}

/** The document `<root>…</root>` with an XML declaration. */
export const document = (root: string, value: unknown): string =>
  `<?xml version="1.0" encoding="utf-8"?>${element(root, value)}`
