/**
 * How the case service follows the live configuration: each command reads the
 * configuration held now, by version; when a newer one has another grid tree, the
 * summaries' ranks of the codes that moved follow it (`CaseStore.rerank`) before
 * anything is decided on it. And the codes that name a grid without being its own
 * (retired grids it succeeds, codes it had before a move), for work lists; and the
 * cache of the cases the service wrote last.
 */
import { Effect, Semaphore } from "effect"
import type * as CaseStore from "../CaseStore.js"
import * as Configuration from "../Configuration.js"
import type { Env } from "./service.js"

/** The service's environment at the configuration held now, re-ranking on a new tree. */
export const follow = (
  configuration: Configuration.Configuration["Service"],
  store: CaseStore.CaseStore["Service"],
  settings: Omit<Env, "city">
) =>
  Effect.gen(function* () {
    let seen = yield* configuration.current
    let env: Env = { ...settings, city: seen }
    const lock = yield* Semaphore.make(1)
    const rerank = (city: Configuration.Snapshot) =>
      lock.withPermits(1)(
        Effect.gen(function* () {
          if (city.version > seen.version) {
            const moved = Configuration.rankChanges(seen, city)
            if (moved.length > 0) yield* store.rerank(moved)
            seen = city
            env = { ...settings, city }
          }
          return env
        })
      )
    const current: Effect.Effect<Env, CaseStore.StoreError> = Effect.flatMap(configuration.current, (city) =>
      city === env.city || city.version <= seen.version ? Effect.succeed(env) : rerank(city)
    )
    return current
  })

const formerCodes = new WeakMap<Configuration.Snapshot, ReadonlyMap<string, ReadonlyArray<string>>>()

/** Per grid code, the codes that resolve to it without being its own. */
export const formerCodesOf = (city: Configuration.Snapshot): ReadonlyMap<string, ReadonlyArray<string>> => {
  let map = formerCodes.get(city)
  if (map === undefined) {
    const m = new Map<string, Array<string>>()
    const add = (to: string, from: string) => m.set(to, [...(m.get(to) ?? []), from])
    for (const r of city.document.grids) if (r.successor !== undefined) add(r.successor, r.code)
    for (const a of city.document.moved) add(a.to, a.from)
    map = m
    formerCodes.set(city, map)
  }
  return map
}

/** The cases the service wrote last, folded: at most `size`, the least recently used first out. */
export const recently = <A>(size: number) => {
  const recent = new Map<string, A>()
  const remember = (caseId: string, loaded: A) => {
    if (size === 0) return
    recent.delete(caseId)
    recent.set(caseId, loaded)
    if (recent.size > size) recent.delete(recent.keys().next().value!)
  }
  const forget = (caseId: string, loaded: A) => {
    if (recent.get(caseId) === loaded) recent.delete(caseId)
  }
  return { recent, remember, forget }
}
