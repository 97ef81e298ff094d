import { spawnSync } from "node:child_process"
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"

const script = new URL("../check-handlers.mjs", import.meta.url).pathname
const roots: Array<string> = []

const handler = (source: string) => {
  const root = mkdtempSync(join(tmpdir(), "handlers-"))
  roots.push(root)
  const path = join(root, "packages/http/src/internal/handlers/notices.ts")
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, source)
  return root
}

const check = (root: string) => {
  const result = spawnSync(process.execPath, [script, root], { encoding: "utf8" })
  return { status: result.status, output: `${result.stdout}${result.stderr}` }
}

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true })
})

const thin = `import { type Access, Grid, NoticeService, type Notice } from "@gridgov/core"
import type { Records } from "@gridgov/core"
import { Effect } from "effect"
// Date.now() in a comment is fine
export const get = (id: string, actor: Access.Actor) =>
  Effect.flatMap(NoticeService.NoticeService, (s) => s.get(id, actor))
export const code = (tree: Grid.Tree, id: number): string => Grid.record(tree, id).code
export type Shown = Notice.Notice | Records.View
`

describe("thin handlers", () => {
  it("accepts a handler that calls a service, reads the tree and imports rule modules as types only", () => {
    const { status, output } = check(handler(thin))
    expect(output).toContain("Thin handlers: ok (1 files)")
    expect(status).toBe(0)
  })

  it("refuses a rule module of core imported as a value, by name or as a namespace", () => {
    for (const source of [
      `import { Notice, NoticeService } from "@gridgov/core"\nexport const f = Notice.shown\n`,
      `import * as Records from "@gridgov/core/Records"\nexport const f = Records.canRead\n`,
      `import { Mask as M } from "@gridgov/core"\nexport const f = M\n`,
      `import { RecordStore } from "@gridgov/core"\nexport const f = RecordStore.RecordStore\n`
    ]) {
      const { status, output } = check(handler(source))
      expect(output).toMatch(/imports (Notice|Records|Mask|RecordStore) from @gridgov\/core as a value/)
      expect(status).toBe(1)
    }
  })

  it("refuses a jurisdiction check written inline with the tree's ranks, or a scope from Access", () => {
    const inline = `import { Grid } from "@gridgov/core"\nexport const inside = (t: Grid.Tree, a: number, b: number) => Grid.interval(t, a).pre <= b\n`
    expect(check(handler(inline)).output).toContain("calls Grid.interval")
    const scoped = `import { Access } from "@gridgov/core"\nexport const s = (c: Access.Context, a: Access.Actor) => Access.scope(c, a)\n`
    const { status, output } = check(handler(scoped))
    expect(output).toContain("calls Access.scope")
    expect(status).toBe(1)
  })

  it("refuses the wall clock, effect's Clock and Random, and a hard-coded +08:00", () => {
    for (const [source, message] of [
      ["export const today = () => new Date(Date.now()).toISOString()\n", "Date.now()"],
      ['import { Clock } from "effect"\nexport const now = Clock.currentTimeMillis\n', "Clock and Random"],
      ['export const d = (t: number) => new Date(t + 8 * 3_600_000).toISOString().slice(0, 10) + "+08:00"\n', "UTC+8"]
    ] as const) {
      const { status, output } = check(handler(source))
      expect(output).toContain(message)
      expect(status).toBe(1)
    }
  })
})
