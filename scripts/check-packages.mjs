#!/usr/bin/env node
// What a registry user gets, checked on the tarballs `pnpm pack` makes (run after
// `pnpm build`):
// - publint --strict;
// - are-the-types-wrong, ESM-only profile, on every public entry point (attw skips
//   a wildcard export, so each module shipped in dist/ is named explicitly);
// - the packed manifest: no `catalog:` or `workspace:` specifier left, peer ranges
//   that are real semver ranges admitting the versions they name, and the metadata
//   (description, license, repository, keywords, engines, sideEffects, files);
// - the tarball: README.md (with an install line naming the peers), CHANGELOG.md
//   (its newest entry the manifest's version) and LICENSE.
//
// `node scripts/check-packages.mjs [workspace]` checks the packages/* of that
// workspace (default: this repository).
import { execFileSync } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { basename, join, relative, resolve } from "node:path"

const here = new URL("..", import.meta.url).pathname
const root = process.argv[2] ? resolve(process.argv[2]) : here
const bin = (name) => join(here, "node_modules/.bin", name)
const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"))
const dirs = readdirSync(join(root, "packages"))
  .map((d) => join(root, "packages", d))
  .filter((d) => existsSync(join(d, "package.json")))
const work = mkdtempSync(join(tmpdir(), "gridgov-packages-"))
const problems = []
const report = (name, message) => problems.push(`${name}: ${message}`)
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" })

// pnpm as the script runs under (`pnpm run` sets npm_execpath), else the one on PATH.
const pnpm = (args, cwd) =>
  process.env.npm_execpath?.includes("pnpm")
    ? run(process.execPath, [process.env.npm_execpath, ...args], cwd)
    : run("pnpm", args, cwd)

// -- semver ranges, the forms a manifest of ours may use -----------------------------
const version = /^(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.-]+)?$/
const parse = (v) => v.match(version)?.slice(1, 4).map(Number)
const compare = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]
/** Whether `range` (`^x.y.z`, `~x.y.z`, `>=x.y.z`, `x.y.z`, joined by `||`) admits `v`; undefined if not a range. */
const satisfies = (range, v) => {
  const target = parse(v)
  if (target === undefined) return undefined
  let known = true
  const any = range.split("||").some((part) => {
    const m = part.trim().match(/^(\^|~|>=)?(\d+\.\d+\.\d+)$/)
    const base = m && parse(m[2])
    if (!base) {
      known = false
      return false
    }
    if (compare(target, base) < 0) return false
    if (m[1] === ">=") return true
    if (m[1] === undefined) return compare(target, base) === 0
    if (m[1] === "~") return target[0] === base[0] && target[1] === base[1]
    // caret: the left-most non-zero part is fixed
    if (base[0] > 0) return target[0] === base[0]
    if (base[1] > 0) return target[0] === 0 && target[1] === base[1]
    return target[0] === 0 && target[1] === 0 && target[2] === base[2]
  })
  return known ? any : undefined
}

try {
  const sources = dirs
    .map((dir) => ({ dir, source: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) }))
    .filter((p) => !p.source.private)
  // One recursive pack, as publishing packs: pnpm rewrites catalog: and workspace: specifiers.
  const tarballs = join(work, "tarballs")
  mkdirSync(tarballs)
  if (sources.length > 0) {
    pnpm(["-r", ...sources.flatMap((p) => ["--filter", p.source.name]), "pack", "--pack-destination", tarballs], root)
  }
  const packed = []
  for (const { dir, source } of sources) {
    const tarball = join(tarballs, `${source.name.replace(/^@/, "").replace("/", "-")}-${source.version}.tgz`)
    const dest = join(work, basename(dir))
    mkdirSync(dest)
    run("tar", ["xzf", tarball, "-C", dest])
    packed.push({ dir, tarball, unpacked: join(dest, "package"), source })
  }
  const versions = Object.fromEntries(
    packed.map((p) => [p.source.name, JSON.parse(readFileSync(join(p.unpacked, "package.json"), "utf8")).version])
  )
  // Versions of third-party peers as installed in the workspace (the catalog's).
  const installedVersion = (name) => {
    for (const base of [root, ...packed.map((p) => p.dir), here]) {
      const file = join(base, "node_modules", name, "package.json")
      if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")).version
    }
    return undefined
  }

  for (const { dir, tarball, unpacked, source } of packed) {
    const name = source.name
    const manifest = JSON.parse(readFileSync(join(unpacked, "package.json"), "utf8"))
    const folder = relative(root, dir)

    // 1. Specifiers a registry cannot resolve.
    for (const field of ["dependencies", "peerDependencies", "optionalDependencies", "devDependencies"]) {
      for (const [dep, spec] of Object.entries(manifest[field] ?? {})) {
        if (/^(catalog|workspace|link|file|portal):/.test(spec)) {
          report(name, `${field}.${dep} is still "${spec}" in the packed manifest`)
        }
      }
    }
    // A library pins nothing exactly: an app would get a second copy of the dependency.
    for (const [dep, spec] of Object.entries(manifest.dependencies ?? {})) {
      if (!/^[\^~]\d/.test(spec)) report(name, `dependencies.${dep} "${spec}" should be a ^ or ~ range`)
    }
    // 2. Peer ranges are ranges, and admit the versions they name.
    for (const [dep, range] of Object.entries(manifest.peerDependencies ?? {})) {
      const have = versions[dep] ?? installedVersion(dep)
      if (have === undefined) {
        report(name, `peerDependencies.${dep}: no such package in the workspace`)
        continue
      }
      const ok = satisfies(range, have)
      if (ok === undefined) report(name, `peerDependencies.${dep} "${range}" is not a semver range`)
      else if (!ok) report(name, `peerDependencies.${dep} "${range}" does not admit ${have}, the version here`)
    }
    // 3. What the registry page shows.
    if (typeof manifest.description !== "string" || manifest.description.length < 20) {
      report(name, "description: a sentence saying what the package is")
    }
    if (manifest.license !== rootManifest.license) report(name, `license must be "${rootManifest.license}"`)
    const repo = manifest.repository
    if (
      repo?.type !== "git" ||
      repo.url !== rootManifest.repository?.url ||
      repo.directory !== folder.split("\\").join("/")
    ) {
      report(name, `repository must be { type: "git", url: "${rootManifest.repository?.url}", directory: "${folder}" }`)
    }
    if (!Array.isArray(manifest.keywords) || !manifest.keywords.includes("gridgov") || manifest.keywords.length < 3) {
      report(name, 'keywords: "gridgov" and at least two more')
    }
    if (manifest.engines?.node !== rootManifest.engines.node) {
      report(name, `engines.node must be "${rootManifest.engines.node}" (node:sqlite and the workspace's runtime)`)
    }
    if (manifest.sideEffects !== false) report(name, "sideEffects must be false (every module is pure on import)")
    if (manifest.type !== "module") report(name, 'type must be "module"')
    if (!Array.isArray(manifest.files) || !manifest.files.includes("dist")) report(name, 'files must list "dist"')
    if (manifest.exports?.["./internal/*"] !== null) report(name, 'exports must block "./internal/*"')

    // 4. What is in the tarball.
    const readme = existsSync(join(unpacked, "README.md")) ? readFileSync(join(unpacked, "README.md"), "utf8") : ""
    if (readme === "") report(name, "the tarball has no README.md")
    else {
      if (!readme.startsWith(`# ${name}\n`)) report(name, `README.md must start with "# ${name}"`)
      const install = readme.match(/^npm install .*$/m)?.[0] ?? ""
      const required = Object.keys(manifest.peerDependencies ?? {}).filter(
        (peer) => manifest.peerDependenciesMeta?.[peer]?.optional !== true
      )
      for (const dep of [name, ...required]) {
        if (!install.split(/\s+/).includes(dep)) report(name, `README.md's "npm install" line must name ${dep}`)
      }
      if (!/```ts\n/.test(readme)) report(name, "README.md needs an example (a ```ts block)")
      if (!/\]\(\.\.\/\.\.\/docs\//.test(readme)) report(name, "README.md must link to the docs (../../docs/…)")
    }
    // the release notes, newest first: the top entry is the version the manifest gives
    const changelog = existsSync(join(unpacked, "CHANGELOG.md"))
      ? readFileSync(join(unpacked, "CHANGELOG.md"), "utf8")
      : ""
    if (changelog === "") report(name, "the tarball has no CHANGELOG.md (`pnpm changeset version` writes it)")
    else {
      if (!changelog.startsWith(`# ${name}\n`)) report(name, `CHANGELOG.md must start with "# ${name}"`)
      const newest = changelog.match(/^## (\S+)$/m)?.[1]
      if (newest !== manifest.version) {
        report(name, `CHANGELOG.md's newest entry is ${newest ?? "missing"}, the manifest says ${manifest.version}`)
      }
    }
    if (!existsSync(join(unpacked, "LICENSE"))) report(name, "the tarball has no LICENSE")
    else if (readFileSync(join(unpacked, "LICENSE"), "utf8") !== readFileSync(join(root, "LICENSE"), "utf8")) {
      report(name, "LICENSE differs from the repository's")
    }
    const dist = existsSync(join(unpacked, "dist")) ? readdirSync(join(unpacked, "dist")) : []
    // Public modules: src/*.ts, each its own entry point with declarations.
    const modules = readdirSync(join(dir, "src"))
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
      .map((f) => f.slice(0, -3))
    for (const m of modules) {
      if (!dist.includes(`${m}.js`) || !dist.includes(`${m}.d.ts`)) report(name, `dist/${m}.js or .d.ts is not packed`)
    }

    // 5. publint and are-the-types-wrong on the tarball itself.
    try {
      run(bin("publint"), ["run", tarball, "--strict"], root)
    } catch (error) {
      report(name, `publint --strict:\n${error.stdout}${error.stderr}`)
    }
    const entrypoints = modules.filter((m) => m !== "index").map((m) => `./${m}`)
    try {
      run(
        bin("attw"),
        [
          tarball,
          "--profile",
          "esm-only",
          "--format",
          "ascii",
          "--no-color",
          "--no-emoji",
          ...(entrypoints.length > 0 ? ["--include-entrypoints", ...entrypoints] : [])
        ],
        root
      )
    } catch (error) {
      report(name, `are-the-types-wrong (esm-only):\n${error.stdout}${error.stderr}`)
    }
    console.log(`packages: ${name}@${manifest.version} checked (${entrypoints.length + 1} entry points)`)
  }
  if (packed.length === 0) report("packages", "nothing to check")
} catch (error) {
  problems.push(`${error.message}\n${error.stdout ?? ""}${error.stderr ?? ""}`)
} finally {
  rmSync(work, { recursive: true, force: true })
}

if (problems.length > 0) {
  console.error(`Package problems (${problems.length}):\n  ${problems.join("\n  ")}`)
  process.exit(1)
}
console.log("packages: publint --strict, are-the-types-wrong (esm-only), manifests and tarballs all good")
