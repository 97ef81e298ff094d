/**
 * The directory group's contract: the grid tree, who is posted at a grid, the caller,
 * and the routing preview. Part of `Api`, which composes the groups; import the names
 * from there (`Api.DirectoryGroup`).
 *
 * @since 0.1.0
 */
import { CaseKind, Category, Grid, Staff } from "@gridgov/core"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import * as Problem from "../Problem.js"
import { Authentication } from "./Middleware.js"
import { Post } from "./Shared.js"

/**
 * A grid: code, parent, kind, level, names, whether exclusive, and its children's codes.
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const leaf = (g: Api.GridNode) => g.children.length === 0
 *
 * @category schemas
 * @since 0.1.0
 */
export const GridNode = Schema.Struct({
  code: Schema.String,
  parent: Schema.NullOr(Schema.String),
  kind: Schema.String,
  level: Schema.Number,
  name: Schema.Struct({ zh: Schema.String, en: Schema.String }),
  exclusive: Schema.Boolean,
  children: Schema.Array(Schema.String)
}).annotate({ identifier: "GridNode" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type GridNode = typeof GridNode.Type

/**
 * A grid on a map: its node (`GridNode`) with its boundary (a GeoJSON `Polygon` or
 * `MultiPolygon`, or `null` when it has none), the boundary's provenance note
 * (`boundarySource`, `null` when unknown) and whether that note says the shape is
 * invented (`boundaryInvented`: show it wherever the shape is drawn). See `Grid.outline`.
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const caption = (g: Api.MapGrid) => (g.boundaryInvented ? "invented shape" : (g.boundarySource ?? ""))
 *
 * @category schemas
 * @since 0.1.0
 */
export const MapGrid = Schema.Struct({
  ...GridNode.fields,
  boundary: Schema.NullOr(Grid.Boundary),
  boundarySource: Schema.NullOr(Schema.String),
  boundaryInvented: Schema.Boolean
}).annotate({ identifier: "MapGrid" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type MapGrid = typeof MapGrid.Type

/**
 * A grid's map (`GET /grids/{code}/map`): the grid and its active children, each with
 * its boundary and where the boundary comes from.
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const drawn = (m: Api.GridMap) => m.children.filter((c) => c.boundary !== null).length
 *
 * @category schemas
 * @since 0.1.0
 */
export const GridMap = Schema.Struct({
  grid: MapGrid,
  children: Schema.Array(MapGrid)
}).annotate({ identifier: "GridMap" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type GridMap = typeof GridMap.Type

/**
 * A routing preview: the decision for a would-be case and its full explanation
 * (`Routing.explain`: the winning rule and the conditions it met, outranked and rejected rules).
 *
 * @example
 * import type { Api } from "@gridgov/http"
 * const target = (p: Api.RoutingPreview) => p.decision
 *
 * @category schemas
 * @since 0.1.0
 */
export const RoutingPreview = Schema.Struct({
  decision: Schema.Unknown,
  explanation: Schema.Unknown
}).annotate({ identifier: "RoutingPreview" })

/**
 * @category schemas
 * @since 0.1.0
 */
export type RoutingPreview = typeof RoutingPreview.Type

/**
 * The grid tree (`GET /grids`, `/grids/{code}`), a grid's map (`/grids/{code}/map`:
 * its boundary and its children's), the posts on a grid the caller may
 * see (`/grids/{code}/posts`), the caller (`GET /me`), and the routing preview
 * (`GET /routing/preview`) with its explanation.
 *
 * @example
 * import { Api } from "@gridgov/http"
 * Api.DirectoryGroup.identifier // "directory"
 *
 * @category groups
 * @since 0.1.0
 */
export class DirectoryGroup extends HttpApiGroup.make("directory")
  .add(
    HttpApiEndpoint.get("me", "/me", {
      success: Schema.Struct({
        id: Schema.String,
        via: Schema.String,
        posts: Schema.Array(Schema.Struct({ role: Staff.Role, at: Schema.NullOr(Staff.Place) }))
      })
    }).annotate(OpenApi.Summary, "The caller: their id and posts today")
  )
  .add(
    HttpApiEndpoint.get("grids", "/grids", {
      query: {
        root: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(64))),
        depth: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 4 })))
      },
      success: Schema.Array(GridNode),
      error: [Problem.NotFound]
    }).annotate(OpenApi.Summary, "The grid tree, from a root down to a depth")
  )
  .add(
    HttpApiEndpoint.get("grid", "/grids/:code", {
      params: { code: Schema.String.check(Schema.isMaxLength(64)) },
      success: GridNode,
      error: [Problem.NotFound]
    }).annotate(OpenApi.Summary, "One grid: its kind, level, names, parent and children")
  )
  .add(
    HttpApiEndpoint.get("gridMap", "/grids/:code/map", {
      params: { code: Schema.String.check(Schema.isMaxLength(64)) },
      success: GridMap,
      error: [Problem.NotFound]
    }).annotate(
      OpenApi.Summary,
      "A grid's boundary and its active children's, each with where it comes from (and whether it is invented)"
    )
  )
  .add(
    HttpApiEndpoint.get("gridPosts", "/grids/:code/posts", {
      params: { code: Schema.String.check(Schema.isMaxLength(64)) },
      success: Schema.Array(Post),
      error: [Problem.NotFound]
    }).annotate(OpenApi.Summary, "Who is posted at a grid today (for staff whose jurisdiction covers it)")
  )
  .add(
    HttpApiEndpoint.get("routingPreview", "/routing/preview", {
      query: {
        kind: CaseKind.Kind,
        category: Category.Code,
        place: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(64)),
        severity: Schema.optionalKey(CaseKind.Severity),
        track: Schema.optionalKey(CaseKind.Track),
        channel: Schema.optionalKey(CaseKind.Channel)
      },
      success: RoutingPreview,
      error: [Problem.NotFound]
    }).annotate(OpenApi.Summary, "Where a case would be routed, and why (the rule, its conditions, what it outranked)")
  )
  .middleware(Authentication)
  .annotateMerge(OpenApi.annotations({ title: "Directory", description: "Grids, posts, routing preview" })) {}
