/**
 * The Yumen fixture's units: the center, its five sub-centers, eight mediation
 * committees, three chief-mediator studios, the departments and twenty windows, each
 * with the case kinds and category prefixes it takes (docs/explanation/domain.md).
 */
import type { CaseKind, Staff } from "@gridgov/core"

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
