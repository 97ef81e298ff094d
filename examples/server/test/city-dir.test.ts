/**
 * A second city with no code of its own: the example server started on an empty data
 * directory with `CITY_DIR` set to Qinglan's folder (five levels, its own categories,
 * units and routing) imports it, then works from the store: a minor event reported in a
 * micro-grid is routed to that micro-grid and walked to closure by its worker, whose
 * token `gridgov token` signs; `gridgov audit verify` finds the store intact, and
 * `gridgov export` gives the folder back byte for byte.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Cli } from "@gridgov/cli"
import { ConfigProvider, Console, Effect } from "effect"
import { afterAll, afterEach, expect, it } from "vitest"
import { killLeftovers, launch, post, root, stop } from "./process.js"

const qinglan = join(root, "../cities/qinglan")
const dataDir = mkdtempSync(join(tmpdir(), "gridgov-qinglan-"))
afterEach(killLeftovers)
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

const gridgov = (args: ReadonlyArray<string>) => {
  const out: Array<string> = []
  const err: Array<string> = []
  const captured: Console.Console = {
    ...globalThis.console,
    log: (...parts: ReadonlyArray<unknown>) => out.push(parts.join(" ")),
    error: (...parts: ReadonlyArray<unknown>) => err.push(parts.join(" "))
  }
  return Effect.runPromise(
    Cli.run(args).pipe(
      Effect.provideService(Console.Console, captured),
      Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromEnvRecord({ DATA_DIR: dataDir }))
    )
  ).then((code) => ({ code, out, err }))
}

const files = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f !== "README.md")
      .sort()
      .map((f) => [f, readFileSync(join(dir, f), "utf8")])
  )

it("runs Qinglan, a five-level district, from its folder alone, through the server and the CLI", {
  timeout: 600_000
}, async () => {
  const server = await launch({ PORT: "0", DATA_DIR: dataDir, CITY_DIR: qinglan })
  const store = `sqlite:${join(dataDir, "gridgov.db")}`
  try {
    expect(server.output()).toContain("configuration version 4212")
    expect(server.output()).toContain(`an empty store imports ${qinglan}`)
    // a micro-grid (level 4) and its worker, from the folder
    const micro = "9901020010010101"
    const worker = readFileSync(join(qinglan, "posts.csv"), "utf8")
      .split("\n")
      .find((l) => l.includes(`,gridWorker,${micro},`))!
      .split(",")[1]!
    const token = await gridgov(["token", "--store", store, worker])
    expect(token.err).toEqual([])
    const mine = token.out[0]!

    const opened = await post(server.url, mine, "/cases", {
      kind: "event",
      category: "event.waste.overflow",
      place: micro,
      severity: "minor"
    })
    expect(opened.status).toBe(201)
    const id = opened.body.caseId as string
    const registered = await post(server.url, server.tokens.dispatcher!, `/cases/${id}/commands`, { _tag: "Register" })
    expect(registered.status).toBe(200)
    // 小事不出微网格: the district's own rule sends it to the micro-grid
    expect(registered.body.handler).toEqual({ unit: micro, level: 4 })
    for (const command of [{ _tag: "Acknowledge" }, { _tag: "SubmitResult", result: "emptied", evidence: [] }]) {
      expect((await post(server.url, mine, `/cases/${id}/commands`, command)).status).toBe(200)
    }
    const verified = await post(server.url, server.tokens.gridChief!, `/cases/${id}/commands`, {
      _tag: "Verify",
      passed: true
    })
    expect(verified.body.status).toBe("closed")
  } finally {
    await stop(server)
  }
  const audit = await gridgov(["audit", "verify", "--store", store])
  expect(audit.err).toEqual([])
  expect(audit.code).toBe(0)
  const out = join(dataDir, "exported")
  expect((await gridgov(["export", "--store", store, out])).code).toBe(0)
  expect(files(out)).toEqual(files(qinglan))
})
