/**
 * The hash chains a store holds, verified page by page: `gridgov audit verify`.
 *
 * A store holds two kinds of chained history: each case's (`cases`) and the city's
 * configuration (`configuration`, one stream). A chain kind (`Kind`) says how to
 * read one kind of chained history: its events in
 * position order, a page at a time; the version each stream must reach (its head,
 * e.g. a case's summary); and one stream's events, to say what is wrong with it.
 * `verify` reads every page, keeping only each stream's last version and hash, and
 * checks each event with `Audit.follows`; for each stream where an event does not
 * follow, or that ends short of its head, it reads that stream alone and asks
 * `Audit.verify` what is wrong, and reports the first broken link. Memory grows
 * with the number of streams, never with the number of events.
 *
 * `kinds` lists the chains a store holds; a new kind of chained history is one
 * more entry there.
 *
 * @since 0.1.0
 */
import { Audit, CaseStore, CityStore } from "@gridgov/core"
import { Effect, Option, Result } from "effect"

/**
 * One kind of hash-chained history in a store.
 *
 * - `name`: how reports call it (`cases`);
 * - `heads`: the version each stream must reach, from outside the chain (a case's
 *   summary), so that a deleted tail is found;
 * - `read(after, limit)`: at most `limit` events with a position above `after`, in
 *   position order;
 * - `stream(id)`: every event of one stream.
 *
 * @example
 * import type { Chains } from "@gridgov/cli"
 * const names = (kinds: ReadonlyArray<Chains.Kind<never>>) => kinds.map((k) => k.name)
 *
 * @category models
 * @since 0.1.0
 */
export interface Kind<R> {
  readonly name: string
  readonly heads: Effect.Effect<ReadonlyMap<string, number>, CaseStore.StoreError, R>
  readonly read: (
    after: number,
    limit: number
  ) => Effect.Effect<ReadonlyArray<CaseStore.StoredEvent>, CaseStore.StoreError, R>
  readonly stream: (streamId: string) => Effect.Effect<ReadonlyArray<CaseStore.StoredEvent>, CaseStore.StoreError, R>
}

/**
 * Cases: one stream per case in the `CaseStore`, each reaching the version its
 * summary records.
 *
 * @example
 * import { Chains } from "@gridgov/cli"
 * Chains.cases.name // "cases"
 *
 * @category kinds
 * @since 0.1.0
 */
export const cases: Kind<CaseStore.CaseStore> = {
  name: "cases",
  heads: Effect.gen(function* () {
    const store = yield* CaseStore.CaseStore
    const heads = new Map<string, number>()
    let after: CaseStore.Cursor | undefined
    do {
      const page = yield* store.search({ limit: 1000, after })
      for (const summary of page.items) heads.set(summary.streamId, summary.version)
      after = page.next
    } while (after !== undefined)
    return heads
  }),
  read: (after, limit) => Effect.flatMap(Effect.service(CaseStore.CaseStore), (store) => store.readAll(after, limit)),
  stream: (streamId) => Effect.flatMap(Effect.service(CaseStore.CaseStore), (store) => store.load(streamId))
}

/** Every event of the configuration stream, a page at a time. */
const wholeConfiguration = Effect.gen(function* () {
  const store = yield* CityStore.CityStore
  const all: Array<CaseStore.StoredEvent> = []
  for (;;) {
    const page = yield* store.read(all.length === 0 ? 0 : all[all.length - 1]!.version, 2000)
    all.push(...page)
    if (page.length < 2000) return all
  }
})

/**
 * The city's configuration: one stream (`CityStore.streamId`) in the `CityStore`,
 * which must reach at least the version of its latest snapshot (the configuration
 * a server starts from).
 *
 * @example
 * import { Chains } from "@gridgov/cli"
 * Chains.configuration.name // "configuration"
 *
 * @category kinds
 * @since 0.1.0
 */
export const configuration: Kind<CityStore.CityStore> = {
  name: "configuration",
  heads: Effect.gen(function* () {
    const store = yield* CityStore.CityStore
    const snapshot = yield* store.snapshot
    return new Map(Option.isSome(snapshot) ? [[CityStore.streamId, snapshot.value.version]] : [])
  }),
  read: (after, limit) => Effect.flatMap(Effect.service(CityStore.CityStore), (store) => store.read(after, limit)),
  stream: () => wholeConfiguration
}

/**
 * The chains `gridgov audit verify` checks, in order: a new kind of chained history
 * is one more entry here.
 *
 * @example
 * import { Chains } from "@gridgov/cli"
 * Chains.kinds.map((k) => k.name) // ["configuration", "cases"]
 *
 * @category kinds
 * @since 0.1.0
 */
export const kinds: ReadonlyArray<Kind<CaseStore.CaseStore | CityStore.CityStore>> = [configuration, cases]

/**
 * A damaged stream: its first broken link (`Audit.Finding`: stream, version, what
 * is wrong), what differs there (`differs`: the hashes that disagree), and how many
 * findings the stream has in all.
 *
 * @example
 * import type { Chains } from "@gridgov/cli"
 * const line = (b: Chains.Broken) => `${b.first.streamId}#${b.first.version} ${b.first.reason}`
 *
 * @category models
 * @since 0.1.0
 */
export interface Broken {
  readonly first: Audit.Finding
  readonly differs: string | undefined
  readonly findings: number
}

/**
 * What `verify` found in one chain kind: how many streams and events it read, and
 * each damaged stream (none when intact).
 *
 * @example
 * import type { Chains } from "@gridgov/cli"
 * const intact = (r: Chains.Report) => r.broken.length === 0
 *
 * @category models
 * @since 0.1.0
 */
export interface Report {
  readonly kind: string
  readonly streams: number
  readonly events: number
  readonly broken: ReadonlyArray<Broken>
}

/**
 * Options of `verify`: events read per page (default 2,000) and a callback after
 * each page with the events read so far and the number the heads lead to expect.
 *
 * @example
 * import { Effect } from "effect"
 * import type { Chains } from "@gridgov/cli"
 * const options: Chains.Options = { pageSize: 500, onProgress: (done, expected) => Effect.log(done, expected) }
 *
 * @category models
 * @since 0.1.0
 */
export interface Options {
  readonly pageSize?: number | undefined
  readonly onProgress?: ((done: number, expected: number) => Effect.Effect<void>) | undefined
}

const short = (hash: string) => `${hash.slice(0, 12)}…`

/** The hashes that disagree at a finding, read from the stream's events. */
const differs = (finding: Audit.Finding, events: ReadonlyArray<CaseStore.StoredEvent>): string | undefined => {
  const at = events.find((e) => e.version === finding.version && e.position === finding.position)
  if (finding.reason !== "edited" || at === undefined) return undefined
  const computed = Audit.hash(at)
  if (computed !== at.hash) return `stored hash ${short(at.hash)}, content hashes to ${short(computed)}`
  const next = events.find((e) => e.version === finding.version + 1)
  return next === undefined
    ? undefined
    : `its hash ${short(at.hash)}, version ${next.version} records ${short(next.prevHash)}`
}

const byPosition = (a: CaseStore.StoredEvent, b: CaseStore.StoredEvent) => a.position - b.position

/**
 * Verifies every stream of a chain kind, page by page (see the module's summary).
 * Fails only when the store does; a broken chain is a `Report` with `broken`
 * entries, the first broken link of each damaged stream, in stream order.
 *
 * @example
 * import { Effect } from "effect"
 * import { Chains } from "@gridgov/cli"
 * const reports = Effect.forEach(Chains.kinds, (kind) => Chains.verify(kind))
 *
 * @category verification
 * @since 0.1.0
 */
export const verify = Effect.fn("Chains.verify")(function* <R>(kind: Kind<R>, options: Options = {}) {
  const pageSize = Math.max(1, options.pageSize ?? 2000)
  const heads = yield* kind.heads
  let expected = 0
  for (const head of heads.values()) expected += head
  const tips = new Map<string, { version: number; hash: string }>()
  const suspect = new Set<string>()
  let events = 0
  let after = 0
  for (;;) {
    const page = yield* kind.read(after, pageSize)
    for (const event of page) {
      if (suspect.has(event.streamId)) continue
      const tip = tips.get(event.streamId)
      if (Audit.follows(tip, event)) tips.set(event.streamId, { version: event.version, hash: event.hash })
      else suspect.add(event.streamId)
    }
    events += page.length
    if (options.onProgress !== undefined) yield* options.onProgress(events, Math.max(expected, events))
    if (page.length < pageSize) break
    after = page[page.length - 1]!.position
  }
  const streams = new Set([...tips.keys(), ...suspect, ...heads.keys()])
  for (const [streamId, head] of heads) {
    if (!suspect.has(streamId) && (tips.get(streamId)?.version ?? 0) < head) suspect.add(streamId)
  }
  const broken: Array<Broken> = []
  for (const streamId of [...suspect].sort()) {
    const stream = [...(yield* kind.stream(streamId))].sort(byPosition)
    const head = heads.get(streamId)
    const checked = Audit.verify(stream, { heads: head === undefined ? undefined : new Map([[streamId, head]]) })
    if (Result.isSuccess(checked)) continue
    const findings = checked.failure.findings
    let first = findings[0]!
    for (const f of findings) if (f.version < first.version) first = f
    broken.push({ first, differs: differs(first, stream), findings: findings.length })
  }
  return { kind: kind.name, streams: streams.size, events, broken } satisfies Report
})
