/**
 * `gridgov token`: a token for a person of the store's configuration who holds a post
 * today, signed with the server's secret (GRIDGOV_SECRET, else the data directory's
 * secret file), which the server's own authenticator accepts; refused, with one line,
 * for anyone else.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { CalendarCn } from "@gridgov/calendar-cn"
import { Store } from "@gridgov/cli"
import { type CityChange, Configuration } from "@gridgov/core"
import { Auth } from "@gridgov/http"
import { Effect, Layer, Redacted, Result } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { cli } from "./support.js"

const root = mkdtempSync(join(tmpdir(), "gridgov-token-"))
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** A small city: the leader p-1 (posted), p-2 whose post ended in 2020, p-3 with no post. */
const city: ReadonlyArray<CityChange.Change> = [
  { _tag: "AddGrid", record: { code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } } },
  { _tag: "AddPerson", person: { id: "p-1", name: "张三" } },
  { _tag: "AddPerson", person: { id: "p-2", name: "李四" } },
  { _tag: "AddPerson", person: { id: "p-3", name: "王五" } },
  { _tag: "AddPost", post: { person: "p-1", role: "leader", at: { grid: "620981" }, validFrom: "2021-01-01" } },
  {
    _tag: "AddPost",
    post: { person: "p-2", role: "leader", at: { grid: "620981" }, validFrom: "2020-01-01", validTo: "2020-12-31" }
  }
]

/** A data directory as the server keeps it: the store, and the secret it made on its first start. */
const dataDir = join(root, "data")
const db = join(dataDir, "gridgov.db")
const store = `sqlite:${db}`
let secret: Redacted.Redacted<string>

beforeAll(async () => {
  mkdirSync(dataDir)
  secret = Result.getOrThrow(Auth.secret({ dataDir, create: true }))
  const seeded = Configuration.layerStore({
    calendar: CalendarCn.builder(),
    pollMs: 0,
    seed: { changes: city as never, reason: "a test city" }
  }).pipe(Layer.provide(Store.layer(Result.getOrThrow(Store.parse(store)), { create: true })))
  await Effect.runPromise(Effect.scoped(Layer.build(seeded)))
}, 120_000)

/** Who the server's authenticator, with this secret, says a token is for. */
const verify = (token: string, with_: Redacted.Redacted<string> = secret) =>
  Effect.runPromise(
    Effect.flatMap(Effect.service(Auth.Authenticator), (auth) => auth.verify(token)).pipe(
      Effect.provide(Auth.layerHmac({ secret: with_ })),
      Effect.result
    )
  )

describe("gridgov token", () => {
  it("a person who holds a post today: the token alone on stdout, accepted with the server's secret", async () => {
    const ran = await cli(["token", "--store", store, "p-1"])
    expect(ran.err).toEqual([])
    expect(ran.code).toBe(0)
    expect(ran.out).toHaveLength(1)
    expect(await verify(ran.out[0]!)).toEqual(Result.succeed({ _tag: "Person", id: "p-1" }))
  })

  it("--json: the person, their posts today and the expiry (--hours)", async () => {
    const before = Date.now()
    const ran = await cli(["token", "--store", store, "p-1", "--hours", "8", "--json"])
    expect(ran.code).toBe(0)
    const issued = JSON.parse(ran.out[0]!)
    expect(issued).toMatchObject({ person: "p-1", name: "张三", posts: [{ role: "leader", at: { grid: "620981" } }] })
    const expires = Date.parse(issued.expiresAt)
    expect(expires).toBeGreaterThanOrEqual(before + 8 * 3_600_000 - 1000)
    expect(expires).toBeLessThanOrEqual(Date.now() + 8 * 3_600_000 + 1000)
    expect(await verify(issued.token)).toEqual(Result.succeed({ _tag: "Person", id: "p-1" }))
  })

  it("GRIDGOV_SECRET, when set, signs instead of the secret file, as it does for the server", async () => {
    const fromEnv = "e".repeat(40)
    const ran = await cli(["token", "--store", store, "p-1"], {}, { GRIDGOV_SECRET: fromEnv })
    expect(ran.code).toBe(0)
    expect(await verify(ran.out[0]!, Redacted.make(fromEnv))).toEqual(Result.succeed({ _tag: "Person", id: "p-1" }))
    expect(Result.isFailure(await verify(ran.out[0]!))).toBe(true)
  })

  it.each([
    ["an unknown person", ["p-9"], "gridgov token: no person p-9 in the store's configuration (version 6)"],
    [
      "a post that ended",
      ["p-2"],
      /^gridgov token: p-2 \(李四\) holds no post on \d{4}-\d\d-\d\d: a token would let them do nothing$/
    ],
    [
      "no post at all",
      ["p-3"],
      /^gridgov token: p-3 \(王五\) holds no post on \d{4}-\d\d-\d\d: a token would let them do nothing$/
    ]
  ] as const)("refused: %s, exit 1, nothing on stdout", async (_, args, line) => {
    const ran = await cli(["token", "--store", store, ...args])
    expect(ran.code).toBe(1)
    expect(ran.out).toEqual([])
    expect(ran.err).toHaveLength(1)
    if (typeof line === "string") expect(ran.err[0]).toBe(line)
    else expect(ran.err[0]).toMatch(line)
  })

  it("refused: a lifetime past what the server allows (exit 2)", async () => {
    const ran = await cli(["token", "--store", store, "p-1", "--hours", "721"])
    expect(ran.code).toBe(2)
    expect(ran.err).toEqual(["gridgov token: --hours 721: a token lives from 1 minute(s) to 720 hours"])
  })

  it("refused: no secret to sign with, and none is made (a new one would sign tokens the server refuses)", async () => {
    const elsewhere = join(root, "elsewhere")
    mkdirSync(elsewhere)
    const ran = await cli(["token", "--store", store, "p-1", "--data-dir", elsewhere])
    expect(ran.code).toBe(1)
    expect(ran.err).toEqual([`gridgov token: no signing secret: ${join(elsewhere, "secret")} does not exist`])
    const viaEnv = await cli(["token", "--store", store, "p-1"], {}, { DATA_DIR: elsewhere })
    expect(viaEnv.err).toEqual(ran.err)
  })

  it("refused: a store without a configuration", async () => {
    const empty = join(root, "empty")
    mkdirSync(empty)
    Result.getOrThrow(Auth.secret({ dataDir: empty, create: true }))
    const url = Result.getOrThrow(Store.parse(`sqlite:${join(empty, "gridgov.db")}`))
    await Effect.runPromise(Effect.scoped(Layer.build(Store.layer(url, { create: true }))))
    const ran = await cli(["token", "--store", `sqlite:${join(empty, "gridgov.db")}`, "p-1"])
    expect(ran.code).toBe(1)
    expect(ran.err).toEqual([
      "gridgov token: the store holds no city configuration yet: import a city folder first (gridgov import)"
    ])
  })
})
