/**
 * The platform services `effect/cli`'s runner is typed to need (file system, path,
 * terminal, process spawner, stdio). gridgov's commands parse only string, number and
 * boolean flags (no file or path flags, no prompts, no wizard) and do their own I/O
 * through `node:*`, so the runner calls none of them but the path service and the
 * terminal's size and output: those are real, and the rest refuse with a defect that
 * names them. This keeps `@effect/platform-node` out of the CLI's dependencies (its
 * 4.1.0 release resolves, under npm, to a platform-node-shared that wants effect ≥ 4.1.5).
 */
import { Effect, FileSystem, Layer, Path, Sink, Stdio, Stream, Terminal } from "effect"
import { ChildProcessSpawner } from "effect/process"

const unused = (what: string) => new Error(`gridgov does not use ${what}`)

export const layer = Layer.mergeAll(
  Path.layer,
  FileSystem.layerNoop({}),
  Layer.succeed(
    Terminal.Terminal,
    Terminal.make({
      columns: Effect.sync(() => process.stdout.columns ?? 80),
      rows: Effect.sync(() => process.stdout.rows ?? 24),
      size: Effect.die(unused("the terminal's size events")),
      readInput: Effect.die(unused("terminal input")),
      readLine: Effect.die(unused("terminal input")),
      display: (text) =>
        Effect.sync(() => {
          process.stdout.write(text)
        })
    })
  ),
  Layer.succeed(
    Stdio.Stdio,
    Stdio.make({
      args: Effect.sync(() => process.argv.slice(2)),
      stdout: () => Sink.die(unused("stdio sinks (it writes through Console)")),
      stderr: () => Sink.die(unused("stdio sinks (it writes through Console)")),
      stdin: Stream.die(unused("stdin"))
    })
  ),
  Layer.succeed(
    ChildProcessSpawner.ChildProcessSpawner,
    ChildProcessSpawner.make(() => Effect.die(unused("child processes")))
  )
)
