import { freshDatabase, onPostgres } from "@gridgov/test-support/Postgres"
import { afterAll } from "vitest"
import { auditSuite } from "./audit.suite.js"

await onPostgres("gridgov audit verify on PostgreSQL", () => {
  const drops: Array<() => Promise<void>> = []
  // Each drop may wait for the server a while on a loaded machine.
  afterAll(async () => {
    await Promise.all(drops.map((drop) => drop()))
  }, 120_000)
  auditSuite("PostgreSQL", {
    fresh: async () => {
      const db = await freshDatabase("cli")
      drops.push(db.drop)
      return db.url
    },
    unlockCity: ["ALTER TABLE gridgov_city_events DISABLE TRIGGER gridgov_city_events_append_only"]
  })
})
