export * as Grid from "./Grid.js"
export * as Staff from "./Staff.js"
