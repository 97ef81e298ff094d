export * as SqlStore from "./SqlStore.js"
