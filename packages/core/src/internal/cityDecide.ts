/**
 * The configuration's decider: a batch of changes, decided one after another on a
 * draft of the document (each sees the ones before it), then the result checked once
 * as a whole (the grid tree, the staff directory, the routing table against the
 * taxonomy and the units, the SLA policies, the taxonomies, the calendar), then the
 * work the batch would strand. Checking once keeps a batch of thousands of changes
 * (a city imported) linear. Every problem names the change it comes from.
 */
import { Result } from "effect"
import type * as CalendarNotice from "../CalendarNotice.js"
import type { Json } from "../CaseStore.js"
import * as Category from "../Category.js"
import * as Grid from "../Grid.js"
import * as GridChange from "../GridChange.js"
import * as GridScheme from "../GridScheme.js"
import * as Records from "../Records.js"
import type * as Staff from "../Staff.js"
import { formatIso, parseIso } from "./calendarDate.js"
import type { Change, Contact, Event } from "./cityChanges.js"
import { apply, Draft } from "./cityEvolve.js"
import * as R from "./cityRules.js"
import type { Alias, Document, Post } from "./citySchema.js"

/** One problem of a batch: the change it comes from (its index), where in it, and what. */
export interface Issue {
  readonly _tag: string
  readonly change: number
  readonly path: ReadonlyArray<string | number>
  readonly message: string
}

/** Work a change would leave without anyone to do it, and how the change could say where it goes. */
export interface Strand {
  readonly _tag: "UncoveredGrid" | "UncoveredUnit" | "OpenCases" | "ActivePosts" | "InUse"
  readonly change: number
  readonly subject: string
  readonly items: ReadonlyArray<string>
  readonly total: number
  readonly remedy: string
}

/** What the decider asks about the cases (answered by the service before deciding). */
export type UsageQuery =
  | { readonly _tag: "Held"; readonly unit: string }
  | { readonly _tag: "Category"; readonly code: string }

/** Open cases that match a query: some of their ids and how many there are. */
export interface Usage {
  readonly ids: ReadonlyArray<string>
  readonly total: number
}

export const usageKey = (q: UsageQuery): string => (q._tag === "Held" ? `held:${q.unit}` : `category:${q.code}`)

export interface Context {
  readonly actor: { readonly id: string; readonly roles: ReadonlyArray<string> }
  readonly reason: string
  readonly now: number
  /** The configuration version of the document decided on: the batch's events are numbered after it. */
  readonly version: number
  /** Today in the city's zone: the first day a stranding check looks at when a post ends in the past. */
  readonly today: string
  readonly usage?: ((query: UsageQuery) => Usage | undefined) | undefined
  readonly calendar?: CalendarNotice.Builder | undefined
}

/** A value kept off the chain (`null`: erased). */
export interface OffChain {
  readonly key: string
  readonly value: Json | null
}

export interface Decision {
  readonly events: ReadonlyArray<Event>
  readonly offChain: ReadonlyArray<OffChain>
  readonly document: Document
}

export type Refusal =
  | { readonly _tag: "Rejected"; readonly issues: ReadonlyArray<Issue> }
  | { readonly _tag: "Stranded"; readonly strands: ReadonlyArray<Strand> }

export const contactKey = (person: string) => `contact/${person}`
export const secretKey = (subscriber: string) => `secret/${subscriber}`

const shiftDay = (date: string, days: number): string => formatIso(parseIso(date)! + days)

/** The queries `decide` will ask `usage` for this batch. */
export const needs = (document: Document, changes: ReadonlyArray<Change>): Array<UsageQuery> => {
  const out = new Map<string, UsageQuery>()
  const add = (q: UsageQuery) => out.set(usageKey(q), q)
  const posts = new Map(document.posts.map((p) => [p.id, p]))
  const codes = new Set(document.categories.map((e) => e.code))
  for (const change of changes) {
    switch (change._tag) {
      case "CloseUnit":
        add({ _tag: "Held", unit: change.id })
        break
      case "EndPost":
      case "TransferPost":
      case "EditPost": {
        const post = posts.get(change.id)
        if (post !== undefined && "unit" in post.at) add({ _tag: "Held", unit: post.at.unit })
        break
      }
      case "SetCategories": {
        const kept = new Set(change.entries.map((e) => e.code))
        for (const code of codes) if (!kept.has(code)) add({ _tag: "Category", code })
        break
      }
      default:
        break
    }
  }
  return [...out.values()]
}

/** Decides a batch of changes on a document: the events, the values kept off the chain, the document after. */
export const decide = (
  document: Document,
  changes: ReadonlyArray<Change>,
  context: Context
): Result.Result<Decision, Refusal> => {
  const draft = new Draft(document)
  const events: Array<Event> = []
  const offChain: Array<OffChain> = []
  const issues: Array<Issue> = []
  const touched = R.touches()
  const meta = { v: 1, at: context.now, actor: context.actor, reason: context.reason }
  let version = context.version

  const issue = (change: number, _tag: string, path: ReadonlyArray<string | number>, message: string) =>
    issues.push({ _tag, change, path, message })
  const emit = (event: Event) => {
    events.push(event)
    apply(draft, event, ++version)
  }
  const nextPostId = (person: string): string => {
    for (let n = 1; ; n++) {
      const id = `${person}#${n}`
      if (!draft.posts.has(id)) return id
    }
  }
  const contact = (i: number, c: Contact, path: ReadonlyArray<string | number>): Json | undefined => {
    const out: Record<string, string> = {}
    let ok = true
    if (c.phone !== undefined) {
      const phone = Records.validatePhone(c.phone)
      if (Result.isFailure(phone)) {
        issue(i, "InvalidPhone", [...path, "phone"], phone.failure.message)
        ok = false
      } else out.phone = phone.success
    }
    if (c.idNumber !== undefined) {
      const id = Records.validateIdNumber(c.idNumber)
      if (Result.isFailure(id)) {
        issue(i, "InvalidIdNumber", [...path, "idNumber"], id.failure.message)
        ok = false
      } else out.idNumber = id.success
    }
    return ok ? out : undefined
  }
  const contactEvents = (i: number, person: string, value: Json) => {
    const fields = Object.keys(value as object).sort() as Array<"phone" | "idNumber">
    emit({ _tag: "ContactChanged", ...meta, person, fields })
    offChain.push({ key: contactKey(person), value: fields.length === 0 ? null : value })
    touched.people.set(person, i)
  }
  const grid = (i: number, code: string, field: string): boolean => {
    if (draft.grids.has(code)) return true
    issue(i, "UnknownGrid", [field], `no grid has code ${code}`)
    return false
  }
  const post = (i: number, id: string): Post | undefined => {
    const found = draft.posts.get(id)
    if (found === undefined) issue(i, "UnknownPost", ["id"], `no post has id ${id}`)
    return found
  }
  const placeOpen = (i: number, at: Staff.Place, path: ReadonlyArray<string | number>, from: string) => {
    if ("grid" in at) {
      const g = draft.grids.get(at.grid)
      // a code a grid had before it moved still names it (the tree finds it)
      if (g === undefined) {
        if (!draft.get("moved").some((a) => a.from === at.grid))
          issue(i, "UnknownGrid", [...path, "grid"], `no grid has code ${at.grid}`)
      } else if (g.successor !== undefined) issue(i, "RetiredGrid", [...path, "grid"], `grid ${at.grid} is retired`)
    } else {
      const u = draft.units.get(at.unit)
      if (u === undefined) issue(i, "UnknownUnit", [...path, "unit"], `no unit has id ${at.unit}`)
      else if (u.closedOn !== undefined && u.closedOn < from)
        issue(i, "ClosedUnit", [...path, "unit"], `unit ${at.unit} closed on ${u.closedOn}`)
    }
  }
  const addPost = (i: number, p: Post) => {
    emit({ _tag: "PostAdded", ...meta, post: p })
    touched.posts.set(p.id, i)
  }
  const takeOver = (i: number, old: Post, from: string, replacement: { person: string; id?: string } | undefined) => {
    if (replacement === undefined) return
    const id = replacement.id ?? nextPostId(replacement.person)
    if (draft.posts.has(id)) return issue(i, "DuplicatePost", ["replacement", "id"], `post ${id} exists`)
    const { id: _, validTo, ...rest } = old
    addPost(i, {
      ...rest,
      id,
      person: replacement.person,
      validFrom: from,
      ...(validTo !== undefined && validTo >= from ? { validTo } : {})
    })
  }

  for (const [i, change] of changes.entries()) {
    switch (change._tag) {
      case "SetScheme": {
        const scheme = GridScheme.make(change.scheme)
        if (Result.isFailure(scheme)) {
          for (const p of scheme.failure.problems) issue(i, "SchemeInvalid", ["scheme"], p)
          break
        }
        emit({ _tag: "SchemeSet", ...meta, scheme: change.scheme })
        touched.scheme = i
        break
      }
      case "AddGrid": {
        const r = change.record
        if (draft.grids.has(r.code)) issue(i, "DuplicateCode", ["record", "code"], `grid ${r.code} exists`)
        else if (draft.get("moved").some((a) => a.from === r.code))
          issue(i, "CodeInHistory", ["record", "code"], `${r.code} was a grid's code before it moved`)
        else if (r.parent !== null && !draft.grids.has(r.parent))
          issue(i, "UnknownParent", ["record", "parent"], `no grid has code ${r.parent}`)
        else {
          emit({ _tag: "GridAdded", ...meta, record: r })
          touched.grids.set(r.code, i)
        }
        break
      }
      case "MoveGrid": {
        if (!grid(i, change.code, "code") || !grid(i, change.parent, "parent")) break
        const tree = Grid.build(draft.grids.items, draft.get("scheme"))
        if (Result.isFailure(tree)) {
          for (const p of tree.failure.issues) issue(i, p._tag, ["code"], `${p.code ?? ""}: ${p.message}`)
          break
        }
        const moved = GridChange.apply(tree.success, {
          _tag: "Move",
          code: change.code,
          parent: change.parent,
          ...(change.suffix === undefined ? {} : { suffix: change.suffix })
        })
        if (Result.isFailure(moved)) {
          let taken = false
          for (const p of moved.failure.issues) {
            // the tree's own paths (a record's index) mean nothing to the caller: name the change's field
            if (typeof p.path[0] !== "number") issue(i, p._tag, p.path, p.message)
            else if (p._tag !== "DuplicateCode") issue(i, p._tag, ["parent"], `${p.code ?? ""}: ${p.message}`)
            else if (!taken) {
              // the moved grid's code first; its subtree's codes clash with it
              taken = true
              issue(i, p._tag, ["suffix"], `${p.code ?? ""} is taken under ${change.parent}: give a free suffix`)
            }
          }
          break
        }
        const before = tree.success.records
        const codes: Array<Alias> = []
        moved.success.records.forEach((r, k) => {
          if (before[k]!.code !== r.code) codes.push({ from: before[k]!.code, to: r.code })
        })
        emit({ _tag: "GridMoved", ...meta, code: change.code, parent: change.parent, codes })
        for (const c of codes) touched.grids.set(c.to, i)
        // what names a moved grid by its code follows it, as events of its own
        const to = new Map(codes.map((c) => [c.from, c.to]))
        for (const p of draft.posts.items) {
          if ("grid" in p.at && to.has(p.at.grid)) {
            emit({ _tag: "PostEdited", ...meta, post: { ...p, at: { grid: to.get(p.at.grid)! } } })
            touched.posts.set(p.id, i)
          }
        }
        const table = draft.get("routing")
        if (table.rules.some((r) => r.grid !== undefined && to.has(r.grid))) {
          emit({
            _tag: "RoutingSet",
            ...meta,
            table: {
              ...table,
              rules: table.rules.map((r) =>
                r.grid !== undefined && to.has(r.grid) ? { ...r, grid: to.get(r.grid)! } : r
              )
            }
          })
        }
        break
      }
      case "RenameGrid":
        if (grid(i, change.code, "code")) {
          emit({ _tag: "GridRenamed", ...meta, code: change.code, name: change.name })
          touched.grids.set(change.code, i)
        }
        break
      case "RetireGrid":
        if (grid(i, change.code, "code") && grid(i, change.successor, "successor")) {
          emit({ _tag: "GridRetired", ...meta, code: change.code, successor: change.successor })
          touched.grids.set(change.code, i)
        }
        break
      case "SetGridBoundary":
        if (grid(i, change.code, "code")) {
          emit({ _tag: "GridBoundarySet", ...meta, code: change.code, boundary: change.boundary })
          touched.grids.set(change.code, i)
        }
        break
      case "SplitGrid": {
        if (!grid(i, change.code, "code")) break
        let ok = true
        for (const [k, r] of change.into.entries()) {
          if (draft.grids.has(r.code)) {
            issue(i, "DuplicateCode", ["into", k, "code"], `grid ${r.code} exists`)
            ok = false
          }
        }
        if (!ok) break
        for (const r of change.into) {
          emit({ _tag: "GridAdded", ...meta, record: r })
          touched.grids.set(r.code, i)
        }
        if (grid(i, change.successor, "successor")) {
          emit({ _tag: "GridRetired", ...meta, code: change.code, successor: change.successor })
          touched.grids.set(change.code, i)
        }
        break
      }
      case "MergeGrids": {
        if (!grid(i, change.into, "into")) break
        for (const [k, code] of change.codes.entries()) {
          if (code === change.into) issue(i, "MergeIntoItself", ["codes", k], `${code} is the grid merged into`)
          else if (grid(i, code, "codes")) {
            emit({ _tag: "GridRetired", ...meta, code, successor: change.into })
            touched.grids.set(code, i)
          }
        }
        break
      }
      case "AddUnit":
        if (draft.units.has(change.unit.id)) issue(i, "DuplicateUnit", ["unit", "id"], `unit ${change.unit.id} exists`)
        else {
          emit({ _tag: "UnitAdded", ...meta, unit: change.unit })
          touched.units.set(change.unit.id, i)
        }
        break
      case "EditUnit": {
        const unit = draft.units.get(change.unit.id)
        if (unit === undefined) issue(i, "UnknownUnit", ["unit", "id"], `no unit has id ${change.unit.id}`)
        else if (unit.closedOn !== undefined) issue(i, "ClosedUnit", ["unit", "id"], `unit ${unit.id} is closed`)
        else {
          emit({ _tag: "UnitEdited", ...meta, unit: change.unit })
          touched.units.set(unit.id, i)
        }
        break
      }
      case "CloseUnit": {
        const unit = draft.units.get(change.id)
        if (unit === undefined) issue(i, "UnknownUnit", ["id"], `no unit has id ${change.id}`)
        else if (unit.closedOn !== undefined) issue(i, "ClosedUnit", ["id"], `unit ${unit.id} is closed`)
        else {
          emit({ _tag: "UnitClosed", ...meta, id: change.id, on: change.on })
          touched.units.set(unit.id, i)
          touched.closed.set(unit.id, i)
        }
        break
      }
      case "AddPerson": {
        const id = change.person.id
        if (draft.people.has(id)) {
          issue(i, "DuplicatePerson", ["person", "id"], `person ${id} exists`)
          break
        }
        const value = change.contact === undefined ? undefined : contact(i, change.contact, ["contact"])
        if (change.contact !== undefined && value === undefined) break
        emit({ _tag: "PersonAdded", ...meta, person: change.person })
        touched.people.set(id, i)
        if (value !== undefined) contactEvents(i, id, value)
        break
      }
      case "EditPerson":
        if (!draft.people.has(change.person.id))
          issue(i, "UnknownPerson", ["person", "id"], `no person has id ${change.person.id}`)
        else {
          emit({ _tag: "PersonEdited", ...meta, person: change.person })
          touched.people.set(change.person.id, i)
        }
        break
      case "SetContact": {
        if (!draft.people.has(change.person)) {
          issue(i, "UnknownPerson", ["person"], `no person has id ${change.person}`)
          break
        }
        const value = contact(i, change.contact, ["contact"])
        if (value !== undefined) contactEvents(i, change.person, value)
        break
      }
      case "EraseContact":
        if (!draft.people.has(change.person)) issue(i, "UnknownPerson", ["person"], `no person has id ${change.person}`)
        else {
          emit({ _tag: "ContactErased", ...meta, person: change.person })
          offChain.push({ key: contactKey(change.person), value: null })
          touched.people.set(change.person, i)
        }
        break
      case "AddPost": {
        const id = change.post.id ?? nextPostId(change.post.person)
        if (draft.posts.has(id)) {
          issue(i, "DuplicatePost", ["post", "id"], `post ${id} exists`)
          break
        }
        placeOpen(i, change.post.at, ["post", "at"], change.post.validFrom)
        addPost(i, { ...change.post, id })
        break
      }
      case "EditPost": {
        const old = post(i, change.id)
        if (old === undefined) break
        const { validTo: _, ...rest } = old
        const validTo =
          change.validTo === undefined ? old.validTo : change.validTo === null ? undefined : change.validTo
        const next: Post = {
          ...rest,
          ...(change.role === undefined ? {} : { role: change.role }),
          ...(change.validFrom === undefined ? {} : { validFrom: change.validFrom }),
          ...(validTo === undefined ? {} : { validTo })
        }
        emit({ _tag: "PostEdited", ...meta, post: next })
        touched.posts.set(old.id, i)
        touched.ended.set(old.id, i)
        break
      }
      case "TransferPost": {
        const old = post(i, change.id)
        if (old === undefined) break
        const last = shiftDay(change.on, -1)
        if (change.on <= old.validFrom) {
          issue(i, "DateOrder", ["on"], `the transfer must come after the post began on ${old.validFrom}`)
          break
        }
        placeOpen(i, change.to, ["to"], change.on)
        emit({ _tag: "PostEnded", ...meta, id: old.id, on: last })
        touched.posts.set(old.id, i)
        touched.ended.set(old.id, i)
        const { id: _, validTo, ...rest } = old
        addPost(i, {
          ...rest,
          id: nextPostId(old.person),
          at: change.to,
          validFrom: change.on,
          ...(validTo !== undefined && validTo >= change.on ? { validTo } : {})
        })
        takeOver(i, old, change.on, change.replacement)
        break
      }
      case "EndPost": {
        const old = post(i, change.id)
        if (old === undefined) break
        if (change.on < old.validFrom) {
          issue(i, "DateOrder", ["on"], `the post began on ${old.validFrom}`)
          break
        }
        emit({ _tag: "PostEnded", ...meta, id: old.id, on: change.on })
        touched.posts.set(old.id, i)
        touched.ended.set(old.id, i)
        takeOver(i, old, shiftDay(change.on, 1), change.replacement)
        break
      }
      case "SetRouting":
        emit({ _tag: "RoutingSet", ...meta, table: change.table })
        touched.routing = i
        break
      case "SetSla":
        emit({ _tag: "SlaSet", ...meta, policies: change.policies })
        touched.sla = i
        break
      case "SetCategories":
        emit({ _tag: "CategoriesSet", ...meta, entries: change.entries, mapping: change.mapping ?? [] })
        touched.categories = i
        break
      case "ExtendCategories": {
        const base = Category.decode(draft.get("categories"))
        const extended = Result.flatMap(base, (t) => Category.extend(t, change.entries))
        if (Result.isFailure(extended)) {
          for (const p of extended.failure.problems) issue(i, "TaxonomyInvalid", ["entries", ...p.path], p.message)
          break
        }
        emit({ _tag: "CategoriesSet", ...meta, entries: extended.success.entries, mapping: [] })
        touched.categories = i
        break
      }
      case "SetRecordItems":
      case "ExtendRecordItems": {
        const items =
          change._tag === "SetRecordItems"
            ? Records.decodeTaxonomy(change.entries)
            : Result.flatMap(Records.decodeTaxonomy(draft.get("recordItems")), (t) =>
                Records.extendTaxonomy(t, change.entries)
              )
        if (Result.isFailure(items)) {
          for (const p of items.failure.problems) issue(i, "TaxonomyInvalid", ["entries", ...p.path], p.message)
          break
        }
        emit({ _tag: "RecordItemsSet", ...meta, entries: items.success.entries })
        break
      }
      case "SetWeights":
        emit({ _tag: "WeightsSet", ...meta, weights: change.weights })
        break
      case "SetSubscriber":
        emit({ _tag: "SubscriberSet", ...meta, subscriber: change.subscriber, secret: change.secret !== undefined })
        if (change.secret !== undefined) offChain.push({ key: secretKey(change.subscriber.id), value: change.secret })
        break
      case "RemoveSubscriber":
        if (!draft.subscribers.has(change.id))
          issue(i, "UnknownSubscriber", ["id"], `no subscriber has id ${change.id}`)
        else {
          emit({ _tag: "SubscriberRemoved", ...meta, id: change.id })
          offChain.push({ key: secretKey(change.id), value: null })
        }
        break
      case "AddNotice":
        if (draft.get("notices").some((n) => n.notice.id === change.notice.id))
          issue(i, "DuplicateNotice", ["notice", "id"], `notice ${change.notice.id} was added before`)
        else {
          emit({ _tag: "NoticeAdded", ...meta, notice: change.notice })
          touched.notices = i
        }
        break
    }
  }

  const after = draft.done()
  if (issues.length === 0) issues.push(...R.check(document, after, touched, context, changes))
  if (issues.length > 0) return Result.fail({ _tag: "Rejected", issues })
  const strands = R.strands(document, after, changes, touched, context)
  if (strands.length > 0) return Result.fail({ _tag: "Stranded", strands })
  // keep the off-chain writes in order, the last write of a key winning
  const last = new Map<string, OffChain>()
  for (const o of offChain) {
    last.delete(o.key)
    last.set(o.key, o)
  }
  return Result.succeed({ events, offChain: [...last.values()], document: after })
}
