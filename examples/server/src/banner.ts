/**
 * What the server prints once it listens: its URLs, where it stores, where it sends
 * webhooks (with `--webhook-url`), the city's
 * configuration version, a demo place, a token for each demo role (people posted today
 * in the configuration held now) and the Open311 key.
 */
import { Configuration, Grid, type Staff } from "@gridgov/core"
import { Auth } from "@gridgov/http"
import { Effect } from "effect"
import { HttpServer } from "effect/http"
import type { City } from "./city.js"
import { type Options, shown } from "./options.js"
import { baseUrl, storage } from "./wiring.js"

/** The post of someone holding `role` today, where `at` holds. */
const holder = (posts: ReadonlyArray<Staff.Post>, role: Staff.Role, at?: (place: Staff.Place) => boolean) => {
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
  return posts.find(
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
    const current = yield* Effect.flatMap(Effect.service(Configuration.Configuration), (c) => c.current)
    const tree = current.tree
    const posts = current.document.posts
    const worker = holder(posts, "gridWorker")!
    const block = "grid" in worker.at ? worker.at.grid : ""
    const village = Grid.record(tree, Grid.id(tree, block)!).parent!
    const demo: Array<readonly [string, Staff.Post | undefined]> = [
      ["gridWorker", worker],
      ["gridChief", holder(posts, "gridChief", (at) => "grid" in at && at.grid === village)],
      ["dispatcher", holder(posts, "dispatcher", (at) => "unit" in at && at.unit === "center.grid")],
      ["departmentOfficer", holder(posts, "departmentOfficer", (at) => "unit" in at && at.unit === "dept.housing")],
      [
        "leader",
        holder(posts, "leader", (at) => "grid" in at && tree.records[Grid.id(tree, at.grid) ?? -1]?.parent === null)
      ],
      ["admin", holder(posts, "admin")]
    ]
    const lines = [
      `gridgov server listening on ${base}`,
      `  docs:     ${base}/docs`,
      `  openapi:  ${base}/openapi.json`,
      `  open311:  ${base}/open311/v2/discovery.json`,
      ...more(base),
      `  storage:  ${storage(options)}`,
      ...(options.webhookUrl === undefined
        ? []
        : [
            `  webhook:  ${shown(options.webhookUrl.href)} (each case notification, signed with GRIDGOV_WEBHOOK_SECRET or the data directory's webhook-secret)`
          ]),
      `  city:     configuration version ${current.version} (kept in the store; an empty store imports ${options.cityDir})`,
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
