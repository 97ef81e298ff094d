/** `gridgov audit verify`: every hash chain of a store, page by page. */
import { Clock, Console, Effect } from "effect"
import * as Chains from "../Chains.js"
import * as Store from "../Store.js"
import { exit, Failed } from "./failure.js"
import * as Progress from "./progress.js"

const count = (n: number) => n.toLocaleString("en")
const of = (n: number, noun: string) => `${count(n)} ${noun}${n === 1 ? "" : "s"}`

const linkOf = (b: Chains.Broken) =>
  `${b.first.streamId}#${b.first.version} ${b.first.reason}: ${b.first.detail}` +
  (b.differs === undefined ? "" : ` (${b.differs})`) +
  (b.findings > 1 ? `; ${b.findings - 1} more finding(s) in this stream` : "")

export const verify = (options: { readonly store: Store.Url; readonly progress: boolean; readonly json: boolean }) =>
  Effect.gen(function* () {
    const started = yield* Clock.currentTimeMillis
    const reports: Array<Chains.Report> = []
    for (const kind of Chains.kinds) {
      const bar = yield* Progress.make(`verifying ${kind.name}`, options.progress)
      reports.push(yield* Chains.verify(kind, { onProgress: bar.update }))
      yield* bar.finish
    }
    const seconds = ((yield* Clock.currentTimeMillis) - started) / 1000
    const streams = reports.reduce((n, r) => n + r.streams, 0)
    const events = reports.reduce((n, r) => n + r.events, 0)
    const broken = reports.flatMap((r) => r.broken.map((b) => ({ kind: r.kind, ...b })))
    if (options.json) {
      yield* Console.log(
        JSON.stringify({
          intact: broken.length === 0,
          chains: reports.map((r) => ({
            kind: r.kind,
            streams: r.streams,
            events: r.events,
            broken: r.broken.map((b) => ({ ...b.first, differs: b.differs ?? null, findings: b.findings }))
          }))
        })
      )
    } else {
      for (const r of reports) {
        const state = r.broken.length === 0 ? "intact" : `${count(r.broken.length)} damaged`
        yield* Console.log(`${r.kind}: ${of(r.events, "event")} in ${of(r.streams, "stream")}, ${state}`)
        for (const b of r.broken) yield* Console.log(`  ${linkOf(b)}`)
      }
      if (broken.length === 0) {
        yield* Console.log(
          `every hash chain intact: ${of(events, "event")} in ${of(streams, "stream")} (${seconds.toFixed(1)} s)`
        )
      }
    }
    if (broken.length > 0) {
      const first = broken[0]!
      return yield* new Failed({
        reason:
          `hash chains broken in ${count(broken.length)} of ${of(streams, "stream")}; ` +
          `first: ${first.kind} ${first.first.streamId}#${first.first.version} ${first.first.reason}`,
        code: exit.broken
      })
    }
  }).pipe(Effect.provide(Store.layer(options.store)))
