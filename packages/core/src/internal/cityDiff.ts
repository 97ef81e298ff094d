/**
 * A city's configuration as it should be (a city folder read, a spreadsheet), against
 * the document a store holds: the changes that take the one to the other, each with
 * what it is about and a line for people (`+` added, `~` changed, `-` retired, closed or
 * ended), and the differences no change can make (a grid's kind, a post's place), each
 * as a fault naming its subject. A part the target leaves out is kept as it is; a row
 * the target leaves out is kept unless `prune` is set, and then retired (a grid, its
 * work to a grid kept beside it, under the same parent), closed (a unit) or ended (a post, as of
 * yesterday); people and calendar notices are history and never removed. Whether a
 * pruned row is still in use is the decider's to say (`Stranded`), with the grids
 * retired while posts or grids under them stay, which are faults here.
 */
import type * as Analytics from "../Analytics.js"
import type * as CalendarNotice from "../CalendarNotice.js"
import type * as Category from "../Category.js"
import type * as Grid from "../Grid.js"
import type * as Records from "../Records.js"
import type * as RoutingTable from "../RoutingTable.js"
import type * as Staff from "../Staff.js"
import { formatIso, parseIso } from "./calendarDate.js"
import type { Change } from "./cityChanges.js"
import type { Alias, Document, Post, Scheme, SlaPolicy, Subscriber, Unit } from "./citySchema.js"

type SchemeT = typeof Scheme.Type

/** The configuration as it should be; a part left out is kept as the store has it. */
export interface Target {
  readonly scheme?: SchemeT | undefined
  /** Grid records (their `boundary` is ignored: boundaries are their own part). */
  readonly grids?: ReadonlyArray<Grid.GridRecord> | undefined
  /** Each grid's boundary, by code. */
  readonly boundaries?: ReadonlyMap<string, Grid.Boundary> | undefined
  readonly units?: ReadonlyArray<Unit> | undefined
  readonly people?: ReadonlyArray<Staff.Person> | undefined
  readonly posts?: ReadonlyArray<Post> | undefined
  readonly routing?: RoutingTable.Table | undefined
  readonly sla?: ReadonlyArray<SlaPolicy> | undefined
  readonly categories?:
    | { readonly entries: ReadonlyArray<Category.Entry>; readonly mapping?: ReadonlyArray<Alias> | undefined }
    | undefined
  readonly recordItems?: ReadonlyArray<Records.Entry> | undefined
  readonly weights?: Analytics.Weights | undefined
  readonly subscribers?: ReadonlyArray<Subscriber> | undefined
  readonly notices?: ReadonlyArray<CalendarNotice.Notice> | undefined
}

/** What a step or a fault is about: a row of a part (by its id), or a part as a whole. */
export type Subject =
  | {
      readonly _tag: "grid" | "boundary" | "unit" | "person" | "post" | "subscriber" | "notice"
      readonly id: string
    }
  | { readonly _tag: "scheme" | "routing" | "sla" | "categories" | "recordItems" | "weights" }

export interface Step {
  readonly change: Change
  readonly sign: "+" | "~" | "-"
  readonly subject: Subject
  /** For people: `+ grid 620981101 玉门镇`, `~ post p-1#1: valid_to 2026-03-31`, `- unit window.x (closed on …)`. */
  readonly line: string
}

export interface Fault {
  readonly subject: Subject
  readonly message: string
}

export interface Diff {
  readonly steps: ReadonlyArray<Step>
  readonly faults: ReadonlyArray<Fault>
}

/** JSON with keys sorted at every depth: equal values, equal strings. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        )
      : v
  )
const same = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b)

const placeOf = (at: Staff.Place): string => ("grid" in at ? `grid ${at.grid}` : `unit ${at.unit}`)
const depth = (code: string) => code.length

/** The changes from `document` to `target` (see the module doc); `today` dates what prune ends. */
export const diff = (
  document: Document,
  target: Target,
  options: { readonly prune?: boolean | undefined; readonly today: string }
): Diff => {
  const prune = options.prune === true
  const yesterday = formatIso(parseIso(options.today)! - 1)
  const head: Array<Step> = []
  const grids: Array<Step> = []
  const staff: Array<Step> = []
  const tail: Array<Step> = []
  const pruned: Array<Step> = []
  const faults: Array<Fault> = []
  const fault = (subject: Subject, message: string) => faults.push({ subject, message })

  // -- the tables: set as a whole when they differ ------------------------------------
  if (target.scheme !== undefined && !same(target.scheme, document.scheme)) {
    head.push({
      change: { _tag: "SetScheme", scheme: target.scheme },
      sign: "~",
      subject: { _tag: "scheme" },
      line: `~ scheme: ${target.scheme.levels.map((l) => l.id).join(" > ")}`
    })
  }
  if (target.categories !== undefined) {
    const mapping = target.categories.mapping ?? []
    if (!same(target.categories.entries, document.categories) || !same(mapping, document.categoryMap)) {
      head.push({
        change: { _tag: "SetCategories", entries: target.categories.entries, mapping },
        sign: "~",
        subject: { _tag: "categories" },
        line: `~ categories: ${target.categories.entries.length} entries`
      })
    }
  }
  if (target.recordItems !== undefined && !same(target.recordItems, document.recordItems)) {
    head.push({
      change: { _tag: "SetRecordItems", entries: target.recordItems },
      sign: "~",
      subject: { _tag: "recordItems" },
      line: `~ record items: ${target.recordItems.length} entries`
    })
  }
  if (target.weights !== undefined && !same(target.weights, document.weights)) {
    head.push({
      change: { _tag: "SetWeights", weights: target.weights },
      sign: "~",
      subject: { _tag: "weights" },
      line: `~ weights: ${target.weights.rates.map((r) => r.rate).join(", ")}`
    })
  }

  // -- grids -----------------------------------------------------------------------
  const current = new Map(document.grids.map((g) => [g.code, g]))
  const wanted = target.grids === undefined ? undefined : new Map(target.grids.map((g) => [g.code, g]))
  if (target.grids !== undefined) {
    const adds = target.grids.filter((g) => !current.has(g.code))
    adds.sort((a, b) => depth(a.code) - depth(b.code) || (a.code < b.code ? -1 : 1))
    for (const g of adds) {
      const { boundary: _, ...record } = g
      const withBoundary = target.boundaries?.get(g.code) ?? (target.boundaries === undefined ? g.boundary : undefined)
      grids.push({
        change: {
          _tag: "AddGrid",
          record: withBoundary === undefined ? record : { ...record, boundary: withBoundary }
        },
        sign: "+",
        subject: { _tag: "grid", id: g.code },
        line: `+ grid ${g.code} ${g.name.zh}`
      })
    }
    for (const g of target.grids) {
      const cur = current.get(g.code)
      if (cur === undefined) continue
      const subject = { _tag: "grid", id: g.code } as const
      if (g.parent !== cur.parent) {
        fault(
          subject,
          `its parent is ${cur.parent ?? "none"} in the store, ${g.parent ?? "none"} here: a grid's code carries its parent's, so a grid moved is a new code (add it, and retire this one with --prune)`
        )
        continue
      }
      for (const field of ["kind", "specialty", "verified", "source"] as const) {
        if (!same(g[field] ?? null, cur[field] ?? null)) {
          fault(
            subject,
            `its ${field} is ${JSON.stringify(cur[field] ?? "")} in the store, ${JSON.stringify(g[field] ?? "")} here: import changes a grid's name, boundary and retirement only`
          )
        }
      }
      if (!same(g.name, cur.name)) {
        grids.push({
          change: { _tag: "RenameGrid", code: g.code, name: g.name },
          sign: "~",
          subject,
          line: `~ grid ${g.code}: name ${cur.name.zh} -> ${g.name.zh}`
        })
      }
      if (g.successor !== cur.successor) {
        if (cur.successor !== undefined) {
          fault(subject, `it was retired (successor ${cur.successor}) and stays retired`)
        } else if (g.successor !== undefined) {
          pruned.push({
            change: { _tag: "RetireGrid", code: g.code, successor: g.successor },
            sign: "-",
            subject,
            line: `- grid ${g.code} ${g.name.zh} (retired, its work to ${g.successor})`
          })
        }
      }
    }
  }
  if (target.boundaries !== undefined) {
    const codes = new Set([...document.grids.map((g) => g.code)])
    for (const [code, boundary] of target.boundaries) {
      const cur = current.get(code)
      if (cur === undefined) {
        if (wanted?.has(code) !== true) fault({ _tag: "boundary", id: code }, `no grid has code ${code}`)
        continue
      }
      if (!same(boundary, cur.boundary ?? null)) {
        grids.push({
          change: { _tag: "SetGridBoundary", code, boundary },
          sign: cur.boundary === undefined ? "+" : "~",
          subject: { _tag: "boundary", id: code },
          line: `${cur.boundary === undefined ? "+" : "~"} boundary ${code}`
        })
      }
    }
    if (prune) {
      for (const code of codes) {
        const cur = current.get(code)!
        if (cur.boundary === undefined || target.boundaries.has(code)) continue
        if (wanted !== undefined && !wanted.has(code)) continue
        pruned.push({
          change: { _tag: "SetGridBoundary", code, boundary: null },
          sign: "-",
          subject: { _tag: "boundary", id: code },
          line: `- boundary ${code}`
        })
      }
    }
  }

  // -- units -------------------------------------------------------------------------
  const units = new Map(document.units.map((u) => [u.id, u]))
  if (target.units !== undefined) {
    for (const u of target.units) {
      const cur = units.get(u.id)
      const subject = { _tag: "unit", id: u.id } as const
      const { closedOn, ...unit } = u
      if (cur === undefined) {
        staff.push({ change: { _tag: "AddUnit", unit }, sign: "+", subject, line: `+ unit ${u.id} ${u.name.zh}` })
      } else {
        const { closedOn: was, ...before } = cur
        if (was !== undefined) {
          if (closedOn !== was) fault(subject, `it closed on ${was} and stays closed`)
          else if (!same(unit, before)) fault(subject, `it closed on ${was}: a closed unit is not edited`)
          continue
        }
        if (!same(unit, before)) {
          const fields = (Object.keys({ ...unit, ...before }) as Array<keyof typeof unit>).filter(
            (k) => !same(unit[k] ?? null, before[k] ?? null)
          )
          staff.push({
            change: { _tag: "EditUnit", unit },
            sign: "~",
            subject,
            line: `~ unit ${u.id}: ${fields.join(", ")}`
          })
        }
      }
      if (closedOn !== undefined && cur?.closedOn === undefined) {
        pruned.push({
          change: { _tag: "CloseUnit", id: u.id, on: closedOn },
          sign: "-",
          subject,
          line: `- unit ${u.id} (closed on ${closedOn})`
        })
      }
    }
    if (prune) {
      const kept = new Set(target.units.map((u) => u.id))
      for (const u of document.units) {
        if (kept.has(u.id) || u.closedOn !== undefined) continue
        pruned.push({
          change: { _tag: "CloseUnit", id: u.id, on: options.today },
          sign: "-",
          subject: { _tag: "unit", id: u.id },
          line: `- unit ${u.id} ${u.name.zh} (closed on ${options.today})`
        })
      }
    }
  }

  // -- people --------------------------------------------------------------------------
  if (target.people !== undefined) {
    const people = new Map(document.people.map((p) => [p.id, p]))
    for (const p of target.people) {
      const cur = people.get(p.id)
      const subject = { _tag: "person", id: p.id } as const
      if (cur === undefined) {
        staff.push({ change: { _tag: "AddPerson", person: p }, sign: "+", subject, line: `+ person ${p.id} ${p.name}` })
      } else if (cur.name !== p.name) {
        staff.push({
          change: { _tag: "EditPerson", person: p },
          sign: "~",
          subject,
          line: `~ person ${p.id}: name ${cur.name} -> ${p.name}`
        })
      }
    }
  }

  // -- posts ---------------------------------------------------------------------------
  const posts = new Map(document.posts.map((p) => [p.id, p]))
  if (target.posts !== undefined) {
    for (const p of target.posts) {
      const cur = posts.get(p.id)
      const subject = { _tag: "post", id: p.id } as const
      if (cur === undefined) {
        staff.push({
          change: { _tag: "AddPost", post: p },
          sign: "+",
          subject,
          line: `+ post ${p.id} ${p.person} ${p.role} at ${placeOf(p.at)}`
        })
        continue
      }
      if (cur.person !== p.person || !same(cur.at, p.at)) {
        fault(
          subject,
          `it is ${cur.person} at ${placeOf(cur.at)} in the store, ${p.person} at ${placeOf(p.at)} here: a post keeps its person and place (end it with valid_to and add another)`
        )
        continue
      }
      const edit: { role?: Staff.Role; validFrom?: string; validTo?: string | null } = {}
      const said: Array<string> = []
      if (cur.role !== p.role) {
        edit.role = p.role
        said.push(`role ${cur.role} -> ${p.role}`)
      }
      if (cur.validFrom !== p.validFrom) {
        edit.validFrom = p.validFrom
        said.push(`valid_from ${cur.validFrom} -> ${p.validFrom}`)
      }
      if (cur.validTo !== p.validTo) {
        edit.validTo = p.validTo ?? null
        said.push(`valid_to ${cur.validTo ?? "(open)"} -> ${p.validTo ?? "(open)"}`)
      }
      if (said.length > 0) {
        staff.push({
          change: { _tag: "EditPost", id: p.id, ...edit },
          sign: "~",
          subject,
          line: `~ post ${p.id}: ${said.join(", ")}`
        })
      }
    }
    if (prune) {
      const kept = new Set(target.posts.map((p) => p.id))
      for (const p of document.posts) {
        if (kept.has(p.id) || (p.validTo !== undefined && p.validTo <= yesterday)) continue
        // biome-ignore lint/complexity/useMathMinMax: ISO dates, compared as strings
        const on = p.validFrom > yesterday ? p.validFrom : yesterday
        pruned.push({
          change: { _tag: "EndPost", id: p.id, on },
          sign: "-",
          subject: { _tag: "post", id: p.id },
          line: `- post ${p.id} ${p.person} ${p.role} at ${placeOf(p.at)} (ended on ${on})`
        })
      }
    }
  }

  // -- grids pruned: retired, their work to a grid kept beside them ---------------------
  if (prune && wanted !== undefined) {
    const gone = document.grids.filter((g) => g.successor === undefined && !wanted.has(g.code))
    gone.sort((a, b) => depth(b.code) - depth(a.code) || (a.code < b.code ? -1 : 1))
    const after = new Map<string, Post>()
    for (const p of document.posts) after.set(p.id, p)
    for (const step of [...staff, ...pruned]) {
      const c = step.change
      if (c._tag === "AddPost" && c.post.id !== undefined) after.set(c.post.id, c.post as Post)
      if (c._tag === "EndPost") after.set(c.id, { ...after.get(c.id)!, validTo: c.on })
      if (c._tag === "EditPost") {
        const p = after.get(c.id)!
        const { validTo: _, ...rest } = p
        const validTo = c.validTo === undefined ? p.validTo : (c.validTo ?? undefined)
        after.set(c.id, validTo === undefined ? rest : { ...rest, validTo })
      }
    }
    for (const g of gone) {
      const subject = { _tag: "grid", id: g.code } as const
      const held = [...after.values()].filter(
        (p) => "grid" in p.at && p.at.grid === g.code && (p.validTo === undefined || p.validTo >= options.today)
      )
      if (held.length > 0) {
        fault(
          subject,
          `--prune would retire grid ${g.code}, but it is still in use: ${held.length} post(s) there (${held
            .slice(0, 5)
            .map((p) => p.id)
            .join(", ")})`
        )
        continue
      }
      const children = [...wanted.values()].filter((c) => c.parent === g.code && c.successor === undefined)
      if (children.length > 0) {
        fault(
          subject,
          `--prune would retire grid ${g.code}, but it is still in use: grid(s) ${children
            .slice(0, 5)
            .map((c) => c.code)
            .join(", ")} stay under it`
        )
        continue
      }
      // a retired grid's work goes to a successor at its level: a sibling the folder keeps
      const sibling = [...wanted.values()].find(
        (c) => c.parent === g.parent && c.code !== g.code && c.successor === undefined && current.has(c.code)
      )
      if (g.parent === null) {
        fault(subject, "--prune would retire the root grid: a city keeps its root")
        continue
      }
      if (sibling === undefined) {
        fault(
          subject,
          `--prune would retire grid ${g.code}, but no grid beside it under ${g.parent} is kept to take its work: keep its row and name a successor (the successor column)`
        )
        continue
      }
      const up = sibling.code
      pruned.push({
        change: { _tag: "RetireGrid", code: g.code, successor: up },
        sign: "-",
        subject,
        line: `- grid ${g.code} ${g.name.zh} (retired, its work to ${up})`
      })
    }
  }

  // -- the routing table, the SLA tier, subscribers, notices --------------------------
  if (target.routing !== undefined && !same(target.routing, document.routing)) {
    tail.push({
      change: { _tag: "SetRouting", table: target.routing },
      sign: "~",
      subject: { _tag: "routing" },
      line: `~ routing: ${target.routing.rules.length} rules, backstop ${target.routing.backstop}`
    })
  }
  const sla = (document.sla.at(-1)?.policies ?? []) as ReadonlyArray<SlaPolicy>
  if (target.sla !== undefined && !same(target.sla, sla)) {
    tail.push({
      change: { _tag: "SetSla", policies: target.sla },
      sign: "~",
      subject: { _tag: "sla" },
      line: `~ sla: ${target.sla.length} policies`
    })
  }
  if (target.subscribers !== undefined) {
    const subs = new Map(document.subscribers.map((s) => [s.id, s]))
    for (const s of target.subscribers) {
      const cur = subs.get(s.id)
      if (cur !== undefined && same(cur, s)) continue
      tail.push({
        change: { _tag: "SetSubscriber", subscriber: s },
        sign: cur === undefined ? "+" : "~",
        subject: { _tag: "subscriber", id: s.id },
        line: `${cur === undefined ? "+" : "~"} subscriber ${s.id} (${s.channel})`
      })
    }
    if (prune) {
      const kept = new Set(target.subscribers.map((s) => s.id))
      for (const s of document.subscribers) {
        if (kept.has(s.id)) continue
        pruned.push({
          change: { _tag: "RemoveSubscriber", id: s.id },
          sign: "-",
          subject: { _tag: "subscriber", id: s.id },
          line: `- subscriber ${s.id}`
        })
      }
    }
  }
  if (target.notices !== undefined) {
    const had = new Map(document.notices.map((n) => [n.notice.id, n.notice]))
    for (const n of target.notices) {
      const cur = had.get(n.id)
      if (cur === undefined) {
        tail.push({
          change: { _tag: "AddNotice", notice: n },
          sign: "+",
          subject: { _tag: "notice", id: n.id },
          line: `+ notice ${n.id} ${n.title}`
        })
      } else if (!same(cur, n)) {
        fault(
          { _tag: "notice", id: n.id },
          `notice ${n.id} was added before with other contents: a notice is never changed (add an amending one)`
        )
      }
    }
  }

  return { steps: [...head, ...grids, ...staff, ...tail, ...pruned], faults }
}
