import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { SqlRecords, SqlStore } from "@gridgov/storage-sql"
import { SqliteStore } from "@gridgov/storage-sqlite"
import { RecordsConformance } from "@gridgov/testing/vitest"
import { Context, Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import { describe, expect, it } from "vitest"

const tempFile = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "gridgov-records-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
).pipe(Effect.map((dir) => join(dir, "store.db")))

const subject = Effect.gen(function* () {
  const filename = yield* tempFile
  const services = yield* Layer.build(
    SqlRecords.layer().pipe(Layer.provideMerge(SqliteStore.layerWithClient({ filename })))
  )
  const raw = yield* SqlRecords.dump().pipe(Effect.provide(services))
  return { services, raw }
})

RecordsConformance.run("sqlite", subject)

describe("sqlite: records and notices tables", () => {
  it("migrate beside the case store, in its migrations table, once", () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const filename = yield* tempFile
          const services = yield* Layer.build(
            SqlRecords.layer().pipe(Layer.provideMerge(SqliteStore.layerWithClient({ filename })))
          )
          yield* SqlRecords.migrate().pipe(Effect.provide(services))
          yield* SqlStore.migrate().pipe(Effect.provide(services))
          const sql = Context.get(services, SqlClient.SqlClient)
          const applied = yield* sql<{ id: number }>`SELECT id FROM gridgov_migrations ORDER BY id`
          expect(applied.map((r) => Number(r.id))).toEqual(expect.arrayContaining([1, 1001, 1002]))
          expect(applied.filter((r) => Number(r.id) >= 1001 && Number(r.id) < 2000).length).toBe(2)
        })
      )
    ))
})
