#!/usr/bin/env node
// A new user's project, outside the workspace: packs every public package as it
// would be published (`pnpm pack`), installs the tarballs WITH npm into a throwaway
// npm project (strict peer dependencies, strict engines), then
// 1. compiles scripts/consumer/src/main.ts with that project's own TypeScript and
//    its own tsconfig.json (module/moduleResolution nodenext, strict; skipLibCheck as
//    `tsc --init` sets it: effect's declarations need the DOM lib without it),
//    and runs it on this Node: open a case, route it, compute its deadline, persist
//    it in SQLite through @gridgov/storage-sqlite, read it back, assert; and runs
//    scripts/consumer/src/without-vitest.ts with vitest unresolvable: the test kit's
//    main entry (the Yumen fixture, the in-memory store) must load without it;
// 2. imports every public entry point of every package, and checks that
//    `internal/` and the build's chunks are not importable.
// Run after `pnpm build`. npm uses its cache first (--prefer-offline); only a
// cold cache reaches the registry. Prints how long each step took.
// GRIDGOV_CONSUMER_KEEP=1 keeps the project (its path is printed) to look into.
// The packing and the user's environment are scripts/consumer/pack.mjs, shared with
// check:tutorial.
import { execFileSync } from "node:child_process"
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { pack, publicPackages, requireNode, root, userEnv } from "./consumer/pack.mjs"

requireNode("check:consumer")
const work = mkdtempSync(join(tmpdir(), "gridgov-consumer-"))
// Every child runs on this Node (npm included), whatever `node` is first on PATH.
const env = userEnv()
const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" })
const catalog = Object.fromEntries(
  [...readFileSync(join(root, "pnpm-workspace.yaml"), "utf8").matchAll(/^ {2}"?([@\w/.-]+)"?: ([\w.^~-]+)$/gm)].map(
    (m) => [m[1], m[2]]
  )
)
const started = performance.now()
let last = started
const timings = []
const lap = (what) => {
  const now = performance.now()
  timings.push(`${what} ${((now - last) / 1000).toFixed(1)} s`)
  last = now
}

try {
  const packages = publicPackages()
  const tarballs = join(work, "tarballs")
  mkdirSync(tarballs)
  // One recursive pack: pnpm rewrites catalog: and workspace: specifiers as it packs.
  const deps = {}
  for (const [name, file] of Object.entries(pack(tarballs, packages))) deps[name] = `file:${file}`
  lap("pack")
  // Peer dependencies the consumer brings itself (optional ones too: the entries that
  // need them are imported below), at the versions the workspace tests with.
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
    JSON.stringify(
      {
        name: "consumer",
        private: true,
        type: "module",
        dependencies: deps,
        devDependencies: { typescript: catalog.typescript, "@types/node": catalog["@types/node"] }
      },
      null,
      2
    )
  )
  cpSync(join(root, "scripts/consumer/tsconfig.json"), join(consumer, "tsconfig.json"))
  cpSync(join(root, "scripts/consumer/src"), join(consumer, "src"), { recursive: true })
  run(
    "npm",
    [
      "install",
      "--prefer-offline",
      "--strict-peer-deps",
      "--engine-strict",
      "--no-audit",
      "--no-fund",
      "--no-package-lock",
      "--loglevel=error"
    ],
    consumer
  )
  lap("npm install")
  // npm must have taken the tarballs' manifests as they are: no workspace protocol left.
  for (const p of packages) {
    const installed = JSON.parse(readFileSync(join(consumer, "node_modules", p.manifest.name, "package.json"), "utf8"))
    const specs = JSON.stringify([installed.dependencies, installed.peerDependencies])
    if (/"(catalog|workspace):/.test(specs)) throw new Error(`${p.manifest.name}: the packed manifest has ${specs}`)
  }

  // 1. The user's program: compiled by the project's TypeScript, run on Node >= 22.19.
  const tsc = join(consumer, "node_modules/.bin/tsc")
  run(tsc, ["-p", "tsconfig.json"], consumer)
  lap("tsc (nodenext, strict)")
  process.stdout.write(run(process.execPath, ["dist/main.js"], consumer))
  lap("run")
  // The test kit's main entry in a project without vitest (an optional peer): vitest
  // made unresolvable, as it is where it was never installed.
  writeFileSync(
    join(consumer, "no-vitest.mjs"),
    `import { register } from "node:module"
register("data:text/javascript," + encodeURIComponent(\`
export const resolve = (specifier, context, next) => {
  if (specifier !== "vitest" && !specifier.startsWith("vitest/")) return next(specifier, context)
  throw Object.assign(new Error("Cannot find package 'vitest' (not installed)"), { code: "ERR_MODULE_NOT_FOUND" })
}\`))
`
  )
  process.stdout.write(run(process.execPath, ["--import", "./no-vitest.mjs", "dist/without-vitest.js"], consumer))
  lap("run without vitest")

  // 2. Every public entry point imports; internal/ and chunks do not.
  const specifiers = []
  const chunks = []
  for (const p of packages) {
    const name = p.manifest.name
    for (const [key, value] of Object.entries(p.manifest.exports ?? {})) {
      if (value === null || key === "./package.json") continue
      if (key.includes("*")) {
        const installed = join(consumer, "node_modules", name, "dist")
        for (const file of readdirSync(installed).filter((f) => f.endsWith(".js") && f !== "index.js")) {
          if (file.startsWith("chunk-")) chunks.push(`${name}/${file.slice(0, -3)}`)
          else specifiers.push(`${name}/${file.slice(0, -3)}`)
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
const privates = ${JSON.stringify([...packages.map((p) => `${p.manifest.name}/internal/anything`), ...chunks])}
for (const s of privates) {
  try { await import(s); failed++; console.error(s + " is importable") }
  catch (e) { if (e.code !== "ERR_PACKAGE_PATH_NOT_EXPORTED") { failed++; console.error(s + ": " + e.message) } }
}
if (failed) process.exit(1)
console.log("consumer: imported " + specifiers.length + " public entry points; internal/ and " + ${chunks.length} + " chunks are private")
`
  writeFileSync(join(consumer, "check.mjs"), script)
  process.stdout.write(run(process.execPath, ["check.mjs"], consumer))
  lap("imports")
  console.log(
    `consumer: ${((performance.now() - started) / 1000).toFixed(1)} s on Node ${process.version} (${timings.join(", ")})`
  )
} catch (error) {
  console.error(error.stdout ?? "", error.stderr ?? "", error.message)
  process.exitCode = 1
} finally {
  if (process.env.GRIDGOV_CONSUMER_KEEP) console.log(`consumer: kept ${work}`)
  else rmSync(work, { recursive: true, force: true })
}
