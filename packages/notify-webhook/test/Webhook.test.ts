import { Dispatcher, Notification, Notifier, Outbox } from "@gridgov/core"
import { Webhook } from "@gridgov/notify-webhook"
import { Memory } from "@gridgov/testing"
import { Effect, Layer, Result } from "effect"
import { FetchHttpClient } from "effect/http"
import { afterEach, describe, expect, it } from "vitest"
import { closedPort, type Receiver, start } from "./receiver.js"

const notification = (caseId: string, parts: Partial<Notification.Notification> = {}): Notification.Notification =>
  Notification.make({
    type: "assigned",
    caseId,
    kind: "dispute",
    category: "dispute.water",
    grid: "620981001002",
    gridPath: ["620981", "620981001", "620981001002"],
    event: { type: "MediationAssigned", version: 2, at: 1_700_000_000_000 },
    recipient: { _tag: "Unit", unit: "committee.water" },
    data: { note: "水渠纠纷 <急>" },
    ...parts
  })

const message = (n: Notification.Notification, attempt = 1): Notifier.Message => {
  const key = Notification.dedupeKey(n, "webhook")
  return { id: key, dedupeKey: key, channel: "webhook", attempt, notification: n }
}

const deliver = (config: Webhook.Config, m: Notifier.Message) =>
  Effect.runPromise(
    Effect.flatMap(Webhook.make(config), (t) => t.deliver(m)).pipe(Effect.provide(FetchHttpClient.layer))
  )

const receivers: Array<Receiver> = []
const receiver = async (behave?: Parameters<typeof start>[0]) => {
  const r = await start(behave)
  receivers.push(r)
  return r
}
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()))
})

describe("Webhook delivery through the dispatcher", () => {
  it("loses nothing while the receiver fails, times out and drops connections, and a deduplicating receiver handles each message once", async () => {
    const secret = "whsec_test_1"
    // The first 24 requests misbehave in turn; then the receiver recovers.
    const troubles = [
      { _tag: "status", status: 503 },
      { _tag: "slow", ms: 600 },
      { _tag: "drop" },
      { _tag: "status", status: 429, headers: { "retry-after": "0" } },
      { _tag: "status", status: 500 },
      undefined
    ] as const
    const r = await receiver((_, i) => (i < 24 ? troubles[i % troubles.length] : undefined))
    const memory = await Effect.runPromise(Memory.make)
    const layer = Layer.mergeAll(
      Layer.succeedContext(memory.services),
      Webhook.layer({ subscribers: [{ id: "crm", url: `${r.url}/hooks`, secret }], timeoutMs: 150 }).pipe(
        Layer.provide(FetchHttpClient.layer)
      )
    )
    const messages = Array.from({ length: 30 }, (_, i) =>
      Notification.messages(notification(`case-${i}`), ["webhook"])
    ).flat()
    const program = Effect.gen(function* () {
      const outbox = yield* Outbox.Outbox
      yield* outbox.enqueue(messages, yield* Effect.clockWith((c) => c.currentTimeMillis))
      const options = { owner: "d1", batchSize: 10, concurrency: 5, baseDelayMs: 10, maxDelayMs: 40, maxAttempts: 30 }
      for (let round = 0; round < 400; round++) {
        yield* Dispatcher.runOnce(options)
        const pending = yield* outbox.list({ status: "pending" })
        if (pending.length === 0) break
        yield* Effect.sleep(10)
      }
      return yield* outbox.list({})
    })
    const rows = await Effect.runPromise(program.pipe(Effect.provide(layer)))

    expect(rows.map((row) => row.status)).toEqual(Array(30).fill("delivered"))
    expect(rows.some((row) => row.attempts > 1)).toBe(true)
    // Each message was processed exactly once, though some arrived twice (answered too late the first time).
    expect([...r.processed.keys()].sort()).toEqual(messages.map((m) => m.dedupeKey).sort())
    expect([...r.processed.values()].every((n) => n === 1)).toBe(true)
    expect(r.duplicates).toBeGreaterThan(0)
    expect(r.requests.length).toBeGreaterThanOrEqual(30 + 20)
    // Every request was signed with the subscriber's secret, within the replay window.
    for (const request of r.requests) {
      expect(Result.isSuccess(Webhook.verify(secret, request.headers, request.body, Date.now()))).toBe(true)
    }
  })
})

describe("Webhook requests", () => {
  it("POSTs the versioned notification JSON with the idempotency key, delivery id, attempt, type and signature", async () => {
    const r = await receiver()
    const n = notification("case-7")
    const outcome = await deliver({ subscribers: [{ id: "crm", url: `${r.url}/in`, secret: "k1" }] }, message(n, 3))
    expect(outcome).toEqual(Notifier.delivered)
    const [request] = r.requests
    expect(request!.path).toBe("/in")
    expect(request!.headers["content-type"]).toBe("application/json")
    expect(request!.headers["idempotency-key"]).toBe("case-7/2/assigned/unit:committee.water/webhook")
    expect(request!.headers["gridgov-delivery"]).toBe("case-7/2/assigned/unit:committee.water/webhook")
    expect(request!.headers["gridgov-attempt"]).toBe("3")
    expect(request!.headers["gridgov-type"]).toBe("assigned")
    expect(request!.headers["gridgov-subscriber"]).toBe("crm")
    expect(request!.headers["gridgov-signature"]).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/)
    const body = JSON.parse(request!.body.toString("utf8"))
    expect(body).toEqual(n)
    expect(Result.getOrThrow(Notification.decode(body))).toEqual(n)
  })

  it("classifies answers: 2xx delivered; 408, 429, 5xx, timeouts and refused connections retryable; other 4xx permanent", async () => {
    const r = await receiver((req) => {
      const status = Number(req.path.split("/")[2])
      if (req.path.startsWith("/slow")) return { _tag: "slow", ms: 1_000 }
      if (status === 429) return { _tag: "status", status, headers: { "retry-after": "7" } }
      if (status === 503) {
        return { _tag: "status", status, headers: { "retry-after": new Date(Date.now() + 120_000).toUTCString() } }
      }
      return { _tag: "status", status }
    })
    const at = (path: string, timeoutMs?: number) =>
      deliver(
        { subscribers: [{ id: "s", url: `${r.url}${path}`, secret: "k", timeoutMs }] },
        message(notification("c"))
      )
    const tag = async (path: string) => (await at(path))._tag
    expect(await tag("/status/200")).toBe("Delivered")
    expect(await tag("/status/204")).toBe("Delivered")
    for (const status of [408, 500, 502]) expect(await tag(`/status/${status}`)).toBe("Retryable")
    for (const status of [400, 401, 404, 410, 422]) expect(await tag(`/status/${status}`)).toBe("Permanent")
    expect(await at("/status/429")).toEqual({
      _tag: "Retryable",
      reason: "s: HTTP 429: status 429",
      retryAfterMs: 7_000
    })
    const unavailable = await at("/status/503")
    expect(unavailable._tag === "Retryable" && unavailable.retryAfterMs).toBeGreaterThan(110_000)
    expect(await at("/status/410")).toEqual({ _tag: "Permanent", reason: "s: HTTP 410: status 410" })

    const started = Date.now()
    expect(await at("/slow", 100)).toEqual({ _tag: "Retryable", reason: "s: timed out after 100 ms" })
    expect(Date.now() - started).toBeLessThan(900)

    const refused = await deliver(
      { subscribers: [{ id: "gone", url: `http://127.0.0.1:${await closedPort()}/`, secret: "k" }] },
      message(notification("c"))
    )
    expect(refused._tag).toBe("Retryable")
    expect(refused._tag === "Retryable" && refused.reason).toMatch(/^gone: connection failed/)
  })

  it("sends each subscriber only what its filter takes, signed with its own secret", async () => {
    const r = await receiver()
    const subscribers: ReadonlyArray<Webhook.Subscriber> = [
      { id: "all", url: `${r.url}/all`, secret: "secret-all" },
      { id: "petitions", url: `${r.url}/petitions`, secret: "secret-p", filter: { kinds: ["petition"] } },
      { id: "town", url: `${r.url}/town`, secret: "secret-t", filter: { gridPrefixes: ["620981001"] } },
      { id: "path", url: `${r.url}/path`, secret: "secret-path", filter: { gridAncestors: ["620981002"] } },
      {
        id: "alarms",
        url: `${r.url}/alarms`,
        secret: "secret-a",
        filter: { types: ["breached", "escalated"], categories: ["dispute"] }
      }
    ]
    const sent = {
      waterInTown1: notification("n1"),
      petitionInTown2: notification("n2", {
        kind: "petition",
        category: "petition.land",
        grid: "620981002007",
        gridPath: ["620981", "620981002", "620981002007"]
      }),
      breachInTown2: notification("n3", {
        type: "breached",
        grid: "620981002001",
        gridPath: ["620981", "620981002", "620981002001"]
      }),
      escalatedDisputesLike: notification("n4", { type: "escalated", category: "disputes.other", grid: "620982" })
    }
    for (const n of Object.values(sent)) {
      expect(await deliver({ subscribers }, message(n))).toEqual(Notifier.delivered)
    }
    const got = (path: string) =>
      r.requests
        .filter((q) => q.path === path)
        .map((q) => JSON.parse(q.body.toString()).caseId)
        .sort()
    expect(got("/all")).toEqual(["n1", "n2", "n3", "n4"])
    expect(got("/petitions")).toEqual(["n2"])
    expect(got("/town")).toEqual(["n1"])
    expect(got("/path")).toEqual(["n2", "n3"])
    expect(got("/alarms")).toEqual(["n3"])
    const now = Date.now()
    for (const q of r.requests) {
      const own = subscribers.find((s) => q.path === new URL(s.url).pathname)!
      expect(Result.isSuccess(Webhook.verify(own.secret, q.headers, q.body, now))).toBe(true)
      const other = subscribers.find((s) => s !== own)!
      expect(Result.isFailure(Webhook.verify(other.secret, q.headers, q.body, now))).toBe(true)
    }
    // Nobody subscribed: delivered, nothing sent.
    const before = r.requests.length
    expect(
      await deliver({ subscribers: subscribers.slice(1, 2) }, message(notification("n5", { kind: "hotline" })))
    ).toEqual(Notifier.delivered)
    expect(r.requests.length).toBe(before)
  })

  it("folds several subscribers: any retryable makes the message retryable (longest Retry-After); else any failure is permanent", async () => {
    const r = await receiver((req) =>
      req.path === "/busy"
        ? { _tag: "status", status: 429, headers: { "retry-after": "3" } }
        : req.path === "/gone"
          ? { _tag: "status", status: 410 }
          : undefined
    )
    const sub = (id: string) => ({ id, url: `${r.url}/${id}`, secret: id })
    expect(await deliver({ subscribers: [sub("ok"), sub("busy"), sub("gone")] }, message(notification("c")))).toEqual({
      _tag: "Retryable",
      reason: "busy: HTTP 429: status 429; gone: HTTP 410: status 410",
      retryAfterMs: 3_000
    })
    expect(await deliver({ subscribers: [sub("ok"), sub("gone")] }, message(notification("c")))).toEqual({
      _tag: "Permanent",
      reason: "gone: HTTP 410: status 410"
    })
  })
})

describe("Webhook.verify", () => {
  const secret = "whsec_verify"
  const raw = JSON.stringify(notification("case-1"))
  const t = 1_700_000_000
  const signed = { "gridgov-signature": Webhook.sign(secret, t, raw) }
  const reason = (r: Result.Result<number, Webhook.SignatureError>) => (Result.isFailure(r) ? r.failure.reason : "ok")

  it("accepts a good request inside the replay window, from Node headers, Fetch Headers, strings or bytes", () => {
    expect(Webhook.verify(secret, signed, raw, t * 1000)).toEqual(Result.succeed(t))
    expect(reason(Webhook.verify(secret, signed, Buffer.from(raw), (t + 299) * 1000))).toBe("ok")
    expect(reason(Webhook.verify(secret, new Headers(signed), raw, (t - 299) * 1000))).toBe("ok")
    expect(reason(Webhook.verify(["old", secret], signed, raw, t * 1000))).toBe("ok")
  })

  it("rejects tampered bodies, wrong secrets, expired or future timestamps, missing and malformed headers", () => {
    expect(reason(Webhook.verify(secret, signed, raw.replace("case-1", "case-2"), t * 1000))).toBe("mismatch")
    expect(reason(Webhook.verify("another", signed, raw, t * 1000))).toBe("mismatch")
    expect(reason(Webhook.verify(secret, signed, raw, (t + 301) * 1000))).toBe("expired")
    expect(reason(Webhook.verify(secret, signed, raw, (t - 301) * 1000))).toBe("expired")
    expect(reason(Webhook.verify(secret, signed, raw, (t + 3600) * 1000, 7200))).toBe("ok")
    // A replayed signature with a forged fresh timestamp does not match.
    const forged = { "gridgov-signature": signed["gridgov-signature"].replace(`t=${t}`, `t=${t + 1000}`) }
    expect(reason(Webhook.verify(secret, forged, raw, (t + 1000) * 1000))).toBe("mismatch")
    expect(reason(Webhook.verify(secret, {}, raw, t * 1000))).toBe("missing")
    expect(reason(Webhook.verify(secret, { "gridgov-signature": "v1=abc" }, raw, t * 1000))).toBe("malformed")
    expect(reason(Webhook.verify(secret, { "gridgov-signature": `t=${t},v1=zz` }, raw, t * 1000))).toBe("malformed")
  })
})
