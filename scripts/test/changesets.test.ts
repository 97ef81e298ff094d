/**
 * Pending changesets: `changeset version` refuses the whole set when one file's
 * frontmatter is not what it parses (a formatter that turns `"pkg": minor` and the
 * closing `---` into a heading, a blank line after the opening `---`). Each pending
 * file is checked here, so the release step never meets a broken one.
 */
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"

const root = new URL("../../", import.meta.url).pathname
const dir = join(root, ".changeset")
const pending = readdirSync(dir).filter((f) => f.endsWith(".md") && f !== "README.md")

const publishable = new Set(
  readdirSync(join(root, "packages"), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => {
      try {
        const manifest = JSON.parse(readFileSync(join(root, "packages", d.name, "package.json"), "utf8"))
        return manifest.private === true ? [] : [manifest.name as string]
      } catch {
        return []
      }
    })
)

/** The packages a changeset bumps, or the reason its frontmatter does not parse. */
const frontmatter = (text: string): ReadonlyArray<string> | string => {
  const lines = text.split("\n")
  if (lines[0] !== "---") return "the first line is not ---"
  const end = lines.indexOf("---", 1)
  if (end < 0) return "no closing ---"
  const names: Array<string> = []
  for (const line of lines.slice(1, end)) {
    const m = /^"(@gridgov\/[a-z0-9-]+)": (major|minor|patch)$/.exec(line)
    if (m === null) return `not a "package": bump line: ${JSON.stringify(line)}`
    names.push(m[1]!)
  }
  return names
}

describe("pending changesets", () => {
  it.each(pending)("%s has frontmatter changesets parses, naming publishable packages", (file) => {
    const parsed = frontmatter(readFileSync(join(dir, file), "utf8"))
    expect(parsed).toBeInstanceOf(Array)
    for (const name of parsed as ReadonlyArray<string>) expect(publishable).toContain(name)
  })

  it("the check refuses what broke two of them: a heading for the bump, a blank line before it", () => {
    expect(frontmatter('---\n\n## "@gridgov/core": minor\n\nText')).toBeTypeOf("string")
    expect(frontmatter('---\n\n"@gridgov/core": minor\n---\n\nText')).toBeTypeOf("string")
    expect(frontmatter('---\n"@gridgov/core": minor\n---\n\nText')).toEqual(["@gridgov/core"])
    expect(frontmatter("---\n---\n\nText")).toEqual([])
  })
})
