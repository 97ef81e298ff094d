/**
 * A token from `gridgov token` is accepted by the example server: the server started
 * on an empty data directory (it makes its secret and seeds its city there), the
 * command reads the same store and the same secret file, and `GET /me` answers with
 * the person and the posts the command named.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Cli } from "@gridgov/cli"
import { ConfigProvider, Console, Effect } from "effect"
import { afterAll, expect, it } from "vitest"

const root = new URL("..", import.meta.url).pathname
const dataDir = mkdtempSync(join(tmpdir(), "gridgov-token-e2e-"))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

const launch = (): Promise<{ child: ChildProcess; url: string; banner: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: root,
      env: { ...process.env, PORT: "0", DATA_DIR: dataDir, DATABASE_URL: "", GRIDGOV_SECRET: "" },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let out = ""
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 240_000)
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString()
      if (!out.includes("Open311 api_key:")) return
      clearTimeout(timer)
      resolve({ child, url: /listening on (http:\/\/\S+)/.exec(out)![1]!, banner: out })
    })
    child.stderr!.on("data", (c: Buffer) => {
      out += c.toString()
    })
    child.on("exit", (code) => reject(new Error(`server exited (${code}):\n${out}`)))
  })

const gridgov = (args: ReadonlyArray<string>, env: Record<string, string> = {}) => {
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
      Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromEnvRecord(env))
    )
  ).then((code) => ({ code, out, err }))
}

it("the server accepts a token the CLI signed, for the person it was signed for", { timeout: 600_000 }, async () => {
  const server = await launch()
  try {
    // The demo grid worker the server printed: a person of its city with a post today.
    const person = /TOKEN gridWorker\s+(\S+)/.exec(server.banner)![1]!
    const ran = await gridgov(["token", "--store", `sqlite:${join(dataDir, "gridgov.db")}`, person, "--json"])
    expect(ran.err).toEqual([])
    expect(ran.code).toBe(0)
    const issued = JSON.parse(ran.out[0]!)
    const me = await fetch(`${server.url}/me`, { headers: { authorization: `Bearer ${issued.token}` } })
    expect(me.status).toBe(200)
    const body = (await me.json()) as { id: string; posts: ReadonlyArray<unknown> }
    expect(body.id).toBe(person)
    expect(body.posts).toEqual(issued.posts)
    // and one signed with another secret is refused
    const other = await gridgov(["token", "--store", `sqlite:${join(dataDir, "gridgov.db")}`, person], {
      GRIDGOV_SECRET: "x".repeat(40)
    })
    expect(other.code).toBe(0)
    const refused = await fetch(`${server.url}/me`, { headers: { authorization: `Bearer ${other.out[0]}` } })
    expect(refused.status).toBe(401)
  } finally {
    server.child.kill("SIGTERM")
  }
})
