/**
 * The chart: monthly intake of valid events (bars) and the on-time closure rate
 * (line, closed with no step breached / closed) per township, one small panel each,
 * as hand-written SVG. The numbers come from `AnalyticsStore` counters.
 */

export interface Panel {
  readonly code: string
  readonly name: string
  /** Twelve months: valid events opened, and the on-time share of those closed (null: none closed). */
  readonly months: ReadonlyArray<{ readonly intake: number; readonly onTime: number | null }>
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")
const f = (n: number) => (Math.round(n * 10) / 10).toString()

export const render = (title: string, panels: ReadonlyArray<Panel>): string => {
  const cols = 4
  const pw = 260
  const ph = 150
  const pad = { left: 34, right: 30, top: 26, bottom: 22 }
  const rows = Math.ceil(panels.length / cols)
  const width = cols * pw + 20
  const height = rows * ph + 70
  const maxIntake = Math.max(1, ...panels.flatMap((p) => p.months.map((m) => m.intake)))
  // The right axis runs from 50% (or lower, in tens, when a month was worse) to 100%:
  // shared by every panel like the bars' scale, and never clipping a value.
  const rates = panels.flatMap((p) => p.months.flatMap((m) => (m.onTime === null ? [] : [m.onTime])))
  const floor = Math.min(0.5, Math.floor(Math.min(1, ...rates) * 10) / 10)
  const percent = (r: number) => Math.round(r * 100)
  const out: Array<string> = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="10">`,
    `<title>${esc(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">${esc(title)}</text>`,
    `<g transform="translate(10,44)"><rect width="10" height="10" fill="#7aa6d6"/><text x="14" y="9">valid events opened per month (bars, left axis)</text>` +
      `<line x1="290" y1="5" x2="310" y2="5" stroke="#c0392b" stroke-width="2"/><text x="314" y="9">on-time closure, % (line, right axis ${percent(floor)}–100%)</text></g>`
  ]
  for (const [i, p] of panels.entries()) {
    const x0 = 10 + (i % cols) * pw
    const y0 = 60 + Math.floor(i / cols) * ph
    const w = pw - pad.left - pad.right
    const h = ph - pad.top - pad.bottom
    const bw = w / 12
    out.push(`<g transform="translate(${x0},${y0})">`)
    out.push(`<text x="${pad.left}" y="14" font-weight="bold">${esc(p.name)}</text>`)
    out.push(
      `<rect x="${pad.left}" y="${pad.top}" width="${w}" height="${h}" fill="none" stroke="#cccccc"/>`,
      `<text x="${pad.left - 3}" y="${pad.top + 8}" text-anchor="end">${maxIntake}</text>`,
      `<text x="${pad.left - 3}" y="${pad.top + h}" text-anchor="end">0</text>`,
      `<text x="${pad.left + w + 3}" y="${pad.top + 8}">100</text>`,
      `<text x="${pad.left + w + 3}" y="${pad.top + h}">${percent(floor)}</text>`
    )
    const points: Array<string> = []
    for (const [m, v] of p.months.entries()) {
      const bh = (v.intake / maxIntake) * h
      const x = pad.left + m * bw
      out.push(
        `<rect x="${f(x + 1)}" y="${f(pad.top + h - bh)}" width="${f(bw - 2)}" height="${f(bh)}" fill="#7aa6d6"><title>${m + 1}月: ${v.intake}</title></rect>`
      )
      if (v.onTime !== null) {
        const r = Math.min(1, v.onTime)
        points.push(`${f(x + bw / 2)},${f(pad.top + h - ((r - floor) / (1 - floor)) * h)}`)
      }
      if (m % 3 === 0)
        out.push(`<text x="${f(x + bw / 2)}" y="${pad.top + h + 12}" text-anchor="middle">${m + 1}</text>`)
    }
    if (points.length > 0)
      out.push(`<polyline points="${points.join(" ")}" fill="none" stroke="#c0392b" stroke-width="1.5"/>`)
    out.push("</g>")
  }
  out.push("</svg>")
  return `${out.join("\n")}\n`
}
