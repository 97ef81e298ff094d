import { fileURLToPath } from "node:url"
import { CalendarCn } from "@gridgov/calendar-cn"
import { PgStore } from "@gridgov/storage-postgres"
import { SqlStore } from "@gridgov/storage-sql"
import { freshDatabase, onPostgres } from "@gridgov/test-support/Postgres"
import { ServiceReliability, ServiceSuite } from "@gridgov/testing/vitest"
import { Effect, Layer } from "effect"
import { afterAll, describe, it } from "vitest"

const calendar = CalendarCn.calendar()
// Workers run their TypeScript through tsx, from the repository root (where tsconfig.json maps the packages).
const root = fileURLToPath(new URL("../../../", import.meta.url))

await onPostgres("CaseService on PostgreSQL", async () => {
  const databases: Array<{ drop: () => Promise<unknown> }> = []
  afterAll(() => Promise.all(databases.map((d) => d.drop())))
  const database = await freshDatabase("service")
  databases.push(database)
  let n = 0
  ServiceSuite.suite(
    "PostgreSQL",
    Effect.gen(function* () {
      const prefix = `s${++n}_`
      const services = yield* Layer.build(PgStore.layerWithClient({ url: database.url, prefix, maxConnections: 4 }))
      const raw = yield* SqlStore.dump({ prefix }).pipe(Effect.provide(services))
      return { services, raw }
    }),
    { calendar, walks: 6 }
  )

  const script = fileURLToPath(new URL("./service.worker.ts", import.meta.url))
  const fresh = async (label: string) => {
    const db = await freshDatabase(label)
    databases.push(db)
    const worker: ServiceReliability.Worker = {
      command: process.execPath,
      args: ["--import", "tsx", script],
      env: { GRIDGOV_PG_RUN_URL: db.url },
      cwd: root
    }
    return { worker, layer: PgStore.layer({ url: db.url, maxConnections: 8 }) }
  }

  describe("CaseService on PostgreSQL: reliability", () => {
    const settings = ServiceSuite.settings(calendar)

    it("4 processes × 250 conflicting commands on 5 cases: no lost update, each applied once or refused typed", async () => {
      const { worker, layer } = await fresh("svc_contention")
      await ServiceReliability.contention(worker, layer, settings)
    })

    it("10,000 reports retried with their idempotency keys: exactly one case each", async () => {
      await ServiceReliability.reports((await fresh("svc_reports")).layer, settings, 8)
    })
  })
})
