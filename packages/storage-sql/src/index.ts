export * as SqlRecords from "./SqlRecords.js"
export * as SqlStore from "./SqlStore.js"
