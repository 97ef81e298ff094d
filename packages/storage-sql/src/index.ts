export * as SqlStore from "./SqlStore.js"
export * as SqlRecords from "./SqlRecords.js"
