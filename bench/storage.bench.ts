/**
 * The append path (one event + the case summary upsert, in one transaction, with
 * the version check and the hash chain) against the raw driver doing the same
 * statements in the same transaction (read the stream head, insert the event,
 * upsert the summary) under the same durability settings. SQLite: node:sqlite,
 * WAL, synchronous=NORMAL. PostgreSQL: one connection, default synchronous_commit;
 * skipped with a note when no server answers (run .ci/services.sh).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { CaseStore } from "@gridgov/core"
import { PgStore } from "@gridgov/storage-postgres"
import { SqliteStore } from "@gridgov/storage-sqlite"
import { Effect, ManagedRuntime } from "effect"
import { SqlClient } from "effect/sql"
import { compareAsync, goal } from "./harness.js"

const batch = 20
const streams = 1_000
const actor = { id: "p-1", roles: ["gridWorker"] }
const payload = { category: "dispute.water", note: "水渠漏水，影响三户灌溉", grid: "620981001001" }
const summary = (at: number): CaseStore.SummaryInput => ({
  kind: "dispute",
  state: "registered",
  category: "dispute.water",
  gridCode: "620981001001",
  gridPre: 10,
  gridPost: 10,
  unit: "committee.water",
  assignee: "p-9",
  reporter: null,
  held: ["committee.water"],
  dueAt: at + 86_400_000,
  overdue: false,
  createdAt: at,
  updatedAt: at,
  body: { title: "水渠纠纷" }
})

/** Round-robin over streams, tracking each stream's version. */
const cursor = () => {
  const versions = new Int32Array(streams)
  let next = 0
  return () => {
    const i = next
    next = (next + 1) % streams
    const version = versions[i]!
    versions[i] = version + 1
    return { streamId: `case-${i}`, version }
  }
}

const storeCase = (name: string, runtime: ManagedRuntime.ManagedRuntime<CaseStore.CaseStore, unknown>) => {
  const nextStream = cursor()
  const program = Effect.gen(function* () {
    const store = yield* CaseStore.CaseStore
    for (let i = 0; i < batch; i++) {
      const { streamId, version } = nextStream()
      const at = 1_700_000_000_000 + version
      yield* store.append({
        streamId,
        expectedVersion: version,
        events: [{ type: "Reported", v: 1, payload, actor, at }],
        summary: summary(at)
      })
    }
  })
  return { name, ops: batch, fn: () => runtime.runPromise(program) }
}

const summaryRow = (streamId: string, version: number, at: number) => {
  const s = summary(at)
  return [
    streamId,
    s.kind,
    s.state,
    s.category,
    s.gridCode,
    s.gridPre,
    s.gridPost,
    s.unit,
    s.assignee,
    s.dueAt,
    0,
    s.createdAt,
    s.updatedAt,
    version,
    JSON.stringify(s.body),
    s.reporter,
    JSON.stringify(s.held)
  ] as const
}

const summaryRecord = (streamId: string, version: number, at: number) => {
  const [
    stream_id,
    kind,
    state,
    category,
    grid_code,
    grid_pre,
    grid_post,
    unit,
    assignee,
    due_at,
    overdue,
    created_at,
    updated_at,
    v,
    body,
    reporter,
    held
  ] = summaryRow(streamId, version, at)
  return {
    stream_id,
    kind,
    state,
    category,
    grid_code,
    grid_pre,
    grid_post,
    unit,
    assignee,
    due_at,
    overdue,
    created_at,
    updated_at,
    version: v,
    body,
    reporter,
    held
  }
}

// The store's own upsert: every column may change, so every column is set.
const updateAll = `ON CONFLICT (stream_id) DO UPDATE SET kind = excluded.kind, state = excluded.state,
  category = excluded.category, grid_code = excluded.grid_code, grid_pre = excluded.grid_pre,
  grid_post = excluded.grid_post, unit = excluded.unit, assignee = excluded.assignee, due_at = excluded.due_at,
  overdue = excluded.overdue, created_at = excluded.created_at, updated_at = excluded.updated_at,
  version = excluded.version, body = excluded.body, reporter = excluded.reporter, held = excluded.held`

const upsertSummary = `INSERT INTO raw_summaries (stream_id, kind, state, category, grid_code, grid_pre, grid_post,
  unit, assignee, due_at, overdue, created_at, updated_at, version, body, reporter, held)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ${updateAll}`

const sqlite = async () => {
  const dir = mkdtempSync(join(tmpdir(), "gridgov-bench-"))
  try {
    // Raw driver: same pragmas, same tables (the store's schema), same statements.
    const raw = new DatabaseSync(join(dir, "raw.db"))
    raw.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000")
    const scratch = ManagedRuntime.make(SqliteStore.layer({ filename: join(dir, "raw.db"), prefix: "raw_" }))
    await scratch.runPromise(Effect.void)
    await scratch.dispose()
    const head = raw.prepare("SELECT version, hash FROM raw_events WHERE stream_id = ? ORDER BY version DESC LIMIT 1")
    const insert = raw.prepare(
      "INSERT INTO raw_events (stream_id, version, type, v, payload, actor, at, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING position"
    )
    const upsert = raw.prepare(upsertSummary)
    const unit = raw.prepare("INSERT INTO raw_summary_units (unit, stream_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
    const begin = raw.prepare("BEGIN IMMEDIATE")
    const commit = raw.prepare("COMMIT")
    const nextRaw = cursor()
    const rawCase = {
      name: "node:sqlite raw (same statements)",
      ops: batch,
      fn: async () => {
        for (let i = 0; i < batch; i++) {
          const { streamId, version } = nextRaw()
          const at = 1_700_000_000_000 + version
          begin.run()
          head.get(streamId)
          insert.get(streamId, version + 1, "Reported", 1, JSON.stringify(payload), JSON.stringify(actor), at, "0", "0")
          upsert.run(...summaryRow(streamId, version + 1, at))
          if (version === 0) unit.run("committee.water", streamId)
          commit.run()
        }
      }
    }
    const runtime = ManagedRuntime.make(SqliteStore.layer({ filename: join(dir, "store.db") }))
    const rows = await compareAsync("append: SQLite (WAL, synchronous=NORMAL), 1 event + summary per transaction", [
      rawCase,
      storeCase("SqliteStore.append", runtime)
    ])
    goal("SqliteStore.append ≥ 0.5× raw node:sqlite", rows[1]!.ratio >= 0.5, `${rows[1]!.ratio.toFixed(2)}×`)
    await runtime.dispose()
    raw.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const pgUrl = (): string => {
  const file = process.env.GRIDGOV_PG_URL_FILE ?? "/tmp/gridgov-test-pg.url"
  return (
    process.env.GRIDGOV_TEST_PG_URL ??
    (existsSync(file) ? readFileSync(file, "utf8").trim() : "postgres://gridgov:gridgov@127.0.0.1:5432/gridgov_test")
  )
}

const postgres = async () => {
  const base = pgUrl()
  const admin = ManagedRuntime.make(PgStore.layerClient({ url: base, maxConnections: 1 }))
  const name = `gridgov_bench_${process.pid}`
  try {
    await admin.runPromise(
      Effect.flatMap(Effect.service(SqlClient.SqlClient), (sql) => sql`SELECT 1`).pipe(Effect.timeout("5 seconds"))
    )
  } catch (error) {
    console.log(
      `\n## append: PostgreSQL\nskipped: no server at ${base} (${String(error).split("\n")[0]}); run .ci/services.sh`
    )
    await admin.dispose()
    return
  }
  await admin.runPromise(
    Effect.flatMap(Effect.service(SqlClient.SqlClient), (sql) => sql.unsafe(`CREATE DATABASE ${name}`))
  )
  const url = new URL(base)
  url.pathname = `/${name}`
  try {
    // The raw driver on its own connection; the store's migrations create its tables (prefix raw_).
    const raw = ManagedRuntime.make(PgStore.layerWithClient({ url: url.toString(), prefix: "raw_", maxConnections: 1 }))
    const nextRaw = cursor()
    const rawProgram = Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      for (let i = 0; i < batch; i++) {
        const { streamId, version } = nextRaw()
        const at = 1_700_000_000_000 + version
        yield* sql.withTransaction(
          Effect.gen(function* () {
            yield* sql`SELECT version, hash FROM raw_events WHERE stream_id = ${streamId} ORDER BY version DESC LIMIT 1`
            yield* sql`INSERT INTO raw_events (stream_id, version, type, v, payload, actor, at, prev_hash, hash)
              VALUES (${streamId}, ${version + 1}, 'Reported', 1, ${JSON.stringify(payload)}, ${JSON.stringify(actor)}, ${at}, '0', '0')
              RETURNING position`
            yield* sql`INSERT INTO raw_summaries ${sql.insert(summaryRecord(streamId, version + 1, at))} ${sql.literal(updateAll)}`
            if (version === 0) {
              yield* sql`INSERT INTO raw_summary_units (unit, stream_id) VALUES ('committee.water', ${streamId}) ON CONFLICT DO NOTHING`
            }
          })
        )
      }
    })
    const store = ManagedRuntime.make(PgStore.layer({ url: url.toString(), maxConnections: 1 }))
    const rows = await compareAsync(
      "append: PostgreSQL (one connection), 1 event + summary per transaction",
      [
        { name: "@effect/sql-pg raw (same statements)", ops: batch, fn: () => raw.runPromise(rawProgram) },
        storeCase("PgStore.append", store)
      ],
      { samples: 7 }
    )
    goal("PgStore.append ≥ 0.5× raw driver", rows[1]!.ratio >= 0.5, `${rows[1]!.ratio.toFixed(2)}×`)
    await store.dispose()
    await raw.dispose()
  } finally {
    await admin.runPromise(
      Effect.flatMap(Effect.service(SqlClient.SqlClient), (sql) =>
        sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      )
    )
    await admin.dispose()
  }
}

export default async () => {
  await sqlite()
  await postgres()
}
