/**
 * Code → id look-up for the grid tree: open addressing over an Int32Array, keyed by an
 * FNV-1a hash of the code with murmur3's finalizer. A `Map` with millions of string keys spends most of a
 * national build growing and rehashing; this table is sized once and costs 4 bytes
 * per slot.
 */
import type { GridRecord } from "./gridTypes.js"

const hash = (s: string): number => {
  let h = 0x811c9dc5
  for (let k = 0; k < s.length; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193)
  // murmur3's finalizer: codes differ in their last digits, which FNV leaves in nearby slots.
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** Read-only code → id look-ups. */
export interface CodeIndex {
  readonly size: number
  get(code: string): number | undefined
  has(code: string): boolean
}

export class HashIndex implements CodeIndex {
  private readonly table: Int32Array
  private readonly mask: number
  size = 0
  constructor(
    private readonly records: ReadonlyArray<GridRecord>,
    capacityHint: number
  ) {
    let cap = 16
    while (cap < capacityHint * 2) cap <<= 1
    this.table = new Int32Array(cap).fill(-1)
    this.mask = cap - 1
  }

  /** Inserts `id` under its record's code; returns the id already there, or -1. */
  insert(id: number): number {
    const code = this.records[id]!.code
    const { table, mask, records } = this
    let h = hash(code) & mask
    for (let slot = table[h]!; slot !== -1; slot = table[h]!) {
      if (records[slot]!.code === code) return slot
      h = (h + 1) & mask
    }
    table[h] = id
    this.size++
    return -1
  }

  get(code: string): number | undefined {
    const { table, mask, records } = this
    let h = hash(code) & mask
    for (let slot = table[h]!; slot !== -1; slot = table[h]!) {
      if (records[slot]!.code === code) return slot
      h = (h + 1) & mask
    }
    return undefined
  }

  has(code: string): boolean {
    return this.get(code) !== undefined
  }
}
