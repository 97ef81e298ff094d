#!/usr/bin/env node
/**
 * The `gridgov` executable: runs the command on this process's arguments and exits
 * with its code. Ctrl-C (SIGINT) or SIGTERM ends the process at once, as Node does by
 * default: every command reads, or writes in one transaction, so nothing is left half
 * done. From the repository, `pnpm gridgov <command>` runs this file on the sources
 * (and on the workspace's Node 24).
 */
import { Effect } from "effect"
import { run } from "../Cli.js"

process.exit(await Effect.runPromise(run(process.argv.slice(2))))
