import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { SqlStore } from "@gridgov/storage-sql"
import { SqliteStore } from "@gridgov/storage-sqlite"
import { Effect, Layer } from "effect"
import { afterAll, describe, it } from "vitest"
import * as Reliability from "../../core/test/CaseService.reliability.js"
import { suite } from "../../core/test/CaseService.suite.js"
import { worklists } from "../../core/test/CaseService.worklists.js"

const tempFile = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "gridgov-service-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
).pipe(Effect.map((dir) => join(dir, "store.db")))

const sqlite = Effect.gen(function* () {
  const filename = yield* tempFile
  const services = yield* Layer.build(SqliteStore.layerWithClient({ filename }))
  const raw = yield* SqlStore.dump().pipe(Effect.provide(services))
  return { services, raw }
})

suite("SQLite", sqlite)
worklists("SQLite", sqlite, { walks: 10 })

const worker = fileURLToPath(new URL("./service.worker.ts", import.meta.url))
const dir = mkdtempSync(join(tmpdir(), "gridgov-service-reliability-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("CaseService on SQLite: reliability", () => {
  it("4 processes × 250 conflicting commands on 5 cases: no lost update, each applied once or refused typed", async () => {
    const filename = join(dir, "contention.db")
    await Reliability.contention(worker, { GRIDGOV_SQLITE_FILE: filename }, SqliteStore.layer({ filename }))
  })

  it("10,000 reports retried with their idempotency keys: exactly one case each", async () => {
    await Reliability.reports(SqliteStore.layer({ filename: join(dir, "reports.db") }), 8)
  })
})
