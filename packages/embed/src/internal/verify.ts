/**
 * The hash chains of every case in the store: the event log read in pages
 * (`CaseStore.readAll`), each case's head from its summary (so a deleted tail is
 * found too), checked by `Audit.verify`.
 */
import { Audit, type CaseStore } from "@gridgov/core"
import { Effect } from "effect"

const pageSize = 1_000

export const all = (store: CaseStore.CaseStore["Service"]) =>
  Effect.gen(function* () {
    const events: Array<CaseStore.StoredEvent> = []
    for (let after = 0; ; ) {
      const page = yield* store.readAll(after, pageSize)
      for (const event of page) events.push(event)
      if (page.length < pageSize) break
      after = page[page.length - 1]!.position
    }
    const heads = new Map<string, number>()
    for (let after: CaseStore.Cursor | undefined; ; ) {
      const page = yield* store.search({ limit: pageSize, after, orderBy: "createdAt" })
      for (const summary of page.items) heads.set(summary.streamId, summary.version)
      if (page.next === undefined) break
      after = page.next
    }
    return yield* Effect.fromResult(Audit.verify(events, { heads }))
  })
