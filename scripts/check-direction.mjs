#!/usr/bin/env node
// Enforces the rules of direction of ARCHITECTURE.md:
// 1. core imports only effect and ts-pattern; no node:*, no Date.now, Math.random,
//    argument-less `new Date()`, performance.now or timers in core.
// 2. adapters depend on core, never on each other (storage-sqlite and storage-postgres
//    on storage-sql excepted); http never on a storage or notify adapter.
// 3. effect and @gridgov/core are peer dependencies of every package that imports them.
// 4. src/internal is blocked in every package's exports.
// Also: every bare import of a package's src is declared in its package.json.
import { readdirSync, readFileSync, statSync } from "node:fs"
import { join, relative, resolve } from "node:path"

// The workspace to check: the first argument, or this repository.
const root = process.argv[2] ? resolve(process.argv[2]) : new URL("..", import.meta.url).pathname
const problems = []
const report = (file, message) => problems.push(`${relative(root, file)}: ${message}`)

const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? walk(path) : /\.(ts|mts|tsx)$/.test(name) ? [path] : []
  })

const stripComments = (source) => source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1")

const importsOf = (source) => {
  const specifiers = []
  const pattern =
    /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[\s\S]*?\sfrom\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g
  for (const match of source.matchAll(pattern)) specifiers.push(match[1] ?? match[2])
  return specifiers
}

const packageName = (specifier) =>
  specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]

const adapterAllowed = {
  "@gridgov/storage-sqlite": ["@gridgov/storage-sql"],
  "@gridgov/storage-postgres": ["@gridgov/storage-sql"]
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
      if (isCore && dep !== "effect" && dep !== "ts-pattern")
        report(file, `core may import only effect and ts-pattern, not ${dep}`)
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

if (problems.length > 0) {
  console.error(`Rules of direction: ${problems.length} problem(s)`)
  for (const problem of problems) console.error(`  ${problem}`)
  process.exit(1)
}
console.log("Rules of direction: ok")
