/**
 * A grid's map over HTTP (issue 16, item 8): `GET /grids/{code}/map` gives any signed-in
 * user (a dispatcher, a leader, a grid worker; not only admins) the grid's boundary and
 * its active children's, each with the boundary's provenance note and whether it is
 * invented, as the fixture's generated shapes are. A change to the configuration shows
 * on the next request.
 */
import { Grid } from "@gridgov/core"
import { Yumen } from "@gridgov/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { blocks, call, city, parentOf, personAt, type Running, start } from "./support.js"

let s: Running
let admin: string
let dispatcher: string
beforeAll(async () => {
  s = await start()
  admin = await s.token(personAt("admin", { unit: "center" }))
  dispatcher = await s.token(personAt("dispatcher", { unit: "center.grid" }))
})
afterAll(() => s.stop())

const recordOf = (code: string) => Grid.record(city.tree, Grid.id(city.tree, code)!)
const root = Grid.record(city.tree, 0).code

interface Shape {
  readonly code: string
  readonly boundary: Grid.Boundary | null
  readonly boundarySource: string | null
  readonly boundaryInvented: boolean
  readonly exclusive: boolean
  readonly children: ReadonlyArray<string>
}

describe("GET /grids/{code}/map", () => {
  it("gives a dispatcher the city's boundary and its children's, each labelled invented as the fixture says", async () => {
    const r = await call(s.url, "GET", `/grids/${root}/map`, { token: dispatcher })
    expect(r.status).toBe(200)
    const grid = r.body.grid as Shape
    expect(grid.code).toBe(root)
    expect(grid.boundary).toEqual(recordOf(root).boundary)
    expect(grid.boundarySource).toBe(Yumen.inventedBoundary)
    expect(grid.boundaryInvented).toBe(true)
    const children = r.body.children as Array<Shape>
    expect(children.map((c) => c.code)).toEqual(grid.children)
    expect(children.length).toBeGreaterThan(5)
    for (const child of children) {
      const record = recordOf(child.code)
      if (record.boundary === undefined) {
        // the fixture's exclusive grids have no shape: nothing drawn, nothing claimed
        expect(child).toMatchObject({ boundary: null, boundarySource: null, boundaryInvented: false })
        continue
      }
      expect(child.boundary).toEqual(record.boundary)
      expect(child.boundarySource).toBe(Yumen.inventedBoundary)
      expect(child.boundaryInvented).toBe(true)
    }
    expect(children.filter((c) => c.boundary !== null).length).toBeGreaterThan(5)
  })

  it("a leader and a grid worker read a village's map too; an unknown grid is a 404, no token a 401", async () => {
    const block = blocks[0]!
    const village = parentOf(block)
    const leader = await s.token(personAt("leader", { grid: root }))
    const worker = await s.token(personAt("gridWorker", { grid: block }))
    for (const token of [leader, worker]) {
      const r = await call(s.url, "GET", `/grids/${village}/map`, { token })
      expect(r.status).toBe(200)
      expect(r.body.grid.boundary).toEqual(recordOf(village).boundary)
      expect(r.body.children.map((c: Shape) => c.code)).toContain(block)
      const mine = r.body.children.find((c: Shape) => c.code === block) as Shape
      expect(mine).toMatchObject({ boundary: recordOf(block).boundary, boundaryInvented: true, children: [] })
    }
    const unknown = await call(s.url, "GET", `/grids/${root}999999/map`, { token: dispatcher })
    expect(unknown.status).toBe(404)
    expect(unknown.type).toContain("application/problem+json")
    expect((await call(s.url, "GET", `/grids/${village}/map`)).status).toBe(401)
  })

  it("follows the configuration: a surveyed shape is not called invented, a retired grid leaves the map", async () => {
    const village = parentOf(blocks[0]!)
    const kind = recordOf(blocks[0]!).kind
    const surveyed = `${village}996`
    const gone = `${village}997`
    const square: Grid.Boundary = {
      type: "Polygon",
      coordinates: [
        [
          [97, 40],
          [97.001, 40],
          [97.001, 40.001],
          [97, 40.001],
          [97, 40]
        ]
      ]
    }
    const applied = await call(s.url, "POST", "/admin/city/changes", {
      token: admin,
      body: {
        reason: "测绘边界",
        changes: [
          {
            _tag: "AddGrid",
            record: {
              code: surveyed,
              parent: village,
              kind,
              name: { zh: "测绘网格", en: "Surveyed block" },
              boundary: square,
              source: "name: the town's list; boundary: 2026 survey"
            }
          },
          {
            _tag: "AddGrid",
            record: {
              code: gone,
              parent: village,
              kind,
              name: { zh: "撤并网格", en: "Merged block" },
              boundary: square
            }
          },
          { _tag: "RetireGrid", code: gone, successor: surveyed }
        ]
      }
    })
    expect(applied.status, JSON.stringify(applied.body)).toBe(200)
    const r = await call(s.url, "GET", `/grids/${village}/map`, { token: dispatcher })
    const codes = r.body.children.map((c: Shape) => c.code)
    expect(codes).toContain(surveyed)
    expect(codes).not.toContain(gone)
    expect(r.body.children.find((c: Shape) => c.code === surveyed)).toMatchObject({
      boundary: square,
      boundarySource: "boundary: 2026 survey",
      boundaryInvented: false
    })
  })

  it("is in the OpenAPI contract with its schema", async () => {
    const spec = (await call(s.url, "GET", "/openapi.json")).body
    const op = spec.paths["/grids/{code}/map"].get
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(["200", "401", "404"]))
    const text = JSON.stringify(spec)
    expect(text).toContain('"boundaryInvented"')
    expect(text).toContain('"MultiPolygon"')
  })
})
