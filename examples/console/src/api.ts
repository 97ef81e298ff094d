/**
 * The public HTTP API, called with the signed-in user's token. A 401 ends the session
 * (the app shows the "session ended" screen); other errors arrive as RFC 9457 problems.
 */

export interface Summary {
  readonly id: string
  readonly kind: string
  readonly state: string
  readonly category: string
  readonly grid: string
  readonly unit: string | null
  readonly assignee: string | null
  readonly dueAt: number | null
  readonly overdue: boolean
  readonly createdAt: number
  readonly updatedAt: number
  readonly version: number
  readonly body: SummaryBody
}

export interface ClockView {
  readonly clock: string
  readonly status: string
  readonly statutory: number | null
  readonly target: number | null
  readonly breached: ReadonlyArray<string>
  readonly provisional: boolean
}

export interface SummaryBody {
  readonly summary?: string
  readonly channel?: string | null
  readonly severity?: string | null
  readonly track?: string | null
  readonly handler?: { readonly unit: string; readonly level?: number; readonly person?: string } | null
  readonly routing?: Routing | null
  readonly sla?: ReadonlyArray<ClockView>
  readonly counts?: Readonly<Record<string, number>>
}

export interface Routing {
  readonly reason?: string
  readonly target?: { readonly unit: string; readonly level?: number }
  readonly rule?: string | null
  readonly backstop?: boolean
  readonly basis?: string
  readonly strategy?: string
  readonly met?: ReadonlyArray<Met>
  readonly outranked?: ReadonlyArray<Outranked>
  readonly error?: string
}

export interface Page {
  readonly items: ReadonlyArray<Summary>
  readonly next: string | null
}

export interface Field {
  readonly name: string
  readonly optional: boolean
  readonly type: "text" | "integer" | "boolean" | "choice" | "handler" | "list"
  readonly choices?: ReadonlyArray<unknown>
}

export interface Allowance {
  readonly command: string
  readonly roles: ReadonlyArray<string>
  readonly fields: ReadonlyArray<Field>
}

export interface Allowed {
  readonly caseId: string
  readonly kind: string
  readonly status: string
  readonly version: number
  readonly commands: ReadonlyArray<Allowance>
}

export interface HistoryEvent {
  readonly version: number
  readonly type: string
  readonly at: number
  readonly actor: { readonly id: string; readonly roles: ReadonlyArray<string> }
  readonly payload: Record<string, unknown>
}

export interface CaseDetail {
  readonly id: string
  readonly kind: string
  readonly status: string
  readonly version: number
  readonly state: Record<string, unknown> & {
    readonly place: string
    readonly category: string
    readonly reporter: { readonly id: string; readonly role: string } | null
    readonly handler: { readonly unit: string; readonly level?: number; readonly person?: string } | null
    readonly result: { readonly text: string; readonly evidence: ReadonlyArray<string> } | null
    readonly summary: string
    readonly severity: string | null
    readonly channel: string | null
    readonly track: string | null
  }
  readonly summary: Summary | null
  readonly history: ReadonlyArray<HistoryEvent>
}

export interface SlaStatus {
  readonly caseId: string
  readonly status: string
  readonly dueAt: number | null
  readonly overdue: boolean
  readonly clocks: ReadonlyArray<ClockView>
  readonly breached: ReadonlyArray<string>
  readonly running: ReadonlyArray<string>
  readonly paused: boolean
}

export interface Me {
  readonly id: string
  readonly posts: ReadonlyArray<{ readonly role: string; readonly at: { grid: string } | { unit: string } | null }>
}

export interface GridNode {
  readonly code: string
  readonly parent: string | null
  readonly kind: string
  readonly level: number
  readonly name: { readonly zh: string; readonly en: string }
  readonly children: ReadonlyArray<string>
}

/** A GeoJSON `Polygon` or `MultiPolygon` in [longitude, latitude] positions. */
export type Boundary =
  | { readonly type: "Polygon"; readonly coordinates: ReadonlyArray<ReadonlyArray<readonly [number, number]>> }
  | {
      readonly type: "MultiPolygon"
      readonly coordinates: ReadonlyArray<ReadonlyArray<ReadonlyArray<readonly [number, number]>>>
    }

/** A grid on a map (`GET /grids/{code}/map`): its boundary, where that comes from, and whether it is invented. */
export interface MapGrid extends GridNode {
  readonly exclusive: boolean
  readonly boundary: Boundary | null
  readonly boundarySource: string | null
  readonly boundaryInvented: boolean
}

export interface GridMap {
  readonly grid: MapGrid
  readonly children: ReadonlyArray<MapGrid>
}

export interface Rate {
  readonly numerator: number
  readonly denominator: number
  readonly value: number | null
}

export interface Report {
  readonly totals: Readonly<Record<string, number>>
  readonly rates: Readonly<Record<string, Rate>>
  readonly breakdown: ReadonlyArray<{
    readonly key: string
    readonly totals: Readonly<Record<string, number>>
    readonly rates: Readonly<Record<string, Rate>>
  }> | null
}

export interface Appraisal {
  readonly by: "grid" | "unit"
  readonly groups: ReadonlyArray<{ readonly key: string; readonly score: number | null; readonly valid: number }>
}

export interface Met {
  readonly condition: string
  readonly expected: ReadonlyArray<string>
  readonly actual: string
}

export interface Outranked {
  readonly rule: string
  readonly by: string
  readonly criterion: string
}

export interface Target {
  readonly _tag: "Grid" | "Unit"
  readonly unit?: string
  readonly grid?: string
  readonly level?: number
}

export interface Preview {
  readonly decision: {
    readonly target: Target
    readonly rule?: string
    readonly backstop: boolean
    readonly basis: string
    readonly strategy: string
  }
  readonly explanation: {
    readonly winner?: {
      readonly rule: { readonly id: string; readonly note?: string }
      readonly met: ReadonlyArray<Met>
    }
    readonly outranked: ReadonlyArray<Outranked>
    readonly categoryType: string
  }
}

/** A problem document (RFC 9457) from the API. */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly body: { readonly title?: string; readonly detail?: string; readonly type?: string }
  ) {
    super(body.detail ?? body.title ?? `HTTP ${status}`)
  }
}

let token: string | null = sessionStorage.getItem("gridgov.token")
let onExpired: () => void = () => {}

export const session = {
  get token() {
    return token
  },
  set(t: string | null) {
    token = t
    if (t === null) sessionStorage.removeItem("gridgov.token")
    else sessionStorage.setItem("gridgov.token", t)
  },
  onExpired(f: () => void) {
    onExpired = f
  }
}

/** The expiry of an HMAC token (`base64url(claims).signature`), if it can be read. */
export const expiryOf = (t: string): number | undefined => {
  try {
    const claims = JSON.parse(atob(t.split(".")[0]!.replace(/-/g, "+").replace(/_/g, "/"))) as { exp?: unknown }
    return typeof claims.exp === "number" ? claims.exp : undefined
  } catch {
    return undefined
  }
}

const request = async <A>(method: string, path: string, body?: unknown, auth = token): Promise<A> => {
  const headers: Record<string, string> = { accept: "application/json" }
  if (auth !== null) headers.authorization = `Bearer ${auth}`
  if (body !== undefined) headers["content-type"] = "application/json"
  const res = await fetch(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
  const text = await res.text()
  const json = text === "" ? null : (JSON.parse(text) as unknown)
  if (res.status === 401 && auth !== null && auth === token) {
    session.set(null)
    onExpired()
  }
  if (!res.ok) throw new Problem(res.status, (json ?? {}) as Problem["body"])
  return json as A
}

const query = (params: Record<string, string | number | undefined>) => {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") q.set(k, String(v))
  const s = q.toString()
  return s === "" ? "" : `?${s}`
}

export const api = {
  me: (t?: string) => request<Me>("GET", "/me", undefined, t ?? token),
  search: (params: Record<string, string | number | undefined>) => request<Page>("GET", `/cases${query(params)}`),
  todo: (params: Record<string, string | number | undefined>) => request<Page>("GET", `/work/todo${query(params)}`),
  overdue: (params: Record<string, string | number | undefined>) =>
    request<Page>("GET", `/work/overdue${query(params)}`),
  dueSoon: (params: Record<string, string | number | undefined>) =>
    request<Page>("GET", `/work/due-soon${query(params)}`),
  get: (id: string) => request<CaseDetail>("GET", `/cases/${encodeURIComponent(id)}`),
  sla: (id: string) => request<SlaStatus>("GET", `/cases/${encodeURIComponent(id)}/sla`),
  allowed: (id: string) => request<Allowed>("GET", `/cases/${encodeURIComponent(id)}/allowed`),
  command: (id: string, body: Record<string, unknown>) =>
    request<{ status: string; version: number }>("POST", `/cases/${encodeURIComponent(id)}/commands`, body),
  preview: (params: Record<string, string | number | undefined>) =>
    request<Preview>("GET", `/routing/preview${query(params)}`),
  grids: (root?: string, depth?: number) => request<ReadonlyArray<GridNode>>("GET", `/grids${query({ root, depth })}`),
  grid: (code: string) => request<GridNode>("GET", `/grids/${encodeURIComponent(code)}`),
  gridMap: (code: string) => request<GridMap>("GET", `/grids/${encodeURIComponent(code)}/map`),
  analytics: (params: Record<string, string | number | undefined>) =>
    request<Report>("GET", `/analytics${query(params)}`),
  appraisal: (params: Record<string, string | number | undefined>) =>
    request<Appraisal>("GET", `/analytics/appraisal${query(params)}`),
  demoTokens: () =>
    request<ReadonlyArray<{ role: string; label: string; person: string; at: string; token: string }>>(
      "GET",
      "/console/demo-tokens",
      undefined,
      null
    )
}

/** Every page of a list, up to `max` rows. */
export const all = async (
  list: (params: Record<string, string | number | undefined>) => Promise<Page>,
  params: Record<string, string | number | undefined>,
  max = 10_000
): Promise<Array<Summary>> => {
  const out: Array<Summary> = []
  let cursor: string | undefined
  do {
    const page = await list({ ...params, limit: 1000, cursor })
    out.push(...page.items)
    cursor = page.next ?? undefined
  } while (cursor !== undefined && out.length < max)
  return out.slice(0, max)
}
