import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { Embed } from "@gridgov/embed"
import { afterAll, describe, expect, it } from "vitest"
import { value } from "./support.js"

const qinglan = fileURLToPath(new URL("../../../examples/cities/qinglan", import.meta.url))
const dir = mkdtempSync(join(tmpdir(), "gridgov-embed-folder-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// Qinglan's people and places (examples/cities/qinglan): a micro-grid, its grid worker, the center's dispatcher
const microGrid = "9901020010010101"
const worker = { person: "q-00005" }
const dispatcher = { person: "q-01367" }
const overflow = { kind: "event", category: "event.waste.overflow", place: microGrid, summary: "垃圾桶满溢" } as const

/** Qinglan's folder copied, with `file`'s line `line` (1 = the header) replaced by `row`. */
const faulty = (name: string, edits: ReadonlyArray<readonly [file: string, line: number, row: string]>): string => {
  const copy = join(dir, name)
  cpSync(qinglan, copy, { recursive: true })
  for (const [file, line, row] of edits) {
    const lines = readFileSync(join(copy, file), "utf8").split("\n")
    lines[line - 1] = row
    writeFileSync(join(copy, file), lines.join("\n"))
  }
  return copy
}

describe("Embed with a city folder", () => {
  const file = join(dir, "qinglan.db")

  it("an empty store imports the folder: a case reported at a Qinglan micro-grid is read back", async () => {
    const gridgov = await Embed.start({ store: `sqlite:${file}`, city: { folder: qinglan }, sweep: false })
    try {
      const id = value(await gridgov.as({ resident: "user-1" }).report(overflow)).caseId
      const view = value(await gridgov.as(dispatcher).get(id))
      expect(view.state).toMatchObject({ kind: "event", category: "event.waste.overflow", place: microGrid })
      expect(view.history.map((e) => e.type)).toEqual(["Opened"])
      // Qinglan's staff directory: its grid worker may report at their micro-grid; Yumen's codes are unknown
      expect(value(await gridgov.as(worker).report(overflow)).caseId).not.toBe(id)
      const yumen = await gridgov.as(worker).report({ ...overflow, place: "620981101201001" })
      expect(yumen.ok).toBe(false)
    } finally {
      await gridgov.close()
    }
  })

  it("a restart over the same file reads the stored city: the folder is not read again", async () => {
    // a folder that would refuse: the store holds a configuration, so it is never read
    const gridgov = await Embed.start({
      store: `sqlite:${file}`,
      city: { folder: join(dir, "no-such-folder") },
      sweep: false
    })
    try {
      const page = value(await gridgov.as(dispatcher).list({ grid: microGrid }))
      expect(page.items.map((s) => s.category)).toEqual(["event.waste.overflow", "event.waste.overflow"])
      expect(value(await gridgov.as(worker).report(overflow)).caseId).toMatch(/./)
      expect(value(await gridgov.verify())).toMatchObject({ streams: 3 })
    } finally {
      await gridgov.close()
    }
  })

  it("a folder with faults refuses to start with CityInvalid listing each as file:line: reason; nothing is written", async () => {
    const store = `sqlite:${join(dir, "faulty.db")}`
    const folder = faulty("faulty", [
      ["posts.csv", 5, "q-00004#1,q-00004,gridWorker,99010200100101,,2025-13-01,"],
      ["grids.csv", 3, "990102001,990102,street,,Qinglan Street,,,false,invented"]
    ])
    const failed = await Embed.start({ store, city: { folder }, sweep: false }).catch((e: Embed.StartError) => e)
    expect(failed).toBeInstanceOf(Embed.StartError)
    expect(failed).toMatchObject({ _tag: "CityInvalid" })
    const message = (failed as Error).message
    expect(message).toContain(`city folder ${folder}`)
    expect(message).toMatch(/^ {2}posts\.csv:5: valid_from: .+$/m)
    expect(message).toMatch(/^ {2}grids\.csv:3: name_zh: .+$/m)

    // the store was left empty: the good folder imports into it
    const gridgov = await Embed.start({ store, city: { folder: qinglan }, sweep: false })
    try {
      expect(value(await gridgov.as(worker).report(overflow)).caseId).toMatch(/./)
    } finally {
      await gridgov.close()
    }
  })

  it("a fault found when the changes are decided names its file and line too", async () => {
    // a post at a grid the folder does not have
    const folder = faulty("unknown-grid", [
      ["posts.csv", 6, "q-00005#1,q-00005,gridWorker,9901029999999999,,2025-01-01,"]
    ])
    const failed = await Embed.start({
      store: `sqlite:${join(dir, "unknown.db")}`,
      city: { folder },
      sweep: false
    }).catch((e: Embed.StartError) => e)
    expect(failed).toMatchObject({ _tag: "CityInvalid" })
    expect((failed as Error).message).toMatch(/^ {2}posts\.csv:6: .*9901029999999999/m)
  })

  it("a city folder that is not a path is CityInvalid", async () => {
    const failed = await Embed.start({ store: "memory", city: { folder: "" } }).catch((e: Embed.StartError) => e)
    expect(failed).toMatchObject({ _tag: "CityInvalid", message: 'city: a city folder is { folder: "path/to/city" }' })
  })
})
