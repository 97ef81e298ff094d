/**
 * The host: an existing Fastify app with routes and authentication of its own. Every
 * request but `/health` carries an API key (`x-api-key`) the app looks up in its
 * users; errors are answered in the app's own shape, `{ error: { code, message } }`.
 * It knows nothing of gridgov: `gridgov.ts` adds that.
 */
import Fastify, { type FastifyInstance } from "fastify"
import type { User } from "./users.js"

declare module "fastify" {
  interface FastifyRequest {
    user: User
  }
}

export const build = (users: ReadonlyArray<User>): FastifyInstance => {
  const app = Fastify()
  const byKey = new Map(users.map((u) => [u.apiKey, u]))
  app.decorateRequest("user")
  app.addHook("onRequest", async (request, reply) => {
    if (request.url === "/health") return
    const user = byKey.get(String(request.headers["x-api-key"] ?? ""))
    if (user === undefined)
      return reply.code(401).send({ error: { code: "unauthorized", message: "Send your API key in x-api-key" } })
    request.user = user
  })
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) =>
    reply.code(error.statusCode ?? 500).send({ error: { code: "bad_request", message: error.message } })
  )
  app.get("/health", async () => ({ ok: true }))
  app.get("/me", async (request) => ({ name: request.user.name }))
  app.get("/announcements", async () => [{ id: 1, text: "The service desk is open 9:00–17:00" }])
  return app
}
