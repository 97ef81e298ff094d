import { execFileSync, spawnSync } from "node:child_process"
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"

const script = new URL("../check-references.mjs", import.meta.url).pathname
const roots: Array<string> = []
// Spelled in pieces: this file is tracked too, and must pass the check itself.
const beside = ["..", "/shared/"].join("")
const domainPage = ["DOMAIN", ".md"].join("")
const architecturePage = ["ARCHITECTURE", ".md"].join("")

/** A git repository with `files` in its index and `untracked` beside them. */
const repository = (files: Record<string, string>, untracked: Record<string, string> = {}) => {
  const root = mkdtempSync(join(tmpdir(), "references-"))
  roots.push(root)
  execFileSync("git", ["init", "-q"], { cwd: root })
  for (const [path, content] of Object.entries({ ...files, ...untracked })) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), content)
  }
  execFileSync("git", ["add", "--", ...Object.keys(files)], { cwd: root })
  return root
}

const check = (root: string) => {
  const result = spawnSync(process.execPath, [script, root], { encoding: "utf8" })
  return { status: result.status, output: `${result.stdout}${result.stderr}` }
}

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true })
})

describe("check:docs: references outside the repository", () => {
  it("accepts a repository whose pages point only inside it", () => {
    const root = repository({
      "README.md": "See [the domain](docs/explanation/domain.md) and docs/explanation/architecture.md.\n",
      "src/a.ts": "// what both SQL stores share\nexport const a = 1\n",
      "src/views/b.ts": 'import { a } from "../shared.js"\nexport const b = a\n'
    })
    const { status, output } = check(root)
    expect(status, output).toBe(0)
    expect(output).toContain("3 tracked files, none points outside the repository")
  })

  it("names every tracked file and line that points outside, in any kind of file", () => {
    const root = repository({
      "CONTRIBUTING.md": `# Working here\n\nRead \`${beside}notes\` first.\n`,
      "examples/yumen/src/figures.ts": `/**\n * The article's table (${domainPage}, "The figures to reproduce")\n */\n`,
      "scripts/check.mjs": `// Enforces the rules of ${architecturePage}\n`,
      "packages/testing/src/Fixture.ts": `export const source = "name: ${domainPage}"\n`
    })
    const { status, output } = check(root)
    expect(status).toBe(1)
    expect(output).toContain(`CONTRIBUTING.md:3: refers to ${beside.slice(0, -1)}`)
    expect(output).toContain(`examples/yumen/src/figures.ts:2: refers to ${domainPage}`)
    expect(output).toContain(`scripts/check.mjs:1: refers to ${architecturePage}`)
    expect(output).toContain(`packages/testing/src/Fixture.ts:1: refers to ${domainPage}`)
  })

  it("leaves .ci/ (it runs beside the checkout) and untracked files alone", () => {
    const root = repository(
      { ".ci/run": `cp -r ${beside} here\n`, "README.md": "ok\n" },
      { "notes.md": `see ${domainPage}\n` }
    )
    const { status, output } = check(root)
    expect(status, output).toBe(0)
  })
})
