/**
 * The `gridgov` command line: `Cli` (the command tree and its runner), `Folder`
 * (city folders), `Store` (stores named by URL) and `Chains` (the store's hash chains, verified page by page).
 *
 * @since 0.1.0
 */

/**
 * The store verified page by page: the chain kinds and their verification.
 *
 * @since 0.1.0
 */
export * as Chains from "./Chains.js"
/**
 * The `gridgov` command tree and its runner.
 *
 * @since 0.1.0
 */
export * as Cli from "./Cli.js"

/**
 * A city folder: read (every fault as `file:line: reason`), rendered and written.
 *
 * @since 0.1.0
 */
export * as Folder from "./Folder.js"

/**
 * A store named by URL (`sqlite:PATH`, `postgres://…`): parsing and opening.
 *
 * @since 0.1.0
 */
export * as Store from "./Store.js"
