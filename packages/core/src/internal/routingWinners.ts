/**
 * A bucket's table of winners: for every combination of severity × complexity × channel
 * a case can bring (the "unspecified" value of each included), the rules of the bucket
 * that can win it, best first.
 *
 * A rule's level target adds one more condition that depends on the case: the place must
 * reach that level. So the entry of a combination is not one rule but a short chain: the
 * first rule of the bucket's order that accepts the combination, then the first after it
 * with a strictly lower level, and so on until a rule that every place reaches (a unit
 * target). A rule left out of a chain can never be a bucket's answer: an earlier rule
 * with a lower or equal level accepts every place it accepts. A chain is at most one
 * longer than the number of levels (16 in a decoded table) whatever the bucket's size,
 * and is usually one rule long; the first rule of the chain whose level the place reaches
 * is the bucket's best, the same rule a scan of the ordered bucket finds.
 */
import { COMBOS, forEachCombo } from "./routingBits.js"

/**
 * The chains of one bucket, in both orders: entry `o * COMBOS + combo` (o = 0 for the
 * component order, 1 for the event order) is `chains[offsets[e] … offsets[e + 1])`.
 */
export interface Winners {
  readonly offsets: Int32Array
  readonly chains: Int32Array
}

/**
 * A builder of tables that reuses its scratch space from bucket to bucket. `order` lists
 * the bucket's rules best first (one array per strategy order).
 */
export const builder = (mask: Uint32Array, level: Int32Array) => {
  // chain `combo` is scratch[combo * cap … combo * cap + lengths[combo])
  let cap = 17
  let scratch = new Int32Array(COMBOS * cap)
  const lengths = new Int32Array(COMBOS)
  const floor = new Int32Array(COMBOS)
  const offsets = new Int32Array(2 * COMBOS + 1)
  const out: Array<number> = []

  const fill = (order: Int32Array) => {
    let top = -1
    for (let k = 0; k < order.length; k++) top = Math.max(top, level[order[k]!]!)
    if (top + 2 > cap) {
      cap = top + 2
      scratch = new Int32Array(COMBOS * cap)
    }
    lengths.fill(0)
    floor.fill(top + 1)
    let open = COMBOS
    for (let k = 0; k < order.length && open > 0; k++) {
      const r = order[k]!
      const lv = level[r]!
      forEachCombo(mask[r]!, (combo) => {
        if (lv >= floor[combo]!) return
        scratch[combo * cap + lengths[combo]!] = r
        lengths[combo]!++
        floor[combo] = lv
        if (lv < 0) open--
      })
    }
  }

  return (component: Int32Array, event: Int32Array): Winners => {
    out.length = 0
    for (let o = 0; o < 2; o++) {
      fill(o === 0 ? component : event)
      for (let combo = 0; combo < COMBOS; combo++) {
        offsets[o * COMBOS + combo] = out.length
        for (let i = 0; i < lengths[combo]!; i++) out.push(scratch[combo * cap + i]!)
      }
    }
    offsets[2 * COMBOS] = out.length
    return { offsets: offsets.slice(), chains: Int32Array.from(out) }
  }
}
