/**
 * Planar geometry on GeoJSON positions ([longitude, latitude]) for point-in-grid
 * look-ups. Grids are small enough (a few km to ~100 km) that treating degrees as
 * planar coordinates is exact for containment: a ray-casting test does not depend
 * on the metric, only on the order of coordinates along each edge.
 */

/** A GeoJSON Polygon: an outer ring then holes; each ring closed (first = last). */
export type Rings = ReadonlyArray<ReadonlyArray<readonly [number, number]>>

/** A Polygon or MultiPolygon as stored on a grid. */
export type Shape =
  | { readonly type: "Polygon"; readonly coordinates: Rings }
  | { readonly type: "MultiPolygon"; readonly coordinates: ReadonlyArray<Rings> }

const polygonsOf = (shape: Shape): ReadonlyArray<Rings> =>
  shape.type === "Polygon" ? [shape.coordinates] : shape.coordinates

/** Even-odd ray casting against one ring. Points on an edge may fall either way. */
const inRing = (ring: ReadonlyArray<readonly [number, number]>, x: number, y: number): boolean => {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!
    const [xj, yj] = ring[j]!
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/** Whether the point lies inside the shape: inside an outer ring and outside its holes. */
export const containsPoint = (shape: Shape, x: number, y: number): boolean => {
  for (const rings of polygonsOf(shape)) {
    const outer = rings[0]
    if (outer === undefined || !inRing(outer, x, y)) continue
    let inHole = false
    for (let h = 1; h < rings.length; h++) {
      if (inRing(rings[h]!, x, y)) {
        inHole = true
        break
      }
    }
    if (!inHole) return true
  }
  return false
}

/** Writes the bounding box [minX, minY, maxX, maxY] of the shape into `out` at `offset`. */
export const writeBbox = (shape: Shape, out: Float64Array, offset: number): void => {
  let minX = Number.POSITIVE_INFINITY
  let minY = Number.POSITIVE_INFINITY
  let maxX = Number.NEGATIVE_INFINITY
  let maxY = Number.NEGATIVE_INFINITY
  for (const rings of polygonsOf(shape)) {
    const outer = rings[0]
    if (outer === undefined) continue
    for (const [x, y] of outer) {
      if (x < minX) minX = x
      if (y < minY) minY = y
      if (x > maxX) maxX = x
      if (y > maxY) maxY = y
    }
  }
  out[offset] = minX
  out[offset + 1] = minY
  out[offset + 2] = maxX
  out[offset + 3] = maxY
}

/** Whether a ring is closed and has at least four positions (GeoJSON's linear ring). */
export const isLinearRing = (ring: ReadonlyArray<readonly [number, number]>): boolean => {
  if (ring.length < 4) return false
  const first = ring[0]!
  const last = ring[ring.length - 1]!
  return first[0] === last[0] && first[1] === last[1]
}

/** An axis-aligned rectangle as a closed GeoJSON Polygon (for fixtures and tests). */
export const rectangle = (
  minX: number,
  minY: number,
  maxX: number,
  maxY: number
): { readonly type: "Polygon"; readonly coordinates: Rings } => ({
  type: "Polygon",
  coordinates: [
    [
      [minX, minY],
      [maxX, minY],
      [maxX, maxY],
      [minX, maxY],
      [minX, minY]
    ]
  ]
})
