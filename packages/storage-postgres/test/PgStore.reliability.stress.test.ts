import { fileURLToPath } from "node:url"
import { PgStore } from "@gridgov/storage-postgres"
import { freshDatabase, onPostgres } from "@gridgov/test-support/Postgres"
import { StoreReliability as Reliability } from "@gridgov/testing/vitest"
import { afterAll, describe, it } from "vitest"

// Workers run their TypeScript through tsx, from the repository root (where tsconfig.json maps the packages).
const root = fileURLToPath(new URL("../../../", import.meta.url))
const script = fileURLToPath(new URL("./worker.ts", import.meta.url))
await onPostgres("postgres: reliability", async () => {
  const databases: Array<{ drop: () => Promise<unknown> }> = []
  afterAll(() => Promise.all(databases.map((d) => d.drop())))
  const fresh = async (label: string) => {
    const database = await freshDatabase(label)
    databases.push(database)
    const worker: Reliability.Worker = {
      command: process.execPath,
      args: ["--import", "tsx", script],
      env: { GRIDGOV_PG_RUN_URL: database.url },
      cwd: root
    }
    return { worker, layer: PgStore.layer({ url: database.url, maxConnections: 8 }) }
  }

  describe("postgres: reliability", () => {
    it("4 processes × 250 conflicting appends: each applied once or rejected with VersionConflict", async () => {
      const { worker, layer } = await fresh("contention")
      await Reliability.contention(worker, layer)
    })

    it("kill -9 during a burst: every acknowledged append survives; summaries equal a rebuild", async () => {
      const { worker, layer } = await fresh("crash")
      await Reliability.crash(worker, layer)
    })

    it("10,000 appends with idempotency keys, each sent twice: one event each", async () => {
      await Reliability.idempotency((await fresh("idempotency")).layer, 8)
    })

    it("3 sweepers over 10,000 due timers, after one crashed holding a batch: each fires once", async () => {
      const { worker, layer } = await fresh("timers")
      await Reliability.sweepers(worker, layer)
    })
  })
})
