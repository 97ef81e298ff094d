/**
 * Report-a-case over HTTP, end to end (auth, validation, CaseService, SQLite append
 * with WAL, the receipt), against the limit of this machine: a bare `node:http`
 * server answering a fixed JSON. Both servers run in this process; the load comes
 * from a keep-alive client in a worker thread on loopback (so it has its own event
 * loop), with a fixed number of connections. Rounds alternate between the two
 * servers; the table shows medians of the rounds, the ratio to the limit, and p99.
 * 24 connections by default (HTTP_BENCH_CONNECTIONS sets another count): enough
 * concurrent reports to share group commits. The store checkpoints its log in a
 * background worker (SqliteStore's default); HTTP_BENCH_CHECKPOINT=commit measures
 * SQLite's inline auto-checkpoint instead, whose copy-and-fsync inside one commit
 * roughly doubles p99 (≈ 34 ms against ≈ 15 ms at 24 connections on a quiet machine).
 */
import { mkdtempSync, rmSync } from "node:fs"
import { createServer, type Server as NodeServer } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Worker } from "node:worker_threads"
import { NodeHttpServer } from "@effect/platform-node"
import { CalendarCn } from "@gridgov/calendar-cn"
import { CaseService, Configuration } from "@gridgov/core"
import { Auth, RateLimit, Server } from "@gridgov/http"
import { SqlRecords } from "@gridgov/storage-sql"
import { SqliteStore } from "@gridgov/storage-sqlite"
import { Yumen } from "@gridgov/testing"
import { Effect, Layer, ManagedRuntime, Redacted } from "effect"
import { HttpRouter, HttpServer } from "effect/http"
import { formatRate, goal, median } from "./harness.js"

const connections = Number(process.env.HTTP_BENCH_CONNECTIONS ?? 24)
const checkpoint = process.env.HTTP_BENCH_CHECKPOINT === "commit" ? "commit" : "background"
const roundMs = 3_000
const rounds = 5

// The load generator: `connections` loops, each sending the request and waiting for
// its answer on a keep-alive agent; latencies in ms.
const loadgen = `
const { parentPort, workerData } = require("node:worker_threads")
const http = require("node:http")
const { url, method, headers, body, connections, ms } = workerData
const agent = new http.Agent({ keepAlive: true, maxSockets: connections })
const lat = []
let count = 0, errors = 0, statuses = {}
const end = performance.now() + ms
const one = () => new Promise((resolve) => {
  const t0 = performance.now()
  const req = http.request(url, { method, headers, agent }, (res) => {
    res.resume()
    res.on("end", () => { lat.push(performance.now() - t0); count++; statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1; resolve() })
  })
  req.on("error", () => { errors++; resolve() })
  req.end(body)
})
const loop = async () => { while (performance.now() < end) await one() }
const start = performance.now()
Promise.all(Array.from({ length: connections }, loop)).then(() => {
  const elapsed = performance.now() - start
  lat.sort((a, b) => a - b)
  parentPort.postMessage({ rps: count * 1000 / elapsed, p50: lat[Math.floor(lat.length * 0.5)] ?? NaN, p99: lat[Math.floor(lat.length * 0.99)] ?? NaN, errors, statuses })
  agent.destroy()
})
`

interface Load {
  readonly rps: number
  readonly p50: number
  readonly p99: number
  readonly errors: number
  readonly statuses: Record<string, number>
}

const load = (url: string, method: string, headers: Record<string, string>, body: string | undefined, ms: number) =>
  new Promise<Load>((resolve, reject) => {
    const worker = new Worker(loadgen, { eval: true, workerData: { url, method, headers, body, connections, ms } })
    worker.once("message", (m: Load) => {
      resolve(m)
      void worker.terminate()
    })
    worker.once("error", reject)
  })

const bare = (): Promise<{ url: string; server: NodeServer }> =>
  new Promise((resolve) => {
    const payload = JSON.stringify({ caseId: "case-1", kind: "event", version: 1, status: "reported", replayed: false })
    const server = createServer((req, res) => {
      req.resume()
      req.on("end", () => {
        res.writeHead(201, { "content-type": "application/json", "content-length": Buffer.byteLength(payload) })
        res.end(payload)
      })
    })
    server.listen(0, "127.0.0.1", () => {
      const a = server.address()
      resolve({ url: `http://127.0.0.1:${typeof a === "object" && a !== null ? a.port : 0}/cases`, server })
    })
  })

export default async () => {
  const dir = mkdtempSync(join(tmpdir(), "gridgov-http-bench-"))
  const city = Yumen.make()
  const configuration = Configuration.layerStore({
    calendar: CalendarCn.builder(),
    seed: { changes: Yumen.changes(city) }
  })
  const services = CaseService.layer.pipe(
    Layer.provideMerge(CaseService.layerOptions()),
    Layer.provideMerge(configuration),
    Layer.provideMerge(
      SqlRecords.layer().pipe(
        Layer.provideMerge(SqliteStore.layerWithClient({ filename: join(dir, "bench.db"), checkpoint }))
      )
    ),
    Layer.provideMerge(Auth.layerHmac({ secret: Redacted.make("bench-secret-0123456789abcdef0123456789") })),
    Layer.provideMerge(RateLimit.layerUnlimited)
  )
  const app = HttpRouter.serve(Server.layer(), { disableLogger: true, disableListenLog: true }).pipe(
    Layer.provideMerge(services),
    Layer.provideMerge(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" }))
  )
  const runtime = ManagedRuntime.make(app)
  const server = await runtime.runPromise(Effect.service(HttpServer.HttpServer))
  const port = "port" in server.address ? server.address.port : 0
  const post = city.staff.posts.find((p) => p.role === "gridWorker")!
  const place = "grid" in post.at ? post.at.grid : ""
  const token = await runtime.runPromise(
    Effect.flatMap(Effect.service(Auth.Authenticator), (a) => a.issue({ _tag: "Person", id: post.person }))
  )
  const body = JSON.stringify({ kind: "event", category: "event.sanitation.garbage", place, severity: "minor" })
  const headers = {
    authorization: `Bearer ${token.token}`,
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(body))
  }
  const limit = await bare()

  const results = { bare: [] as Array<Load>, http: [] as Array<Load> }
  await load(limit.url, "POST", headers, body, 500)
  await load(`http://127.0.0.1:${port}/cases`, "POST", headers, body, 1_000)
  for (let r = 0; r < rounds; r++) {
    results.bare.push(await load(limit.url, "POST", headers, body, roundMs))
    results.http.push(await load(`http://127.0.0.1:${port}/cases`, "POST", headers, body, roundMs))
  }
  limit.server.close()
  await runtime.dispose()
  rmSync(dir, { recursive: true, force: true })

  const row = (name: string, loads: Array<Load>, base: number) => {
    const rps = median(loads.map((l) => l.rps))
    const p99 = median(loads.map((l) => l.p99))
    const p50 = median(loads.map((l) => l.p50))
    const statuses = loads.reduce<Record<string, number>>((acc, l) => {
      for (const [k, v] of Object.entries(l.statuses)) acc[k] = (acc[k] ?? 0) + v
      return acc
    }, {})
    console.log(
      `${name.padEnd(44)} ${formatRate(rps).padStart(10)}  ${(rps / base).toFixed(3)}×  p50 ${p50.toFixed(2)} ms  p99 ${p99.toFixed(2)} ms  ${JSON.stringify(statuses)}`
    )
    return { rps, p99 }
  }
  console.log(
    `\n## report a case over HTTP (${connections} keep-alive connections, ${rounds} × ${roundMs} ms rounds, checkpoints: ${checkpoint})`
  )
  const baseRps = median(results.bare.map((l) => l.rps))
  row("bare node:http, fixed JSON (the limit)", results.bare, baseRps)
  const http = row("POST /cases: auth + CaseService + SQLite", results.http, baseRps)
  goal(
    "report a case ≥ 0.12× the bare node:http limit",
    http.rps / baseRps >= 0.12,
    `${(http.rps / baseRps).toFixed(3)}×`
  )
  goal("report a case p99 < 20 ms", http.p99 < 20, `${http.p99.toFixed(2)} ms`)
}
