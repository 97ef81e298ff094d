import { CityConformance, Memory } from "@gridgov/testing/vitest"
import { Effect } from "effect"

CityConformance.run(
  "memory",
  Effect.map(Memory.make, (memory) => ({ services: memory.services, raw: memory.city }))
)
