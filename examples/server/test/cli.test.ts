/**
 * The example server's command line and start-up failures, as a user meets them:
 * `--help` lists every option with its environment variable; a bad option or
 * variable, a port in use, a database that does not answer or a data directory it
 * cannot use each print one line on stderr (no stack trace, no password) and exit
 * non-zero: 2 for a bad command line, 1 when it cannot start.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, afterEach, describe, expect, it } from "vitest"
import { type Ended, killLeftovers, run } from "./process.js"

const dir = mkdtempSync(join(tmpdir(), "gridgov-example-cli-"))
afterEach(killLeftovers)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** One line on stderr, starting with the program's name, and no stack trace anywhere. */
const oneLine = (r: Ended) => {
  const lines = r.stderr.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("WARNING calendar"))
  expect({ lines, stdout: r.stdout.match(/\n\s+at /) }).toEqual({ lines: [expect.any(String)], stdout: null })
  expect(lines[0]).toMatch(/^gridgov server: /)
  return lines[0]!
}

describe("the example server's command line", () => {
  it("--help lists every option with the environment variable it falls back to", async () => {
    const r = await run(["--help"], { DATA_DIR: join(dir, "help") })
    expect(r.status).toBe(0)
    for (const [flag, variable] of [
      ["--port N", "PORT"],
      ["--host ADDRESS", "HOST"],
      ["--data-dir DIR", "DATA_DIR"],
      ["--database-url URL", "DATABASE_URL"],
      ["--webhook-url URL", "WEBHOOK_URL"]
    ]) {
      expect(r.stdout).toMatch(new RegExp(`${flag} .*\\(${variable}[;)]`))
    }
    expect(r.stdout).toContain("GRIDGOV_SECRET")
    expect(r.stdout).toContain("OPEN311_API_KEY")
    expect(r.stdout).toContain("GRIDGOV_WEBHOOK_SECRET")
    expect(existsSync(join(dir, "help"))).toBe(false)
  })

  const refused: Array<{ what: string; args: Array<string>; env?: Record<string, string>; says: RegExp }> = [
    { what: "an unknown option", args: ["--bogus"], says: /unknown option --bogus/ },
    {
      what: "a misspelt option",
      args: ["--prot", "8080"],
      says: /unknown option --prot \(did you mean --port\?\)/
    },
    { what: "a stray argument", args: ["serve"], says: /unexpected .*"serve"/i },
    { what: "--port abc", args: ["--port", "abc"], says: /--port: "abc".*an integer from 0 to 65535/ },
    { what: "PORT=abc", args: [], env: { PORT: "abc" }, says: /--port: "abc".*\(--port or PORT\)/ },
    { what: "--port 65536", args: ["--port", "65536"], says: /--port: "65536"/ },
    {
      what: "a DATABASE_URL that is not PostgreSQL",
      args: [],
      env: { DATABASE_URL: "mysql://root:hunter2@db.example/gridgov" },
      says: /--database-url: "mysql:\/\/root:\*\*\*@db\.example\/gridgov".*a PostgreSQL URL/
    },
    {
      what: "a --database-url that is not PostgreSQL",
      args: ["--database-url", "sqlite:gridgov.db"],
      says: /--database-url: "sqlite:gridgov\.db"/
    },
    {
      what: "a --webhook-url that is not http(s)",
      args: ["--webhook-url", "ftp://hooks.example/gridgov"],
      says: /--webhook-url: "ftp:\/\/hooks\.example\/gridgov".*an http:\/\/ or https:\/\/ URL/
    },
    {
      what: "a WEBHOOK_URL that is not a URL",
      args: [],
      env: { WEBHOOK_URL: "hooks.example" },
      says: /--webhook-url: "hooks\.example".*\(--webhook-url or WEBHOOK_URL\)/
    }
  ]
  it.each(refused)("refuses $what in one line, status 2, touching nothing", async (c) => {
    const data = join(dir, "refused")
    const r = await run(c.args, { DATA_DIR: data, ...c.env })
    expect(r.status).toBe(2)
    expect(oneLine(r)).toMatch(c.says)
    expect(r.stderr).not.toContain("hunter2")
    expect(existsSync(data)).toBe(false)
  })
})

describe("the example server when it cannot start", () => {
  it("a port in use: one line naming the address, status 1", async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve))
    const port = (blocker.address() as { port: number }).port
    try {
      const r = await run(["--port", String(port)], { DATA_DIR: join(dir, "busy") })
      expect(r.status).toBe(1)
      expect(oneLine(r)).toBe(
        `gridgov server: cannot listen on 127.0.0.1:${port}: the port is in use (EADDRINUSE); choose another with --port or PORT`
      )
    } finally {
      await new Promise((resolve) => blocker.close(resolve))
    }
  })

  it("a PostgreSQL server that does not answer: one line naming it without its password, status 1", async () => {
    const r = await run(["--port", "0"], {
      DATA_DIR: join(dir, "nopg"),
      DATABASE_URL: "postgres://gridgov:hunter2@127.0.0.1:1/gridgov"
    })
    expect(r.status).toBe(1)
    expect(oneLine(r)).toMatch(
      /^gridgov server: cannot open the store \(PostgreSQL postgres:\/\/gridgov:\*\*\*@127\.0\.0\.1:1\/gridgov\): connection refused/
    )
    expect(r.stdout + r.stderr).not.toContain("hunter2")
  })

  it("a data directory that is a file: one line naming it, status 1", async () => {
    const file = join(dir, "a-file")
    writeFileSync(file, "not a directory")
    const r = await run(["--port", "0", "--data-dir", file])
    expect(r.status).toBe(1)
    expect(oneLine(r)).toMatch(new RegExp(`^gridgov server: cannot use the data directory ${file}: `))
  })

  it("a webhook secret too short: one line saying what it needs, status 1", async () => {
    const r = await run(["--port", "0", "--webhook-url", "http://127.0.0.1:9/hooks"], {
      DATA_DIR: join(dir, "short-hook"),
      GRIDGOV_WEBHOOK_SECRET: "short"
    })
    expect(r.status).toBe(1)
    expect(oneLine(r)).toBe(
      "gridgov server: GRIDGOV_WEBHOOK_SECRET: at least 16 bytes expected, got 5; unset it to have one generated and kept in the data directory"
    )
  })

  it("a token secret too short: one line saying what it needs, status 1", async () => {
    const r = await run(["--port", "0"], { DATA_DIR: join(dir, "short"), GRIDGOV_SECRET: "too short" })
    expect(r.status).toBe(1)
    expect(oneLine(r)).toBe(
      "gridgov server: GRIDGOV_SECRET: at least 32 bytes expected, got 9; unset it to have one generated and kept in the data directory"
    )
  })
})
