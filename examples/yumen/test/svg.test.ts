/**
 * The chart's scales: bars share one intake scale, and the on-time line one right
 * axis from 50% (lower, in tens, when a month was worse) to 100%, so that no value
 * is drawn clipped to the axis.
 */
import { describe, expect, it } from "vitest"
import { type Panel, render } from "../src/svg.js"

const panel = (name: string, onTime: ReadonlyArray<number | null>): Panel => ({
  code: name,
  name,
  months: onTime.map((r, i) => ({ intake: i + 1, onTime: r }))
})

/** The plot's top and bottom, and each line point's height as a share of it. */
const lines = (svg: string) => {
  const frames = [...svg.matchAll(/<rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)" fill="none"/g)]
  const [top, height] = [Number(frames[0]![1]), Number(frames[0]![2])]
  return [...svg.matchAll(/<polyline points="([^"]+)"/g)].map((m) =>
    m[1]!.split(" ").map((p) => (top + height - Number(p.split(",")[1])) / height)
  )
}
const axis = (svg: string) => svg.match(/right axis (\d+)–100%/)?.[1]

describe("the chart's on-time axis", () => {
  it("runs from 50% when every month did at least that well", () => {
    const svg = render("t", [panel("a", [0.5, 0.75, 1, null, 0.9, 0.6, 0.7, 0.8, 0.95, 1, 0.55, 0.65])])
    expect(axis(svg)).toBe("50")
    const [line] = lines(svg)
    expect(line!.map((y) => Math.round(y * 100))).toEqual([0, 50, 100, 80, 20, 40, 60, 90, 100, 10, 30])
  })

  it("reaches down, in tens, to the worst month of any panel, and draws it there, not clipped", () => {
    const good = panel("a", Array(12).fill(0.9))
    const bad = panel("b", [0.25, 1, ...Array(10).fill(null)])
    const svg = render("t", [good, bad])
    expect(axis(svg)).toBe("20")
    expect(svg).toMatch(/>20<\/text>/)
    const [a, b] = lines(svg)
    // (rate − 0.2) / 0.8 of the plot's height
    expect(a!.every((y) => Math.abs(y - 0.875) < 0.01)).toBe(true)
    expect(b!.map((y) => Math.round(y * 1000) / 1000)).toEqual([0.063, 1])
  })
})
