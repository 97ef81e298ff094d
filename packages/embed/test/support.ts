/**
 * The Yumen fixture's people the tests act as (posts valid today), and small helpers.
 */
import type { Staff } from "@gridgov/core"
import { Yumen } from "@gridgov/testing"

export const city = Yumen.make()

const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)

/** The first person holding `role` at the grid or unit today. */
export const personAt = (role: Staff.Role, at: Staff.Place): string => {
  const key = JSON.stringify(at)
  const post = city.staff.posts.find(
    (p) =>
      p.role === role &&
      JSON.stringify(p.at) === key &&
      p.validFrom <= today &&
      (p.validTo === undefined || p.validTo >= today)
  )
  if (post === undefined) throw new Error(`no ${role} at ${key}`)
  return post.person
}

export const village = "620981101201"
export const block = city.tree.records.find((r) => r.parent === village && r.kind !== "exclusive")!.code
export const otherVillage = "620981103204"

export const dispatcher = { person: personAt("dispatcher", { unit: "center.grid" }) }
export const chief = { person: personAt("gridChief", { grid: village }) }
export const otherChief = { person: personAt("gridChief", { grid: otherVillage }) }
export const leader = { person: personAt("leader", { grid: "620981" }) }

export const garbage = { kind: "event", category: "event.sanitation.garbage", place: block } as const

/** The value of an outcome that must have succeeded (the failure's message otherwise). */
export const value = <A>(outcome: { ok: true; value: A } | { ok: false; error: { message: string } }): A => {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.error.message}`)
  return outcome.value
}

/** The error of an outcome that must have failed. */
export const error = <E>(outcome: { ok: true; value: unknown } | { ok: false; error: E }): E => {
  if (outcome.ok) throw new Error(`expected a failure, got ${JSON.stringify(outcome.value)}`)
  return outcome.error
}
