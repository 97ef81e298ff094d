/**
 * Worker processes for the reliability suites: how a worker is started (a command
 * the suite appends `<mode> <json>` to), and a child process whose standard output
 * the parent reads line by line.
 */
import { type ChildProcess, spawn } from "node:child_process"

export interface Worker {
  readonly command: string
  readonly args: ReadonlyArray<string>
  readonly env?: Readonly<Record<string, string>> | undefined
  readonly cwd?: string | undefined
}

export interface Child {
  readonly child: ChildProcess
  readonly lines: Array<string>
  readonly stderr: () => string
  readonly done: Promise<number | null>
}

/** Starts a worker in `mode` with JSON arguments; the worker's pid is the program's own (kill -9 hits it). */
export const launch = (worker: Worker, mode: string, args: unknown): Child => {
  const child = spawn(worker.command, [...worker.args, mode, JSON.stringify(args)], {
    ...(worker.cwd === undefined ? {} : { cwd: worker.cwd }),
    env: { ...process.env, ...worker.env },
    stdio: ["ignore", "pipe", "pipe"]
  })
  const lines: Array<string> = []
  let buffer = ""
  let stderr = ""
  child.stdout!.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("utf8")
    const parts = buffer.split("\n")
    buffer = parts.pop()!
    lines.push(...parts)
  })
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8")
  })
  const done = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      if (buffer !== "") lines.push(buffer)
      if (code !== 0 && code !== null && stderr) console.error(stderr)
      resolve(code)
    })
  )
  return { child, lines, stderr: () => stderr, done }
}

/** The last line a worker printed, parsed as JSON (its result). */
export const lastJson = (child: Child): unknown => JSON.parse(child.lines[child.lines.length - 1]!)

/** The main of a worker process: its mode and JSON arguments from the command line. */
export const argv = <A>(): { readonly mode: string | undefined; readonly args: A } => {
  const [mode, json] = process.argv.slice(2)
  return { mode, args: JSON.parse(json ?? "{}") as A }
}

/** Prints a worker's result as its last line and exits 0, or prints the error and exits 1. */
export const finish = (promise: Promise<unknown>): void => {
  promise.then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0)),
    (error) => {
      process.stderr.write(`${String(error)}\n`)
      process.exit(1)
    }
  )
}
