/**
 * Counter deltas as the changes a store persists: summed per key and measure, zero
 * sums dropped, each with the rank of its grid, in a stable order.
 */
import * as Grid from "../Grid.js"
import type { Delta } from "./analytics.js"

export interface Change extends Delta {
  readonly rank: number
}

const keyOf = (d: Delta): string =>
  `${d.grid}\u0000${d.unit}\u0000${d.kind}\u0000${d.category}\u0000${d.month}\u0000${d.measure}`

export const changes = (tree: Grid.Tree, deltas: Iterable<Delta>): Array<Change> => {
  const sums = new Map<string, Change>()
  for (const d of deltas) {
    const key = keyOf(d)
    const prev = sums.get(key)
    if (prev !== undefined) {
      sums.set(key, { ...prev, delta: prev.delta + d.delta })
      continue
    }
    const id = Grid.id(tree, d.grid)
    sums.set(key, {
      grid: d.grid,
      rank: id === undefined ? -1 : Grid.interval(tree, id).pre,
      unit: d.unit,
      kind: d.kind,
      category: d.category,
      month: d.month,
      measure: d.measure,
      delta: d.delta
    })
  }
  return [...sums.entries()]
    .filter(([, c]) => c.delta !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, c]) => c)
}
