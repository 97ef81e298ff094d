#!/usr/bin/env node
// Packs every public package as npm would publish it, installs the tarballs into a
// throwaway consumer outside the workspace, and imports every public entry point
// from there. Also checks that `internal/` stays private. Run after `pnpm build`.
import { execFileSync } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const root = new URL("..", import.meta.url).pathname
const work = mkdtempSync(join(tmpdir(), "gridgov-consumer-"))
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" })
const catalog = Object.fromEntries(
  [...readFileSync(join(root, "pnpm-workspace.yaml"), "utf8").matchAll(/^ {2}"?([@\w/.-]+)"?: ([\w.^~-]+)$/gm)].map(
    (m) => [m[1], m[2]]
  )
)

try {
  const packages = readdirSync(join(root, "packages"))
    .filter((dir) => existsSync(join(root, "packages", dir, "package.json")))
    .map((dir) => ({
      dir: join(root, "packages", dir),
      manifest: JSON.parse(readFileSync(join(root, "packages", dir, "package.json"), "utf8"))
    }))
    .filter((p) => !p.manifest.private)

  const deps = {}
  for (const p of packages) {
    const out = run("pnpm", ["pack", "--pack-destination", work], p.dir).trim().split("\n").pop()
    deps[p.manifest.name] = `file:${out}`
  }
  // Peer dependencies the consumer brings itself (optional ones too: the entries that
  // need them are imported below).
  for (const p of packages) {
    for (const peer of Object.keys(p.manifest.peerDependencies ?? {})) {
      if (peer.startsWith("@gridgov/")) continue
      deps[peer] ??= catalog[peer] ?? p.manifest.peerDependencies[peer]
    }
  }
  const consumer = join(work, "consumer")
  mkdirSync(consumer)
  writeFileSync(
    join(consumer, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module", dependencies: deps }, null, 2)
  )
  run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], consumer)

  const specifiers = []
  for (const p of packages) {
    const name = p.manifest.name
    for (const [key, value] of Object.entries(p.manifest.exports ?? {})) {
      if (value === null || key === "./package.json") continue
      if (key.includes("*")) {
        const installed = join(consumer, "node_modules", name, "dist")
        for (const file of readdirSync(installed).filter(
          (f) => f.endsWith(".js") && !f.startsWith("chunk-") && f !== "index.js"
        )) {
          specifiers.push(`${name}/${file.slice(0, -3)}`)
        }
      } else specifiers.push(key === "." ? name : `${name}/${key.slice(2)}`)
    }
  }
  const script = `
const specifiers = ${JSON.stringify(specifiers)}
let failed = 0
for (const s of specifiers) {
  try { const m = await import(s); if (Object.keys(m).length === 0) throw new Error("no exports") }
  catch (e) { failed++; console.error("cannot import " + s + ": " + e.message) }
}
for (const name of ${JSON.stringify(packages.map((p) => p.manifest.name))}) {
  try { await import(name + "/internal/anything"); failed++; console.error(name + "/internal/* is importable") }
  catch (e) { if (e.code !== "ERR_PACKAGE_PATH_NOT_EXPORTED") { failed++; console.error(name + "/internal: " + e.message) } }
}
if (failed) process.exit(1)
console.log("consumer: imported " + specifiers.length + " public entry points; internal/ is private")
`
  writeFileSync(join(consumer, "check.mjs"), script)
  process.stdout.write(run("node", ["check.mjs"], consumer))
} catch (error) {
  console.error(error.stdout ?? "", error.stderr ?? "", error.message)
  process.exitCode = 1
} finally {
  rmSync(work, { recursive: true, force: true })
}
