/**
 * The PostgreSQL test tier: finds the server `.ci/services.sh` started
 * (GRIDGOV_TEST_PG_URL, else the URL it wrote to /tmp/gridgov-test-pg.url, else
 * the default), and makes a fresh database for this run. `onPostgres` declares a
 * tier's suites: failed under CI=true when the server is unreachable, skipped
 * locally.
 */
import { existsSync, readFileSync } from "node:fs"
import { PgClient } from "@effect/sql-pg"
import { Effect, Layer, Redacted } from "effect"
import { SqlClient } from "effect/sql"
import { describe, it } from "vitest"

const urlFile = process.env.GRIDGOV_PG_URL_FILE ?? "/tmp/gridgov-test-pg.url"

export const baseUrl: string =
  process.env.GRIDGOV_TEST_PG_URL ??
  (existsSync(urlFile)
    ? readFileSync(urlFile, "utf8").trim()
    : "postgres://gridgov:gridgov@127.0.0.1:5432/gridgov_test")

export const inCi = process.env.CI === "true" || process.env.CI === "1"

const admin = (url: string) => PgClient.layer({ url: Redacted.make(url), maxConnections: 1 })

const run = <A>(url: string, f: (sql: SqlClient.SqlClient) => Effect.Effect<A, unknown>) =>
  Effect.runPromise(
    Effect.flatMap(Effect.service(SqlClient.SqlClient), f).pipe(
      Effect.provide(Layer.fresh(admin(url))),
      Effect.timeout("10 seconds")
    )
  )

/** Whether the server answers; the error when it does not. */
export const reachable = async (): Promise<{ ok: true } | { ok: false; error: string }> => {
  try {
    await run(baseUrl, (sql) => sql`SELECT 1 AS one`)
    return { ok: true }
  } catch (error) {
    return { ok: false, error: String(error) }
  }
}

/** Creates a fresh database for this run; returns its URL and a function that drops it. */
export const freshDatabase = async (label: string) => {
  const name = `gridgov_${label}_${process.pid}_${Date.now().toString(36)}`
  await run(baseUrl, (sql) => sql.unsafe(`CREATE DATABASE ${name}`))
  // The tests kill clients, never the server: commits need not wait for the disk here.
  await run(baseUrl, (sql) => sql.unsafe(`ALTER DATABASE ${name} SET synchronous_commit = off`))
  const url = new URL(baseUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    drop: () => dropDatabase(name)
  }
}

/**
 * Drops a test database. `WITH (FORCE)` cannot end a backend that runs as a
 * superuser (an autovacuum worker busy in the database, say): the drop is retried
 * for a few seconds, then left to the machine with a warning, since a leftover
 * scratch database is no test failure.
 */
const dropDatabase = async (name: string): Promise<void> => {
  for (let attempt = 1; ; attempt++) {
    try {
      await run(baseUrl, (sql) => sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
      return
    } catch (error) {
      if (attempt >= 10) {
        console.warn(`could not drop test database ${name}: ${String(error)}`)
        return
      }
      await new Promise((resolve) => setTimeout(resolve, 300 * attempt))
    }
  }
}

/**
 * Declares a PostgreSQL test tier. When the server `.ci/services.sh` starts answers,
 * `body` declares the tier's suites (it may await, e.g. a fresh database). Under
 * CI=true an unreachable server fails the run with one test that says so; locally
 * the tier is skipped and says how to start the server.
 */
export const onPostgres = async (name: string, body: () => void | Promise<void>): Promise<void> => {
  const server = await reachable()
  if (server.ok) return body()
  if (inCi) {
    describe(name, () => {
      it("is reachable (CI starts it with .ci/services.sh)", () => {
        throw new Error(`PostgreSQL at ${baseUrl} is unreachable under CI: ${server.error}`)
      })
    })
  } else {
    describe.skip(`${name} (no server at ${baseUrl}; run .ci/services.sh)`, () => {
      it("skipped", () => {})
    })
  }
}
