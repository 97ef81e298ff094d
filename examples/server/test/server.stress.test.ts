/**
 * The example server as a user runs it: a child process on a random port with a temp
 * data directory, driven over HTTP with the tokens it prints, stopped with SIGTERM.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"

const root = new URL("..", import.meta.url).pathname
const dataDir = mkdtempSync(join(tmpdir(), "gridgov-example-"))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

interface Started {
  readonly child: ChildProcess
  readonly url: string
  readonly place: string
  readonly tokens: Record<string, string>
  readonly output: () => string
}

const launch = (): Promise<Started> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: root,
      env: { ...process.env, PORT: "0", DATA_DIR: dataDir, DATABASE_URL: "" },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let out = ""
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 30_000)
    const onData = (chunk: Buffer) => {
      out += chunk.toString()
      if (!out.includes("Open311 api_key:")) return
      clearTimeout(timer)
      const url = /listening on (http:\/\/\S+)/.exec(out)![1]!
      const place = /demo place \(the grid worker's block\): (\S+)/.exec(out)![1]!
      const tokens: Record<string, string> = {}
      for (const m of out.matchAll(/TOKEN (\S+)\s+\S+\s+\S+\s+(\S+)/g)) tokens[m[1]!] = m[2]!
      resolve({ child, url, place, tokens, output: () => out })
    }
    child.stdout!.on("data", onData)
    child.stderr!.on("data", (c: Buffer) => {
      out += c.toString()
    })
    child.on("exit", (code) => reject(new Error(`server exited (${code}):\n${out}`)))
  })

const stop = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    child.removeAllListeners("exit")
    child.on("exit", (code) => resolve(code))
    child.kill("SIGTERM")
  })

const post = async (url: string, token: string, path: string, body: unknown) => {
  const res = await fetch(url + path, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body)
  })
  // biome-ignore lint/suspicious/noExplicitAny: the test reads JSON replies by path
  return { status: res.status, body: (await res.json()) as any }
}

describe("the example server", () => {
  it("walks a case to closure with the printed tokens, and stops on SIGTERM without losing acknowledged requests", async () => {
    const server = await launch()
    const { url, tokens, place } = server
    expect(Object.keys(tokens)).toEqual(
      expect.arrayContaining(["gridWorker", "gridChief", "dispatcher", "departmentOfficer", "leader", "public"])
    )
    const docs = await fetch(`${url}/docs`)
    expect(docs.status).toBe(200)

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
    const code = stop(server.child)
    const answered = (await Promise.all(inflight)).filter((r) => r?.status === 201).map((r) => r!.body.caseId)
    expect(await code).not.toBe(null)

    const again = await launch()
    try {
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
      expect(again.output()).not.toContain("seeded with the Yumen fixture")
    } finally {
      await stop(again.child)
    }
  }, 90_000)
})
