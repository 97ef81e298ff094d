/**
 * In-memory adapters of the `RecordStore` and `NoticeStore` ports, with the same
 * semantics as the SQL adapters (JSON round-trips, code-point order, keyset paging,
 * all-or-nothing appends, first read kept), and an AES-256-GCM `RecordCipher` on
 * `node:crypto` for tests. They pass `RecordsConformance`.
 *
 * @since 0.1.0
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto"
import { Category, Notice, NoticeStore, RecordCipher, RecordStore } from "@gridgov/core"
import { Context, Effect, Layer, Option } from "effect"

const json = <A>(value: A): A => JSON.parse(JSON.stringify(value)) as A
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * What the memory stores hold, for the conformance suite's raw checks.
 *
 * @example
 * import type { MemoryRecords } from "@gridgov/testing"
 * import { Effect } from "effect"
 * const count = (raw: MemoryRecords.Raw) => Effect.map(raw.records, (rows) => rows.length)
 *
 * @category models
 * @since 0.1.0
 */
export interface Raw {
  readonly records: Effect.Effect<ReadonlyArray<RecordStore.Row>, unknown>
  readonly notices: Effect.Effect<
    ReadonlyArray<{ readonly notice: Notice.Notice; readonly targets: ReadonlyArray<Notice.Target> }>,
    unknown
  >
  readonly reads: Effect.Effect<
    ReadonlyArray<{ readonly notice: string; readonly reader: string; readonly at: number }>,
    unknown
  >
}

/**
 * A fresh pair of stores: the services and the raw hook.
 *
 * @example
 * import type { MemoryRecords } from "@gridgov/testing"
 * type S = MemoryRecords.Subject["services"]
 *
 * @category models
 * @since 0.1.0
 */
export interface Subject {
  readonly services: Context.Context<RecordStore.RecordStore | NoticeStore.NoticeStore>
  readonly raw: Raw
}

/**
 * Whether a stored record passes a query's filters (not its order or cursor).
 *
 * @example
 * import { MemoryRecords } from "@gridgov/testing"
 * MemoryRecords.matches({ item: "person" }) // a predicate on rows
 *
 * @category queries
 * @since 0.1.0
 */
export const matches =
  (query: RecordStore.Query) =>
  (row: RecordStore.Row): boolean => {
    const r = row.record
    if (query.grid !== undefined && (row.gridPre < query.grid.pre || row.gridPre > query.grid.post)) return false
    if (query.grids !== undefined && !query.grids.some((g) => g.pre <= row.gridPre && row.gridPre <= g.post))
      return false
    if (query.item !== undefined && !Category.matches(query.item, r.item)) return false
    if (query.task !== undefined && r.task !== query.task) return false
    if (query.author !== undefined && r.author !== query.author) return false
    if (query.from !== undefined && r.at < query.from) return false
    if (query.to !== undefined && r.at >= query.to) return false
    return true
  }

const classOf = (item: string): string => item.split(".")[0]!

/**
 * A fresh in-memory `RecordStore` and `NoticeStore`.
 *
 * @example
 * import { Effect } from "effect"
 * import { MemoryRecords } from "@gridgov/testing"
 * const stores = Effect.map(MemoryRecords.make, (m) => m.services)
 *
 * @category constructors
 * @since 0.1.0
 */
export const make: Effect.Effect<Subject> = Effect.sync(() => {
  const records = new Map<string, RecordStore.Row>()
  const notices = new Map<string, { notice: Notice.Notice; targets: ReadonlyArray<Notice.Target> }>()
  const reads = new Map<string, Map<string, number>>()

  const recordStore = RecordStore.RecordStore.of({
    append: (rows) =>
      Effect.suspend(() => {
        const seen = new Set<string>()
        for (const row of rows) {
          if (records.has(row.record.id) || seen.has(row.record.id))
            return Effect.fail(new RecordStore.RecordExists({ id: row.record.id }))
          seen.add(row.record.id)
        }
        for (const row of rows) records.set(row.record.id, json(row))
        return Effect.void
      }),
    get: (id) => Effect.sync(() => Option.map(Option.fromUndefinedOr(records.get(id)), (r) => json(r.record))),
    query: (query) =>
      Effect.sync(() => {
        const sign = query.descending === true ? -1 : 1
        const size = RecordStore.pageSize(query)
        const after = query.after
        const rows = [...records.values()]
          .filter(matches(query))
          .filter((r) => after === undefined || sign * (r.record.at - after.at || compare(r.record.id, after.id)) > 0)
          .sort((a, b) => sign * (a.record.at - b.record.at || compare(a.record.id, b.record.id)))
        const items = rows.slice(0, size).map((r) => json(r.record))
        const last = items[items.length - 1]
        return { items, next: rows.length > size && last !== undefined ? { at: last.at, id: last.id } : undefined }
      }),
    count: (query, by) =>
      Effect.sync(() => {
        const counts = new Map<string, number>()
        for (const row of records.values()) {
          if (!matches(query)(row)) continue
          const key =
            by === "class" ? classOf(row.record.item) : by === "item" ? row.record.item : (row.record.task ?? "")
          counts.set(key, (counts.get(key) ?? 0) + 1)
        }
        return [...counts.entries()].sort(([a], [b]) => compare(a, b)).map(([key, count]) => ({ key, count }))
      })
  })

  const noticeStore = NoticeStore.NoticeStore.of({
    publish: (notice, targets) =>
      Effect.suspend(() => {
        if (notices.has(notice.id)) return Effect.fail(new NoticeStore.NoticeExists({ id: notice.id }))
        notices.set(notice.id, json({ notice, targets }))
        return Effect.void
      }),
    get: (id) => Effect.sync(() => Option.map(Option.fromUndefinedOr(notices.get(id)), (n) => json(n.notice))),
    inbox: (query) =>
      Effect.sync(() => {
        const size = NoticeStore.pageSize(query)
        const after = query.after
        const rows = [...notices.values()]
          .filter(({ notice }) => Notice.shown(notice, query.now))
          .filter(({ notice, targets }) => notice.audience.public || Notice.matches(targets, query.reader))
          .map(({ notice }) => ({ notice, readAt: reads.get(notice.id)?.get(query.reader.id) ?? null }))
          .filter((item) => query.unreadOnly !== true || item.readAt === null)
          .filter(
            ({ notice }) =>
              after === undefined ||
              notice.publishedAt < after.at ||
              (notice.publishedAt === after.at && compare(notice.id, after.id) < 0)
          )
          .sort((a, b) => b.notice.publishedAt - a.notice.publishedAt || compare(b.notice.id, a.notice.id))
        const items = rows.slice(0, size).map((i) => json(i))
        const last = items[items.length - 1]
        return {
          items,
          next:
            rows.length > size && last !== undefined ? { at: last.notice.publishedAt, id: last.notice.id } : undefined
        }
      }),
    markRead: (id, reader, at) =>
      Effect.suspend(() => {
        if (!notices.has(id)) return Effect.fail(new NoticeStore.NoticeNotFound({ id }))
        let byReader = reads.get(id)
        if (byReader === undefined) {
          byReader = new Map()
          reads.set(id, byReader)
        }
        if (byReader.has(reader)) return Effect.succeed(false)
        byReader.set(reader, at)
        return Effect.succeed(true)
      }),
    receipts: (id) =>
      Effect.sync(() =>
        [...(reads.get(id) ?? new Map<string, number>()).entries()]
          .map(([reader, at]) => ({ reader, at }))
          .sort((a, b) => a.at - b.at || compare(a.reader, b.reader))
      )
  })

  const raw: Raw = {
    records: Effect.sync(() => [...records.values()].sort((a, b) => compare(a.record.id, b.record.id)).map(json)),
    notices: Effect.sync(() => [...notices.values()].sort((a, b) => compare(a.notice.id, b.notice.id)).map(json)),
    reads: Effect.sync(() =>
      [...reads.entries()]
        .flatMap(([notice, m]) => [...m.entries()].map(([reader, at]) => ({ notice, reader, at })))
        .sort((a, b) => compare(a.notice, b.notice) || compare(a.reader, b.reader))
    )
  }

  return {
    services: Context.make(RecordStore.RecordStore, recordStore).pipe(
      Context.add(NoticeStore.NoticeStore, noticeStore)
    ),
    raw
  }
})

/**
 * The two stores as a layer (a fresh pair per build).
 *
 * @example
 * import { MemoryRecords } from "@gridgov/testing"
 * const live = MemoryRecords.layer
 *
 * @category layers
 * @since 0.1.0
 */
export const layer: Layer.Layer<RecordStore.RecordStore | NoticeStore.NoticeStore> = Layer.effectContext(
  Effect.map(make, (m) => m.services)
)

/**
 * A `RecordCipher` for tests: AES-256-GCM with a random 96-bit nonce per value and
 * the record id and field as associated data; values are stored as
 * `v1.<nonce>.<ciphertext+tag>` in base64url. The key is 32 bytes.
 *
 * @example
 * import { randomBytes } from "node:crypto"
 * import { MemoryRecords } from "@gridgov/testing"
 * const cipher = MemoryRecords.aesGcm(randomBytes(32))
 *
 * @category cipher
 * @since 0.1.0
 */
export const aesGcm = (key: Uint8Array): RecordCipher.RecordCipher["Service"] => {
  if (key.length !== 32) throw new Error("aesGcm: the key must be 32 bytes")
  const aad = (c: RecordCipher.Binding) => Buffer.from(`${c.record}\u0000${c.field}`, "utf8")
  return RecordCipher.RecordCipher.of({
    encrypt: (plaintext, context) =>
      Effect.try({
        try: () => {
          const nonce = randomBytes(12)
          const cipher = createCipheriv("aes-256-gcm", key, nonce)
          cipher.setAAD(aad(context))
          const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()])
          return `v1.${nonce.toString("base64url")}.${body.toString("base64url")}`
        },
        catch: () => new RecordCipher.CipherError({ operation: "encrypt", message: "encryption failed" })
      }),
    decrypt: (ciphertext, context) =>
      Effect.try({
        try: () => {
          const [version, nonce, body] = ciphertext.split(".")
          if (version !== "v1" || nonce === undefined || body === undefined) throw new Error("format")
          const bytes = Buffer.from(body, "base64url")
          const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(nonce, "base64url"))
          decipher.setAAD(aad(context))
          decipher.setAuthTag(bytes.subarray(bytes.length - 16))
          return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString(
            "utf8"
          )
        },
        catch: () => new RecordCipher.CipherError({ operation: "decrypt", message: "authentication failed" })
      })
  })
}

/**
 * `aesGcm` as a layer.
 *
 * @example
 * import { randomBytes } from "node:crypto"
 * import { MemoryRecords } from "@gridgov/testing"
 * const live = MemoryRecords.layerAesGcm(randomBytes(32))
 *
 * @category cipher
 * @since 0.1.0
 */
export const layerAesGcm = (key: Uint8Array): Layer.Layer<RecordCipher.RecordCipher> =>
  Layer.succeed(RecordCipher.RecordCipher, aesGcm(key))
