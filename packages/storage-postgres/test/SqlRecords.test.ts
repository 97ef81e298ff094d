import { PgStore } from "@gridgov/storage-postgres"
import { SqlRecords } from "@gridgov/storage-sql"
import { RecordsConformance } from "@gridgov/testing"
import { Effect, Layer } from "effect"
import { afterAll, describe, it } from "vitest"
import { baseUrl, freshDatabase, inCi, reachable } from "./pg.js"

const server = await reachable()

if (!server.ok && inCi) {
  describe("postgres records", () => {
    it("is reachable (CI starts it with .ci/services.sh)", () => {
      throw new Error(`PostgreSQL at ${baseUrl} is unreachable under CI: ${server.error}`)
    })
  })
} else if (!server.ok) {
  describe.skip(`postgres records (no server at ${baseUrl}; run .ci/services.sh)`, () => {
    it("skipped", () => {})
  })
} else {
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
}
