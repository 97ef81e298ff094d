#!/usr/bin/env node
// Enforces the rules of direction of docs/explanation/architecture.md:
// 1. core imports only effect; no node:*, no Date.now, Math.random, argument-less
//    `new Date()`, performance.now or timers in core.
// 2. adapters depend on core, never on each other (storage-sqlite and storage-postgres
//    on storage-sql excepted); http never on a storage or notify adapter. embed (the
//    Promise facade) is wiring: it loads the calendar and the stores a host names.
// 3. effect and @gridgov/core are peer dependencies of every package that imports them.
// 4. src/internal is blocked in every package's exports.
// Also: every bare import of a package's src is declared in its package.json.
// And for tests (packages/*/test, and everything in the private workspaces examples/*
// and tools/*): every package a file imports is declared in its own package.json, no
// file reaches into another package by a relative path or into its internal/, and the
// workspace's dependencies (dev dependencies too) have no cycle, so a test that needs
// several packages lives where they can all be declared.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs"
import { dirname, join, relative, resolve, sep } from "node:path"

// The workspace to check: the first argument, or this repository.
const root = process.argv[2] ? resolve(process.argv[2]) : new URL("..", import.meta.url).pathname
const problems = []
const report = (file, message) => problems.push(`${relative(root, file)}: ${message}`)

const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    if (name === "node_modules" || name === "dist") return []
    const path = join(dir, name)
    return statSync(path).isDirectory() ? walk(path) : /\.(ts|mts|tsx)$/.test(name) ? [path] : []
  })

const stripComments = (source) => source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1")

// An import clause (`x`, `{ a, b }`, `* as x`, `type { a }`) holds no quote and no
// semicolon, so the lazy match to `from` never runs past a side-effect import
// (`import "x"`) into the next statement's specifier.
const importsOf = (source) => {
  const specifiers = []
  const pattern =
    /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^"'`;]*?\sfrom\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g
  for (const match of source.matchAll(pattern)) specifiers.push(match[1] ?? match[2])
  return specifiers
}

const packageName = (specifier) =>
  specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]

const adapterAllowed = {
  "@gridgov/storage-sqlite": ["@gridgov/storage-sql"],
  "@gridgov/storage-postgres": ["@gridgov/storage-sql"],
  // embed is wiring like the CLI: the calendar, the stores a host names, the Yumen fixture,
  // and the CLI's city folder reader for `city: { folder }` (an optional peer, loaded by
  // import() only when a folder is given: one reader of the format `gridgov export` writes).
  "@gridgov/embed": [
    "@gridgov/calendar-cn",
    "@gridgov/cli",
    "@gridgov/storage-sql",
    "@gridgov/storage-sqlite",
    "@gridgov/storage-postgres",
    "@gridgov/testing"
  ],
  // The CLI wires stores named by URL, China's calendar for notices, and http's token
  // signer and secret file (a token it signs must verify on the server: one implementation).
  "@gridgov/cli": [
    "@gridgov/calendar-cn",
    "@gridgov/http",
    "@gridgov/storage-sql",
    "@gridgov/storage-sqlite",
    "@gridgov/storage-postgres"
  ]
}

const forbiddenInCore = [
  [/\bDate\.now\s*\(/, "Date.now() reads the wall clock: take time as a value or from Clock"],
  [/\bnew\s+Date\s*\(\s*\)/, "new Date() reads the wall clock: take time as a value or from Clock"],
  [/\bMath\.random\s*\(/, "Math.random() is not reproducible: use effect's Random or take a seed"],
  [/\bperformance\.now\s*\(/, "performance.now() reads a clock"],
  [/\b(setTimeout|setInterval|setImmediate|queueMicrotask)\s*\(/, "timers do not belong in core"],
  [/\bprocess\./, "process is a Node global: core runs anywhere"],
  [/\bfetch\s*\(/, "fetch is I/O: core talks to the world through ports"]
]

for (const pkgDir of readdirSync(join(root, "packages"))) {
  const dir = join(root, "packages", pkgDir)
  const manifestPath = join(dir, "package.json")
  let manifest
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8"))
  } catch {
    continue
  }
  const name = manifest.name
  const isCore = name === "@gridgov/core"
  const declared = new Set([
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {})
  ])
  const peers = new Set(Object.keys(manifest.peerDependencies ?? {}))

  if (manifest.exports?.["./internal/*"] !== null) report(manifestPath, 'exports must block "./internal/*" with null')

  let srcFiles = []
  try {
    srcFiles = walk(join(dir, "src"))
  } catch {
    continue
  }
  const used = new Set()
  for (const file of srcFiles) {
    const source = stripComments(readFileSync(file, "utf8"))
    for (const specifier of importsOf(source)) {
      if (specifier.startsWith(".")) {
        if (!/\.js$/.test(specifier)) report(file, `relative import "${specifier}" must end in .js`)
        continue
      }
      if (specifier.startsWith("node:")) {
        if (isCore) report(file, `core may not import ${specifier}`)
        continue
      }
      const dep = packageName(specifier)
      used.add(dep)
      if (dep === name) report(file, `imports itself through "${specifier}": use a relative import`)
      if (isCore && dep !== "effect") report(file, `core may import only effect, not ${dep}`)
      if (!isCore && dep.startsWith("@gridgov/") && dep !== "@gridgov/core") {
        const allowed = adapterAllowed[name] ?? []
        if (!allowed.includes(dep)) report(file, `${name} may not import another adapter (${dep})`)
      }
      if (dep !== name && !declared.has(dep)) report(file, `imports ${dep}, which package.json does not declare`)
    }
    if (isCore) {
      for (const [pattern, why] of forbiddenInCore) if (pattern.test(source)) report(file, why)
    }
  }
  for (const dep of ["effect", "@gridgov/core"]) {
    if (used.has(dep) && !peers.has(dep)) report(manifestPath, `${dep} must be a peer dependency`)
  }
}

// ------------------------------------------------------------------ tests and private workspaces

const workspaces = ["packages", "examples", "tools"].flatMap((group) => {
  const base = join(root, group)
  if (!existsSync(base)) return []
  return readdirSync(base)
    .map((name) => join(base, name))
    .filter((dir) => existsSync(join(dir, "package.json")))
    .map((dir) => ({ group, dir, manifest: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) }))
})
const workspaceNames = new Set(workspaces.map((w) => w.manifest.name))
const declaredOf = (manifest) =>
  new Set([
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.devDependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {})
  ])

for (const { group, dir, manifest } of workspaces) {
  // A published package's tests; every file of a private workspace (examples, test tools).
  const roots = group === "packages" ? [join(dir, "test")] : [dir]
  const declared = declaredOf(manifest)
  for (const base of roots) {
    if (!existsSync(base)) continue
    for (const file of walk(base)) {
      const source = stripComments(readFileSync(file, "utf8"))
      for (const specifier of importsOf(source)) {
        if (specifier.startsWith(".")) {
          const target = resolve(dirname(file), specifier)
          if (target !== dir && !target.startsWith(dir + sep))
            report(
              file,
              `reaches "${specifier}" outside its package by a relative path: import it by name, from a package it declares`
            )
          continue
        }
        if (specifier.startsWith("node:")) continue
        const dep = packageName(specifier)
        if (workspaceNames.has(dep) && dep !== manifest.name && /\/internal(\/|$)/.test(specifier))
          report(file, `imports "${specifier}": internal/ is private to ${dep}`)
        if (dep !== manifest.name && !declared.has(dep))
          report(file, `imports ${dep}, which ${relative(root, join(dir, "package.json"))} does not declare`)
      }
    }
  }
}

// A cycle among the workspace's packages (dev dependencies included) means a test imports a
// package that depends on the one under test: move the test where both can be declared.
const graph = new Map(
  workspaces.map(({ manifest }) => [manifest.name, [...declaredOf(manifest)].filter((d) => workspaceNames.has(d))])
)
const state = new Map()
const stack = []
const visit = (name) => {
  state.set(name, "open")
  stack.push(name)
  for (const next of graph.get(name) ?? []) {
    if (next === name) continue
    if (state.get(next) === "open") {
      const cycle = [...stack.slice(stack.indexOf(next)), next]
      problems.push(`package.json: dependency cycle ${cycle.join(" -> ")}`)
    } else if (!state.has(next)) visit(next)
  }
  stack.pop()
  state.set(name, "done")
}
for (const name of [...graph.keys()].sort()) if (!state.has(name)) visit(name)

if (problems.length > 0) {
  console.error(`Rules of direction: ${problems.length} problem(s)`)
  for (const problem of problems) console.error(`  ${problem}`)
  process.exit(1)
}
console.log("Rules of direction: ok")
