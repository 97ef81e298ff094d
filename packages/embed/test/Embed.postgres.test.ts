/**
 * The facade over PostgreSQL: the store URL names the server; a case reported through
 * one gridgov is read back through another on the same database (two servers, one store).
 */
import { Embed } from "@gridgov/embed"
import { freshDatabase, onPostgres } from "@gridgov/test-support/Postgres"
import { afterAll, describe, expect, it } from "vitest"
import { dispatcher, garbage, value } from "./support.js"

await onPostgres("Embed over PostgreSQL", async () => {
  const db = await freshDatabase("embed")
  afterAll(() => db.drop())

  describe("Embed over PostgreSQL", () => {
    it("a case reported through one gridgov is read and moved on through another on the same database", async () => {
      const one = await Embed.start({ store: db.url, city: "yumen", sweep: false })
      const two = await Embed.start({ store: db.url, city: "yumen", sweep: false })
      try {
        const id = value(await one.as({ resident: "user-1" }).report(garbage)).caseId
        expect(value(await two.as({ resident: "user-1" }).get(id)).state.status).toBe("reported")
        expect(value(await two.as(dispatcher).command(id, { _tag: "Register" })).status).toBe("dispatched")
        expect(value(await one.as(dispatcher).get(id)).history.map((e) => e.type)).toEqual([
          "Opened",
          "Registered",
          "Dispatched"
        ])
        expect(value(await one.verify())).toEqual({ streams: 1, events: 3 })
      } finally {
        await one.close()
        await two.close()
      }
    })
  })
})
