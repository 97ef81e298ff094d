/**
 * The example server as a user runs it: a child process on any free port with a temp
 * data directory, driven over HTTP with the tokens it prints, stopped with SIGTERM,
 * then started again from another directory and stopped with Ctrl-C (SIGINT).
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { basename, dirname, join } from "node:path"
import { afterAll, afterEach, describe, expect, it } from "vitest"
import { killLeftovers, launch, post, printed, stop } from "./process.js"

const dataDir = mkdtempSync(join(tmpdir(), "gridgov-example-"))
afterEach(killLeftovers)
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

describe("the example server", () => {
  it("walks a case to closure with the printed tokens, and stops on SIGTERM without losing acknowledged requests", async () => {
    const server = await launch({ PORT: "0", DATA_DIR: dataDir })
    const { url, tokens, place } = server
    expect(Object.keys(tokens)).toEqual(
      expect.arrayContaining(["gridWorker", "gridChief", "dispatcher", "departmentOfficer", "leader", "public"])
    )
    const docs = await fetch(`${url}/docs`)
    expect(docs.status).toBe(200)

    // asked for any free port, Open311 clients are told the one it got
    const port = new URL(url).port
    expect(Number(port)).toBeGreaterThan(0)
    const discovery = (await (await fetch(`${url}/open311/v2/discovery.json`)).json()) as {
      endpoints: ReadonlyArray<{ url: string }>
    }
    expect(discovery.endpoints.map((e) => e.url)).toEqual(
      expect.arrayContaining([`http://127.0.0.1:${port}/open311/v2`])
    )
    expect(discovery.endpoints.every((e) => new URL(e.url).port === port)).toBe(true)

    const report = { kind: "event", category: "event.sanitation.garbage", place, severity: "minor" }
    const opened = await post(url, tokens.gridWorker!, "/cases", report)
    expect(opened.status).toBe(201)
    const id = opened.body.caseId as string
    const steps: Array<[string, unknown]> = [
      ["dispatcher", { _tag: "Register" }],
      ["gridWorker", { _tag: "Acknowledge" }],
      ["gridWorker", { _tag: "SubmitResult", result: "cleared", evidence: [] }],
      ["gridChief", { _tag: "Verify", passed: true }]
    ]
    let last: Awaited<ReturnType<typeof post>> | undefined
    for (const [who, command] of steps) {
      last = await post(url, tokens[who]!, `/cases/${id}/commands`, command)
      expect(last.status).toBe(200)
    }
    expect(last!.body.status).toBe("closed")

    // the outbox dispatcher delivers the case's notifications on a channel that has a
    // transport: each becomes a log line, none is dead-lettered for want of one
    const notification = `"message":\\["notification",\\{[^\\n]*"caseId":"${id}"`
    await printed(server, new RegExp(`${notification}|dead-lettered`))
    expect(server.output()).toMatch(new RegExp(notification))
    expect(server.output()).not.toContain("dead-lettered")

    // the worker logs a household visit; it is kept with the cases, in the data directory
    const visit = {
      id: "visit-1",
      grid: place,
      item: "person.household",
      task: "visit",
      subject: { phone: "13800138000" }
    }
    const logged = await post(url, tokens.gridWorker!, "/records", visit)
    expect(logged.status).toBe(201)
    // a chosen id is filed scoped to its grid
    expect(logged.body).toMatchObject({ id: `${place}:visit-1`, masked: true, subject: { phone: "138****8000" } })

    // Reports in flight when SIGTERM arrives: each one answered 201 must be stored.
    const inflight = Array.from({ length: 20 }, () =>
      post(url, tokens.gridWorker!, "/cases", report).catch(() => undefined)
    )
    const code = stop(server)
    const answered = (await Promise.all(inflight)).filter((r) => r?.status === 201).map((r) => r!.body.caseId)
    expect(await code).toBe(0)
    expect(server.output().trimEnd().split("\n").at(-1)).toBe("gridgov server stopped")

    // Again, run from the data directory's parent with a relative DATA_DIR, as
    // `cd /srv && DATA_DIR=gridgov pnpm --filter … start` does (pnpm says where in INIT_CWD).
    const again = await launch({ PORT: "0", INIT_CWD: dirname(dataDir), DATA_DIR: basename(dataDir) })
    try {
      expect(again.output()).toContain(`storage:  ${join(dataDir, "gridgov.db")}\n`)
      // the city was read from the store, not seeded again: the same configuration version
      const version = (output: string) => /city: +configuration version (\d+)/.exec(output)?.[1]
      expect(version(server.output())).toMatch(/^\d+$/)
      expect(version(again.output())).toBe(version(server.output()))
      for (const caseId of [id, ...answered]) {
        const res = await fetch(`${again.url}/cases/${caseId}`, {
          headers: { authorization: `Bearer ${again.tokens.gridWorker}` }
        })
        expect(res.status).toBe(200)
      }
      const record = await fetch(`${again.url}/records/${place}:visit-1`, {
        headers: { authorization: `Bearer ${again.tokens.gridWorker}` }
      })
      expect(record.status).toBe(200)
    } finally {
      // Ctrl-C: a graceful stop, said in one line, exit status 0
      expect(await stop(again, "SIGINT")).toBe(0)
    }
    expect(again.output().trimEnd().split("\n").at(-1)).toBe("gridgov server stopped")
    expect(again.output()).not.toMatch(/\n\s+at /)
  })
})
