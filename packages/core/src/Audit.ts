/**
 * The hash chain over each event stream, and its verification.
 *
 * Each event's `hash` is SHA-256 over the canonical JSON of its fields (stream
 * id, version, type, `v`, payload, actor, instant) and the previous event's hash
 * in its stream (`genesis` for the first). Changing, removing, adding or moving
 * an event breaks the chain where it happened, and `verify` says which event and
 * how. The chain proves integrity, not authorship: someone who can rewrite the
 * whole tail of a stream can recompute it, so keep the stream heads (version or
 * last hash) somewhere else too, such as the summaries or an external log.
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import type * as Arr from "effect/Array"
import type { NewEvent, StoredEvent } from "./CaseStore.js"
import { sha256Hex } from "./internal/sha256.js"
import { canonicalJson } from "./internal/storeCanonical.js"

/**
 * The `prevHash` of the first event of every stream: 64 zeros.
 *
 * @example
 * import { Audit } from "@gridgov/core"
 * Audit.genesis.length // 64
 *
 * @category constants
 * @since 0.1.0
 */
export const genesis = "0".repeat(64)

/**
 * Canonical JSON: keys sorted, no whitespace, so equal data encodes equally
 * whatever its key order.
 *
 * @example
 * import { Audit } from "@gridgov/core"
 * Audit.canonical({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 *
 * @category hashing
 * @since 0.1.0
 */
export const canonical = (value: unknown): string => canonicalJson(value)

/**
 * SHA-256 of a string's UTF-8 bytes, in lower-case hex: `node:crypto` where the
 * runtime offers it synchronously (Node, Deno, Bun), plain TypeScript elsewhere (a
 * browser), with the same result.
 *
 * @example
 * import { Audit } from "@gridgov/core"
 * Audit.sha256("abc") // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
 *
 * @category hashing
 * @since 0.1.0
 */
export const sha256 = (text: string): string => sha256Hex(text)

/**
 * The fields a hash covers: everything but the global position (which the
 * database assigns) and the hash itself.
 *
 * @example
 * import type { Audit } from "@gridgov/core"
 * const fields: Audit.Hashed = {
 *   streamId: "case-1", version: 1, type: "Reported", v: 1, payload: {},
 *   actor: { id: "p-1", roles: ["public"] }, at: 0, prevHash: "0".repeat(64)
 * }
 *
 * @category hashing
 * @since 0.1.0
 */
export type Hashed = Omit<StoredEvent, "position" | "hash">

/**
 * The hash of an event: SHA-256 over the canonical JSON of its `Hashed` fields.
 *
 * @example
 * import { Audit } from "@gridgov/core"
 * Audit.hash({
 *   streamId: "case-1", version: 1, type: "Reported", v: 1, payload: {},
 *   actor: { id: "p-1", roles: ["public"] }, at: 0, prevHash: Audit.genesis
 * }).length // 64
 *
 * @category hashing
 * @since 0.1.0
 */
export const hash = (event: Hashed): string =>
  sha256Hex(
    canonicalJson({
      actor: event.actor,
      at: event.at,
      payload: event.payload,
      prevHash: event.prevHash,
      streamId: event.streamId,
      type: event.type,
      v: event.v,
      version: event.version
    })
  )

/**
 * Numbers and chains events to append after `head` (the stream's last version
 * and hash, `undefined` for a new stream). Storage adapters call it inside the
 * append transaction.
 *
 * @example
 * import { Audit } from "@gridgov/core"
 * const [first] = Audit.seal("case-1", undefined, [
 *   { type: "Reported", v: 1, payload: {}, actor: { id: "p-1", roles: ["public"] }, at: 0 }
 * ])
 * first.version // 1
 *
 * @category hashing
 * @since 0.1.0
 */
export const seal = (
  streamId: string,
  head: { readonly version: number; readonly hash: string } | undefined,
  events: Arr.NonEmptyReadonlyArray<NewEvent>
): Arr.NonEmptyArray<Hashed & { readonly hash: string }> => {
  let version = head?.version ?? 0
  let prevHash = head?.hash ?? genesis
  const out: Array<Hashed & { readonly hash: string }> = []
  for (const event of events) {
    version++
    const fields: Hashed = {
      streamId,
      version,
      type: event.type,
      v: event.v,
      payload: event.payload,
      actor: event.actor,
      at: event.at,
      prevHash
    }
    prevHash = hash(fields)
    out.push({ ...fields, hash: prevHash })
  }
  return out as unknown as Arr.NonEmptyArray<Hashed & { readonly hash: string }>
}

/**
 * Whether `event` extends, intact, a stream whose events so far end at `tip`
 * (`undefined`: the stream has none yet): it is the next version, it records
 * `tip`'s hash as its `prevHash` (`genesis` for the first), and its content
 * matches its own hash. This is `verify`'s check one event at a time: the events
 * of a stream, in position order, verify without a finding exactly when each
 * follows the one before. A verifier that reads a large store page by page keeps
 * only each stream's tip, and asks `verify` what is wrong with the streams where
 * an event does not follow.
 *
 * @example
 * import { Audit } from "@gridgov/core"
 * const chain = Audit.seal("case-1", undefined, [
 *   { type: "Reported", v: 1, payload: {}, actor: { id: "p-1", roles: ["public"] }, at: 0 },
 *   { type: "Registered", v: 1, payload: {}, actor: { id: "p-2", roles: ["dispatcher"] }, at: 1 }
 * ])
 * Audit.follows(undefined, chain[0]) // true
 * Audit.follows(chain[0], chain[1]!) // true
 * Audit.follows(chain[0], { ...chain[1]!, at: 2 }) // false: its content no longer matches its hash
 *
 * @category verification
 * @since 0.1.0
 */
export const follows = (
  tip: { readonly version: number; readonly hash: string } | undefined,
  event: Hashed & { readonly hash: string }
): boolean =>
  event.version === (tip === undefined ? 1 : tip.version + 1) &&
  event.prevHash === (tip === undefined ? genesis : tip.hash) &&
  hash(event) === event.hash

/**
 * One thing `verify` found wrong:
 *
 * - `edited`: the event's content no longer matches its hash, or its hash is not
 *   the one its successor recorded (changed and re-hashed);
 * - `deleted`: a version is missing (`position` is null);
 * - `inserted`: an event that is not part of the chain (a second event with the
 *   same version);
 * - `reordered`: the event comes after a later version of its stream in the
 *   order given (global position order).
 *
 * @example
 * import type { Audit } from "@gridgov/core"
 * const where = (f: Audit.Finding) => `${f.streamId}@${f.version}: ${f.reason}`
 *
 * @category verification
 * @since 0.1.0
 */
export const Finding = Schema.Struct({
  reason: Schema.Literals(["edited", "deleted", "inserted", "reordered"]),
  streamId: Schema.String,
  version: Schema.Number,
  position: Schema.NullOr(Schema.Number),
  detail: Schema.String
})

/**
 * @category verification
 * @since 0.1.0
 */
export type Finding = typeof Finding.Type

/**
 * The events do not form intact hash chains; `findings` lists each problem, and
 * the message names the first broken links (stream, version, what is wrong).
 *
 * @example
 * import { Audit } from "@gridgov/core"
 * const e = new Audit.Tampered({
 *   findings: [{ reason: "edited", streamId: "case-1", version: 2, position: 7, detail: "its content does not match its hash" }]
 * })
 * e.message // "hash chain broken: case-1#2 edited: its content does not match its hash"
 *
 * @category verification
 * @since 0.1.0
 */
export class Tampered extends Schema.TaggedError<Tampered>()("Tampered", {
  findings: Schema.Array(Finding)
}) {
  override get message() {
    const shown = this.findings.slice(0, 3).map((f) => `${f.streamId}#${f.version} ${f.reason}: ${f.detail}`)
    const more = this.findings.length > 3 ? `; and ${this.findings.length - 3} more` : ""
    return `hash chain broken: ${shown.join("; ")}${more}`
  }
}

/**
 * What an intact verification covered.
 *
 * @example
 * import type { Audit } from "@gridgov/core"
 * const line = (r: Audit.Verified) => `${r.events} events in ${r.streams} streams`
 *
 * @category verification
 * @since 0.1.0
 */
export interface Verified {
  readonly streams: number
  readonly events: number
}

/**
 * Checks the hash chains of the given events (any number of streams, in global
 * position order, e.g. from `CaseStore.readAll`). With `heads` (stream id → the
 * version it should end at, e.g. from the summaries), missing tails are found
 * too.
 *
 * @example
 * import { Result } from "effect"
 * import { Audit } from "@gridgov/core"
 * const events = Audit.seal("case-1", undefined, [
 *   { type: "Reported", v: 1, payload: {}, actor: { id: "p-1", roles: ["public"] }, at: 0 }
 * ]).map((e, i) => ({ ...e, position: i + 1 }))
 * Result.isSuccess(Audit.verify(events)) // true
 *
 * @category verification
 * @since 0.1.0
 */
export const verify = (
  events: ReadonlyArray<StoredEvent>,
  options: { readonly heads?: ReadonlyMap<string, number> | undefined } = {}
): Result.Result<Verified, Tampered> => {
  const streams = new Map<string, Array<StoredEvent>>()
  for (const event of events) {
    const list = streams.get(event.streamId)
    if (list === undefined) streams.set(event.streamId, [event])
    else list.push(event)
  }
  const findings: Array<Finding> = []
  for (const [streamId, list] of streams) verifyStream(streamId, list, options.heads?.get(streamId), findings)
  if (options.heads !== undefined) {
    for (const [streamId, head] of options.heads) {
      if (!streams.has(streamId) && head > 0) missing(streamId, 1, head, findings)
    }
  }
  return findings.length === 0
    ? Result.succeed({ streams: streams.size, events: events.length })
    : Result.fail(new Tampered({ findings }))
}

const finding = (reason: Finding["reason"], event: StoredEvent, detail: string): Finding => ({
  reason,
  streamId: event.streamId,
  version: event.version,
  position: event.position,
  detail
})

const missing = (streamId: string, from: number, to: number, findings: Array<Finding>): void => {
  for (let version = from; version <= to; version++) {
    findings.push({ reason: "deleted", streamId, version, position: null, detail: "this version is missing" })
  }
}

const verifyStream = (
  streamId: string,
  list: ReadonlyArray<StoredEvent>,
  head: number | undefined,
  findings: Array<Finding>
): void => {
  // Order: in the order given, versions must increase.
  let highest = 0
  for (const event of list) {
    if (event.version < highest) {
      findings.push(finding("reordered", event, `comes after version ${highest} of its stream`))
    }
    highest = Math.max(highest, event.version)
  }
  // Chain: walk the versions, choosing at each the event that belongs to the chain.
  const byVersion = new Map<number, Array<StoredEvent>>()
  for (const event of list) {
    const group = byVersion.get(event.version)
    if (group === undefined) byVersion.set(event.version, [event])
    else group.push(event)
  }
  const versions = [...byVersion.keys()].sort((a, b) => a - b)
  let expected = 1
  let headHash = genesis
  let previous: StoredEvent | undefined
  for (const version of versions) {
    const group = byVersion.get(version)!
    const gap = version > expected
    if (version < 1) {
      for (const event of group) findings.push(finding("inserted", event, "versions start at 1"))
      continue
    }
    if (gap) missing(streamId, expected, version - 1, findings)
    const successors = new Set((byVersion.get(version + 1) ?? []).map((e) => e.prevHash))
    const scored = group.map((event) => {
      const intact = hash(event) === event.hash
      const linked = event.prevHash === headHash
      const referenced = successors.has(event.hash)
      return { event, intact, linked, score: (intact ? 4 : 0) + (referenced ? 2 : 0) + (linked ? 1 : 0) }
    })
    let chosen = scored[0]!
    for (const candidate of scored) if (candidate.score > chosen.score) chosen = candidate
    for (const candidate of scored) {
      if (candidate !== chosen) {
        findings.push(finding("inserted", candidate.event, `a second event with version ${version}`))
      }
    }
    const event = chosen.event
    if (!chosen.intact) {
      findings.push(finding("edited", event, "its content does not match its hash"))
    } else if (!chosen.linked && !gap && previous !== undefined) {
      findings.push(
        finding("edited", previous, `its hash is not the one version ${version} recorded: changed and re-hashed`)
      )
    } else if (!chosen.linked && !gap) {
      findings.push(finding("edited", event, "the first event of a stream must follow the genesis hash"))
    }
    headHash = event.hash
    previous = event
    expected = version + 1
  }
  if (head !== undefined && head >= expected) missing(streamId, expected, head, findings)
}
