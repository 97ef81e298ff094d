/**
 * The Yumen fixture: Yumen City (玉门市, Gansu, division code 620981) at the scale of
 * the 2021 article — 544 grids at levels 1–3, 1,807 full-time grid workers, exclusive
 * grids, community police, grid chiefs, and the center's units — generated
 * deterministically from a seed.
 *
 * Provenance: the level-1 names of towns, townships and state farms come from a 2022
 * public notice (see DOMAIN.md); street names and the codes/names of the villages of
 * 玉门镇, 花海镇 and 小金湾东乡族乡 come from secondary web sources (2011–2012
 * division lists); everything else (other village names, blocks, people, boundaries)
 * is generated. Every grid record carries `verified: false` unless checked against a
 * primary source, and a `source` note.
 *
 * @since 0.1.0
 */
import { type CaseKind, Grid, type GridScheme, Staff } from "@gridgov/core"
import * as Result from "effect/Result"

/**
 * A generated city: the flat records and what is built from them.
 *
 * @example
 * import { Yumen } from "@gridgov/testing"
 * const city: Yumen.Fixture = Yumen.make(1)
 *
 * @category models
 * @since 0.1.0
 */
export interface Fixture {
  readonly seed: number
  /** The date the fixture's posts describe (every count below holds on it). */
  readonly date: string
  readonly grids: ReadonlyArray<Grid.GridRecord>
  readonly staff: Staff.Records
  readonly tree: Grid.Tree
  readonly directory: Staff.Directory
}

/**
 * Yumen City's administrative division code.
 *
 * @example
 * import { Yumen } from "@gridgov/testing"
 * Yumen.cityCode // "620981"
 *
 * @category constants
 * @since 0.1.0
 */
export const cityCode = "620981"

/**
 * The figures the fixture reproduces.
 *
 * @example
 * import { Yumen } from "@gridgov/testing"
 * Yumen.figures.grids // 544
 *
 * @category constants
 * @since 0.1.0
 */
export const figures = { grids: 544, gridWorkers: 1807, villages: 59, centerStaff: 46, windows: 20 } as const

// --- a small seeded PRNG (mulberry32): deterministic, no Math.random ---------------

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

// --- level 1 ------------------------------------------------------------------------

const NOTICE = "name: 2022 public notice on Yumen's geographical-indication products (DOMAIN.md); code: assigned"
const LIST2012 = "name: 2012 division list via a secondary web source; code: assigned"
const CODES2011 = "2011 statistical division code and name via a secondary web source"
const GENERATED = "generated placeholder"

interface Unit1 {
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

const level1: ReadonlyArray<Unit1> = [
  { suffix: "001", kind: "street", zh: "新市区街道", en: "Xinshiqu Street", source: LIST2012, communities: 6 },
  { suffix: "002", kind: "street", zh: "南坪街道", en: "Nanping Street", source: LIST2012, communities: 3 },
  { suffix: "003", kind: "street", zh: "北坪街道", en: "Beiping Street", source: LIST2012, communities: 3 },
  {
    suffix: "101",
    kind: "town",
    zh: "玉门镇",
    en: "Yumen Town",
    source: `name: DOMAIN.md; code: ${CODES2011}`,
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
    source: `name: DOMAIN.md; code: ${CODES2011}`,
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
    source: `name: DOMAIN.md; code: ${CODES2011}`,
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
    source: "name: DOMAIN.md (one zone, three parks); code: assigned",
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

// Synthetic rectangles inside Yumen's real extent (96.25–98.5 °E, 39.67–41.0 °N).
const WEST = 96.25
const EAST = 98.5
const SOUTH = 39.67
const NORTH = 41.0

const chinese = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]

/**
 * Generates the fixture for a seed. The tree's shape above the blocks is fixed (the
 * city's real level-1 units, 59 villages, communities, farm teams, park sections);
 * the seed decides how the 441 blocks spread over the level-2 grids, how many workers
 * each block has, and how people are assigned. Boundaries are synthetic rectangles
 * nested inside the city's real extent.
 *
 * @example
 * import { Yumen } from "@gridgov/testing"
 * const city = Yumen.make(7)
 * city.grids.length > 544 // true: the root and the exclusive grids come on top
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (seed = 2021): Fixture => {
  const random = prng(seed)
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

  const tree = Result.getOrThrow(Grid.build(grids))
  const staff = makeStaff(random, blocks, level2, exclusiveCodes)
  const directory = Result.getOrThrow(Staff.directory(staff, tree))
  return { seed, date: "2021-01-01", grids, staff, tree, directory }
}

// --- units ----------------------------------------------------------------------------

type Takes = Staff.Unit["takes"]
const takes = (...pairs: ReadonlyArray<readonly [CaseKind.Kind, ReadonlyArray<string>]>): Takes =>
  pairs.map(([kind, categories]) => ({ kind, categories }))

const unit = (
  id: string,
  type: Staff.UnitType,
  zh: string,
  en: string,
  parent: string | undefined,
  t: Takes,
  extra: { temporary?: boolean; source?: string } = {}
): Staff.Unit => ({
  id,
  type,
  name: { zh, en },
  ...(parent === undefined ? {} : { parent }),
  takes: t,
  ...(extra.temporary === true ? { temporary: true } : {}),
  ...(extra.source === undefined ? {} : { source: extra.source, verified: false })
})

/**
 * The center's units: the center, its five sub-centers, eight mediation committees,
 * three chief-mediator studios, the departments and twenty windows (the article names
 * fourteen windows; the others are labelled with a `source` note), each with the case
 * kinds and category prefixes it takes. The category codes are illustrative.
 *
 * @example
 * import { Yumen } from "@gridgov/testing"
 * Yumen.units.filter((u) => u.type === "window").length // 20
 *
 * @category constants
 * @since 0.1.0
 */
export const units: ReadonlyArray<Staff.Unit> = [
  unit("center", "center", "社会治理综合服务中心", "Social Governance Service Center", undefined, []),
  unit("center.legal", "subCenter", "公共法律服务中心", "Public Legal Services Center", "center", []),
  unit(
    "center.reception",
    "subCenter",
    "群众来访接待中心",
    "Visitor Reception Center",
    "center",
    takes(["petition", []])
  ),
  unit(
    "center.mediation",
    "subCenter",
    "矛盾纠纷调解中心",
    "Dispute Mediation Center",
    "center",
    takes(["dispute", []])
  ),
  unit(
    "center.litigation",
    "subCenter",
    "人民法院诉调对接中心",
    "Court Litigation–Mediation Docking Center",
    "center",
    takes(["prelitigation", []])
  ),
  unit(
    "center.grid",
    "subCenter",
    "综治中心（活力网格管理中心）",
    "Comprehensive Governance and Grid Management Center",
    "center",
    takes(["event", []], ["hotline", []])
  ),
  unit(
    "committee.joint",
    "committee",
    "联合人民调解委员会",
    "Joint People's Mediation Committee",
    "center.mediation",
    takes(["dispute", []])
  ),
  unit(
    "committee.labor",
    "committee",
    "劳动人事争议调解委员会",
    "Labor and Personnel Disputes Committee",
    "center.mediation",
    takes(["dispute", ["dispute.labor"]])
  ),
  unit(
    "committee.medical",
    "committee",
    "医疗纠纷调解委员会",
    "Medical Disputes Committee",
    "center.mediation",
    takes(["dispute", ["dispute.medical"]])
  ),
  unit(
    "committee.land",
    "committee",
    "农村土地纠纷调解委员会",
    "Rural Land Disputes Committee",
    "center.mediation",
    takes(["dispute", ["dispute.land"]])
  ),
  unit(
    "committee.water",
    "committee",
    "水事纠纷调解委员会",
    "Water Disputes Committee",
    "center.mediation",
    takes(["dispute", ["dispute.water"]])
  ),
  unit(
    "committee.property",
    "committee",
    "物业纠纷调解委员会",
    "Property Management Disputes Committee",
    "center.mediation",
    takes(["dispute", ["dispute.property"]])
  ),
  unit(
    "committee.traffic",
    "committee",
    "道路交通事故纠纷调解委员会",
    "Road Traffic Accident Disputes Committee",
    "center.mediation",
    takes(["dispute", ["dispute.traffic"]])
  ),
  unit(
    "committee.family",
    "committee",
    "婚姻家庭纠纷调解委员会",
    "Marriage and Family Disputes Committee",
    "center.mediation",
    takes(["dispute", ["dispute.family"]])
  ),
  unit(
    "studio.1",
    "studio",
    "首席调解员工作室一",
    "Chief Mediator Studio 1",
    "center.mediation",
    takes(["dispute", ["dispute"]], ["prelitigation", []])
  ),
  unit(
    "studio.2",
    "studio",
    "首席调解员工作室二",
    "Chief Mediator Studio 2",
    "center.mediation",
    takes(["dispute", ["dispute"]], ["prelitigation", []])
  ),
  unit(
    "studio.3",
    "studio",
    "首席调解员工作室三",
    "Chief Mediator Studio 3",
    "center.mediation",
    takes(["dispute", ["dispute"]], ["prelitigation", []])
  ),
  unit("dept.plc", "department", "市委政法委", "Political-Legal Committee", undefined, []),
  unit("dept.court", "department", "市人民法院", "People's Court", undefined, takes(["prelitigation", []])),
  unit("dept.procuratorate", "department", "市人民检察院", "People's Procuratorate", undefined, []),
  unit("dept.petition", "department", "市信访局", "Petition Bureau", undefined, takes(["petition", []])),
  unit(
    "dept.police",
    "department",
    "市公安局",
    "Public Security Bureau",
    undefined,
    takes(["event", ["event.security"]])
  ),
  unit("dept.justice", "department", "市司法局", "Justice Bureau", undefined, takes(["dispute", []])),
  unit(
    "dept.hrss",
    "department",
    "市人力资源和社会保障局",
    "Human Resources and Social Security Bureau",
    undefined,
    takes(["dispute", ["dispute.labor"]], ["hotline", ["hotline.labor"]])
  ),
  unit(
    "dept.environment",
    "department",
    "生态环境局",
    "Ecology and Environment Bureau",
    undefined,
    takes(["event", ["event.environment"]], ["hotline", ["hotline.environment"]])
  ),
  unit(
    "dept.housing",
    "department",
    "住房和城乡建设局",
    "Housing and Urban-Rural Development Bureau",
    undefined,
    takes(["event", ["event.housing"]], ["dispute", ["dispute.property"]])
  ),
  unit(
    "dept.transport",
    "department",
    "交通运输局",
    "Transport Bureau",
    undefined,
    takes(["event", ["event.traffic"]])
  ),
  unit(
    "dept.agriculture",
    "department",
    "农业农村局",
    "Agriculture and Rural Affairs Bureau",
    undefined,
    takes(["dispute", ["dispute.land"]], ["event", ["event.agriculture"]])
  ),
  unit(
    "dept.health",
    "department",
    "卫生健康局",
    "Health Commission",
    undefined,
    takes(["dispute", ["dispute.medical"]], ["event", ["event.health"]])
  ),
  unit(
    "dept.market",
    "department",
    "市场监督管理局",
    "Market Regulation Administration",
    undefined,
    takes(["event", ["event.market"]], ["hotline", ["hotline.consumer"]])
  ),
  unit(
    "dept.emergency",
    "department",
    "应急管理局",
    "Emergency Management Bureau",
    undefined,
    takes(["event", ["event.safety"]])
  ),
  unit(
    "dept.natural-resources",
    "department",
    "自然资源局",
    "Natural Resources Bureau",
    undefined,
    takes(["dispute", ["dispute.land"]])
  ),
  unit(
    "dept.water",
    "department",
    "水务局",
    "Water Affairs Bureau",
    undefined,
    takes(["dispute", ["dispute.water"]], ["event", ["event.water"]])
  ),
  unit("dept.education", "department", "教育局", "Education Bureau", undefined, takes(["event", ["event.education"]])),
  unit(
    "dept.civil-affairs",
    "department",
    "民政局",
    "Civil Affairs Bureau",
    undefined,
    takes(["dispute", ["dispute.family"]])
  ),
  unit(
    "dept.urban-management",
    "department",
    "城市管理局",
    "Urban Management Bureau",
    undefined,
    takes(["event", ["event.sanitation", "event.street-order", "event.facility"]], ["hotline", ["hotline.complaint"]])
  ),
  unit(
    "window.intake",
    "window",
    "综合受理窗口",
    "Comprehensive Intake",
    "center.reception",
    takes(["event", []], ["dispute", []], ["petition", []], ["hotline", []])
  ),
  unit(
    "window.rights",
    "window",
    "维权窗口",
    "Rights Protection",
    "center.reception",
    takes(["dispute", ["dispute.labor", "dispute.consumer"]])
  ),
  unit("window.notary", "window", "公证窗口", "Notarization", "center.legal", []),
  unit("window.legal-aid", "window", "法律援助窗口", "Legal Aid", "center.legal", []),
  unit("window.legal-consult", "window", "法律咨询窗口", "Legal Consultation", "center.legal", []),
  unit("window.appraisal", "window", "司法鉴定窗口", "Judicial Appraisal", "center.legal", []),
  unit(
    "window.labor-arbitration",
    "window",
    "劳动仲裁窗口",
    "Labor Arbitration",
    "center.mediation",
    takes(["dispute", ["dispute.labor"]])
  ),
  unit(
    "window.labor-inspection",
    "window",
    "劳动监察窗口",
    "Labor Inspection",
    "center.mediation",
    takes(["dispute", ["dispute.labor.wages"]])
  ),
  unit(
    "window.land-arbitration",
    "window",
    "土地仲裁窗口",
    "Land Arbitration",
    "center.mediation",
    takes(["dispute", ["dispute.land"]])
  ),
  unit(
    "window.fast-filing",
    "window",
    "速裁立案窗口",
    "Fast-Track Filing",
    "center.litigation",
    takes(["prelitigation", []])
  ),
  unit(
    "window.civil-filing",
    "window",
    "民事立案窗口",
    "Civil Filing",
    "center.litigation",
    takes(["prelitigation", []])
  ),
  unit("window.enforcement-filing", "window", "执行立案窗口", "Enforcement Filing", "center.litigation", []),
  unit("window.petition", "window", "信访接待窗口", "Petition Reception", "center.reception", takes(["petition", []])),
  unit("window.mediation", "window", "人民调解窗口", "People's Mediation", "center.mediation", takes(["dispute", []])),
  unit("window.leaders", "window", "领导接访窗口", "Leaders' Duty Window", "center.reception", takes(["petition", []])),
  unit("window.social-security", "window", "社保临时窗口", "Social Security (temporary)", "center.reception", [], {
    temporary: true,
    source: "article: temporary windows at busy periods"
  }),
  unit("window.medical-insurance", "window", "医保临时窗口", "Medical Insurance (temporary)", "center.reception", [], {
    temporary: true,
    source: "article: temporary windows at busy periods"
  }),
  unit(
    "window.migrant-workers",
    "window",
    "农民工临时窗口",
    "Migrant Workers (temporary)",
    "center.reception",
    takes(["dispute", ["dispute.labor.wages"]]),
    {
      temporary: true,
      source: "article: temporary windows at busy periods"
    }
  ),
  unit("window.hotline", "window", "12345热线窗口", "12345 Hotline", "center.grid", takes(["hotline", []]), {
    source: "not named in the article; assumed"
  }),
  unit("window.reconsideration", "window", "行政复议窗口", "Administrative Reconsideration", "center.legal", [], {
    source: "not named in the article; assumed"
  })
]

// --- people and posts ------------------------------------------------------------------

const makeStaff = (
  random: () => number,
  blocks: ReadonlyArray<string>,
  level2: ReadonlyArray<{ code: string }>,
  exclusiveCodes: ReadonlyArray<string>
): Staff.Records => {
  const pick = (n: number) => Math.floor(random() * n)
  const people: Array<Staff.Person> = []
  const posts: Array<Staff.Post> = []
  const from = "2020-01-01"
  let n = 0
  const person = (label: string) => {
    const id = `p-${String(++n).padStart(5, "0")}`
    people.push({ id, name: `${label} ${String(n).padStart(5, "0")}` })
    return id
  }
  const post = (who: string, role: Staff.Role, at: Staff.Place, validFrom = from, validTo?: string) =>
    posts.push(
      validTo === undefined ? { person: who, role, at, validFrom } : { person: who, role, at, validFrom, validTo }
    )

  // 1,807 full-time grid workers on the blocks: four each, the rest spread by the seed.
  const perBlock = blocks.map(() => 4)
  for (let i = 0; i < figures.gridWorkers - 4 * blocks.length; i++) perBlock[pick(blocks.length)]!++
  for (const [k, block] of blocks.entries())
    for (let i = 0; i < perBlock[k]!; i++) post(person("网格员"), "gridWorker", { grid: block })

  // Grid chiefs on every level-1 and level-2 grid; 玉门镇's chief changed on 2020-07-01.
  for (const u of level1) {
    const code = cityCode + u.suffix
    if (u.suffix === "101") {
      post(person("网格长"), "gridChief", { grid: code }, from, "2020-06-30")
      post(person("网格长"), "gridChief", { grid: code }, "2020-07-01")
    } else post(person("网格长"), "gridChief", { grid: code })
  }
  for (const v of level2) post(person("网格长"), "gridChief", { grid: v.code })

  // Community police as grid managers: each officer takes two or three level-2 grids.
  for (let k = 0; k < level2.length; ) {
    const officer = person("社区民警")
    const take = 2 + pick(2)
    for (let i = 0; i < take && k < level2.length; i++, k++) post(officer, "gridManager", { grid: level2[k]!.code })
  }

  // Exclusive grid members: one to three per exclusive grid.
  for (const code of exclusiveCodes) {
    const members = 1 + pick(3)
    for (let i = 0; i < members; i++) post(person("专属网格员"), "exclusiveMember", { grid: code })
  }

  // City leaders (on the root grid and on the leaders' duty window, in rotation).
  for (let i = 0; i < 3; i++) {
    const leader = person("市领导")
    post(leader, "leader", { grid: cityCode })
    post(leader, "leader", { unit: "window.leaders" })
  }

  // The center's 46 staff.
  const center: Array<readonly [Staff.Role, string, number]> = [
    ["admin", "center", 1],
    ["dispatcher", "center.grid", 4],
    ["judgeAssistant", "center.litigation", 3],
    ...Staff.unitIds.committees.map((id) => ["mediator", id, 2] as const),
    ...Staff.unitIds.studios.map((id) => ["mediator", id, 1] as const),
    ...(
      [
        "dept.plc",
        "dept.court",
        "dept.procuratorate",
        "dept.petition",
        "dept.police",
        "dept.justice",
        "dept.hrss",
        "dept.housing",
        "dept.agriculture",
        "dept.natural-resources",
        "dept.civil-affairs",
        "dept.health",
        "dept.market"
      ] as const
    ).map((id) => ["departmentOfficer", id, 1] as const),
    ["dispatcher", "window.intake", 2],
    ["dispatcher", "window.petition", 1],
    ["mediator", "window.mediation", 1],
    ["dispatcher", "window.legal-aid", 1],
    ["dispatcher", "window.legal-consult", 1]
  ]
  for (const [role, at, count] of center)
    for (let i = 0; i < count; i++) post(person("中心工作人员"), role, { unit: at })

  return { people, units, posts }
}
