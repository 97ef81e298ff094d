/**
 * The directory group: the caller, the grid tree (read from the live `Configuration`,
 * per request, so a change is seen at once),
 * a grid's map (its boundary and its active children's, with `Grid.outline`'s provenance),
 * who is posted at a grid (`StaffService.postedAt`) and the routing preview
 * (`CaseService.preview`).
 */
import { CaseService, Configuration, Grid, StaffService } from "@gridgov/core"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import * as Api from "../../Api.js"
import * as Problem from "../../Problem.js"

const gridNode = (tree: Grid.Tree, id: number): Api.GridNode => {
  const r = Grid.record(tree, id)
  return {
    code: r.code,
    parent: r.parent,
    kind: r.kind,
    level: Grid.level(tree, id),
    name: { zh: r.name.zh, en: r.name.en },
    exclusive: Grid.isExclusive(tree, id),
    children: [...Grid.children(tree, id)].map((c) => Grid.record(tree, c).code)
  }
}

const mapGrid = (tree: Grid.Tree, id: number): Api.MapGrid => {
  const outline = Grid.outline(tree, id)
  return {
    ...gridNode(tree, id),
    boundary: outline === undefined ? null : outline.boundary,
    boundarySource: outline === undefined ? null : outline.source,
    boundaryInvented: outline?.invented ?? false
  }
}

// a grid outside the caller's jurisdiction answers as an unknown one
const gridNotFound = (code: string) => new Problem.NotFound({ detail: `grid ${code} not found` })

export const DirectoryLive = HttpApiBuilder.group(Api.Api, "directory", (handlers) =>
  Effect.gen(function* () {
    const cases = yield* CaseService.CaseService
    const staff = yield* StaffService.StaffService
    const configuration = yield* Configuration.Configuration
    return handlers
      .handle("me", () =>
        Effect.map(Effect.service(Api.CurrentPrincipal), (p) => ({
          id: p.actor.id,
          via: p.via,
          posts: p.actor.posts.map((post) => ({ role: post.role, at: post.at === null ? null : { ...post.at } }))
        }))
      )
      .handle("grids", ({ query }) =>
        Effect.flatMap(configuration.current, ({ tree }) => {
          const root = query.root === undefined ? 0 : Grid.id(tree, query.root)
          if (root === undefined) return Effect.fail(gridNotFound(query.root!))
          const depth = query.depth ?? 1
          const out: Array<Api.GridNode> = []
          const walk = (id: number, d: number) => {
            out.push(gridNode(tree, id))
            if (d < depth) for (const c of Grid.children(tree, id)) walk(c, d + 1)
          }
          walk(root, 0)
          return Effect.succeed(out)
        })
      )
      .handle("grid", ({ params }) =>
        Effect.flatMap(configuration.current, ({ tree }) => {
          const id = Grid.id(tree, params.code)
          return id === undefined ? Effect.fail(gridNotFound(params.code)) : Effect.succeed(gridNode(tree, id))
        })
      )
      .handle("gridMap", ({ params }) =>
        Effect.flatMap(configuration.current, ({ tree }) => {
          const id = Grid.id(tree, params.code)
          if (id === undefined) return Effect.fail(gridNotFound(params.code))
          const children = [...Grid.children(tree, id)].filter((c) => !Grid.isRetired(tree, c))
          return Effect.succeed({ grid: mapGrid(tree, id), children: children.map((c) => mapGrid(tree, c)) })
        })
      )
      .handle("gridPosts", ({ params }) =>
        Effect.flatMap(Effect.service(Api.CurrentPrincipal), ({ actor }) =>
          staff
            .postedAt(params.code, actor)
            .pipe(Effect.catchTag("GridNotFound", (e) => Effect.fail(gridNotFound(e.grid))))
        )
      )
      .handle("routingPreview", ({ query }) =>
        cases.preview(query).pipe(
          // as JSON: the explanation's optional members are `undefined` when absent
          Effect.map((e) => JSON.parse(JSON.stringify(e)) as typeof e),
          Effect.map((explanation) => ({ decision: explanation.decision, explanation })),
          Effect.catchTag("GridNotFound", (e) => Effect.fail(gridNotFound(e.grid)))
        )
      )
  })
)
