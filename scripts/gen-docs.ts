/**
 * Generates the docs that come from code (state diagrams, transition tables, level
 * schemes). `pnpm run docs` writes them; `pnpm check:docs` fails when a committed file
 * differs from what the code generates now (stale docs).
 *
 * Each `scripts/docs/*.ts` exports `default (): Array<{ path, content }>` (or a
 * promise of it), paths relative to the repository root.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"

export interface GeneratedFile {
  readonly path: string
  readonly content: string
}

const root = new URL("..", import.meta.url).pathname
const check = process.argv.includes("--check")
const generatorsDir = join(root, "scripts/docs")
const stale: Array<string> = []
let count = 0
for (const name of readdirSync(generatorsDir)
  .filter((f) => f.endsWith(".ts"))
  .sort()) {
  const mod = (await import(join(generatorsDir, name))) as {
    default: () => Array<GeneratedFile> | Promise<Array<GeneratedFile>>
  }
  for (const file of await mod.default()) {
    count++
    const target = join(root, file.path)
    let current: string | undefined
    try {
      current = readFileSync(target, "utf8")
    } catch {
      current = undefined
    }
    if (current === file.content) continue
    if (check) stale.push(file.path)
    else {
      mkdirSync(dirname(target), { recursive: true })
      writeFileSync(target, file.content)
      console.log(`wrote ${file.path}`)
    }
  }
}
if (stale.length > 0) {
  console.error(`Generated docs are stale; run \`pnpm docs\` and commit:\n  ${stale.join("\n  ")}`)
  process.exit(1)
}
console.log(`docs: ${count} generated file(s) ${check ? "up to date" : "checked"}`)
