/**
 * Outbox dispatch to a local webhook receiver (node:http on 127.0.0.1, answering
 * 200 at once) against the limit: raw POSTs of the same body from the same HTTP
 * client (effect's HttpClient over Node's fetch), at the same concurrency.
 *
 * Each dispatcher call enqueues a batch of messages and runs one round:
 * claim (one statement), decode, sign (HMAC-SHA256), POST with the idempotency
 * key, then settle the batch with one `Outbox.settle` (one transaction).
 * Outboxes: SQLite (`@gridgov/storage-sqlite`, WAL, as in production: the goal)
 * and the in-memory adapter (`@gridgov/testing` Memory: the dispatcher's own
 * overhead, for comparison).
 */
import { mkdtempSync, rmSync } from "node:fs"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Dispatcher, Notification, Outbox } from "@gridgov/core"
import { Webhook } from "@gridgov/notify-webhook"
import { SqliteStore } from "@gridgov/storage-sqlite"
import { Memory } from "@gridgov/testing"
import { Effect, Layer, ManagedRuntime } from "effect"
import { FetchHttpClient, HttpClient, HttpClientRequest } from "effect/http"
import { compareAsync, goal } from "./harness.js"

const batch = 64
const concurrency = 16

const notification = (caseId: string) =>
  Notification.make({
    type: "assigned",
    caseId,
    kind: "dispute",
    category: "dispute.water",
    grid: "620981001002",
    gridPath: ["620981", "620981001", "620981001002"],
    event: { type: "MediationAssigned", version: 2, at: 1_700_000_000_000 },
    recipient: { _tag: "Unit", unit: "committee.water" },
    data: { note: "水渠漏水，影响三户灌溉" }
  })

export default async () => {
  let received = 0
  const server = createServer((req, res) => {
    req.resume()
    req.on("end", () => {
      received++
      res.writeHead(200, { "content-type": "text/plain" }).end("ok")
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`
  const dir = mkdtempSync(join(tmpdir(), "gridgov-bench-notify-"))
  try {
    const body = Webhook.body(notification("case-raw"))
    const client = ManagedRuntime.make(FetchHttpClient.layer)
    const raw = Effect.gen(function* () {
      const http = yield* HttpClient.HttpClient
      yield* Effect.forEach(
        Array.from({ length: batch }),
        () =>
          HttpClientRequest.post(url).pipe(
            HttpClientRequest.bodyText(body, "application/json"),
            http.execute,
            Effect.flatMap((response) => response.text)
          ),
        { concurrency, discard: true }
      )
    })

    const webhook = Webhook.layer({ subscribers: [{ id: "bench", url, secret: "bench-secret" }] }).pipe(
      Layer.provide(FetchHttpClient.layer)
    )
    const memory = ManagedRuntime.make(
      Layer.merge(Layer.effectContext(Effect.map(Memory.make, (m) => m.services)), webhook)
    )
    const sqlite = ManagedRuntime.make(Layer.merge(SqliteStore.layer({ filename: join(dir, "outbox.db") }), webhook))
    let next = 0
    const dispatch = Effect.gen(function* () {
      const outbox = yield* Outbox.Outbox
      const messages = Array.from({ length: batch }, () =>
        Notification.messages(notification(`case-${next++}`), ["webhook"])
      ).flat()
      yield* outbox.enqueue(messages, yield* Effect.clockWith((c) => c.currentTimeMillis))
      const report = yield* Dispatcher.runOnce({ owner: "bench", batchSize: batch, concurrency })
      if (report.delivered !== batch) throw new Error(`delivered ${report.delivered} of ${batch}`)
    })

    const rows = await compareAsync(
      `webhook delivery to node:http on 127.0.0.1, ${batch} messages per call, concurrency ${concurrency}`,
      [
        { name: "raw POST, same HttpClient (fetch)", ops: batch, fn: () => client.runPromise(raw) },
        { name: "Dispatcher.runOnce, Memory outbox", ops: batch, fn: () => memory.runPromise(dispatch) },
        { name: "Dispatcher.runOnce, SQLite outbox", ops: batch, fn: () => sqlite.runPromise(dispatch) }
      ],
      { samples: 9 }
    )
    goal("dispatcher (SQLite outbox) ≥ 0.5× raw POSTs", rows[2]!.ratio >= 0.5, `${rows[2]!.ratio.toFixed(2)}×`)
    goal("dispatcher (Memory outbox) ≥ 0.5× raw POSTs", rows[1]!.ratio >= 0.5, `${rows[1]!.ratio.toFixed(2)}×`)
    console.log(`requests received: ${received}`)
    await memory.dispose()
    await sqlite.dispose()
    await client.dispose()
  } finally {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
    rmSync(dir, { recursive: true, force: true })
  }
}
