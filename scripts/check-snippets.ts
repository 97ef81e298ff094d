/**
 * Docs code compiles: every ```ts block of README.md, packages/<name>/README.md and docs/**\/*.md is
 * type-checked against the workspace sources. The blocks of one page are read as
 * one module, in order (later blocks build on earlier ones; repeated imports are
 * kept once); a block fenced as ```ts new starts another module. A block fenced as ```ts ignore is skipped.
 *
 * The `@example` blocks of the packages' public modules (the JSDoc that editors show
 * on hover) are type-checked too, each block a module of its own.
 *
 * Then the examples' claims are run: a line `expression // value` must give that
 * value (see claims.ts).
 *
 * `tsx scripts/check-snippets.ts` writes the modules to .snippets/ and runs tsc.
 */
import { execFileSync } from "node:child_process"
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { join, relative } from "node:path"
import { prepare } from "./claims.js"

const root = new URL("..", import.meta.url).pathname
const out = join(root, ".snippets")

const markdown = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? markdown(path) : name.endsWith(".md") ? [path] : []
  })

const packageReadmes = readdirSync(join(root, "packages"))
  .map((pkg) => join(root, "packages", pkg, "README.md"))
  .filter((path) => statSync(path, { throwIfNoEntry: false })?.isFile())
const pages = [join(root, "README.md"), ...packageReadmes, ...markdown(join(root, "docs"))]
rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })

let blocks = 0
const modules: Array<string> = []
for (const page of pages) {
  const text = readFileSync(page, "utf8")
  // The blocks of a page are one module, in order; a block fenced ```ts new
  // starts another (for alternatives that reuse names).
  const groups: Array<{ imports: Set<string>; bodies: Array<string> }> = []
  for (const match of text.matchAll(/^```ts([^\n]*)\n([\s\S]*?)^```$/gm)) {
    const flags = match[1]!.trim().split(/\s+/)
    if (flags.includes("ignore")) continue
    blocks++
    const lines = match[2]!.split("\n")
    if (flags.includes("new") || groups.length === 0) groups.push({ imports: new Set(), bodies: [] })
    const group = groups[groups.length - 1]!
    const body: Array<string> = []
    for (const line of lines) {
      if (/^import\s/.test(line)) group.imports.add(line)
      else body.push(line)
    }
    group.bodies.push(body.join("\n"))
  }
  for (const [i, group] of groups.entries()) {
    const name = `${relative(root, page).replace(/[/.]/g, "_")}_${i + 1}`
    const file = join(out, `${name}.ts`)
    writeFileSync(
      file,
      `// from ${relative(root, page)}\n${[...group.imports].join("\n")}\n\n${group.bodies.join("\n\n")}\nexport {}\n`
    )
    modules.push(file)
  }
}

// The @example blocks of each package's public modules (src/*.ts, and the parts a public
// module re-exports in src/<folder>/*.ts, such as http's src/api; internal/ is private).
let examples = 0
const publicFiles = (src: string, under = ""): Array<string> =>
  readdirSync(join(src, under)).flatMap((name) => {
    const path = under === "" ? name : `${under}/${name}`
    if (statSync(join(src, path)).isDirectory()) return name === "internal" ? [] : publicFiles(src, path)
    return name.endsWith(".ts") ? [path] : []
  })
for (const pkg of readdirSync(join(root, "packages"))) {
  const src = join(root, "packages", pkg, "src")
  const files = statSync(src, { throwIfNoEntry: false })?.isDirectory() ? publicFiles(src) : []
  for (const name of files) {
    const text = readFileSync(join(src, name), "utf8")
    for (const comment of text.matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
      const lines = comment[1]!.split("\n").map((l) => l.replace(/^\s*\* ?/, ""))
      lines.forEach((line, at) => {
        if (!line.startsWith("@example")) return
        const end = lines.findIndex((l, k) => k > at && l.startsWith("@"))
        const body = lines.slice(at + 1, end === -1 ? undefined : end).join("\n")
        examples++
        const file = join(out, `${pkg}_${name.replace(/\.ts$/, "").replaceAll("/", "_")}_example_${examples}.ts`)
        writeFileSync(file, `// from packages/${pkg}/src/${name}\n${body}\nexport {}\n`)
        modules.push(file)
      })
    }
  }
}

writeFileSync(
  join(out, "tsconfig.json"),
  JSON.stringify(
    {
      extends: "../tsconfig.json",
      compilerOptions: { noEmit: true, noUnusedLocals: false },
      include: ["./*.ts"]
    },
    null,
    2
  )
)
try {
  execFileSync(join(root, "node_modules/.bin/tsc"), ["-p", join(out, "tsconfig.json")], { stdio: "inherit" })
  console.log(
    `snippets: ${blocks} code block(s) of the docs and ${examples} @example block(s) of the sources, in ${modules.length} module(s), type-check`
  )
} catch {
  console.error("snippets: docs code does not compile (see .snippets/ for the generated modules)")
  process.exit(1)
}

const { runner, claims } = prepare(modules, out)
try {
  execFileSync(join(root, "node_modules/.bin/tsx"), [runner], { cwd: root, stdio: "inherit" })
} catch {
  console.error(`snippets: of ${claims} claimed values (\`expression // value\`), some do not hold (above)`)
  process.exit(1)
}
