/**
 * The escalation ladder (小事不出格、大事不出村、难事不出镇 → center → department) and the
 * two-way linkage with departments (分流化解 / 预约进中心 / 移送中心调解).
 */
import { Result } from "effect"
import type { Kind, Severity } from "../CaseKind.js"
import * as Category from "../Category.js"
import type { Step as Escalation } from "../Escalation.js"
import type { Linkage } from "../Linkage.js"
import type { Handler, Place } from "../Routing.js"
import type { Assignment, Table } from "../RoutingTable.js"

/** Grid at level n: 3 - n; center-tier units: 3; departments: 4. */
export const tier = (handler: Handler): number =>
  handler._tag === "Grid" ? 3 - handler.level : handler.unit.startsWith("dept.") ? 4 : 3

/** The assignment with the longest category prefix matching `code` (first in table order on a tie). */
export const longest = (assignments: ReadonlyArray<Assignment>, code: string): Assignment | undefined => {
  let best: Assignment | undefined
  let bestDepth = 0
  for (const a of assignments) {
    if (!Category.matches(a.category, code)) continue
    const d = Category.depth(a.category)
    if (d > bestDepth) {
      best = a
      bestDepth = d
    }
  }
  return best
}

const unit = (id: string): Handler => ({ _tag: "Unit", unit: id })

const gridStep = (level: number): Escalation["because"] =>
  level === 2
    ? {
        "zh-CN": "大事不出村：网格内化解不了的事项交由村（社区）处理",
        en: "Big matters stay in the village: what the block cannot settle goes to its village or community"
      }
    : level === 1
      ? {
          "zh-CN": "难事不出镇：村（社区）化解不了的事项交由乡镇（街道、园区）处理",
          en: "Hard matters stay in the town: what the village cannot settle goes to its town, street or park"
        }
      : {
          "zh-CN": "小事不出格：交由上一级网格处理",
          en: "Small matters stay in the grid: what a grid cannot settle goes to the grid that contains it"
        }

const top = (
  table: Table,
  kind: Kind,
  category: string
): { readonly to: string; readonly source: string; readonly because: Escalation["because"] } => {
  const configured = table.ladder.top[kind]
  if (configured !== "owner")
    return {
      to: configured,
      source: `ladder.top.${kind}`,
      because: {
        "zh-CN": `中心化解不了的事项依法交由${configured}处理`,
        en: `What the center cannot settle goes to ${configured}, the top of the ladder for ${kind} cases`
      }
    }
  const owner = longest(table.owners, category)
  return owner !== undefined
    ? {
        to: owner.unit,
        source: `owners:${owner.category}`,
        because: {
          "zh-CN": `中心化解不了的事项交由主管部门${owner.unit}处理（${owner.category}）`,
          en: `What the center cannot settle goes to ${owner.unit}, the department that owns ${owner.category}`
        }
      }
    : {
        to: table.ladder.ownerFallback,
        source: "ladder.ownerFallback",
        because: {
          "zh-CN": `无主管部门的事项交由${table.ladder.ownerFallback}处理`,
          en: `No department owns ${category}: it goes to ${table.ladder.ownerFallback}`
        }
      }
}

export const escalate = <E1, E2>(
  table: Table,
  from: Handler,
  context: { readonly kind: Kind; readonly category: string; readonly place: Place },
  errors: { readonly top: () => E1; readonly notOnPath: () => E2 }
): Result.Result<Escalation, E1 | E2> => {
  if (from._tag === "Grid") {
    if (context.place[from.level] !== from.grid) return Result.fail(errors.notOnPath())
    if (from.level >= 2) {
      const level = from.level - 1
      return Result.succeed({
        from,
        to: { _tag: "Grid", level, grid: context.place[level]! },
        step: "up",
        source: "ladder.grid",
        because: gridStep(level)
      })
    }
    if (from.level === 1) {
      const center = table.ladder.center[context.kind]
      return Result.succeed({
        from,
        to: unit(center),
        step: "center",
        source: `ladder.center.${context.kind}`,
        because: {
          "zh-CN": `乡镇化解不了的事项进入社会治理综合服务中心（${center}）`,
          en: `What the town cannot settle goes into the center, to ${center} for ${context.kind} cases`
        }
      })
    }
  } else if (tier(from) >= 4) return Result.fail(errors.top())
  const t = top(table, context.kind, context.category)
  return Result.succeed({ from, to: unit(t.to), step: "top", source: t.source, because: t.because })
}

export const link = (
  table: Table,
  request: {
    readonly category: string
    readonly severity: Severity
    readonly prefer?: "center" | "department"
  }
): Linkage => {
  if (request.severity === "major")
    return {
      _tag: "Transfer",
      to: table.jointCommittee,
      because: {
        "zh-CN": `重大矛盾纠纷移送中心调解，由${table.jointCommittee}受理`,
        en: `A major dispute is transferred into the center for mediation by ${table.jointCommittee}`
      }
    }
  const owner = longest(table.owners, request.category)
  const committee = longest(table.committees, request.category)
  const book = (reason: "requested" | "noOwner"): Linkage => {
    const to = committee?.unit ?? table.jointCommittee
    return {
      _tag: "Book",
      to,
      committee,
      reason,
      because:
        reason === "requested"
          ? {
              "zh-CN": `当事人申请，预约进中心，由${to}调解`,
              en: `The parties asked for the center: booked into the center for mediation by ${to}`
            }
          : {
              "zh-CN": `${request.category}无主管部门，预约进中心，由${to}调解`,
              en: `No department owns ${request.category}: booked into the center for mediation by ${to}`
            }
    }
  }
  if (request.prefer === "center") return book("requested")
  if (owner === undefined) return book("noOwner")
  return {
    _tag: "Divert",
    to: owner.unit,
    owner,
    because: {
      "zh-CN": `一般矛盾纠纷分流至主管部门${owner.unit}化解（${owner.category}）`,
      en: `An ordinary dispute is diverted out to ${owner.unit}, the department that owns ${owner.category}`
    }
  }
}
