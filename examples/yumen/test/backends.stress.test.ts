/**
 * The year does not depend on the database: the same seed and scale on SQLite, on
 * the in-memory stores of `@gridgov/testing` (the bench's "engine alone") and on
 * PostgreSQL give the same figures and the same chart (per township and month,
 * intake and on-time closure). On-time closure rests on the breaches the sweeper
 * records, so this holds only if every warning and breach due by a tick is recorded
 * before that tick's actions can stop its clock, whichever database answers faster.
 */

import { freshDatabase, onPostgres } from "@gridgov/test-support/Postgres"
import { afterAll, describe, expect, it } from "vitest"
import { runYear } from "../src/run.js"

describe("examples/yumen: SQLite and the in-memory stores", () => {
  it("give the same figures, the same chart and the same commands for one seed and scale", async () => {
    const options = { seed: 11, scale: 0.02 }
    const sqlite = await runYear(options)
    const memory = await runYear({ ...options, memory: true })
    expect(memory.backend).toMatch(/^memory/)
    expect(memory.stats.failures.size).toBe(0)
    expect(memory.figures).toEqual(sqlite.figures)
    expect(memory.panels).toEqual(sqlite.panels)
    // both answer within the same turn of the event loop, so even the order of
    // different cases' commands is the same
    expect(memory.stats.commands).toBe(sqlite.stats.commands)
    expect(memory.events).toBe(sqlite.events)
  })
})

await onPostgres("examples/yumen on PostgreSQL", async () => {
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
    })
  })
})
