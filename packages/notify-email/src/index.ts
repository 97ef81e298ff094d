export * as Email from "./Email.js"
