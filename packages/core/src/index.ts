export * as Staff from "./Staff.js"
