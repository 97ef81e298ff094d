/**
 * The in-memory `CityStore`, sharing its idempotency keys with the memory store it
 * belongs to (so a key recorded with a configuration change is one `Idempotency`
 * sees, as in SQL where both write the same table).
 */
import { Audit, CaseStore, CityStore } from "@gridgov/core"
import { Effect, Option } from "effect"
import type { Raw as CityRaw } from "../CityConformance.js"
import type { RawIdempotency } from "../Conformance.js"

const json = <A>(value: A): A => JSON.parse(JSON.stringify(value)) as A

export const make = (keys: Map<string, RawIdempotency>) => {
  const log: Array<CaseStore.StoredEvent> = []
  const snapshots = new Map<number, CityStore.Snapshot>()
  const offChain = new Map<string, { key: string; value: CaseStore.Json; updatedAt: number }>()

  const head = (): CityStore.Head => {
    const last = log[log.length - 1]
    return last === undefined ? { version: 0, hash: Audit.genesis } : { version: last.version, hash: last.hash }
  }

  const append = (request: CityStore.AppendRequest) =>
    Effect.suspend((): Effect.Effect<CityStore.AppendResult, CaseStore.VersionConflict> => {
      const idem = request.idempotency
      const seen = idem === undefined ? undefined : keys.get(idem.key)
      if (seen !== undefined) {
        return Effect.succeed({ _tag: "Replayed", result: json(seen.result), fingerprint: seen.fingerprint })
      }
      const h = head()
      if (h.version !== request.expectedVersion) {
        return Effect.fail(
          new CaseStore.VersionConflict({
            streamId: CityStore.streamId,
            expected: request.expectedVersion,
            actual: h.version
          })
        )
      }
      const sealed = Audit.seal(CityStore.streamId, h.version === 0 ? undefined : h, json(request.events))
      const stored = sealed.map((e) => ({ ...e, position: e.version }))
      log.push(...stored)
      const at = request.now ?? request.events[request.events.length - 1]!.at
      for (const o of request.offChain ?? []) {
        if (o.value === null) offChain.delete(o.key)
        else offChain.set(o.key, { key: o.key, value: json(o.value), updatedAt: at })
      }
      if (idem !== undefined) {
        keys.set(idem.key, { key: idem.key, fingerprint: idem.fingerprint, result: json(idem.result), createdAt: at })
      }
      return Effect.succeed({ _tag: "Appended", head: head(), events: stored.map(json) })
    })

  const service = CityStore.CityStore.of({
    head: Effect.sync(head),
    read: (after, limit) =>
      Effect.sync(() =>
        log
          .filter((e) => e.version > after)
          .slice(0, Math.max(0, limit))
          .map(json)
      ),
    append,
    snapshot: Effect.sync(() => {
      let latest: CityStore.Snapshot | undefined
      for (const s of snapshots.values()) if (latest === undefined || s.version > latest.version) latest = s
      return Option.map(Option.fromUndefinedOr(latest), json)
    }),
    saveSnapshot: (snapshot) =>
      Effect.sync(() => {
        if (!snapshots.has(snapshot.version)) snapshots.set(snapshot.version, json(snapshot))
      }),
    offChain: (wanted) =>
      Effect.sync(() => {
        const out = new Map<string, CaseStore.Json>()
        for (const key of wanted) {
          const found = offChain.get(key)
          if (found !== undefined) out.set(key, json(found.value))
        }
        return out
      })
  })

  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
  const raw: CityRaw = {
    events: Effect.sync(() => log.map(json)),
    snapshots: Effect.sync(() => [...snapshots.values()].sort((a, b) => a.version - b.version).map(json)),
    offChain: Effect.sync(() => [...offChain.values()].sort((a, b) => compare(a.key, b.key)).map(json)),
    idempotency: Effect.sync(() => [...keys.values()].map(json).sort((a, b) => compare(a.key, b.key)))
  }
  return { service, raw }
}
