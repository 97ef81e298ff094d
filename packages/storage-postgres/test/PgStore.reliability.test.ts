import { fileURLToPath } from "node:url"
import { PgStore } from "@gridgov/storage-postgres"
import { afterAll, describe, it } from "vitest"
import * as Reliability from "../../storage-sql/test/reliability.js"
import { freshDatabase } from "./pg.js"
import { onPostgres } from "./tier.js"

const worker = fileURLToPath(new URL("./worker.ts", import.meta.url))
await onPostgres("postgres: reliability", async () => {
  const databases: Array<{ drop: () => Promise<unknown> }> = []
  afterAll(() => Promise.all(databases.map((d) => d.drop())))
  const fresh = async (label: string) => {
    const database = await freshDatabase(label)
    databases.push(database)
    return { env: { GRIDGOV_PG_RUN_URL: database.url }, layer: PgStore.layer({ url: database.url, maxConnections: 8 }) }
  }

  describe("postgres: reliability", () => {
    it("4 processes × 250 conflicting appends: each applied once or rejected with VersionConflict", async () => {
      const { env, layer } = await fresh("contention")
      await Reliability.contention(worker, env, layer)
    })

    it("kill -9 during a burst: every acknowledged append survives; summaries equal a rebuild", async () => {
      const { env, layer } = await fresh("crash")
      await Reliability.crash(worker, env, layer)
    })

    it("10,000 appends with idempotency keys, each sent twice: one event each", async () => {
      await Reliability.idempotency((await fresh("idempotency")).layer, 8)
    })

    it("3 sweepers over 10,000 due timers, after one crashed holding a batch: each fires once", async () => {
      const { env, layer } = await fresh("timers")
      await Reliability.sweepers(worker, env, layer)
    })
  })
})
