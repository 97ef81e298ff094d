import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import type { Notifier } from "@gridgov/core"
import { Embed } from "@gridgov/embed"
import { afterAll, describe, expect, it } from "vitest"
import { chief, dispatcher, error, garbage, value } from "./support.js"

const dir = mkdtempSync(join(tmpdir(), "gridgov-embed-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Waits for `ready`, checking up to `times` times 100 ms apart (bounded by count). */
const eventually = async (ready: () => Promise<boolean> | boolean, times = 300): Promise<void> => {
  for (let i = 0; i < times; i++) {
    if (await ready()) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`not ready after ${times} checks`)
}

describe("Embed over SQLite", () => {
  const file = join(dir, "gridgov.db")

  it("a case reported before a restart is read back after it, and its chain verifies", async () => {
    const first = await Embed.start({ store: `sqlite:${file}`, city: "yumen", sweep: false })
    const id = value(await first.as({ resident: "user-1" }).report(garbage)).caseId
    value(await first.as(dispatcher).command(id, { _tag: "Register" }))
    await first.close()

    const second = await Embed.start({ store: `sqlite:${file}`, city: "yumen", sweep: false })
    try {
      const view = value(await second.as(dispatcher).get(id))
      expect(view.history.map((e) => e.type)).toEqual(["Opened", "Registered", "Dispatched"])
      expect(value(await second.verify())).toEqual({ streams: 1, events: 3 })
    } finally {
      await second.close()
    }
  })

  it("verify names an event edited in the file behind gridgov's back; reading that case is refused", async () => {
    const db = new DatabaseSync(file)
    db.exec(
      `UPDATE gridgov_events SET payload = json_set(payload, '$.to.unit', 'dept.police') WHERE type = 'Dispatched'`
    )
    db.close()
    const gridgov = await Embed.start({ store: `sqlite:${file}`, city: "yumen", sweep: false })
    try {
      const tampered = error(await gridgov.verify())
      expect(tampered._tag).toBe("Tampered")
      expect(tampered._tag === "Tampered" && tampered.findings).toEqual([
        expect.objectContaining({ reason: "edited", version: 3 })
      ])
      const caseId = tampered._tag === "Tampered" ? tampered.findings[0]!.streamId : ""
      expect(error(await gridgov.as(dispatcher).get(caseId))._tag).toBe("Tampered")
    } finally {
      await gridgov.close()
    }
  })

  it("a store that cannot be opened is a StartError naming it", async () => {
    // a path under a file: no directory can be made there
    const path = join(dir, "gridgov.db", "x.db")
    const failed = await Embed.start({ store: `sqlite:${path}`, city: "yumen" }).catch((e: Embed.StartError) => e)
    expect(failed).toBeInstanceOf(Embed.StartError)
    expect(failed).toMatchObject({ _tag: "StoreUnavailable" })
    expect((failed as Error).message).toContain(`store sqlite:${path}`)
  })
})

describe("Embed's workers: notifications and the SLA sweeper", () => {
  it("the host's notify receives the dispatch; as its clock passes the deadline, the sweeper records the breach", async () => {
    let now = Date.now()
    const received: Array<Notifier.Message> = []
    let failOnce = true
    const gridgov = await Embed.start({
      store: `sqlite:${join(dir, "workers.db")}`,
      city: "yumen",
      now: () => now,
      // breaches are recorded, not escalated: the case stays overdue where it is
      sweep: { escalate: () => false },
      notify: (message) => {
        // a failed delivery is retried
        if (failOnce) {
          failOnce = false
          throw new Error("host busy")
        }
        received.push(message)
      }
    })
    try {
      const id = value(await gridgov.as({ resident: "user-9" }).report(garbage)).caseId
      value(await gridgov.as(dispatcher).command(id, { _tag: "Register" }))
      await eventually(() =>
        received.some((m) => m.notification.caseId === id && m.notification.event.type === "Dispatched")
      )
      expect(received.every((m) => m.channel === "embed")).toBe(true)

      expect(value(await gridgov.as(chief).work.overdue()).items).toEqual([])
      expect(value(await gridgov.as(chief).work.dueSoon(90 * 86_400_000)).items.map((s) => s.streamId)).toContain(id)
      now += 90 * 86_400_000
      await eventually(async () => value(await gridgov.as(chief).work.overdue()).items.some((s) => s.streamId === id))
      const view = value(await gridgov.as(chief).get(id))
      expect(view.history.map((e) => e.type)).toContain("SlaBreached")
      expect(view.history.map((e) => e.type)).not.toContain("Escalated")
    } finally {
      await gridgov.close()
    }
  })
})
