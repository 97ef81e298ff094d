/**
 * What several groups' handlers encode alike: case summaries and their pages, case
 * receipts, and the paging cursors (`[key, id]` as JSON, the form `Api`'s `cursor`
 * decodes).
 */
import type { CaseService, CaseStore } from "@gridgov/core"
import type * as Api from "../../Api.js"

export const encodeCursor = (c: CaseStore.Cursor | undefined): string | null =>
  c === undefined ? null : JSON.stringify([c.key, c.streamId])

export const decodeCursor = (s: readonly [number, string] | undefined): CaseStore.Cursor | undefined =>
  s === undefined ? undefined : { key: s[0], streamId: s[1] }

/** A records or inbox page's `next`: `[at, id]` as JSON. */
export const encodeAtCursor = (c: { readonly at: number; readonly id: string } | undefined): string | null =>
  c === undefined ? null : JSON.stringify([c.at, c.id])

export const decodeAtCursor = (c: readonly [number, string] | undefined): { at: number; id: string } | undefined =>
  c === undefined ? undefined : { at: c[0], id: c[1] }

export const summaryJson = (s: CaseStore.Summary): Api.Summary => ({
  id: s.streamId,
  kind: s.kind,
  state: s.state,
  category: s.category,
  grid: s.gridCode,
  unit: s.unit,
  assignee: s.assignee,
  dueAt: s.dueAt,
  overdue: s.overdue,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
  version: s.version,
  body: s.body
})

export const pageJson = (p: CaseStore.Page<CaseStore.Summary>): Api.Page => ({
  items: p.items.map(summaryJson),
  next: encodeCursor(p.next)
})

export const receiptJson = (r: CaseService.Receipt): Api.Receipt => ({
  caseId: r.caseId,
  kind: r.kind,
  version: r.version,
  status: r.status,
  events: r.events.map((e) => ({ type: e.type, version: e.version })),
  handler: r.handler === null ? null : { ...r.handler },
  replayed: r.replayed
})
