export * as City from "./City.js"
export * as Embed from "./Embed.js"
export * as Store from "./Store.js"
