/**
 * The Yumen fixture's people and posts: 1,807 full-time grid workers on the blocks,
 * grid chiefs, community police as grid managers, exclusive grid members, city leaders
 * and the center's 46 staff, spread by the seed.
 */
import { Staff } from "@gridgov/core"
import { cityCode, figures, level1 } from "./yumenGrids.js"
import { units } from "./yumenUnits.js"

export const makeStaff = (
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
