/**
 * `gridgov audit verify` against a real store: intact, then tampered with by SQL
 * behind the store's back (an edited payload, a deleted last event, an event edited
 * and re-hashed), as someone with access to the database would.
 */
import { Store } from "@gridgov/cli"
import { Audit, type CaseStore } from "@gridgov/core"
import { Effect, Result } from "effect"
import { SqlClient } from "effect/sql"
import { describe, expect, it } from "vitest"
import { cli, seed, seedCity } from "./support.js"

export interface Target {
  /** A fresh, empty store's URL. */
  readonly fresh: () => Promise<string>
  /** Statements that take the append-only triggers off the configuration's events, as their owner can. */
  readonly unlockCity: ReadonlyArray<string>
}

const open = <A, E>(url: string, body: Effect.Effect<A, E, Store.Services>) =>
  Effect.runPromise(Effect.provide(body, Store.layer(Result.getOrThrow(Store.parse(url)), { create: true })))

const row = (url: string, streamId: string, version: number) =>
  open(
    url,
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      const [r] = yield* sql<Record<string, unknown>>`SELECT * FROM gridgov_events
        WHERE stream_id = ${streamId} AND version = ${version}`
      return {
        streamId,
        version,
        position: Number(r!.position),
        type: String(r!.type),
        v: Number(r!.v),
        payload: JSON.parse(String(r!.payload)),
        actor: JSON.parse(String(r!.actor)),
        at: Number(r!.at),
        prevHash: String(r!.prev_hash),
        hash: String(r!.hash)
      } satisfies CaseStore.StoredEvent
    })
  )

const short = (hash: string) => `${hash.slice(0, 12)}…`

export const auditSuite = (name: string, target: Target) =>
  describe(`gridgov audit verify on ${name}`, () => {
    it("an intact store: exit 0, the streams and events it checked", async () => {
      const url = await target.fresh()
      await open(url, Effect.andThen(seedCity(3, 3), seed(4, 3)))
      const ran = await cli(["audit", "verify", "--store", url])
      expect(ran.err).toEqual([])
      expect(ran.code).toBe(0)
      expect(ran.out.slice(0, 2)).toEqual([
        "configuration: 3 events in 1 stream, intact",
        "cases: 12 events in 4 streams, intact"
      ])
      expect(ran.out[2]).toMatch(/^every hash chain intact: 15 events in 5 streams \(\d+\.\d s\)$/)
      expect(ran.out).toHaveLength(3)
    })

    it("a tampered store: exit 3, the first broken link of each damaged stream, what differs, one line on stderr", async () => {
      const url = await target.fresh()
      await open(url, Effect.andThen(seedCity(2, 1), seed(4, 3)))
      const edited = await row(url, "s-1", 2)
      const rehashed = await row(url, "s-3", 2)
      const next = await row(url, "s-3", 3)
      const forged = { ...rehashed, payload: { stream: 3, step: 2, note: "改过" } }
      const forgedHash = Audit.hash(forged)
      await open(
        url,
        Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          yield* sql`UPDATE gridgov_events SET payload = ${JSON.stringify({ stream: 1, step: 2, note: "改过" })}
            WHERE stream_id = 's-1' AND version = 2`
          yield* sql`DELETE FROM gridgov_events WHERE stream_id = 's-2' AND version = 3`
          yield* sql`UPDATE gridgov_events SET payload = ${JSON.stringify(forged.payload)}, hash = ${forgedHash}
            WHERE stream_id = 's-3' AND version = 2`
        })
      )
      const contentHash = Audit.hash({ ...edited, payload: { stream: 1, step: 2, note: "改过" } })
      const ran = await cli(["audit", "verify", "--store", url])
      expect(ran.code).toBe(3)
      expect(ran.out).toEqual([
        "configuration: 2 events in 1 stream, intact",
        "cases: 11 events in 4 streams, 3 damaged",
        `  s-1#2 edited: its content does not match its hash (stored hash ${short(edited.hash)}, content hashes to ${short(contentHash)})`,
        "  s-2#3 deleted: this version is missing",
        `  s-3#2 edited: its hash is not the one version 3 recorded: changed and re-hashed (its hash ${short(forgedHash)}, version 3 records ${short(next.prevHash)})`
      ])
      expect(ran.err).toEqual(["gridgov audit verify: hash chains broken in 3 of 5 streams; first: cases s-1#2 edited"])
    })

    it("the configuration's chain, edited behind its append-only triggers, or cut short of its snapshot: exit 3", async () => {
      const edited = await target.fresh()
      await open(edited, seedCity(4, 4))
      await open(
        edited,
        Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          for (const statement of target.unlockCity) yield* sql.unsafe(statement)
          yield* sql`UPDATE gridgov_city_events SET payload = ${JSON.stringify({ change: 2, reason: "改过" })}
            WHERE version = 2`
        })
      )
      const ranEdited = await cli(["audit", "verify", "--store", edited])
      expect(ranEdited.code).toBe(3)
      expect(ranEdited.out[0]).toBe("configuration: 4 events in 1 stream, 1 damaged")
      expect(ranEdited.out[1]).toMatch(
        /^ {2}city#2 edited: its content does not match its hash \(stored hash \w{12}…, content hashes to \w{12}…\)$/
      )
      expect(ranEdited.err).toEqual([
        "gridgov audit verify: hash chains broken in 1 of 1 stream; first: configuration city#2 edited"
      ])

      const cut = await target.fresh()
      await open(cut, seedCity(4, 4))
      await open(
        cut,
        Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          for (const statement of target.unlockCity) yield* sql.unsafe(statement)
          yield* sql`DELETE FROM gridgov_city_events WHERE version = 4`
        })
      )
      const ranCut = await cli(["audit", "verify", "--store", cut])
      expect(ranCut.code).toBe(3)
      expect(ranCut.out.slice(0, 2)).toEqual([
        "configuration: 3 events in 1 stream, 1 damaged",
        "  city#4 deleted: this version is missing"
      ])
    })

    it("--json: the same verdict as one object", async () => {
      const url = await target.fresh()
      await open(url, seed(2, 2))
      await open(
        url,
        Effect.flatMap(
          Effect.service(SqlClient.SqlClient),
          (sql) => sql`UPDATE gridgov_events SET at = at + 1 WHERE stream_id = 's-2' AND version = 1`
        )
      )
      const ran = await cli(["audit", "verify", "--store", url, "--json"])
      expect(ran.code).toBe(3)
      expect(JSON.parse(ran.out.join("\n"))).toMatchObject({
        intact: false,
        chains: [
          { kind: "configuration", streams: 0, events: 0, broken: [] },
          {
            kind: "cases",
            streams: 2,
            events: 4,
            broken: [{ streamId: "s-2", version: 1, reason: "edited", findings: 1 }]
          }
        ]
      })
    })
  })
