/**
 * `gridgov import`, `gridgov export` and `gridgov calendar add-notice` on SQLite: the
 * Yumen folder into an empty store and back out byte for byte; a changed folder as a
 * diff (`--dry-run` writes nothing); rows left out kept, or pruned, and a prune refused
 * while what it removes is in use, naming where; a folder with faults refused whole,
 * every fault as `file:line: reason`.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { Folder } from "@gridgov/cli"
import { City, CityChange } from "@gridgov/core"
import { Yumen } from "@gridgov/testing"
import { Result } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { cli } from "./support.js"

const yumen = fileURLToPath(new URL("../../../examples/cities/yumen", import.meta.url))
const root = mkdtempSync(join(tmpdir(), "gridgov-city-"))
afterAll(() => rmSync(root, { recursive: true, force: true }))

let n = 0
/** A copy of a folder to edit. */
const copy = (from: string = yumen): string => {
  const dir = join(root, `folder-${++n}`)
  cpSync(from, dir, { recursive: true })
  return dir
}
const store = () => `sqlite:${join(root, `store-${++n}.db`)}`
/** Edits a file's lines: `edit(lines)` answers the new lines. */
const edit = (dir: string, file: string, f: (lines: Array<string>) => Array<string>) => {
  const path = join(dir, file)
  writeFileSync(path, f(readFileSync(path, "utf8").split("\n")).join("\n"))
}
/** Every file of a folder but its README, by name. */
const files = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f !== "README.md")
      .sort()
      .map((f) => [f, readFileSync(join(dir, f), "utf8")])
  )
const exported = async (url: string) => {
  const dir = join(root, `export-${++n}`)
  const r = await cli(["export", "--store", url, dir])
  expect(r.err).toEqual([])
  expect(r.code).toBe(0)
  return files(dir)
}

describe("examples/cities/yumen", () => {
  it("is the Yumen fixture, exported", () => {
    const decided = CityChange.decide(City.empty, Yumen.changes(), {
      actor: { id: "system", roles: ["system"] },
      reason: "the fixture",
      now: 0,
      version: 0,
      today: "2021-01-01"
    })
    const rendered = Object.fromEntries(Folder.render(Result.getOrThrow(decided).document))
    expect(files(yumen)).toEqual(rendered)
  })
})

describe("gridgov import and export", () => {
  const filled = store()

  it("imports Yumen into an empty store and exports it byte for byte; a second import changes nothing", async () => {
    const r = await cli(["import", "--store", filled, yumen])
    expect(r.err).toEqual([])
    expect(r.code).toBe(0)
    expect(r.out).toEqual([
      `imported ${yumen}: 4,796 change(s): 4,794 added, 2 changed, 0 retired, closed or ended; the configuration is at version 4796`
    ])
    expect(await exported(filled)).toEqual(files(yumen))
    const again = await cli(["import", "--store", filled, yumen])
    expect(again.out).toEqual(["nothing to change: the store holds this city already (version 4796)"])
  })

  it("--dry-run prints one line per change of a changed folder and writes nothing", async () => {
    const dir = copy()
    edit(dir, "grids.csv", (l) =>
      l.map((x) => x.replace(",新市区街道第一社区2号小区,", ",新市区街道第一社区二号小区,"))
    )
    edit(dir, "people.csv", (l) => [...l.slice(0, -1), "p-09999,新同事", ""])
    edit(dir, "posts.csv", (l) => [
      ...l.map((x) => (x.startsWith("p-00005#1,") ? x.replace(/,$/, ",2026-12-31") : x)).slice(0, -1),
      "p-09999#1,p-09999,gridWorker,620981001001502,,2026-01-01,",
      ""
    ])
    const before = await exported(filled)
    const r = await cli(["import", "--store", filled, "--dry-run", dir])
    expect(r.err).toEqual([])
    expect(r.code).toBe(0)
    expect(r.out).toEqual([
      "~ grid 620981001001502: name 新市区街道第一社区2号小区 -> 新市区街道第一社区二号小区",
      "+ person p-09999 新同事",
      "~ post p-00005#1: valid_to (open) -> 2026-12-31",
      "+ post p-09999#1 p-09999 gridWorker at grid 620981001001502",
      "dry run: 4 change(s): 2 added, 2 changed, 0 retired, closed or ended; would reach version 4800; nothing written"
    ])
    expect(await exported(filled)).toEqual(before)
    // and for real: the same changes, and the folder is what the store holds now
    const real = await cli(["import", "--store", filled, dir])
    expect(real.code).toBe(0)
    expect(await exported(filled)).toEqual(files(dir))
  })

  it("keeps a row the folder leaves out, unless --prune; --prune refused for what is in use, naming where", async () => {
    const url = store()
    expect((await cli(["import", "--store", url, yumen])).code).toBe(0)
    const dir = copy()
    // a unit with posts and routing rules; the only post of a department the routing table names; one of four workers of a block
    edit(dir, "units.csv", (l) => l.filter((x) => !x.startsWith("committee.water,")))
    edit(dir, "posts.csv", (l) => l.filter((x) => !x.startsWith("p-02049#1,") && !x.startsWith("p-00004#1,")))
    const kept = await cli(["import", "--store", url, "--dry-run", dir])
    expect(kept.out).toEqual(["nothing to change: the store holds this city already (version 4796)"])

    const before = await exported(url)
    const refused = await cli(["import", "--store", url, "--prune", dir])
    expect(refused.code).toBe(1)
    expect(refused.out).toEqual([])
    expect(refused.err).toHaveLength(4)
    expect(refused.err[0]).toMatch(
      /^units\.csv: unit committee\.water .*: refused, still in use: ActivePosts committee\.water: p-02026#1, p-02027#1; end or transfer these posts/
    )
    expect(refused.err[1]).toMatch(
      /^units\.csv: unit committee\.water .*: refused, still in use: InUse committee\.water: routing\.json:\d+ \(rules\.\d+\.target\), routing\.json:\d+ \(committees\.3\.unit\);/
    )
    expect(refused.err[2]).toMatch(
      /^posts\.csv: post p-02049#1 p-02049 departmentOfficer at unit dept\.market \(ended on \d{4}-\d\d-\d\d\): refused, still in use: UncoveredUnit dept\.market: routing\.json:\d+ \(rules\.15\.target\), routing\.json:\d+ \(owners\.\d+\.unit\).*; name a replacement/
    )
    expect(refused.err[3]).toBe("gridgov import: 3 change(s) would leave work with no one to do it: nothing written")
    expect(await exported(url)).toEqual(before)

    // what is not in use goes: the block keeps three workers
    const harmless = copy()
    edit(harmless, "posts.csv", (l) => l.filter((x) => !x.startsWith("p-00004#1,")))
    const pruned = await cli(["import", "--store", url, "--prune", "--dry-run", harmless])
    expect(pruned.code).toBe(0)
    expect(pruned.out[0]).toMatch(/^- post p-00004#1 p-00004 gridWorker at grid 620981001001501 \(ended on /)
  })

  it("a folder with three faults: every one as file:line: reason, and nothing written", async () => {
    const dir = copy()
    edit(dir, "posts.csv", (l) =>
      l.map((x) => (x.startsWith("p-00002#1,") ? x.replace("2020-01-01", "2021-02-30") : x))
    )
    edit(dir, "people.csv", (l) => l.map((x) => (x.startsWith("p-00003,") ? "p-00002,重复" : x)))
    edit(dir, "routing.json", (l) => l.map((x) => x.replace('"backstop": "center.grid"', '"backstop": 5')))
    const url = store()
    const r = await cli(["import", "--store", url, dir])
    expect(r.code).toBe(1)
    expect(r.out).toEqual([])
    const backstop = readFileSync(join(dir, "routing.json"), "utf8")
      .split("\n")
      .findIndex((x) => x.includes('"backstop"'))
    expect(r.err).toEqual([
      "people.csv:4: id p-00002 is on line 3 already",
      "posts.csv:3: valid_from: Expected a real calendar date",
      `routing.json:${backstop + 1}: backstop: Expected string`,
      `gridgov import: 3 fault(s) in ${dir}: nothing written`
    ])
    // nothing written: the store was not even made
    expect((await cli(["export", "--store", url, join(root, "none")])).err).toEqual([
      `gridgov export: store ${url}: no such file`
    ])
  })

  it("a boundary that is no polygon, or of no grid, is named by its feature's line", async () => {
    const bad = copy()
    edit(bad, "boundaries.geojson", (l) =>
      l.map((x, k) => (k === 3 ? x.replace(/"coordinates":\[\[\[[0-9.]+/, '"coordinates":[[[1000') : x))
    )
    const r = await cli(["import", "--store", store(), "--dry-run", bad])
    expect(r.err).toEqual([
      "boundaries.geojson:4: geometry.coordinates.0.0.0: Expected a value between -180 and 180",
      `gridgov import: 1 fault(s) in ${bad}: nothing written`
    ])
    const unknown = copy()
    edit(unknown, "boundaries.geojson", (l) =>
      l.map((x, k) => (k === 5 ? x.replace(/"code":"\d+"/, '"code":"620981999999"') : x))
    )
    const u = await cli(["import", "--store", store(), "--dry-run", unknown])
    expect(u.err).toEqual([
      "boundaries.geojson:6: no grid has code 620981999999",
      `gridgov import: 1 fault(s) in ${unknown}: nothing written`
    ])
  })

  it("faults only the store can find name their line too: an unknown parent, a post at an unknown grid", async () => {
    const grids = copy()
    edit(grids, "grids.csv", (l) => [...l.slice(0, -1), "620981999999,620981999,community,无主社区,Nowhere,,,,", ""])
    const r = await cli(["import", "--store", store(), grids])
    expect(r.code).toBe(1)
    const line = readFileSync(join(grids, "grids.csv"), "utf8").split("\n").length - 1
    expect(r.err).toEqual([
      `grids.csv:${line}: UnknownParent: no grid has code 620981999`,
      `gridgov import: 1 fault(s) in ${grids}: nothing written`
    ])
    const posts = copy()
    edit(posts, "posts.csv", (l) => [...l.slice(0, -1), "p-00001#9,p-00001,gridWorker,620981998,,2021-01-01,", ""])
    const p = await cli(["import", "--store", store(), posts])
    expect(p.code).toBe(1)
    const at = readFileSync(join(posts, "posts.csv"), "utf8").split("\n").length - 1
    expect(p.err).toEqual([
      expect.stringMatching(new RegExp(`^posts\\.csv:${at}: .*620981998`)),
      `gridgov import: 1 fault(s) in ${posts}: nothing written`
    ])
  })

  it("--dry-run into a SQLite file that does not exist leaves none behind", async () => {
    const url = store()
    const r = await cli(["import", "--store", url, "--dry-run", yumen])
    expect(r.code).toBe(0)
    expect(r.out.at(-1)).toBe(
      "dry run: 4,796 change(s): 4,794 added, 2 changed, 0 retired, closed or ended; would reach version 4796; nothing written"
    )
    expect(existsSync(url.slice("sqlite:".length))).toBe(false)
  })

  it("export --empty writes the templates, which import into an empty store as no change", async () => {
    const dir = join(root, "templates")
    const r = await cli(["export", "--empty", dir])
    expect(r.code).toBe(0)
    const t = files(dir)
    expect(Object.keys(t)).toEqual(Folder.files.map((f) => f.name).sort())
    expect(t["people.csv"]).toBe("id,name\n")
    expect(t["posts.csv"]).toBe("id,person,role,grid,unit,valid_from,valid_to\n")
    expect(t["grids.csv"]).toBe("code,parent,kind,name_zh,name_en,specialty,successor,verified,source\n")
    const url = store()
    expect((await cli(["import", "--store", url, dir])).out).toEqual([
      "nothing to change: the store holds this city already (version 0)"
    ])
  })

  it("calendar add-notice: a year's notice into the store's calendar, once", async () => {
    const file = join(root, "notice-2027.json")
    writeFileSync(
      file,
      JSON.stringify({
        id: "2027",
        year: 2027,
        title: "国务院办公厅关于2027年部分节假日安排的通知",
        date: "2026-11-10",
        festivals: [{ name: "newYear", label: "元旦", rest: ["2027-01-01", "2027-01-03"], work: [] }]
      })
    )
    const url = store()
    expect((await cli(["import", "--store", url, yumen])).code).toBe(0)
    const r = await cli(["calendar", "add-notice", "--store", url, file])
    expect(r.err).toEqual([])
    expect(r.out).toEqual([
      "added notice 2027 (国务院办公厅关于2027年部分节假日安排的通知); the configuration is at version 4797",
      "no open case was timed provisionally for 2027"
    ])
    const again = await cli(["calendar", "add-notice", "--store", url, file])
    expect(again.code).toBe(1)
    expect(again.err).toEqual([`gridgov calendar add-notice: ${file}: DuplicateNotice: notice 2027 was added before`])
    const folder = await exported(url)
    expect(JSON.parse(folder["notices.json"]!)[0].id).toBe("2027")
  })
})
