/**
 * The center's console at `/console`: the built app (`examples/console/dist`) served as
 * static files with a strict Content-Security-Policy and `nosniff`. The console talks
 * to the public HTTP API only, with the user's token.
 *
 * Two example-only extras, each off unless asked for (never part of `@gridgov/http`):
 * - `GRIDGOV_DEMO_TOKENS=1`: `GET /console/demo-tokens` answers the demo people's
 *   tokens (those the banner prints), so the console's sign-in page offers a role picker;
 * - `GRIDGOV_TEST_CLOCK=1`: a clock the tests move forward (`POST /test/clock` with
 *   `{ "advanceMs": n }`), so an SLA deadline passes while a page is open. Every
 *   instant the server uses (deadlines, token expiry, the sweeper) moves with it.
 */
import { existsSync, readFileSync, statSync } from "node:fs"
import { extname, join, normalize, resolve, sep } from "node:path"
import { Configuration, Grid, type Staff } from "@gridgov/core"
import { Auth } from "@gridgov/http"
import { Clock, Effect, Layer } from "effect"
import { HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"

/** Where the built console is, unless `CONSOLE_DIR` says otherwise. */
export const defaultDir = resolve(new URL("../../console/dist", import.meta.url).pathname)

/** The console's headers: nothing but its own origin may load or be loaded; no type sniffing. */
export const securityHeaders: Readonly<Record<string, string>> = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; " +
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY"
}

const types: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8"
}

// No cache headers here: the API's guard (`Server.layerGuard`, around every route) marks every
// answer but the docs page `Cache-Control: no-store`, the console's files included.
const respond = (status: number, body: Uint8Array | string, type: string) =>
  HttpServerResponse.uint8Array(typeof body === "string" ? new TextEncoder().encode(body) : body, {
    status,
    contentType: type,
    headers: securityHeaders
  })

const notBuilt = (dir: string) =>
  respond(
    503,
    `The console is not built (${dir} has no index.html): run npx pnpm@10.34.9 --filter @gridgov/example-console build\n`,
    "text/plain; charset=utf-8"
  )

/** Serves `dir` under `/console`: a file by its path, `index.html` for `/console` and `/console/`. */
export const layerStatic = (dir: string) => {
  const root = resolve(dir)
  const serve = (request: HttpServerRequest.HttpServerRequest) =>
    Effect.sync(() => {
      const path = decodeURIComponent(request.url.split("?")[0]!.replace(/^\/console\/?/, ""))
      const file = normalize(join(root, path === "" ? "index.html" : path))
      if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
        if (!existsSync(join(root, "index.html"))) return notBuilt(root)
        return respond(404, "Not found\n", "text/plain; charset=utf-8")
      }
      return respond(200, readFileSync(file), types[extname(file)] ?? "application/octet-stream")
    })
  // "/console/*" takes "/console" too
  return HttpRouter.add("GET", "/console/*", serve)
}

// ------------------------------------------------------------------ demo tokens

/** One demo person: the post the banner prints a token for. */
export interface Demo {
  readonly role: Staff.Role
  readonly label: string
  readonly person: string
  readonly at: string
}

/**
 * The demo people: a grid worker and the chief of their village, the township's chief
 * and another township's, the center's dispatcher, a housing-department officer, a
 * city leader and an admin; each the first valid post of its kind on `today`.
 */
export const demoPeople = (staff: Staff.Records, tree: Grid.Tree, today: string): ReadonlyArray<Demo> => {
  const valid = (p: Staff.Post) => p.validFrom <= today && (p.validTo === undefined || p.validTo >= today)
  const find = (role: Staff.Role, at?: (place: Staff.Place) => boolean) =>
    staff.posts.find((p) => p.role === role && valid(p) && (at === undefined || at(p.at)))
  const parentOf = (code: string) => Grid.record(tree, Grid.id(tree, code)!).parent
  const worker = find("gridWorker")
  const block = worker !== undefined && "grid" in worker.at ? worker.at.grid : undefined
  const village = block === undefined ? undefined : parentOf(block)
  const town = village === undefined || village === null ? undefined : parentOf(village)
  const atGrid = (grid: string | null | undefined) => (at: Staff.Place) => "grid" in at && at.grid === grid
  const atUnit = (unit: string) => (at: Staff.Place) => "unit" in at && at.unit === unit
  const rows: Array<readonly [string, Staff.Post | undefined]> = [
    ["gridWorker", worker],
    ["gridChief", find("gridChief", atGrid(village))],
    ["townChief", find("gridChief", atGrid(town))],
    [
      "otherTownChief",
      find("gridChief", (at) => {
        if (!("grid" in at) || at.grid === town) return false
        const id = Grid.id(tree, at.grid)
        return id !== undefined && Grid.level(tree, id) === 1
      })
    ],
    ["dispatcher", find("dispatcher", atUnit("center.grid"))],
    ["departmentOfficer", find("departmentOfficer", atUnit("dept.housing"))],
    ["leader", find("leader", (at) => "grid" in at && parentOf(at.grid) === null)],
    ["admin", find("admin")]
  ]
  return rows.flatMap(([label, post]) =>
    post === undefined
      ? []
      : [{ role: post.role, label, person: post.person, at: "grid" in post.at ? post.at.grid : post.at.unit }]
  )
}

/** `GET /console/demo-tokens`: a fresh token for each demo person. */
export const layerDemoTokens = (people: Effect.Effect<ReadonlyArray<Demo>, never, Configuration.Configuration>) =>
  HttpRouter.add(
    "GET",
    "/console/demo-tokens",
    Effect.gen(function* () {
      const auth = yield* Auth.Authenticator
      const tokens = yield* Effect.forEach(yield* people, (p) =>
        Effect.map(auth.issue({ _tag: "Person", id: p.person }), (t) => ({
          ...p,
          token: t.token,
          expiresAt: t.expiresAt
        }))
      )
      return HttpServerResponse.jsonUnsafe(tokens, { headers: securityHeaders })
    })
  )

// ------------------------------------------------------------------ test clock

/** A clock `offset` ms ahead of the system's, moved forward by `advance`. */
export interface TestClock {
  readonly clock: Clock.Clock
  readonly advance: (ms: number) => number
}

export const testClock = (): TestClock => {
  const base = Clock.Clock.defaultValue()
  let offset = 0
  const millis = () => base.currentTimeMillisUnsafe() + offset
  const nanos = () => base.currentTimeNanosUnsafe() + BigInt(offset) * 1_000_000n
  const clock: Clock.Clock = {
    currentTimeMillisUnsafe: millis,
    currentTimeMillis: Effect.sync(millis),
    currentTimeNanosUnsafe: nanos,
    currentTimeNanos: Effect.sync(nanos),
    monotonicTimeNanosUnsafe: () => base.monotonicTimeNanosUnsafe(),
    monotonicTimeNanos: base.monotonicTimeNanos,
    sleep: (duration) => base.sleep(duration)
  }
  return {
    clock,
    advance: (ms) => {
      offset += ms
      return offset
    }
  }
}

/** `POST /test/clock` `{ "advanceMs": n }` (0 ≤ n ≤ 366 days): moves the test clock; answers the offset. */
export const layerTestClock = (clock: TestClock) =>
  HttpRouter.add(
    "POST",
    "/test/clock",
    Effect.gen(function* () {
      const request = yield* HttpServerRequest.HttpServerRequest
      const body = (yield* Effect.orElseSucceed(request.json, () => null)) as { advanceMs?: unknown } | null
      const ms = body?.advanceMs
      if (typeof ms !== "number" || !Number.isInteger(ms) || ms < 0 || ms > 366 * 86_400_000)
        return HttpServerResponse.jsonUnsafe(
          { title: "advanceMs must be an integer number of ms, 0 to 366 days" },
          { status: 422 }
        )
      return HttpServerResponse.jsonUnsafe({ offsetMs: clock.advance(ms) })
    })
  )

// ------------------------------------------------------------------ the hook main.ts calls

/**
 * What serve.ts needs: the routes to serve beside the API, the clock to run on
 * (undefined: the system's), and the banner's lines about the console. Reads
 * `CONSOLE_DIR`, `GRIDGOV_DEMO_TOKENS` and `GRIDGOV_TEST_CLOCK` from `env`.
 */
export const hook = (env: NodeJS.ProcessEnv) => {
  const dir = env.CONSOLE_DIR ?? defaultDir
  const demo = env.GRIDGOV_DEMO_TOKENS === "1"
  const clock = env.GRIDGOV_TEST_CLOCK === "1" ? testClock() : undefined
  const today = () =>
    new Date((clock?.clock.currentTimeMillisUnsafe() ?? Date.now()) + 8 * 3_600_000).toISOString().slice(0, 10)
  const routes = Layer.mergeAll(
    layerStatic(dir),
    demo
      ? layerDemoTokens(
          // the people and posts of the configuration held now (the store's, kept current)
          Effect.flatMap(Effect.service(Configuration.Configuration), (c) =>
            Effect.map(c.current, (city) =>
              demoPeople(
                { people: city.document.people, units: city.document.units, posts: city.document.posts },
                city.tree,
                today()
              )
            )
          )
        )
      : Layer.empty,
    clock === undefined ? Layer.empty : layerTestClock(clock)
  )
  const lines = (base: string) => [
    `  console:  ${base}/console${existsSync(join(dir, "index.html")) ? "" : " (not built: run the console's build)"}`,
    ...(demo ? ["  demo tokens for the console's role picker: GET /console/demo-tokens (GRIDGOV_DEMO_TOKENS=1)"] : []),
    ...(clock === undefined ? [] : ["WARNING test clock: POST /test/clock moves time forward (GRIDGOV_TEST_CLOCK=1)"])
  ]
  return { routes, clock: clock?.clock, lines }
}

/** What serve.ts needs: the routes to serve beside the API, the clock to run on, and the banner's lines. */
export type Hook = ReturnType<typeof hook>
