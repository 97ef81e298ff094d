import { fileURLToPath } from "node:url"
import { PgStore } from "@gridgov/storage-postgres"
import { SqlStore } from "@gridgov/storage-sql"
import { Effect, Layer } from "effect"
import { afterAll, describe, it } from "vitest"
import * as Reliability from "../../core/test/CaseService.reliability.js"
import { suite } from "../../core/test/CaseService.suite.js"
import { worklists } from "../../core/test/CaseService.worklists.js"
import { freshDatabase } from "./pg.js"
import { onPostgres } from "./tier.js"

await onPostgres("CaseService on PostgreSQL", async () => {
  const databases: Array<{ drop: () => Promise<unknown> }> = []
  afterAll(() => Promise.all(databases.map((d) => d.drop())))
  const database = await freshDatabase("service")
  databases.push(database)
  let n = 0
  const postgres = Effect.gen(function* () {
    const prefix = `s${++n}_`
    const services = yield* Layer.build(PgStore.layerWithClient({ url: database.url, prefix, maxConnections: 4 }))
    const raw = yield* SqlStore.dump({ prefix }).pipe(Effect.provide(services))
    return { services, raw }
  })
  suite("PostgreSQL", postgres)
  worklists("PostgreSQL", postgres, { walks: 6 })

  const worker = fileURLToPath(new URL("./service.worker.ts", import.meta.url))
  const fresh = async (label: string) => {
    const db = await freshDatabase(label)
    databases.push(db)
    return { env: { GRIDGOV_PG_RUN_URL: db.url }, layer: PgStore.layer({ url: db.url, maxConnections: 8 }) }
  }

  describe("CaseService on PostgreSQL: reliability", () => {
    it("4 processes × 250 conflicting commands on 5 cases: no lost update, each applied once or refused typed", async () => {
      const { env, layer } = await fresh("svc_contention")
      await Reliability.contention(worker, env, layer)
    })

    it("10,000 reports retried with their idempotency keys: exactly one case each", async () => {
      await Reliability.reports((await fresh("svc_reports")).layer, 8)
    })
  })
})
