/**
 * The command line as a user meets it: help everywhere, one line on stderr and a
 * non-zero exit for every mistake (never a stack trace), a store that must exist,
 * and the progress bar only where it belongs.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { Store } from "@gridgov/cli"
import { Effect, Result } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { cli, seed, spawn } from "./support.js"

const dir = mkdtempSync(join(tmpdir(), "gridgov-cli-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const seeded = async (name: string, streams: number, events: number) => {
  const path = join(dir, name)
  const url = Result.getOrThrow(Store.parse(`sqlite:${path}`))
  await Effect.runPromise(Effect.provide(seed(streams, events), Store.layer(url, { create: true })))
  return `sqlite:${path}`
}

describe("help", () => {
  it.each([[[]], [["audit"]], [["audit", "verify"]]])("gridgov %j --help: usage on stdout, exit 0", async (path) => {
    const ran = await cli([...path, "--help"])
    expect(ran.code).toBe(0)
    expect(ran.err).toEqual([])
    expect(ran.out.join("\n")).toContain("USAGE")
    expect(ran.out.join("\n")).toContain(`gridgov ${path.join(" ")}`.trim())
  })

  it("audit verify --help names the store flag and its URL forms", async () => {
    const text = (await cli(["audit", "verify", "--help"])).out.join("\n")
    expect(text).toContain("--store URL")
    expect(text).toContain("sqlite:PATH")
    expect(text).toContain("postgres://")
  })
})

describe("every mistake: one line on stderr, a non-zero exit", () => {
  const cases: ReadonlyArray<readonly [string, ReadonlyArray<string>, number, string]> = [
    ["no command", [], 2, "gridgov: name a command: import, export, audit, calendar, token (see gridgov --help)"],
    ["no subcommand", ["audit"], 2, "gridgov audit: name a command: verify (see gridgov audit --help)"],
    [
      "export with neither a store nor --empty",
      ["export", "my-city"],
      2,
      "gridgov export: name a store (--store URL), or --empty for the templates"
    ],
    [
      "import of a folder that does not exist",
      ["import", "--store", "sqlite:/nonexistent/x.db", "/nonexistent/city"],
      1,
      "gridgov import: /nonexistent/city: no such folder"
    ],
    [
      "an unknown command",
      ["audti"],
      2,
      'gridgov: Unknown subcommand "audti" for "gridgov" (did you mean audit?) (see gridgov --help)'
    ],
    [
      "no store",
      ["audit", "verify"],
      2,
      "gridgov audit verify: Missing required flag: --store (see gridgov audit verify --help)"
    ],
    [
      "a store that is no URL",
      ["audit", "verify", "--store", "data/gridgov.db"],
      2,
      'gridgov audit verify: Invalid value for flag --store: "data/gridgov.db". Expected sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE (no scheme) (see gridgov audit verify --help)'
    ],
    [
      "a bad table prefix",
      ["audit", "verify", "--store", "sqlite:x.db?prefix=Drop;"],
      2,
      'gridgov audit verify: Invalid value for flag --store: "sqlite:x.db?prefix=Drop;". Expected sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE (the prefix must match [a-z_][a-z0-9_]*) (see gridgov audit verify --help)'
    ]
  ]
  it.each(cases)("%s", async (_, args, code, line) => {
    const ran = await cli(args)
    expect(ran.code).toBe(code)
    expect(ran.err).toEqual([line])
    expect(ran.out).toEqual([])
  })

  it("a SQLite file that does not exist: exit 1, and no file is left behind", async () => {
    const path = join(dir, "missing.db")
    const ran = await cli(["audit", "verify", "--store", `sqlite:${path}`])
    expect(ran.code).toBe(1)
    expect(ran.err).toEqual([`gridgov audit verify: store sqlite:${path}: no such file`])
    expect(existsSync(path)).toBe(false)
  })

  it("a SQLite file that holds no gridgov store: exit 1, and no table is added to it", async () => {
    // A plain SQLite file, made without gridgov's tables:
    const path = join(dir, "other.db")
    const db = new DatabaseSync(path)
    db.exec("CREATE TABLE notes (id INTEGER)")
    db.close()
    const ran = await cli(["audit", "verify", "--store", `sqlite:${path}`])
    expect(ran.code).toBe(1)
    expect(ran.err).toEqual([
      `gridgov audit verify: store sqlite:${path}: holds no gridgov store (no table gridgov_migrations)`
    ])
    const after = new DatabaseSync(path)
    const tables = after.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()
    after.close()
    expect(tables.map((t) => t.name)).toEqual(["notes"])
  })

  it("a PostgreSQL server that does not answer: exit 1 with the driver's reason, the password not shown", async () => {
    const ran = await cli(["audit", "verify", "--store", "postgres://gridgov:s3cret@127.0.0.1:1/gridgov"])
    expect(ran.code).toBe(1)
    expect(ran.err).toHaveLength(1)
    expect(ran.err[0]).toMatch(
      /^gridgov audit verify: store postgres:\/\/gridgov:\*\*\*@127\.0\.0\.1:1\/gridgov: .*Failed to connect \(.*ECONNREFUSED/
    )
    expect(ran.err[0]).not.toContain("s3cret")
  })
})

describe("the progress bar", () => {
  it("is not drawn off a terminal, nor on a terminal under CI", async () => {
    const url = await seeded("quiet.db", 3, 2)
    expect((await cli(["audit", "verify", "--store", url])).bar).toBe("")
    expect((await cli(["audit", "verify", "--store", url], { isTTY: true, ci: true })).bar).toBe("")
  })

  it("is redrawn in place on a terminal, and cleared before the result", async () => {
    const url = await seeded("tty.db", 3, 2)
    const ran = await cli(["audit", "verify", "--store", url], { isTTY: true })
    const [configuration, cases] = ran.bar.split("\r\u001b[K").filter((s) => s !== "")
    expect(configuration).toMatch(/^\r\[#{24}\] verifying configuration 100\.0% {2}0 \/ 0 {2}0\/s/)
    expect(cases?.startsWith(`\r[${"#".repeat(24)}] verifying cases 100.0%  6 / 6  `)).toBe(true)
    expect(ran.bar.endsWith("/s\u001b[K\r\u001b[K")).toBe(true)
    expect(ran.out[1]).toBe("cases: 6 events in 3 streams, intact")
  })

  it("--progress: plain lines anywhere", async () => {
    const url = await seeded("forced.db", 3, 2)
    const ran = await cli(["audit", "verify", "--store", url, "--progress"], { ci: true })
    expect(ran.bar).toMatch(
      /^verifying configuration 100\.0% {2}0 \/ 0 {2}0\/s\nverifying cases 100\.0% {2}6 \/ 6 {2}[\d,]+\/s\n$/
    )
  })
})

describe("the executable", () => {
  // One process, as a user starts it (tsx on the sources): its start takes long on a loaded machine.
  it("exits with the code and prints one line on stderr, no stack trace", { timeout: 300_000 }, () => {
    const missing = spawn(["audit", "verify", "--store", `sqlite:${join(dir, "nowhere.db")}`])
    expect(missing.code).toBe(1)
    expect(missing.stdout).toBe("")
    expect(missing.stderr).toBe(`gridgov audit verify: store sqlite:${join(dir, "nowhere.db")}: no such file\n`)
  })
})
