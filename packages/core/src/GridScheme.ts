/**
 * The level scheme of a grid tree: the levels from the root down (default: city →
 * town/street/park → village/community → villager group/compound), the kinds of grid
 * at each level with the code suffixes they take, and how exclusive grids (专属网格)
 * are coded. `Grid.build` checks records against a scheme; a deployment may bring its
 * own, validated by {@link make}.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import * as Result from "effect/Result"
import * as internal from "./internal/grid.js"
import type * as T from "./internal/gridTypes.js"

/**
 * A label in the two catalogue languages (zh-CN and en).
 *
 * @example
 * import { GridScheme } from "@gridgov/core"
 * import { Schema } from "effect"
 * Schema.decodeUnknownSync(GridScheme.Name)({ zh: "花海镇", en: "Huahai Town" })
 *
 * @category schemes
 * @since 0.1.0
 */
export const Name = Schema.Struct({ zh: Schema.NonEmptyString, en: Schema.NonEmptyString })

/**
 * @category schemes
 * @since 0.1.0
 */
export type Name = T.Name

/**
 * One kind of grid at a level (镇, 乡, 街道, 园区 …) and the inclusive range its code
 * suffix must fall in.
 *
 * @example
 * import type { GridScheme } from "@gridgov/core"
 * const town: GridScheme.Kind = { id: "town", name: { zh: "镇", en: "town" }, suffix: [100, 199] }
 *
 * @category schemes
 * @since 0.1.0
 */
export type Kind = T.Kind

/**
 * One level of a scheme: its id, names, the width of its code suffix and its kinds.
 * For the first (root) level, `width` is the length of the root code.
 *
 * @example
 * import { GridScheme } from "@gridgov/core"
 * GridScheme.defaults.levels.map((l) => l.id) // ["city", "town", "village", "block"]
 *
 * @category schemes
 * @since 0.1.0
 */
export type Level = T.Level

/**
 * A level scheme: levels from the root down, and how exclusive grids are coded.
 *
 * @example
 * import { GridScheme } from "@gridgov/core"
 * GridScheme.defaults.exclusive // { marker: "X", width: 3 }
 *
 * @category schemes
 * @since 0.1.0
 */
export type Scheme = T.Scheme

/**
 * The default scheme, following the national statistical division codes (统计用区划代码):
 * a 6-digit county-level code (Yumen: `620981`); a 3-digit township suffix (001–099
 * streets 街道, 100–199 towns 镇, 200–399 townships 乡 incl. ethnic townships, 400–499
 * parks 园区, 500–599 state farms 农场; the national codes group parks and farms
 * together in 400–599); a 3-digit village suffix (001–199 communities 社区, 200–399
 * administrative villages 行政村, 400–599 village-like units such as farm teams and park
 * sections); then a 3-digit grid suffix for blocks (001–499 villager groups 村民小组,
 * 500–999 residential compounds 小区). An exclusive grid's code is its host's code +
 * `X` + 3 digits.
 *
 * @example
 * import { GridScheme } from "@gridgov/core"
 * GridScheme.defaults.levels[1]!.kinds.map((k) => k.id) // ["street", "town", "township", "park", "farm"]
 *
 * @category schemes
 * @since 0.1.0
 */
export const defaults: Scheme = {
  levels: [
    {
      id: "city",
      name: { zh: "市", en: "city" },
      width: 6,
      kinds: [{ id: "city", name: { zh: "县级市", en: "county-level city" }, suffix: [0, 999999] }],
      duties: { zh: "一个中心统筹", en: "the center coordinates the whole network" }
    },
    {
      id: "town",
      name: { zh: "乡镇、街道、园区", en: "town, street or park" },
      width: 3,
      kinds: [
        { id: "street", name: { zh: "街道", en: "street" }, suffix: [1, 99] },
        { id: "town", name: { zh: "镇", en: "town" }, suffix: [100, 199] },
        { id: "township", name: { zh: "乡", en: "township" }, suffix: [200, 399] },
        { id: "park", name: { zh: "园区", en: "park" }, suffix: [400, 499] },
        { id: "farm", name: { zh: "农场", en: "state farm" }, suffix: [500, 599] }
      ],
      duties: {
        zh: "监管、协调、处理、督办、绩效考核",
        en: "supervise, coordinate, handle, oversee, appraise performance"
      }
    },
    {
      id: "village",
      name: { zh: "行政村、社区", en: "village or community" },
      width: 3,
      kinds: [
        { id: "community", name: { zh: "社区", en: "community" }, suffix: [1, 199] },
        { id: "village", name: { zh: "行政村", en: "administrative village" }, suffix: [200, 399] },
        { id: "unit", name: { zh: "类似村级单位", en: "village-like unit" }, suffix: [400, 599] }
      ],
      duties: {
        zh: "分类汇总信息和事件，处置职权内事项，上报与反馈",
        en: "classify and summarize, handle what is within authority, report up and feed back"
      }
    },
    {
      id: "block",
      name: { zh: "村民小组、小区", en: "villager group or compound" },
      width: 3,
      kinds: [
        { id: "group", name: { zh: "村民小组", en: "villager group" }, suffix: [1, 499] },
        { id: "compound", name: { zh: "小区", en: "residential compound" }, suffix: [500, 999] }
      ],
      duties: {
        zh: "入户走访、宣传、信息采集、隐患排查、纠纷调解、环境卫生",
        en: "household visits, publicity, information collection, hazard inspection, mediation, sanitation"
      }
    }
  ],
  exclusive: { marker: "X", width: 3 }
}

/**
 * The kind of every exclusive grid (专属网格, "a grid within the grid"); its
 * `specialty` says what it covers.
 *
 * @example
 * import { GridScheme } from "@gridgov/core"
 * GridScheme.exclusiveKind // "exclusive"
 *
 * @category schemes
 * @since 0.1.0
 */
export const exclusiveKind: "exclusive" = internal.EXCLUSIVE as "exclusive"

/**
 * What an exclusive grid covers: a forest, a railway line, an enterprise, a courier
 * route, a school, a security patrol area, anti-drug work, a township law-enforcement
 * area, a hospital, a market, a construction site or a scenic area.
 *
 * @example
 * import { GridScheme } from "@gridgov/core"
 * GridScheme.Specialty.literals.includes("railway") // true
 *
 * @category schemes
 * @since 0.1.0
 */
export const Specialty = Schema.Literals([
  "forest",
  "railway",
  "enterprise",
  "courier",
  "school",
  "security",
  "antiDrug",
  "lawEnforcement",
  "hospital",
  "market",
  "construction",
  "scenic"
])

/**
 * @category schemes
 * @since 0.1.0
 */
export type Specialty = typeof Specialty.Type

/**
 * The position of a level in a scheme by its id, or -1.
 *
 * @example
 * import { GridScheme } from "@gridgov/core"
 * GridScheme.levelIndex(GridScheme.defaults, "village") // 2
 *
 * @category schemes
 * @since 0.1.0
 */
export const levelIndex = (scheme: Scheme, id: string): number => scheme.levels.findIndex((l) => l.id === id)

/**
 * A level scheme failed validation (duplicate kind ids, a range wider than the suffix,
 * a reserved kind id, a bad exclusive marker).
 *
 * @example
 * import { GridScheme } from "@gridgov/core"
 * import { Result } from "effect"
 * const r = GridScheme.make({ ...GridScheme.defaults, exclusive: { marker: "7", width: 3 } })
 * Result.isFailure(r) // true
 *
 * @category errors
 * @since 0.1.0
 */
export class Invalid extends Schema.TaggedError<Invalid>()("GridSchemeInvalid", {
  problems: Schema.Array(Schema.String)
}) {
  override get message(): string {
    return `invalid level scheme: ${this.problems.join("; ")}`
  }
}

/**
 * Validates a custom level scheme.
 *
 * @example
 * import { GridScheme } from "@gridgov/core"
 * import { Result } from "effect"
 * Result.isSuccess(GridScheme.make(GridScheme.defaults)) // true
 *
 * @category schemes
 * @since 0.1.0
 */
export const make = (scheme: Scheme): Result.Result<Scheme, Invalid> => {
  const problems: Array<string> = []
  const seen = new Set<string>()
  if (scheme.levels.length === 0) problems.push("a scheme needs at least one level")
  if (scheme.levels.length > 120) problems.push("at most 120 levels")
  for (const level of scheme.levels) {
    if (!Number.isInteger(level.width) || level.width < 1 || level.width > 12)
      problems.push(`level ${level.id}: width must be 1–12`)
    if (level.kinds.length === 0) problems.push(`level ${level.id}: no kinds`)
    for (const kind of level.kinds) {
      if (kind.id === exclusiveKind) problems.push(`kind id "${exclusiveKind}" is reserved`)
      if (seen.has(kind.id)) problems.push(`kind id ${kind.id} is used twice`)
      seen.add(kind.id)
      const [from, to] = kind.suffix
      if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && from <= to && to < 10 ** level.width))
        problems.push(`kind ${kind.id}: suffix range must lie in 0–${10 ** level.width - 1}`)
    }
  }
  const { marker, width } = scheme.exclusive
  if (!/^[A-Z]$/.test(marker)) problems.push("the exclusive marker must be one capital letter")
  if (!Number.isInteger(width) || width < 1 || width > 6) problems.push("the exclusive width must be 1–6")
  return problems.length > 0 ? Result.fail(new Invalid({ problems })) : Result.succeed(scheme)
}
