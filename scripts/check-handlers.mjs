#!/usr/bin/env node
// Keeps rules out of the HTTP handlers (packages/http/src/internal/handlers/*.ts): a
// handler decodes the request, calls one core service, and encodes the answer. Every
// rule (access and jurisdiction checks, scoping, visibility, masking, dates, ids,
// defaults that choose an outcome) lives in a core service, where a host with another
// transport gets it too. So a handler file
// 1. imports from @gridgov/core, as values, only application services (`…Service`)
//    and the few readers listed in `readers` below; everything else only as types
//    (`import type`, or `type X` in the braces). Core's rule modules (Access, Records,
//    Notice, Mask, Analytics, Routing, Calendar, Staff, …) and its store ports are
//    what a service orchestrates, not a handler;
// 2. of a reader module, calls only the functions listed (`Grid.interval`, say, is how
//    a jurisdiction check is written inline, so it is not a reader);
// 3. reads no clock and makes no ids or dates: no Date.now(), new Date(), Clock,
//    Random, and no hard-coded time zone offset.
import { readdirSync, readFileSync, statSync } from "node:fs"
import { join, relative, resolve } from "node:path"

// The workspace to check: the first argument, or this repository.
const root = process.argv[2] ? resolve(process.argv[2]) : new URL("..", import.meta.url).pathname
const dir = join(root, "packages/http/src/internal/handlers")

// Value imports from core a handler may use besides the services, and what of them it may call.
const readers = {
  // the grid tree, read to encode it (GET /grids; GET /grids/{code}/map: the outlines of active grids)
  Grid: ["id", "record", "children", "level", "isExclusive", "isRetired", "outline"],
  // the actor of a resident or an integration (authentication)
  Access: ["resident"],
  // the live configuration's tag, read per request (the tree GET /grids encodes)
  Configuration: []
}

const forbidden = [
  [/\bDate\.now\s*\(/, "Date.now() reads the wall clock: time is the service's (effect's Clock)"],
  [/\bnew\s+Date\s*\(/, "new Date() makes a date or reads the clock: dates are the service's (Calendar.localDate)"],
  [/\b(Clock|Random)\.\w+/, "Clock and Random are the service's: it makes instants and ids"],
  [/\+08:00|\b8\s*\*\s*3_?600_?000\b/, "a hard-coded UTC+8: the calendar's zone is the service's"]
]

const stripComments = (source) => source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1")

const problems = []
const report = (file, message) => problems.push(`${relative(root, file)}: ${message}`)

let files = []
try {
  files = statSync(dir).isDirectory() ? readdirSync(dir).filter((f) => f.endsWith(".ts")) : []
} catch {
  files = []
}

for (const name of files) {
  const file = join(dir, name)
  const source = stripComments(readFileSync(file, "utf8"))
  const values = new Set()
  const imports =
    /(?:^|[\s;])import\s+(type\s+)?([\s\S]*?)\s+from\s+["'](@gridgov\/core(?:\/[A-Za-z]+)?)["']|import\(\s*["'](@gridgov\/core[^"']*)["']\s*\)/g
  for (const m of source.matchAll(imports)) {
    if (m[4] !== undefined) {
      report(file, `imports ${m[4]} dynamically: import services by name`)
      continue
    }
    if (m[1] !== undefined) continue // import type …
    const clause = m[2].trim()
    const subpath = m[3].split("/")[2]
    const names = []
    const star = /^\*\s+as\s+(\w+)$/.exec(clause)
    if (star) names.push([subpath ?? star[1], star[1]])
    const braces = /\{([\s\S]*)\}/.exec(clause)
    if (braces) {
      for (const raw of braces[1].split(",")) {
        const spec = raw.trim()
        if (spec === "" || spec.startsWith("type ")) continue
        const [imported, local] = spec.split(/\s+as\s+/)
        names.push([imported.trim(), (local ?? imported).trim()])
      }
    }
    for (const [imported, local] of names) {
      if (/Service$/.test(imported)) continue
      if (imported in readers) {
        values.add([imported, local])
        continue
      }
      report(
        file,
        `imports ${imported} from @gridgov/core as a value: a handler calls a service (…Service), which applies core's rules; import ${imported} as a type if only its types are needed`
      )
    }
  }
  for (const [imported, local] of values) {
    for (const m of source.matchAll(new RegExp(`\\b${local}\\.([a-z]\\w*)`, "g"))) {
      if (!readers[imported].includes(m[1]))
        report(
          file,
          `calls ${imported}.${m[1]}: of ${imported} a handler reads only ${readers[imported].join(", ")}; the rest is a service's`
        )
    }
  }
  for (const [pattern, why] of forbidden) if (pattern.test(source)) report(file, why)
}

if (problems.length > 0) {
  console.error(`Thin handlers: ${problems.length} problem(s)`)
  for (const problem of problems) console.error(`  ${problem}`)
  process.exit(1)
}
console.log(`Thin handlers: ok (${files.length} files)`)
