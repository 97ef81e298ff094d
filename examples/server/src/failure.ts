/**
 * Why the server could not start, in one line: a port in use, a database that does
 * not answer, a data directory it may not write. `explain` wraps a layer so that any
 * failure to build it becomes a `StartupError` naming what was being done, with the
 * root cause's reason in plain words; `main.ts` prints it and exits with status 1.
 */
import { Cause, Data, Effect, Layer, Runtime } from "effect"

/** The server cannot start; `message` is the one line it prints. */
export class StartupError extends Data.TaggedError("StartupError")<{ readonly message: string }> {
  // main.ts prints the message itself: no stack trace from the runtime
  override readonly [Runtime.errorReported] = false
  override readonly [Runtime.errorExitCode] = 1
}

/** What the system error codes a user meets at start-up mean. */
const codes: Record<string, string> = {
  EADDRINUSE: "the port is in use (EADDRINUSE); choose another with --port or PORT",
  EADDRNOTAVAIL: "this machine has no such address (EADDRNOTAVAIL); check --host or HOST",
  EACCES: "permission denied (EACCES)",
  EPERM: "operation not permitted (EPERM)",
  EROFS: "the file system is read-only (EROFS)",
  ENOSPC: "no space left on the device (ENOSPC)",
  ENOTDIR: "a part of the path is not a directory (ENOTDIR)",
  ECONNREFUSED: "connection refused (ECONNREFUSED): is the server running and listening there?",
  ECONNRESET: "the connection was reset (ECONNRESET)",
  ENOTFOUND: "host not found (ENOTFOUND)",
  EAI_AGAIN: "the host name could not be resolved now (EAI_AGAIN)",
  ETIMEDOUT: "the connection timed out (ETIMEDOUT)",
  EHOSTUNREACH: "the host is unreachable (EHOSTUNREACH)"
}

const codeOf = (u: unknown): string | undefined =>
  typeof u === "object" && u !== null && "code" in u && typeof u.code === "string" ? u.code : undefined

/**
 * The reason at the root of an error: the innermost `cause` that says something,
 * in words for the common system error codes, on one line.
 */
export const reason = (error: unknown): string => {
  const chain: Array<unknown> = []
  for (let e: unknown = error; e !== undefined && e !== null && chain.length < 16; ) {
    chain.push(e)
    e = typeof e === "object" && "cause" in e ? e.cause : undefined
  }
  for (const e of chain.toReversed()) {
    const code = codeOf(e)
    if (code !== undefined && codes[code] !== undefined) return codes[code]
  }
  const innermost = chain.toReversed().find((e) => e instanceof Error && e.message !== "") ?? error
  const text = innermost instanceof Error ? innermost.message : String(innermost)
  return text.replace(/\s+/g, " ").trim()
}

/**
 * `layer`, whose failures (typed or not) become a `StartupError` "`doing`: reason".
 * An interruption (Ctrl-C while starting) stays an interruption.
 */
export const explain = <ROut, E, RIn>(layer: Layer.Layer<ROut, E, RIn>, doing: string) =>
  Layer.catchCause(layer, (cause) =>
    Layer.effectContext(
      Cause.hasInterruptsOnly(cause)
        ? Effect.failCause(cause as Cause.Cause<never>)
        : Effect.fail(new StartupError({ message: `${doing}: ${reason(Cause.squash(cause))}` }))
    )
  ) as Layer.Layer<ROut, StartupError, RIn>

/** Runs `f`, turning a throw into a `StartupError` "`doing`: reason". */
export const attempt = <A>(doing: string, f: () => A): Effect.Effect<A, StartupError> =>
  Effect.try({ try: f, catch: (error) => new StartupError({ message: `${doing}: ${reason(error)}` }) })
