// A child process of the reliability tests: `tsx worker.ts <mode> <json>`, on the file in GRIDGOV_SQLITE_FILE.
import { SqliteStore } from "@gridgov/storage-sqlite"
import { runWorker } from "../../storage-sql/test/reliability.js"

runWorker(SqliteStore.layer({ filename: process.env.GRIDGOV_SQLITE_FILE! }))
