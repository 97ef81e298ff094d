import { Chains, Store } from "@gridgov/cli"
import { Audit, CaseStore } from "@gridgov/core"
import { Effect, Result } from "effect"

const url = Result.getOrThrow(Store.parse("sqlite:/tmp/cli-yumen-002.db?prefix=yumen_mxcu35ge_"))
await Effect.runPromise(
  Effect.gen(function* () {
    const store = yield* CaseStore.CaseStore
    let t = performance.now()
    const heads = yield* Chains.cases.heads
    console.log("heads", heads.size, (performance.now() - t).toFixed(0), "ms")
    t = performance.now()
    const all: Array<CaseStore.StoredEvent> = []
    let after = 0
    for (;;) {
      const p = yield* store.readAll(after, 2000)
      all.push(...p)
      if (p.length < 2000) break
      after = p.at(-1)!.position
    }
    console.log("readAll", all.length, (performance.now() - t).toFixed(0), "ms")
    t = performance.now()
    for (const e of all) Audit.hash(e)
    console.log("hash", (performance.now() - t).toFixed(0), "ms")
    t = performance.now()
    for (const e of all) Audit.canonical(e)
    console.log("canonical", (performance.now() - t).toFixed(0), "ms")
  }).pipe(Effect.provide(Store.layer(url)))
)
