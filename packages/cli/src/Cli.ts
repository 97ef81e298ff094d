/**
 * The `gridgov` command, on `effect/cli`: its command tree (`command`), and `run`,
 * which runs it on a list of arguments and answers the exit code. Every error ends
 * as one line on stderr, `gridgov <command>: <what went wrong>`, never a stack
 * trace; `--help` works on every command.
 *
 * Exit codes: 0 done; 1 the command failed or was refused (an unreachable store, an
 * unknown person, …); 2 a bad invocation (a missing flag, a malformed store URL);
 * 3 `audit verify` found a broken hash chain.
 *
 * @since 0.1.0
 */
import { readFileSync } from "node:fs"
import { Cause, Config, Console, Effect, Result } from "effect"
import { Argument, CliConfig, CliError, CliOutput, Command, Flag, GlobalFlag } from "effect/cli"
import * as Audit from "./internal/audit.js"
import * as City from "./internal/city.js"
import { describe, exit } from "./internal/failure.js"
import * as Platform from "./internal/platform.js"
import * as Token from "./internal/token.js"
import * as Store from "./Store.js"

const store = Flag.String("store").pipe(
  Flag.withMetavar("URL"),
  Flag.withDescription(
    "The store: sqlite:PATH (a SQLite file) or postgres://USER:PASSWORD@HOST:PORT/DATABASE, " +
      "with ?prefix=NAME_ when its tables are not named gridgov_…"
  ),
  Flag.mapTryCatch(
    (input) => Result.getOrThrow(Store.parse(input)),
    (error) =>
      `${Store.expected.replace("expected", "Expected")} (${error instanceof Store.UrlInvalid ? error.reason : error})`
  )
)

const progress = Flag.Boolean("progress").pipe(
  Flag.withDefault(false),
  Flag.withDescription(
    "Draw the progress bar on stderr even when it is not a terminal (on a terminal it shows unless CI is set)"
  )
)

const json = Flag.Boolean("json").pipe(
  Flag.withDefault(false),
  Flag.withDescription("Print the result as one JSON object")
)

const verify = Command.make("verify", { store, progress, json }, Audit.verify).pipe(
  Command.withDescription(
    "Verify every hash chain in the store: the city's configuration and each case's history, read page by page " +
      "(memory grows with the number of streams, not of events). Prints how many streams and events it checked; " +
      "exits 3 naming the first broken link of each damaged stream (stream id, version, what differs)."
  ),
  Command.withShortDescription("Verify every hash chain in the store"),
  Command.withExamples([
    { command: "gridgov audit verify --store sqlite:data/gridgov.db", description: "A SQLite store" },
    {
      command: "gridgov audit verify --store postgres://gridgov:secret@127.0.0.1:5432/gridgov --json",
      description: "A PostgreSQL store, the result as JSON"
    }
  ])
)

const audit = Command.make("audit").pipe(
  Command.withDescription("Check the store's history against its hash chains"),
  Command.withShortDescription("Check the store's history"),
  Command.withSubcommands([verify])
)

const token = Command.make(
  "token",
  {
    store,
    person: Argument.String("person").pipe(
      Argument.withMetavar("PERSON"),
      Argument.withDescription("The person's id in the store's configuration (e.g. p-00001)")
    ),
    hours: Flag.Finite("hours").pipe(
      Flag.withDefault(12),
      Flag.withDescription(
        "How long the token is valid, in hours (from 1 minute to 30 days; default 12, as the server's)"
      )
    ),
    dataDir: Flag.String("data-dir").pipe(
      Flag.withMetavar("DIR"),
      Flag.withFallbackConfig(Config.String("DATA_DIR")),
      Flag.optional,
      Flag.withDescription(
        "The server's data directory, whose file `secret` signs tokens (default: DATA_DIR, else the SQLite " +
          "file's directory); GRIDGOV_SECRET, when set, is the secret instead, as for the server"
      )
    ),
    json
  },
  Token.token
).pipe(
  Command.withDescription(
    "Sign a bearer token for a person of the store's configuration, with the secret the server signs with " +
      "(GRIDGOV_SECRET, else the secret file of the server's data directory), so the server accepts it. " +
      "Refuses a person the configuration does not know, or one who holds no post today. Prints the token alone " +
      "(for `Authorization: Bearer …`), or with --json the person, their posts and the expiry."
  ),
  Command.withShortDescription("Sign a bearer token for a person, as the server would"),
  Command.withExamples([
    {
      command: "gridgov token --store sqlite:examples/server/data/gridgov.db p-00001",
      description: "A token the example server accepts (its secret is in examples/server/data)"
    },
    {
      command: "GRIDGOV_SECRET=… gridgov token --store postgres://gridgov:secret@db/gridgov p-00001 --hours 8 --json",
      description: "A PostgreSQL store, the server's secret from the environment, an 8-hour token as JSON"
    }
  ])
)

const dir = (description: string) =>
  Argument.String("dir").pipe(Argument.withMetavar("DIR"), Argument.withDescription(description))

const importCommand = Command.make(
  "import",
  {
    store,
    dir: dir("The city folder (CSV, JSON and GeoJSON files; see gridgov export --empty)"),
    dryRun: Flag.Boolean("dry-run").pipe(
      Flag.withDefault(false),
      Flag.withDescription("Print one line per change (+ added, ~ changed, - retired, closed or ended); write nothing")
    ),
    prune: Flag.Boolean("prune").pipe(
      Flag.withDefault(false),
      Flag.withDescription(
        "Retire the grids, close the units and end the posts the folder leaves out (kept otherwise); " +
          "refused for anything still in use, naming where"
      )
    )
  },
  City.importCity
).pipe(
  Command.withDescription(
    "Import a city folder into a store, empty or filled: the changes from the store's configuration to the " +
      "folder's, decided and written as one audited batch (as system). Files left out of the folder leave their part " +
      "as it is; rows left out are kept unless --prune. All or nothing: a folder with faults prints every one as " +
      "file:line: reason and writes nothing."
  ),
  Command.withShortDescription("Import a city folder into a store"),
  Command.withExamples([
    {
      command: "gridgov import --store sqlite:data/gridgov.db examples/cities/yumen",
      description: "Yumen into a new SQLite store"
    },
    {
      command: "gridgov import --store postgres://gridgov:secret@db/gridgov --dry-run my-city",
      description: "What importing my-city would change, without writing"
    }
  ])
)

const exportCommand = Command.make(
  "export",
  {
    store: store.pipe(Flag.optional),
    empty: Flag.Boolean("empty").pipe(
      Flag.withDefault(false),
      Flag.withDescription(
        "Write the templates: every CSV with its header, every table as a store without a city has it"
      )
    ),
    dir: dir("The folder to write (made when missing; it may hold only a city folder's files)")
  },
  (options) =>
    City.exportCity({
      store: options.store._tag === "Some" ? options.store.value : undefined,
      dir: options.dir,
      empty: options.empty
    })
).pipe(
  Command.withDescription(
    "Export a store's city configuration to a folder, in one canonical form (rows sorted by id, LF line ends): the " +
      "same configuration gives the same bytes from SQLite or PostgreSQL. With --empty, the templates to fill in."
  ),
  Command.withShortDescription("Export a store's city to a folder, or the templates"),
  Command.withExamples([
    { command: "gridgov export --store sqlite:data/gridgov.db my-city", description: "The city a store holds" },
    { command: "gridgov export --empty my-city", description: "Empty templates with their headers" }
  ])
)

const addNotice = Command.make(
  "add-notice",
  {
    store,
    file: Argument.String("file").pipe(
      Argument.withMetavar("FILE"),
      Argument.withDescription("The notice as JSON: id, year, title, date, festivals (rest range, make-up workdays)")
    )
  },
  City.addNotice
).pipe(
  Command.withDescription(
    "Add a year's holiday notice (the State Council's, each November) to the store's calendar: deadlines computed " +
      "from then on use it. Lists the open cases timed provisionally for that year, to review."
  ),
  Command.withShortDescription("Add a holiday notice to the store's calendar"),
  Command.withExamples([
    {
      command: "gridgov calendar add-notice --store sqlite:data/gridgov.db notice-2027.json",
      description: "The 2027 notice"
    }
  ])
)

const calendar = Command.make("calendar").pipe(
  Command.withDescription("The store's working-day calendar"),
  Command.withShortDescription("The store's working-day calendar"),
  Command.withSubcommands([addNotice])
)

/**
 * The `gridgov` command tree: `import`, `export`, `audit verify`, `calendar add-notice`, `token`.
 *
 * @example
 * import { Cli } from "@gridgov/cli"
 * Cli.command.name // "gridgov"
 *
 * @category commands
 * @since 0.1.0
 */
export const command = Command.make("gridgov").pipe(
  Command.withDescription(
    "Work on a gridgov store named by URL (sqlite:PATH or postgres://…). Exit codes: 0 done, 1 failed or refused, " +
      "2 bad invocation, 3 a hash chain is broken."
  ),
  Command.withSubcommands([importCommand, exportCommand, audit, calendar, token])
)

/** The version of this package, as `--version` prints it (read when asked: importing stays free of effects). */
const versionOf = (): string =>
  (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { readonly version: string })
    .version

/** The command words of an invocation: `gridgov audit verify` for `audit verify --store x`. */
const pathOf = (args: ReadonlyArray<string>): string => {
  const path = [command.name as string]
  let node: Command.Command.Any = command
  for (const arg of args) {
    const next = node.subcommands.flatMap((g) => g.commands).find((c) => c.name === arg || c.alias === arg)
    if (next === undefined) break
    path.push(next.name)
    node = next
  }
  return path.join(" ")
}

const oneLine = (error: CliError.CliError): string => {
  const [first, suggestions] = error.message.split(/\n\n\s*Did you mean this\?\s*/)
  const line = first!.replace(/\s*\n\s*/g, " ")
  return suggestions === undefined ? line : `${line} (did you mean ${suggestions.trim().split(/\s+/).join(", ")}?)`
}

/** Help as `--help` asks for it; every mistake as one line on stderr. */
const presenter: CliOutput.Presenter = {
  present: (event) =>
    Effect.gen(function* () {
      const formatter = yield* CliOutput.Formatter
      const path = event._tag === "Version" ? "" : event.commandPath.join(" ")
      switch (event._tag) {
        case "Version":
          return yield* Console.log(`gridgov ${event.version}`)
        case "Help": {
          if (event.reason === "Requested") return yield* Console.log(formatter.formatHelpDoc(event.helpDoc))
          const names = (event.helpDoc.subcommands ?? []).flatMap((g) => g.commands.map((c) => c.name))
          return yield* Console.error(`${path}: name a command: ${names.join(", ")} (see ${path} --help)`)
        }
        case "InvalidInvocation": {
          const more = event.errors.length > 1 ? ` (and ${event.errors.length - 1} more)` : ""
          return yield* Console.error(`${path}: ${oneLine(event.errors[0]!)}${more} (see ${path} --help)`)
        }
      }
    })
}

/**
 * Runs `gridgov` on the given arguments (without the program name) and answers its
 * exit code; output goes through `Console` (results on `log`, errors on `error`), the
 * progress bar to stderr. It reads files and the environment through Node's own
 * APIs (`GRIDGOV_DEBUG=1` shows the full cause of an unexpected failure).
 *
 * @example
 * import { Effect } from "effect"
 * import { Cli } from "@gridgov/cli"
 * const code = Effect.runPromise(Cli.run(["audit", "verify", "--store", "sqlite:data/gridgov.db"]))
 *
 * @category running
 * @since 0.1.0
 */
export const run = (args: ReadonlyArray<string>): Effect.Effect<number> =>
  Effect.suspend(() => Command.runWith(command, { version: versionOf() })(args)).pipe(
    Effect.provide(CliOutput.layerPresenter(presenter)),
    // No wizard (a store is named, not chosen) and no log level (commands print, they do not log).
    Effect.provide(CliConfig.layer({ builtIns: [GlobalFlag.Help, GlobalFlag.Version, GlobalFlag.Completions] })),
    Effect.provide(Platform.layer),
    Effect.as(0),
    Effect.catchCause((cause) => {
      if (Cause.hasInterruptsOnly(cause)) return Effect.succeed(130)
      const error = Cause.squash(cause)
      if (CliError.isCliError(error)) {
        // Help and parse errors were presented already; anything else says itself.
        if (error._tag === "ShowHelp") return Effect.succeed(exit.usage)
        return Effect.as(Console.error(`${pathOf(args)}: ${oneLine(error)}`), exit.usage)
      }
      if (Cause.hasFails(cause)) {
        const { line, code } = describe(error)
        return Effect.as(Console.error(`${pathOf(args)}: ${line}`), code)
      }
      const debug = process.env.GRIDGOV_DEBUG === "1"
      const message = error instanceof Error ? error.message : String(error)
      return Effect.as(
        Console.error(
          debug ? Cause.pretty(cause) : `${pathOf(args)}: internal error: ${message} (GRIDGOV_DEBUG=1 shows where)`
        ),
        exit.failed
      )
    })
  )
