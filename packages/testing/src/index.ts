export * as Arbitrary from "./Arbitrary.js"
export * as Yumen from "./Yumen.js"
