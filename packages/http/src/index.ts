/**
 * @since 0.1.0
 */

/**
 * The HTTP contract (endpoints, schemas, middleware declarations); importable alone as `@gridgov/http/Api`.
 *
 * @since 0.1.0
 */
export * as Api from "./Api.js"

/**
 * Authentication: the `Authenticator` port and HMAC bearer tokens with hashed API keys.
 *
 * @since 0.1.0
 */
export * as Auth from "./Auth.js"

/**
 * Open311 GeoReport v2.
 *
 * @since 0.1.0
 */
export * as Open311 from "./Open311.js"

/**
 * RFC 9457 problem documents.
 *
 * @since 0.1.0
 */
export * as Problem from "./Problem.js"

/**
 * The rate-limit hook.
 *
 * @since 0.1.0
 */
export * as RateLimit from "./RateLimit.js"

/**
 * The server: handlers, guard, docs page.
 *
 * @since 0.1.0
 */
export * as Server from "./Server.js"
