/**
 * The example server's command: gridgov over HTTP, on SQLite (a file in the data
 * directory) or on PostgreSQL (`--database-url` or `DATABASE_URL`), seeded with the
 * city folder (Yumen's by default) on first run, with the SLA sweeper and the outbox dispatcher in
 * process. `--help` lists the options (`options.ts`); `serve.ts` runs the server.
 *
 * A bad command line prints one line per problem and exits with status 2; a server
 * that cannot start (a port in use, a store that cannot be opened) prints one line
 * and exits with 1; SIGINT (Ctrl-C) or SIGTERM stops it gracefully, with status 0.
 * The server's own modules load only once the command line is good, so `--help`
 * and a typo answer at once.
 */
import { readFileSync } from "node:fs"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Cause, Console, Effect, Exit, Runtime } from "effect"
import { CliError, CliOutput, Command } from "effect/cli"
import * as Options from "./options.js"

const command = Command.make("gridgov-server", Options.flags, (options) =>
  Effect.flatMap(
    Effect.promise(() => import("./serve.js")),
    ({ serve }) => serve(options)
  )
).pipe(
  Command.withDescription(
    "gridgov over HTTP; an empty store imports a city folder (Yumen's by default). Each flag falls back to the environment variable named " +
      "in its description. Also read from the environment: GRIDGOV_SECRET (the tokens' HMAC secret, at least 32 " +
      "bytes), OPEN311_API_KEY (the key Open311 clients send) and GRIDGOV_WEBHOOK_SECRET (the webhook's signing " +
      "key, at least 16 bytes, with --webhook-url); each is generated and kept in the data directory when unset. The console at /console: CONSOLE_DIR (the built app), GRIDGOV_DEMO_TOKENS=1 and " +
      "GRIDGOV_TEST_CLOCK=1 (demonstrations and tests only; see docs/how-to/http-server.md)."
  )
)

/** A bad command line: one line per problem on stderr, not the whole help. */
const oneLine = (error: CliError.NonShowHelpErrors): string =>
  error._tag === "UnrecognizedOption"
    ? `unknown option ${error.option}${error.suggestions.length > 0 ? ` (did you mean ${error.suggestions.join(" or ")}?)` : ""}`
    : error.message.replace(/\s*\n\s*/g, " ")

const presenter = CliOutput.layerPresenter({
  present: (event) =>
    event._tag === "InvalidInvocation"
      ? Effect.forEach(event.errors, (e) => Console.error(`gridgov server: ${oneLine(e)}; see --help`), {
          discard: true
        })
      : CliOutput.defaultPresenter.present(event)
})

/** Exit status: 0 when stopped by a signal, 2 for a bad command line, else the runtime's. */
const teardown: Runtime.Teardown = (exit, onExit) => {
  if (Exit.isFailure(exit)) {
    if (Cause.hasInterruptsOnly(exit.cause)) return onExit(0)
    const error = Cause.squash(exit.cause)
    if (CliError.isCliError(error) && error._tag === "ShowHelp" && error.errors.length > 0) return onExit(2)
  }
  Runtime.defaultTeardown(exit, onExit)
}

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  readonly version: string
}
// `pnpm start -- --port 8080` passes the `--` through: it only separates, so skip it.
const args = process.argv.slice(2)

Command.runWith(command, { version })(args[0] === "--" ? args.slice(1) : args).pipe(
  Effect.provide(presenter),
  Effect.provide(NodeServices.layer),
  NodeRuntime.runMain({ teardown })
)
