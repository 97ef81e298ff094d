/**
 * Schema pieces and messages shared by the public grid modules (`Grid`, `GridChange`)
 * that are not part of their API.
 */
import { Schema } from "effect"
import type { Issue } from "./gridTypes.js"

/** A grid code: digits and capital letters (an exclusive grid's marker), 1–64 long. */
export const Code = Schema.String.check(Schema.isPattern(/^[0-9A-Z]{1,64}$/))

/** The first five issues as one line, for an error's message. */
export const describeIssues = (issues: ReadonlyArray<Issue>): string =>
  issues
    .slice(0, 5)
    .map((i) => `${i._tag} at ${i.path.join(".") || "(root)"}: ${i.message}`)
    .join("; ") + (issues.length > 5 ? `; and ${issues.length - 5} more` : "")
