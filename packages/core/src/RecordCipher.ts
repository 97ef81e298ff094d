/**
 * The key port for personal data at rest: encrypts and decrypts the values of a
 * record's personal fields (`Records.seal`, `Records.unseal`). Core holds no
 * cryptography; an adapter supplies it (a KMS, an HSM, or AES-GCM with a key from
 * your secret store; `@gridgov/testing` has an AES-GCM adapter for tests).
 *
 * @since 0.1.0
 */
import { Context, type Effect, Schema } from "effect"

/**
 * What a value is encrypted for: the record id and the field name. Adapters bind
 * the ciphertext to it (as AES-GCM associated data, say), so a value copied into
 * another record or field does not decrypt.
 *
 * @example
 * import type { RecordCipher } from "@gridgov/core"
 * const binding: RecordCipher.Binding = { record: "r-1", field: "idNumber" }
 *
 * @category models
 * @since 0.1.0
 */
export interface Binding {
  readonly record: string
  readonly field: string
}

/**
 * Encryption or decryption failed (a wrong key, a tampered value, the key service
 * down). Never carries the plaintext.
 *
 * @example
 * import { RecordCipher } from "@gridgov/core"
 * new RecordCipher.CipherError({ operation: "decrypt", message: "authentication failed" })._tag // "CipherError"
 *
 * @category errors
 * @since 0.1.0
 */
export class CipherError extends Schema.TaggedError<CipherError>()("CipherError", {
  operation: Schema.Literals(["encrypt", "decrypt"]),
  message: Schema.String
}) {}

/**
 * The cipher service: `encrypt(plaintext, binding)` gives a string to store,
 * `decrypt(ciphertext, binding)` gives the plaintext back (with the same binding).
 *
 * @example
 * import { Effect } from "effect"
 * import { RecordCipher } from "@gridgov/core"
 *
 * const roundTrip = Effect.gen(function*() {
 *   const cipher = yield* RecordCipher.RecordCipher
 *   const context = { record: "r-1", field: "phone" }
 *   return yield* cipher.decrypt(yield* cipher.encrypt("13800138000", context), context)
 * })
 *
 * @category services
 * @since 0.1.0
 */
export class RecordCipher extends Context.Service<
  RecordCipher,
  {
    readonly encrypt: (plaintext: string, binding: Binding) => Effect.Effect<string, CipherError>
    readonly decrypt: (ciphertext: string, binding: Binding) => Effect.Effect<string, CipherError>
  }
>()("@gridgov/core/RecordCipher") {}
