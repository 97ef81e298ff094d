/**
 * Auth.secret: where a deployment's token signing secret comes from. The server
 * makes it once; a tool that signs tokens for that server reads the same one and
 * never makes a new one.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Auth } from "@gridgov/http"
import { Effect, Redacted, Result } from "effect"
import { afterAll, describe, expect, it } from "vitest"

const root = mkdtempSync(join(tmpdir(), "gridgov-secret-"))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let n = 0
const fresh = () => {
  const dir = join(root, `d${++n}`)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir)
  return dir
}

describe("Auth.secret", () => {
  it("a given value wins over the file", () => {
    const dataDir = fresh()
    writeFileSync(join(dataDir, "secret"), `${"f".repeat(43)}\n`)
    const value = "v".repeat(40)
    expect(Redacted.value(Result.getOrThrow(Auth.secret({ value, dataDir })))).toBe(value)
  })

  it("an empty value is no value: the file is read (GRIDGOV_SECRET= in a shell)", () => {
    const dataDir = fresh()
    writeFileSync(join(dataDir, "secret"), `${"f".repeat(43)}\n`)
    expect(Redacted.value(Result.getOrThrow(Auth.secret({ value: "", dataDir })))).toBe("f".repeat(43))
  })

  it("with create, made once (owner-only), then read back the same", () => {
    const dataDir = fresh()
    const first = Redacted.value(Result.getOrThrow(Auth.secret({ dataDir, create: true })))
    expect(first).toHaveLength(43)
    expect(statSync(join(dataDir, "secret")).mode & 0o777).toBe(0o600)
    expect(readFileSync(join(dataDir, "secret"), "utf8")).toBe(`${first}\n`)
    expect(Redacted.value(Result.getOrThrow(Auth.secret({ dataDir, create: true })))).toBe(first)
    expect(Redacted.value(Result.getOrThrow(Auth.secret({ dataDir })))).toBe(first)
  })

  it("without create, a missing file is refused, and none is made", () => {
    const dataDir = fresh()
    const missing = Auth.secret({ dataDir })
    expect(Result.isFailure(missing) && missing.failure.message).toBe(
      `no signing secret: ${join(dataDir, "secret")} does not exist`
    )
    expect(() => statSync(join(dataDir, "secret"))).toThrow()
  })

  it("a secret shorter than 32 bytes is refused, as layerHmac would", () => {
    const dataDir = fresh()
    writeFileSync(join(dataDir, "secret"), "short\n")
    const fromFile = Auth.secret({ dataDir })
    expect(Result.isFailure(fromFile) && fromFile.failure.message).toBe(
      `${join(dataDir, "secret")} is shorter than 32 bytes`
    )
    const given = Auth.secret({ value: "short", dataDir })
    expect(Result.isFailure(given) && given.failure.message).toBe("the given secret is shorter than 32 bytes")
  })

  it("tokens signed with the secret read back verify with it", async () => {
    const dataDir = fresh()
    const secret = Result.getOrThrow(Auth.secret({ dataDir, create: true }))
    const again = Result.getOrThrow(Auth.secret({ dataDir }))
    const subject = await Effect.runPromise(
      Effect.gen(function* () {
        const signer = yield* Auth.Authenticator
        return (yield* signer.issue({ _tag: "Person", id: "p-1" })).token
      }).pipe(
        Effect.provide(Auth.layerHmac({ secret })),
        Effect.flatMap((token) =>
          Effect.flatMap(Effect.service(Auth.Authenticator), (a) => a.verify(token)).pipe(
            Effect.provide(Auth.layerHmac({ secret: again }))
          )
        )
      )
    )
    expect(subject).toEqual({ _tag: "Person", id: "p-1" })
  })
})
