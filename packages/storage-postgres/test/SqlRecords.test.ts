import { PgStore } from "@gridgov/storage-postgres"
import { SqlRecords } from "@gridgov/storage-sql"
import { freshDatabase, onPostgres } from "@gridgov/test-support/Postgres"
import { RecordsConformance } from "@gridgov/testing/vitest"
import { Effect, Layer } from "effect"
import { afterAll } from "vitest"

await onPostgres("postgres records", async () => {
  const database = await freshDatabase("records")
  afterAll(() => database.drop())
  let n = 0
  const subject = Effect.gen(function* () {
    const prefix = `r${++n}_`
    const services = yield* Layer.build(
      SqlRecords.layer({ prefix }).pipe(
        Layer.provideMerge(PgStore.layerWithClient({ url: database.url, prefix, maxConnections: 4 }))
      )
    )
    const raw = yield* SqlRecords.dump({ prefix }).pipe(Effect.provide(services))
    return { services, raw }
  })

  RecordsConformance.run("postgres", subject)
})
