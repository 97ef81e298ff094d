/**
 * From the services' typed errors and the inputs' decoding errors to the plain data
 * the facade answers with: the error's tag, its fields and its message, nothing of
 * Effect's error machinery.
 */
import { type Cause, Result, Schema, SchemaIssue } from "effect"
import * as fastPath from "./fastPath.js"

/** One problem of a value that does not decode: where (keys from the argument's root) and what. */
export interface Issue {
  readonly path: ReadonlyArray<string | number>
  readonly message: string
}

/** An argument that does not decode: the Schema's message, and each problem with its path. */
export interface InputInvalid {
  readonly _tag: "InputInvalid"
  readonly message: string
  readonly issues: ReadonlyArray<Issue>
}

type Data<E> = { readonly [K in keyof E as K extends keyof Cause.YieldableError ? never : K]: E[K] }

/** A core error as plain data: its `_tag`, its fields and its `message`. */
export type Failure<E> = E extends { readonly _tag: string } ? Data<E> & { readonly message: string } : never

/** What a call answers: the value, or a failure. */
export type Outcome<A, E> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly error: E }

export const ok = <A>(value: A): Outcome<A, never> => ({ ok: true, value })

export const fail = <E>(error: E): Outcome<never, E> => ({ ok: false, error })

/** The error's own fields (a Schema error class keeps them as own properties) and its message. */
export const plain = <E extends { readonly _tag: string; readonly message: string }>(error: E): Failure<E> =>
  ({ ...error, message: error.message }) as unknown as Failure<E>

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

const pathOf = (path: ReadonlyArray<unknown> | undefined): Array<string | number> =>
  (path ?? []).map((p) => {
    const key = typeof p === "object" && p !== null && "key" in p ? (p as { readonly key: unknown }).key : p
    return typeof key === "number" ? key : String(key)
  })

export const inputInvalid = (error: Schema.SchemaError): InputInvalid => ({
  _tag: "InputInvalid",
  message: error.message,
  issues: formatter(error.issue).issues.map((i) => ({ path: pathOf(i.path), message: i.message }))
})

/**
 * A decoder of untrusted input that answers `InputInvalid`, every problem listed. An
 * input the schema's fast path judges (`fastPath`: plain code compiled once from the
 * schema, which accepts only what the schema accepts and builds the same value) is
 * answered without the schema's parser; any other goes to the schema, which stops at
 * the first problem, and decodes again for all of them only when there is one.
 */
export const decoder = <S extends Schema.Decoder<unknown>>(schema: S) => {
  const codec = schema as unknown as Schema.Codec<S["Type"], unknown>
  const fast = fastPath.make(codec.ast)
  const first = Schema.decodeUnknownResult(codec)
  const all = Schema.decodeUnknownResult(codec, { errors: "all" })
  return (input: unknown): Result.Result<S["Type"], InputInvalid> => {
    if (fast !== undefined) {
      const value = fast(input)
      if (value !== fastPath.none) return Result.succeed(value as S["Type"])
    }
    const decoded = first(input)
    if (Result.isSuccess(decoded)) return decoded as unknown as Result.Result<S["Type"], InputInvalid>
    return Result.mapError(all(input), inputInvalid) as Result.Result<S["Type"], InputInvalid>
  }
}
