/**
 * Authentication behind a port. `Authenticator` checks a bearer token or an API key
 * and says who presents it; what that person may do is `Access`'s business (the
 * server turns a person into `Access.actor` on the request date).
 *
 * The default, `layerHmac`, issues signed bearer tokens — `base64url(claims)` `.`
 * `base64url(HMAC-SHA256(secret, claims))` with an expiry — to people (staff, by
 * person id) and residents, and recognises API keys of integrations, which it keeps
 * only as SHA-256 hashes and compares in constant time.
 *
 * @since 0.1.0
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto"
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { Tokens } from "@gridgov/core"
import { Clock, Context, Effect, Layer, Redacted, Result, Schema } from "effect"
import * as Problem from "./Problem.js"

/**
 * Who a credential names: a person of the staff directory, a resident (a member of
 * the public with a token), or an integration (by API key) acting as `actor`.
 *
 * @example
 * import type { Auth } from "@gridgov/http"
 * const chief: Auth.Subject = { _tag: "Person", id: "p-01808" }
 *
 * @category models
 * @since 0.1.0
 */
export type Subject =
  | { readonly _tag: "Person"; readonly id: string }
  | { readonly _tag: "Resident"; readonly id: string }
  | { readonly _tag: "Integration"; readonly id: string; readonly name: string }

/**
 * An issued token: the bearer string, its subject's id and its expiry (epoch ms);
 * core's `Tokens.Issued`.
 *
 * @example
 * import type { Auth } from "@gridgov/http"
 * const header = (t: Auth.Issued) => `Bearer ${t.token}`
 *
 * @category models
 * @since 0.1.0
 */
export type Issued = Tokens.Issued

/**
 * The authentication port.
 *
 * - `verify(token)`: the subject of a valid, unexpired token, or `Unauthorized`;
 * - `issue(subject, ttlMs?)`: a new token for a person or resident;
 * - `apiKey(key)`: the integration a key belongs to, or `Unauthorized`.
 *
 * @example
 * import { Effect } from "effect"
 * import { Auth } from "@gridgov/http"
 * const whoami = (token: string) => Effect.flatMap(Effect.service(Auth.Authenticator), (a) => a.verify(token))
 *
 * @category services
 * @since 0.1.0
 */
export class Authenticator extends Context.Service<
  Authenticator,
  {
    readonly verify: (token: string) => Effect.Effect<Subject, Problem.Unauthorized>
    readonly issue: (
      subject: Exclude<Subject, { readonly _tag: "Integration" }>,
      ttlMs?: number
    ) => Effect.Effect<Issued>
    readonly apiKey: (
      key: string
    ) => Effect.Effect<Extract<Subject, { readonly _tag: "Integration" }>, Problem.Unauthorized>
  }
>()("@gridgov/http/Auth/Authenticator") {}

/**
 * An integration's API key as configured: a name, the id it acts as, and the
 * SHA-256 hash of the key (`hashKey`), never the key itself.
 *
 * @example
 * import { Auth } from "@gridgov/http"
 * const key: Auth.ApiKey = { name: "open311-app", id: "integration:open311-app", sha256: Auth.hashKey("secret-key") }
 *
 * @category models
 * @since 0.1.0
 */
export interface ApiKey {
  readonly name: string
  readonly id: string
  readonly sha256: string
}

/**
 * Options of `layerHmac`: the signing secret (at least 32 bytes), the default token
 * lifetime (default 12 hours) and the integrations' API keys.
 *
 * @example
 * import { Redacted } from "effect"
 * import type { Auth } from "@gridgov/http"
 * const options: Auth.HmacOptions = { secret: Redacted.make("0123456789abcdef0123456789abcdef"), apiKeys: [] }
 *
 * @category config
 * @since 0.1.0
 */
export interface HmacOptions {
  readonly secret: Redacted.Redacted<string>
  readonly ttlMs?: number | undefined
  readonly apiKeys?: ReadonlyArray<ApiKey> | undefined
}

/**
 * The SHA-256 hash (hex) of an API key, as `ApiKey.sha256` stores it.
 *
 * @example
 * import { Auth } from "@gridgov/http"
 * Auth.hashKey("k").length // 64
 *
 * @category api keys
 * @since 0.1.0
 */
export const hashKey = (key: string): string => createHash("sha256").update(key, "utf8").digest("hex")

/**
 * A fresh random secret or key (32 random bytes, base64url).
 *
 * @example
 * import { Auth } from "@gridgov/http"
 * Auth.randomSecret().length // 43
 *
 * @category api keys
 * @since 0.1.0
 */
export const randomSecret = (): string => randomBytes(32).toString("base64url")

/**
 * The signing secret could not be had: none given and no secret file, or one
 * shorter than 32 bytes. The message says which and where.
 *
 * @example
 * import { Auth } from "@gridgov/http"
 * new Auth.SecretUnavailable({ reason: "data/secret does not exist" }).message // "data/secret does not exist"
 *
 * @category secrets
 * @since 0.1.0
 */
export class SecretUnavailable extends Schema.TaggedError<SecretUnavailable>()("SecretUnavailable", {
  reason: Schema.String
}) {
  override get message(): string {
    return this.reason
  }
}

/**
 * Where a deployment's signing secret comes from: `value` when given and not empty
 * (the `GRIDGOV_SECRET` environment variable, say), else the file `secret` in the data
 * directory `dataDir`. With `create`, a missing file is made once (32 random bytes,
 * base64url, mode 0600) and kept, as a server does on its first start; without it, a
 * missing file is `SecretUnavailable`, as it must be for a tool that signs tokens for
 * a running server (`gridgov token`): a token signed with a new secret would be
 * refused. A secret shorter than 32 bytes is refused either way (`layerHmac` needs 32).
 *
 * @example
 * import { Result } from "effect"
 * import { Auth } from "@gridgov/http"
 * const given = Auth.secret({ value: "0123456789abcdef0123456789abcdef", dataDir: "/nonexistent" })
 * Result.isSuccess(given) // true
 * Result.isFailure(Auth.secret({ dataDir: "/nonexistent" })) // true: no file, and not asked to make one
 *
 * @category secrets
 * @since 0.1.0
 */
export const secret = (options: {
  readonly value?: string | undefined
  readonly dataDir: string
  readonly create?: boolean | undefined
}): Result.Result<Redacted.Redacted<string>, SecretUnavailable> => {
  const path = join(options.dataDir, "secret")
  let value = options.value === "" ? undefined : options.value
  let source = "the given secret"
  if (value === undefined) {
    source = path
    if (existsSync(path)) value = readFileSync(path, "utf8").trim()
    else if (options.create === true) {
      value = randomSecret()
      writeFileSync(path, `${value}\n`, { mode: 0o600 })
    } else return Result.fail(new SecretUnavailable({ reason: `no signing secret: ${path} does not exist` }))
  }
  return Buffer.byteLength(value, "utf8") < 32
    ? Result.fail(new SecretUnavailable({ reason: `${source} is shorter than 32 bytes` }))
    : Result.succeed(Redacted.make(value))
}

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64url")

const sameBytes = (a: Buffer, b: Buffer): boolean => a.length === b.length && timingSafeEqual(a, b)

interface Claims {
  readonly sub: string
  readonly typ: "p" | "r"
  readonly exp: number
}

const unauthorized = (detail: string) => new Problem.Unauthorized({ detail })

/**
 * The default `Authenticator`: HMAC-SHA256 bearer tokens with expiry, and hashed API
 * keys. It also provides core's `Tokens` port, the issuer `StaffService` asks for
 * tokens: the same subject and expiry sign to the same token.
 *
 * @example
 * import { Redacted } from "effect"
 * import { Auth } from "@gridgov/http"
 * const live = Auth.layerHmac({ secret: Redacted.make(Auth.randomSecret()) })
 *
 * @category layers
 * @since 0.1.0
 */
export const layerHmac = (options: HmacOptions): Layer.Layer<Authenticator | Tokens.Tokens> =>
  Layer.syncContext(() => {
    const secret = Redacted.value(options.secret)
    if (Buffer.byteLength(secret, "utf8") < 32) throw new Error("Auth.layerHmac: the secret must be at least 32 bytes")
    const ttl = options.ttlMs ?? 12 * 3_600_000
    const keys = (options.apiKeys ?? []).map((k) => ({ ...k, hash: Buffer.from(k.sha256, "hex") }))
    const sign = (payload: string) => createHmac("sha256", secret).update(payload, "utf8").digest()

    const verify = (token: string): Effect.Effect<Subject, Problem.Unauthorized> =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => {
        const dot = token.indexOf(".")
        if (dot <= 0 || dot !== token.lastIndexOf(".")) return Effect.fail(unauthorized("Malformed bearer token"))
        const payload = token.slice(0, dot)
        const given = Buffer.from(token.slice(dot + 1), "base64url")
        if (!sameBytes(given, sign(payload))) return Effect.fail(unauthorized("Invalid bearer token"))
        let claims: Claims
        try {
          claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Claims
        } catch {
          return Effect.fail(unauthorized("Malformed bearer token"))
        }
        if (typeof claims.exp !== "number" || claims.exp <= now)
          return Effect.fail(unauthorized("Expired bearer token"))
        if (typeof claims.sub !== "string" || claims.sub.length === 0)
          return Effect.fail(unauthorized("Malformed bearer token"))
        return Effect.succeed<Subject>(
          claims.typ === "r" ? { _tag: "Resident", id: claims.sub } : { _tag: "Person", id: claims.sub }
        )
      })

    const signed = (subject: Tokens.Subject, exp: number): Issued => {
      const claims: Claims = { sub: subject.id, typ: subject._tag === "Resident" ? "r" : "p", exp }
      const payload = b64(JSON.stringify(claims))
      return { token: `${payload}.${sign(payload).toString("base64url")}`, subject: subject.id, expiresAt: exp }
    }

    const issue = (subject: Exclude<Subject, { readonly _tag: "Integration" }>, ttlMs?: number) =>
      Effect.map(Clock.currentTimeMillis, (now) => signed(subject, now + (ttlMs ?? ttl)))

    const apiKey = (key: string) =>
      Effect.suspend(() => {
        const hash = createHash("sha256").update(key, "utf8").digest()
        let found: (typeof keys)[number] | undefined
        // Compare against every key so the time taken does not depend on which one matched.
        for (const k of keys) if (sameBytes(hash, k.hash) && found === undefined) found = k
        return found === undefined
          ? Effect.fail(unauthorized("Invalid API key"))
          : Effect.succeed({ _tag: "Integration" as const, id: found.id, name: found.name })
      })

    return Context.make(Authenticator, Authenticator.of({ verify, issue, apiKey })).pipe(
      Context.add(
        Tokens.Tokens,
        Tokens.Tokens.of({ issue: (subject, expiresAt) => Effect.sync(() => signed(subject, expiresAt)) })
      )
    )
  })
