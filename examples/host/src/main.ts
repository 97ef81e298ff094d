/**
 * Starts the host on PORT (default 3100) with gridgov on GRIDGOV_STORE (default a
 * SQLite file under ./data), and prints the demo's API keys.
 */
import { mkdirSync } from "node:fs"
import { build } from "./app.js"
import { embed } from "./gridgov.js"
import { demoUsers } from "./users.js"

mkdirSync("data", { recursive: true })
const users = demoUsers()
const app = build(users)
await embed(app, process.env.GRIDGOV_STORE ?? "sqlite:data/gridgov.db")
const address = await app.listen({ port: Number(process.env.PORT ?? 3100), host: "127.0.0.1" })
console.log(`host listening on ${address}`)
for (const u of users) console.log(`  x-api-key: ${u.apiKey.padEnd(14)} ${u.name}`)
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void app.close())
