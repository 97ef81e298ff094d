/**
 * A real server for the tests: the HTTP layer over CaseService on a SQLite file in a
 * temp directory, listening on a random loopback port, with the Yumen fixture as the
 * city's configuration in the store (seeded on an empty store).
 */
import { createHash } from "node:crypto"
import { copyFileSync, existsSync, mkdtempSync, renameSync, rmSync } from "node:fs"
import { createServer } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { NodeHttpServer } from "@effect/platform-node"
import { CalendarCn } from "@gridgov/calendar-cn"
import {
  CaseService,
  CaseStore,
  City,
  CityChange,
  Configuration,
  Grid,
  RecordStore,
  type Records,
  type Staff
} from "@gridgov/core"
import { Auth, RateLimit, Server } from "@gridgov/http"
import { SqlRecords } from "@gridgov/storage-sql"
import { SqliteStore } from "@gridgov/storage-sqlite"
import { MemoryRecords, Yumen } from "@gridgov/testing"
import { Context, Effect, Layer, ManagedRuntime, Redacted, Result } from "effect"
import { HttpRouter, HttpServer } from "effect/http"

export const city = Yumen.make()
export const apiKey = "open311-test-key-0123456789"

export interface Running {
  readonly url: string
  readonly token: (person: string) => Promise<string>
  readonly position: () => Promise<number>
  /** A record as the store keeps it (sealed when the server has a key). */
  readonly stored: (id: string) => Promise<Records.Record | undefined>
  readonly stop: () => Promise<void>
}

export interface StartOptions {
  readonly rate?: RateLimit.MemoryOptions | undefined
  /** Seal records' personal data at rest with this AES-256-GCM key. */
  readonly recordKey?: Uint8Array | undefined
  /** Wraps the record store (to stage what another writer would do). */
  readonly records?: ((store: RecordStore.RecordStore["Service"]) => RecordStore.RecordStore["Service"]) | undefined
  readonly maxBodyBytes?: number | undefined
  /** Keep the store in this directory, and leave it there on `stop` (to start again over it). */
  readonly dir?: string | undefined
  readonly bodyTimeoutMs?: number | undefined
}

const calendar = CalendarCn.builder()

/**
 * A store that already holds the fixture's configuration, made once per version of the
 * fixture on this machine (named by the hash of its changes) and copied for each server:
 * seeding 4,796 configuration events takes seconds on a loaded machine, copying a file
 * does not. Made while this module loads, outside any test's or hook's time limit.
 */
const template = await (async () => {
  const changes = Yumen.changes(city)
  // named by the events the store would hold, so a change to the fixture or the decider makes a new one
  const decided = CityChange.decide(City.empty, changes, {
    actor: { id: "system", roles: ["system"] },
    reason: "the Yumen fixture",
    now: 0,
    version: 0,
    today: "2026-01-01"
  })
  const events = Result.isSuccess(decided) ? decided.success.events.map(CityChange.encode) : []
  const key = createHash("sha256").update(JSON.stringify(events)).digest("hex").slice(0, 16)
  const path = join(tmpdir(), `gridgov-http-city-${key}.db`)
  if (existsSync(path)) return path
  const dir = mkdtempSync(join(tmpdir(), "gridgov-http-city-"))
  const filename = join(dir, "gridgov.db")
  const runtime = ManagedRuntime.make(
    Configuration.layerStore({ calendar, pollMs: 0, seed: { changes, reason: "the Yumen fixture" } }).pipe(
      Layer.provide(SqliteStore.layer({ filename }))
    )
  )
  await runtime.runPromise(Effect.service(Configuration.Configuration))
  await runtime.dispose()
  // the write-ahead log folded into the file, then renamed: a rename is atomic, so a
  // test file seeding at the same time never copies half of it
  const db = new DatabaseSync(filename)
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)")
  db.close()
  renameSync(filename, path)
  rmSync(dir, { recursive: true, force: true })
  return path
})()

export const start = async (options: StartOptions = {}): Promise<Running> => {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "gridgov-http-"))
  const filename = join(dir, "gridgov.db")
  if (!existsSync(filename)) copyFileSync(template, filename)
  const stores = SqliteStore.layerWithClient({ filename })
  const configuration = Configuration.layerStore({ calendar })
  const services = CaseService.layer.pipe(
    Layer.provideMerge(CaseService.layerOptions()),
    Layer.provideMerge(configuration),
    Layer.provideMerge(
      options.records === undefined
        ? SqlRecords.layer()
        : Layer.effectContext(
            Effect.gen(function* () {
              const built = yield* Layer.build(SqlRecords.layer())
              const wrap = options.records!
              return Context.add(built, RecordStore.RecordStore, wrap(Context.get(built, RecordStore.RecordStore)))
            })
          )
    ),
    Layer.provideMerge(stores),
    Layer.provideMerge(
      Auth.layerHmac({
        secret: Redacted.make("test-secret-0123456789abcdef0123456789"),
        apiKeys: [{ name: "open311", id: "integration:open311", sha256: Auth.hashKey(apiKey) }]
      })
    ),
    Layer.provideMerge(options.rate === undefined ? RateLimit.layerUnlimited : RateLimit.layerMemory(options.rate)),
    Layer.provideMerge(options.recordKey === undefined ? Layer.empty : MemoryRecords.layerAesGcm(options.recordKey))
  )
  const app = HttpRouter.serve(
    Server.layer({ maxBodyBytes: options.maxBodyBytes, bodyTimeoutMs: options.bodyTimeoutMs }),
    {
      disableLogger: true,
      disableListenLog: true
    }
  ).pipe(
    Layer.provideMerge(services),
    Layer.provideMerge(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" }))
  )
  const runtime = ManagedRuntime.make(app)
  const server = await runtime.runPromise(Effect.service(HttpServer.HttpServer))
  const address = server.address
  if (!("port" in address)) throw new Error("expected an internet address")
  return {
    url: `http://127.0.0.1:${address.port}`,
    token: (person) =>
      runtime.runPromise(
        Effect.map(
          Effect.flatMap(Effect.service(Auth.Authenticator), (a) => a.issue({ _tag: "Person", id: person })),
          (t) => t.token
        )
      ),
    position: () =>
      runtime.runPromise(
        Effect.flatMap(Effect.service(CaseStore.CaseStore), (store) =>
          Effect.map(store.readAll(0, 1_000_000), (events) => (events.length === 0 ? 0 : events.at(-1)!.position))
        )
      ),
    stored: (id) =>
      runtime.runPromise(
        Effect.flatMap(Effect.service(RecordStore.RecordStore), (store) =>
          Effect.map(store.get(id), (found) => (found._tag === "Some" ? found.value : undefined))
        )
      ),
    stop: async () => {
      await runtime.dispose()
      if (options.dir === undefined) rmSync(dir, { recursive: true, force: true })
    }
  }
}

const today = "2026-01-01"
const valid = (p: Staff.Post) => p.validFrom <= today && (p.validTo === undefined || p.validTo >= today)

/** The first person holding `role` at the grid or unit (a valid post today). */
export const personAt = (role: Staff.Role, at: { grid: string } | { unit: string }): string => {
  const post = city.staff.posts.find(
    (p) =>
      valid(p) &&
      p.role === role &&
      ("grid" in at ? "grid" in p.at && p.at.grid === at.grid : "unit" in p.at && p.at.unit === at.unit)
  )
  if (post === undefined) throw new Error(`no ${role} at ${JSON.stringify(at)}`)
  return post.person
}

/** Blocks (level-3 grids) of the fixture. */
export const blocks = Array.from({ length: city.tree.size }, (_, i) => i)
  .filter((i) => !Grid.isExclusive(city.tree, i) && Grid.level(city.tree, i) === 3)
  .map((i) => Grid.record(city.tree, i).code)

export const parentOf = (code: string) => Grid.record(city.tree, Grid.id(city.tree, code)!).parent!

export interface Reply {
  readonly status: number
  readonly type: string
  // biome-ignore lint/suspicious/noExplicitAny: tests read JSON replies by path
  readonly body: any
  readonly headers: Headers
}

/** One request; JSON in, JSON (or text) out. */
export const call = async (
  url: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}
): Promise<Reply> => {
  const headers: Record<string, string> = { ...options.headers }
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`
  let body: string | undefined
  if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body)
    headers["content-type"] ??= "application/json"
  }
  const res = await fetch(url + path, body === undefined ? { method, headers } : { method, headers, body })
  const type = res.headers.get("content-type") ?? ""
  const text = await res.text()
  let parsed: unknown = text
  if (type.includes("json") && text !== "") parsed = JSON.parse(text)
  return { status: res.status, type, body: parsed, headers: res.headers }
}
