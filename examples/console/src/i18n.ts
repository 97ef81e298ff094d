/**
 * Words on screen: the domain's labels from `@gridgov/core` (`labels.json`, written at
 * build time from `Messages` and the category taxonomy), and the console's own words
 * below, in Chinese (default) and English.
 */

export type Locale = "zh-CN" | "en"

export interface Labels {
  readonly messages: Readonly<Record<Locale, Readonly<Record<string, string>>>>
  readonly categories: Readonly<Record<string, Readonly<Record<Locale, string>>>>
  readonly eventCommand: Readonly<Record<string, string>>
  readonly desk: Readonly<Record<string, ReadonlyArray<string>>>
  readonly clocks: Readonly<Record<string, ReadonlyArray<string>>>
  readonly kinds: ReadonlyArray<string>
}

/** The current locale (the app re-renders when it changes: `onLocale`). */
export const locale = { value: ((localStorage.getItem("gridgov.locale") as Locale | null) ?? "zh-CN") as Locale }
const listeners = new Set<() => void>()
export const onLocale = (f: () => void) => {
  listeners.add(f)
  return () => listeners.delete(f)
}

let labels: Labels = {
  messages: { "zh-CN": {}, en: {} },
  categories: {},
  eventCommand: {},
  desk: {},
  clocks: {},
  kinds: []
}

export const loadLabels = async () => {
  const res = await fetch("/console/labels.json")
  labels = (await res.json()) as Labels
  return labels
}

export const getLabels = () => labels

export const setLocale = (l: Locale) => {
  localStorage.setItem("gridgov.locale", l)
  document.documentElement.lang = l
  locale.value = l
  for (const f of listeners) f()
}

/** A core label (`kind.event`, `state.event.reported`, `command.Register`, `role.dispatcher`, `clock.event.handle`…). */
export const label = (key: string, fallback?: string): string => labels.messages[locale.value]?.[key] ?? fallback ?? key

export const kindLabel = (kind: string) => label(`kind.${kind}`, kind)
export const stateLabel = (kind: string, state: string) => label(`state.${kind}.${state}`, state)
export const commandLabel = (command: string) => label(`command.${command}`, command)
export const roleLabel = (role: string) => label(`role.${role}`, role)
export const clockLabel = (kind: string, clock: string) =>
  label(`clock.${kind}.${clock}`, label(`clock.${clock}`, clock))
export const eventLabel = (type: string) => {
  const command = labels.eventCommand[type]
  if (type === "VerificationFailed") return `${commandLabel("Verify")} ✗`
  if (type === "VerificationPassed") return `${commandLabel("Verify")} ✓`
  return command === undefined ? type : commandLabel(command)
}

/** A category's label: its own, else its nearest labelled ancestor's with the rest of the code. */
export const categoryLabel = (code: string): string => {
  let c = code
  for (;;) {
    const entry = labels.categories[c]
    if (entry !== undefined) return c === code ? entry[locale.value] : `${entry[locale.value]} (${code})`
    const dot = c.lastIndexOf(".")
    if (dot < 0) return code
    c = c.slice(0, dot)
  }
}

const units: Record<string, [string, string]> = {
  center: ["社会治理综合服务中心", "the center"],
  "center.grid": ["综治中心", "grid management center"],
  "center.legal": ["公共法律服务中心", "public legal services"],
  "center.reception": ["群众来访接待中心", "visitor reception"],
  "center.mediation": ["矛盾纠纷调解中心", "dispute mediation center"],
  "center.litigation": ["诉调对接中心", "litigation–mediation docking"],
  "dept.housing": ["住建局", "housing bureau"],
  "dept.urban-management": ["城管局", "urban management"],
  "dept.transport": ["交通局", "transport bureau"],
  "dept.emergency": ["应急局", "emergency management"],
  "dept.water": ["水务局", "water bureau"],
  "dept.environment": ["生态环境局", "environment bureau"],
  "dept.police": ["公安局", "police"],
  "dept.market": ["市场监管局", "market regulation"],
  "dept.petition": ["信访局", "petition bureau"],
  "dept.hrss": ["人社局", "human resources"],
  "dept.health": ["卫健委", "health commission"],
  "dept.agriculture": ["农业农村局", "agriculture bureau"],
  "dept.education": ["教育局", "education bureau"],
  "dept.justice": ["司法局", "justice bureau"],
  "dept.court": ["法院", "court"],
  "dept.civil-affairs": ["民政局", "civil affairs"]
}

/** The departments and the center's units the desk offers as other targets. */
export const unitIds = Object.keys(units)

/** A unit's name (or its id when the console does not know it); grid codes are named by the caller. */
export const unitLabel = (unit: string): string => {
  const u = units[unit]
  return u === undefined ? unit : locale.value === "en" ? u[1] : u[0]
}

const words = {
  title: ["综治中心工作台", "Governance center console"],
  desk: ["受理分流", "Dispatch desk"],
  supervise: ["督办", "Supervision"],
  figures: ["数据驾驶舱", "Figures"],
  cases: ["案件", "Cases"],
  signIn: ["登录", "Sign in"],
  signOut: ["退出", "Sign out"],
  tokenLabel: ["访问令牌（Bearer token）", "Access token (bearer)"],
  tokenHelp: [
    "粘贴服务器启动时打印的令牌，或由管理员签发的令牌。",
    "Paste a token the server printed at start, or one an administrator issued."
  ],
  demoPick: ["演示账号（示例服务器）", "Demo people (example server)"],
  badToken: ["令牌无效或已过期", "The token is invalid or expired"],
  expiredTitle: ["登录已失效", "Your session has ended"],
  expiredText: [
    "令牌已过期（有效期 12 小时）或已被撤销。为保护数据，页面内容已清除，请重新登录。",
    "Your token expired (tokens last 12 hours) or was revoked. The screen was cleared to protect the data: sign in again."
  ],
  signInAgain: ["重新登录", "Sign in again"],
  language: ["English", "中文"],
  search: ["按案件编号查找", "Find a case by id"],
  go: ["查找", "Find"],
  notFound: ["未找到该案件，或不在您的管辖范围内", "No such case, or not within your jurisdiction"],
  waiting: ["待受理、待分流", "Waiting to be registered or dispatched"],
  empty: ["暂无案件", "No cases"],
  kind: ["类型", "Kind"],
  category: ["类别", "Category"],
  place: ["网格", "Grid"],
  state: ["状态", "State"],
  due: ["时限", "Deadline"],
  light: ["预警", "Light"],
  handler: ["承办单位", "Handler"],
  suggestion: ["分流建议", "Routing suggestion"],
  rule: ["规则", "Rule"],
  met: ["满足条件", "Conditions met"],
  beat: ["胜出于", "Rules it beat"],
  backstop: ["兜底单位", "backstop unit"],
  dispatchSuggested: ["按建议分流", "Dispatch as suggested"],
  otherTarget: ["改派其他单位", "Another target"],
  keys: [
    "键盘：↑↓ 选择，Enter 按建议分流，O 改派，M 合并，C 不予立案，R 退回，/ 查找",
    "Keys: ↑↓ select, Enter dispatch as suggested, O another target, M merge, C cancel, R return, / find"
  ],
  conflict: ["该案件已被他人处理，以下为最新状态", "Someone else acted on this case first; here is its current state"],
  done: ["已提交", "Done"],
  overdue: ["超期", "Overdue"],
  dueSoon: ["临期", "Due soon"],
  onTrack: ["正常", "On track"],
  statutory: ["法定时限", "statutory limit"],
  target: ["本地时限", "local target"],
  left: ["剩余", "left"],
  ago: ["已超", "over by"],
  township: ["乡镇（街道）", "Township"],
  department: ["部门", "Department"],
  grid: ["网格编码", "Grid code"],
  all: ["全部", "All"],
  exportCsv: ["导出 CSV", "Export CSV"],
  exportXlsx: ["导出 Excel", "Export XLSX"],
  urge: ["催办", "Urge"],
  escalate: ["上报升级", "Escalate"],
  todo: ["我的待办", "My work"],
  refreshed: ["自动刷新（每 3 秒）", "Refreshes by itself (every 3 s)"],
  timeline: ["办理经过", "Timeline"],
  clocks: ["时限", "Deadlines"],
  routing: ["分流依据", "Why it went there"],
  evidence: ["办理结果与佐证", "Result and evidence"],
  reporter: ["报告人（回访联系）", "Reporter (for the return call)"],
  actions: ["可办理操作", "What you may do now"],
  noActions: ["当前无可办理操作", "Nothing you may do now"],
  submit: ["提交", "Submit"],
  cancel: ["取消", "Cancel"],
  role: ["身份", "Role"],
  yes: ["是", "Yes"],
  no: ["否", "No"],
  fullscreen: ["全屏展示", "Full screen"],
  exitFullscreen: ["退出全屏", "Leave full screen"],
  intake: ["每月受理量（按乡镇）", "Monthly intake per township"],
  onTime: ["按期办结率（按乡镇）", "On-time closure per township"],
  ranking: ["绩效考核排名", "Appraisal ranking"],
  rankingUnits: ["部门考核排名", "Departments' appraisal"],
  measuresTitle: ["核心指标", "Key measures"],
  valid: ["有效上报事件", "Valid events reported"],
  closed: ["已办结", "Closed"],
  closureRate: ["办结率", "Closure rate"],
  onTimeRate: ["按期办结率", "On-time closure rate"],
  mediations: ["排查矛盾纠纷", "Disputes found"],
  mediated: ["化解矛盾纠纷", "Disputes resolved"],
  mediationSuccessRate: ["调解成功率", "Mediation success rate"],
  diverted: ["分流至部门案件", "Cases diverted to departments"],
  reworkRate: ["返工率", "Rework rate"],
  satisfactionRate: ["满意率", "Satisfaction rate"],
  score: ["得分", "Score"],
  caseList: ["案件列表", "Case list"],
  loading: ["加载中…", "Loading…"],
  back: ["返回", "Back"],
  version: ["版本", "Version"],
  skip: ["跳到主要内容", "Skip to main content"],
  month: ["月份", "Month"],
  count: ["数量", "Count"],
  notAllowed: ["无权查看", "Not permitted"],
  by: ["操作人", "By"],
  time: ["时间", "Time"],
  event: ["事项", "Event"],
  none: ["无", "None"],
  refresh: ["刷新", "Refresh"],
  more: ["加载更多", "Load more"],
  running: ["计时中", "running"],
  unassigned: ["未分派", "not assigned"],
  validCases: ["有效案件", "Valid cases"],
  paused: ["已暂停", "paused"],
  stopped: ["已停止", "stopped"],
  signedInAs: ["当前用户", "Signed in as"],
  map: ["网格地图", "Grid map"],
  mapHelp: [
    "点击网格（或 Tab 选中后按 Enter）进入其下级网格；最底层网格打开其案件列表。",
    "Click a grid (or Tab to it and press Enter) to open the grids below it; the lowest grids open their cases."
  ],
  mapInvented: [
    "边界为虚构示意：为演示数据生成，并非{city}真实的网格边界。",
    "The boundaries are invented: generated for the demo data, not {city}'s real grid shapes."
  ],
  mapInventedKey: ["虚构边界（斜线）", "Invented boundary (hatched)"],
  mapSource: ["边界来源", "Where the boundaries come from"],
  mapSourceUnknown: ["边界来源未注明", "The boundaries' source is not given"],
  mapNoBoundary: ["无边界", "no boundary"],
  mapBelow: ["下级网格", "Grids below"],
  mapNone: ["没有下级网格", "No grids below"],
  mapCases: ["案件列表", "cases"]
} as const

export type Word = keyof typeof words

/** One of the console's own words, in the current locale. */
export const t = (word: Word): string => words[word][locale.value === "en" ? 1 : 0]

/** A duration as "2 天 3 小时" / "2 d 3 h". */
export const duration = (ms: number): string => {
  const m = Math.round(Math.abs(ms) / 60_000)
  const d = Math.floor(m / 1440)
  const h = Math.floor((m % 1440) / 60)
  const min = m % 60
  const en = locale.value === "en"
  const parts: Array<string> = []
  if (d > 0) parts.push(en ? `${d} d` : `${d} 天`)
  if (h > 0) parts.push(en ? `${h} h` : `${h} 小时`)
  if (d === 0 && (min > 0 || parts.length === 0)) parts.push(en ? `${min} min` : `${min} 分钟`)
  return parts.join(" ")
}

/** An instant as Shanghai local time, `YYYY-MM-DD HH:mm`. */
export const when = (ms: number): string => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace("T", " ")
