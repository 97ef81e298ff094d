import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { setTimeout as sleep } from "node:timers/promises"
import { Audit, CaseStore, Idempotency, Outbox, Timers } from "@gridgov/core"
import { SqlStore } from "@gridgov/storage-sql"
import { SqliteStore } from "@gridgov/storage-sqlite"
import { Conformance } from "@gridgov/testing/vitest"
import { Context, Effect, Layer, Option, Result } from "effect"
import { SqlClient } from "effect/sql"
import { describe, expect, it } from "vitest"
import * as Checkpointer from "../src/internal/checkpointer.js"
import * as Client from "../src/internal/client.js"

const tempFile = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "gridgov-sqlite-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
).pipe(Effect.map((dir) => join(dir, "store.db")))

const subject = Effect.gen(function* () {
  const filename = yield* tempFile
  const services = yield* Layer.build(SqliteStore.layerWithClient({ filename }))
  const raw = yield* SqlStore.dump().pipe(Effect.provide(services))
  return { services, raw }
})

Conformance.run("sqlite", subject)

const actor = { id: "p-1", roles: ["gridWorker"] }

describe("sqlite: storage details", () => {
  it("runs in WAL mode with synchronous=NORMAL, and migrating twice is a no-op", () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const filename = yield* tempFile
          const first = yield* Layer.build(SqliteStore.layerWithClient({ filename }))
          const sql = Context.get(first, SqlClient.SqlClient)
          expect((yield* sql<{ journal_mode: string }>`PRAGMA journal_mode`)[0]!.journal_mode).toBe("wal")
          expect((yield* sql<{ synchronous: number }>`PRAGMA synchronous`)[0]!.synchronous).toBe(1)
          yield* SqlStore.migrate().pipe(Effect.provide(first))
          const applied = yield* sql<{ id: number }>`SELECT id FROM gridgov_migrations`
          // the case store's migrations, then the configuration store's (2001…)
          expect(applied.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 2001])
        })
      )
    ))

  it("migration 5 rebuilds a store's timers keyed by id, keeping every timer and lease", () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const filename = yield* tempFile
          const { client: sql } = yield* Client.make({ filename })
          yield* SqlStore.migrate({ to: 4 }).pipe(Effect.provideService(SqlClient.SqlClient, sql))
          yield* sql`INSERT INTO gridgov_timers (id, stream_id, due_at, kind, payload, owner, lease_until, attempts)
            VALUES ('c-1/handle#1:target', 'c-1', 5000, 'SlaWarn', '{"clock":"handle"}', 'sweeper-a', 9000, 1),
                   ('c-2/sign#1:target', 'c-2', 3000, 'SlaBreach', '{"clock":"sign"}', NULL, NULL, 0)`
          const before = yield* sql`SELECT * FROM gridgov_timers ORDER BY id`
          const services = yield* Layer.build(SqliteStore.layerWithClient({ filename }))
          const migrated = Context.get(services, SqlClient.SqlClient)
          expect(yield* migrated`SELECT * FROM gridgov_timers ORDER BY id`).toEqual(before)
          const [table] = yield* migrated<{ sql: string }>`SELECT sql FROM sqlite_master WHERE name = 'gridgov_timers'`
          expect(table!.sql).toMatch(/WITHOUT ROWID/)
          const indexes = yield* migrated<{ name: string }>`
            SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'gridgov_timers' ORDER BY name`
          expect(indexes.map((i) => i.name)).toEqual(["gridgov_timers_due"]) // the id is the table's own key
          // the lease still holds: only the free timer is claimed
          const claimed = yield* Context.get(services, Timers.Timers).claimDue(6_000, 10, "sweeper-b", 1_000)
          expect(claimed.map((t) => t.id)).toEqual(["c-2/sign#1:target"])
        })
      )
    ))

  it("migration 6 keeps every outbox row and its dedupe key, stored once when it is the id", () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const filename = yield* tempFile
          const { client: sql } = yield* Client.make({ filename })
          yield* SqlStore.migrate({ to: 5 }).pipe(Effect.provideService(SqlClient.SqlClient, sql))
          yield* sql`INSERT INTO gridgov_outbox (id, dedupe_key, channel, payload, status, attempts, next_attempt_at,
              owner, lease_until, last_error, created_at)
            VALUES ('c-1/2/assigned/webhook', 'c-1/2/assigned/webhook', 'webhook', '{"n":1}', 'delivered', 1, 10,
                    NULL, NULL, NULL, 10),
                   ('m-2', 'k-2', 'email', '{"n":2}', 'pending', 0, 20, NULL, NULL, NULL, 20)`
          const services = yield* Layer.build(SqliteStore.layerWithClient({ filename }))
          const outbox = Context.get(services, Outbox.Outbox)
          const entries = yield* outbox.list({})
          expect(entries.map((e) => [e.id, e.dedupeKey, e.status, e.payload])).toEqual([
            ["c-1/2/assigned/webhook", "c-1/2/assigned/webhook", "delivered", { n: 1 }],
            ["m-2", "k-2", "pending", { n: 2 }]
          ])
          const stored = yield* Context.get(services, SqlClient.SqlClient)<{ id: string; dedupe_key: string | null }>`
            SELECT id, dedupe_key FROM gridgov_outbox ORDER BY id`
          expect(stored).toEqual([
            { id: "c-1/2/assigned/webhook", dedupe_key: null },
            { id: "m-2", dedupe_key: "k-2" }
          ])
          // both keys still refuse a second message
          const again = (id: string, dedupeKey: string) => ({ id, dedupeKey, channel: "webhook", payload: {} })
          expect(yield* outbox.enqueue([again("x-1", "c-1/2/assigned/webhook"), again("x-2", "k-2")], 30)).toBe(0)
        })
      )
    ))

  it("migration 7 keeps every idempotency key; a key recorded before has no fingerprint and replays for any request", () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const filename = yield* tempFile
          const { client: sql } = yield* Client.make({ filename })
          yield* SqlStore.migrate({ to: 6 }).pipe(Effect.provideService(SqlClient.SqlClient, sql))
          yield* sql`INSERT INTO gridgov_idempotency (key, result, created_at)
            VALUES ('4:r-01:k-1', '{"caseId":"c-1","version":1}', 10)`
          const services = yield* Layer.build(SqliteStore.layerWithClient({ filename }))
          const keys = Context.get(services, Idempotency.Idempotency)
          const entry = yield* keys.get("4:r-01:k-1")
          expect(entry).toEqual(Option.some({ fingerprint: null, result: { caseId: "c-1", version: 1 } }))
          const anyRequest = Idempotency.fingerprint("CaseService.open", { kind: "event" })
          expect(Idempotency.replay("k-1", Option.getOrThrow(entry), anyRequest)).toEqual(
            Result.succeed({ caseId: "c-1", version: 1 })
          )
          // appends see it as before: a replay, with no fingerprint to compare
          const store = Context.get(services, CaseStore.CaseStore)
          const replayed = yield* store.append({
            streamId: "c-2",
            expectedVersion: 0,
            events: [{ type: "Noted", v: 1, payload: {}, actor, at: 20 }],
            idempotency: { key: "4:r-01:k-1", fingerprint: anyRequest, result: null }
          })
          expect(replayed).toEqual({ _tag: "Replayed", result: { caseId: "c-1", version: 1 }, fingerprint: null })
        })
      )
    ))

  it("work lists page straight off an index, with no sort: by unit or assignee in creation order, due lists by due date", () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const filename = yield* tempFile
          const services = yield* Layer.build(SqliteStore.layerWithClient({ filename }))
          const sql = Context.get(services, SqlClient.SqlClient)
          // the statement CaseService.todo has the store run for one unit (or the assignee)
          const plan = (column: "unit" | "assignee") =>
            Effect.map(
              sql.unsafe<{ detail: string }>(
                `EXPLAIN QUERY PLAN SELECT stream_id FROM gridgov_summaries
                 WHERE ${column} = ? AND state IN (?, ?) AND (created_at > ? OR (created_at = ? AND stream_id > ?))
                 ORDER BY created_at ASC, stream_id ASC LIMIT 21`,
                ["u-1", "dispatched", "handling", 0, 0, ""]
              ),
              (rows) => rows.map((r) => r.detail).join(" / ")
            )
          const unit = yield* plan("unit")
          expect(unit).toMatch(/USING INDEX gridgov_summaries_unit \(unit=\?/)
          expect(unit).not.toMatch(/TEMP B-TREE/)
          const assignee = yield* plan("assignee")
          expect(assignee).toMatch(/USING INDEX gridgov_summaries_assignee \(assignee=\?/)
          expect(assignee).not.toMatch(/TEMP B-TREE/)
          // the due lists (CaseService.overdue, dueSoon) read the partial due index in order
          const due = (yield* sql.unsafe<{ detail: string }>(
            `EXPLAIN QUERY PLAN SELECT stream_id FROM gridgov_summaries
             WHERE state IN (?, ?) AND overdue = 0 AND due_at < ? AND due_at IS NOT NULL
             ORDER BY due_at ASC, stream_id ASC LIMIT 21`,
            ["dispatched", "handling", 5_000]
          ))
            .map((r) => r.detail)
            .join(" / ")
          expect(due).toMatch(/USING INDEX gridgov_summaries_due \(due_at>\? AND due_at<\?\)/)
          expect(due).not.toMatch(/TEMP B-TREE/)
        })
      )
    ))

  it("Audit.verify finds rows edited, deleted or moved in the database", () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const filename = yield* tempFile
          const services = yield* Layer.build(SqliteStore.layerWithClient({ filename }))
          const store = Context.get(services, CaseStore.CaseStore)
          const sql = Context.get(services, SqlClient.SqlClient)
          for (const streamId of ["a", "b"]) {
            yield* store.append({
              streamId,
              expectedVersion: 0,
              events: [1, 2, 3, 4].map((i) => ({ type: "Noted", v: 1, payload: { i }, actor, at: i })) as never
            })
          }
          const all = () => store.readAll(0, 100)
          expect(Result.isSuccess(Audit.verify(yield* all()))).toBe(true)
          const findings = (events: ReadonlyArray<CaseStore.StoredEvent>) =>
            Result.match(Audit.verify(events), {
              onSuccess: () => [],
              onFailure: (e) => e.findings.map((f) => `${f.reason} ${f.streamId}@${f.version}`)
            })

          yield* sql`UPDATE gridgov_events SET payload = '{"i":20}' WHERE stream_id = 'a' AND version = 2`
          expect(findings(yield* all())).toEqual(["edited a@2"])
          yield* sql`DELETE FROM gridgov_events WHERE stream_id = 'b' AND version = 3`
          expect(findings(yield* all())).toEqual(["edited a@2", "deleted b@3"])
          // Move a@4 before a@3 in the global order.
          yield* sql`UPDATE gridgov_events SET position = 1000 WHERE stream_id = 'a' AND version = 3`
          expect(findings(yield* all())).toContain("reordered a@3")
        })
      )
    ))

  // The writer's auto-checkpoint only runs at 10,000 log pages; the rows below make
  // about 1,500, so only the worker can have copied them into the database file.
  const fill = (sql: SqlClient.SqlClient) =>
    Effect.forEach(
      Array.from({ length: 50 }, (_, i) => i),
      (i) =>
        sql.withTransaction(
          Effect.forEach(
            Array.from({ length: 30 }, (_, j) => j),
            (j) => sql`INSERT INTO filler (id, blob) VALUES (${i * 30 + j}, randomblob(3000))`,
            { discard: true }
          )
        ),
      { discard: true }
    )

  it("checkpoints in a worker thread: the database file fills while the writer only appends to the log", () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const filename = yield* tempFile
          const { client: sql, checkpointer } = yield* Client.make({ filename, checkpointIntervalMs: 20 })
          expect(checkpointer).toBeDefined()
          expect((yield* sql<{ wal_autocheckpoint: number }>`PRAGMA wal_autocheckpoint`)[0]!.wal_autocheckpoint).toBe(
            10_000
          )
          yield* sql`CREATE TABLE filler (id INTEGER PRIMARY KEY, blob BLOB)`
          const before = statSync(filename).size
          yield* fill(sql)
          // nobody asks: the worker's own interval copies the log
          for (let i = 0; i < 200 && statSync(filename).size < before + 4_000_000; i++) {
            yield* Effect.promise(() => sleep(10))
          }
          expect(statSync(filename).size).toBeGreaterThan(before + 4_000_000)
          const progress = yield* checkpointer!.checkpoint
          expect(progress.log).toBeGreaterThan(1_000)
          expect(progress.checkpointed).toBe(progress.log)
          expect((yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM filler`)[0]!.n).toBe(1_500)
        })
      )
    ))

  it("closing stops the worker first, so the writer's close folds the log into the file and removes it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gridgov-sqlite-"))
    const filename = join(dir, "store.db")
    try {
      await Effect.runPromise(
        Effect.scoped(
          Effect.flatMap(Client.make({ filename, checkpointIntervalMs: 60_000 }), ({ client: sql }) =>
            Effect.andThen(sql`CREATE TABLE filler (id INTEGER PRIMARY KEY, blob BLOB)`, fill(sql))
          )
        )
      )
      expect(existsSync(`${filename}-wal`)).toBe(false)
      const rows = await Effect.runPromise(
        Effect.scoped(
          Effect.flatMap(Client.make({ filename, checkpoint: "commit" }), ({ client: sql, checkpointer }) =>
            Effect.map(sql<{ n: number }>`SELECT COUNT(*) AS n FROM filler`, (r) => ({ n: r[0]!.n, checkpointer }))
          )
        )
      )
      expect(rows).toEqual({ n: 1_500, checkpointer: undefined })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it("onStatement sees every statement as bound, transactions included; the log replayed on a fresh file rebuilds the store", () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const filename = yield* tempFile
          const log: Array<readonly [string, ReadonlyArray<SqliteStore.SqliteValue>]> = []
          const services = yield* Layer.build(
            SqliteStore.layerWithClient({ filename, onStatement: (sql, params) => log.push([sql, params]) })
          )
          const store = Context.get(services, CaseStore.CaseStore)
          yield* store.append({
            streamId: "a",
            expectedVersion: 0,
            events: [1, 2].map((i) => ({ type: "Noted", v: 1, payload: { i, ok: true }, actor, at: i })) as never
          })
          yield* Context.get(services, Timers.Timers).change([
            { _tag: "Schedule", timer: { id: "t-1", streamId: "a", dueAt: 50, kind: "sla.warning", payload: {} } }
          ])
          yield* Context.get(services, Outbox.Outbox).enqueue(
            [{ id: "m-1", dedupeKey: "m-1", channel: "sms", payload: { to: "p-1" } }],
            3
          )
          const sqls = log.map(([sql]) => sql)
          expect(sqls).toContain("BEGIN IMMEDIATE")
          expect(sqls).toContain("COMMIT")
          const insert = log.find(([sql]) => sql.startsWith('INSERT INTO "gridgov_events"'))!
          // objects are bound as JSON text, as node:sqlite receives them
          expect(insert[1]).toContain('{"i":1,"ok":true}')
          const before = yield* SqlStore.dump().pipe(Effect.provide(services))

          const copy = `${filename}.replay`
          const db = Client.open({ filename: copy })
          for (const [sql, params] of log) db.prepare(sql).all(...params)
          db.close()
          const replayed = yield* Layer.build(SqliteStore.layerWithClient({ filename: copy }))
          const after = yield* SqlStore.dump().pipe(Effect.provide(replayed))
          for (const table of ["events", "summaries", "timers", "outbox", "counters"] as const) {
            expect(yield* after[table]).toEqual(yield* before[table])
          }
          expect((yield* after.events).length).toBe(2)
        })
      )
    ))

  it("a statement whose onStatement throws fails with a SqlError and its transaction writes nothing", () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const filename = yield* tempFile
          const services = yield* Layer.build(
            SqliteStore.layerWithClient({
              filename,
              onStatement: (sql) => {
                if (sql.startsWith('INSERT INTO "gridgov_summaries"')) throw new Error("log full")
              }
            })
          )
          const store = Context.get(services, CaseStore.CaseStore)
          const failed = yield* Effect.flip(
            store.append({
              streamId: "a",
              expectedVersion: 0,
              events: [{ type: "Noted", v: 1, payload: {}, actor, at: 1 }] as never,
              summary: Conformance.summary()
            })
          )
          expect(failed._tag).toBe("StoreError")
          expect(String((failed as CaseStore.StoreError).message)).toMatch(/log full/)
          expect(yield* store.load("a")).toEqual([])
        })
      )
    ))

  it("an in-memory database has no log and no worker", () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.map(Client.make({ filename: ":memory:" }), ({ checkpointer }) => expect(checkpointer).toBeUndefined())
      )
    ))

  it("a checkpointer that cannot open the file reports it once (the writer's auto-checkpoint carries on)", async () => {
    const reasons: Array<string> = []
    await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          yield* Checkpointer.start({
            filename: join(tmpdir(), "gridgov-no-such-dir", "x", "store.db"),
            busyTimeoutMs: 10,
            intervalMs: 10,
            onFailure: (reason) => reasons.push(reason)
          })
          for (let i = 0; i < 200 && reasons.length === 0; i++) yield* Effect.promise(() => sleep(10))
        })
      )
    )
    expect(reasons).toHaveLength(1)
    expect(reasons[0]).toMatch(/unable to open|cannot open|exited/)
  })
})

describe("sqlite: the store file holds personal data", () => {
  it("a new store file and the directory made for it are private to their owner (0600, 0700), the log too", () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const base = (yield* tempFile).replace(/store\.db$/, "")
          const dir = join(base, "data", "gridgov")
          const filename = join(dir, "store.db")
          const services = yield* Layer.build(SqliteStore.layerWithClient({ filename }))
          const sql = Context.get(services, SqlClient.SqlClient)
          yield* sql`SELECT 1`
          const mode = (path: string) => statSync(path).mode & 0o777
          expect(mode(filename).toString(8)).toBe("600")
          expect(mode(dir).toString(8)).toBe("700")
          expect(mode(join(base, "data")).toString(8)).toBe("700")
          // the migrations wrote through the log
          expect(mode(`${filename}-wal`).toString(8)).toBe("600")
        })
      )
    ))
})
