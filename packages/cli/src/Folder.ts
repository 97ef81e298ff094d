/**
 * A city folder: a city's configuration as files people keep and edit. CSV for what
 * cities keep in spreadsheets (`grids.csv`, `units.csv`, `people.csv`, `posts.csv`),
 * JSON for the rest (`scheme.json`, `routing.json`, `sla.json`, `categories.json`,
 * `record-items.json`, `weights.json`, `subscribers.json`, `notices.json`) and the grids'
 * boundaries as GeoJSON (`boundaries.geojson`, one feature per grid, its code in
 * `properties.code`). Every file is optional when read: a file left out leaves that
 * part of the store as it is. `read` checks every file and answers every fault as
 * `file:line: reason`; `write` writes a configuration back in one canonical form (rows
 * sorted by id, JSON keys in the schema's order), so the same configuration gives the
 * same bytes from any store. See docs/how-to/set-up-your-city.md.
 *
 * @since 0.1.0
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { CalendarNotice, City, type CityChange, Grid, Staff } from "@gridgov/core"
import { Result, Schema, SchemaIssue } from "effect"
import * as Csv from "./internal/csv.js"
import * as JsonLines from "./internal/jsonLines.js"

/**
 * A fault of a folder: the file, the line (0 when it is about the file as a whole) and
 * what is wrong.
 *
 * @example
 * import { Folder } from "@gridgov/cli"
 * Folder.show({ file: "posts.csv", line: 12, reason: "valid_from: Expected a real calendar date" })
 * // "posts.csv:12: valid_from: Expected a real calendar date"
 *
 * @category models
 * @since 0.1.0
 */
export interface Fault {
  readonly file: string
  readonly line: number
  readonly reason: string
}

/**
 * A fault as one line: `file:line: reason` (`file: reason` for the file as a whole).
 *
 * @example
 * import { Folder } from "@gridgov/cli"
 * Folder.show({ file: "routing.json", line: 0, reason: "not JSON" }) // "routing.json: not JSON"
 *
 * @category models
 * @since 0.1.0
 */
export const show = (fault: Fault): string =>
  fault.line > 0 ? `${fault.file}:${fault.line}: ${fault.reason}` : `${fault.file}: ${fault.reason}`

/**
 * A folder read: the configuration it describes (`CityChange.Target`: the parts of
 * the files present), and where each row or table came from, so a fault found later
 * (by `CityChange.diff` or `CityChange.decide`) names its line too; `path` is a path
 * inside a JSON table (`rules.3.unit`).
 *
 * @example
 * import type { Folder } from "@gridgov/cli"
 * const grids = (f: Folder.Folder) => f.target.grids?.length ?? 0
 *
 * @category models
 * @since 0.1.0
 */
export interface Folder {
  readonly target: CityChange.Target
  readonly origin: (subject: CityChange.Subject, path?: ReadonlyArray<PropertyKey>) => Fault
}

/**
 * The files of a folder, in the order `write` writes them, each with what it holds.
 *
 * @example
 * import { Folder } from "@gridgov/cli"
 * Folder.files.map((f) => f.name).includes("grids.csv") // true
 *
 * @category models
 * @since 0.1.0
 */
export const files: ReadonlyArray<{ readonly name: string; readonly holds: string }> = [
  { name: "scheme.json", holds: "the level scheme: levels, their kinds and code suffixes, exclusive grids" },
  {
    name: "grids.csv",
    holds: "code,parent,kind,name_zh,name_en,specialty,successor,verified,source: one grid a row, parents first"
  },
  { name: "boundaries.geojson", holds: "a GeoJSON FeatureCollection, one feature per grid, properties.code its code" },
  {
    name: "units.csv",
    holds:
      "id,type,name_zh,name_en,parent,takes,temporary,closed_on,verified,source; takes as kind:category category;kind"
  },
  { name: "people.csv", holds: "id,name (phone and ID numbers are kept off the chain, never in a folder)" },
  { name: "posts.csv", holds: "id,person,role,grid,unit,valid_from,valid_to: grid or unit, one of them" },
  { name: "categories.json", holds: "the case categories: { entries, mapping }" },
  { name: "record-items.json", holds: "the record taxonomy's entries" },
  { name: "weights.json", holds: "the appraisal weights" },
  { name: "routing.json", holds: "the routing table" },
  { name: "sla.json", holds: "the city's SLA policies, over the national ones" },
  { name: "subscribers.json", holds: "notification subscribers (their secrets are never in a folder)" },
  { name: "notices.json", holds: "calendar notices added to China's working-day table" }
]

const columns = {
  grids: ["code", "parent", "kind", "name_zh", "name_en", "specialty", "successor", "verified", "source"],
  units: ["id", "type", "name_zh", "name_en", "parent", "takes", "temporary", "closed_on", "verified", "source"],
  people: ["id", "name"],
  posts: ["id", "person", "role", "grid", "unit", "valid_from", "valid_to"]
} as const

const required = {
  grids: ["code", "parent", "kind", "name_zh", "name_en"],
  units: ["id", "type", "name_zh", "name_en"],
  people: ["id", "name"],
  posts: ["id", "person", "role", "valid_from"]
} as const

const D = City.Document.fields
const tables = {
  "scheme.json": D.scheme,
  "categories.json": Schema.Struct({ entries: D.categories, mapping: Schema.optionalKey(D.categoryMap) }),
  "record-items.json": D.recordItems,
  "weights.json": D.weights,
  "routing.json": D.routing,
  "sla.json": Schema.Array(City.SlaPolicy),
  "subscribers.json": D.subscribers,
  "notices.json": Schema.Array(CalendarNotice.Notice)
} as const

type TableFile = keyof typeof tables

const subjectFile: Record<CityChange.Subject["_tag"], string> = {
  scheme: "scheme.json",
  grid: "grids.csv",
  boundary: "boundaries.geojson",
  unit: "units.csv",
  person: "people.csv",
  post: "posts.csv",
  categories: "categories.json",
  recordItems: "record-items.json",
  weights: "weights.json",
  routing: "routing.json",
  sla: "sla.json",
  subscriber: "subscribers.json",
  notice: "notices.json"
}

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()
const problems = (issue: SchemaIssue.Issue) =>
  formatter(issue).issues.map((i) => ({
    path: (i.path ?? []).map((k) => (typeof k === "object" && k !== null ? String(k.key) : String(k))),
    message: i.message
  }))

/** A record's field path as the column it came from (`name.zh` is `name_zh`, `at.grid` is `grid`). */
const columnOf = (path: ReadonlyArray<string>): string => {
  const [first, second] = path
  if (first === "name" && (second === "zh" || second === "en")) return `name_${second}`
  if (first === "at") return second ?? "grid"
  if (first === "validFrom") return "valid_from"
  if (first === "validTo") return "valid_to"
  if (first === "closedOn") return "closed_on"
  return first ?? "(row)"
}

const decoders = new Map<Schema.Top, (input: unknown) => Result.Result<unknown, Schema.SchemaError>>()
/** The decoder of a schema, made once (a folder has hundreds of thousands of rows). */
const decodeRow = (schema: Schema.Top) => {
  let decode = decoders.get(schema)
  if (decode === undefined) {
    decode = Schema.decodeUnknownResult(schema as never, { errors: "all" }) as never
    decoders.set(schema, decode!)
  }
  return decode!
}

/**
 * Reads a city folder: every file present, every fault found (a malformed file, an
 * unknown or missing column, a row that does not decode, an id given twice), each
 * `file:line: reason`. A folder with any fault is no folder: `Failure` with them all.
 *
 * @example
 * import { Result } from "effect"
 * import { Folder } from "@gridgov/cli"
 * const folder = Folder.read("examples/cities/yumen")
 * if (Result.isSuccess(folder)) console.log(folder.success.target.grids?.length)
 *
 * @category reading
 * @since 0.1.0
 */
export const read = (dir: string): Result.Result<Folder, ReadonlyArray<Fault>> => {
  const faults: Array<Fault> = []
  const fault = (file: string, line: number, reason: string) => faults.push({ file, line, reason })
  if (!existsSync(dir)) return Result.fail([{ file: dir, line: 0, reason: "no such folder" }])
  if (!statSync(dir).isDirectory()) return Result.fail([{ file: dir, line: 0, reason: "not a folder" }])
  const text = (file: string): string | undefined => {
    const path = join(dir, file)
    return existsSync(path) ? readFileSync(path, "utf8") : undefined
  }
  const lines = new Map<string, Map<string, number>>()
  const jsonLines = new Map<string, ReadonlyMap<string, number>>()

  /** The rows of a CSV file, each a record by column, with its line. */
  const csv = (kind: keyof typeof columns): Array<{ line: number; cells: Record<string, string> }> | undefined => {
    const file = `${kind}.csv`
    const body = text(file)
    if (body === undefined) return undefined
    const parsed = Csv.parse(body)
    if ("unclosed" in parsed) {
      fault(file, parsed.unclosed, "a quote opened here is never closed")
      return []
    }
    const [header, ...rows] = parsed.rows
    if (header === undefined) {
      fault(file, 1, `empty: the first line names the columns (${columns[kind].join(",")})`)
      return []
    }
    const names = header.fields.map((f) => f.trim())
    const known: ReadonlyArray<string> = columns[kind]
    let ok = true
    for (const name of names) {
      if (!known.includes(name)) {
        fault(file, header.line, `unknown column ${JSON.stringify(name)} (the columns are ${known.join(",")})`)
        ok = false
      }
    }
    for (const name of required[kind]) {
      if (!names.includes(name)) {
        fault(file, header.line, `no column ${name}`)
        ok = false
      }
    }
    if (!ok) return []
    const out: Array<{ line: number; cells: Record<string, string> }> = []
    const seen = new Map<string, number>()
    for (const row of rows) {
      if (row.fields.length !== names.length) {
        fault(file, row.line, `${row.fields.length} fields, the header has ${names.length}`)
        continue
      }
      const cells: Record<string, string> = {}
      names.forEach((n, k) => {
        cells[n] = row.fields[k]!.trim()
      })
      const id = kind === "grids" ? cells.code! : cells.id!
      const before = seen.get(id)
      if (before !== undefined) {
        fault(file, row.line, `${kind === "grids" ? "code" : "id"} ${id} is on line ${before} already`)
        continue
      }
      seen.set(id, row.line)
      out.push({ line: row.line, cells })
    }
    lines.set(kind, seen)
    return out
  }

  const decoded = <A>(
    file: string,
    line: number,
    schema: Schema.Top,
    input: unknown,
    columnFor: (path: ReadonlyArray<string>) => string = columnOf
  ): A | undefined => {
    const r = decodeRow(schema)(input) as Result.Result<A, Schema.SchemaError>
    if (Result.isSuccess(r)) return r.success
    for (const p of problems(r.failure.issue)) fault(file, line, `${columnFor(p.path)}: ${p.message}`)
    return undefined
  }
  const opt = (v: string | undefined) => (v === undefined || v === "" ? undefined : v)
  const bool = (v: string | undefined): boolean | string | undefined =>
    v === undefined || v === "" ? undefined : v === "true" ? true : v === "false" ? false : v

  const gridRows = csv("grids")
  const grids = gridRows?.flatMap(({ line, cells }) => {
    const record = decoded<Grid.GridRecord>("grids.csv", line, Grid.GridRecord, {
      code: cells.code,
      parent: opt(cells.parent) ?? null,
      kind: cells.kind,
      name: { zh: cells.name_zh, en: cells.name_en },
      ...defined({
        specialty: opt(cells.specialty),
        successor: opt(cells.successor),
        verified: bool(cells.verified),
        source: opt(cells.source)
      })
    })
    return record === undefined ? [] : [record]
  })

  const unitRows = csv("units")
  const units = unitRows?.flatMap(({ line, cells }) => {
    const takes = (cells.takes ?? "")
      .split(";")
      .map((t) => t.trim())
      .filter((t) => t !== "")
      .map((t) => {
        const [kind = "", rest = ""] = t.split(":", 2)
        return { kind: kind.trim(), categories: rest.split(/\s+/).filter((c) => c !== "") }
      })
    const unit = decoded<City.Unit>(
      "units.csv",
      line,
      City.Unit,
      {
        id: cells.id,
        type: cells.type,
        name: { zh: cells.name_zh, en: cells.name_en },
        takes,
        ...defined({
          parent: opt(cells.parent),
          temporary: bool(cells.temporary),
          closedOn: opt(cells.closed_on),
          verified: bool(cells.verified),
          source: opt(cells.source)
        })
      },
      (path) => (path[0] === "takes" ? "takes" : columnOf(path))
    )
    return unit === undefined ? [] : [unit]
  })

  const people = csv("people")?.flatMap(({ line, cells }) => {
    const person = decoded<Staff.Person>("people.csv", line, Staff.Person, { id: cells.id, name: cells.name })
    return person === undefined ? [] : [person]
  })

  const posts = csv("posts")?.flatMap(({ line, cells }) => {
    const grid = opt(cells.grid)
    const unit = opt(cells.unit)
    if ((grid === undefined) === (unit === undefined)) {
      fault("posts.csv", line, "a post is held at a grid or at a unit: fill in one of grid and unit")
      return []
    }
    const post = decoded<City.Post>("posts.csv", line, City.Post, {
      id: cells.id,
      person: cells.person,
      role: cells.role,
      at: grid === undefined ? { unit } : { grid },
      validFrom: cells.valid_from,
      ...defined({ validTo: opt(cells.valid_to) })
    })
    return post === undefined ? [] : [post]
  })

  const json = <A>(file: TableFile): A | undefined => {
    const body = text(file)
    if (body === undefined) return undefined
    const parsed = JsonLines.parse(body)
    if ("error" in parsed) {
      fault(file, 0, `not JSON: ${parsed.error}`)
      return undefined
    }
    jsonLines.set(file, parsed.lines)
    const r = decodeRow(tables[file])(parsed.value) as Result.Result<A, Schema.SchemaError>
    if (Result.isSuccess(r)) return r.success
    for (const p of problems(r.failure.issue)) {
      fault(file, JsonLines.lineOf(parsed.lines, p.path), `${p.path.join(".") || "(root)"}: ${p.message}`)
    }
    return undefined
  }
  const tableValues = {
    scheme: json<City.Document["scheme"]>("scheme.json"),
    categories: json<CityChange.Target["categories"]>("categories.json"),
    recordItems: json<City.Document["recordItems"]>("record-items.json"),
    weights: json<City.Document["weights"]>("weights.json"),
    routing: json<City.Document["routing"]>("routing.json"),
    sla: json<ReadonlyArray<City.SlaPolicy>>("sla.json"),
    subscribers: json<City.Document["subscribers"]>("subscribers.json"),
    notices: json<ReadonlyArray<CalendarNotice.Notice>>("notices.json")
  }
  for (const [file, key] of [
    ["subscribers.json", "id"],
    ["notices.json", "id"]
  ] as const) {
    const list = (file === "subscribers.json" ? tableValues.subscribers : tableValues.notices) ?? []
    const seen = new Map<string, number>()
    list.forEach((item, k) => {
      const id = item[key]
      const line = JsonLines.lineOf(jsonLines.get(file) ?? new Map(), [k])
      if (seen.has(id)) fault(file, line, `id ${id} is given twice`)
      seen.set(id, line)
    })
    lines.set(file, seen)
  }

  const boundaries = readBoundaries(text("boundaries.geojson"), fault, lines)

  if (faults.length > 0) return Result.fail(faults.sort(byPlace))
  const target: CityChange.Target = defined({
    ...tableValues,
    grids,
    boundaries,
    units,
    people,
    posts
  })
  const origin = (subject: CityChange.Subject, path: ReadonlyArray<PropertyKey> = []): Fault => {
    const file = subjectFile[subject._tag]
    if ("id" in subject) {
      const kind = file.replace(/\.(csv|json|geojson)$/, "")
      const line = lines.get(kind)?.get(subject.id) ?? lines.get(file)?.get(subject.id) ?? 0
      return { file, line, reason: "" }
    }
    const found = jsonLines.get(file)
    return { file, line: found === undefined ? 0 : JsonLines.lineOf(found, path), reason: "" }
  }
  return Result.succeed({ target, origin })
}

const byPlace = (a: Fault, b: Fault) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1)

/** The object without its `undefined` values (optional keys are absent, never undefined). */
const defined = <A extends Record<string, unknown>>(o: A): A =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as A

const decodeBoundary = Schema.decodeUnknownResult(Grid.Boundary, { errors: "all" })

const readBoundaries = (
  body: string | undefined,
  fault: (file: string, line: number, reason: string) => void,
  lines: Map<string, Map<string, number>>
): ReadonlyMap<string, Grid.Boundary> | undefined => {
  const file = "boundaries.geojson"
  if (body === undefined) return undefined
  const parsed = JsonLines.parse(body, 2)
  if ("error" in parsed) {
    fault(file, 0, `not JSON: ${parsed.error}`)
    return undefined
  }
  const value = parsed.value as { type?: unknown; features?: unknown }
  if (value?.type !== "FeatureCollection" || !Array.isArray(value.features)) {
    fault(file, 1, 'expected a GeoJSON FeatureCollection: { "type": "FeatureCollection", "features": [...] }')
    return undefined
  }
  const out = new Map<string, Grid.Boundary>()
  const seen = new Map<string, number>()
  ;(value.features as ReadonlyArray<unknown>).forEach((f, k) => {
    const line = JsonLines.lineOf(parsed.lines, ["features", k])
    const feature = f as { type?: unknown; properties?: { code?: unknown }; geometry?: unknown }
    const code = feature?.properties?.code
    if (feature?.type !== "Feature" || typeof code !== "string") {
      fault(file, line, "expected a Feature whose properties.code is a grid's code")
      return
    }
    const before = seen.get(code)
    if (before !== undefined) {
      fault(file, line, `grid ${code} has a boundary on line ${before} already`)
      return
    }
    seen.set(code, line)
    const b = decodeBoundary(feature.geometry)
    if (Result.isFailure(b)) {
      for (const p of problems(b.failure.issue)) fault(file, line, `geometry.${p.path.join(".")}: ${p.message}`)
      return
    }
    out.set(code, b.success)
  })
  lines.set("boundaries", seen)
  return out
}

// ---------------------------------------------------------------------------
// writing
// ---------------------------------------------------------------------------

const byKey =
  <A>(key: (a: A) => string) =>
  (a: A, b: A) => {
    const x = key(a)
    const y = key(b)
    return x < y ? -1 : x > y ? 1 : 0
  }

const pretty = (schema: Schema.Top, value: unknown): string =>
  `${JSON.stringify(Schema.encodeUnknownSync(schema as never)(value), null, 2)}\n`

const cell = (v: string | boolean | undefined): string => (v === undefined ? "" : String(v))

/**
 * The files of a configuration, by name (see {@link files}), in one canonical form:
 * rows sorted by code or id, JSON keys in the schema's order, LF line ends, so the
 * same configuration gives the same bytes whichever store it was read from.
 *
 * @example
 * import { City } from "@gridgov/core"
 * import { Folder } from "@gridgov/cli"
 * Folder.render(City.empty).get("people.csv") // "id,name\n"
 *
 * @category writing
 * @since 0.1.0
 */
export const render = (document: City.Document): ReadonlyMap<string, string> => {
  const out = new Map<string, string>()
  out.set("scheme.json", pretty(D.scheme, document.scheme))
  const grids = [...document.grids].sort(byKey((g) => g.code))
  out.set(
    "grids.csv",
    Csv.format(
      columns.grids,
      grids.map((g) => [
        g.code,
        g.parent ?? "",
        g.kind,
        g.name.zh,
        g.name.en,
        cell(g.specialty),
        cell(g.successor),
        cell(g.verified),
        cell(g.source)
      ])
    )
  )
  const features = grids
    .filter((g) => g.boundary !== undefined)
    .map((g) =>
      JSON.stringify({
        type: "Feature",
        properties: { code: g.code },
        geometry: Schema.encodeUnknownSync(Grid.Boundary as never)(g.boundary)
      })
    )
  out.set(
    "boundaries.geojson",
    `{"type":"FeatureCollection","features":[${features.length === 0 ? "" : `\n${features.join(",\n")}\n`}]}\n`
  )
  out.set(
    "units.csv",
    Csv.format(
      columns.units,
      [...document.units]
        .sort(byKey((u) => u.id))
        .map((u) => [
          u.id,
          u.type,
          u.name.zh,
          u.name.en,
          cell(u.parent),
          u.takes.map((t) => (t.categories.length === 0 ? t.kind : `${t.kind}:${t.categories.join(" ")}`)).join(";"),
          cell(u.temporary),
          cell(u.closedOn),
          cell(u.verified),
          cell(u.source)
        ])
    )
  )
  out.set(
    "people.csv",
    Csv.format(
      columns.people,
      [...document.people].sort(byKey((p) => p.id)).map((p) => [p.id, p.name])
    )
  )
  out.set(
    "posts.csv",
    Csv.format(
      columns.posts,
      [...document.posts]
        .sort(byKey((p) => p.id))
        .map((p) => [
          p.id,
          p.person,
          p.role,
          "grid" in p.at ? p.at.grid : "",
          "unit" in p.at ? p.at.unit : "",
          p.validFrom,
          cell(p.validTo)
        ])
    )
  )
  out.set(
    "categories.json",
    pretty(tables["categories.json"], { entries: document.categories, mapping: document.categoryMap })
  )
  out.set("record-items.json", pretty(D.recordItems, document.recordItems))
  out.set("weights.json", pretty(D.weights, document.weights))
  out.set("routing.json", pretty(D.routing, document.routing))
  out.set("sla.json", pretty(tables["sla.json"], City.slaPolicies(document)))
  out.set("subscribers.json", pretty(D.subscribers, document.subscribers))
  out.set("notices.json", pretty(tables["notices.json"], City.notices(document)))
  return out
}

/**
 * Writes a configuration's files into a folder (made when missing), answering their
 * paths; see {@link render}. `City.empty` gives the templates: every CSV with its
 * header, every table as a store without a city has it.
 *
 * @example
 * import { City } from "@gridgov/core"
 * import { Folder } from "@gridgov/cli"
 * const written = Folder.write("my-city", City.empty)
 *
 * @category writing
 * @since 0.1.0
 */
export const write = (dir: string, document: City.Document): ReadonlyArray<string> => {
  mkdirSync(dir, { recursive: true })
  const written: Array<string> = []
  for (const [name, body] of render(document)) {
    const path = join(dir, name)
    writeFileSync(path, body)
    written.push(path)
  }
  return written
}
