import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll } from "vitest"
import { auditSuite } from "./audit.suite.js"

const dir = mkdtempSync(join(tmpdir(), "gridgov-cli-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let n = 0

auditSuite("SQLite", {
  fresh: async () => `sqlite:${join(dir, `store-${++n}.db`)}`,
  unlockCity: ["DROP TRIGGER gridgov_city_events_no_update", "DROP TRIGGER gridgov_city_events_no_delete"]
})
