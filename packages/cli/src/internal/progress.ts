/**
 * A progress bar on stderr for long work: redrawn in place on a terminal (at most
 * ten times a second), a plain line every 10 % when asked for elsewhere, nothing
 * otherwise. It shows by itself on a terminal unless `CI` is set; `--progress`
 * shows it anywhere.
 */
import { Clock, Effect } from "effect"
import { Stderr } from "./terminal.js"

export interface Bar {
  readonly update: (done: number, total: number) => Effect.Effect<void>
  readonly finish: Effect.Effect<void>
}

const count = (n: number) => n.toLocaleString("en")

export const make = (label: string, forced: boolean): Effect.Effect<Bar> =>
  Effect.gen(function* () {
    const sink = yield* Stderr
    const started = yield* Clock.currentTimeMillis
    const shown = forced || (sink.isTTY && !sink.ci)
    if (!shown) return { update: () => Effect.void, finish: Effect.void }
    let lastDraw = Number.NEGATIVE_INFINITY
    let lastTenth = -1
    let drawn = false
    const line = (done: number, total: number, now: number) => {
      const fraction = total > 0 ? Math.min(1, done / total) : 1
      const seconds = Math.max(0.001, (now - started) / 1000)
      const rate = Math.round(done / seconds)
      return {
        fraction,
        text: `${label} ${(fraction * 100).toFixed(1).padStart(5)}%  ${count(done)} / ${count(total)}  ${count(rate)}/s`
      }
    }
    const update = (done: number, total: number) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        const { fraction, text } = line(done, total, now)
        if (sink.isTTY) {
          if (now - lastDraw < 100 && fraction < 1) return
          lastDraw = now
          drawn = true
          const width = 24
          const filled = Math.round(fraction * width)
          sink.write(`\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${text}\u001b[K`)
          return
        }
        const tenth = Math.floor(fraction * 10)
        if (tenth !== lastTenth) {
          lastTenth = tenth
          sink.write(`${text}\n`)
        }
      })
    const finish = Effect.sync(() => {
      if (drawn) sink.write("\r\u001b[K")
    })
    return { update, finish }
  })
