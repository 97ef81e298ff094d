import { createServer, type Socket } from "node:net"
import { Dispatcher, Notification, type Notifier, Outbox } from "@gridgov/core"
import { Email } from "@gridgov/notify-email"
import { Memory } from "@gridgov/testing"
import { Effect, Layer } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import { type Smtp, start } from "./smtp.js"

const notification = (caseId: string, parts: Partial<Notification.Notification> = {}): Notification.Notification =>
  Notification.make({
    type: "assigned",
    caseId,
    kind: "event",
    category: "event.sanitation.garbage",
    grid: "620981001002",
    event: { type: "Dispatched", version: 3, at: Date.UTC(2025, 2, 3, 1, 30) },
    recipient: { _tag: "Unit", unit: "dept.urban-management" },
    data: { reason: `垃圾堆放三天 <script>alert("x")</script> & 无人清理` },
    ...parts
  })

/** The directory: units and people to addresses, each with a locale. */
const directory: Record<string, ReadonlyArray<Email.Address>> = {
  "unit:dept.urban-management": [
    { address: "chengguan@dept.example", name: "城管局", locale: "zh-CN" },
    { address: "advisor@dept.example", name: "Advisor", locale: "en" }
  ],
  "person:p-9": [{ address: "p9@grid.example", locale: "zh-CN" }],
  "person:temp": [{ address: "temp@grid.example", locale: "zh-CN" }],
  "person:perm": [{ address: "nobody@grid.example", locale: "en" }],
  "person:bad": [{ address: "not an address", locale: "en" }]
}

const config = (smtp: Smtp | { port: number }, overrides: Partial<Email.Config> = {}): Email.Config => ({
  smtp: { host: "127.0.0.1", port: smtp.port, secure: false, ignoreTLS: true },
  from: "网格化服务管理中心 <noreply@grid.example>",
  baseUrl: "https://gridgov.example/app/",
  timeoutMs: 2_000,
  resolve: (to) => Effect.succeed(directory[Notification.recipientKey(to)] ?? []),
  ...overrides
})

const message = (n: Notification.Notification, attempt = 1): Notifier.Message => {
  const key = Notification.dedupeKey(n, "email")
  return { id: key, dedupeKey: key, channel: "email", attempt, notification: n }
}

const deliver = (c: Email.Config, m: Notifier.Message) =>
  Effect.runPromise(Effect.scoped(Effect.flatMap(Email.make(c), (t) => t.deliver(m))))

const servers: Array<Smtp> = []
const smtpServer = async () => {
  const s = await start()
  servers.push(s)
  return s
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

describe("Email delivery through the dispatcher", () => {
  it("sends one message per address in its locale, with the case link, escaped user text and a Message-ID from the dedupe key", async () => {
    const smtp = await smtpServer()
    const memory = await Effect.runPromise(Memory.make)
    const n = notification("case-1")
    const rows = Notification.messages(n, ["email"])
    const program = Effect.gen(function* () {
      const outbox = yield* Outbox.Outbox
      yield* outbox.enqueue(rows, 0)
      return yield* Dispatcher.runOnce({ owner: "mailer" })
    })
    const report = await Effect.runPromise(
      program.pipe(Effect.provide(Layer.mergeAll(Layer.succeedContext(memory.services), Email.layer(config(smtp)))))
    )
    expect(report).toMatchObject({ claimed: 1, delivered: 1 })
    expect((await Effect.runPromise(memory.raw.outbox)).map((r) => r.status)).toEqual(["delivered"])

    const byAddress = new Map(smtp.received.map((r) => [r.envelopeTo[0], r.mail]))
    expect([...byAddress.keys()].sort()).toEqual(["advisor@dept.example", "chengguan@dept.example"])
    const zh = byAddress.get("chengguan@dept.example")!
    const en = byAddress.get("advisor@dept.example")!
    expect(zh.subject).toBe("【事件】案件已交办给您：case-1")
    expect(en.subject).toBe("[event] Case assigned to you: case-1")
    expect(zh.from?.value[0]).toEqual({ address: "noreply@grid.example", name: "网格化服务管理中心" })
    expect(zh.to && !Array.isArray(zh.to) && zh.to.value[0]).toEqual({
      address: "chengguan@dept.example",
      name: "城管局"
    })

    const link = "https://gridgov.example/app/cases/case-1"
    expect(zh.text).toContain(`查看案件：${link}`)
    expect(en.text).toContain(`Open the case: ${link}`)
    expect(zh.text).toContain(`原因：垃圾堆放三天 <script>alert("x")</script> & 无人清理`)
    expect(zh.text).toContain("时间：2025年3月3日 09:30")
    expect(en.text).toContain("Reason: ")
    for (const mail of [zh, en]) {
      const html = String(mail.html)
      expect(html).toContain(`<a href="${link}">`)
      expect(html).not.toContain("<script>")
      expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 无人清理")
    }
    const key = rows[0]!.dedupeKey
    expect(zh.messageId).toBe(Email.messageId(key, "chengguan@dept.example", "grid.example"))
    expect(en.messageId).toBe(Email.messageId(key, "advisor@dept.example", "grid.example"))
    expect(zh.messageId).not.toBe(en.messageId)
    expect(zh.headers.get("x-gridgov-dedupe-key")).toBe(key)
    expect(zh.headers.get("x-gridgov-type")).toBe("assigned")
  })

  it("retries a temporary rejection (4xx) until the server accepts, and dead-letters a permanent one (5xx) with its reason", async () => {
    const smtp = await smtpServer()
    let busy = true
    smtp.rejectRecipient = (address) =>
      address === "temp@grid.example" && busy
        ? { code: 451, message: "4.3.0 Mailbox temporarily unavailable" }
        : address === "nobody@grid.example"
          ? { code: 550, message: "5.1.1 No such user" }
          : undefined
    const memory = await Effect.runPromise(Memory.make)
    const temp = Notification.messages(notification("case-t", { recipient: { _tag: "Person", id: "temp" } }), ["email"])
    const perm = Notification.messages(notification("case-p", { recipient: { _tag: "Person", id: "perm" } }), ["email"])
    const layer = Layer.mergeAll(Layer.succeedContext(memory.services), Email.layer(config(smtp)))
    const options = { owner: "mailer", baseDelayMs: 20, maxDelayMs: 40 }
    const first = await Effect.runPromise(
      Effect.gen(function* () {
        yield* (yield* Outbox.Outbox).enqueue([...temp, ...perm], 0)
        return yield* Dispatcher.runOnce(options)
      }).pipe(Effect.provide(layer))
    )
    expect(first).toMatchObject({ claimed: 2, retried: 1, dead: 1 })
    const rows = await Effect.runPromise(memory.raw.outbox)
    const t = rows.find((r) => r.id === temp[0]!.id)!
    const p = rows.find((r) => r.id === perm[0]!.id)!
    expect([t.status, t.lastError]).toEqual([
      "pending",
      "temp@grid.example: SMTP 451 4.3.0 Mailbox temporarily unavailable"
    ])
    expect(p.status).toBe("dead")
    expect(p.lastError).toMatch(/^nobody@grid\.example: SMTP 550 5\.1\.1 No such user/)
    expect(smtp.received).toEqual([])

    busy = false
    await new Promise((r) => setTimeout(r, 50))
    const second = await Effect.runPromise(Dispatcher.runOnce(options).pipe(Effect.provide(layer)))
    expect(second).toMatchObject({ claimed: 1, delivered: 1 })
    expect(smtp.received.map((r) => r.envelopeTo)).toEqual([["temp@grid.example"]])
  })
})

describe("Email outcomes", () => {
  it("classifies a message rejected after DATA, a server that is down, an invalid address and a silent server", async () => {
    const smtp = await smtpServer()
    smtp.rejectMessage = (mail) =>
      mail.subject?.includes("case-452")
        ? { code: 452, message: "4.3.1 Insufficient system storage" }
        : mail.subject?.includes("case-554")
          ? { code: 554, message: "5.6.0 Message content rejected" }
          : undefined
    const c = config(smtp)
    const to9 = { recipient: { _tag: "Person", id: "p-9" } } as const
    expect(await deliver(c, message(notification("case-452", to9)))).toEqual({
      _tag: "Retryable",
      reason: "p9@grid.example: SMTP 452 4.3.1 Insufficient system storage"
    })
    const rejected = await deliver(c, message(notification("case-554", to9)))
    expect(rejected._tag).toBe("Permanent")
    expect(await deliver(c, message(notification("case-ok", to9)))).toEqual({ _tag: "Delivered" })
    expect(smtp.received.map((r) => r.mail.subject)).toEqual(["【事件】案件已交办给您：case-ok"])

    const bad = await deliver(c, message(notification("case-bad", { recipient: { _tag: "Person", id: "bad" } })))
    expect(bad._tag).toBe("Permanent")

    // Nobody listening: connection refused.
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as { port: number }
        probe.close(() => resolve(port))
      })
    })
    const down = await deliver(config({ port: closed }), message(notification("case-down", to9)))
    expect(down._tag).toBe("Retryable")
    expect(down._tag === "Retryable" && down.reason).toMatch(/^p9@grid\.example: (ESOCKET|ECONNECTION)/)

    // A server that accepts the connection and never greets: a timeout, retryable.
    const sockets = new Set<Socket>()
    const silent = createServer((socket) => void sockets.add(socket))
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve))
    try {
      const port = (silent.address() as { port: number }).port
      const started = Date.now()
      const timedOut = await deliver(config({ port }, { timeoutMs: 300 }), message(notification("case-silent", to9)))
      expect(timedOut._tag).toBe("Retryable")
      expect(Date.now() - started).toBeLessThan(2_000)
    } finally {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => silent.close(() => resolve()))
    }

    // No address for the recipient: nothing to send on this channel.
    expect(await deliver(c, message(notification("case-none", { recipient: { _tag: "Person", id: "p-0" } })))).toEqual({
      _tag: "Delivered"
    })
  })
})

describe("Email templates", () => {
  it("renders every notification type in both locales, with labels for kinds and clocks", () => {
    for (const type of Notification.Type.literals) {
      const n = notification("case-x", {
        type,
        kind: "petition",
        data: { clock: "conclude", dueAt: Date.UTC(2025, 2, 10, 10) }
      })
      const zh = Email.render(n, "zh-CN", "https://g.example/cases/case-x")
      const en = Email.render(n, "en", "https://g.example/cases/case-x")
      expect(zh.subject.startsWith("【信访】")).toBe(true)
      expect(en.subject.startsWith("[petition] ")).toBe(true)
      expect(zh.subject).not.toBe(en.subject)
      expect(zh.text).toContain("环节：办结")
      expect(zh.text).toContain("截止时间：2025年3月10日 18:00")
      expect(en.text).toContain("Step: conclude")
      expect(zh.html.startsWith("<!doctype html>")).toBe(true)
    }
    expect(Email.caseLink("https://g.example//", "case/1 2")).toBe("https://g.example/cases/case%2F1%202")
    expect(Email.messageId("k", "A@x.example", "d.example")).toBe(Email.messageId("k", "a@x.example", "d.example"))
    expect(Email.messageId("k1", "a@x.example", "d.example")).not.toBe(
      Email.messageId("k2", "a@x.example", "d.example")
    )
  })
})
