/**
 * Runs the server with checked options: opens the data directory and the secrets in it
 * (`city.ts`), builds the layers (`wiring.ts`), prints the banner once it listens
 * (`banner.ts`) with the console's routes and lines (`console.ts`), and runs until interrupted (SIGINT/SIGTERM), when it stops taking
 * connections, finishes the requests in flight, closes the store and says
 * "gridgov server stopped". A `StartupError` is printed as one line on stderr.
 */
import { Clock, Effect, Layer, Logger, Console as Output } from "effect"
import * as Banner from "./banner.js"
import * as City from "./city.js"
import * as Console from "./console.js"
import * as Options from "./options.js"
import * as Wiring from "./wiring.js"

export const name = "gridgov server"

export const serve = (options: Options.Options) =>
  Effect.gen(function* () {
    const city = yield* City.open(options, yield* Options.secrets)
    // The console at /console, the opt-in demo tokens and test clock (see console.ts).
    const consoleHook = Console.hook(process.env)
    const app = Wiring.layer(options, city, consoleHook.routes)
    const banner = Banner.print(options, city, consoleHook.lines)
    const run = Layer.launch(Layer.mergeAll(app, Layer.effectDiscard(banner).pipe(Layer.provide(app))))
    yield* consoleHook.clock === undefined ? run : Effect.provideService(run, Clock.Clock, consoleHook.clock)
  }).pipe(
    Effect.onInterrupt(() => Output.log(`${name} stopped`)),
    Effect.tapError((error) => Output.error(`${name}: ${error.message}`)),
    Effect.provide(Logger.layer([Logger.consoleJson]))
  )
