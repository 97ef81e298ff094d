// The glue: gridgov in the host, through the Promise facade. Every line of this file counts.
import { Embed } from "@gridgov/embed"
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify"

type Params = { readonly id: string }
type Failure = { readonly _tag: string; readonly message: string; readonly issues?: ReadonlyArray<unknown> }

// gridgov's error tags, in the host's statuses and error shape
const statuses: Record<string, number> = { InputInvalid: 400, AccessDenied: 403, Forbidden: 403, StoreError: 500 }
const status = (tag: string) => statuses[tag] ?? (tag.endsWith("NotFound") ? 404 : tag === "Tampered" ? 500 : 409)

const send = <A>(reply: FastifyReply, outcome: Embed.Outcome<A, Failure>, ok = 200) =>
  outcome.ok
    ? reply.code(ok).send(outcome.value)
    : reply.code(status(outcome.error._tag)).send({
        error: { code: outcome.error._tag, message: outcome.error.message, details: outcome.error.issues }
      })

export const embed = async (app: FastifyInstance, store: string): Promise<Embed.Gridgov> => {
  const gridgov = await Embed.start({ store, city: "yumen" })
  app.addHook("onClose", () => gridgov.close())
  const as = (request: FastifyRequest) => gridgov.as(request.user.gridgov)
  const key = (request: FastifyRequest) => ({
    idempotencyKey: request.headers["idempotency-key"] as string | undefined
  })

  app.post("/reports", async (req, reply) => send(reply, await as(req).report(req.body as Embed.Report, key(req)), 201))
  app.get<{ Params: Params }>("/reports/:id", async (req, reply) => send(reply, await as(req).get(req.params.id)))
  app.get<{ Params: Params }>("/reports/:id/actions", async (req, reply) =>
    send(reply, await as(req).allowed(req.params.id))
  )
  app.post<{ Params: Params }>("/reports/:id/actions", async (req, reply) =>
    send(reply, await as(req).command(req.params.id, req.body as Embed.Command, key(req)))
  )
  app.get("/my-work", async (req, reply) => send(reply, await as(req).work.todo()))
  return gridgov
}
