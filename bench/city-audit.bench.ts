/**
 * `gridgov audit verify` over the Yumen year's store (examples/yumen, written to a
 * temporary SQLite file at `AUDIT_BENCH_SCALE`, default 1: the whole year), in
 * events per second, against hashing the same bytes with `node:crypto` alone, in the
 * same run (medians of round-robin samples, one pass over every event each):
 *
 * 1. node:crypto: SHA-256 of each event's canonical JSON, precomputed (the floor:
 *    what the chain's hashing costs with nothing else);
 * 2. Audit.hash over the events in memory: canonical JSON, then SHA-256;
 * 3. the command itself, `gridgov audit verify --store sqlite:…`: opening the store,
 *    the summaries (each stream's head), every event read page by page and checked.
 */
import { createHash } from "node:crypto"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Chains, Cli, Store } from "@gridgov/cli"
import { Audit, type CaseStore } from "@gridgov/core"
import { Console, Effect, Result } from "effect"
import { runYear } from "../examples/yumen/src/run.js"
import { compareAsync, formatRate } from "./harness.js"

const scale = Number(process.env.AUDIT_BENCH_SCALE ?? "1")

/** The fields a hash covers, as `Audit.hash` encodes them. */
const canonical = (e: CaseStore.StoredEvent) =>
  Audit.canonical({
    actor: e.actor,
    at: e.at,
    payload: e.payload,
    prevHash: e.prevHash,
    streamId: e.streamId,
    type: e.type,
    v: e.v,
    version: e.version
  })

const quiet: Console.Console = { ...globalThis.console, log: () => {}, error: () => {} }

export default async () => {
  const dir = mkdtempSync(join(tmpdir(), "gridgov-audit-bench-"))
  try {
    const file = join(dir, "yumen.db")
    const year = await runYear({ seed: 2020, scale, db: file })
    const url = `sqlite:${file}?prefix=${year.prefix}`
    console.log(
      `the Yumen year at scale ${scale}: ${year.events.toLocaleString("en")} events, ${year.stats.cases.toLocaleString("en")} cases, in ${(year.wallMs / 1000).toFixed(1)} s`
    )
    // Every event once, to hash in memory.
    const events = await Effect.runPromise(
      Effect.gen(function* () {
        const all: Array<CaseStore.StoredEvent> = []
        let after = 0
        for (;;) {
          const page = yield* Chains.cases.read(after, 5000)
          all.push(...page)
          if (page.length < 5000) return all
          after = page[page.length - 1]!.position
        }
      }).pipe(Effect.provide(Store.layer(Result.getOrThrow(Store.parse(url)))))
    )
    const bytes = events.map((e) => Buffer.from(canonical(e), "utf8"))
    const total = bytes.reduce((n, b) => n + b.length, 0)
    console.log(
      `${events.length.toLocaleString("en")} events, ${(total / 1048576).toFixed(1)} MiB of canonical JSON (${Math.round(total / events.length)} bytes an event)`
    )
    const rows = await compareAsync(
      `audit verify over the Yumen year's store (${events.length.toLocaleString("en")} events), events/s`,
      [
        {
          name: "node:crypto SHA-256 of the same bytes",
          ops: events.length,
          fn: async () => {
            let n = 0
            for (const b of bytes) n += createHash("sha256").update(b).digest("hex").length
            return n
          }
        },
        {
          name: "Audit.hash in memory (canonical JSON + SHA-256)",
          ops: events.length,
          fn: async () => {
            let n = 0
            for (const e of events) n += Audit.hash(e).length
            return n
          }
        },
        {
          name: "gridgov audit verify --store sqlite:…",
          ops: events.length,
          fn: async () => {
            const code = await Effect.runPromise(
              Cli.run(["audit", "verify", "--store", url]).pipe(Effect.provideService(Console.Console, quiet))
            )
            if (code !== 0) throw new Error(`audit verify exited ${code}`)
          }
        }
      ],
      { samples: Number(process.env.AUDIT_BENCH_SAMPLES ?? "5"), sampleMs: 1 }
    )
    const verify = rows[2]!
    console.log(
      `audit verify: ${formatRate(verify.medianOpsPerSec)} events, ${(events.length / verify.medianOpsPerSec).toFixed(1)} s for the year; ` +
        `${(1 / verify.ratio).toFixed(1)}× the time of node:crypto alone `
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
