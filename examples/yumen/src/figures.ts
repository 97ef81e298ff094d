/**
 * The article's table (docs/explanation/domain.md, "The figures to reproduce") and how each figure is
 * read back from what the engine stored: record counts from the `RecordStore`, case
 * counts and rates from the `AnalyticsStore` counters (cases opened in 2020, as they
 * stand at the end of the run). Nothing here looks at what the generator intended.
 */
import { Analytics, AnalyticsStore, RecordStore } from "@gridgov/core"
import { Effect } from "effect"

export interface Measure {
  readonly name: string
  readonly label: string
  readonly unit: "count" | "rate"
  /** The article's value (a count, or a rate in percent). */
  readonly article: number
  /** The article's value at the run's scale (counts scaled; rates as they are). */
  readonly expected: number
  readonly reproduced: number
}

const from = "2020-01"
const to = "2020-12"
const year = { from: Date.UTC(2019, 11, 31, 16), to: Date.UTC(2020, 11, 31, 16) }

const pct = (r: Analytics.Rate) => (r.value === null ? 0 : 100 * r.value)

/** The figures, computed from the stores. */
export const compute = (scale: number) =>
  Effect.gen(function* () {
    const records = yield* RecordStore.RecordStore
    const counters = yield* AnalyticsStore.AnalyticsStore
    const countRecords = (item: string, task: "visit" | "patrol" | "control") =>
      Effect.map(records.count({ item, task, from: year.from, to: year.to - 1 }, "task"), (rows) =>
        rows.reduce((n, r) => n + r.count, 0)
      )
    const visits = yield* countRecords("person.household", "visit")
    const inspections = yield* countRecords("place.key", "patrol")
    const control = yield* countRecords("person.key", "control")
    const disputes = yield* counters.totals({ kinds: ["dispute"], from, to })
    const events = yield* counters.totals({ kinds: ["event"], from, to })
    const diverted = yield* counters.totals({ kinds: ["hotline"], unit: "dept", from, to })
    const c = (name: string, label: string, article: number, reproduced: number): Measure => ({
      name,
      label,
      unit: "count",
      article,
      expected: Math.round(article * scale),
      reproduced
    })
    const r = (name: string, label: string, article: number, rate: Analytics.Rate): Measure => ({
      name,
      label,
      unit: "rate",
      article,
      expected: article,
      reproduced: Math.round(pct(rate) * 100) / 100
    })
    return [
      c("visits", "household-visit records", 159_000, visits),
      c("inspections", "key-place inspection records", 26_000, inspections),
      c("keyPersons", "key-person control records", 5_586, control),
      c("disputes", "disputes found", 1_921, disputes.mediations),
      c("disputesResolved", "disputes resolved (mediated)", 1_894, disputes.mediated),
      r("disputeRate", "dispute mediation success, %", 98.6, Analytics.rates(disputes).mediationSuccessRate),
      c("events", "valid events reported", 53_609, events.valid),
      c("eventsClosed", "valid events closed", 53_595, events.closed),
      r("eventRate", "event closure, %", 99.9, Analytics.rates(events).closureRate),
      c("diverted", "cases diverted to departments", 824, diverted.valid),
      c("divertedClosed", "diverted cases closed", 796, diverted.closed),
      r("divertedRate", "diverted closure, %", 96.6, Analytics.rates(diverted).closureRate)
    ] satisfies ReadonlyArray<Measure>
  })
