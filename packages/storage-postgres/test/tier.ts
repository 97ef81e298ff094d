/**
 * Declares a PostgreSQL test tier. When the server `.ci/services.sh` starts answers,
 * `body` declares the tier's suites (it may await, e.g. a fresh database). Under
 * CI=true an unreachable server fails the run with one test that says so; locally
 * the tier is skipped and says how to start the server.
 */
import { describe, it } from "vitest"
import { baseUrl, inCi, reachable } from "./pg.js"

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
