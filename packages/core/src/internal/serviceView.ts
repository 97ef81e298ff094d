/**
 * The resident view of a case: what the public (a resident, an integration, the
 * anonymous Open311 data set) sees of a case they may read. Their own words and the
 * case's progress, never who on the staff did what or how routing reasoned:
 *
 * - every free text with its phone and ID numbers masked (`Mask`);
 * - the handler as its unit (and grid level), never the person; `held` as the
 *   current unit only; no routing records, no posts acted under;
 * - history: each event's type, version, position and instant; the actor's id only
 *   when it is the reader's own (staff show as their role, with an empty id);
 *   payloads without `post`, `routing`, handlers' persons or the case merged into;
 *   no hashes (a hash over a known payload would give a staff id away);
 * - internal steps' details cleared: the last return, a pending extension, the
 *   case a duplicate was merged into, the calendar's SLA issues.
 *
 * Pure; `CaseService` applies it to what it returns to a public reader.
 */
import type { Json, StoredEvent, Summary } from "../CaseStore.js"
import * as Mask from "../Mask.js"
import type { Handler } from "./caseSchema.js"
import type { State } from "./caseState.js"

type JsonObject = { readonly [key: string]: Json }

const isObject = (j: Json | undefined): j is JsonObject => j !== null && typeof j === "object" && !Array.isArray(j)

const unitOnly = (h: Handler): Handler => (h.level === undefined ? { unit: h.unit } : { unit: h.unit, level: h.level })

const handlerJson = (j: Json | undefined): Json => {
  if (!isObject(j) || typeof j.unit !== "string") return null
  return typeof j.level === "number" ? { unit: j.unit, level: j.level } : { unit: j.unit }
}

/** The case state a public reader sees. */
export const state = (s: State): State => ({
  ...s,
  summary: Mask.text(s.summary),
  handler: s.handler === null ? null : unitOnly(s.handler),
  held: s.handler === null ? [] : [s.handler.unit],
  duplicateOf: null,
  result: s.result === null ? null : { text: Mask.text(s.result.text), evidence: s.result.evidence },
  reason: s.reason === null ? null : Mask.text(s.reason),
  lastReturn: null,
  pendingExtension: null,
  agreement: s.agreement === null ? null : Mask.text(s.agreement),
  reply: s.reply === null ? null : Mask.text(s.reply)
})

/** Payload keys that are the staff's business: the post acted under, routing, the case merged into. */
const internalKeys: ReadonlySet<string> = new Set(["post", "routing", "duplicateOf"])

const payload = (p: Json): Json => {
  if (!isObject(p)) return Mask.json(p)
  const out: Array<[string, Json]> = []
  for (const [k, v] of Object.entries(p)) {
    if (internalKeys.has(k)) continue
    if ((k === "to" || k === "suggested") && isObject(v)) out.push([k, handlerJson(v)])
    else out.push([k, Mask.json(v)])
  }
  return Object.fromEntries(out)
}

/** A stored event as a public reader sees it. */
export const event = (e: StoredEvent, reader: string): StoredEvent => ({
  ...e,
  actor: e.actor.id === reader ? e.actor : { id: "", roles: e.actor.roles },
  payload: payload(e.payload),
  prevHash: "",
  hash: ""
})

/** A summary row as a public reader sees it. */
export const summary = (s: Summary): Summary => {
  const body: Array<[string, Json]> = []
  for (const [k, v] of Object.entries(isObject(s.body) ? s.body : {})) {
    if (k === "routing") continue
    body.push([k, k === "slaIssues" ? [] : k === "handler" ? handlerJson(v) : Mask.json(v)])
  }
  return { ...s, assignee: null, held: s.unit === null ? [] : [s.unit], body: Object.fromEntries(body) }
}
