/**
 * The schema, per dialect, as numbered migrations. Table and index names carry a
 * prefix (default `gridgov_`), so several stores can share one database.
 */

export type Dialect = "sqlite" | "pg"

export interface Migration {
  readonly id: number
  readonly name: string
  readonly statements: (prefix: string, dialect: Dialect) => ReadonlyArray<string>
}

const types = (dialect: Dialect) =>
  dialect === "pg"
    ? { key: 'TEXT COLLATE "C"', int: "INTEGER", instant: "BIGINT", position: "BIGINT GENERATED ALWAYS AS IDENTITY" }
    : { key: "TEXT", int: "INTEGER", instant: "INTEGER", position: "INTEGER" }

export const migrations: ReadonlyArray<Migration> = [
  {
    id: 1,
    name: "storage",
    statements: (p, dialect) => {
      const t = types(dialect)
      const json = dialect === "pg" ? "JSONB" : "TEXT"
      return [
        `CREATE TABLE ${p}events (
          position ${t.position} PRIMARY KEY${dialect === "sqlite" ? " AUTOINCREMENT" : ""},
          stream_id ${t.key} NOT NULL,
          version ${t.int} NOT NULL,
          type TEXT NOT NULL,
          v ${t.int} NOT NULL,
          payload TEXT NOT NULL,
          actor TEXT NOT NULL,
          at ${t.instant} NOT NULL,
          prev_hash TEXT NOT NULL,
          hash TEXT NOT NULL,
          CONSTRAINT ${p}events_stream_version UNIQUE (stream_id, version)
        )`,
        `CREATE TABLE ${p}summaries (
          stream_id ${t.key} PRIMARY KEY,
          kind ${t.key} NOT NULL,
          state ${t.key} NOT NULL,
          category ${t.key} NOT NULL,
          grid_code ${t.key} NOT NULL,
          grid_pre ${t.int} NOT NULL,
          grid_post ${t.int} NOT NULL,
          unit ${t.key},
          assignee ${t.key},
          due_at ${t.instant},
          overdue SMALLINT NOT NULL,
          created_at ${t.instant} NOT NULL,
          updated_at ${t.instant} NOT NULL,
          version ${t.int} NOT NULL,
          body ${json} NOT NULL
        )`,
        `CREATE INDEX ${p}summaries_grid ON ${p}summaries (grid_pre, created_at)`,
        `CREATE INDEX ${p}summaries_created ON ${p}summaries (created_at, stream_id)`,
        `CREATE INDEX ${p}summaries_updated ON ${p}summaries (updated_at, stream_id)`,
        `CREATE INDEX ${p}summaries_due ON ${p}summaries (due_at, stream_id)`,
        `CREATE INDEX ${p}summaries_assignee ON ${p}summaries (assignee, due_at)`,
        `CREATE INDEX ${p}summaries_unit ON ${p}summaries (unit, due_at)`,
        `CREATE INDEX ${p}summaries_category ON ${p}summaries (category, created_at)`,
        `CREATE INDEX ${p}summaries_kind_state ON ${p}summaries (kind, state, created_at)`,
        `CREATE TABLE ${p}timers (
          id ${t.key} PRIMARY KEY,
          stream_id ${t.key} NOT NULL,
          due_at ${t.instant} NOT NULL,
          kind TEXT NOT NULL,
          payload TEXT NOT NULL,
          owner TEXT,
          lease_until ${t.instant},
          attempts ${t.int} NOT NULL DEFAULT 0
        )`,
        `CREATE INDEX ${p}timers_due ON ${p}timers (due_at, id)`,
        `CREATE INDEX ${p}timers_stream ON ${p}timers (stream_id)`,
        `CREATE TABLE ${p}outbox (
          id ${t.key} PRIMARY KEY,
          dedupe_key TEXT NOT NULL,
          channel TEXT NOT NULL,
          payload TEXT NOT NULL,
          status TEXT NOT NULL,
          attempts ${t.int} NOT NULL DEFAULT 0,
          next_attempt_at ${t.instant} NOT NULL,
          owner TEXT,
          lease_until ${t.instant},
          last_error TEXT,
          created_at ${t.instant} NOT NULL,
          CONSTRAINT ${p}outbox_dedupe UNIQUE (dedupe_key)
        )`,
        `CREATE INDEX ${p}outbox_pending ON ${p}outbox (status, next_attempt_at, id)`,
        `CREATE TABLE ${p}idempotency (
          key TEXT PRIMARY KEY,
          result TEXT NOT NULL,
          created_at ${t.instant} NOT NULL
        )`,
        `CREATE INDEX ${p}idempotency_created ON ${p}idempotency (created_at)`
      ]
    }
  },
  {
    id: 2,
    name: "summary scope",
    // The columns scoped queries filter on (CaseStore.Scope): the public reporter, the
    // units that held the case (as JSON, and one row per unit in summary_units,
    // indexed by unit), and an index on grid_code for re-ranking. Existing rows are
    // filled from the access facts CaseService wrote into the summary body.
    statements: (p, dialect) => {
      const t = types(dialect)
      const common = [
        `ALTER TABLE ${p}summaries ADD COLUMN reporter ${t.key}`,
        `ALTER TABLE ${p}summaries ADD COLUMN held TEXT NOT NULL DEFAULT '[]'`,
        `CREATE TABLE ${p}summary_units (
          unit ${t.key} NOT NULL,
          stream_id ${t.key} NOT NULL,
          PRIMARY KEY (unit, stream_id)
        )`,
        `CREATE INDEX ${p}summary_units_stream ON ${p}summary_units (stream_id)`,
        `CREATE INDEX ${p}summaries_reporter ON ${p}summaries (reporter, created_at)`,
        `CREATE INDEX ${p}summaries_grid_code ON ${p}summaries (grid_code)`
      ]
      const backfill =
        dialect === "pg"
          ? [
              `UPDATE ${p}summaries SET reporter = body->'facts'->>'reporter',
                held = COALESCE((body->'facts'->'units')::text, '[]')
                WHERE jsonb_typeof(body->'facts') = 'object'`,
              `INSERT INTO ${p}summary_units (unit, stream_id)
                SELECT DISTINCT u.unit, s.stream_id FROM ${p}summaries AS s,
                LATERAL jsonb_array_elements_text(s.held::jsonb) AS u(unit)`
            ]
          : [
              `UPDATE ${p}summaries SET reporter = json_extract(body, '$.facts.reporter'),
                held = COALESCE(json_extract(body, '$.facts.units'), '[]')
                WHERE json_type(body, '$.facts') = 'object'`,
              `INSERT OR IGNORE INTO ${p}summary_units (unit, stream_id)
                SELECT j.value, s.stream_id FROM ${p}summaries AS s, json_each(s.held) AS j`
            ]
      return [...common, ...backfill]
    }
  },
  {
    id: 3,
    name: "analytics counters",
    // The Analytics counters projection: one row per key (grid, unit, kind, category,
    // month) and measure, summed with every append (value = value + delta), with the
    // grid's rank beside its code so a subtree is a range. Fill it for existing
    // events with AnalyticsStore.rebuild.
    statements: (p, dialect) => {
      const t = types(dialect)
      const big = dialect === "pg" ? "BIGINT" : "INTEGER"
      return [
        `CREATE TABLE ${p}counters (
          grid_code ${t.key} NOT NULL,
          grid_pre ${t.int} NOT NULL,
          unit ${t.key} NOT NULL,
          kind ${t.key} NOT NULL,
          category ${t.key} NOT NULL,
          month ${t.key} NOT NULL,
          measure ${t.key} NOT NULL,
          value ${big} NOT NULL,
          PRIMARY KEY (grid_code, unit, kind, category, month, measure)
        )`,
        `CREATE INDEX ${p}counters_rank ON ${p}counters (grid_pre, month)`,
        `CREATE INDEX ${p}counters_month ON ${p}counters (month, kind)`
      ]
    }
  },
  {
    id: 4,
    name: "work list indexes",
    // The work lists (CaseService.todo, and searches by unit or assignee) page in
    // creation order, so their indexes are keyed (unit | assignee, created_at,
    // stream_id): a page is an index range, with no sort, and a case's entries move
    // only when it changes hands, not at every step as a key on due_at did (the due
    // date moves with nearly every command). Most cases are held by a unit and never
    // by a person, so the assignee index leaves those out (`assignee = ?` implies
    // `assignee IS NOT NULL`, and both databases use the partial index for it); and
    // the due index holds only cases with a clock running (the due lists ask for
    // `due_at IS NOT NULL` or a bound on it).
    statements: (p) => [
      `DROP INDEX ${p}summaries_unit`,
      `DROP INDEX ${p}summaries_assignee`,
      `DROP INDEX ${p}summaries_due`,
      `CREATE INDEX ${p}summaries_due ON ${p}summaries (due_at, stream_id) WHERE due_at IS NOT NULL`,
      `CREATE INDEX ${p}summaries_unit ON ${p}summaries (unit, created_at, stream_id)`,
      `CREATE INDEX ${p}summaries_assignee ON ${p}summaries (assignee, created_at, stream_id) WHERE assignee IS NOT NULL`
    ]
  },
  {
    id: 5,
    name: "timers keyed by id",
    // No query reads timers by stream, so that index only cost a write per change.
    // On SQLite the table is rebuilt WITHOUT ROWID, keyed by the id itself: one
    // b-tree where there were the rows and the id's unique index. The table holds
    // only the timers still to fire, so the copy is small.
    statements: (p, dialect) => {
      if (dialect === "pg") return [`DROP INDEX ${p}timers_stream`]
      const t = types(dialect)
      return [
        `CREATE TABLE ${p}timers_next (
          id ${t.key} PRIMARY KEY,
          stream_id ${t.key} NOT NULL,
          due_at ${t.instant} NOT NULL,
          kind TEXT NOT NULL,
          payload TEXT NOT NULL,
          owner TEXT,
          lease_until ${t.instant},
          attempts ${t.int} NOT NULL DEFAULT 0
        ) WITHOUT ROWID`,
        `INSERT INTO ${p}timers_next (id, stream_id, due_at, kind, payload, owner, lease_until, attempts)
          SELECT id, stream_id, due_at, kind, payload, owner, lease_until, attempts FROM ${p}timers`,
        `DROP TABLE ${p}timers`,
        `ALTER TABLE ${p}timers_next RENAME TO ${p}timers`,
        `CREATE INDEX ${p}timers_due ON ${p}timers (due_at, id)`
      ]
    }
  },
  {
    id: 6,
    name: "outbox dedupe keys apart from ids",
    // The service's messages use their dedupe key as their id, so both unique
    // indexes held the same string and each message cost two random index pages. A
    // row now stores `dedupe_key` only when it differs from its `id` (NULL otherwise),
    // under a partial unique index; inserts check the two forms against each other.
    statements: (p, dialect) => {
      const t = types(dialect)
      if (dialect === "pg") {
        return [
          `ALTER TABLE ${p}outbox DROP CONSTRAINT ${p}outbox_dedupe`,
          `ALTER TABLE ${p}outbox ALTER COLUMN dedupe_key DROP NOT NULL`,
          `UPDATE ${p}outbox SET dedupe_key = NULL WHERE dedupe_key = id`,
          `CREATE UNIQUE INDEX ${p}outbox_dedupe ON ${p}outbox (dedupe_key) WHERE dedupe_key IS NOT NULL`
        ]
      }
      return [
        `CREATE TABLE ${p}outbox_next (
          id ${t.key} PRIMARY KEY,
          dedupe_key TEXT,
          channel TEXT NOT NULL,
          payload TEXT NOT NULL,
          status TEXT NOT NULL,
          attempts ${t.int} NOT NULL DEFAULT 0,
          next_attempt_at ${t.instant} NOT NULL,
          owner TEXT,
          lease_until ${t.instant},
          last_error TEXT,
          created_at ${t.instant} NOT NULL
        )`,
        `INSERT INTO ${p}outbox_next (id, dedupe_key, channel, payload, status, attempts, next_attempt_at, owner,
          lease_until, last_error, created_at)
          SELECT id, CASE WHEN dedupe_key = id THEN NULL ELSE dedupe_key END, channel, payload, status, attempts,
            next_attempt_at, owner, lease_until, last_error, created_at
          FROM ${p}outbox ORDER BY rowid`,
        `DROP TABLE ${p}outbox`,
        `ALTER TABLE ${p}outbox_next RENAME TO ${p}outbox`,
        `CREATE UNIQUE INDEX ${p}outbox_dedupe ON ${p}outbox (dedupe_key) WHERE dedupe_key IS NOT NULL`,
        `CREATE INDEX ${p}outbox_pending ON ${p}outbox (status, next_attempt_at, id)`
      ]
    }
  },
  {
    id: 7,
    name: "idempotency keys bound to requests",
    // A key records the fingerprint of the request it was first used for
    // (`Idempotency.fingerprint`), so the same key sent with another request is
    // refused instead of answered with the first one's result. Keys recorded before
    // keep NULL: they replay for any request of their caller, as they did, until
    // they are pruned.
    statements: (p) => [`ALTER TABLE ${p}idempotency ADD COLUMN fingerprint TEXT`]
  }
]
