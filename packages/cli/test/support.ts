/**
 * Runs `gridgov` in this process, as the executable does, with its output captured:
 * stdout lines, stderr lines, what the progress bar drew, and the exit code.
 * Also: a store of a few case streams, appended through the real store (which seals
 * each event into its stream's hash chain), and the executable run as a process.
 */
import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { Cli } from "@gridgov/cli"
import { CaseStore, CityStore } from "@gridgov/core"
import { Conformance } from "@gridgov/testing/vitest"
import { ConfigProvider, Console, Effect } from "effect"
import { type Sink, Stderr } from "../src/internal/terminal.js"

export interface Ran {
  readonly code: number
  readonly out: Array<string>
  readonly err: Array<string>
  /** What the progress bar wrote to stderr. */
  readonly bar: string
}

/**
 * Runs `gridgov args`; `env` is the whole environment the command sees (none of this
 * process's: a CI's DATA_DIR or GRIDGOV_SECRET must not leak into a test).
 */
export const cli = async (
  args: ReadonlyArray<string>,
  terminal: Partial<Sink> = {},
  env: Record<string, string> = {}
): Promise<Ran> => {
  const out: Array<string> = []
  const err: Array<string> = []
  let bar = ""
  const captured: Console.Console = {
    ...globalThis.console,
    log: (...parts: ReadonlyArray<unknown>) => out.push(parts.join(" ")),
    error: (...parts: ReadonlyArray<unknown>) => err.push(parts.join(" "))
  }
  const sink: Sink = { isTTY: false, ci: false, write: (text) => (bar += text), ...terminal }
  const code = await Effect.runPromise(
    Cli.run(args).pipe(
      Effect.provideService(Console.Console, captured),
      Effect.provideService(Stderr, sink),
      Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromEnvRecord(env))
    )
  )
  return { code, out: out.flatMap((l) => l.split("\n")), err, bar }
}

/** The executable as a user runs it: a process on the workspace's Node, through tsx. */
export const spawn = (args: ReadonlyArray<string>, env: Record<string, string> = {}) => {
  const root = fileURLToPath(new URL("../../../", import.meta.url))
  const result = spawnSync(`${root}node_modules/.bin/tsx`, [`${root}packages/cli/src/bin/gridgov.ts`, ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, ...env },
    timeout: 280_000
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

/**
 * Appends `streams` case streams of `events` events each (interleaved, as cases are
 * worked on at once), each with its summary: streams `s-1` … `s-N`, versions 1 … events.
 */
export const seed = (streams: number, events: number) =>
  Effect.gen(function* () {
    const store = yield* CaseStore.CaseStore
    for (let version = 1; version <= events; version++) {
      for (let s = 1; s <= streams; s++) {
        yield* store.append({
          streamId: `s-${s}`,
          expectedVersion: version - 1,
          events: [
            {
              type: version === 1 ? "Reported" : "Noted",
              v: 1,
              payload: { stream: s, step: version, note: `第${version}步` },
              actor: { id: `p-${s}`, roles: ["gridWorker"] },
              at: 1_700_000_000_000 + version * 60_000 + s
            }
          ],
          summary: Conformance.summary({ createdAt: 1_700_000_000_000 + s })
        })
      }
    }
  })

/**
 * Appends `events` events to the configuration stream (raw events: the chain is what
 * is checked here, not what they say), and keeps a snapshot at version `snapshotAt`.
 */
export const seedCity = (events: number, snapshotAt: number) =>
  Effect.gen(function* () {
    const store = yield* CityStore.CityStore
    const appended = yield* store.append({
      expectedVersion: 0,
      events: Array.from({ length: events }, (_, i) => ({
        type: "Noted",
        v: 1,
        payload: { change: i + 1, reason: "测试" },
        actor: { id: "system", roles: ["system"] },
        at: 1_700_000_000_000 + i
      })) as never
    })
    if (appended._tag !== "Appended") throw new Error("the configuration was not appended")
    const at = appended.events.find((e) => e.version === snapshotAt)!
    yield* store.saveSnapshot({ version: at.version, hash: at.hash, document: {} })
  })
