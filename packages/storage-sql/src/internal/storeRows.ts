/**
 * Rows to the ports' shapes. Integers may come back as numbers, strings or
 * bigints depending on the driver and column type; JSON columns as text.
 */
import type { CaseStore, Outbox, Timers } from "@gridgov/core"

type Row = Readonly<Record<string, unknown>>

const num = (value: unknown): number => (typeof value === "number" ? value : Number(value))
const numOrNull = (value: unknown): number | null => (value == null ? null : num(value))
const str = (value: unknown): string => String(value)
const strOrNull = (value: unknown): string | null => (value == null ? null : String(value))
const json = (value: unknown): CaseStore.Json => JSON.parse(String(value)) as CaseStore.Json

export const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** A JSON round trip, so returned values equal what a later read gives. */
export const reparse = <A>(value: A): A => JSON.parse(JSON.stringify(value)) as A

export const event = (row: Row): CaseStore.StoredEvent => ({
  streamId: str(row.stream_id),
  version: num(row.version),
  position: num(row.position),
  type: str(row.type),
  v: num(row.v),
  payload: json(row.payload),
  actor: json(row.actor) as unknown as CaseStore.Actor,
  at: num(row.at),
  prevHash: str(row.prev_hash),
  hash: str(row.hash)
})

/**
 * The summary columns some index covers. An update assigns only those whose value
 * changed (with `movingColumnNames`, which no index covers): SQLite rewrites the
 * entries of every index on a column assigned, even to the same value, and each
 * entry rewritten dirties a page the commit writes to the log.
 */
export const indexedColumnNames = [
  "kind",
  "category",
  "grid_code",
  "grid_pre",
  "grid_post",
  "unit",
  "assignee",
  "reporter",
  "created_at",
  "state",
  "due_at",
  "updated_at"
] as const

export type IndexedColumn = (typeof indexedColumnNames)[number]

/** The summary columns no index covers, assigned by every update. */
export const movingColumnNames = ["held", "overdue", "version", "body"] as const

export type IndexedColumns = { readonly [K in IndexedColumn]: unknown }

const textOrNull = (value: unknown): string | null => (value == null ? null : String(value))
const numberOrNull = (value: unknown): number | null => (value == null ? null : Number(value))

/** The indexed columns of a summary row, stored or about to be, normalized for comparison. */
export const indexedValues = (row: IndexedColumns): ReadonlyArray<string | number | null> => [
  String(row.kind),
  String(row.category),
  String(row.grid_code),
  Number(row.grid_pre),
  Number(row.grid_post),
  textOrNull(row.unit),
  textOrNull(row.assignee),
  textOrNull(row.reporter),
  Number(row.created_at),
  String(row.state),
  numberOrNull(row.due_at),
  Number(row.updated_at)
]

/** The indexed columns whose value differs from what is stored (all of them for a new row). */
export const changedIndexed = (
  before: ReadonlyArray<string | number | null> | undefined,
  row: IndexedColumns
): ReadonlyArray<IndexedColumn> => {
  if (before === undefined) return indexedColumnNames
  const after = indexedValues(row)
  return indexedColumnNames.filter((_, i) => before[i] !== after[i])
}

export const summaryRow = (streamId: string, version: number, s: CaseStore.SummaryInput) => ({
  stream_id: streamId,
  kind: s.kind,
  state: s.state,
  category: s.category,
  grid_code: s.gridCode,
  grid_pre: s.gridPre,
  grid_post: s.gridPost,
  unit: s.unit,
  assignee: s.assignee,
  reporter: s.reporter,
  held: JSON.stringify([...new Set(s.held)]),
  due_at: s.dueAt,
  overdue: s.overdue ? 1 : 0,
  created_at: s.createdAt,
  updated_at: s.updatedAt,
  version,
  body: JSON.stringify(s.body)
})

export const summary = (row: Row): CaseStore.Summary => ({
  streamId: str(row.stream_id),
  kind: str(row.kind),
  state: str(row.state),
  category: str(row.category),
  gridCode: str(row.grid_code),
  gridPre: num(row.grid_pre),
  gridPost: num(row.grid_post),
  unit: strOrNull(row.unit),
  assignee: strOrNull(row.assignee),
  reporter: strOrNull(row.reporter),
  held: JSON.parse(String(row.held ?? "[]")) as Array<string>,
  dueAt: numOrNull(row.due_at),
  overdue: num(row.overdue) !== 0,
  createdAt: num(row.created_at),
  updatedAt: num(row.updated_at),
  version: num(row.version),
  body: json(row.body)
})

export const rawTimer = (row: Row) => ({
  id: str(row.id),
  streamId: str(row.stream_id),
  dueAt: num(row.due_at),
  kind: str(row.kind),
  payload: json(row.payload),
  owner: strOrNull(row.owner),
  leaseUntil: numOrNull(row.lease_until),
  attempts: num(row.attempts)
})

export const timer = (row: Row): Timers.Claimed => {
  const t = rawTimer(row)
  return { ...t, owner: t.owner ?? "", leaseUntil: t.leaseUntil ?? 0 }
}

export const outbox = (row: Row): Outbox.Entry => ({
  id: str(row.id),
  // stored only when it differs from the id
  dedupeKey: row.dedupe_key == null ? str(row.id) : str(row.dedupe_key),
  channel: str(row.channel),
  payload: json(row.payload),
  status: str(row.status) as Outbox.Status,
  attempts: num(row.attempts),
  nextAttemptAt: num(row.next_attempt_at),
  owner: strOrNull(row.owner),
  leaseUntil: numOrNull(row.lease_until),
  lastError: strOrNull(row.last_error),
  createdAt: num(row.created_at)
})

export const idempotency = (row: Row) => ({
  key: str(row.key),
  fingerprint: strOrNull(row.fingerprint),
  result: json(row.result),
  createdAt: num(row.created_at)
})
