import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { SqliteStore } from "@gridgov/storage-sqlite"
import { StoreReliability as Reliability } from "@gridgov/testing/vitest"
import { afterAll, describe, it } from "vitest"

// Workers run their TypeScript through tsx, from the repository root (where tsconfig.json maps the packages).
const root = fileURLToPath(new URL("../../../", import.meta.url))
const script = fileURLToPath(new URL("./worker.ts", import.meta.url))
const dir = mkdtempSync(join(tmpdir(), "gridgov-reliability-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const fresh = (name: string) => {
  const filename = join(dir, `${name}.db`)
  const worker: Reliability.Worker = {
    command: process.execPath,
    args: ["--import", "tsx", script],
    env: { GRIDGOV_SQLITE_FILE: filename },
    cwd: root
  }
  return { worker, layer: SqliteStore.layer({ filename }) }
}

describe("sqlite: reliability", () => {
  it("4 processes × 250 conflicting appends: each applied once or rejected with VersionConflict", async () => {
    const { worker, layer } = fresh("contention")
    await Reliability.contention(worker, layer)
  })

  it("kill -9 during a burst: every acknowledged append survives; summaries equal a rebuild", async () => {
    const { worker, layer } = fresh("crash")
    await Reliability.crash(worker, layer)
  })

  it("10,000 appends with idempotency keys, each sent twice: one event each", async () => {
    await Reliability.idempotency(fresh("idempotency").layer, 8)
  })

  it("3 sweepers over 10,000 due timers, after one crashed holding a batch: each fires once", async () => {
    const { worker, layer } = fresh("timers")
    await Reliability.sweepers(worker, layer)
  })
})
