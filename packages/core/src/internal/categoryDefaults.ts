/**
 * The default category taxonomy as plain data: dotted codes, their type
 * (component 部件 or event 事件) and labels in zh-CN and en.
 *
 * Components (部件) are physical public facilities with an owner (a street light,
 * a manhole cover); events (事件) are occurrences (garbage left out, a dispute,
 * a complaint). The event/component split follows digital city management
 * practice; disputes, petitions and hotline tickets are all events.
 */
type Row = readonly [code: string, type: "component" | "event", zh: string, en: string]

const rows: ReadonlyArray<Row> = [
  // general events and components (城市管理事部件)
  ["event", "event", "事部件", "Events and components"],
  ["event.sanitation", "event", "市容环境", "Sanitation and city appearance"],
  ["event.sanitation.garbage", "event", "暴露垃圾", "Exposed garbage"],
  ["event.sanitation.sewage", "event", "污水外溢", "Sewage overflow"],
  ["event.sanitation.graffiti", "event", "乱涂乱画", "Graffiti and illegal posters"],
  ["event.street-order", "event", "街面秩序", "Street order"],
  ["event.street-order.vending", "event", "占道经营", "Street vending on the road"],
  ["event.street-order.parking", "event", "乱停乱放", "Illegal parking"],
  ["event.construction", "event", "施工管理", "Construction"],
  ["event.construction.illegal", "event", "违法建设", "Illegal construction"],
  ["event.construction.dust", "event", "施工扬尘", "Construction dust"],
  ["event.environment", "event", "环境保护", "Environment"],
  ["event.environment.noise", "event", "噪声污染", "Noise pollution"],
  ["event.environment.pollution", "event", "废气废水污染", "Air or water pollution"],
  ["event.safety", "event", "安全隐患", "Safety hazards"],
  ["event.safety.fire", "event", "消防隐患", "Fire hazard"],
  ["event.safety.gas", "event", "燃气隐患", "Gas hazard"],
  ["event.public-security", "event", "社会治安", "Public security"],
  ["event.market", "event", "市场监管", "Market supervision"],
  ["event.market.food", "event", "食品安全", "Food safety"],
  ["event.facility", "component", "公用设施", "Public facilities"],
  ["event.facility.streetlight", "component", "路灯", "Street light"],
  ["event.facility.manhole", "component", "井盖", "Manhole cover"],
  ["event.facility.hydrant", "component", "消防栓", "Fire hydrant"],
  ["event.facility.road", "component", "道路设施", "Road furniture"],
  ["event.facility.bus-stop", "component", "公交站亭", "Bus shelter"],
  ["event.facility.water-supply", "component", "供水设施", "Water supply facility"],
  ["event.greenery", "component", "园林绿化", "Greenery"],
  ["event.greenery.tree", "component", "行道树", "Street tree"],
  // disputes (矛盾纠纷)
  ["dispute", "event", "矛盾纠纷", "Disputes"],
  ["dispute.water", "event", "水事纠纷", "Water dispute"],
  ["dispute.family", "event", "婚姻家庭纠纷", "Marriage and family dispute"],
  ["dispute.labor", "event", "劳动人事争议", "Labor and personnel dispute"],
  ["dispute.land", "event", "农村土地承包纠纷", "Rural land contract dispute"],
  ["dispute.medical", "event", "医疗纠纷", "Medical dispute"],
  ["dispute.property", "event", "物业纠纷", "Property management dispute"],
  ["dispute.traffic", "event", "道路交通事故纠纷", "Road traffic accident dispute"],
  ["dispute.neighbour", "event", "邻里纠纷", "Neighbour dispute"],
  ["dispute.consumer", "event", "消费纠纷", "Consumer dispute"],
  ["dispute.debt", "event", "债务纠纷", "Debt dispute"],
  ["dispute.campus", "event", "校园纠纷", "Campus dispute"],
  ["dispute.multiple", "event", "跨类型综合纠纷", "Cross-type dispute"],
  // 12345 hotline tickets
  ["hotline", "event", "12345热线", "12345 hotline"],
  ["hotline.consultation", "event", "咨询", "Consultation"],
  ["hotline.consultation.legal", "event", "法律咨询", "Legal consultation"],
  ["hotline.help", "event", "求助", "Request for help"],
  ["hotline.help.legal-aid", "event", "法律援助", "Legal aid"],
  ["hotline.complaint", "event", "投诉", "Complaint"],
  ["hotline.suggestion", "event", "建议", "Suggestion"],
  ["hotline.emergency", "event", "紧急事项", "Emergency"],
  // petitions (信访)
  ["petition", "event", "信访", "Petitions"],
  ["petition.land", "event", "征地拆迁", "Land requisition and demolition"],
  ["petition.labor", "event", "劳动社保", "Labor and social security"],
  ["petition.housing", "event", "住房建设", "Housing"],
  ["petition.litigation", "event", "涉法涉诉", "Involving litigation"],
  ["petition.welfare", "event", "民政救助", "Social assistance"],
  ["petition.conduct", "event", "干部作风", "Conduct of officials"],
  ["petition.suggestion", "event", "意见建议", "Opinions and suggestions"],
  // pre-litigation mediation (诉前调解): filings also take the dispute categories
  ["prelitigation", "event", "诉前调解", "Pre-litigation mediation"]
]

/** The default taxonomy, as the encoded form a deployment would keep in a file. */
export const defaultEntries = rows.map(([code, type, zh, en]) => ({
  code,
  type,
  label: { "zh-CN": zh, en }
}))
