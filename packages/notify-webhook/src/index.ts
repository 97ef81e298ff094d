export * as Webhook from "./Webhook.js"
