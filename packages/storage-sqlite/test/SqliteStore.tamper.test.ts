/**
 * Reading a case checks its hash chain: a row edited (or a tail deleted) in the
 * SQLite file behind the service's back is refused with `Audit.Tampered`, naming
 * the broken link, instead of being served as the case's history.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { CalendarCn } from "@gridgov/calendar-cn"
import { Access, type Audit, type Case, CaseService, Routing, Sla, Staff } from "@gridgov/core"
import { SqliteStore } from "@gridgov/storage-sqlite"
import { Yumen } from "@gridgov/testing"
import { Context, Effect, Layer, Result } from "effect"
import { SqlClient } from "effect/sql"
import { TestClock } from "effect/testing"
import { describe, expect, it } from "vitest"

const city = Yumen.make()
const date = "2025-03-03"
const village = "620981101201"
const block = city.tree.records.find((r) => r.parent === village && r.kind !== "exclusive")!.code
const person = (role: Staff.Role, at: Staff.Place) =>
  Access.actor(
    city.directory,
    city.staff.posts.find(
      (p) => p.role === role && JSON.stringify(p.at) === JSON.stringify(at) && Staff.validOn(p, date)
    )!.person,
    date
  )
const worker = person("gridWorker", { grid: block })
const dispatcher = person("dispatcher", { unit: "center.grid" })

const tempFile = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "gridgov-tamper-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
).pipe(Effect.map((dir) => join(dir, "store.db")))

const run = <A>(
  body: Effect.Effect<A, unknown, CaseService.CaseService | SqlClient.SqlClient>,
  verifyReads?: boolean
): Promise<A> =>
  Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const stores = yield* Layer.build(SqliteStore.layerWithClient({ filename: yield* tempFile }))
        const service = CaseService.layer.pipe(
          Layer.provide(
            CaseService.layerConfig({
              tree: city.tree,
              directory: city.directory,
              calendar: CalendarCn.calendar(),
              sla: Result.getOrThrow(Sla.make(Yumen.sla)),
              router: Result.getOrThrow(Routing.compile(Yumen.routing)),
              verifyReads
            })
          ),
          Layer.provide(Layer.succeedContext(stores))
        )
        return yield* Effect.gen(function* () {
          yield* TestClock.setTime(Date.UTC(2025, 2, 3, 1))
          return yield* body
        }).pipe(
          Effect.provide(
            Layer.mergeAll(
              service,
              Layer.succeed(SqlClient.SqlClient, Context.get(stores, SqlClient.SqlClient)),
              TestClock.layer()
            )
          )
        )
      })
    )
  )

/** A reported event, registered and dispatched by routing: versions 1–3. */
const dispatched = (id: string) =>
  Effect.gen(function* () {
    const cases = yield* CaseService.CaseService
    const open: Case.Command = {
      _tag: "Open",
      actor: { id: worker.id, role: "gridWorker" },
      kind: "event",
      id,
      category: "event.sanitation.garbage",
      place: block,
      channel: "app",
      severity: "ordinary"
    }
    yield* cases.execute(id, open, worker)
    yield* cases.execute(id, { _tag: "Register", actor: { id: dispatcher.id, role: "dispatcher" } }, dispatcher)
    return cases
  })

const tampered = <A, E>(effect: Effect.Effect<A, E | Audit.Tampered, CaseService.CaseService>) =>
  Effect.map(Effect.flip(effect), (e) => e as Audit.Tampered)

describe("CaseService.get on SQLite: a stream whose hash chain is broken is not served", () => {
  it("an event edited in the database (sent to another unit): Tampered, naming the stream and version", () =>
    run(
      Effect.gen(function* () {
        const cases = yield* dispatched("e-1")
        expect((yield* cases.get("e-1", dispatcher)).history.length).toBe(3)
        const sql = yield* SqlClient.SqlClient
        yield* sql`UPDATE gridgov_events SET payload = json_set(payload, '$.to.unit', 'dept.police')
          WHERE stream_id = 'e-1' AND version = 3`
        const e = yield* tampered(cases.get("e-1", dispatcher))
        expect(e._tag).toBe("Tampered")
        expect(e.findings).toMatchObject([{ reason: "edited", streamId: "e-1", version: 3 }])
        expect(e.message).toBe("hash chain broken: e-1#3 edited: its content does not match its hash")
      })
    ))

  it("the last event deleted: Tampered (the summary's version is the head the stream must reach)", () =>
    run(
      Effect.gen(function* () {
        const cases = yield* dispatched("e-2")
        const sql = yield* SqlClient.SqlClient
        yield* sql`DELETE FROM gridgov_events WHERE stream_id = 'e-2' AND version = 3`
        const e = yield* tampered(cases.get("e-2", dispatcher))
        expect(e.findings).toMatchObject([{ reason: "deleted", streamId: "e-2", version: 3 }])
      })
    ))

  it("a reader who may not see the case still gets NotFound, not a hint that it exists", () =>
    run(
      Effect.gen(function* () {
        const cases = yield* dispatched("e-3")
        const sql = yield* SqlClient.SqlClient
        yield* sql`UPDATE gridgov_events SET at = at + 1 WHERE stream_id = 'e-3' AND version = 2`
        const e = yield* Effect.flip(cases.get("e-3", Access.resident("r-stranger")))
        expect(e._tag).toBe("CaseNotFound")
      })
    ))

  it("with verifyReads: false the history is served as stored", () =>
    run(
      Effect.gen(function* () {
        const cases = yield* dispatched("e-4")
        const sql = yield* SqlClient.SqlClient
        yield* sql`UPDATE gridgov_events SET payload = json_set(payload, '$.to.unit', 'dept.police')
          WHERE stream_id = 'e-4' AND version = 3`
        const view = yield* cases.get("e-4", dispatcher)
        expect(view.state.handler).toEqual({ unit: "dept.police", level: 2 })
      }),
      false
    ))
})
