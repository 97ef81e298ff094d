/**
 * Checkpoints off the writer's thread. In WAL mode a commit only appends pages to
 * the log; the expensive part is the checkpoint, which copies them into the
 * database file and syncs it. SQLite runs it inside whichever commit crosses
 * `wal_autocheckpoint`, so that one request waits for a copy of megabytes and two
 * fsyncs. Here a worker thread holds a second connection and runs a PASSIVE
 * checkpoint every `intervalMs` (a PASSIVE checkpoint never blocks the writer or
 * readers). The writer's auto-checkpoint stays armed: when it comes round, the log
 * is already copied and synced, so it only has the last frames to copy and resets
 * the log for reuse (a log checkpointed by another connection alone is never
 * reset, and grows). Should the worker fail, that auto-checkpoint carries on alone.
 *
 * The worker's code is a string evaluated as a script, so the package needs no
 * separate worker file (bundlers and `exports` maps stay simple).
 */
import { Worker } from "node:worker_threads"
import { Effect, type Scope } from "effect"

const source = `
const { parentPort, workerData } = require("node:worker_threads")
const { DatabaseSync } = require("node:sqlite")
const db = new DatabaseSync(workerData.filename)
db.exec("PRAGMA busy_timeout = " + workerData.busyTimeoutMs)
const checkpoint = db.prepare("PRAGMA wal_checkpoint(PASSIVE)")
let last = { busy: 0, log: 0, checkpointed: 0 }
const run = () => {
  try {
    last = checkpoint.get()
  } catch (error) {
    parentPort.postMessage({ _tag: "Failed", message: String(error && error.message || error) })
  }
}
const timer = setInterval(run, workerData.intervalMs)
parentPort.on("message", (message) => {
  if (message === "checkpoint") {
    run()
    parentPort.postMessage({ _tag: "Checkpointed", ...last })
  } else if (message === "stop") {
    clearInterval(timer)
    run()
    db.close()
    parentPort.close()
  }
})
`

/** What a checkpoint reported: frames in the log and frames copied into the database. */
export interface Progress {
  readonly busy: number
  readonly log: number
  readonly checkpointed: number
}

export interface Checkpointer {
  /** Runs a checkpoint now and reports it (for tests and shutdown). */
  readonly checkpoint: Effect.Effect<Progress>
}

/**
 * Starts the worker in the current scope; closing the scope runs a last checkpoint
 * and closes its connection before the writer's connection closes. `onFailure` is
 * called once if the worker fails.
 */
export const start = (options: {
  readonly filename: string
  readonly busyTimeoutMs: number
  readonly intervalMs: number
  readonly onFailure: (reason: string) => void
}): Effect.Effect<Checkpointer, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const worker = new Worker(source, {
        eval: true,
        workerData: {
          filename: options.filename,
          busyTimeoutMs: options.busyTimeoutMs,
          intervalMs: Math.max(1, Math.floor(options.intervalMs))
        }
      })
      // A checkpointer alone never keeps the process alive.
      worker.unref()
      let failed = false
      const fail = (reason: string) => {
        if (failed) return
        failed = true
        options.onFailure(reason)
      }
      const waiting: Array<(p: Progress) => void> = []
      worker.on("message", (message: { _tag: string; message?: string } & Progress) => {
        if (message._tag === "Failed") fail(message.message ?? "checkpoint failed")
        else if (message._tag === "Checkpointed") waiting.shift()?.(message)
      })
      worker.on("error", (error) => fail(error.message))
      const exited = new Promise<void>((resolve) =>
        worker.once("exit", (code) => {
          if (code !== 0) fail(`checkpointer exited with code ${code}`)
          for (const resolveWaiting of waiting.splice(0)) resolveWaiting({ busy: 0, log: 0, checkpointed: 0 })
          resolve()
        })
      )
      return { worker, exited, waiting, isFailed: () => failed }
    }),
    ({ worker, exited }) =>
      Effect.promise(() => {
        // Waiting for its exit must keep the process alive.
        worker.ref()
        worker.postMessage("stop")
        return exited
      })
  ).pipe(
    Effect.map(
      ({ worker, waiting, isFailed }): Checkpointer => ({
        checkpoint: Effect.callback<Progress>((resume) => {
          if (isFailed()) return resume(Effect.succeed({ busy: 0, log: 0, checkpointed: 0 }))
          worker.ref()
          waiting.push((p) => {
            worker.unref()
            resume(Effect.succeed(p))
          })
          worker.postMessage("checkpoint")
        })
      })
    )
  )
