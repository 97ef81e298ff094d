import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { CalendarCn } from "@gridgov/calendar-cn"
import { SqlStore } from "@gridgov/storage-sql"
import { SqliteStore } from "@gridgov/storage-sqlite"
import { ServiceReliability, ServiceSuite } from "@gridgov/testing/vitest"
import { Effect, Layer } from "effect"
import { afterAll, describe, it } from "vitest"

const calendar = CalendarCn.calendar()

const tempFile = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "gridgov-service-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
).pipe(Effect.map((dir) => join(dir, "store.db")))

ServiceSuite.suite(
  "SQLite",
  Effect.gen(function* () {
    const filename = yield* tempFile
    const services = yield* Layer.build(SqliteStore.layerWithClient({ filename }))
    const raw = yield* SqlStore.dump().pipe(Effect.provide(services))
    return { services, raw }
  }),
  { calendar, walks: 10 }
)

// Workers run their TypeScript through tsx, from the repository root (where tsconfig.json maps the packages).
const root = fileURLToPath(new URL("../../../", import.meta.url))
const script = fileURLToPath(new URL("./service.worker.ts", import.meta.url))
const worker = (filename: string): ServiceReliability.Worker => ({
  command: process.execPath,
  args: ["--import", "tsx", script],
  env: { GRIDGOV_SQLITE_FILE: filename },
  cwd: root
})
const dir = mkdtempSync(join(tmpdir(), "gridgov-service-reliability-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("CaseService on SQLite: reliability", () => {
  const settings = ServiceSuite.settings(calendar)

  it("4 processes × 250 conflicting commands on 5 cases: no lost update, each applied once or refused typed", async () => {
    const filename = join(dir, "contention.db")
    await ServiceReliability.contention(worker(filename), SqliteStore.layer({ filename }), settings)
  })

  it("10,000 reports retried with their idempotency keys: exactly one case each", async () => {
    await ServiceReliability.reports(SqliteStore.layer({ filename: join(dir, "reports.db") }), settings, 8)
  })
})
