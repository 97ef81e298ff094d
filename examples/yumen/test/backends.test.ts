/**
 * The year does not depend on the database: the same seed and scale on SQLite and
 * on PostgreSQL give the same figures and the same chart (per township and month,
 * intake and on-time closure). On-time closure rests on the breaches the sweeper
 * records, so this holds only if every warning and breach due by a tick is recorded
 * before that tick's actions can stop its clock, whichever database answers faster.
 */
import { afterAll, describe, expect, it } from "vitest"
import { baseUrl, freshDatabase, inCi, reachable } from "../../../packages/storage-postgres/test/pg.js"
import { runYear } from "../src/run.js"

const server = await reachable()

if (!server.ok && inCi) {
  describe("examples/yumen on PostgreSQL", () => {
    it("is reachable (CI starts it with .ci/services.sh)", () => {
      throw new Error(`PostgreSQL at ${baseUrl} is unreachable under CI: ${server.error}`)
    })
  })
} else if (!server.ok) {
  describe.skip(`examples/yumen on PostgreSQL (no server at ${baseUrl}; run .ci/services.sh)`, () => {
    it("skipped", () => {})
  })
} else {
  const databases: Array<{ drop: () => Promise<unknown> }> = []
  afterAll(() => Promise.all(databases.map((d) => d.drop())))

  describe("examples/yumen: SQLite and PostgreSQL", () => {
    it("give the same figures and the same chart for one seed and scale", async () => {
      const db = await freshDatabase("yumen_backends")
      databases.push(db)
      const options = { seed: 11, scale: 0.02 }
      const sqlite = await runYear(options)
      const pg = await runYear({ ...options, databaseUrl: db.url })
      expect(sqlite.stats.failures.size).toBe(0)
      expect(pg.stats.failures.size).toBe(0)
      expect(pg.figures).toEqual(sqlite.figures)
      expect(pg.panels).toEqual(sqlite.panels)
      // Before the sweep ran ahead of each tick's actions, PostgreSQL recorded a quarter
      // fewer warnings and a sixth fewer breaches. One command in a few thousand may
      // still differ: a case's commands are ordered, different cases' are not.
      expect(Math.abs(pg.stats.commands - sqlite.stats.commands)).toBeLessThanOrEqual(sqlite.stats.commands / 1_000)
    }, 120_000)
  })
}
