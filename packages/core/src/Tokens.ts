/**
 * The token issuer port: signs bearer tokens. Core decides who gets a token and
 * until when (`StaffService.issueToken`: an administrator, for a person of the
 * directory; `StaffService.residentToken`: a new resident); an adapter signs
 * (`@gridgov/http`'s `Auth.layerHmac` provides this port beside its
 * `Authenticator`, with HMAC-SHA256). Core holds no cryptography.
 *
 * @since 0.1.0
 */
import { Context, type Effect } from "effect"

/**
 * Who a token is for: a person of the staff directory, or a resident (a member of
 * the public, known only by the id their token carries).
 *
 * @example
 * import type { Tokens } from "@gridgov/core"
 * const chief: Tokens.Subject = { _tag: "Person", id: "p-01808" }
 *
 * @category models
 * @since 0.1.0
 */
export type Subject =
  | { readonly _tag: "Person"; readonly id: string }
  | { readonly _tag: "Resident"; readonly id: string }

/**
 * An issued token: the bearer string, its subject's id and its expiry (epoch ms).
 *
 * @example
 * import type { Tokens } from "@gridgov/core"
 * const header = (t: Tokens.Issued) => `Bearer ${t.token}`
 *
 * @category models
 * @since 0.1.0
 */
export interface Issued {
  readonly token: string
  readonly subject: string
  readonly expiresAt: number
}

/**
 * The issuer: `issue(subject, expiresAt)` signs a token for the subject that is
 * valid until `expiresAt` (epoch ms). An issuer whose tokens are a function of the
 * subject and the expiry (as HMAC-signed claims are) gives the same token when asked
 * again, which is how a retried request with an idempotency key gets its token back
 * without the token ever being stored.
 *
 * @example
 * import { Effect } from "effect"
 * import { Tokens } from "@gridgov/core"
 * const forChief = Effect.flatMap(Effect.service(Tokens.Tokens), (t) =>
 *   t.issue({ _tag: "Person", id: "p-01808" }, Date.UTC(2026, 0, 1))
 * )
 *
 * @category services
 * @since 0.1.0
 */
export class Tokens extends Context.Service<
  Tokens,
  { readonly issue: (subject: Subject, expiresAt: number) => Effect.Effect<Issued> }
>()("@gridgov/core/Tokens") {}
