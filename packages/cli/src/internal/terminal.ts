/**
 * Where the CLI writes what is not a line of output: the progress bar, on stderr.
 * A reference, so tests can watch it and say whether it is a terminal.
 */
import { Context } from "effect"

export interface Sink {
  /** Whether stderr is a terminal (a bar is redrawn in place there). */
  readonly isTTY: boolean
  /** Whether the environment says this is CI (`CI` set to anything but `false` or `0`). */
  readonly ci: boolean
  readonly write: (text: string) => void
}

export const Stderr: Context.Reference<Sink> = Context.Reference("@gridgov/cli/Stderr", {
  defaultValue: (): Sink => ({
    isTTY: process.stderr.isTTY === true,
    ci: process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false" && process.env.CI !== "0",
    write: (text) => {
      process.stderr.write(text)
    }
  })
})
