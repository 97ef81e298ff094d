/**
 * The grid tree at national scale: 5,000,000 grids in a seven-level scheme (nation →
 * province → prefecture → county → town → village → block), generated as flat records
 * (deterministic), built once (goal: < 10 s, < 2 GiB peak RSS), then `contains` by
 * interval numbering against a naive parent walk (goal: ≥ 20 M checks/s).
 */
import * as Grid from "../packages/core/src/Grid.js"
import type * as GridScheme from "../packages/core/src/GridScheme.js"
import { compare, goal, once } from "./harness.js"

const TOTAL = 5_000_000
const PROVINCES = 34
const PREFECTURES = 10
const COUNTIES = 9
const TOWNS = 16
const VILLAGES = 12

const level = (id: string, zh: string, width: number, from: number, to: number): GridScheme.Level => ({
  id,
  name: { zh, en: id },
  width,
  kinds: [{ id, name: { zh, en: id }, suffix: [from, to] }],
  duties: { zh, en: id }
})

const scheme: GridScheme.Scheme = {
  levels: [
    level("nation", "国家", 2, 0, 99),
    level("province", "省", 2, 11, 82),
    level("prefecture", "地市", 2, 1, 99),
    level("county", "县", 2, 1, 99),
    level("town", "乡镇", 3, 1, 599),
    level("village", "村", 3, 1, 599),
    level("block", "网格", 3, 1, 999)
  ],
  exclusive: { marker: "X", width: 3 }
}

const pad = (n: number, width: number) => String(n).padStart(width, "0")

/** Names are shared per level and suffix, as a real national table would repeat 第N组. */
const names = new Map<string, GridScheme.Name>()
const nameOf = (levelId: string, n: number): GridScheme.Name => {
  const key = `${levelId}${n}`
  let name = names.get(key)
  if (name === undefined) {
    name = { zh: `${levelId}${n}`, en: `${levelId} ${n}` }
    names.set(key, name)
  }
  return name
}

const generate = (): Array<Grid.GridRecord> => {
  const records: Array<Grid.GridRecord> = new Array(TOTAL)
  let k = 0
  const push = (code: string, parent: string | null, kind: string, n: number) => {
    records[k++] = { code, parent, kind, name: nameOf(kind, n) }
  }
  push("CN", null, "nation", 0)
  const villages = PROVINCES * PREFECTURES * COUNTIES * TOWNS * VILLAGES
  const fixed = 1 + PROVINCES * (1 + PREFECTURES * (1 + COUNTIES * (1 + TOWNS * (1 + VILLAGES))))
  const blocks = TOTAL - fixed
  const base = Math.floor(blocks / villages)
  let extra = blocks - base * villages
  for (let p = 0; p < PROVINCES; p++) {
    const pc = `CN${pad(11 + p, 2)}`
    push(pc, "CN", "province", p)
    for (let f = 1; f <= PREFECTURES; f++) {
      const fc = pc + pad(f, 2)
      push(fc, pc, "prefecture", f)
      for (let c = 1; c <= COUNTIES; c++) {
        const cc = fc + pad(c, 2)
        push(cc, fc, "county", c)
        for (let t = 1; t <= TOWNS; t++) {
          const tc = cc + pad(100 + t, 3)
          push(tc, cc, "town", t)
          for (let v = 1; v <= VILLAGES; v++) {
            const vc = tc + pad(200 + v, 3)
            push(vc, tc, "village", v)
            const n = base + (extra > 0 ? 1 : 0)
            if (extra > 0) extra--
            for (let b = 1; b <= n; b++) push(vc + pad(b, 3), vc, "block", b)
          }
        }
      }
    }
  }
  if (k !== TOTAL) throw new Error(`generated ${k} records, expected ${TOTAL}`)
  return records
}

/** mulberry32: deterministic pairs. */
const prng = (seed: number) => {
  let a = seed >>> 0
  return (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export default async () => {
  const generated = once("generate 5,000,000 grid records", generate)
  const built = once("Grid.build 5,000,000 grids (typed records → columnar tree)", () =>
    Grid.build(generated.value, scheme)
  )
  if (built.value._tag !== "Success") throw new Error(built.value.failure.message)
  const tree = built.value.success
  goal("build of 5 M grids < 10 s", built.ms < 10_000, `${(built.ms / 1000).toFixed(2)} s`)
  goal("peak RSS < 2 GiB", built.rssMiB < 2048, `${built.rssMiB.toFixed(0)} MiB`)

  // 1 M precomputed pairs: half (ancestor, descendant) by construction, half random.
  const PAIRS = 1 << 20
  const random = prng(620981)
  const ancestor = new Int32Array(PAIRS)
  const descendant = new Int32Array(PAIRS)
  for (let i = 0; i < PAIRS; i++) {
    const d = Math.floor(random() * tree.size)
    descendant[i] = d
    if (i % 2 === 0) {
      let a = d
      const up = Math.floor(random() * 7)
      for (let s = 0; s < up && tree.parent[a]! >= 0; s++) a = tree.parent[a]!
      ancestor[i] = a
    } else ancestor[i] = Math.floor(random() * tree.size)
  }
  const codeA = Array.from(ancestor.subarray(0, 1 << 16), (i) => tree.records[i]!.code)
  const codeD = Array.from(descendant.subarray(0, 1 << 16), (i) => tree.records[i]!.code)

  const BATCH = 4096
  let offset = 0
  let sink = 0
  const naive = (a: number, d: number): boolean => {
    for (let j = d; j >= 0; j = tree.parent[j]!) if (j === a) return true
    return false
  }
  const rows = compare("contains: random pairs (half ancestor/descendant), 4,096 checks per call", [
    {
      name: "naive parent walk",
      ops: BATCH,
      fn: () => {
        const o = offset
        offset = (offset + BATCH) & (PAIRS - 1)
        let n = 0
        for (let i = o; i < o + BATCH; i++) if (naive(ancestor[i]!, descendant[i]!)) n++
        sink += n
      }
    },
    {
      name: "Grid.contains (interval numbering)",
      ops: BATCH,
      fn: () => {
        const o = offset
        offset = (offset + BATCH) & (PAIRS - 1)
        let n = 0
        for (let i = o; i < o + BATCH; i++) if (Grid.contains(tree, ancestor[i]!, descendant[i]!)) n++
        sink += n
      }
    },
    {
      name: "Grid.containsCode (two hash look-ups + contains)",
      ops: BATCH,
      fn: () => {
        const o = offset & ((1 << 16) - 1)
        offset = (offset + BATCH) & (PAIRS - 1)
        let n = 0
        for (let i = o; i < o + BATCH; i++) if (Grid.containsCode(tree, codeA[i]!, codeD[i]!)) n++
        sink += n
      }
    }
  ])
  const contains = rows[1]!
  goal(
    "Grid.contains ≥ 20 M checks/s",
    contains.medianOpsPerSec >= 20e6,
    `${(contains.medianOpsPerSec / 1e6).toFixed(1)} M checks/s, ${contains.ratio.toFixed(2)}× the naive walk`
  )
  if (sink < 0) console.log(sink)
}
