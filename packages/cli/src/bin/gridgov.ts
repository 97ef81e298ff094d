#!/usr/bin/env node
/**
 * The `gridgov` executable: runs the command on this process's arguments, then exits
 * with its code. From the repository, `pnpm gridgov <command>` runs this file on the
 * sources (and on the workspace's Node 24).
 */
import { NodeRuntime, NodeServices } from "@effect/platform-node"
import { Effect } from "effect"
import { run } from "../Cli.js"

NodeRuntime.runMain(run(process.argv.slice(2)).pipe(Effect.provide(NodeServices.layer)), {
  disableErrorReporting: true,
  teardown: (exit, onExit) => onExit(exit._tag === "Success" ? (exit.value as number) : 1)
})
