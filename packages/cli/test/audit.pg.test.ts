import { freshDatabase, onPostgres } from "@gridgov/test-support/Postgres"
import { afterAll } from "vitest"
import { auditSuite } from "./audit.suite.js"

await onPostgres("gridgov audit verify on PostgreSQL", () => {
  const drops: Array<() => Promise<void>> = []
  afterAll(async () => {
    for (const drop of drops) await drop()
  })
  auditSuite("PostgreSQL", {
    fresh: async () => {
      const db = await freshDatabase("cli")
      drops.push(db.drop)
      return db.url
    }
  })
})
