/**
 * Open311 GeoReport v2 through the real server, with the `open311` client from npm
 * (JSON format) and with plain requests for XML and errors.
 */
import { createRequire } from "node:module"
import { Grid } from "@gridgov/core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { apiKey, blocks, call, city, personAt, type Running, start } from "./support.js"

const require = createRequire(import.meta.url)
type Callback = (err: unknown, data: unknown) => void
const Open311 = require("open311") as new (
  options: object
) => {
  serviceList(cb: Callback): void
  serviceDefinition(code: string, cb: Callback): void
  submitRequest(data: object, cb: Callback): void
  serviceRequests(id: string | object, params?: object | Callback, cb?: Callback): void
  token(token: string, cb: Callback): void
}

const promise = <A>(f: (cb: Callback) => void) =>
  new Promise<A>((resolve, reject) =>
    f((err, data) => (err ? reject(new Error(`${String(err)}: ${String(data)}`)) : resolve(data as A)))
  )

let s: Running
let client: InstanceType<typeof Open311>
beforeAll(async () => {
  s = await start()
  client = new Open311({ endpoint: `${s.url}/open311/v2/`, apiKey, format: "json", jurisdiction: "620981" })
})
afterAll(() => s.stop())

const block = blocks[3]!
const centre = (() => {
  const r = Grid.record(city.tree, Grid.id(city.tree, block)!)
  const ring = (r.boundary as unknown as { coordinates: Array<Array<[number, number]>> }).coordinates[0]!
  const xs = ring.map((p) => p[0])
  const ys = ring.map((p) => p[1])
  return { long: (Math.min(...xs) + Math.max(...xs)) / 2, lat: (Math.min(...ys) + Math.max(...ys)) / 2 }
})()

describe("Open311 GeoReport v2 with the open311 npm client", () => {
  it("lists services from the taxonomy and defines them (no attributes: a resident's report is ordinary)", async () => {
    const services = await promise<Array<{ service_code: string; description: string }>>((cb) => client.serviceList(cb))
    const garbage = services.find((x) => x.service_code === "event.sanitation.garbage")!
    expect(garbage.description).toContain("dept.urban-management")
    const def = await promise<{ service_code: string; attributes: Array<{ code: string }> }>((cb) =>
      client.serviceDefinition("event.sanitation.garbage", cb)
    )
    expect(def.attributes).toEqual([])
  })

  it("given a point, when a request is posted, then it is placed in the grid containing it and can be read back", async () => {
    const posted = await promise<Array<{ service_request_id: string }>>((cb) =>
      client.submitRequest(
        {
          service_code: "event.sanitation.garbage",
          ...centre,
          description: "垃圾堆在路边"
        },
        cb
      )
    )
    const id = posted[0]!.service_request_id
    const read = await promise<
      Array<{ status: string; status_notes: string; address_id: string; service_request_id: string }>
    >((cb) => client.serviceRequests(id, cb))
    expect(read[0]).toMatchObject({
      service_request_id: id,
      status: "open",
      status_notes: "reported",
      address_id: block
    })
    const listed = await promise<Array<{ service_request_id: string }>>((cb) =>
      client.serviceRequests({ service_code: "event.sanitation.garbage", status: "open" }, cb)
    )
    expect(listed.map((r) => r.service_request_id)).toContain(id)
    const token = await promise<Array<{ service_request_id: string }>>((cb) => client.token(id, cb))
    expect(token[0]!.service_request_id).toBe(id)
  })

  it("places an address_string naming a grid by its path of names", async () => {
    const id = Grid.id(city.tree, block)!
    const address = Grid.pathNames(city.tree, id, "zh").join("/")
    const posted = await promise<Array<{ service_request_id: string }>>((cb) =>
      client.submitRequest({ service_code: "event.facility.road", address_string: address }, cb)
    )
    const read = await promise<Array<{ address_id: string }>>((cb) =>
      client.serviceRequests(posted[0]!.service_request_id, cb)
    )
    expect(read[0]!.address_id).toBe(block)
  })
})

describe("Open311 formats and errors", () => {
  it("answers in XML with the .xml suffix", async () => {
    const res = await fetch(`${s.url}/open311/v2/services.xml`)
    expect(res.headers.get("content-type")).toContain("text/xml")
    const text = await res.text()
    expect(text).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?><services><service><service_code>/)
    const discovery = await (await fetch(`${s.url}/open311/v2/discovery.xml`)).text()
    expect(discovery).toContain("<specification>http://wiki.open311.org/GeoReport_v2</specification>")
  })

  it("errors are arrays of { code, description } in the requested format", async () => {
    const bad = await fetch(`${s.url}/open311/v2/requests.json`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "api_key=wrong&service_code=event.sanitation.garbage&address_id=620981"
    })
    expect(bad.status).toBe(403)
    expect(await bad.json()).toEqual([{ code: 403, description: "Invalid api_key" }])
    const unknown = await call(s.url, "GET", "/open311/v2/services/no.such.json")
    expect(unknown.status).toBe(404)
    expect(unknown.body[0].code).toBe(404)
    const xml = await fetch(`${s.url}/open311/v2/requests/none.xml`)
    expect(xml.status).toBe(404)
    expect(await xml.text()).toContain("<errors><error><code>404</code>")
    const missing = await fetch(`${s.url}/open311/v2/requests.json`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `api_key=${apiKey}&service_code=event.sanitation.garbage`
    })
    expect(missing.status).toBe(400)
  })

  it("requests without an api_key show only what Open311 reported, never staff cases", async () => {
    const worker = await s.token(personAt("gridWorker", { grid: block }))
    const staff = await call(s.url, "POST", "/cases", {
      token: worker,
      body: { kind: "event", category: "event.sanitation.garbage", place: block, severity: "minor" }
    })
    const listed = await call(s.url, "GET", "/open311/v2/requests.json")
    expect(listed.status).toBe(200)
    expect(listed.body.length).toBeGreaterThan(0)
    expect(listed.body.map((r: { service_request_id: string }) => r.service_request_id)).not.toContain(
      staff.body.caseId
    )
    const hidden = await call(s.url, "GET", `/open311/v2/requests/${staff.body.caseId}.json`)
    expect(hidden.status).toBe(404)
    for (const r of listed.body as Array<{ service_request_id: string }>) {
      const detail = await call(s.url, "GET", `/open311/v2/requests/${r.service_request_id}.json`)
      expect(detail.status).toBe(200)
    }
  })
})
