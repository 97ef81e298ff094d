/**
 * The example server as a user runs it: `src/main.ts` in a child process (on the
 * workspace's Node, through tsx), with the environment the test gives. `launch`
 * waits for the banner; `run` waits for the process to end, and ends a server that
 * started instead of refusing. Neither has a timer: a server that never starts or
 * never ends is caught by vitest's timeout, and one that exits early rejects with
 * what it printed.
 */
import { type ChildProcess, spawn } from "node:child_process"

export const root = new URL("..", import.meta.url).pathname

export interface Started {
  readonly child: ChildProcess
  readonly url: string
  readonly place: string
  readonly tokens: Record<string, string>
  readonly output: () => string
}

const running = new Set<ChildProcess>()

const start = (args: ReadonlyArray<string>, env: Record<string, string>) => {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", ...args], {
    cwd: root,
    // no DATABASE_URL from the caller's shell: each test says which store it wants
    env: { ...process.env, DATABASE_URL: "", ...env },
    stdio: ["ignore", "pipe", "pipe"]
  })
  running.add(child)
  child.on("exit", () => running.delete(child))
  return child
}

/** Kills the servers a test left running (it failed, or a server that should have refused did not). */
export const killLeftovers = () => {
  for (const child of running) child.kill("SIGKILL")
  running.clear()
}

/** Starts the server and resolves once it printed its banner (the Open311 key is its last line). */
export const launch = (env: Record<string, string>, args: ReadonlyArray<string> = []): Promise<Started> =>
  new Promise((resolve, reject) => {
    const child = start(args, env)
    let out = ""
    let started = false
    const onData = (chunk: Buffer) => {
      out += chunk.toString()
      if (started || !out.includes("Open311 api_key:")) return
      started = true
      const url = /listening on (http:\/\/\S+)/.exec(out)![1]!
      const place = /demo place \(the grid worker's block\): (\S+)/.exec(out)![1]!
      const tokens: Record<string, string> = {}
      for (const m of out.matchAll(/TOKEN (\S+)\s+\S+\s+\S+\s+(\S+)/g)) tokens[m[1]!] = m[2]!
      resolve({ child, url, place, tokens, output: () => out })
    }
    child.stdout!.on("data", onData)
    child.stderr!.on("data", (c: Buffer) => {
      out += c.toString()
    })
    child.on("exit", (code) => {
      if (!started) reject(new Error(`server exited (${code}):\n${out}`))
    })
  })

/** Stops a launched server with `signal`; resolves with its exit code (null when the signal killed it). */
export const stop = (server: Started, signal: NodeJS.Signals = "SIGTERM") =>
  new Promise<number | null>((resolve) => {
    if (server.child.exitCode !== null) return resolve(server.child.exitCode)
    server.child.on("exit", (code) => resolve(code))
    server.child.kill(signal)
  })

/** Resolves when the server's output matches `pattern`, checking as output arrives. */
export const printed = (server: Started, pattern: RegExp) =>
  new Promise<string>((resolve) => {
    const check = () => {
      const m = pattern.exec(server.output())
      if (m === null) return false
      resolve(m[0])
      return true
    }
    if (check()) return
    const listener = () => {
      // the launcher's own listener appended the chunk already
      setImmediate(() => {
        if (check()) {
          server.child.stdout!.off("data", listener)
          server.child.stderr!.off("data", listener)
        }
      })
    }
    server.child.stdout!.on("data", listener)
    server.child.stderr!.on("data", listener)
  })

export interface Ended {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
}

/**
 * Runs the server to its end (for command lines and environments it refuses). One that
 * starts serving instead is killed once its banner is out: it ends with status null.
 */
export const run = (args: ReadonlyArray<string>, env: Record<string, string> = {}): Promise<Ended> =>
  new Promise((resolve, reject) => {
    const child = start(args, env)
    let stdout = ""
    let stderr = ""
    child.stdout!.on("data", (c: Buffer) => {
      stdout += c.toString()
      if (stdout.includes("Open311 api_key:")) child.kill("SIGKILL")
    })
    child.stderr!.on("data", (c: Buffer) => {
      stderr += c.toString()
    })
    child.on("error", reject)
    child.on("close", (status) => resolve({ status, stdout, stderr }))
  })

export const post = async (url: string, token: string, path: string, body: unknown) => {
  const res = await fetch(url + path, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body)
  })
  // biome-ignore lint/suspicious/noExplicitAny: the test reads JSON replies by path
  return { status: res.status, body: (await res.json()) as any }
}
