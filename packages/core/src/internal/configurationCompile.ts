/**
 * A configuration document compiled into what the services run on: the grid tree
 * (whose look-up by code also finds a moved grid by its old code and sends a retired
 * grid's code to its successor, so open work follows), the staff directory, the
 * router, the SLA table (national tier, then the city's), the calendar (the host's
 * builder over the notices added), the record taxonomy and the weights; and, for a
 * case timed under an earlier version, the SLA table and calendar of that version.
 *
 * A compile reuses what it built before for every part of the document that did not
 * change (the fold keeps unchanged parts by identity), so a new post recompiles the
 * directory only.
 */
import { Result } from "effect"
import type * as Analytics from "../Analytics.js"
import type * as Calendar from "../Calendar.js"
import type * as CalendarNotice from "../CalendarNotice.js"
import * as Category from "../Category.js"
import type * as City from "../City.js"
import * as Grid from "../Grid.js"
import type * as GridScheme from "../GridScheme.js"
import * as Records from "../Records.js"
import type * as Routing from "../Routing.js"
import * as Sla from "../Sla.js"
import * as Staff from "../Staff.js"
import { compileRouting } from "./cityCompat.js"
import type { CodeIndex } from "./gridIndex.js"

export interface Timing {
  readonly sla: Sla.Table
  readonly calendar: Calendar.Calendar
}

export interface Snapshot {
  readonly version: number
  readonly document: City.Document
  readonly tree: Grid.Tree
  readonly directory: Staff.Directory
  readonly router: Routing.Router
  readonly sla: Sla.Table
  readonly calendar: Calendar.Calendar
  readonly records: Records.Taxonomy
  readonly weights: Analytics.Weights
  readonly timing: (version: number) => Timing
  readonly category: (code: string) => string
  readonly builder: CalendarNotice.Builder | undefined
}

export interface Options {
  readonly calendar: CalendarNotice.Builder
  readonly national: ReadonlyArray<Sla.Policy>
}

/** What compiles share across versions: SLA tables per tier entry, calendars per notice list. */
export interface Caches {
  national: Result.Result<Sla.Table, Sla.InvalidPolicy> | undefined
  readonly tables: WeakMap<object, Result.Result<Sla.Table, Sla.InvalidPolicy>>
  readonly calendars: Map<string, Result.Result<Calendar.Calendar, Calendar.InvalidCalendar>>
}

export const caches = (): Caches => ({ national: undefined, tables: new WeakMap(), calendars: new Map() })

const emptyIndex: CodeIndex = { size: 0, get: () => undefined, has: () => false }

/** The tree of a city without grids: nothing to look up, nothing to reach. */
const emptyTree = (scheme: GridScheme.Scheme): Grid.Tree => ({
  scheme,
  size: 0,
  records: [],
  index: emptyIndex,
  parent: new Int32Array(0),
  level: new Int8Array(0),
  depth: new Uint8Array(0),
  exclusive: new Uint8Array(0),
  retired: new Uint8Array(0),
  pre: new Int32Array(0),
  post: new Int32Array(0),
  order: new Int32Array(0),
  childStart: new Int32Array(1),
  childIds: new Int32Array(0),
  bounded: new Int32Array(0),
  bbox: new Float64Array(0)
})

/** The tree with its look-up by code following moves and retirements. */
const withAliases = (tree: Grid.Tree, document: City.Document): Grid.Tree => {
  const aliases = new Map<string, number>()
  for (const a of document.moved) {
    const id = tree.index.get(a.to)
    if (id !== undefined) aliases.set(a.from, id)
  }
  for (const r of tree.records) {
    if (r.successor === undefined) continue
    const id = tree.index.get(r.successor)
    if (id !== undefined) aliases.set(r.code, id)
  }
  if (aliases.size === 0) return tree
  const base = tree.index
  const index: CodeIndex = {
    size: base.size,
    get: (code) => aliases.get(code) ?? base.get(code),
    has: (code) => aliases.has(code) || base.has(code)
  }
  return { ...tree, index }
}

const categoryMapper = (map: ReadonlyArray<City.Alias>): ((code: string) => string) => {
  if (map.length === 0) return (code) => code
  const to = new Map(map.map((a) => [a.from, a.to]))
  return (code) => {
    const exact = to.get(code)
    if (exact !== undefined) return exact
    for (let cut = code.lastIndexOf("."); cut > 0; cut = code.lastIndexOf(".", cut - 1)) {
      const target = to.get(code.slice(0, cut))
      if (target !== undefined) return target + code.slice(cut)
    }
    return code
  }
}

const fail = (message: string) => Result.fail({ message })

/** Compiles a document at a version; `previous` lends what did not change. */
export const compile = (
  document: City.Document,
  version: number,
  options: Options,
  shared: Caches,
  previous?: Snapshot
): Result.Result<Snapshot, { readonly message: string }> => {
  const p = previous?.document
  let tree: Grid.Tree
  if (
    previous !== undefined &&
    p!.grids === document.grids &&
    p!.scheme === document.scheme &&
    p!.moved === document.moved
  ) {
    tree = previous.tree
  } else if (document.grids.length === 0) {
    tree = emptyTree(document.scheme)
  } else {
    const built = Grid.build(document.grids, document.scheme)
    if (Result.isFailure(built)) return fail(built.failure.message)
    tree = withAliases(built.success, document)
  }

  let directory: Staff.Directory
  if (
    previous !== undefined &&
    tree === previous.tree &&
    p!.people === document.people &&
    p!.units === document.units &&
    p!.posts === document.posts
  ) {
    directory = previous.directory
  } else {
    const built = Staff.directory({ people: document.people, units: document.units, posts: document.posts }, tree)
    if (Result.isFailure(built)) return fail(built.failure.message)
    directory = built.success
  }

  let router: Routing.Router
  if (previous !== undefined && p!.routing === document.routing && p!.categories === document.categories) {
    router = previous.router
  } else {
    const taxonomy = Category.decode(document.categories)
    if (Result.isFailure(taxonomy)) return fail(taxonomy.failure.message)
    const compiled = compileRouting(document.routing, taxonomy.success)
    if (Result.isFailure(compiled)) return fail(compiled.failure.message)
    router = compiled.success
  }

  let recordTaxonomy: Records.Taxonomy
  if (previous !== undefined && p!.recordItems === document.recordItems) recordTaxonomy = previous.records
  else {
    const decoded = Records.decodeTaxonomy(document.recordItems)
    if (Result.isFailure(decoded)) return fail(decoded.failure.message)
    recordTaxonomy = decoded.success
  }

  shared.national ??= Sla.make(options.national)
  const national = shared.national
  if (Result.isFailure(national)) return fail(national.failure.reason)
  const tableOf = (entry: City.Document["sla"][number] | undefined): Result.Result<Sla.Table, Sla.InvalidPolicy> => {
    if (entry === undefined) return national
    let table = shared.tables.get(entry)
    if (table === undefined) {
      table = Sla.override(national.success, entry.policies as ReadonlyArray<Sla.Policy>)
      shared.tables.set(entry, table)
    }
    return table
  }
  const calendarOf = (count: number): Result.Result<Calendar.Calendar, Calendar.InvalidCalendar> => {
    const notices = document.notices.slice(0, count).map((n) => n.notice)
    const key = notices.map((n) => n.id).join("\u0000")
    let calendar = shared.calendars.get(key)
    if (calendar === undefined) {
      calendar = options.calendar(notices)
      shared.calendars.set(key, calendar)
    }
    return calendar
  }
  const sla = tableOf(document.sla.at(-1))
  if (Result.isFailure(sla)) return fail(sla.failure.reason)
  const calendar = calendarOf(document.notices.length)
  if (Result.isFailure(calendar)) return fail(calendar.failure.reason)
  const now: Timing = { sla: sla.success, calendar: calendar.success }
  const since = Math.max(document.sla.at(-1)?.since ?? 0, document.notices.at(-1)?.since ?? 0)
  const timing = (at: number): Timing => {
    if (at >= since) return now
    let entry: City.Document["sla"][number] | undefined
    for (const e of document.sla) if (e.since <= at) entry = e
    let count = 0
    while (count < document.notices.length && document.notices[count]!.since <= at) count++
    const table = tableOf(entry)
    const cal = calendarOf(count)
    // an earlier tier or calendar that no longer compiles (never for a stream the decider wrote): today's
    return {
      sla: Result.isSuccess(table) ? table.success : now.sla,
      calendar: Result.isSuccess(cal) ? cal.success : now.calendar
    }
  }

  return Result.succeed({
    version,
    document,
    tree,
    directory,
    router,
    sla: now.sla,
    calendar: now.calendar,
    records: recordTaxonomy,
    weights: document.weights,
    timing,
    category: categoryMapper(document.categoryMap),
    builder: options.calendar
  })
}

/** A snapshot of fixed pieces (a static configuration): one version, one timing. */
export const fixed = (pieces: {
  readonly tree: Grid.Tree
  readonly directory: Staff.Directory
  readonly router: Routing.Router
  readonly sla: Sla.Table
  readonly calendar: Calendar.Calendar
  readonly records: Records.Taxonomy
  readonly weights: Analytics.Weights
  readonly version: number
}): Snapshot => {
  const timing: Timing = { sla: pieces.sla, calendar: pieces.calendar }
  const document: City.Document = {
    scheme: pieces.tree.scheme,
    grids: pieces.tree.records,
    moved: [],
    units: pieces.directory.records.units as ReadonlyArray<Staff.Unit>,
    people: pieces.directory.records.people,
    posts: (pieces.directory.records.posts as ReadonlyArray<Staff.Post>).map((post, i) => ({
      id: `${post.person}#${i + 1}`,
      ...post
    })),
    routing: pieces.router.table,
    sla: [{ since: 0, policies: pieces.sla.policies as City.Document["sla"][number]["policies"] }],
    categories: pieces.router.taxonomy.entries,
    categoryMap: [],
    recordItems: pieces.records.entries,
    weights: pieces.weights,
    subscribers: [],
    notices: []
  }
  return {
    ...pieces,
    document,
    timing: () => timing,
    category: (code) => code,
    builder: undefined
  }
}
