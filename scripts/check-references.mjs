#!/usr/bin/env node
// The repository stands on its own: no tracked file (outside .ci/, which runs beside
// the checkout) sends a reader to files that a clone does not have: the folder beside
// the repository, or the background pages that lived there (named in pieces below).
// Their content is in docs/explanation (domain.md, architecture.md) and CONTRIBUTING.md.
//
// `node scripts/check-references.mjs [repository]` (default: this one).
import { execFileSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { join, resolve } from "node:path"

const root = process.argv[2] ? resolve(process.argv[2]) : new URL("..", import.meta.url).pathname
// Spelled in pieces so that this file does not name them itself.
const outside = [
  ["..", "/shared"],
  ["/work", "/shared"],
  ["DOMAIN", ".md"],
  ["ARCHITECTURE", ".md"],
  ["STYLE", ".md"]
].map((parts) => parts.join(""))
// A folder's name ends the match: the folder beside the repository counts, with or
// without its slash; a module named like it (a `shared.js` one level up) does not.
const pattern = new RegExp(
  outside.map((s) => `${s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}${s.endsWith(".md") ? "" : "(?![\\w.-])"}`).join("|")
)

const files = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" })
  .split("\0")
  .filter((f) => f !== "" && !f.startsWith(".ci/"))
const problems = []
for (const file of files) {
  let text
  try {
    text = readFileSync(join(root, file), "utf8")
  } catch {
    continue // listed but deleted in the work tree
  }
  if (text.includes("\0")) continue // binary
  text.split("\n").forEach((line, i) => {
    const found = line.match(pattern)
    if (found) problems.push(`${file}:${i + 1}: refers to ${found[0]}, which a clone of the repository does not have`)
  })
}
if (problems.length > 0) {
  console.error(
    `References outside the repository (${problems.length}); point to docs/explanation/domain.md or architecture.md instead:\n  ${problems.join("\n  ")}`
  )
  process.exit(1)
}
console.log(`references: ${files.length} tracked files, none points outside the repository`)
