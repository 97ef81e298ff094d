/**
 * Open311 GeoReport v2 under `/open311/v2`, in JSON and XML (`.json` / `.xml`
 * suffixes, as the spec has them):
 *
 * - `GET discovery` — this endpoint;
 * - `GET services` — the leaf categories of the taxonomy (`Category`) for events,
 *   hotline tickets and disputes, each with the unit routing sends it to in the city;
 * - `GET services/{service_code}` — its definition (no attributes: a report comes in
 *   at `ordinary` severity through the `online` channel, as `Access` has residents report);
 * - `POST requests` — a report, form-encoded, with an integration's `api_key`; the
 *   place is `lat`/`long` (the grid `CaseService.open` places the point in),
 *   else `address_id` (a grid code), else `address_string` (a grid code, a grid's
 *   name in Chinese or English, or its path of names joined with `/`, e.g.
 *   `玉门市/玉门镇/…`); a report is answered at once with its `service_request_id`;
 *   an `Idempotency-Key` header binds to the integration and the report (as
 *   `CaseService.open` binds it): the same report resent answers the same id, another
 *   report under the key is a 422;
 * - `GET requests` (`service_request_id` list, `service_code`, `start_date`,
 *   `end_date`, `status`), `GET requests/{id}` — the requests an integration made
 *   (with `api_key`: that integration's; without: the default integration's, the
 *   public data set), status `open`/`closed`, the machine state in `status_notes`;
 * - `GET tokens/{token}` — a token is the request's id (requests are created synchronously).
 *
 * Errors are the spec's array of `{ code, description }` with the HTTP status as `code`.
 *
 * @since 0.1.0
 */
import { Access, CaseService, type CaseStore, Category, Configuration, Grid, Routing } from "@gridgov/core"
import { Effect, Layer, Option, Schema } from "effect"
import { HttpRouter, HttpServerRequest, HttpServerResponse, UrlParams } from "effect/http"
import * as Auth from "./Auth.js"
import * as xml from "./internal/xml.js"

/**
 * Options: the jurisdiction id (default `"620981"`), the id of the integration whose
 * requests anonymous `GET requests` show (default `"integration:open311"`), the
 * public base URL for discovery, and the kinds whose categories are services.
 *
 * @example
 * import type { Open311 } from "@gridgov/http"
 * const options: Open311.Options = { jurisdiction: "620981", baseUrl: "http://127.0.0.1:3000" }
 *
 * @category config
 * @since 0.1.0
 */
export interface Options {
  readonly jurisdiction?: string | undefined
  readonly publicIntegration?: string | undefined
  readonly baseUrl?: string | undefined
  readonly kinds?: ReadonlyArray<"event" | "hotline" | "dispute"> | undefined
}

type Format = "json" | "xml"

const respond = (format: Format, root: string, value: unknown, status = 200) =>
  format === "json"
    ? HttpServerResponse.jsonUnsafe(value, { status })
    : HttpServerResponse.text(xml.document(root, value), { status, contentType: "text/xml; charset=utf-8" })

const failure = (format: Format, code: number, description: string) =>
  respond(format, "errors", [{ code, description }], code)

const split = (name: string): { readonly base: string; readonly format: Format | undefined } => {
  if (name.endsWith(".json")) return { base: name.slice(0, -5), format: "json" }
  if (name.endsWith(".xml")) return { base: name.slice(0, -4), format: "xml" }
  return { base: name, format: undefined }
}

const decoder = new TextDecoder()

/**
 * An error response under `/open311` made an Open311 error array (in the format of
 * the path's suffix); Open311's own answers pass through.
 *
 * @example
 * import { HttpServerResponse } from "effect/http"
 * import { Open311 } from "@gridgov/http"
 * Open311.normalize(HttpServerResponse.empty({ status: 404 }), "/open311/v2/nope.json").status // 404
 *
 * @category rendering
 * @since 0.1.0
 */
export const normalize = (
  response: HttpServerResponse.HttpServerResponse,
  path: string
): HttpServerResponse.HttpServerResponse => {
  if (response.status < 400) return response
  const type = response.headers["content-type"] ?? ""
  if (type.startsWith("application/json") || type.startsWith("text/xml")) return response
  let description = `Request failed with status ${response.status}`
  if (response.body._tag === "Uint8Array") {
    try {
      const detail = (JSON.parse(decoder.decode(response.body.body)) as { detail?: unknown }).detail
      if (typeof detail === "string") description = detail
    } catch {}
  }
  const out = failure(path.endsWith(".xml") ? "xml" : "json", response.status, description)
  const retry = response.headers["retry-after"]
  return retry === undefined ? out : HttpServerResponse.setHeader(out, "retry-after", retry)
}

const Post = Schema.Struct({
  api_key: Schema.String,
  service_code: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(128)),
  jurisdiction_id: Schema.optionalKey(Schema.String),
  lat: Schema.optionalKey(Schema.FiniteFromString.check(Schema.isBetween({ minimum: -90, maximum: 90 }))),
  long: Schema.optionalKey(Schema.FiniteFromString.check(Schema.isBetween({ minimum: -180, maximum: 180 }))),
  address_string: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(500))),
  address_id: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(64))),
  description: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(4000)))
})

const Query = Schema.Struct({
  api_key: Schema.optionalKey(Schema.String),
  jurisdiction_id: Schema.optionalKey(Schema.String),
  service_request_id: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(4000))),
  service_code: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(128))),
  start_date: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(64))),
  end_date: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(64))),
  status: Schema.optionalKey(Schema.Literals(["open", "closed"]))
})

const decodePost = Schema.decodeUnknownResult(Post)
const decodeQuery = Schema.decodeUnknownResult(Query)

const instant = (s: string | undefined): number | undefined | null => {
  if (s === undefined) return undefined
  const t = Date.parse(s)
  return Number.isFinite(t) ? t : null
}

const iso = (t: number | null | undefined) => (t === null || t === undefined ? undefined : new Date(t).toISOString())

/**
 * The Open311 routes, added to an `HttpRouter`. Needs `CaseService`, the live
 * `Configuration` (services, places and names follow it) and an `Authenticator` (for
 * API keys).
 *
 * @example
 * import { Open311 } from "@gridgov/http"
 * const routes = Open311.layer({ jurisdiction: "620981" })
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (options: Options = {}) =>
  Layer.unwrap(
    Effect.gen(function* () {
      const cases = yield* CaseService.CaseService
      const configuration = yield* Configuration.Configuration
      const auth = yield* Auth.Authenticator
      const publicId = options.publicIntegration ?? "integration:open311"
      const kinds = options.kinds ?? ["event", "hotline", "dispute"]

      /** What the routes serve from a configuration: built once per version, as a change comes in. */
      const derived = new WeakMap<Configuration.Snapshot, ReturnType<typeof derive>>()
      const derive = (env: Configuration.Snapshot) => {
        const tree = env.tree
        const jurisdiction = options.jurisdiction ?? Grid.record(tree, 0).code
        const taxonomy = env.router.taxonomy ?? Category.defaults
        const root = [Grid.record(tree, 0).code]
        const services = taxonomy.entries
          .filter((e) => kinds.some((k) => Category.matches(k, e.code)))
          .filter((e) => Category.children(taxonomy, e.code).length === 0 && Category.depth(e.code) > 1)
          .map((e) => {
            const kind = e.code.split(".")[0] as "event" | "hotline" | "dispute"
            const decision = Routing.route(env.router, { kind, category: e.code, place: root })
            const to = decision.target._tag === "Unit" ? decision.target.unit : `grid level ${decision.target.level}`
            const parent = Category.parent(e.code)
            return {
              kind,
              json: {
                service_code: e.code,
                service_name: e.label.en,
                description: `${e.label["zh-CN"]} — routed to ${to}${decision.rule === undefined ? "" : ` (rule ${decision.rule})`}`,
                metadata: false,
                type: "realtime",
                keywords: e.code.split(".").join(","),
                group: parent === undefined ? kind : (Category.resolve(taxonomy, parent)?.label.en ?? parent)
              }
            }
          })
        const byCode = new Map(services.map((s) => [s.json.service_code, s]))

        // A resident's report comes in at ordinary severity (`Access.authorize`): the
        // center judges how serious it is, so no service offers a severity attribute.
        const definition = (code: string) => ({ service_code: code, attributes: [] })

        const names = new Map<string, string>()
        for (let id = 0; id < tree.size; id++) {
          const r = Grid.record(tree, id)
          if (Grid.isRetired(tree, id)) continue
          names.set(r.name.zh, r.code)
          names.set(r.name.en.toLowerCase(), r.code)
          names.set(Grid.pathNames(tree, id, "zh").join("/"), r.code)
          names.set(Grid.pathNames(tree, id, "en").join("/").toLowerCase(), r.code)
        }
        const address = (s: string): string | undefined => {
          const t = s.trim()
          if (Grid.id(tree, t) !== undefined) return t
          return names.get(t) ?? names.get(t.toLowerCase())
        }

        const toRequest = (s: CaseStore.Summary) => {
          const body = (s.body ?? {}) as { readonly final?: boolean; readonly summary?: string }
          const id = Grid.id(tree, s.gridCode)
          return {
            service_request_id: s.streamId,
            status: body.final === true ? "closed" : "open",
            status_notes: s.state,
            service_name: byCode.get(s.category)?.json.service_name ?? s.category,
            service_code: s.category,
            description: body.summary ?? "",
            agency_responsible: s.unit ?? undefined,
            service_notice: undefined,
            requested_datetime: iso(s.createdAt),
            updated_datetime: iso(s.updatedAt),
            expected_datetime: iso(s.dueAt),
            address: id === undefined ? undefined : Grid.pathNames(tree, id, "zh").join("/"),
            address_id: s.gridCode,
            zipcode: undefined
          }
        }
        return { tree, jurisdiction, services, byCode, definition, address, toRequest }
      }
      const current = Effect.map(configuration.current, (city) => {
        let d = derived.get(city)
        if (d === undefined) {
          d = derive(city)
          derived.set(city, d)
        }
        return d
      })

      const actorFor = (apiKey: string | undefined) =>
        apiKey === undefined || apiKey === ""
          ? Effect.succeed(Access.resident(publicId))
          : Effect.map(auth.apiKey(apiKey), (s) => Access.resident(s.id))

      const one = (format: Format) =>
        Effect.gen(function* () {
          const router = yield* HttpRouter.RouteContext
          const request = yield* HttpServerRequest.HttpServerRequest
          const { services } = yield* current
          const { base, format: fmt } = split(router.params.name ?? "")
          if (fmt === undefined) return failure(format, 404, "Add .json or .xml to the path")
          switch (base) {
            case "discovery":
              return respond(fmt, "discovery", {
                changeset: "2021-01-01T00:00:00Z",
                contact: "gridgov",
                key_service: "API keys are issued by the city's administrators",
                endpoints: [
                  {
                    specification: "http://wiki.open311.org/GeoReport_v2",
                    url: `${options.baseUrl ?? ""}/open311/v2`,
                    changeset: "2021-01-01T00:00:00Z",
                    type: "production",
                    formats: ["application/json", "text/xml"]
                  }
                ]
              })
            case "services":
              return respond(
                fmt,
                "services",
                services.map((s) => s.json)
              )
            case "requests":
              return request.method === "POST" ? yield* submit(fmt, request) : yield* list(fmt, request)
            default:
              return failure(fmt, 404, `No resource ${base}`)
          }
        })

      const params = (request: HttpServerRequest.HttpServerRequest) =>
        Effect.map(Effect.service(HttpServerRequest.ParsedSearchParams), (q) => {
          const out: Record<string, string> = {}
          for (const [k, v] of Object.entries(q)) out[k] = Array.isArray(v) ? v[0]! : (v as string)
          void request
          return out
        })

      const submit = (fmt: Format, request: HttpServerRequest.HttpServerRequest) =>
        Effect.gen(function* () {
          const type = (request.headers["content-type"] ?? "").toLowerCase()
          const charset = /;\s*charset\s*=\s*"?([^";\s]+)/.exec(type)?.[1]
          if (
            !type.startsWith("application/x-www-form-urlencoded") ||
            (charset !== undefined && charset !== "utf-8" && charset !== "utf8")
          )
            return failure(fmt, 415, "Send application/x-www-form-urlencoded in UTF-8")
          const { jurisdiction, byCode, address } = yield* current
          const form = UrlParams.toRecord(yield* request.urlParamsBody)
          const decoded = decodePost(form)
          if (decoded._tag === "Failure") return failure(fmt, 400, decoded.failure.message)
          const input = decoded.success
          if (input.jurisdiction_id !== undefined && input.jurisdiction_id !== jurisdiction)
            return failure(fmt, 404, `Unknown jurisdiction ${input.jurisdiction_id}`)
          const subject = yield* Effect.result(auth.apiKey(input.api_key))
          if (subject._tag === "Failure") return failure(fmt, 403, "Invalid api_key")
          const service = byCode.get(input.service_code)
          if (service === undefined) return failure(fmt, 404, `Unknown service_code ${input.service_code}`)
          // a point is placed by the case service (the grid it lies in); an address names a grid here
          const point =
            input.lat !== undefined && input.long !== undefined ? { long: input.long, lat: input.lat } : undefined
          const place =
            point !== undefined
              ? undefined
              : input.address_id !== undefined
                ? address(input.address_id)
                : input.address_string !== undefined
                  ? address(input.address_string)
                  : undefined
          if (point === undefined && place === undefined)
            return failure(fmt, 400, "Give lat and long, or an address_id or address_string naming a grid")
          const actor = Access.resident(subject.success.id)
          const key = request.headers["idempotency-key"]
          const receipt = yield* Effect.result(
            cases.open(
              {
                actor: { id: actor.id, role: "public" },
                kind: service.kind,
                category: input.service_code,
                ...(point === undefined ? { place } : { point }),
                channel: "online",
                severity: "ordinary",
                ...(input.description === undefined ? {} : { summary: input.description })
              },
              actor,
              key === undefined ? undefined : { idempotencyKey: key }
            )
          )
          if (receipt._tag === "Failure") {
            const e = receipt.failure
            if (e._tag === "StoreError") {
              yield* Effect.logError("store error", e)
              return failure(fmt, 500, "The server could not complete the request")
            }
            return failure(
              fmt,
              e._tag === "AccessDenied" ? 403 : e._tag === "IdempotencyKeyReused" ? 422 : 400,
              e.message
            )
          }
          return respond(fmt, "service_requests", [
            {
              service_request_id: receipt.success.caseId,
              service_notice: `Received: ${receipt.success.status}`,
              account_id: undefined
            }
          ])
        })

      const list = (fmt: Format, _request: HttpServerRequest.HttpServerRequest) =>
        Effect.gen(function* () {
          const { jurisdiction, toRequest } = yield* current
          const decoded = decodeQuery(yield* params(_request))
          if (decoded._tag === "Failure") return failure(fmt, 400, decoded.failure.message)
          const q = decoded.success
          if (q.jurisdiction_id !== undefined && q.jurisdiction_id !== jurisdiction)
            return failure(fmt, 404, `Unknown jurisdiction ${q.jurisdiction_id}`)
          const from = instant(q.start_date)
          const to = instant(q.end_date)
          if (from === null || to === null) return failure(fmt, 400, "start_date and end_date are w3 datetimes")
          const who = yield* Effect.result(actorFor(q.api_key))
          if (who._tag === "Failure") return failure(fmt, 403, "Invalid api_key")
          const actor = who.success
          let rows: Array<CaseStore.Summary>
          if (q.service_request_id !== undefined) {
            rows = []
            for (const id of q.service_request_id.split(",").slice(0, 100)) {
              const row = yield* summaryOf(id.trim(), actor)
              if (row !== undefined) rows.push(row)
            }
          } else {
            const page = yield* cases
              .search(
                {
                  category: q.service_code,
                  createdFrom: from ?? undefined,
                  createdTo: to ?? undefined,
                  orderBy: "createdAt",
                  descending: true,
                  limit: 1000
                },
                actor
              )
              .pipe(Effect.orDie)
            rows = [...page.items]
          }
          const out = rows.map(toRequest).filter((r) => q.status === undefined || r.status === q.status)
          return respond(fmt, "service_requests", out)
        })

      const summaryOf = (id: string, actor: Access.Actor) =>
        cases.get(id, actor).pipe(
          Effect.map((v) => Option.getOrUndefined(v.summary)),
          Effect.catchTag("CaseNotFound", () => Effect.succeed(undefined)),
          Effect.orDie
        )

      const item = Effect.gen(function* () {
        const router = yield* HttpRouter.RouteContext
        const { byCode, definition, toRequest } = yield* current
        const collection = router.params.collection ?? ""
        const { base, format: fmt } = split(router.params.item ?? "")
        if (fmt === undefined) return failure("json", 404, "Add .json or .xml to the path")
        switch (collection) {
          case "services": {
            if (!byCode.has(base)) return failure(fmt, 404, `Unknown service_code ${base}`)
            return respond(fmt, "service_definition", definition(base))
          }
          case "requests":
          case "tokens": {
            const q = yield* params(yield* HttpServerRequest.HttpServerRequest)
            const who = yield* Effect.result(actorFor(q.api_key))
            if (who._tag === "Failure") return failure(fmt, 403, "Invalid api_key")
            const row = yield* summaryOf(base, who.success)
            if (row === undefined) return failure(fmt, 404, `No service request ${base}`)
            return collection === "tokens"
              ? respond(fmt, "service_requests", [{ service_request_id: row.streamId, token: base }])
              : respond(fmt, "service_requests", [toRequest(row)])
          }
          default:
            return failure(fmt, 404, `No resource ${collection}`)
        }
      })

      return HttpRouter.addAll([
        HttpRouter.route("GET", "/open311/v2/:name", one("json")),
        HttpRouter.route("POST", "/open311/v2/:name", one("json")),
        HttpRouter.route("GET", "/open311/v2/:collection/:item", item)
      ])
    })
  )
