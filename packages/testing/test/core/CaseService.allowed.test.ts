/**
 * "What may I do here?" (`CaseService.allowed`) against `execute` itself: random walks
 * of cases of every kind, where at each step a random actor issues a random command
 * with a random payload. A command is listed (in that role, with those values among
 * its fields' `choices`) iff `execute` takes it; a refused command is refused by the
 * rules (access, machine, guard, SLA due check), never by anything else.
 *
 * Payload content that no rule enumerates is drawn within its documented bounds: texts
 * non-empty, extension days within `Case.Config.maxExtensionDays`, a duplicate's id
 * other than the case's own.
 */
import { CalendarCn } from "@gridgov/calendar-cn"
import { type Access, Case, CaseKind, CaseMachine, CaseService, type Staff } from "@gridgov/core"
import { Memory, ServiceSuite } from "@gridgov/testing/vitest"
import { Effect, Result, SchemaAST } from "effect"
import { TestClock } from "effect/testing"
import fc from "fast-check"
import { describe, expect, it } from "vitest"

const cases = Effect.service(CaseService.CaseService)
const { runWith, staffAt } = ServiceSuite
const settings = ServiceSuite.settings(CalendarCn.calendar())
const { dispatcher, leader, otherChief, resident, townChief, villageChief, worker } = ServiceSuite.actors
const { block, village } = ServiceSuite.places
const officerAt = (unit: string) => ServiceSuite.staffAt("departmentOfficer", unit)

const system: Access.Actor = { id: "system", posts: [{ role: "system", at: null }] }
const actors: ReadonlyArray<Access.Actor> = [
  dispatcher,
  townChief,
  villageChief,
  otherChief,
  worker,
  leader,
  resident,
  system,
  officerAt("dept.housing"),
  officerAt("dept.petition"),
  staffAt("judgeAssistant", "center.litigation"),
  { id: "w-2", posts: [...worker.posts, ...dispatcher.posts] }
]
const units = ["dept.housing", "dept.petition", "center.litigation", "committee.water", village]
const clocks = [...new Set(CaseKind.kinds.flatMap((k) => CaseMachine.clocks(k)))]

/** A payload value for each command field, drawn from what its schema takes (within the bounds above). */
interface Draws {
  readonly nextInt: (min: number, max: number) => number
  readonly nextBoolean: () => boolean
}

const drawValue = (tag: string, name: string, caseId: string, r: Draws): unknown => {
  const pick = <A>(xs: ReadonlyArray<A>): A => xs[r.nextInt(0, xs.length - 1)]!
  switch (name) {
    case "clock":
      return pick(clocks)
    case "days":
      return r.nextInt(1, Case.defaultConfig.maxExtensionDays)
    case "duplicateOf":
      return `${caseId}-twin`
    case "evidence":
      return pick([[], ["photo-1"]])
    case "to":
      return tag === "Refer" ? "法院" : { unit: pick(units) }
    case "passed":
    case "upheld":
    case "granted":
      return r.nextBoolean()
    case "rating":
      return pick(["excellent", "good", "fair", "poor"])
    case "satisfaction":
      return pick(["satisfied", "basicallySatisfied", "dissatisfied"])
    case "track":
      return pick(["simple", "complex"])
    case "channel":
      return pick(["litigation", "arbitration", "petition"])
    case "reason":
      return tag === "Pause" ? pick(["petitioner", "appraisal", "hearing", "other"]) : "原因"
    default:
      return "内容"
  }
}

/** Each command's required payload fields, from the command schema. */
const fieldsOf = new Map(
  Case.Command.members.map((m) => {
    const fields = m.fields as unknown as Record<string, { readonly ast: SchemaAST.AST }>
    const required = Object.keys(fields).filter(
      (k) => k !== "_tag" && k !== "actor" && !SchemaAST.isOptional(fields[k]!.ast)
    )
    return [m.fields._tag.schema.literal as string, required] as const
  })
)
const tags = Case.Command.discriminants.filter((t) => t !== "Open")

const opens: ReadonlyArray<{ by: Access.Actor; role: Staff.Role; command: Record<string, unknown> }> = [
  {
    by: worker,
    role: "gridWorker",
    command: { kind: "event", category: "event.sanitation.garbage", place: block, channel: "app" }
  },
  {
    by: resident,
    role: "public",
    command: { kind: "event", category: "event.facility.road", place: block, channel: "public" }
  },
  {
    by: worker,
    role: "gridWorker",
    command: { kind: "dispute", category: "dispute.water", place: block, channel: "app" }
  },
  {
    by: dispatcher,
    role: "dispatcher",
    command: {
      kind: "petition",
      category: "petition",
      place: village,
      channel: "walkIn",
      track: "simple",
      reporter: { id: resident.id, role: "public" }
    }
  },
  {
    by: dispatcher,
    role: "dispatcher",
    command: { kind: "prelitigation", category: "prelitigation", place: village, channel: "walkIn" }
  },
  {
    by: dispatcher,
    role: "dispatcher",
    command: { kind: "hotline", category: "hotline.help", place: block, channel: "hotline" }
  }
]

interface Step {
  readonly actor: number
  readonly fromList: boolean
  readonly tag: number
  readonly role: number
  readonly hours: number
  readonly seed: number
}

const step: fc.Arbitrary<Step> = fc.record({
  actor: fc.nat(actors.length - 1),
  fromList: fc.boolean(),
  tag: fc.nat(1_000),
  role: fc.nat(10),
  hours: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 24 * 20 })),
  seed: fc.integer()
})

const refused = new Set([
  "AccessDenied",
  "TransitionNotAllowed",
  "RoleNotAllowed",
  "GuardRejected",
  "CasePaused",
  "SlaNotDue"
])

describe("CaseService.allowed", () => {
  it("lists a command (role, choices) iff execute takes it, on random walks of every kind", async () => {
    let listedTaken = 0
    let unlistedRefused = 0
    await fc.assert(
      fc.asyncProperty(
        fc.nat(opens.length - 1),
        fc.array(step, { minLength: 10, maxLength: 40 }),
        async (which, steps) => {
          const run = runWith(Memory.make, settings)
          const counts = await run(
            Effect.gen(function* () {
              const service = yield* cases
              const open = opens[which]!
              const caseId = `walk-${which}`
              yield* service.execute(
                caseId,
                {
                  _tag: "Open",
                  id: caseId,
                  actor: { id: open.by.id, role: open.role },
                  severity: "ordinary",
                  ...open.command
                } as Case.Command,
                open.by
              )
              let taken = 0
              let refusals = 0
              for (const s of steps) {
                if (s.hours > 0) yield* TestClock.adjust(s.hours * 3_600_000)
                const actor = actors[s.actor]!
                const r = draws(s.seed)
                const answer = yield* Effect.result(service.allowed(caseId, actor))
                const listed = Result.isSuccess(answer) ? answer.success.commands : []
                if (Result.isFailure(answer)) expect(answer.failure._tag).toBe("CaseNotFound")
                let tag: string
                let role: Staff.Role
                const payload: Record<string, unknown> = {}
                if (s.fromList && listed.length > 0) {
                  const a = listed[s.tag % listed.length]!
                  tag = a.command
                  role = a.roles[s.role % a.roles.length]!
                  for (const f of a.fields) {
                    if (f.optional) continue
                    payload[f.name] =
                      f.choices !== undefined
                        ? f.choices[r.nextInt(0, f.choices.length - 1)]
                        : drawValue(tag, f.name, caseId, r)
                  }
                } else {
                  tag = tags[s.tag % tags.length]!
                  const roles = actor.posts.map((p) => p.role)
                  role = roles[s.role % roles.length] ?? "public"
                  for (const name of fieldsOf.get(tag)!) payload[name] = drawValue(tag, name, caseId, r)
                }
                const allowance = listed.find((a) => a.command === tag)
                const predicted =
                  allowance?.roles.includes(role) &&
                  allowance.fields.every(
                    (f) =>
                      f.optional ||
                      f.choices === undefined ||
                      f.choices.some((c) => JSON.stringify(c) === JSON.stringify(payload[f.name]))
                  )
                const command = { ...payload, _tag: tag, actor: { id: actor.id, role } } as unknown as Case.Command
                const outcome = yield* Effect.result(service.execute(caseId, command, actor))
                if (Result.isSuccess(outcome)) {
                  if (!predicted)
                    throw new Error(`taken but not listed: ${JSON.stringify(command)} on ${JSON.stringify(listed)}`)
                  taken++
                } else {
                  if (!refused.has(outcome.failure._tag)) throw outcome.failure
                  if (predicted)
                    throw new Error(
                      `listed but refused (${outcome.failure._tag}): ${JSON.stringify(command)} on ${JSON.stringify(listed)}`
                    )
                  refusals++
                }
              }
              return { taken, refusals }
            })
          )
          listedTaken += counts.taken
          unlistedRefused += counts.refusals
        }
      ),
      { numRuns: 60 }
    )
    // the walks did walk: many commands taken, many refused
    expect(listedTaken).toBeGreaterThan(100)
    expect(unlistedRefused).toBeGreaterThan(100)
  }, 120_000)

  it("answers NotFound to an actor who may not read the case, and lists nothing on a closed case but its exits", async () => {
    const run = runWith(Memory.make, settings)
    await run(
      Effect.gen(function* () {
        const service = yield* cases
        yield* service.execute(
          "e-1",
          {
            _tag: "Open",
            id: "e-1",
            actor: { id: worker.id, role: "gridWorker" },
            kind: "event",
            category: "event.sanitation.garbage",
            place: block,
            channel: "app",
            severity: "ordinary"
          },
          worker
        )
        const other = yield* Effect.flip(service.allowed("e-1", otherChief))
        expect(other._tag).toBe("CaseNotFound")
        const desk = yield* service.allowed("e-1", dispatcher)
        expect(desk).toMatchObject({ caseId: "e-1", kind: "event", status: "reported", version: 1 })
        expect(desk.commands.map((c) => c.command).sort()).toEqual(["Cancel", "Merge", "Register", "Urge"])
        expect(desk.commands.find((c) => c.command === "Merge")!.fields).toEqual([
          { name: "duplicateOf", optional: false, type: "text" }
        ])
        // the worker who reported it may do nothing with it yet
        expect((yield* service.allowed("e-1", worker)).commands).toEqual([])
        const missing = yield* Effect.flip(service.allowed("nope", dispatcher))
        expect(missing._tag).toBe("CaseNotFound")
      })
    )
  })
})

/** Seeded draws for the payload of one step (mulberry32), so a failing walk replays from its seed. */
function draws(seed: number): Draws {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
  return { nextInt: (min, max) => min + Math.floor(next() * (max - min + 1)), nextBoolean: () => next() < 0.5 }
}
