/**
 * The configuration's evolve: events folded into the document. A fold works on a
 * draft that copies a part of the document only when an event first writes it, so
 * parts an event leaves alone keep their identity (a compiled snapshot reuses what
 * it built from them) and folding a long stream costs one pass, not one copy of the
 * document per event.
 */
import type * as Grid from "../Grid.js"
import type * as Staff from "../Staff.js"
import type { Event } from "./cityChanges.js"
import type { Alias, Document, Post, Subscriber, Unit } from "./citySchema.js"

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** A list and an index by key, copied on first write. */
class Keyed<A> {
  private list: ReadonlyArray<A>
  private index: Map<string, number> | undefined
  private copied = false
  constructor(
    list: ReadonlyArray<A>,
    private readonly key: (a: A) => string
  ) {
    this.list = list
  }
  get changed(): boolean {
    return this.copied
  }
  get items(): ReadonlyArray<A> {
    return this.list
  }
  private at(): Map<string, number> {
    if (this.index === undefined) {
      this.index = new Map()
      for (let i = 0; i < this.list.length; i++) this.index.set(this.key(this.list[i]!), i)
    }
    return this.index
  }
  private writable(): Array<A> {
    if (!this.copied) {
      this.list = this.list.slice()
      this.copied = true
    }
    return this.list as Array<A>
  }
  get(key: string): A | undefined {
    const i = this.at().get(key)
    return i === undefined ? undefined : this.list[i]
  }
  has(key: string): boolean {
    return this.at().has(key)
  }
  /** Adds, or replaces in place the item with the same key. */
  put(a: A): void {
    const index = this.at()
    const list = this.writable()
    const k = this.key(a)
    const i = index.get(k)
    if (i === undefined) {
      index.set(k, list.length)
      list.push(a)
    } else list[i] = a
  }
  /** Replaces the item under `old` (its key may change). */
  replace(old: string, a: A): void {
    const index = this.at()
    const i = index.get(old)
    if (i === undefined) {
      this.put(a)
      return
    }
    const list = this.writable()
    list[i] = a
    index.delete(old)
    index.set(this.key(a), i)
  }
  remove(key: string): void {
    const i = this.at().get(key)
    if (i === undefined) return
    const list = this.writable()
    list.splice(i, 1)
    this.index = undefined
  }
  map(f: (a: A) => A): void {
    const list = this.writable()
    for (let i = 0; i < list.length; i++) {
      const next = f(list[i]!)
      if (next !== list[i]) list[i] = next
    }
    this.index = undefined
  }
}

/** A document being folded. */
export class Draft {
  readonly base: Document
  readonly grids: Keyed<Grid.GridRecord>
  readonly units: Keyed<Unit>
  readonly people: Keyed<Staff.Person>
  readonly posts: Keyed<Post>
  readonly subscribers: Keyed<Subscriber>
  private readonly fields: Partial<Mutable<Document>> = {}

  constructor(document: Document) {
    this.base = document
    this.grids = new Keyed(document.grids, (g) => g.code)
    this.units = new Keyed(document.units, (u) => u.id)
    this.people = new Keyed(document.people, (p) => p.id)
    this.posts = new Keyed(document.posts, (p) => p.id)
    this.subscribers = new Keyed(document.subscribers, (s) => s.id)
  }

  get<K extends keyof Document>(key: K): Document[K] {
    return (key in this.fields ? this.fields[key] : this.base[key]) as Document[K]
  }

  set<K extends keyof Document>(key: K, value: Document[K]): void {
    ;(this.fields as Record<string, unknown>)[key] = value
  }

  /** The document as folded; parts nothing wrote are the base's own. */
  done(): Document {
    return {
      ...this.base,
      ...this.fields,
      grids: this.grids.items,
      units: this.units.items,
      people: this.people.items,
      posts: this.posts.items,
      subscribers: this.subscribers.items
    }
  }
}

/** Aliases with `codes` applied: new aliases added, old ones that pointed at a renamed name follow it. */
const withAliases = (aliases: ReadonlyArray<Alias>, codes: ReadonlyArray<Alias>): ReadonlyArray<Alias> => {
  if (codes.length === 0) return aliases
  const to = new Map(codes.map((c) => [c.from, c.to]))
  const kept = aliases
    .map((a) => (to.has(a.to) ? { from: a.from, to: to.get(a.to)! } : a))
    .filter((a) => a.from !== a.to)
  const fresh = codes.filter((c) => c.from !== c.to)
  const seen = new Set(fresh.map((c) => c.from))
  return [...kept.filter((a) => !seen.has(a.from)), ...fresh]
}

/** Applies one event (the stream version it has, or will have, is `version`). */
export const apply = (draft: Draft, event: Event, version: number): void => {
  switch (event._tag) {
    case "SchemeSet":
      draft.set("scheme", event.scheme)
      return
    case "GridAdded":
      draft.grids.put(event.record)
      return
    case "GridMoved": {
      const to = new Map(event.codes.map((c) => [c.from, c.to]))
      for (const { from, to: code } of event.codes) {
        const record = draft.grids.get(from)
        if (record === undefined) continue
        const parent =
          from === event.code ? event.parent : record.parent === null ? null : (to.get(record.parent) ?? record.parent)
        draft.grids.replace(from, { ...record, code, parent })
      }
      draft.grids.map((r) =>
        r.successor !== undefined && to.has(r.successor) ? { ...r, successor: to.get(r.successor)! } : r
      )
      draft.set("moved", withAliases(draft.get("moved"), event.codes))
      return
    }
    case "GridRenamed": {
      const record = draft.grids.get(event.code)
      if (record !== undefined) draft.grids.put({ ...record, name: event.name })
      return
    }
    case "GridRetired": {
      const record = draft.grids.get(event.code)
      if (record !== undefined) draft.grids.put({ ...record, successor: event.successor })
      draft.grids.map((r) => (r.successor === event.code ? { ...r, successor: event.successor } : r))
      return
    }
    case "GridBoundarySet": {
      const record = draft.grids.get(event.code)
      if (record === undefined) return
      if (event.boundary === null) {
        const { boundary: _, ...rest } = record
        draft.grids.put(rest)
        return
      }
      draft.grids.put({ ...record, boundary: event.boundary })
      return
    }
    case "UnitAdded":
    case "UnitEdited": {
      const closedOn = draft.units.get(event.unit.id)?.closedOn
      draft.units.put(closedOn === undefined ? event.unit : { ...event.unit, closedOn })
      return
    }
    case "UnitClosed": {
      const unit = draft.units.get(event.id)
      if (unit !== undefined) draft.units.put({ ...unit, closedOn: event.on })
      return
    }
    case "PersonAdded":
    case "PersonEdited":
      draft.people.put(event.person)
      return
    case "ContactChanged":
    case "ContactErased":
      return
    case "PostAdded":
    case "PostEdited":
      draft.posts.put(event.post)
      return
    case "PostEnded": {
      const post = draft.posts.get(event.id)
      if (post !== undefined) draft.posts.put({ ...post, validTo: event.on })
      return
    }
    case "RoutingSet":
      draft.set("routing", event.table)
      return
    case "SlaSet":
      draft.set("sla", [...draft.get("sla"), { since: version, policies: event.policies }])
      return
    case "CategoriesSet": {
      draft.set("categories", event.entries)
      draft.set("categoryMap", withAliases(draft.get("categoryMap"), event.mapping))
      return
    }
    case "RecordItemsSet":
      draft.set("recordItems", event.entries)
      return
    case "WeightsSet":
      draft.set("weights", event.weights)
      return
    case "SubscriberSet":
      draft.subscribers.put(event.subscriber)
      return
    case "SubscriberRemoved":
      draft.subscribers.remove(event.id)
      return
    case "NoticeAdded":
      draft.set("notices", [...draft.get("notices"), { since: version, notice: event.notice }])
      return
  }
}

/** Folds events, each with its stream version, into a document. */
export const fold = (
  document: Document,
  events: Iterable<{ readonly event: Event; readonly version: number }>
): Document => {
  const draft = new Draft(document)
  for (const { event, version } of events) apply(draft, event, version)
  return draft.done()
}
