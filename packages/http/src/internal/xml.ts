/**
 * A small XML writer for Open311's documents: objects become elements, arrays
 * repeat an element named by `itemNames` (the spec's singular names), `null` and
 * `undefined` are left out.
 */
// Characters XML 1.0 does not allow, even escaped: C0 controls but tab, LF and CR;
// lone surrogates; U+FFFE and U+FFFF. Each becomes U+FFFD, so one report's text
// cannot break the whole document.
const notXml =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters it replaces
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

const escapeXml = (s: string) =>
  s
    .replace(notXml, "\uFFFD")
    .replace(/[<>&'"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c]!)

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
