/**
 * Yumen's routing table, as the plain data a deployment would keep in a JSON or YAML
 * file. `Yumen.routing` is this data decoded.
 *
 * Priorities: 0 for the everyday rules (so the strategy of the category decides between
 * the place and the owner), 10 for channels that already are at the center (walk-ins,
 * department referrals), 20 for major cases and emergencies.
 */

const committees = [
  ["dispute.labor", "committee.labor"],
  ["dispute.medical", "committee.medical"],
  ["dispute.land", "committee.land"],
  ["dispute.water", "committee.water"],
  ["dispute.property", "committee.property"],
  ["dispute.traffic", "committee.traffic"],
  ["dispute.family", "committee.family"]
] as const

const owners = [
  // disputes: the department that answers for the matter (分流化解)
  ["dispute.labor", "dept.hrss"],
  ["dispute.medical", "dept.health"],
  ["dispute.land", "dept.agriculture"],
  ["dispute.water", "dept.water"],
  ["dispute.property", "dept.housing"],
  ["dispute.traffic", "dept.police"],
  ["dispute.consumer", "dept.market"],
  ["dispute.campus", "dept.education"],
  // events and components of city management (属主)
  ["event.sanitation", "dept.urban-management"],
  ["event.street-order", "dept.urban-management"],
  ["event.facility", "dept.urban-management"],
  ["event.facility.manhole", "dept.housing"],
  ["event.facility.road", "dept.transport"],
  ["event.facility.hydrant", "dept.emergency"],
  ["event.facility.water-supply", "dept.water"],
  ["event.greenery", "dept.urban-management"],
  ["event.construction", "dept.housing"],
  ["event.environment", "dept.environment"],
  ["event.safety", "dept.emergency"],
  ["event.public-security", "dept.police"],
  ["event.market", "dept.market"],
  // hotline tickets and petitions
  ["hotline.emergency", "dept.emergency"],
  ["petition", "dept.petition"]
] as const

const ownerRules = owners
  .filter(([category]) => category.startsWith("event."))
  .map(([category, unit]) => ({
    id: `owner.${category}`,
    kind: ["event", "hotline"],
    category,
    target: { unit },
    note: "属主: the department that owns the category"
  }))

const committeeRules = committees.map(([category, unit]) => ({
  id: `center.${category}`,
  priority: 10,
  kind: "dispute",
  category,
  channel: ["walkIn", "department"],
  target: { unit },
  note: "At the center (walk-in or department referral): the committee of the dispute's type"
}))

export const table = {
  backstop: "center.grid",
  jointCommittee: "committee.joint",
  committees: committees.map(([category, unit]) => ({ category, unit })),
  owners: owners.map(([category, unit]) => ({ category, unit })),
  ladder: {
    center: {
      event: "center.grid",
      dispute: "center.mediation",
      petition: "center.reception",
      prelitigation: "center.litigation",
      hotline: "center.grid"
    },
    top: {
      event: "owner",
      dispute: "dept.court",
      petition: "dept.petition",
      prelitigation: "dept.court",
      hotline: "owner"
    },
    ownerFallback: "dept.plc"
  },
  rules: [
    // events: the place first (事件先属地), by severity
    { id: "event.block", kind: "event", severity: "minor", target: { level: 3 }, note: "小事不出格" },
    { id: "event.village", kind: "event", severity: "ordinary", target: { level: 2 }, note: "大事不出村" },
    { id: "event.town", kind: "event", severity: "major", target: { level: 1 }, note: "难事不出镇" },
    // components and events: the owner department (部件先属主)
    ...ownerRules,
    // disputes: the ladder, by severity and complexity
    { id: "dispute.block", kind: "dispute", severity: "minor", target: { level: 3 }, note: "小事不出格" },
    { id: "dispute.village", kind: "dispute", severity: "ordinary", target: { level: 2 }, note: "大事不出村" },
    {
      id: "dispute.town",
      kind: "dispute",
      severity: "ordinary",
      complexity: "complex",
      target: { level: 1 },
      note: "难事不出镇"
    },
    {
      id: "dispute.major",
      priority: 20,
      kind: "dispute",
      severity: "major",
      target: { unit: "committee.joint" },
      note: "移送中心调解: major disputes go to the joint committee"
    },
    // disputes at the center: the committee of their type, the joint committee for the rest
    ...committeeRules,
    {
      id: "center.dispute",
      priority: 10,
      kind: "dispute",
      channel: ["walkIn", "department"],
      target: { unit: "committee.joint" },
      note: "At the center: cross-type disputes go to the joint committee"
    },
    {
      id: "center.dispute.labor.complex",
      priority: 10,
      kind: "dispute",
      category: "dispute.labor",
      complexity: "complex",
      channel: ["walkIn", "department"],
      target: { unit: "window.labor-arbitration" },
      note: "Complex labor disputes: labor arbitration"
    },
    // pre-litigation mediation: the court's docking center, labor cases to arbitration first
    { id: "prelitigation", kind: "prelitigation", target: { unit: "center.litigation" } },
    {
      id: "prelitigation.complex",
      kind: "prelitigation",
      complexity: "complex",
      target: { unit: "committee.joint" },
      note: "繁简分流: complex cases to the joint committee, simple ones stay with the judge's assistants"
    },
    {
      id: "prelitigation.labor",
      priority: 10,
      kind: "prelitigation",
      category: "dispute.labor",
      target: { unit: "window.labor-arbitration" },
      note: "Labor disputes go to arbitration before a court (劳动仲裁前置)"
    },
    // petitions
    { id: "petition", kind: "petition", target: { unit: "center.reception" } },
    { id: "petition.walk-in", priority: 5, kind: "petition", channel: "walkIn", target: { unit: "window.petition" } },
    {
      id: "petition.major",
      priority: 20,
      kind: "petition",
      severity: "major",
      target: { unit: "window.leaders" },
      note: "Major petitions: the leaders' duty window"
    },
    {
      id: "petition.litigation",
      priority: 10,
      kind: "petition",
      category: "petition.litigation",
      target: { unit: "center.legal" },
      note: "涉法涉诉: public legal services"
    },
    // 12345 hotline tickets
    { id: "hotline", kind: "hotline", target: { unit: "center.grid" } },
    { id: "hotline.complaint", kind: "hotline", category: "hotline.complaint", target: { level: 1 } },
    { id: "hotline.help", kind: "hotline", category: "hotline.help", target: { level: 2 } },
    {
      id: "hotline.legal-aid",
      priority: 5,
      kind: "hotline",
      category: "hotline.help.legal-aid",
      target: { unit: "window.legal-aid" }
    },
    {
      id: "hotline.legal-consult",
      priority: 5,
      kind: "hotline",
      category: "hotline.consultation.legal",
      target: { unit: "window.legal-consult" }
    },
    {
      id: "hotline.emergency",
      priority: 20,
      kind: "hotline",
      category: "hotline.emergency",
      target: { unit: "dept.emergency" }
    },
    {
      id: "police110",
      priority: 20,
      kind: ["event", "dispute"],
      channel: "police110",
      severity: "major",
      target: { unit: "dept.police" },
      note: "警网融合: major cases from the 110 command center go to the police"
    }
  ]
}
