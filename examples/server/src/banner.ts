/**
 * What the server prints once it listens: its URLs, where it stores, a demo place,
 * a token for each demo role (people posted today in the Yumen fixture) and the
 * Open311 key.
 */
import { Grid, type Staff } from "@gridgov/core"
import { Auth } from "@gridgov/http"
import { Effect } from "effect"
import { HttpServer } from "effect/http"
import type { City } from "./city.js"
import type { Options } from "./options.js"
import { baseUrl, storage } from "./wiring.js"

/** The post of someone holding `role` today, where `at` holds. */
const holder = (city: City, role: Staff.Role, at?: (place: Staff.Place) => boolean) => {
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
  return city.staff.posts.find(
    (p) =>
      p.role === role &&
      p.validFrom <= today &&
      (p.validTo === undefined || p.validTo >= today) &&
      (at === undefined || at(p.at))
  )
}

/**
 * Prints the banner, with `more` lines after the URLs (the console's); `…listening on
 * URL` is its first line, `Open311 api_key:` its last.
 */
export const print = (options: Options, city: City, more: (base: string) => ReadonlyArray<string> = () => []) =>
  Effect.gen(function* () {
    const server = yield* HttpServer.HttpServer
    const auth = yield* Auth.Authenticator
    const base = baseUrl(options.host, server.address)
    const tree = city.fixture.tree
    const worker = holder(city, "gridWorker")!
    const block = "grid" in worker.at ? worker.at.grid : ""
    const village = Grid.record(tree, Grid.id(tree, block)!).parent!
    const demo: Array<readonly [string, Staff.Post | undefined]> = [
      ["gridWorker", worker],
      ["gridChief", holder(city, "gridChief", (at) => "grid" in at && at.grid === village)],
      ["dispatcher", holder(city, "dispatcher", (at) => "unit" in at && at.unit === "center.grid")],
      ["departmentOfficer", holder(city, "departmentOfficer", (at) => "unit" in at && at.unit === "dept.housing")],
      [
        "leader",
        holder(city, "leader", (at) => "grid" in at && tree.records[Grid.id(tree, at.grid) ?? -1]?.parent === null)
      ],
      ["admin", holder(city, "admin")]
    ]
    const lines = [
      `gridgov server listening on ${base}`,
      `  docs:     ${base}/docs`,
      `  openapi:  ${base}/openapi.json`,
      `  open311:  ${base}/open311/v2/discovery.json`,
      ...more(base),
      `  storage:  ${storage(options)}${city.seeded ? " (seeded with the Yumen fixture)" : ""}`,
      `  demo place (the grid worker's block): ${block}`,
      "Demo tokens (Authorization: Bearer <token>, valid 12 hours):"
    ]
    for (const [role, post] of demo) {
      if (post === undefined) continue
      const t = yield* auth.issue({ _tag: "Person", id: post.person })
      const at = "grid" in post.at ? post.at.grid : post.at.unit
      lines.push(`  TOKEN ${role.padEnd(18)} ${post.person} ${at.padEnd(16)} ${t.token}`)
    }
    const resident = yield* auth.issue({ _tag: "Resident", id: "r-demo" })
    lines.push(`  TOKEN ${"public".padEnd(18)} r-demo - ${resident.token}`)
    lines.push(`Open311 api_key: ${city.open311ApiKey}`)
    console.log(lines.join("\n"))
  })
