/**
 * Two example servers on one PostgreSQL database (issue 16, item 9), as a deployment
 * runs them: two processes, each with its own data directory, the same database, token
 * secret and webhook receiver. An admin change through one is seen by the other (the
 * delay is measured and printed); a case reported through one is handled through the
 * other; after both servers' test clocks move past every deadline, each SLA timer has
 * fired once across the two; and the webhook receiver sees each notification's dedupe
 * key once.
 *
 * Every wait is a poll bounded by a count, with a ceiling far above what it takes.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { createServer, type IncomingMessage, type Server } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Outbox, Timers } from "@gridgov/core"
import { Webhook } from "@gridgov/notify-webhook"
import { PgStore } from "@gridgov/storage-postgres"
import { freshDatabase, onPostgres } from "@gridgov/test-support/Postgres"
import { Effect, ManagedRuntime, Redacted, Result } from "effect"
import { afterAll, afterEach, describe, expect, it } from "vitest"
import { killLeftovers, launch, type Started, stop } from "./process.js"

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Asks `probe` until it holds, at most `tries` times, `pauseMs` apart; answers how long that took (ms). */
const until = async (what: string, probe: () => Promise<boolean>, tries = 6_000, pauseMs = 10): Promise<number> => {
  const t0 = performance.now()
  for (let i = 0; i < tries; i++) {
    if (await probe()) return performance.now() - t0
    await pause(pauseMs)
  }
  throw new Error(`${what}: still not after ${tries} tries`)
}

// biome-ignore lint/suspicious/noExplicitAny: the test reads JSON replies by path
type Json = any

const request = async (server: Started, token: string, method: string, path: string, body?: unknown) => {
  const res = await fetch(server.url + path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" })
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  return { status: res.status, body: (await res.json()) as Json }
}

/** A webhook receiver: every delivery with its dedupe key, type and whether its signature holds. */
const receiver = async (secret: string) => {
  const seen: Array<{ key: string; type: string; signed: boolean }> = []
  const read = (req: IncomingMessage) =>
    new Promise<Buffer>((resolve) => {
      const chunks: Array<Buffer> = []
      req.on("data", (c: Buffer) => chunks.push(c))
      req.on("end", () => resolve(Buffer.concat(chunks)))
    })
  const server: Server = createServer((req, res) => {
    void read(req).then((raw) => {
      // the servers sign with their test clocks, hours ahead: the window is theirs, the HMAC is checked
      const signed = Result.isSuccess(Webhook.verify(secret, req.headers, raw, Date.now(), 24 * 3600))
      seen.push({
        key: String(req.headers[Webhook.headers.idempotencyKey]),
        type: String(req.headers[Webhook.headers.type]),
        signed
      })
      res.writeHead(204).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const port = (server.address() as { port: number }).port
  return {
    url: `http://127.0.0.1:${port}/hooks/gridgov`,
    seen,
    close: () => new Promise((resolve) => server.close(resolve))
  }
}

const median = (xs: ReadonlyArray<number>) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

const hour = 3_600_000
/** The warning thresholds of the test city's SLA targets: a timer each, and one for the breach. */
const warnings = [0.5, 0.9]

await onPostgres("two example servers on one PostgreSQL database", async () => {
  const db = await freshDatabase("two_servers")
  const dirs = [mkdtempSync(join(tmpdir(), "gridgov-two-a-")), mkdtempSync(join(tmpdir(), "gridgov-two-b-"))]
  const webhookSecret = "whsec-two-servers-0123456789"
  const hooks = await receiver(webhookSecret)
  const store = ManagedRuntime.make(PgStore.layer({ url: Redacted.make(db.url) }))
  afterEach(killLeftovers)
  afterAll(async () => {
    await store.dispose()
    await hooks.close()
    await db.drop()
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  const env = (dataDir: string) => ({
    PORT: "0",
    DATA_DIR: dataDir,
    DATABASE_URL: db.url,
    GRIDGOV_SECRET: "two-servers-token-secret-0123456789abcdef",
    GRIDGOV_WEBHOOK_SECRET: webhookSecret,
    WEBHOOK_URL: hooks.url,
    GRIDGOV_TEST_CLOCK: "1"
  })

  describe("two example servers on one PostgreSQL database", () => {
    it("share the city, the cases, the SLA timers and the outbox: each change, timer and notification once", async () => {
      // the first seeds the empty database with the fixture; the second finds it there
      const a = await launch(env(dirs[0]!))
      const b = await launch(env(dirs[1]!))
      const versionOf = (server: Started) => /configuration version (\d+)/.exec(server.output())?.[1]
      expect(versionOf(b)).toBe(versionOf(a))
      const admin = a.tokens.admin!
      const { place } = a

      // 1. an admin change through A is seen by B: measured from A's answer to B's first answer that has it
      const delays: Array<number> = []
      for (let k = 0; k < 7; k++) {
        const person = `p-two-${k}`
        const changes: Array<unknown> = [
          { _tag: "AddPerson", person: { id: person, name: `测试${k}` } },
          { _tag: "AddPost", post: { person, role: "gridWorker", at: { grid: place }, validFrom: "2020-01-01" } }
        ]
        // the last change also gives the city SLA targets in hours, for the timers below
        if (k === 6)
          changes.push({
            _tag: "SetSla",
            policies: ["register", "dispatch", "sign", "handle", "verify"].map((clock) => ({
              kind: "event",
              clock,
              target: { limit: { amount: 1, unit: "hours" } },
              warnings
            }))
          })
        const applied = await request(a, admin, "POST", "/admin/city/changes", { reason: "two servers", changes })
        expect(applied.status).toBe(200)
        delays.push(
          await until(`B sees ${person}`, async () => {
            const posts = await request(b, admin, "GET", `/admin/posts?person=${person}`)
            return posts.status === 200 && posts.body.total === 1
          })
        )
      }
      const ms = delays.map((d) => Math.round(d))
      console.log(
        `configuration change seen by the other server after ${ms.join(", ")} ms (median ${Math.round(median(delays))} ms; servers poll every 250 ms)`
      )

      // 2. cases reported through B are handled through A, and the other way round
      const report = { kind: "event", category: "event.sanitation.garbage", place, severity: "minor" }
      const ids: Array<string> = []
      for (let k = 0; k < 6; k++) {
        const opened = await request(b, b.tokens.gridWorker!, "POST", "/cases", report)
        expect(opened.status).toBe(201)
        ids.push(opened.body.caseId)
      }
      const command = async (server: Started, who: string, id: string, body: unknown) => {
        const answer = await request(server, server.tokens[who]!, "POST", `/cases/${id}/commands`, body)
        expect(answer.status).toBe(200)
        return answer.body
      }
      // cases 0-1 stay reported; 2-3 are dispatched; 4 is being handled; 5 is closed
      for (const id of ids.slice(2)) await command(a, "dispatcher", id, { _tag: "Register" })
      for (const id of ids.slice(4)) await command(b, "gridWorker", id, { _tag: "Acknowledge" })
      await command(a, "gridWorker", ids[5]!, { _tag: "SubmitResult", result: "cleared", evidence: [] })
      const closed = await command(b, "gridChief", ids[5]!, { _tag: "Verify", passed: true })
      expect(closed.status).toBe("closed")
      const open = ids.slice(0, 5)

      // 3. both servers' clocks move three hours on: every one-hour target is past
      for (const server of [a, b]) {
        const moved = await request(server, admin, "POST", "/test/clock", { advanceMs: 3 * hour })
        expect(moved.body.offsetMs).toBe(3 * hour)
      }
      const history = async (id: string) =>
        (await request(a, a.tokens.leader!, "GET", `/cases/${id}`)).body.history as Array<{
          type: string
          payload: Json
        }>
      await until(
        "every open case breached",
        async () => {
          for (const id of open) if (!(await history(id)).some((e) => e.type === "SlaBreached")) return false
          return true
        },
        2_000,
        50
      )
      // quiet: nothing due any more (escalations start clocks due hours later), nothing left to deliver
      const run = <A, E>(
        f: (outbox: Outbox.Outbox["Service"], timers: Timers.Timers["Service"]) => Effect.Effect<A, E>
      ) =>
        store.runPromise(
          Effect.flatMap(Effect.all([Effect.service(Outbox.Outbox), Effect.service(Timers.Timers)]), ([o, t]) =>
            f(o, t).pipe(Effect.orDie)
          )
        )
      await until(
        "the timers fired and the outbox drained",
        () =>
          run((outbox, timers) =>
            Effect.map(
              Effect.all([timers.nextDue(), outbox.list({ status: "pending", limit: 1 })]),
              ([next, pending]) => (next === null || next > Date.now() + 3 * hour) && pending.length === 0
            )
          ),
        2_000,
        50
      )

      // 4. each timer fired once across both servers: per clock, one warning per threshold and one breach
      for (const id of open) {
        const fired = (await history(id)).filter((e) => e.type === "SlaWarned" || e.type === "SlaBreached")
        const byClock = new Map<string, { warned: number; breached: number }>()
        for (const e of fired) {
          const c = byClock.get(e.payload.clock) ?? { warned: 0, breached: 0 }
          if (e.type === "SlaWarned") c.warned++
          else c.breached++
          byClock.set(e.payload.clock, c)
        }
        expect([...byClock.values()]).toEqual([{ warned: warnings.length, breached: 1 }])
      }
      // 5. the webhook receiver saw every delivered notification once, signed
      const delivered: Array<string> = []
      for (let after: string | undefined; ; ) {
        const page = await run((outbox) => outbox.list({ channel: "webhook", status: "delivered", after, limit: 1000 }))
        delivered.push(...page.map((m) => m.dedupeKey))
        if (page.length < 1000) break
        after = page.at(-1)!.id
      }
      expect(await run((outbox) => outbox.list({ status: "dead", limit: 10 }))).toEqual([])
      const counts = new Map<string, number>()
      for (const h of hooks.seen) counts.set(h.key, (counts.get(h.key) ?? 0) + 1)
      expect([...counts.entries()].filter(([, n]) => n > 1)).toEqual([])
      expect([...counts.keys()].sort()).toEqual([...delivered].sort())
      expect(hooks.seen.every((h) => h.signed)).toBe(true)
      expect(hooks.seen.filter((h) => h.type === "breached").length).toBeGreaterThanOrEqual(open.length)
      console.log(
        `webhook receiver: ${hooks.seen.length} deliveries, ${counts.size} dedupe keys, each once; ` +
          `${delivered.length} delivered webhook rows in the outbox`
      )

      expect(await stop(a)).toBe(0)
      expect(await stop(b)).toBe(0)
    })
  })
})
