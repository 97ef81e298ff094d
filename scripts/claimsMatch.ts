/**
 * Whether a value is what an example's comment says: primitives and arrays exactly,
 * objects by the keys the comment names (a comment may leave the rest out).
 */
export const matches = (actual: unknown, expected: unknown): boolean => {
  if (Object.is(actual, expected)) return true
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => matches(actual[i], e))
  }
  if (typeof expected === "object" && expected !== null) {
    if (typeof actual !== "object" || actual === null) return false
    return Object.entries(expected).every(([k, v]) => matches((actual as Record<string, unknown>)[k], v))
  }
  return false
}
