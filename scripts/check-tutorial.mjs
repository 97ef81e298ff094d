#!/usr/bin/env node
// Follows docs/tutorials/use-gridgov-in-your-app.md as a new user would, in an empty
// folder outside the workspace: every ```sh command in order (each in the folder the
// commands before it left), every block fenced with `file=NAME` written to that file,
// and each ```text block that follows a command compared with what the command printed
// (`…` stands for anything within a line). The one liberty taken: `npm install` gets
// the packed tarballs of this workspace (scripts/consumer/pack.mjs) for the @gridgov
// packages, which a user gets from the registry — with the tarballs of the @gridgov
// packages those depend on (the registry would resolve them) — and npm's cache first
// (--prefer-offline). Then the SQLite file must hold the cases. Prints how long the
// user's steps took; the tutorial promises under ten minutes.
// Run after `pnpm build`. GRIDGOV_TUTORIAL_KEEP=1 keeps the folder (its path is printed).
import { execFileSync } from "node:child_process"
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { pack, publicPackages, requireNode, root, userEnv } from "./consumer/pack.mjs"

requireNode("check:tutorial")
const page = "docs/tutorials/use-gridgov-in-your-app.md"
const text = readFileSync(join(root, page), "utf8")

// The page's steps, in order: commands, files, expected outputs.
const steps = []
for (const match of text.matchAll(/^```(\w+)([^\n]*)\n([\s\S]*?)^```$/gm)) {
  const [, lang, flags, body] = match
  const file = flags.match(/file=(\S+)/)?.[1]
  if (file !== undefined) steps.push({ kind: "file", file, body })
  else if (lang === "sh")
    for (const line of body.split("\n")) {
      if (line.trim() !== "" && !line.trim().startsWith("#")) steps.push({ kind: "command", line: line.trim() })
    }
  else if (lang === "text") steps.push({ kind: "output", body: body.replace(/\n$/, "") })
}

// The @gridgov packages a package depends on, transitively (not its peers: the page names those).
const manifests = new Map(publicPackages().map((p) => [p.manifest.name, p.manifest]))
const dependenciesOf = (name, seen = new Set()) => {
  for (const dep of Object.keys(manifests.get(name)?.dependencies ?? {})) {
    if (!dep.startsWith("@gridgov/") || seen.has(dep)) continue
    seen.add(dep)
    dependenciesOf(dep, seen)
  }
  return [...seen]
}

const work = mkdtempSync(join(tmpdir(), "gridgov-tutorial-"))
const env = userEnv()
const npmFlags = ["--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"]
const timings = []
let failed = false

try {
  const packed = Date.now()
  mkdirSync(join(work, "tarballs"))
  const tarballs = pack(join(work, "tarballs"))
  console.log(
    `tutorial: packed ${Object.keys(tarballs).length} packages in ${((Date.now() - packed) / 1000).toFixed(1)} s`
  )

  const home = join(work, "home")
  mkdirSync(home)
  let cwd = home
  let last = { line: "", output: "" }
  const started = Date.now()
  for (const step of steps) {
    if (step.kind === "file") {
      writeFileSync(join(cwd, step.file), step.body)
      continue
    }
    if (step.kind === "output") {
      const expected = step.body.split("\n")
      const actual = last.output.replace(/\n$/, "").split("\n")
      const like = (pattern, line) =>
        new RegExp(
          `^${pattern
            .split("…")
            .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
            .join(".*")}$`
        ).test(line)
      if (expected.length !== actual.length || expected.some((p, i) => !like(p, actual[i]))) {
        failed = true
        console.error(`tutorial: "${last.line}" printed\n${last.output}\nwhere the page shows\n${step.body}`)
      }
      continue
    }
    let line = step.line
    if (/^npm (install|i)\b/.test(line)) {
      // the packed packages for ours (and the ones they depend on); npm's cache first for the rest
      const named = new Set()
      line = line.replace(/@gridgov\/[\w-]+/g, (name) => {
        if (tarballs[name] === undefined) throw new Error(`${page}: ${name} is not a package of this workspace`)
        named.add(name)
        return tarballs[name]
      })
      const needed = [...named].flatMap((name) => dependenciesOf(name)).filter((name) => !named.has(name))
      line = [line, ...new Set(needed.map((name) => tarballs[name])), ...npmFlags].join(" ")
    }
    const began = Date.now()
    let output
    try {
      output = execFileSync("bash", ["-c", `set -e\n${line}\necho "\n__cwd__$(pwd)"`], {
        cwd,
        env,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"]
      })
    } catch (error) {
      throw new Error(`"${step.line}" failed in ${cwd}:\n${error.stdout ?? ""}${error.stderr ?? ""}`)
    }
    const at = output.lastIndexOf("\n__cwd__")
    cwd = resolve(output.slice(at + "\n__cwd__".length).trim())
    last = { line: step.line, output: output.slice(0, at).replace(/\n$/, "") }
    timings.push(`${step.line.slice(0, 40)}: ${((Date.now() - began) / 1000).toFixed(1)} s`)
  }
  const seconds = (Date.now() - started) / 1000

  // A case persisted in SQLite: the file the tutorial wrote holds its events.
  const db = new DatabaseSync(join(cwd, "gridgov.db"), { readOnly: true })
  const { streams } = db.prepare("SELECT COUNT(DISTINCT stream_id) AS streams FROM gridgov_events").get()
  db.close()
  if (streams < 3) {
    failed = true
    console.error(`tutorial: gridgov.db holds ${streams} case(s), the steps wrote 3`)
  } else console.log(`tutorial: gridgov.db holds ${streams} cases`)
  console.log(`tutorial: ${timings.join("; ")}`)
  console.log(
    `tutorial: the steps took ${seconds.toFixed(1)} s (${(seconds / 60).toFixed(1)} min; the page promises under 10 min)`
  )
} catch (error) {
  failed = true
  console.error(`tutorial: ${error.message}`)
} finally {
  if (process.env.GRIDGOV_TUTORIAL_KEEP) console.log(`tutorial: kept ${work}`)
  else rmSync(work, { recursive: true, force: true })
}
if (failed) process.exit(1)
