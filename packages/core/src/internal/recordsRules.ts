/**
 * The checks behind `Records`' taxonomy: every problem of a list of entries (a
 * duplicate code, a missing parent, a root that is not a class), and the items
 * (leaves) of a taxonomy, cached per taxonomy.
 */
import * as Category from "../Category.js"

interface Entry {
  readonly code: string
}

export interface Problem {
  readonly path: Array<string | number>
  readonly message: string
}

/** The problems of a taxonomy's entries, and its index by code. */
export const taxonomyProblems = <E extends Entry>(
  entries: ReadonlyArray<E>,
  classes: ReadonlySet<string>
): { readonly byCode: Map<string, E>; readonly problems: Array<Problem> } => {
  const byCode = new Map<string, E>()
  const problems: Array<Problem> = []
  entries.forEach((e, i) => {
    if (byCode.has(e.code)) problems.push({ path: [i, "code"], message: `Duplicate code ${e.code}` })
    else byCode.set(e.code, e)
  })
  entries.forEach((e, i) => {
    const p = Category.parent(e.code)
    if (p === undefined && !classes.has(e.code))
      problems.push({ path: [i, "code"], message: `${e.code} is not one of the classes ${[...classes].join(", ")}` })
    if (p !== undefined && !byCode.has(p))
      problems.push({ path: [i, "code"], message: `The parent ${p} of ${e.code} is not in the taxonomy` })
  })
  return { byCode, problems }
}

/** The entries with no children: what a record is filed under. */
export const leafEntries = <E extends Entry>(entries: ReadonlyArray<E>): Array<E> => {
  const parents = new Set<string>()
  for (const e of entries) {
    const p = Category.parent(e.code)
    if (p !== undefined) parents.add(p)
  }
  return entries.filter((e) => !parents.has(e.code))
}

const leafCache = new WeakMap<object, ReadonlySet<string>>()

/** The codes of a taxonomy's items, computed once per taxonomy. */
export const leafCodes = (taxonomy: { readonly entries: ReadonlyArray<Entry> }): ReadonlySet<string> => {
  let set = leafCache.get(taxonomy)
  if (set === undefined) {
    set = new Set(leafEntries(taxonomy.entries).map((e) => e.code))
    leafCache.set(taxonomy, set)
  }
  return set
}
