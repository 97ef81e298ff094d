import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Audit, CaseStore } from "@gridgov/core"
import { SqlStore } from "@gridgov/storage-sql"
import { SqliteStore } from "@gridgov/storage-sqlite"
import { Conformance } from "@gridgov/testing"
import { Context, Effect, Layer, Result } from "effect"
import { SqlClient } from "effect/sql"
import { describe, expect, it } from "vitest"

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
          expect(applied.map((r) => r.id)).toEqual([1, 2, 3])
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
})
