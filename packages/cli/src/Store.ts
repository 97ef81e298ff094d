/**
 * A store named by URL, as every `gridgov` command takes it (`--store`):
 * `sqlite:PATH` for a SQLite file (`@gridgov/storage-sqlite`), `postgres://…` (or
 * `postgresql://…`) for a PostgreSQL database (`@gridgov/storage-postgres`).
 * `parse` reads the URL with a clear error; `layer` opens the store and provides
 * its ports (cases, records, notices) and the `SqlClient` beneath.
 *
 * @since 0.1.0
 */
import { existsSync, statSync } from "node:fs"
import { resolve } from "node:path"
import { PgStore } from "@gridgov/storage-postgres"
import { SqlRecords, SqlStore } from "@gridgov/storage-sql"
import { SqliteStore } from "@gridgov/storage-sqlite"
import { Effect, Layer, Redacted, Result, Schema } from "effect"
import { SqlClient, type SqlError } from "effect/sql"

/**
 * A parsed store URL: a SQLite file (its absolute path) or a PostgreSQL database
 * (the URL kept redacted), the prefix of the store's tables, and the URL as
 * messages show it (without the password).
 *
 * @example
 * import type { Store } from "@gridgov/cli"
 * const where = (url: Store.Url) => (url._tag === "Sqlite" ? url.path : url.display)
 *
 * @category models
 * @since 0.1.0
 */
export type Url =
  | { readonly _tag: "Sqlite"; readonly path: string; readonly prefix: string; readonly display: string }
  | {
      readonly _tag: "Postgres"
      readonly url: Redacted.Redacted<string>
      readonly prefix: string
      readonly display: string
    }

/**
 * A store URL that does not parse; `reason` says what is wrong with it, the
 * message adds what was expected.
 *
 * @example
 * import { Store } from "@gridgov/cli"
 * new Store.UrlInvalid({ input: "mysql://x", reason: "unknown scheme" }).message
 * // "mysql://x: unknown scheme; expected sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE"
 *
 * @category errors
 * @since 0.1.0
 */
export class UrlInvalid extends Schema.TaggedError<UrlInvalid>()("StoreUrlInvalid", {
  input: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `${this.input}: ${this.reason}; ${expected}`
  }
}

/**
 * The store could not be opened: no such SQLite file (for a command that reads a
 * store), a database that does not answer, or one that refuses the connection.
 *
 * @example
 * import { Store } from "@gridgov/cli"
 * new Store.Unavailable({ store: "sqlite:missing.db", reason: "no such file" }).message
 * // "store sqlite:missing.db: no such file"
 *
 * @category errors
 * @since 0.1.0
 */
export class Unavailable extends Schema.TaggedError<Unavailable>()("StoreUnavailable", {
  store: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `store ${this.store}: ${this.reason}`
  }
}

/**
 * What a store URL looks like, as messages say it.
 *
 * @example
 * import { Store } from "@gridgov/cli"
 * Store.expected // "expected sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE"
 *
 * @category parsing
 * @since 0.1.0
 */
export const expected = "expected sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE"

/**
 * Reads a store URL.
 *
 * - `sqlite:PATH`: a SQLite file, the path relative to the working directory or
 *   absolute (`sqlite:/var/lib/gridgov/gridgov.db`);
 * - `postgres://USER:PASSWORD@HOST:PORT/DATABASE` (or `postgresql://`): a
 *   PostgreSQL database, which must be named;
 * - either with `?prefix=NAME_`: the store's tables are named with that prefix
 *   (default `gridgov_`), as `SqlStore.Options.prefix` says.
 *
 * @example
 * import { Result } from "effect"
 * import { Store } from "@gridgov/cli"
 * Result.getOrThrow(Store.parse("sqlite:data/gridgov.db"))._tag // "Sqlite"
 * Result.getOrThrow(Store.parse("sqlite:year.db?prefix=yumen_")).prefix // "yumen_"
 * Result.getOrThrow(Store.parse("postgres://gridgov:secret@127.0.0.1:5432/gridgov")).display
 * // "postgres://gridgov:***@127.0.0.1:5432/gridgov"
 * Result.isFailure(Store.parse("data/gridgov.db")) // true: no scheme
 *
 * @category parsing
 * @since 0.1.0
 */
export const parse = (input: string): Result.Result<Url, UrlInvalid> => {
  const fail = (reason: string) => Result.fail(new UrlInvalid({ input, reason }))
  const prefixOf = (value: string | null): string | undefined =>
    value === null ? "gridgov_" : /^[a-z_][a-z0-9_]*$/.test(value) ? value : undefined
  if (input.startsWith("sqlite:")) {
    const [path = "", query] = input.slice("sqlite:".length).split("?", 2)
    if (path === "") return fail("no path after sqlite:")
    if (path.startsWith("//")) return fail('write sqlite:PATH without "//" (sqlite:/abs/path.db or sqlite:rel/path.db)')
    if (path === ":memory:") return fail("an in-memory database holds no store to work on; name a file")
    const params = new URLSearchParams(query ?? "")
    const unknown = [...params.keys()].find((k) => k !== "prefix")
    if (unknown !== undefined) return fail(`unknown parameter ${unknown} (only prefix)`)
    const prefix = prefixOf(params.get("prefix"))
    if (prefix === undefined) return fail("the prefix must match [a-z_][a-z0-9_]*")
    return Result.succeed({ _tag: "Sqlite", path: resolve(path), prefix, display: input })
  }
  if (input.startsWith("postgres://") || input.startsWith("postgresql://")) {
    let url: URL
    try {
      url = new URL(input)
    } catch {
      return fail("not a valid URL")
    }
    if (url.hostname === "") return fail("no host")
    if (url.pathname.length <= 1) return fail("no database named")
    const prefix = prefixOf(url.searchParams.get("prefix"))
    if (prefix === undefined) return fail("the prefix must match [a-z_][a-z0-9_]*")
    url.searchParams.delete("prefix")
    const shown = new URL(input)
    if (shown.password !== "") shown.password = "***"
    return Result.succeed({ _tag: "Postgres", url: Redacted.make(url.toString()), prefix, display: shown.toString() })
  }
  return fail(input.includes(":") ? `unknown scheme ${input.slice(0, input.indexOf(":") + 1)}` : "no scheme")
}

/**
 * What an opened store provides: the case store's ports (`SqlStore.Stores`), the
 * records and notices (`SqlRecords.Stores`), and the `SqlClient` they share.
 *
 * @example
 * import type { Store } from "@gridgov/cli"
 * type Needs = Store.Services
 *
 * @category models
 * @since 0.1.0
 */
export type Services = SqlStore.Stores | SqlRecords.Stores | SqlClient.SqlClient

/**
 * Opens the store a URL names, migrating its tables to this version of gridgov.
 * Unless `create` is set, the store must exist and hold gridgov's tables already (a
 * command that reads a store should neither leave an empty file behind a typo nor
 * add tables to someone else's database): a SQLite file that is missing, or a
 * database without the tables of the URL's prefix, is `Unavailable`, as is a
 * PostgreSQL server that does not answer, with the driver's reason.
 *
 * @example
 * import { Effect, Result } from "effect"
 * import { CaseStore } from "@gridgov/core"
 * import { Store } from "@gridgov/cli"
 * const url = Result.getOrThrow(Store.parse("sqlite:data/gridgov.db"))
 * const head = Effect.flatMap(Effect.service(CaseStore.CaseStore), (s) => s.readAll(0, 1)).pipe(
 *   Effect.provide(Store.layer(url))
 * )
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (
  url: Url,
  options: { readonly create?: boolean | undefined } = {}
): Layer.Layer<Services, Unavailable> => {
  const failed = (reason: string) =>
    Layer.unwrap<Services, never, never, Unavailable, never>(
      Effect.fail(new Unavailable({ store: url.display, reason }))
    )
  const prefix = url.prefix
  const client: Layer.Layer<SqlClient.SqlClient, SqlError.SqlError> =
    url._tag === "Sqlite"
      ? // A short-lived process: SQLite checkpoints at commit, no background worker.
        SqliteStore.layerClient({ filename: url.path, prefix, checkpoint: "commit" })
      : PgStore.layerClient({ url: url.url, prefix, maxConnections: 4 })
  // Before anything is migrated: a store to read must hold gridgov's tables already.
  const held = Layer.effectDiscard(
    Effect.gen(function* () {
      if (options.create) return
      const sql = yield* SqlClient.SqlClient
      const table = `${prefix}migrations`
      const found =
        url._tag === "Sqlite"
          ? yield* sql`SELECT name FROM sqlite_master WHERE type = 'table' AND name = ${table}`
          : yield* sql`SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename = ${table}`
      if (found.length === 0) {
        return yield* new Unavailable({ store: url.display, reason: `holds no gridgov store (no table ${table})` })
      }
    })
  )
  const stores = SqlRecords.layer({ prefix }).pipe(
    Layer.provideMerge(SqlStore.layer({ prefix })),
    Layer.provide(held),
    Layer.provideMerge(client)
  )
  const checked = Layer.catchTag(stores, "SqlError", (e) => failed(reasonOf(e)))
  if (url._tag === "Postgres") return checked
  return Layer.unwrap(
    Effect.sync(() => {
      if (!existsSync(url.path)) return options.create ? checked : failed("no such file")
      return statSync(url.path).isFile() ? checked : failed("not a file")
    })
  )
}

/** The driver's own words beside the client's: "PgConnection: Failed to connect (connect ECONNREFUSED 127.0.0.1:5433)". */
const reasonOf = (error: SqlError.SqlError): string => {
  const reason = error.reason as { readonly message?: unknown; readonly cause?: { readonly message?: unknown } }
  const outer = typeof reason.message === "string" && reason.message !== "" ? reason.message : error.message
  const inner = reason.cause?.message
  return typeof inner === "string" && inner !== "" && inner !== outer ? `${outer} (${inner})` : outer
}
