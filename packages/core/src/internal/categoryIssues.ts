import { Schema, SchemaIssue } from "effect"

/** One problem found while decoding configuration data: where, and what is wrong. */
export const Problem = Schema.Struct({
  path: Schema.Array(Schema.Union([Schema.String, Schema.Number])),
  message: Schema.String
})

export type Problem = typeof Problem.Type

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

/** Flattens a schema issue into one problem per leaf, each with its full path. */
export const problemsOf = (issue: SchemaIssue.Issue, prefix: ReadonlyArray<string | number> = []): Array<Problem> =>
  formatter(issue).issues.map((i) => ({
    path: [
      ...prefix,
      ...(i.path ?? []).map((k) => (typeof k === "object" ? String(k.key) : typeof k === "symbol" ? String(k) : k))
    ],
    message: i.message
  }))

/** Renders problems as lines `path: message`, for error messages. */
export const renderProblems = (problems: ReadonlyArray<Problem>): string =>
  problems.map((p) => `${p.path.length === 0 ? "(root)" : p.path.join(".")}: ${p.message}`).join("\n")
