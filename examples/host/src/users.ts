/**
 * The host's own users: who holds which API key, and who each one is in gridgov — a
 * member of the public (`resident`) or a person of the city's staff (`person`). A
 * real app keeps this in its own database; the demo's staff come from the Yumen
 * fixture the app runs gridgov on.
 */
import type { Embed } from "@gridgov/embed"
import { Yumen } from "@gridgov/testing"

export interface User {
  readonly apiKey: string
  readonly name: string
  readonly gridgov: Embed.Who
}

/** A village of the fixture, and a block (level-3 grid) in it: where the demo's reports are placed. */
export const village = "620981101201"

const staff = (role: string, at: object): string => {
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
  const post = Yumen.make().staff.posts.find(
    (p) =>
      p.role === role &&
      JSON.stringify(p.at) === JSON.stringify(at) &&
      p.validFrom <= today &&
      (p.validTo === undefined || p.validTo >= today)
  )
  if (post === undefined) throw new Error(`the fixture has no ${role} at ${JSON.stringify(at)}`)
  return post.person
}

/** The demo's users: a resident, the center's dispatcher and the village's grid chief. */
export const demoUsers = (): ReadonlyArray<User> => [
  { apiKey: "key-alice", name: "Alice (a resident)", gridgov: { resident: "alice" } },
  {
    apiKey: "key-dispatch",
    name: "the center's dispatcher",
    gridgov: { person: staff("dispatcher", { unit: "center.grid" }) }
  },
  { apiKey: "key-chief", name: "the village's grid chief", gridgov: { person: staff("gridChief", { grid: village }) } }
]
