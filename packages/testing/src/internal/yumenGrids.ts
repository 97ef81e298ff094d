/**
 * The Yumen fixture's grid records: the city's real level-1 units (towns, townships,
 * streets, the development zone and two state farms), the known villages and
 * communities, generated ones up to the article's 544 grids, the blocks spread by the
 * seed, and the exclusive grids. Every record carries its provenance: `verified` and a
 * `source` note citing where the name and code come from.
 */
import type { Grid, GridScheme } from "@gridgov/core"

/** Yumen City's administrative division code (Jiuquan, Gansu). */
export const cityCode = "620981"

/** The article's figures the fixture reproduces (docs/explanation/domain.md). */
export const figures = { grids: 544, gridWorkers: 1807, villages: 59, centerStaff: 46, windows: 20 } as const

/** A small seeded PRNG (mulberry32): deterministic, no Math.random. */
export const prng = (seed: number) => {
  let a = seed >>> 0
  return (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const NOTICE_NAME = "2022 public notice on Yumen's geographical-indication products (docs/explanation/domain.md)"
const NOTICE = `name: ${NOTICE_NAME}; code: assigned`
const LIST2012 = "name: 2012 division list via a secondary web source; code: assigned"
const CODES2011 = "2011 statistical division code and name via a secondary web source"
const GENERATED = "generated placeholder"

export interface Unit1 {
  readonly suffix: string
  readonly kind: "street" | "town" | "township" | "park" | "farm"
  readonly zh: string
  readonly en: string
  readonly source: string
  /** Known level-2 units: [suffix, kind, zh, en]. */
  readonly known?: ReadonlyArray<readonly [string, "village" | "community" | "unit", string, string]>
  /** Generated level-2 units: how many, of which kind. */
  readonly villages?: number
  readonly communities?: number
  readonly units?: number
  readonly unitLabel?: readonly [string, string]
}

export const level1: ReadonlyArray<Unit1> = [
  { suffix: "001", kind: "street", zh: "新市区街道", en: "Xinshiqu Street", source: LIST2012, communities: 6 },
  { suffix: "002", kind: "street", zh: "南坪街道", en: "Nanping Street", source: LIST2012, communities: 3 },
  { suffix: "003", kind: "street", zh: "北坪街道", en: "Beiping Street", source: LIST2012, communities: 3 },
  {
    suffix: "101",
    kind: "town",
    zh: "玉门镇",
    en: "Yumen Town",
    source: `name: ${NOTICE_NAME}; code: ${CODES2011}`,
    known: [
      ["001", "community", "南街社区", "Nanjie Community"],
      ["002", "community", "北街社区", "Beijie Community"],
      ["003", "community", "玉关路社区", "Yuguanlu Community"],
      ["200", "village", "南门村", "Nanmen Village"],
      ["201", "village", "东渠村", "Dongqu Village"],
      ["202", "village", "代家滩村", "Daijiatan Village"]
    ]
  },
  { suffix: "102", kind: "town", zh: "赤金镇", en: "Chijin Town", source: NOTICE, villages: 6 },
  {
    suffix: "103",
    kind: "town",
    zh: "花海镇",
    en: "Huahai Town",
    source: `name: ${NOTICE_NAME}; code: ${CODES2011}`,
    known: [
      ["200", "village", "南渠村", "Nanqu Village"],
      ["201", "village", "黄水桥村", "Huangshuiqiao Village"],
      ["202", "village", "中渠村", "Zhongqu Village"],
      ["203", "village", "西泉村", "Xiquan Village"],
      ["204", "village", "金湾村", "Jinwan Village"]
    ]
  },
  { suffix: "104", kind: "town", zh: "柳河镇", en: "Liuhe Town", source: NOTICE, villages: 5 },
  { suffix: "105", kind: "town", zh: "黄闸湾镇", en: "Huangzhawan Town", source: NOTICE, villages: 6 },
  { suffix: "106", kind: "town", zh: "下西号镇", en: "Xiaxihao Town", source: NOTICE, villages: 6 },
  { suffix: "201", kind: "township", zh: "昌马乡", en: "Changma Township", source: NOTICE, villages: 5 },
  { suffix: "202", kind: "township", zh: "清泉乡", en: "Qingquan Township", source: NOTICE, villages: 5 },
  { suffix: "203", kind: "township", zh: "柳湖乡", en: "Liuhu Township", source: NOTICE, villages: 5 },
  { suffix: "204", kind: "township", zh: "六墩乡", en: "Liudun Township", source: NOTICE, villages: 4 },
  {
    suffix: "206",
    kind: "township",
    zh: "小金湾东乡族乡",
    en: "Xiaojinwan Dongxiang Ethnic Township",
    source: `name: ${NOTICE_NAME}; code: ${CODES2011}`,
    known: [
      ["200", "village", "龙泉村", "Longquan Village"],
      ["201", "village", "东兴村", "Dongxing Village"],
      ["202", "village", "富源村", "Fuyuan Village"],
      ["203", "village", "金柳村", "Jinliu Village"],
      ["204", "village", "马家峪村", "Majiayu Village"]
    ]
  },
  {
    suffix: "207",
    kind: "township",
    zh: "独山子东乡族乡",
    en: "Dushanzi Dongxiang Ethnic Township",
    source: NOTICE,
    villages: 4
  },
  {
    suffix: "400",
    kind: "park",
    zh: "玉门经济开发区",
    en: "Yumen Economic Development Zone",
    source: 'name: public sources on the zone, "one zone, three parks" (docs/explanation/domain.md); code: assigned',
    units: 3,
    unitLabel: ["园区", "Park section"]
  },
  {
    suffix: "500",
    kind: "farm",
    zh: "黄花农场",
    en: "Huanghua State Farm",
    source: NOTICE,
    units: 4,
    unitLabel: ["生产队", "Farm team"]
  },
  {
    suffix: "501",
    kind: "farm",
    zh: "饮马农场",
    en: "Yinma State Farm",
    source: NOTICE,
    units: 4,
    unitLabel: ["生产队", "Farm team"]
  }
]

/** Exclusive grids: host (level-1 suffix, optional level-2 suffix), specialty, names. */
const exclusives: ReadonlyArray<readonly [string, string | null, GridScheme.Specialty, string, string]> = [
  ["201", null, "forest", "祁连山林区护林网格", "Qilian forest rangers"],
  ["202", null, "forest", "清泉护林网格", "Qingquan forest rangers"],
  ["101", null, "railway", "兰新铁路玉门段护路网格", "Lanzhou–Xinjiang railway, Yumen section"],
  ["104", null, "railway", "兰新铁路柳河段护路网格", "Lanzhou–Xinjiang railway, Liuhe section"],
  ["102", null, "railway", "兰新铁路赤金段护路网格", "Lanzhou–Xinjiang railway, Chijin section"],
  ["400", "400", "enterprise", "园区一企业网格", "Park section 1 enterprises"],
  ["400", "401", "enterprise", "园区二企业网格", "Park section 2 enterprises"],
  ["400", "402", "enterprise", "园区三企业网格", "Park section 3 enterprises"],
  ["400", null, "security", "开发区保安网格", "Development zone security guards"],
  ["001", null, "courier", "新市区快递路线一", "Xinshiqu courier route 1"],
  ["001", null, "courier", "新市区快递路线二", "Xinshiqu courier route 2"],
  ["001", "001", "school", "新市区学校网格", "Xinshiqu school"],
  ["002", "001", "school", "南坪学校网格", "Nanping school"],
  ["101", "001", "school", "玉门镇学校网格", "Yumen Town school"],
  ["001", "002", "hospital", "新市区医院网格", "Xinshiqu hospital"],
  ["101", "002", "market", "玉门镇市场网格", "Yumen Town market"],
  ["101", null, "antiDrug", "玉门镇禁毒网格", "Yumen Town anti-drug"],
  ["103", null, "antiDrug", "花海镇禁毒网格", "Huahai Town anti-drug"]
]

/** The note every boundary carries in its record's `source`: the shapes are invented. */
export const inventedBoundary = "boundary: invented (a generated rectangle, not the real shape)"

// Synthetic rectangles inside Yumen's real extent (96.25–98.5 °E, 39.67–41.0 °N).
const WEST = 96.25
const EAST = 98.5
const SOUTH = 39.67
const NORTH = 41.0

const chinese = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]

/** The grid records of a seed, and the codes the staff generator posts people to. */
export interface Generated {
  readonly grids: ReadonlyArray<Grid.GridRecord>
  readonly level2: ReadonlyArray<{ readonly code: string }>
  readonly blocks: ReadonlyArray<string>
  readonly exclusiveCodes: ReadonlyArray<string>
}

/** Generates the grid records: fixed above the blocks, the blocks spread by `random`. */
export const generate = (random: () => number): Generated => {
  const pick = (n: number) => Math.floor(random() * n)
  const grids: Array<Grid.GridRecord> = []
  const rect = (w: number, s: number, e: number, n: number) => ({
    type: "Polygon" as const,
    coordinates: [
      [
        [w, s],
        [e, s],
        [e, n],
        [w, n],
        [w, s]
      ] as Array<readonly [number, number]>
    ]
  })
  grids.push({
    code: cityCode,
    parent: null,
    kind: "city",
    name: { zh: "玉门市", en: "Yumen City" },
    boundary: rect(WEST, SOUTH, EAST, NORTH),
    verified: true,
    source: "county-level division code of Yumen, Jiuquan, Gansu"
  })

  // Level 1 and 2.
  const level2: Array<{ code: string; kind: string; box: [number, number, number, number] }> = []
  const strip = (EAST - WEST) / level1.length
  for (const [k, u] of level1.entries()) {
    const code = cityCode + u.suffix
    const box: [number, number, number, number] = [WEST + k * strip, SOUTH, WEST + (k + 1) * strip, NORTH]
    grids.push({
      code,
      parent: cityCode,
      kind: u.kind,
      name: { zh: u.zh, en: u.en },
      boundary: rect(...box),
      verified: false,
      source: u.source
    })
    const children: Array<readonly [string, string, string, string, string]> = []
    for (const [suffix, kind, zh, en] of u.known ?? [])
      children.push([suffix, kind, zh, en, u.source.includes(CODES2011) ? CODES2011 : u.source])
    for (let i = 0; i < (u.communities ?? 0); i++)
      children.push([
        String(i + 1).padStart(3, "0"),
        "community",
        `${u.zh}第${chinese[i]}社区`,
        `${u.en} Community ${i + 1}`,
        GENERATED
      ])
    for (let i = 0; i < (u.villages ?? 0); i++)
      children.push([String(200 + i), "village", `${u.zh}第${chinese[i]}村`, `${u.en} Village ${i + 1}`, GENERATED])
    for (let i = 0; i < (u.units ?? 0); i++)
      children.push([
        String(400 + i),
        "unit",
        `${u.zh}第${chinese[i]}${u.unitLabel![0]}`,
        `${u.en} ${u.unitLabel![1]} ${i + 1}`,
        GENERATED
      ])
    const row = (NORTH - SOUTH) / children.length
    for (const [i, [suffix, kind, zh, en, source]] of children.entries()) {
      const childBox: [number, number, number, number] = [box[0], SOUTH + i * row, box[2], SOUTH + (i + 1) * row]
      const childCode = code + suffix
      grids.push({
        code: childCode,
        parent: code,
        kind,
        name: { zh, en },
        boundary: rect(...childBox),
        verified: false,
        source
      })
      level2.push({ code: childCode, kind, box: childBox })
    }
  }

  // Level 3: 544 − 18 − 85 = 441 blocks, at least two per level-2 grid.
  const blocksPer = level2.map(() => 2)
  const extra = figures.grids - level1.length - level2.length - 2 * level2.length
  for (let i = 0; i < extra; i++) blocksPer[pick(level2.length)]!++
  const blocks: Array<string> = []
  for (const [k, v] of level2.entries()) {
    const compound = v.kind === "community" || v.code.startsWith(`${cityCode}400`)
    const column = (v.box[2] - v.box[0]) / blocksPer[k]!
    for (let i = 0; i < blocksPer[k]!; i++) {
      const n = i + 1
      const code = v.code + String(compound ? 500 + n : n).padStart(3, "0")
      const parentName = grids.find((g) => g.code === v.code)!.name
      grids.push({
        code,
        parent: v.code,
        kind: compound ? "compound" : "group",
        name: compound
          ? { zh: `${parentName.zh}${n}号小区`, en: `${parentName.en} Compound ${n}` }
          : { zh: `${parentName.zh}${n}组`, en: `${parentName.en} Group ${n}` },
        boundary: rect(v.box[0] + i * column, v.box[1], v.box[0] + (i + 1) * column, v.box[3]),
        verified: false,
        source: GENERATED
      })
      blocks.push(code)
    }
  }

  // Exclusive grids: the listed ones, plus a township law-enforcement grid per town/township.
  const exclusiveCodes: Array<string> = []
  const nextSuffix = new Map<string, number>()
  const addExclusive = (host: string, specialty: GridScheme.Specialty, zh: string, en: string) => {
    const n = (nextSuffix.get(host) ?? 0) + 1
    nextSuffix.set(host, n)
    const code = `${host}X${String(n).padStart(3, "0")}`
    grids.push({
      code,
      parent: host,
      kind: "exclusive",
      specialty,
      name: { zh, en },
      verified: false,
      source: GENERATED
    })
    exclusiveCodes.push(code)
  }
  for (const [l1, l2, specialty, zh, en] of exclusives) addExclusive(cityCode + l1 + (l2 ?? ""), specialty, zh, en)
  for (const u of level1)
    if (u.kind === "town" || u.kind === "township")
      addExclusive(cityCode + u.suffix, "lawEnforcement", `${u.zh}综合执法网格`, `${u.en} law enforcement`)
  // Every boundary is invented, and says so.
  for (const [i, g] of grids.entries()) {
    if (g.boundary !== undefined) grids[i] = { ...g, source: `${g.source}; ${inventedBoundary}` }
  }
  return { grids, level2, blocks, exclusiveCodes }
}
