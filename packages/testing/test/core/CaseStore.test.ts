import { Conformance, Memory } from "@gridgov/testing/vitest"

// The in-memory adapter passes the same suite as the SQL adapters.
Conformance.run("memory", Memory.make)
