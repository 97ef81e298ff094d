/**
 * The server's options: command-line flags (`effect/cli`, so `--help` lists them),
 * each falling back to an environment variable, then to a default. An empty
 * variable counts as unset. Every value is checked here, so a bad one stops the
 * server before it touches anything, with one line that names the flag, its
 * variable and what it expects.
 *
 * The secrets are read from the environment only, never from the command line
 * (where `ps` would show them to every user of the machine).
 */
import { resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { Config, Effect, Option } from "effect"
import { CliError, Flag } from "effect/cli"
import { StartupError } from "./failure.js"

/** The checked options the server runs with. */
export interface Options {
  readonly port: number
  readonly host: string
  /** Absolute. */
  readonly dataDir: string
  /** A PostgreSQL URL; SQLite in `dataDir` when absent. */
  readonly databaseUrl: URL | undefined
  /** Where case notifications are POSTed, signed (`@gridgov/notify-webhook`); none when absent. */
  readonly webhookUrl: URL | undefined
  /** The city folder an empty store imports (absolute). */
  readonly cityDir: string
}

/** The secrets, from the environment; each is generated and kept in the data directory when unset. */
export interface Secrets {
  readonly tokenSecret: string | undefined
  readonly open311ApiKey: string | undefined
  readonly webhookSecret: string | undefined
}

/** The default city folder: Yumen's, `examples/cities/yumen`. */
export const defaultCityDir = fileURLToPath(new URL("../../cities/yumen", import.meta.url))

/** The default data directory: `examples/server/data`, wherever the command was run from. */
export const defaultDataDir = fileURLToPath(new URL("../data", import.meta.url))

/**
 * Where a path the user typed points: relative paths are taken from the directory the
 * command was run in. `pnpm --filter … start` runs the server in its package folder
 * and says where the user was in `INIT_CWD`.
 */
export const userPath = (path: string): string => resolve(process.env.INIT_CWD ?? process.cwd(), path)

/** A flag that falls back to an environment variable; empty (either way) when neither is given. */
const text = (flag: string, variable: string) =>
  Flag.String(flag).pipe(Flag.withFallbackConfig(Config.String(variable)), Flag.withDefault(""))

const port = text("port", "PORT").pipe(
  Flag.withMetavar("N"),
  Flag.withDescription("the port to listen on, 0 for any free one (PORT; default 3000)"),
  Flag.filterMap(
    (v) => {
      const n = v.trim() === "" ? "3000" : v.trim()
      return /^\d{1,5}$/.test(n) && Number(n) <= 65_535 ? Option.some(Number(n)) : Option.none()
    },
    () => "an integer from 0 to 65535 (--port or PORT)"
  )
)

const host = text("host", "HOST").pipe(
  Flag.withMetavar("ADDRESS"),
  Flag.withDescription("the address to listen on (HOST; default 127.0.0.1)"),
  Flag.map((v) => (v.trim() === "" ? "127.0.0.1" : v.trim()))
)

const dataDir = text("data-dir", "DATA_DIR").pipe(
  Flag.withMetavar("DIR"),
  Flag.withDescription(
    "the SQLite file, the token secret, the Open311 key and the webhook secret; a relative path is taken from where you ran the command (DATA_DIR; default examples/server/data)"
  ),
  Flag.map((v) => (v.trim() === "" ? defaultDataDir : userPath(v)))
)

const cityDir = text("city-dir", "CITY_DIR").pipe(
  Flag.withMetavar("DIR"),
  Flag.withDescription(
    "the city folder an empty store imports (as gridgov import does), read from the store after that; a relative path is taken from where you ran the command (CITY_DIR; default examples/cities/yumen)"
  ),
  Flag.map((v) => (v.trim() === "" ? defaultCityDir : userPath(v)))
)

/** `postgres://` or `postgresql://` with a host, else none. */
const postgresUrl = (v: string): Option.Option<URL> => {
  if (!URL.canParse(v)) return Option.none()
  const url = new URL(v)
  return (url.protocol === "postgres:" || url.protocol === "postgresql:") && url.hostname !== ""
    ? Option.some(url)
    : Option.none()
}

/** A URL as it may be printed: its password masked, even when it does not parse. */
export const shown = (url: string): string => url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*:)[^@/?#]*@/i, "$1***@")

const databaseUrl = text("database-url", "DATABASE_URL").pipe(
  Flag.withMetavar("URL"),
  Flag.withDescription(
    "store in PostgreSQL at postgres://USER:PASSWORD@HOST:PORT/DATABASE instead of SQLite (DATABASE_URL)"
  ),
  Flag.mapEffect((v) =>
    v.trim() === ""
      ? Effect.succeed(undefined)
      : Option.match(postgresUrl(v.trim()), {
          onSome: Effect.succeed,
          onNone: () =>
            Effect.fail(
              new CliError.InvalidValue({
                option: "database-url",
                value: shown(v),
                expected:
                  "a PostgreSQL URL, postgres://USER:PASSWORD@HOST:PORT/DATABASE (--database-url or DATABASE_URL); unset it to store in SQLite",
                kind: "flag"
              })
            )
        })
  )
)

/** `http://` or `https://` with a host, else none. */
const httpUrl = (v: string): Option.Option<URL> => {
  if (!URL.canParse(v)) return Option.none()
  const url = new URL(v)
  return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== ""
    ? Option.some(url)
    : Option.none()
}

const webhookUrl = text("webhook-url", "WEBHOOK_URL").pipe(
  Flag.withMetavar("URL"),
  Flag.withDescription(
    "POST every case notification there as a signed webhook (HMAC-SHA256 under GRIDGOV_WEBHOOK_SECRET; Idempotency-Key: the notification's dedupe key), besides the log (WEBHOOK_URL)"
  ),
  Flag.mapEffect((v) =>
    v.trim() === ""
      ? Effect.succeed(undefined)
      : Option.match(httpUrl(v.trim()), {
          onSome: Effect.succeed,
          onNone: () =>
            Effect.fail(
              new CliError.InvalidValue({
                option: "webhook-url",
                value: shown(v),
                expected: "an http:// or https:// URL (--webhook-url or WEBHOOK_URL)",
                kind: "flag"
              })
            )
        })
  )
)

/** The flags of the command, for `Command.make`. */
export const flags = { port, host, dataDir, databaseUrl, cityDir, webhookUrl }

const secret = (variable: string, minBytes: number) =>
  Config.option(Config.String(variable)).pipe(
    Effect.map(Option.filter((v) => v !== "")),
    Effect.orElseSucceed(() => Option.none<string>()),
    Effect.flatMap(
      Option.match({
        onNone: () => Effect.succeed(undefined),
        onSome: (v) =>
          Buffer.byteLength(v, "utf8") >= minBytes
            ? Effect.succeed(v)
            : Effect.fail(
                new StartupError({
                  message: `${variable}: at least ${minBytes} bytes expected, got ${Buffer.byteLength(v, "utf8")}; unset it to have one generated and kept in the data directory`
                })
              )
      })
    )
  )

/**
 * The secrets from `GRIDGOV_SECRET` (at least 32 bytes, as `Auth.layerHmac` requires),
 * `OPEN311_API_KEY` and `GRIDGOV_WEBHOOK_SECRET` (at least 16 bytes: the webhook's signing key).
 */
export const secrets: Effect.Effect<Secrets, StartupError> = Effect.all({
  tokenSecret: secret("GRIDGOV_SECRET", 32),
  open311ApiKey: secret("OPEN311_API_KEY", 1),
  webhookSecret: secret("GRIDGOV_WEBHOOK_SECRET", 16)
})
