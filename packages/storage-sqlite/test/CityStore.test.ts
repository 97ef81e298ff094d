import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { CityStore } from "@gridgov/core"
import { SqlStore } from "@gridgov/storage-sql"
import { SqliteStore } from "@gridgov/storage-sqlite"
import { CityConformance } from "@gridgov/testing/vitest"
import { Context, Effect, Exit, Layer } from "effect"
import { SqlClient } from "effect/sql"
import { describe, expect, it } from "vitest"

const tempFile = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "gridgov-city-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
).pipe(Effect.map((dir) => join(dir, "store.db")))

const subject = Effect.gen(function* () {
  const filename = yield* tempFile
  const services = yield* Layer.build(SqliteStore.layerWithClient({ filename }))
  const raw = yield* SqlStore.dump().pipe(Effect.provide(services))
  return { services, raw: raw.city }
})

CityConformance.run("sqlite", subject)

describe("sqlite: the configuration stream", () => {
  it("is append-only: a row cannot be changed or deleted, even with SQL", () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const { services } = yield* subject
          const sql = Context.get(services, SqlClient.SqlClient)
          const store = Context.get(services, CityStore.CityStore)
          yield* store.append({
            expectedVersion: 0,
            events: [{ type: "PersonAdded", v: 1, payload: { reason: "x" }, actor: { id: "system", roles: [] }, at: 1 }]
          })
          const update = yield* Effect.exit(sql`UPDATE gridgov_city_events SET payload = '{}' WHERE version = 1`)
          const remove = yield* Effect.exit(sql`DELETE FROM gridgov_city_events`)
          expect(Exit.isFailure(update)).toBe(true)
          expect(Exit.isFailure(remove)).toBe(true)
          expect(String(update)).toContain("append-only")
          expect((yield* store.read(0, 10)).map((e) => e.payload)).toEqual([{ reason: "x" }])
        })
      )
    ))
})
