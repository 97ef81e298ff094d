/**
 * A real webhook receiver for the tests: node:http on 127.0.0.1 (random port),
 * that verifies signatures, deduplicates by `Idempotency-Key` as a careful
 * receiver would, and misbehaves on request (fail, hang, drop the connection).
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"

export type Behaviour =
  | { readonly _tag: "status"; readonly status: number; readonly headers?: Record<string, string> }
  /** Processes the message, then answers only after `ms` (past the client's timeout). */
  | { readonly _tag: "slow"; readonly ms: number }
  /** Drops the connection before processing. */
  | { readonly _tag: "drop" }

export interface Request {
  readonly path: string
  readonly headers: IncomingHttpHeaders
  readonly body: Buffer
}

export interface Receiver {
  readonly url: string
  readonly requests: Array<Request>
  /** How many times each idempotency key was processed (a careful receiver: once). */
  readonly processed: Map<string, number>
  /** Requests whose key had been processed before (answered 200 without processing again). */
  duplicates: number
  close: () => Promise<void>
}

export const start = async (behave: (request: Request, index: number) => Behaviour | undefined = () => undefined) => {
  const requests: Array<Request> = []
  const processed = new Map<string, number>()
  const pending = new Set<ServerResponse>()
  const receiver: Receiver = {
    url: "",
    requests,
    processed,
    duplicates: 0,
    close: () => Promise.resolve()
  }
  const server = createServer((req, res) => {
    const chunks: Array<Buffer> = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => {
      const request: Request = { path: req.url ?? "/", headers: req.headers, body: Buffer.concat(chunks) }
      const index = requests.push(request) - 1
      const behaviour = behave(request, index)
      if (behaviour?._tag === "drop") {
        req.socket.destroy()
        return
      }
      if (behaviour?._tag === "status") {
        res.writeHead(behaviour.status, { "content-type": "text/plain", ...behaviour.headers })
        res.end(`status ${behaviour.status}`)
        return
      }
      const key = String(req.headers["idempotency-key"])
      if (processed.has(key)) receiver.duplicates++
      else processed.set(key, 1)
      if (behaviour?._tag === "slow") {
        pending.add(res)
        setTimeout(() => {
          pending.delete(res)
          if (!res.destroyed) res.writeHead(200).end("ok, late")
        }, behaviour.ms).unref()
        return
      }
      res.writeHead(200, { "content-type": "text/plain" }).end("ok")
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of pending) res.destroy()
        server.closeAllConnections()
        server.close(() => resolve())
      })
  })
}

/** A port on 127.0.0.1 with nothing listening. */
export const closedPort = async (): Promise<number> => {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
