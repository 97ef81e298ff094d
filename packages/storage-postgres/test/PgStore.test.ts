import { PgStore } from "@gridgov/storage-postgres"
import { SqlStore } from "@gridgov/storage-sql"
import { freshDatabase, onPostgres } from "@gridgov/test-support/Postgres"
import { Conformance } from "@gridgov/testing/vitest"
import { Context, Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import { afterAll, describe, expect, it } from "vitest"

await onPostgres("postgres", async () => {
  const database = await freshDatabase("conformance")
  afterAll(() => database.drop())
  let n = 0
  const subject = Effect.gen(function* () {
    const prefix = `t${++n}_`
    const services = yield* Layer.build(PgStore.layerWithClient({ url: database.url, prefix, maxConnections: 4 }))
    const raw = yield* SqlStore.dump({ prefix }).pipe(Effect.provide(services))
    return { services, raw }
  })

  Conformance.run("postgres", subject)

  describe("postgres: storage details", () => {
    it("migrations are idempotent and serialized: four servers starting at once", () =>
      Effect.runPromise(
        Effect.scoped(
          Effect.gen(function* () {
            const layer = () =>
              Layer.fresh(PgStore.layerWithClient({ url: database.url, prefix: "boot_", maxConnections: 2 }))
            const contexts = yield* Effect.all(
              [1, 2, 3, 4].map(() => Layer.build(layer())),
              { concurrency: "unbounded" }
            )
            const sql = Context.get(contexts[0]!, SqlClient.SqlClient)
            const applied = yield* sql<{ id: number }>`SELECT id FROM boot_migrations`
            expect(applied.map((r) => Number(r.id))).toEqual([1, 2, 3, 4, 5, 6, 7, 2001])
          })
        )
      ))
  })
})
