/**
 * How a command ends badly: a one-line message and an exit code. Handlers fail
 * with `Failed` (or with a tagged error `describe` knows); the runner prints the
 * line on stderr after the command's name and exits with the code.
 */
import { Schema } from "effect"

/** Exit codes: 1 a command failed or was refused, 2 a bad invocation, 3 a hash chain is broken. */
export const exit = { failed: 1, usage: 2, broken: 3 } as const

export class Failed extends Schema.TaggedError<Failed>()("CliFailed", {
  reason: Schema.String,
  code: Schema.Number
}) {
  override get message(): string {
    return this.reason
  }
}

/** The line and exit code for an error a handler let through. */
export const describe = (error: unknown): { readonly line: string; readonly code: number } => {
  if (error instanceof Failed) return { line: error.reason, code: error.code }
  const tag = typeof error === "object" && error !== null && "_tag" in error ? String(error._tag) : undefined
  const message = error instanceof Error ? error.message : String(error)
  switch (tag) {
    case "StoreError":
      return { line: `the store failed: ${message}`, code: exit.failed }
    default:
      return { line: message === "" ? (tag ?? "failed") : message, code: exit.failed }
  }
}
