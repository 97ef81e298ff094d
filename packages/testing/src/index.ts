// The test kit's entry that any project may import, with vitest installed or not: the
// in-memory stores, the Yumen fixture, command helpers, fast-check arbitraries and the
// routing spec kit. What registers tests or asserts with vitest's `expect` (the
// conformance suites, the service suites, the reliability suites, the decider and SLA
// specs) is in `@gridgov/testing/vitest`, which also re-exports all of this.
export * as Arbitrary from "./Arbitrary.js"
export * as Commands from "./Commands.js"
export * as Memory from "./Memory.js"
export * as MemoryRecords from "./MemoryRecords.js"
export * as RoutingSpec from "./RoutingSpec.js"
export * as Yumen from "./Yumen.js"
