/**
 * The work lists group's contract: the caller's to-do, overdue and due-soon cases.
 * Part of `Api`, which composes the groups; import the names from there
 * (`Api.WorkGroup`).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import * as Problem from "../Problem.js"
import { Authentication } from "./Middleware.js"
import { Cursor, Limit, Page } from "./Shared.js"

const workFilters = {
  grid: Schema.optionalKey(
    Schema.String.check(Schema.isMaxLength(64)).annotate({ description: "Only cases in this grid's subtree" })
  ),
  unit: Schema.optionalKey(
    Schema.String.check(Schema.isMaxLength(64)).annotate({ description: "Only cases this unit handles now" })
  )
}

/**
 * Work lists of the caller: `GET /work/todo`, `/work/overdue`, `/work/due-soon?within=ms`;
 * the overdue and due-soon lists filter by grid subtree (`grid`) and handling unit (`unit`).
 *
 * @example
 * import { Api } from "@gridgov/http"
 * Api.WorkGroup.identifier // "work"
 *
 * @category groups
 * @since 0.1.0
 */
export class WorkGroup extends HttpApiGroup.make("work")
  .add(
    HttpApiEndpoint.get("todo", "/work/todo", {
      query: { limit: Limit, cursor: Cursor },
      success: Page,
      error: [Problem.Internal]
    }).annotate(
      OpenApi.Summary,
      "The caller's open cases: assigned to them, held by their grids and units, or held by nobody and theirs to move on"
    )
  )
  .add(
    HttpApiEndpoint.get("overdue", "/work/overdue", {
      query: { ...workFilters, limit: Limit, cursor: Cursor },
      success: Page,
      error: [Problem.Internal]
    }).annotate(OpenApi.Summary, "Open cases within the caller's jurisdiction past a deadline, earliest due first")
  )
  .add(
    HttpApiEndpoint.get("dueSoon", "/work/due-soon", {
      query: {
        within: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 366 * 86_400_000 }))),
        ...workFilters,
        limit: Limit,
        cursor: Cursor
      },
      success: Page,
      error: [Problem.Internal]
    }).annotate(OpenApi.Summary, "Open cases within the caller's jurisdiction due within a window, earliest first")
  )
  .middleware(Authentication)
  .annotateMerge(
    OpenApi.annotations({ title: "Work lists", description: "The caller's to-do, overdue and due-soon cases" })
  ) {}
