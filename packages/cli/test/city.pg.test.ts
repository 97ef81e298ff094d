/**
 * A city folder across stores: exported from SQLite, imported into PostgreSQL,
 * exported again, byte for byte; a dry run on PostgreSQL writes nothing.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { freshDatabase, onPostgres } from "@gridgov/test-support/Postgres"
import { afterAll, expect, it } from "vitest"
import { cli } from "./support.js"

const yumen = fileURLToPath(new URL("../../../examples/cities/yumen", import.meta.url))
const files = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f !== "README.md")
      .sort()
      .map((f) => [f, readFileSync(join(dir, f), "utf8")])
  )

await onPostgres("a city folder from SQLite to PostgreSQL", () => {
  const root = mkdtempSync(join(tmpdir(), "gridgov-city-pg-"))
  const drops: Array<() => Promise<void>> = []
  afterAll(async () => {
    rmSync(root, { recursive: true, force: true })
    await Promise.all(drops.map((drop) => drop()))
  }, 120_000)

  it("export from SQLite, import into PostgreSQL, export again: the same bytes", async () => {
    const sqlite = `sqlite:${join(root, "a.db")}`
    expect((await cli(["import", "--store", sqlite, yumen])).code).toBe(0)
    const fromSqlite = join(root, "from-sqlite")
    expect((await cli(["export", "--store", sqlite, fromSqlite])).code).toBe(0)

    const db = await freshDatabase("cli")
    drops.push(db.drop)
    const dry = await cli(["import", "--store", db.url, "--dry-run", fromSqlite])
    expect(dry.err).toEqual([])
    expect(dry.out.at(-1)).toBe(
      "dry run: 4,796 change(s): 4,794 added, 2 changed, 0 retired, closed or ended; would reach version 4796; nothing written"
    )
    const imported = await cli(["import", "--store", db.url, fromSqlite])
    expect(imported.err).toEqual([])
    expect(imported.out.at(-1)).toMatch(/the configuration is at version 4796$/)
    const fromPostgres = join(root, "from-postgres")
    expect((await cli(["export", "--store", db.url, fromPostgres])).code).toBe(0)
    expect(files(fromPostgres)).toEqual(files(fromSqlite))
    expect(files(fromSqlite)).toEqual(files(yumen))
  })
})
