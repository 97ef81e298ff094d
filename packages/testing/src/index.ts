export * as Arbitrary from "./Arbitrary.js"
export * as Decider from "./Decider.js"
export * as SlaSpec from "./SlaSpec.js"
export * as Yumen from "./Yumen.js"
