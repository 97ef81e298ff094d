/**
 * The conformance of a city folder: every folder in examples/cities (Yumen, and
 * Qinglan of another shape) passes the same checks, run through the `gridgov` command
 * with no code of the city's own. It reads without a fault; imports into an empty store
 * and exports byte for byte; the store's hash chains are intact; every grid has someone
 * posted to handle its work today; every category of every kind, at every severity,
 * reported from the deepest grid, routes to a grid on the place's path or to an open
 * unit of the city; and a grid worker of that grid gets a token.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { CalendarCn } from "@gridgov/calendar-cn"
import { Folder, Store } from "@gridgov/cli"
import { CaseKind, Configuration, Grid, Routing, Staff } from "@gridgov/core"
import { Effect, Result } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { cli } from "./support.js"

const cities = fileURLToPath(new URL("../../../examples/cities", import.meta.url))
const folders = readdirSync(cities).filter((d) => existsSync(join(cities, d, "grids.csv")))
const root = mkdtempSync(join(tmpdir(), "gridgov-cities-"))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const files = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f !== "README.md")
      .sort()
      .map((f) => [f, readFileSync(join(dir, f), "utf8")])
  )

const handling: ReadonlySet<Staff.Role> = new Set(["gridWorker", "exclusiveMember", "gridChief", "gridManager"])

it("finds the two cities", () => {
  expect(folders).toEqual(["qinglan", "yumen"])
})

describe.each(folders)("the city folder %s", (name) => {
  const dir = join(cities, name)
  const store = `sqlite:${join(root, `${name}.db`)}`
  let snapshot: Configuration.Snapshot

  beforeAll(async () => {
    const r = await cli(["import", "--store", store, dir])
    expect(r.err).toEqual([])
    expect(r.code).toBe(0)
    snapshot = await Effect.runPromise(
      Effect.flatMap(Configuration.Configuration, (c) => c.current).pipe(
        Effect.provide(Configuration.layerStore({ calendar: CalendarCn.builder(), pollMs: 0 })),
        Effect.provide(Store.layer(Result.getOrThrow(Store.parse(store))))
      )
    )
  }, 300_000)

  it("reads without a fault", () => {
    expect(Result.isSuccess(Folder.read(dir))).toBe(true)
  })

  it("exports byte for byte, and its hash chains are intact", async () => {
    const out = join(root, `${name}-export`)
    expect((await cli(["export", "--store", store, out])).code).toBe(0)
    expect(files(out)).toEqual(files(dir))
    const audit = await cli(["audit", "verify", "--store", store])
    expect(audit.code).toBe(0)
  })

  it("has someone posted to handle the work of every grid, today", () => {
    const today = "2026-12-07"
    const uncovered = snapshot.tree.records
      // the root's work is the center's
      .filter((g) => g.successor === undefined && g.parent !== null)
      .filter((g) => !Staff.coverage(snapshot.directory, g.code, today).some((c) => handling.has(c.role)))
      .map((g) => g.code)
    expect(uncovered).toEqual([])
  })

  it("routes every category of every kind, at every severity, from the deepest grid, to a grid or an open unit", () => {
    const tree = snapshot.tree
    let deepest = 0
    for (let id = 0; id < tree.records.length; id++) {
      if (!Grid.isExclusive(tree, id) && Grid.level(tree, id) > Grid.level(tree, deepest)) deepest = id
    }
    const place = Grid.path(tree, deepest)
    expect(place.length).toBe(snapshot.document.scheme.levels.length)
    const open = new Set(snapshot.document.units.filter((u) => u.closedOn === undefined).map((u) => u.id))
    const nowhere: Array<string> = []
    for (const entry of snapshot.document.categories) {
      const kind = entry.code.split(".")[0] as CaseKind.Kind
      if (!CaseKind.kinds.includes(kind)) continue
      for (const severity of ["minor", "ordinary", "major"] as const) {
        const decision = Routing.route(snapshot.router, { kind, category: entry.code, severity, channel: "app", place })
        const t = decision.target
        const ok = t._tag === "Grid" ? place[t.level] === t.grid : open.has(t.unit)
        if (!ok) nowhere.push(`${kind} ${entry.code} ${severity} -> ${JSON.stringify(t)}`)
      }
    }
    expect(nowhere).toEqual([])
  })

  it("signs a token for a grid worker of the deepest grid", async () => {
    const tree = snapshot.tree
    const worker = snapshot.document.posts.find(
      (p) =>
        p.role === "gridWorker" &&
        "grid" in p.at &&
        Grid.level(tree, Grid.id(tree, p.at.grid)!) === snapshot.document.scheme.levels.length - 1
    )!
    const r = await cli(["token", "--store", store, worker.person, "--json"], {}, { GRIDGOV_SECRET: "s".repeat(40) })
    expect(r.err).toEqual([])
    expect(JSON.parse(r.out[0]!).person).toBe(worker.person)
  })
})
