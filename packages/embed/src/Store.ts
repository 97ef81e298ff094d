/**
 * Where gridgov keeps its data, named by a URL: `memory` (the in-memory stores of
 * `@gridgov/testing`: nothing survives the process), `sqlite:PATH` (a SQLite file
 * through `@gridgov/storage-sqlite`; `sqlite::memory:` for a throwaway database) or
 * `postgres://user:password@host:port/database` (`@gridgov/storage-postgres`).
 *
 * Each adapter is an optional peer dependency of `@gridgov/embed`, loaded when a URL
 * names it: install the one you use. The cases, records and notices share one
 * database (and one connection pool); the tables are created or migrated on start.
 *
 * @since 0.1.0
 */
import type {
  AnalyticsStore,
  CaseStore,
  CityStore,
  Idempotency,
  NoticeStore,
  Outbox,
  RecordStore,
  Timers
} from "@gridgov/core"
import { Layer, Redacted } from "effect"
import { StartError } from "./internal/startError.js"

/**
 * A store URL, parsed.
 *
 * @example
 * import type { Store } from "@gridgov/embed"
 * const file: Store.Url = { _tag: "Sqlite", filename: "data/gridgov.db" }
 *
 * @category models
 * @since 0.1.0
 */
export type Url =
  | { readonly _tag: "Memory" }
  | { readonly _tag: "Sqlite"; readonly filename: string }
  | { readonly _tag: "Postgres"; readonly url: string }

/**
 * Parses a store URL: `memory`, `sqlite:PATH` (a path relative to the working
 * directory, or absolute; `sqlite::memory:` for SQLite in memory), or
 * `postgres://…` / `postgresql://…`. Anything else is `undefined`.
 *
 * @example
 * import { Store } from "@gridgov/embed"
 * Store.parse("sqlite:data/gridgov.db") // { _tag: "Sqlite", filename: "data/gridgov.db" }
 * Store.parse("memory") // { _tag: "Memory" }
 * Store.parse("mysql://localhost/gridgov") // undefined
 *
 * @category parsing
 * @since 0.1.0
 */
export const parse = (url: string): Url | undefined => {
  if (url === "memory") return { _tag: "Memory" }
  if (url.startsWith("sqlite:")) {
    const filename = url.slice("sqlite:".length)
    return filename === "" ? undefined : { _tag: "Sqlite", filename }
  }
  if (/^postgres(ql)?:\/\/./.test(url)) return { _tag: "Postgres", url }
  return undefined
}

/**
 * A store URL as it may be logged: a PostgreSQL password is replaced by `***`.
 *
 * @example
 * import { Store } from "@gridgov/embed"
 * Store.show({ _tag: "Postgres", url: "postgres://gridgov:secret@db:5432/gridgov" }) // "postgres://gridgov:***@db:5432/gridgov"
 * Store.show({ _tag: "Sqlite", filename: "data/gridgov.db" }) // "sqlite:data/gridgov.db"
 *
 * @category parsing
 * @since 0.1.0
 */
export const show = (url: Url): string => {
  switch (url._tag) {
    case "Memory":
      return "memory"
    case "Sqlite":
      return `sqlite:${url.filename}`
    case "Postgres":
      return url.url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*:)[^@]*@/, "$1***@")
  }
}

/**
 * The services a store provides: the case store's ports, the records and notices stores,
 * and the city's configuration (`CityStore`, since 0.2.0).
 *
 * @example
 * import type { Store } from "@gridgov/embed"
 * type Provided = Store.Stores
 *
 * @category models
 * @since 0.1.0
 */
export type Stores =
  | CaseStore.CaseStore
  | Timers.Timers
  | Outbox.Outbox
  | Idempotency.Idempotency
  | AnalyticsStore.AnalyticsStore
  | RecordStore.RecordStore
  | NoticeStore.NoticeStore
  | CityStore.CityStore

const missing = (adapter: string, url: Url) => (cause: unknown) => {
  throw new StartError(
    "AdapterMissing",
    `store ${show(url)} needs ${adapter}: install it beside @gridgov/embed (npm install ${adapter})`,
    { cause }
  )
}

/**
 * The layer of the store a URL names, with its adapter loaded (`import()`): a promise
 * that rejects with `Embed.StartError` (`AdapterMissing`) when the adapter is not
 * installed. Building the layer opens (and migrates) the database.
 *
 * @example
 * import { Store } from "@gridgov/embed"
 * const stores = Store.layer({ _tag: "Sqlite", filename: "gridgov.db" })
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = async (url: Url): Promise<Layer.Layer<Stores, unknown>> => {
  switch (url._tag) {
    case "Memory": {
      // the two modules alone, not the whole kit (its arbitraries, fixture and spec kits)
      const [{ layer: cases }, { layer: records }] = await Promise.all([
        import("@gridgov/testing/Memory"),
        import("@gridgov/testing/MemoryRecords")
      ]).catch(missing("@gridgov/testing", url))
      return Layer.mergeAll(cases, records)
    }
    case "Sqlite": {
      const { SqliteStore } = await import("@gridgov/storage-sqlite").catch(missing("@gridgov/storage-sqlite", url))
      const { SqlRecords } = await import("@gridgov/storage-sql")
      return SqlRecords.layer().pipe(Layer.provideMerge(SqliteStore.layerWithClient({ filename: url.filename })))
    }
    case "Postgres": {
      const { PgStore } = await import("@gridgov/storage-postgres").catch(missing("@gridgov/storage-postgres", url))
      const { SqlRecords } = await import("@gridgov/storage-sql")
      return SqlRecords.layer().pipe(Layer.provideMerge(PgStore.layerWithClient({ url: Redacted.make(url.url) })))
    }
  }
}
