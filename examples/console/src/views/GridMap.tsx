/**
 * 网格地图, a grid's map from `GET /grids/{code}/map`: its children drawn as SVG shapes
 * inside its outline, each a link (click, or Tab and Enter) to its own map, or, for the
 * lowest grids, to its cases. The caption says where the shapes come from, and says
 * plainly when they are invented (the demo data's are), with the invented ones hatched;
 * a list beside the map names every child, those without a shape too.
 */
import { useEffect, useRef, useState } from "preact/hooks"
import { api, type Boundary, type GridMap as Data, type MapGrid, Problem } from "../api.js"
import { locale, t } from "../i18n.js"
import { ancestry, gridName, rootGrid } from "../shared.js"

type Position = readonly [number, number]

const WIDTH = 1000

const rings = (b: Boundary): ReadonlyArray<ReadonlyArray<Position>> =>
  b.type === "Polygon" ? b.coordinates : b.coordinates.flat()

interface Frame {
  readonly west: number
  readonly north: number
  readonly scale: number
  readonly squeeze: number
  readonly height: number
}

/** An equirectangular frame around the shapes (longitude squeezed by the cosine of the middle latitude). */
const frameOf = (shapes: ReadonlyArray<Boundary>): Frame | undefined => {
  let [west, east, south, north] = [Infinity, -Infinity, Infinity, -Infinity]
  for (const shape of shapes)
    for (const ring of rings(shape))
      for (const [lon, lat] of ring) {
        west = Math.min(west, lon)
        east = Math.max(east, lon)
        south = Math.min(south, lat)
        north = Math.max(north, lat)
      }
  if (!(east > west && north > south)) return undefined
  const squeeze = Math.cos((((south + north) / 2) * Math.PI) / 180)
  const scale = WIDTH / ((east - west) * squeeze)
  return { west, north, scale, squeeze, height: Math.max(1, (north - south) * scale) }
}

const point = (f: Frame, [lon, lat]: Position): [number, number] => [
  (lon - f.west) * f.squeeze * f.scale,
  (f.north - lat) * f.scale
]

const pathOf = (f: Frame, b: Boundary): string =>
  rings(b)
    .map(
      (ring) =>
        `M${ring
          .map((p) => point(f, p))
          .map(([x, y]) => `${x.toFixed(1)} ${y.toFixed(1)}`)
          .join("L")}Z`
    )
    .join("")

/** Where a label goes and how large it may be: the middle of the shape's box, fitted to it. */
const labelOf = (f: Frame, b: Boundary, text: string) => {
  const points = rings(b)
    .flat()
    .map((p) => point(f, p))
  const xs = points.map((p) => p[0])
  const ys = points.map((p) => p[1])
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]
  // a CJK character is about 1em wide, a Latin one about 0.6em
  const ems = [...text].reduce((n, c) => n + (c.charCodeAt(0) > 0x2e7f ? 1 : 0.6), 0)
  const [w, h] = [x1 - x0, y1 - y0]
  const across = Math.min((w * 0.85) / Math.max(ems, 1), h * 0.35, 28)
  // a tall narrow shape is labelled top to bottom (vertical-rl: upright for Chinese)
  const down = Math.min((h * 0.85) / Math.max(ems, 1), w * 0.6, 28)
  const vertical = down > across * 1.2
  return { x: (x0 + x1) / 2, y: (y0 + y1) / 2, size: vertical ? down : across, vertical }
}

const nameOf = (g: MapGrid) => (locale.value === "en" ? g.name.en : g.name.zh)
const hrefOf = (g: MapGrid) =>
  g.children.length > 0 ? `#/map/${encodeURIComponent(g.code)}` : `#/cases?grid=${encodeURIComponent(g.code)}`

/** The caption's lines: invented shapes said plainly; other sources quoted; none said too. */
const Provenance = ({ shapes }: { shapes: ReadonlyArray<MapGrid> }) => {
  const drawn = shapes.filter((g) => g.boundary !== null)
  if (drawn.length === 0) return null
  const invented = drawn.filter((g) => g.boundaryInvented)
  const sources = [...new Set(drawn.map((g) => g.boundarySource).filter((s): s is string => s !== null))]
  const city = rootGrid()
  return (
    <>
      {invented.length > 0 ? (
        <p class="map-invented" data-testid="map-invented">
          <svg class="swatch" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <rect width="16" height="16" class="map-fill-0" />
            <rect width="16" height="16" fill="url(#map-hatch)" />
          </svg>{" "}
          <strong>{t("mapInventedKey")}</strong>{" "}
          {t("mapInvented").replace("{city}", city === undefined ? "" : gridName(city.code))}
        </p>
      ) : null}
      <p class="map-source" data-testid="map-source">
        {sources.length === 0 ? (
          t("mapSourceUnknown")
        ) : (
          <>
            {t("mapSource")}: {sources.map((s) => `“${s}”`).join("; ")}
            {drawn.some((g) => g.boundarySource === null) ? ` · ${t("mapSourceUnknown")}` : ""}
          </>
        )}
      </p>
    </>
  )
}

export const GridMap = ({ code }: { code: string | undefined }) => {
  const at = code ?? rootGrid()?.code ?? ""
  const [data, setData] = useState<Data | undefined>(undefined)
  const [missing, setMissing] = useState(false)
  const title = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    let live = true
    setData(undefined)
    setMissing(false)
    api.gridMap(at).then(
      (d) => {
        if (!live) return
        setData(d)
        // after a drill down the link that had focus is gone: the new map's title takes it
        if (document.activeElement === null || document.activeElement === document.body) title.current?.focus()
      },
      (error) => {
        if (live && error instanceof Problem && error.status === 404) setMissing(true)
        else if (live) console.warn("map failed", error)
      }
    )
    return () => {
      live = false
    }
  }, [at])

  if (missing)
    return (
      <section aria-labelledby="map-title">
        <h1 id="map-title">{t("map")}</h1>
        <p role="alert">{at}</p>
      </section>
    )
  const trail = [...ancestry(at)].reverse()
  const root = rootGrid()
  if (root !== undefined && root.code !== at) trail.unshift(root)
  const shapes = data === undefined ? [] : [data.grid, ...data.children]
  const frame = frameOf(
    data === undefined
      ? []
      : data.grid.boundary !== null
        ? [data.grid.boundary]
        : data.children.flatMap((c) => (c.boundary === null ? [] : [c.boundary]))
  )
  const hatch = frame === undefined ? 10 : Math.max(WIDTH, frame.height) / 100
  return (
    <section aria-labelledby="map-title" class="map-screen">
      <header class="screen-head">
        <h1 id="map-title" ref={title} tabIndex={-1}>
          {t("map")} · {data === undefined ? gridName(at) : nameOf(data.grid)}
        </h1>
        <nav aria-label={t("map")} class="map-trail">
          <ol>
            {trail
              .filter((g) => g.code !== at)
              .map((g) => (
                <li key={g.code}>
                  <a href={`#/map/${encodeURIComponent(g.code)}`}>{gridName(g.code)}</a>
                </li>
              ))}
            <li aria-current="page">{gridName(at)}</li>
          </ol>
        </nav>
      </header>
      {data === undefined ? (
        <p>{t("loading")}</p>
      ) : (
        <div class="map-grid">
          <figure class="panel map" data-testid="grid-map" data-grid={data.grid.code}>
            <figcaption>
              <p class="map-help">{t("mapHelp")}</p>
              <Provenance shapes={shapes} />
            </figcaption>
            {frame === undefined ? null : (
              <svg
                class="map-canvas"
                viewBox={`-4 -4 ${WIDTH + 8} ${frame.height + 8}`}
                aria-label={`${t("map")} · ${nameOf(data.grid)}`}
              >
                <defs>
                  {/* the hatch keeps its size on screen however tall the frame is */}
                  <pattern id="map-hatch" patternUnits="userSpaceOnUse" width={hatch} height={hatch}>
                    <path
                      d={`M${-hatch / 5} ${hatch / 5}L${hatch / 5} ${-hatch / 5}M0 ${hatch}L${hatch} 0M${hatch * 0.8} ${hatch * 1.2}L${hatch * 1.2} ${hatch * 0.8}`}
                      stroke-width={(hatch / 8).toFixed(2)}
                      class="map-hatch"
                    />
                  </pattern>
                </defs>
                {data.grid.boundary === null ? null : (
                  <path class="map-parent" d={pathOf(frame, data.grid.boundary)} fill-rule="evenodd" />
                )}
                {data.children.map((c, i) => {
                  if (c.boundary === null) return null
                  const name = nameOf(c)
                  const label = labelOf(frame, c.boundary, name)
                  const d = pathOf(frame, c.boundary)
                  return (
                    <a
                      key={c.code}
                      href={hrefOf(c)}
                      data-grid={c.code}
                      data-invented={c.boundaryInvented ? "true" : "false"}
                      aria-label={`${name} (${c.code})${c.boundaryInvented ? ` · ${t("mapInventedKey")}` : ""}`}
                      class="map-shape"
                    >
                      <path class={`map-fill-${i % 6}`} d={d} fill-rule="evenodd" />
                      {c.boundaryInvented ? <path d={d} fill="url(#map-hatch)" fill-rule="evenodd" /> : null}
                      {label.size >= 7 ? (
                        <text
                          x={label.x}
                          y={label.y}
                          font-size={label.size.toFixed(1)}
                          text-anchor="middle"
                          dominant-baseline="central"
                          writing-mode={label.vertical ? "vertical-rl" : undefined}
                        >
                          {name}
                        </text>
                      ) : null}
                    </a>
                  )
                })}
              </svg>
            )}
          </figure>
          <div class="panel">
            <h2>{t("mapBelow")}</h2>
            {data.children.length === 0 ? (
              <p>{t("mapNone")}</p>
            ) : (
              <ul class="map-list" data-testid="map-list">
                {data.children.map((c) => (
                  <li key={c.code}>
                    <a href={hrefOf(c)}>{nameOf(c)}</a> <span class="code">{c.code}</span>
                    {c.children.length === 0 ? ` · ${t("mapCases")}` : ""}
                    {c.boundary === null ? ` · ${t("mapNoBoundary")}` : ""}
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
      )}
    </section>
  )
}
