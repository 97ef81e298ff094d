/**
 * One city-year of Yumen, driven through the real engine: the generator decides
 * behaviour (who reports what, where and when; how fast each handler works; which
 * reports are invalid, which mediations fail, which cases a handler leaves open), and
 * every case moves only by commands run through `CaseService` — authorized,
 * decided, routed, timed by the SLA clocks and appended with their counters — while
 * a `TestClock` walks through 2020 and the SLA sweeper fires the timers that come due.
 * Grid workers' records go through the `RecordStore`. The figures are read back from
 * the stores afterwards (figures.ts); nothing here counts them.
 *
 * Time advances in ticks of ten minutes, jumping straight to the next tick where an
 * action is planned or a timer is due. The sweep of a tick runs first, then its
 * actions, concurrently (a case's own steps stay in order), so `CaseService`
 * group-commits them.
 */
import {
  Access,
  type Case,
  CaseService,
  Grid,
  RecordStore,
  type Records,
  SlaSweeper,
  Staff,
  Timers
} from "@gridgov/core"
import type { Yumen } from "@gridgov/testing"
import { Effect } from "effect"
import { TestClock } from "effect/testing"

export interface Options {
  readonly seed: number
  readonly scale: number
  /** Actions run at once within a tick (default 256). */
  readonly concurrency?: number | undefined
  readonly onProgress?: ((fraction: number, note: string) => void) | undefined
}

export interface Stats {
  readonly commands: number
  /** Events appended (the receipts' events; the sweeper's commands count one each, an escalation two). */
  readonly events: number
  readonly sweeps: number
  /** Ticks the clock stopped at (ten minutes apart, skipping those with nothing due). */
  readonly ticks: number
  readonly records: number
  readonly cases: number
  readonly failures: ReadonlyMap<string, number>
}

/** Midnight of 1 January 2020 in Yumen (UTC+8). */
export const start = Date.UTC(2019, 11, 31, 16)
/** The run goes on to the end of January 2021, so December's cases can close ("to early 2021"). */
export const end = Date.UTC(2021, 0, 31, 16)
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const TICK = 10 * MINUTE

/** The article's yearly volumes (docs/explanation/domain.md), which `scale` multiplies. */
export const volumes = {
  visits: 159_000,
  inspections: 26_000,
  keyPersons: 5_586,
  disputes: 1_921,
  events: 53_609,
  diverted: 824,
  petitions: 240,
  hotline: 1_100
} as const

/** Behaviour: how often things happen (not what the figures come to). */
const behaviour = {
  /** Reports the center declines to register (duplicates, not its business). */
  invalidShare: 0.02,
  /** Events whose handler never reports a result. */
  eventLeftOpen: 14 / 53_609,
  /** Mediations that fail. */
  mediationFails: 27 / 1_921,
  /** Diverted tickets a department never finishes. */
  divertedLeftOpen: 28 / 824
} as const

// ------------------------------------------------------------------ randomness

const mulberry32 = (seed: number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/**
 * `k` of `n` chosen at random, without replacement: a rare outcome (a mediation that
 * fails) happens to exactly its expected share of cases, in random cases.
 */
const chosen = (random: () => number, n: number, share: number): Set<number> => {
  const k = Math.round(n * share)
  const order = Array.from({ length: n }, (_, i) => i)
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[order[i], order[j]] = [order[j]!, order[i]!]
  }
  return new Set(order.slice(0, k))
}

// ------------------------------------------------------------------ the city's people

const dateOf = (at: number): string => new Date(at + 8 * HOUR).toISOString().slice(0, 10)

/** Who holds which post where, and the actor a person is on a date. */
const makePeople = (city: Yumen.Fixture) => {
  const byPlace = new Map<string, Array<Staff.Post>>()
  for (const post of city.staff.posts) {
    if (post.at === null) continue
    const key = "unit" in post.at ? `u:${post.at.unit}` : `g:${post.at.grid}`
    const list = byPlace.get(key) ?? []
    list.push(post)
    byPlace.set(key, list)
  }
  const actors = new Map<string, Access.Actor>()
  const actorOf = (person: string, date: string): Access.Actor => {
    const key = `${person}|${date}`
    let actor = actors.get(key)
    if (actor === undefined) {
      actor = Access.actor(city.directory, person, date)
      actors.set(key, actor)
    }
    return actor
  }
  /** The first person at a place holding one of `roles` (in order of preference) on `date`, with the role. */
  const at = (
    place: { readonly grid: string } | { readonly unit: string },
    roles: ReadonlyArray<Staff.Role>,
    date: string,
    pick = 0
  ): { readonly actor: Access.Actor; readonly role: Staff.Role } | undefined => {
    const posts = byPlace.get("grid" in place ? `g:${place.grid}` : `u:${place.unit}`) ?? []
    for (const role of roles) {
      const holders = posts.filter((p) => p.role === role && Staff.validOn(p, date))
      if (holders.length > 0) return { actor: actorOf(holders[pick % holders.length]!.person, date), role }
    }
    return undefined
  }
  return { at, actorOf }
}

// ------------------------------------------------------------------ plans

type Kind = "event" | "dispute" | "diverted" | "hotline" | "petition"

interface Plan {
  readonly id: string
  readonly kind: Kind
  readonly openAt: number
  readonly place: string
  readonly category: string
  readonly severity: "minor" | "ordinary" | "major"
  readonly invalid: boolean
  /** Left open by its handler (events, diverted tickets) or failed (mediations). */
  readonly stuck: boolean
  /** Hours the handler takes (wall clock). */
  readonly work: number
  readonly pick: number
}

const eventCategories = [
  "event.sanitation.garbage",
  "event.sanitation.sewage",
  "event.street-order.vending",
  "event.street-order.parking",
  "event.construction.illegal",
  "event.environment.noise",
  "event.safety.fire",
  "event.safety.gas",
  "event.public-security",
  "event.market.food"
]
const disputeCategories = ["dispute.family", "dispute.land", "dispute.water", "dispute.labor", "dispute.property"]
/** Components whose owner department takes the ticket (属主): the housing bureau for manholes. */
const divertedCategories = ["event.facility.manhole", "event.construction"]

/** A working-day instant at a random working hour (09:00–17:30), or any day now and then. */
const intake = (random: () => number, day: number, workday: boolean): number => {
  const hour = workday ? 9 + random() * 8.5 : 10 + random() * 6
  return start + day * DAY + Math.floor(hour * HOUR)
}

const prefixes: { readonly [K in Kind]: string } = {
  event: "e",
  dispute: "d",
  diverted: "h",
  hotline: "hg",
  petition: "p"
}

const makePlans = (city: Yumen.Fixture, options: Options, workdays: ReadonlyArray<boolean>) => {
  const random = mulberry32(options.seed)
  const blocks = city.tree.records.filter((r) => r.kind === "group" || r.kind === "compound").map((r) => r.code)
  const townshipOf = (code: string) => Grid.path(city.tree, Grid.id(city.tree, code)!)[1]!
  // each township works at its own pace: the share of slow handling differs
  const townships = [...new Set(blocks.map(townshipOf))].sort()
  const slowness = new Map(townships.map((t) => [t, 0.02 + random() * 0.16]))
  const days = workdays.length
  const dayOf = () => {
    for (;;) {
      const d = Math.floor(random() * days)
      if (workdays[d] === true || random() < 0.15) return d
    }
  }
  const plans: Array<Plan> = []
  const add = (
    kind: Kind,
    count: number,
    make: (i: number, place: string) => Omit<Plan, "id" | "kind" | "openAt" | "place" | "pick">
  ) => {
    for (let i = 0; i < count; i++) {
      const place = blocks[Math.floor(random() * blocks.length)]!
      const d = dayOf()
      plans.push({
        id: `${prefixes[kind]}-${String(i + 1).padStart(6, "0")}`,
        kind,
        openAt: intake(random, d, workdays[d] === true),
        place,
        pick: Math.floor(random() * 1_000),
        ...make(i, place)
      })
    }
  }
  const n = (v: number) => Math.max(1, Math.round(v * options.scale))

  const validEvents = n(volumes.events)
  const reports = Math.round(validEvents / (1 - behaviour.invalidShare))
  const leftOpen = chosen(random, reports, behaviour.eventLeftOpen)
  add("event", reports, (i, place) => {
    const slow = random() < slowness.get(townshipOf(place))!
    const r = random()
    return {
      category: eventCategories[Math.floor(random() * eventCategories.length)]!,
      severity: r < 0.55 ? "minor" : r < 0.97 ? "ordinary" : "major",
      invalid: random() < behaviour.invalidShare,
      stuck: leftOpen.has(i),
      work: slow ? 20 + random() * 60 : 0.3 + random() * 1.4
    }
  })
  const disputes = n(volumes.disputes)
  const failing = chosen(random, disputes, behaviour.mediationFails)
  add("dispute", disputes, (i) => {
    const r = random()
    return {
      category: disputeCategories[Math.floor(random() * disputeCategories.length)]!,
      severity: r < 0.6 ? "minor" : r < 0.95 ? "ordinary" : "major",
      invalid: false,
      stuck: failing.has(i),
      work: 24 + random() * 24 * 10
    }
  })
  const diverted = n(volumes.diverted)
  const unfinished = chosen(random, diverted, behaviour.divertedLeftOpen)
  add("diverted", diverted, (i) => ({
    category: divertedCategories[0]!,
    severity: "ordinary",
    invalid: false,
    stuck: unfinished.has(i),
    work: 24 + random() * 24 * 6
  }))
  add("hotline", n(volumes.hotline), () => ({
    category: "hotline.help",
    severity: "ordinary",
    invalid: false,
    stuck: false,
    work: 4 + random() * 24 * 5
  }))
  add("petition", n(volumes.petitions), () => ({
    category: "petition",
    severity: "ordinary",
    invalid: false,
    stuck: false,
    work: 6 + random() * 18
  }))
  return { plans, random, blocks, townships }
}

// ------------------------------------------------------------------ a min-heap of actions

interface Action {
  readonly at: number
  readonly seq: number
  readonly plan: Plan
  readonly step: string
}

class Heap {
  private readonly items: Array<Action> = []
  get size() {
    return this.items.length
  }
  peek(): Action | undefined {
    return this.items[0]
  }
  private less(a: Action, b: Action) {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq)
  }
  push(x: Action) {
    const h = this.items
    h.push(x)
    let i = h.length - 1
    while (i > 0) {
      const p = (i - 1) >> 1
      if (!this.less(h[i]!, h[p]!)) break
      ;[h[i], h[p]] = [h[p]!, h[i]!]
      i = p
    }
  }
  pop(): Action | undefined {
    const h = this.items
    const top = h[0]
    const last = h.pop()
    if (h.length > 0 && last !== undefined) {
      h[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r
        if (m === i) break
        ;[h[i], h[m]] = [h[m]!, h[i]!]
        i = m
      }
    }
    return top
  }
}

// ------------------------------------------------------------------ the run

const handlerRoles: ReadonlyArray<Staff.Role> = [
  "gridChief",
  "gridWorker",
  "departmentOfficer",
  "mediator",
  "judgeAssistant",
  "gridManager"
]

/** Simulates the year. Needs the case service, the timers, the record store and a `TestClock`. */
export const simulate = (city: Yumen.Fixture, workdays: ReadonlyArray<boolean>, options: Options) =>
  Effect.gen(function* () {
    const cases = yield* CaseService.CaseService
    const timers = yield* Timers.Timers
    const records = yield* RecordStore.RecordStore
    const people = makePeople(city)
    const { plans, random, blocks } = makePlans(city, options, workdays)
    const failures = new Map<string, number>()
    let commands = 0
    let events = 0
    let sweeps = 0
    let ticks = 0
    let recordCount = 0
    let seq = 0
    const heap = new Heap()
    for (const plan of plans) heap.push({ at: plan.openAt, seq: seq++, plan, step: "open" })
    const handlers = new Map<string, Case.Handler>()
    const fail = (what: string) => failures.set(what, (failures.get(what) ?? 0) + 1)
    const later = (plan: Plan, step: string, at: number) => heap.push({ at, seq: seq++, plan, step })
    const ref = (x: { readonly actor: Access.Actor; readonly role: Staff.Role }): Case.ActorRef => ({
      id: x.actor.id,
      role: x.role
    })

    const run = (plan: Plan, command: Case.Command, who: { readonly actor: Access.Actor }) =>
      Effect.map(cases.execute(plan.id, command, who.actor), (receipt) => {
        commands++
        events += receipt.events.length
        if (receipt.handler !== null) handlers.set(plan.id, receipt.handler)
        return receipt
      })

    /** Who acts for the case's current handler. */
    const handlerOf = (plan: Plan, date: string) => {
      const h = handlers.get(plan.id)
      if (h === undefined) return undefined
      return people.at(h.level === undefined ? { unit: h.unit } : { grid: h.unit }, handlerRoles, date, plan.pick)
    }

    const step = (action: Action, now: number): Effect.Effect<void, unknown> =>
      Effect.gen(function* () {
        const { plan } = action
        const date = dateOf(now)
        const dispatcher = people.at({ unit: "center.grid" }, ["dispatcher"], date, plan.pick)!
        const d = ref(dispatcher)
        const handler = () => {
          const h = handlerOf(plan, date)
          if (h === undefined)
            throw new Error(`${plan.kind}: nobody to act for ${JSON.stringify(handlers.get(plan.id))}`)
          return h
        }
        const worker = () => people.at({ grid: plan.place }, ["gridWorker"], date, plan.pick)!
        switch (`${plan.kind}/${action.step}`) {
          // events: reported by a grid worker, registered and dispatched by the center, signed for at once
          case "event/open": {
            const w = worker()
            yield* run(
              plan,
              {
                _tag: "Open",
                actor: ref(w),
                kind: "event",
                id: plan.id,
                category: plan.category,
                place: plan.place,
                channel: "app",
                severity: plan.severity
              },
              w
            )
            return later(plan, "register", now + (5 + random() * 35) * MINUTE)
          }
          case "event/register": {
            if (plan.invalid) {
              yield* run(plan, { _tag: "Cancel", actor: d, reason: "重复或不属于受理范围" }, dispatcher)
              return
            }
            yield* run(plan, { _tag: "Register", actor: d }, dispatcher)
            const h = handler()
            yield* run(plan, { _tag: "Acknowledge", actor: ref(h) }, h)
            if (plan.stuck) return
            return later(plan, "submit", now + plan.work * HOUR)
          }
          case "event/submit": {
            const h = handler()
            yield* run(plan, { _tag: "SubmitResult", actor: ref(h), result: "已处置", evidence: [] }, h)
            return later(plan, "verify", now + (0.5 + random() * 2.5) * HOUR)
          }
          case "event/verify":
            yield* run(plan, { _tag: "Verify", actor: d, passed: true }, dispatcher)
            return
          // disputes: found by a grid worker, routed to mediation at once
          case "dispute/open": {
            const w = worker()
            yield* run(
              plan,
              {
                _tag: "Open",
                actor: ref(w),
                kind: "dispute",
                id: plan.id,
                category: plan.category,
                place: plan.place,
                channel: "app",
                severity: plan.severity
              },
              w
            )
            return later(plan, "mediate", now + plan.work * HOUR)
          }
          case "dispute/mediate": {
            const h = handler()
            if (plan.stuck) {
              yield* run(plan, { _tag: "RecordFailure", actor: ref(h), reason: "双方分歧较大" }, h)
              return later(plan, "refer", now + DAY)
            }
            yield* run(plan, { _tag: "RecordAgreement", actor: ref(h), agreement: "达成调解协议" }, h)
            return
          }
          case "dispute/refer":
            yield* run(plan, { _tag: "Refer", actor: d, channel: "litigation" }, dispatcher)
            return
          // 12345 tickets: the center takes them and routing diverts them to the owner department or the grid
          case "diverted/open":
          case "hotline/open": {
            yield* run(
              plan,
              {
                _tag: "Open",
                actor: d,
                kind: "hotline",
                id: plan.id,
                category: plan.category,
                place: plan.place,
                channel: "hotline",
                severity: plan.severity
              },
              dispatcher
            )
            const h = handler()
            yield* run(plan, { _tag: "Acknowledge", actor: ref(h) }, h)
            if (plan.stuck) return
            return later(plan, "handle", now + plan.work * HOUR)
          }
          case "diverted/handle":
          case "hotline/handle": {
            const h = handler()
            yield* run(plan, { _tag: "SubmitResult", actor: ref(h), result: "已办理", evidence: [] }, h)
            yield* run(plan, { _tag: "Reply", actor: ref(h), content: "已答复来电人" }, h)
            return later(plan, "visit", now + (2 + random() * 40) * HOUR)
          }
          case "diverted/visit":
          case "hotline/visit":
            yield* run(
              plan,
              { _tag: "ReturnVisit", actor: d, satisfaction: random() < 0.93 ? "satisfied" : "basicallySatisfied" },
              dispatcher
            )
            return
          // petitions: registered at the petition window, accepted to the petition bureau
          case "petition/open": {
            const clerk = people.at({ unit: "window.petition" }, ["dispatcher"], date, plan.pick)!
            yield* run(
              plan,
              {
                _tag: "Open",
                actor: ref(clerk),
                kind: "petition",
                id: plan.id,
                category: plan.category,
                place: plan.place,
                channel: "walkIn",
                severity: "ordinary",
                track: "simple",
                reporter: { id: `r-${plan.id}`, role: "public" }
              },
              clerk
            )
            const reception = people.at({ unit: "center.grid" }, ["dispatcher"], date, plan.pick)!
            yield* run(
              plan,
              { _tag: "Accept", actor: ref(reception), to: { unit: "dept.petition" }, track: "simple" },
              reception
            )
            return later(plan, "meet", now + plan.work * HOUR)
          }
          case "petition/meet": {
            const h = handler()
            yield* run(plan, { _tag: "Meet", actor: ref(h), note: "当面听取诉求" }, h)
            return later(plan, "conclude", now + plan.work * HOUR)
          }
          case "petition/conclude": {
            const h = handler()
            yield* run(plan, { _tag: "Conclude", actor: ref(h), reply: "书面答复" }, h)
            return
          }
          default:
            throw new Error(`no step ${plan.kind}/${action.step}`)
        }
      }).pipe(
        Effect.catchCause((cause) =>
          Effect.sync(() => {
            const error = cause.toString().split("\n")[0]!.slice(0, 160)
            fail(`${action.plan.kind}/${action.step}: ${error}`)
          })
        )
      )

    // the records of grid work: visits, inspections, control, spread over the year's days
    const days = workdays.length
    const perDay = (total: number) => {
      const counts = new Array<number>(days).fill(0)
      const n = Math.round(total * options.scale)
      for (let i = 0; i < n; i++) {
        for (;;) {
          const d = Math.floor(random() * days)
          if (workdays[d] === true || random() < 0.3) {
            counts[d]!++
            break
          }
        }
      }
      return counts
    }
    const kinds: ReadonlyArray<{
      readonly counts: Array<number>
      readonly task: Records.Task
      readonly items: ReadonlyArray<string>
    }> = [
      { counts: perDay(volumes.visits), task: "visit", items: ["person.household"] },
      {
        counts: perDay(volumes.inspections),
        task: "patrol",
        items: [
          "place.key.school",
          "place.key.market",
          "place.key.gas-station",
          "place.key.construction",
          "place.key.food"
        ]
      },
      {
        counts: perDay(volumes.keyPersons),
        task: "control",
        items: ["person.key.petitioner", "person.key.dispute", "person.key.security"]
      }
    ]
    const recordsOf = (day: number) => {
      const date = dateOf(start + day * DAY)
      const rows: Array<RecordStore.Row> = []
      for (const k of kinds) {
        for (let i = 0; i < k.counts[day]!; i++) {
          const grid = blocks[Math.floor(random() * blocks.length)]!
          const author = people.at({ grid }, ["gridWorker"], date, i)!
          rows.push({
            record: {
              id: `${k.task}-${day}-${i}`,
              grid,
              author: author.actor.id,
              at: start + day * DAY + Math.floor((8 + random() * 10) * HOUR),
              item: k.items[Math.floor(random() * k.items.length)]!,
              task: k.task,
              fields: k.task === "visit" ? { members: 1 + Math.floor(random() * 6) } : { result: "正常" }
            },
            gridPre: Grid.interval(city.tree, Grid.id(city.tree, grid)!).pre
          })
        }
      }
      return rows
    }

    const concurrency = options.concurrency ?? 256
    let recordDay = 0
    let nextDue: number | null = yield* timers.nextDue()
    let lastReport = -1
    let previous = start - TICK
    for (;;) {
      const nextAction = heap.peek()?.at ?? Number.POSITIVE_INFINITY
      const wanted = Math.min(nextAction, nextDue ?? Number.POSITIVE_INFINITY, start + recordDay * DAY)
      if (wanted >= end) break
      // time only moves forward (a timer left for a retry is due "now" until its lease runs out)
      const now = Math.max(previous + TICK, Math.ceil(wanted / TICK) * TICK)
      previous = now
      ticks++
      yield* TestClock.setTime(now)
      while (recordDay < days && start + recordDay * DAY <= now) {
        const rows = recordsOf(recordDay)
        if (rows.length > 0) yield* records.append(rows)
        recordCount += rows.length
        recordDay++
      }
      // The sweeper first: a warning or breach that came due by this tick is recorded
      // before the tick's actions can stop its clock (run at once, a database that
      // answers asynchronously would let an action win and leave the timer stale).
      // The actions of the tick then run at once, so their appends share group commits.
      const sweep =
        nextDue !== null && nextDue <= now
          ? Effect.map(
              SlaSweeper.sweepOnce({
                owner: "yumen",
                batch: 500,
                concurrency,
                escalate: ({ tier }) => tier === "statutory"
              }),
              (report) => {
                sweeps++
                commands += report.warnings + report.breaches + report.escalations
                events += report.warnings + report.breaches + 2 * report.escalations
                if (report.failed > 0) fail(`sweeper: timers left for a retry`)
              }
            )
          : Effect.void
      const batch: Array<Action> = []
      while (heap.size > 0 && heap.peek()!.at <= now) batch.push(heap.pop()!)
      yield* sweep
      yield* Effect.forEach(batch, (a) => step(a, now), { concurrency, discard: true })
      nextDue = yield* timers.nextDue()
      const fraction = (now - start) / (end - start)
      const pct = Math.floor(fraction * 1_000)
      if (pct !== lastReport && options.onProgress !== undefined) {
        lastReport = pct
        options.onProgress(fraction, `${dateOf(now)}  ${commands.toLocaleString("en")} commands`)
      }
      if (heap.size === 0 && recordDay >= days && (nextDue === null || nextDue >= end)) break
    }
    yield* TestClock.setTime(end)
    options.onProgress?.(1, `done: ${commands.toLocaleString("en")} commands`)
    return { commands, events, sweeps, ticks, records: recordCount, cases: plans.length, failures } satisfies Stats
  })
