// A child process of the reliability tests: `node --import tsx worker.ts <mode> <json>`, on the file in
// GRIDGOV_SQLITE_FILE.
import { SqliteStore } from "@gridgov/storage-sqlite"
import { StoreReliability } from "@gridgov/testing/vitest"

StoreReliability.runWorker(SqliteStore.layer({ filename: process.env.GRIDGOV_SQLITE_FILE! }))
