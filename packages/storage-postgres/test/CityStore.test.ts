import { CityStore } from "@gridgov/core"
import { PgStore } from "@gridgov/storage-postgres"
import { SqlStore } from "@gridgov/storage-sql"
import { freshDatabase, onPostgres } from "@gridgov/test-support/Postgres"
import { CityConformance } from "@gridgov/testing/vitest"
import { Context, Effect, Exit, Layer } from "effect"
import { SqlClient } from "effect/sql"
import { afterAll, describe, expect, it } from "vitest"

await onPostgres("postgres configuration store", async () => {
  const database = await freshDatabase("city")
  afterAll(() => database.drop())
  let n = 0
  const subject = Effect.gen(function* () {
    const prefix = `c${++n}_`
    const services = yield* Layer.build(PgStore.layerWithClient({ url: database.url, prefix, maxConnections: 4 }))
    const raw = yield* SqlStore.dump({ prefix }).pipe(Effect.provide(services))
    return { services, raw: raw.city, prefix }
  })

  CityConformance.run("postgres", subject)

  describe("postgres: the configuration stream", () => {
    it("reads back a snapshot larger than the driver's default message size (a province's city is tens of MB)", () =>
      Effect.runPromise(
        Effect.scoped(
          Effect.gen(function* () {
            const { services } = yield* subject
            const store = Context.get(services, CityStore.CityStore)
            const appended = yield* store.append({
              expectedVersion: 0,
              events: [
                { type: "PersonAdded", v: 1, payload: { reason: "x" }, actor: { id: "system", roles: [] }, at: 1 }
              ]
            })
            if (appended._tag !== "Appended") throw new Error("not appended")
            // 400,000 people: about 24 MB of JSON, past sql-pg's 16 MiB default
            const people = Array.from({ length: 400_000 }, (_, i) => ({ id: `p-${i}`, name: `网格员 ${i} 号` }))
            yield* store.saveSnapshot({ version: 1, hash: appended.head.hash, document: { people } })
            const read = yield* store.snapshot
            expect(read._tag === "Some" && (read.value.document as { people: Array<unknown> }).people.length).toBe(
              400_000
            )
          })
        )
      ))

    it("is append-only: a row cannot be changed, deleted or truncated, even with SQL", () =>
      Effect.runPromise(
        Effect.scoped(
          Effect.gen(function* () {
            const { services, prefix } = yield* subject
            const sql = Context.get(services, SqlClient.SqlClient)
            const store = Context.get(services, CityStore.CityStore)
            yield* store.append({
              expectedVersion: 0,
              events: [
                { type: "PersonAdded", v: 1, payload: { reason: "x" }, actor: { id: "system", roles: [] }, at: 1 }
              ]
            })
            const table = sql(`${prefix}city_events`)
            const update = yield* Effect.exit(sql`UPDATE ${table} SET payload = '{}' WHERE version = 1`)
            const remove = yield* Effect.exit(sql`DELETE FROM ${table}`)
            const truncate = yield* Effect.exit(sql`TRUNCATE ${table}`)
            expect([update, remove, truncate].map(Exit.isFailure)).toEqual([true, true, true])
            expect(String(update)).toContain("append-only")
            expect((yield* store.read(0, 10)).map((e) => e.payload)).toEqual([{ reason: "x" }])
          })
        )
      ))
  })
})
