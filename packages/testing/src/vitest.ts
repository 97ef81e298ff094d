// The whole test kit, for vitest test files: what `@gridgov/testing` exports, and the
// parts that import vitest as they load (its `describe`, `it`, `expect`): the
// conformance suites every adapter passes (the ports, the records, the city's
// configuration), the service and reliability suites, and the decider and SLA specs.

export * as CityConformance from "./CityConformance.js"
export * as Conformance from "./Conformance.js"
export * as Decider from "./Decider.js"
export * from "./index.js"
export * as RecordsConformance from "./RecordsConformance.js"
export * as ServiceReliability from "./ServiceReliability.js"
export * as ServiceSuite from "./ServiceSuite.js"
export * as SlaSpec from "./SlaSpec.js"
export * as StoreReliability from "./StoreReliability.js"
