import { spawnSync } from "node:child_process"
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"

const script = new URL("../check-direction.mjs", import.meta.url).pathname
const roots: Array<string> = []

type Files = Record<string, string | object>

const workspace = (files: Files) => {
  const root = mkdtempSync(join(tmpdir(), "direction-"))
  roots.push(root)
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), typeof content === "string" ? content : JSON.stringify(content))
  }
  return root
}

const check = (root: string) => {
  const result = spawnSync(process.execPath, [script, root], { encoding: "utf8" })
  return { status: result.status, output: `${result.stdout}${result.stderr}` }
}

const manifest = (name: string, extra: object = {}) => ({
  name,
  exports: { ".": "./dist/index.js", "./internal/*": null },
  ...extra
})

const core = manifest("@gridgov/core", {
  peerDependencies: { effect: "^4" },
  devDependencies: { effect: "^4", vitest: "^5" }
})

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true })
})

describe("rules of direction", () => {
  it("accepts a workspace that follows them", () => {
    const root = workspace({
      "packages/core/package.json": core,
      "packages/core/src/Grid.ts":
        'import { Schema } from "effect"\nimport * as I from "./internal/x.js"\n// Date.now() in a comment is fine\n',
      "packages/core/test/Grid.test.ts":
        'import { Grid } from "@gridgov/core"\nimport { expect } from "vitest"\nimport * as I from "../src/internal/x.js"\n',
      "packages/storage-sql/package.json": manifest("@gridgov/storage-sql", {
        peerDependencies: { effect: "^4", "@gridgov/core": "^0" }
      }),
      "packages/storage-sql/src/Store.ts": 'import { Grid } from "@gridgov/core"\nimport { Effect } from "effect"\n',
      "packages/storage-sqlite/package.json": manifest("@gridgov/storage-sqlite", {
        peerDependencies: { effect: "^4", "@gridgov/core": "^0" },
        dependencies: { "@gridgov/storage-sql": "^0" }
      }),
      "packages/storage-sqlite/src/Sqlite.ts":
        'import { SqlStore } from "@gridgov/storage-sql"\nimport { DatabaseSync } from "node:sqlite"\n'
    })
    const { status, output } = check(root)
    expect(output).toContain("Rules of direction: ok")
    expect(status).toBe(0)
  })

  it("reports every violation in core and between adapters", () => {
    const root = workspace({
      "packages/core/package.json": core,
      "packages/core/src/Clock.ts": [
        'import { readFileSync } from "node:fs"',
        'import * as fc from "fast-check"',
        'import { x } from "./x"',
        "export const now = () => Date.now()",
        "export const roll = () => Math.random()",
        "setTimeout(() => {}, 1)",
        "export const today = new Date()"
      ].join("\n"),
      "packages/notify-email/package.json": manifest("@gridgov/notify-email", {
        dependencies: { effect: "^4", "@gridgov/storage-sql": "^0" }
      }),
      "packages/notify-email/src/Email.ts":
        'import { Effect } from "effect"\nimport { Store } from "@gridgov/storage-sql"\nimport nodemailer from "nodemailer"\n',
      "packages/http/package.json": { name: "@gridgov/http", exports: { ".": "./dist/index.js" } }
    })
    const { status, output } = check(root)
    expect(status).toBe(1)
    expect(output).toContain("core may not import node:fs")
    expect(output).toContain("core may import only effect, not fast-check")
    expect(output).toContain('relative import "./x" must end in .js')
    expect(output).toContain("Date.now() reads the wall clock")
    expect(output).toContain("Math.random() is not reproducible")
    expect(output).toContain("timers do not belong in core")
    expect(output).toContain("new Date() reads the wall clock")
    expect(output).toContain("@gridgov/notify-email may not import another adapter (@gridgov/storage-sql)")
    expect(output).toContain("imports nodemailer, which package.json does not declare")
    expect(output).toContain("effect must be a peer dependency")
    expect(output).toContain('packages/http/package.json: exports must block "./internal/*" with null')
  })
  it("refuses a core that imports ts-pattern: core takes effect alone", () => {
    const root = workspace({
      "packages/core/package.json": manifest("@gridgov/core", {
        peerDependencies: { effect: "^4" },
        dependencies: { "ts-pattern": "^5" }
      }),
      "packages/core/src/Case.ts": 'import { match } from "ts-pattern"\n'
    })
    const { status, output } = check(root)
    expect(status).toBe(1)
    expect(output).toContain("packages/core/src/Case.ts: core may import only effect, not ts-pattern")
  })

  it("refuses a test that imports an undeclared package, another package by relative path, or its internals", () => {
    const root = workspace({
      "packages/core/package.json": core,
      "packages/core/src/Grid.ts": 'import { Schema } from "effect"\n',
      "packages/testing/package.json": manifest("@gridgov/testing", {
        peerDependencies: { effect: "^4", "@gridgov/core": "^0" },
        devDependencies: { "@gridgov/core": "workspace:*", vitest: "^5" }
      }),
      "packages/core/test/Access.test.ts": [
        'import { Memory } from "@gridgov/testing"',
        'import * as fc from "fast-check"',
        'import { describe } from "vitest"',
        'import { helper } from "../../testing/test/helper.js"',
        'import { sha } from "../src/internal/sha.js"'
      ].join("\n"),
      "packages/testing/test/Memory.test.ts": [
        'import { Grid } from "@gridgov/core"',
        'import * as index from "@gridgov/core/internal/gridIndex"',
        'import { x } from "../../core/src/Grid.js"',
        'import { y } from "./helper.js"'
      ].join("\n"),
      "examples/yumen/package.json": { name: "@gridgov/example-yumen", private: true },
      "examples/yumen/test/yumen.test.ts": 'import { pg } from "../../../packages/storage-postgres/test/pg.js"\n'
    })
    const { status, output } = check(root)
    expect(status).toBe(1)
    expect(output).toContain(
      "packages/core/test/Access.test.ts: imports @gridgov/testing, which packages/core/package.json does not declare"
    )
    expect(output).toContain(
      "packages/core/test/Access.test.ts: imports fast-check, which packages/core/package.json does not declare"
    )
    expect(output).toContain(
      'packages/core/test/Access.test.ts: reaches "../../testing/test/helper.js" outside its package by a relative path'
    )
    expect(output).toContain(
      'packages/testing/test/Memory.test.ts: imports "@gridgov/core/internal/gridIndex": internal/ is private to @gridgov/core'
    )
    expect(output).toContain(
      'packages/testing/test/Memory.test.ts: reaches "../../core/src/Grid.js" outside its package'
    )
    expect(output).toContain(
      'examples/yumen/test/yumen.test.ts: reaches "../../../packages/storage-postgres/test/pg.js"'
    )
    // its own sources, by relative path, and its declared packages are fine
    expect(output).not.toContain("../src/internal/sha.js")
    expect(output).not.toContain("./helper.js")
    expect(output).not.toContain("imports vitest")
    expect(output).not.toContain("Memory.test.ts: imports @gridgov/core,")
  })

  it("sees a side-effect import, even when a named import follows it", () => {
    const root = workspace({
      "packages/core/package.json": core,
      "packages/core/src/Grid.ts": 'import "node:fs"\nimport { Schema } from "effect"\n',
      "packages/testing/package.json": manifest("@gridgov/testing", {
        peerDependencies: { effect: "^4", "@gridgov/core": "^0" },
        devDependencies: { "@gridgov/core": "workspace:*", vitest: "^5" }
      }),
      "packages/testing/test/services.ts": [
        'import "@gridgov/http"',
        'import "../../http/src/Api.js"',
        "import {",
        "  Grid",
        '} from "@gridgov/core"'
      ].join("\n")
    })
    const { status, output } = check(root)
    expect(status).toBe(1)
    expect(output).toContain("packages/core/src/Grid.ts: core may not import node:fs")
    expect(output).toContain(
      "packages/testing/test/services.ts: imports @gridgov/http, which packages/testing/package.json does not declare"
    )
    expect(output).toContain('packages/testing/test/services.ts: reaches "../../http/src/Api.js" outside its package')
    expect(output).not.toContain("imports @gridgov/core,")
  })

  it("refuses a dependency cycle between workspace packages, dev dependencies included", () => {
    const root = workspace({
      "packages/core/package.json": manifest("@gridgov/core", {
        peerDependencies: { effect: "^4" },
        devDependencies: { "@gridgov/testing": "workspace:*" }
      }),
      "packages/testing/package.json": manifest("@gridgov/testing", {
        peerDependencies: { effect: "^4", "@gridgov/core": "^0" },
        devDependencies: { "@gridgov/core": "workspace:*" }
      })
    })
    const { status, output } = check(root)
    expect(status).toBe(1)
    expect(output).toContain("dependency cycle @gridgov/core -> @gridgov/testing -> @gridgov/core")
  })

  it("lets the facade (embed) load the calendar and the stores, and nothing else of ours", () => {
    const peers = { effect: "^4", "@gridgov/core": "^0" }
    const root = workspace({
      "packages/core/package.json": core,
      "packages/embed/package.json": manifest("@gridgov/embed", {
        peerDependencies: { ...peers, "@gridgov/storage-sqlite": "^0", "@gridgov/testing": "^0" },
        dependencies: { "@gridgov/calendar-cn": "^0", "@gridgov/storage-sql": "^0", "@gridgov/http": "^0" }
      }),
      "packages/embed/src/Store.ts": [
        'import { Effect } from "effect"',
        'import { CaseService } from "@gridgov/core"',
        'import { CalendarCn } from "@gridgov/calendar-cn"',
        'const sqlite = () => import("@gridgov/storage-sqlite")',
        'const memory = () => import("@gridgov/testing")',
        'import { SqlRecords } from "@gridgov/storage-sql"',
        'import { Api } from "@gridgov/http"'
      ].join("\n")
    })
    const { status, output } = check(root)
    expect(status).toBe(1)
    expect(output.trim().split("\n").slice(1)).toEqual([
      "  packages/embed/src/Store.ts: @gridgov/embed may not import another adapter (@gridgov/http)"
    ])
  })

  it("the CLI wires the stores, the calendar and http's token signer, and nothing else", () => {
    const peers = { peerDependencies: { effect: "^4", "@gridgov/core": "^0" } }
    const deps = ["@gridgov/storage-sqlite", "@gridgov/storage-postgres", "@gridgov/http", "@gridgov/notify-email"]
    const root = workspace({
      "packages/core/package.json": core,
      "packages/cli/package.json": manifest("@gridgov/cli", {
        ...peers,
        dependencies: Object.fromEntries(deps.map((d) => [d, "^0"]))
      }),
      "packages/cli/src/Store.ts": [
        'import { SqliteStore } from "@gridgov/storage-sqlite"',
        'import { PgStore } from "@gridgov/storage-postgres"',
        'import { Auth } from "@gridgov/http"',
        'import { Effect } from "effect"'
      ].join("\n"),
      "packages/cli/src/Notify.ts": 'import { Email } from "@gridgov/notify-email"\n'
    })
    const { status, output } = check(root)
    expect(status).toBe(1)
    expect(output.trim().split("\n").slice(1)).toEqual([
      "  packages/cli/src/Notify.ts: @gridgov/cli may not import another adapter (@gridgov/notify-email)"
    ])
  })
})
