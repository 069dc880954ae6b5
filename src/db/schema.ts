/**
 * Versioned migrations (PRAGMA user_version). Append only: never edit a shipped migration,
 * add the next one. Money is integer minor units beside its currency (SPEC §3); dates are
 * YYYY-MM-DD text; instants are UTC ISO-8601 text.
 */
export const migrations: readonly string[] = [
  /* 1: the import foundation */ `
  CREATE TABLE import_runs (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    file_path     TEXT NOT NULL,
    size_bytes    INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    -- The settings that shape how the file is read (mappings, encoding, zone, …): the same file read
    -- differently is not the same import.
    settings      TEXT NOT NULL,
    started_at    TEXT NOT NULL,
    finished_at   TEXT NOT NULL,
    rows_read     INTEGER NOT NULL,
    inserted      INTEGER NOT NULL,
    updated       INTEGER NOT NULL,
    unchanged     INTEGER NOT NULL,
    rejected      INTEGER NOT NULL,
    forced        INTEGER NOT NULL DEFAULT 0,
    csops_version TEXT NOT NULL
  );
  CREATE INDEX import_runs_by_hash ON import_runs (sha256, kind);

  CREATE TABLE accounts (
    account_id              TEXT PRIMARY KEY,
    name                    TEXT NOT NULL,
    industry                TEXT,
    region                  TEXT,
    country                 TEXT,
    employees               INTEGER CHECK (employees >= 0),
    owner                   TEXT,
    plan                    TEXT,
    channel                 TEXT,
    currency                TEXT,
    acquisition_cost_minor  INTEGER CHECK (acquisition_cost_minor >= 0),
    customer_since          TEXT,
    tier_override           TEXT,
    custom_dev_amount_minor INTEGER CHECK (custom_dev_amount_minor >= 0),
    referrals               INTEGER CHECK (referrals >= 0),
    parent_account_id       TEXT,
    domain                  TEXT,
    import_run_id           INTEGER REFERENCES import_runs (id)
  );

  CREATE TABLE contracts (
    contract_id     TEXT PRIMARY KEY,
    account_id      TEXT NOT NULL REFERENCES accounts (account_id),
    start_date      TEXT NOT NULL,
    end_date        TEXT CHECK (end_date IS NULL OR end_date >= start_date),
    currency        TEXT NOT NULL,
    arr_minor       INTEGER NOT NULL CHECK (arr_minor >= 0),
    setup_fee_minor INTEGER CHECK (setup_fee_minor >= 0),
    status          TEXT,
    plan            TEXT,
    seats           INTEGER CHECK (seats >= 0),
    auto_renew      INTEGER CHECK (auto_renew IN (0, 1)),
    type            TEXT,
    import_run_id   INTEGER REFERENCES import_runs (id)
  );
  CREATE INDEX contracts_by_account ON contracts (account_id, start_date);
  CREATE INDEX contracts_by_end ON contracts (end_date);

  -- One row per account and day; metrics is a JSON object {"logins": 3, ...}. A re-import merges
  -- metric by metric. The view usage below shows the long shape (account, day, metric, value).
  CREATE TABLE usage_daily (
    account_id TEXT NOT NULL REFERENCES accounts (account_id),
    day        TEXT NOT NULL,
    metrics    TEXT NOT NULL,
    PRIMARY KEY (account_id, day)
  ) WITHOUT ROWID;
  CREATE VIEW usage AS
    SELECT u.account_id, u.day, m.key AS metric, m.value AS value
    FROM usage_daily u, json_each(u.metrics) m;

  CREATE TABLE tickets (
    ticket_id              TEXT PRIMARY KEY,
    account_id             TEXT REFERENCES accounts (account_id),
    created_at             TEXT NOT NULL,
    first_response_at      TEXT CHECK (first_response_at IS NULL OR first_response_at >= created_at),
    resolved_at            TEXT CHECK (resolved_at IS NULL OR resolved_at >= created_at),
    status                 TEXT,
    priority               TEXT,
    type                   TEXT,
    subject                TEXT,
    tags                   TEXT CHECK (tags IS NULL OR json_valid(tags)),
    assignee               TEXT,
    channel                TEXT,
    csat                   INTEGER CHECK (csat BETWEEN 1 AND 5),
    first_response_minutes REAL CHECK (first_response_minutes >= 0),
    resolution_minutes     REAL CHECK (resolution_minutes >= 0),
    import_run_id          INTEGER REFERENCES import_runs (id)
  );
  CREATE INDEX tickets_by_account ON tickets (account_id, created_at);
  CREATE INDEX tickets_by_created ON tickets (created_at);

  CREATE TABLE surveys (
    response_id    TEXT PRIMARY KEY,
    account_id     TEXT NOT NULL REFERENCES accounts (account_id),
    responded_at   TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('nps', 'csat')),
    score          INTEGER NOT NULL,
    comment        TEXT,
    respondent     TEXT,
    followed_up_at TEXT,
    import_run_id  INTEGER REFERENCES import_runs (id),
    CHECK ((kind = 'nps' AND score BETWEEN 0 AND 10) OR (kind = 'csat' AND score BETWEEN 1 AND 5))
  );
  CREATE INDEX surveys_by_account ON surveys (account_id, responded_at);
  `,
  /* 2: saved tier assignments and health scores, so history survives a later change of config */ `
  CREATE TABLE snapshot_runs (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('tier', 'health')),
    as_of         TEXT NOT NULL,
    saved_at      TEXT NOT NULL,
    -- The rules in force when it was saved (the config's tiers or health section, as JSON).
    rules         TEXT NOT NULL,
    csops_version TEXT NOT NULL,
    UNIQUE (kind, as_of)
  );

  CREATE TABLE tier_snapshots (
    run_id     INTEGER NOT NULL REFERENCES snapshot_runs (id) ON DELETE CASCADE,
    account_id TEXT NOT NULL,
    tier       TEXT NOT NULL,
    rule       TEXT NOT NULL,
    reason     TEXT NOT NULL,
    PRIMARY KEY (run_id, account_id)
  ) WITHOUT ROWID;

  CREATE TABLE health_snapshots (
    run_id     INTEGER NOT NULL REFERENCES snapshot_runs (id) ON DELETE CASCADE,
    account_id TEXT NOT NULL,
    score      INTEGER,
    band       TEXT NOT NULL,
    confidence INTEGER NOT NULL,
    -- Reasons, missing signals and the factor breakdown, as JSON.
    detail     TEXT NOT NULL,
    PRIMARY KEY (run_id, account_id)
  ) WITHOUT ROWID;
  CREATE INDEX health_snapshots_by_account ON health_snapshots (account_id, run_id);
  `,
  /* 3: the default login and active-users metrics in columns of their own, so health reads them without parsing each day's JSON */ `
  -- SQLite computes the two columns from metrics on every write (import, re-import merge or any
  -- other), so they always agree with the JSON. A config naming other metrics reads the JSON instead.
  -- A stored generated column cannot be added to a table: the table is rebuilt.
  CREATE TABLE usage_daily_next (
    account_id   TEXT NOT NULL REFERENCES accounts (account_id),
    day          TEXT NOT NULL,
    metrics      TEXT NOT NULL,
    logins       GENERATED ALWAYS AS (json_extract(metrics, '$.logins')) STORED,
    active_users GENERATED ALWAYS AS (json_extract(metrics, '$.active_users')) STORED,
    PRIMARY KEY (account_id, day)
  ) WITHOUT ROWID;
  INSERT INTO usage_daily_next (account_id, day, metrics) SELECT account_id, day, metrics FROM usage_daily ORDER BY account_id, day;
  DROP VIEW usage;
  DROP TABLE usage_daily;
  ALTER TABLE usage_daily_next RENAME TO usage_daily;
  CREATE VIEW usage AS
    SELECT u.account_id, u.day, m.key AS metric, m.value AS value
    FROM usage_daily u, json_each(u.metrics) m;
  `,
  /* 4: churn models learned from the team's history (csops churn-model fit --save) */ `
  CREATE TABLE churn_models (
    id            INTEGER PRIMARY KEY,
    saved_at      TEXT NOT NULL,
    -- The day the outcomes were known as of, and the contracts' end dates it learned from.
    as_of         TEXT NOT NULL,
    trained_from  TEXT NOT NULL,
    trained_to    TEXT NOT NULL,
    horizon_days  INTEGER NOT NULL,
    cases         INTEGER NOT NULL,
    churned       INTEGER NOT NULL,
    cv_auc        REAL,
    rule_auc      REAL,
    -- Feature names, fill values, standardisation and coefficients, as JSON.
    model         TEXT NOT NULL CHECK (json_valid(model)),
    -- Folds, calibration and the effects in words, as JSON.
    figures       TEXT NOT NULL CHECK (json_valid(figures)),
    csops_version TEXT NOT NULL
  );
  `,
  /* 5: open vocabularies and unmatched organisations (issue 15) */ `
  -- Helpdesks and CRMs let admins add their own statuses, types and priorities: the value as the
  -- export wrote it is kept beside csops's normalised one (NULL, or 'other' where the field has one,
  -- when no map knows the value), so a later vocabulary map can classify it without a re-import.
  ALTER TABLE tickets ADD COLUMN status_raw TEXT;
  ALTER TABLE tickets ADD COLUMN priority_raw TEXT;
  ALTER TABLE tickets ADD COLUMN type_raw TEXT;
  -- The organisation a ticket names, as written: a ticket whose organisation matches no account
  -- lands with account_id NULL and this kept, so a later accounts import can link it.
  ALTER TABLE tickets ADD COLUMN organization TEXT;
  ALTER TABLE contracts ADD COLUMN status_raw TEXT;
  ALTER TABLE contracts ADD COLUMN type_raw TEXT;
  -- Surveys may name an organisation csops does not know yet: account_id becomes nullable, which
  -- SQLite can only do by rebuilding the table.
  CREATE TABLE surveys_next (
    response_id    TEXT PRIMARY KEY,
    account_id     TEXT REFERENCES accounts (account_id),
    organization   TEXT,
    responded_at   TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('nps', 'csat')),
    score          INTEGER NOT NULL,
    comment        TEXT,
    respondent     TEXT,
    followed_up_at TEXT,
    import_run_id  INTEGER REFERENCES import_runs (id),
    CHECK ((kind = 'nps' AND score BETWEEN 0 AND 10) OR (kind = 'csat' AND score BETWEEN 1 AND 5))
  );
  INSERT INTO surveys_next (response_id, account_id, responded_at, kind, score, comment, respondent, followed_up_at, import_run_id)
    SELECT response_id, account_id, responded_at, kind, score, comment, respondent, followed_up_at, import_run_id FROM surveys;
  DROP TABLE surveys;
  ALTER TABLE surveys_next RENAME TO surveys;
  CREATE INDEX surveys_by_account ON surveys (account_id, responded_at);
  CREATE INDEX tickets_unmatched ON tickets (organization) WHERE account_id IS NULL;
  `,
  // 6: a contract's cancellation day (a dated status: from it the contract will not renew).
  `
  ALTER TABLE contracts ADD COLUMN cancelled_on TEXT;
  `,
  /* 7: the alert queue (issue 20) */ `
  -- One row per work order: a condition (rule, account, subject) from the day a sync saw it until it
  -- closes. A condition that comes back after the alert closed opens a new row.
  CREATE TABLE alerts (
    id            INTEGER PRIMARY KEY,
    rule          TEXT NOT NULL,
    account_id    TEXT NOT NULL,
    -- What the alert is about within the account: a contract and window, a ticket, a survey answer; '' when the account.
    subject       TEXT NOT NULL DEFAULT '',
    owner         TEXT,
    tier          TEXT,
    severity      TEXT NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low')),
    reason        TEXT NOT NULL,
    evidence      TEXT NOT NULL CHECK (json_valid(evidence)),
    opened_on     TEXT NOT NULL,
    due_by        TEXT NOT NULL,
    -- The last sync day the condition held, and the last day anything of it changed (reason, evidence,
    -- severity, state). revision counts the changes: an export or a push per destination (later) keeps
    -- the revision it sent, so "new or changed since the last export" is revision > the one sent.
    last_seen_on  TEXT NOT NULL,
    changed_on    TEXT NOT NULL,
    revision      INTEGER NOT NULL DEFAULT 1,
    state         TEXT NOT NULL CHECK (state IN ('open', 'acked', 'snoozed', 'closed')),
    snoozed_until TEXT,
    closed_on     TEXT,
    closed_how    TEXT CHECK (closed_how IN ('done', 'resolved-by-data')),
    -- For an alert closed as done while its condition held: the day a sync saw the condition clear.
    cleared_on    TEXT,
    CHECK ((state = 'closed') = (closed_on IS NOT NULL AND closed_how IS NOT NULL))
  );
  CREATE INDEX alerts_by_key ON alerts (account_id, rule, subject, id);
  CREATE INDEX alerts_by_state ON alerts (state);
  -- What was done to each alert, by whom and when: the queue's history.
  CREATE TABLE alert_events (
    id          INTEGER PRIMARY KEY,
    alert_id    INTEGER NOT NULL REFERENCES alerts (id),
    day         TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('opened', 'acked', 'snoozed', 'reopened', 'done', 'resolved-by-data', 'cleared')),
    by          TEXT NOT NULL,
    note        TEXT,
    until       TEXT,
    recorded_at TEXT NOT NULL
  );
  CREATE INDEX alert_events_by_alert ON alert_events (alert_id, id);
  -- Each day csops alerts sync evaluated, so a later sync knows where the queue stands.
  CREATE TABLE alert_syncs (
    as_of     TEXT PRIMARY KEY,
    synced_at TEXT NOT NULL,
    opened    INTEGER NOT NULL,
    resolved  INTEGER NOT NULL,
    reopened  INTEGER NOT NULL
  );
  `,
  /* 8: alert deliveries (issue 20): what csops alerts export and push sent where */ `
  -- One row per alert and destination: the revision of the alert last sent there, so the next export
  -- sends only what is new or changed (alerts.revision > revision_sent) and a push sends each alert once.
  -- destination is 'export:<target>' or 'push:<host>#<hash of the whole URL>': never the URL itself,
  -- whose path or query carries the webhook's token.
  CREATE TABLE alert_deliveries (
    alert_id      INTEGER NOT NULL REFERENCES alerts (id),
    destination   TEXT NOT NULL,
    revision_sent INTEGER NOT NULL,
    sent_at       TEXT NOT NULL,
    PRIMARY KEY (alert_id, destination)
  ) WITHOUT ROWID;
  CREATE INDEX alert_deliveries_by_destination ON alert_deliveries (destination, alert_id);
  `,
  /* 9: people: contacts, their roles on deals, their departures, and the CSMs' touchpoints (issue 21) */ `
  -- A contact as the latest export says. account_id is NULL when what the row named (kept in
  -- organization) matched no account; a later accounts import links it. first_seen_on is the as-of
  -- day of the import that first listed the contact: with created_at (from the CRM), when it is known from.
  CREATE TABLE contacts (
    contact_id        TEXT PRIMARY KEY,
    account_id        TEXT REFERENCES accounts (account_id),
    organization      TEXT,
    name              TEXT,
    email             TEXT,
    title             TEXT,
    phone             TEXT,
    role              TEXT,
    role_raw          TEXT,
    is_primary        INTEGER CHECK (is_primary IN (0, 1)),
    is_decision_maker INTEGER CHECK (is_decision_maker IN (0, 1)),
    status            TEXT CHECK (status IN ('active', 'left')),
    status_raw        TEXT,
    left_at           TEXT,
    last_activity_at  TEXT,
    created_at        TEXT,
    first_seen_on     TEXT,
    import_run_id     INTEGER REFERENCES import_runs (id)
  );
  CREATE INDEX contacts_by_account ON contacts (account_id);
  CREATE INDEX contacts_unmatched ON contacts (organization) WHERE account_id IS NULL;
  -- Who left and who came back, with the day: the history that lets --as-of replay who was there.
  -- how: left_at (the export's date), status (marked gone; the import's day), complete (absent from a
  -- --complete export; its day), already_left (first seen already gone: no day known, day = first seen).
  CREATE TABLE contact_events (
    contact_id    TEXT NOT NULL,
    day           TEXT NOT NULL,
    event         TEXT NOT NULL CHECK (event IN ('left', 'returned')),
    how           TEXT NOT NULL CHECK (how IN ('left_at', 'status', 'complete', 'already_left', 'listed')),
    import_run_id INTEGER REFERENCES import_runs (id),
    PRIMARY KEY (contact_id, day, event)
  ) WITHOUT ROWID;
  -- A contact's role on a deal (Salesforce OpportunityContactRole).
  CREATE TABLE contact_roles (
    role_id        TEXT PRIMARY KEY,
    contact_id     TEXT NOT NULL,
    opportunity_id TEXT,
    role           TEXT,
    role_raw       TEXT,
    is_primary     INTEGER CHECK (is_primary IN (0, 1)),
    import_run_id  INTEGER REFERENCES import_runs (id)
  );
  CREATE INDEX contact_roles_by_contact ON contact_roles (contact_id);
  -- Calls, meetings, visits, e-mails and business reviews with a customer.
  CREATE TABLE touchpoints (
    touchpoint_id TEXT PRIMARY KEY,
    account_id    TEXT NOT NULL REFERENCES accounts (account_id),
    contact_id    TEXT,
    date          TEXT NOT NULL,
    type          TEXT,
    type_raw      TEXT,
    subject       TEXT,
    owner         TEXT,
    import_run_id INTEGER REFERENCES import_runs (id)
  );
  CREATE INDEX touchpoints_by_account ON touchpoints (account_id, date);
  `,
  /* 10: product users' activity (issue 21): which days each user of an event file used the product */ `
  -- One row per account, user and ISO week: days holds the week's active days as bits (1 Monday …
  -- 64 Sunday), so the active days per week and the last day seen on or before any as-of day can be
  -- read back exactly. user_key is the event's user id trimmed and lower-cased: a contact whose e-mail
  -- is that id is active in the product on those days. Files add days (OR), never remove them.
  CREATE TABLE product_user_weeks (
    account_id    TEXT NOT NULL,
    user_key      TEXT NOT NULL,
    week          TEXT NOT NULL,
    days          INTEGER NOT NULL CHECK (days BETWEEN 1 AND 127),
    import_run_id INTEGER REFERENCES import_runs (id),
    PRIMARY KEY (account_id, user_key, week)
  ) WITHOUT ROWID;
  `,
  /* 11: enum values in one style, snake_case (issue 23; README Changelog): tiers, export targets and how an alert closed */ `
  UPDATE tier_snapshots SET tier = replace(tier, '-', '_') WHERE tier IN ('high-touch', 'low-touch', 'tech-touch');
  UPDATE alerts SET tier = replace(tier, '-', '_') WHERE tier IN ('high-touch', 'low-touch', 'tech-touch');
  UPDATE churn_models SET figures = replace(replace(replace(figures, '"raises churn"', '"raises_churn"'), '"lowers churn"', '"lowers_churn"'), '"little effect"', '"little_effect"');
  -- What was exported for a tool is known by the tool's name: --new-only must not send everything again.
  UPDATE alert_deliveries SET destination = replace(destination, '-tasks', '_tasks') WHERE destination IN ('export:salesforce-tasks', 'export:hubspot-tasks');
  -- The CHECK constraints name the values, and SQLite changes a constraint only by rebuilding the table
  -- (with foreign keys off for the migration: alert_events and alert_deliveries refer to alerts).
  CREATE TABLE alerts_next (
    id            INTEGER PRIMARY KEY,
    rule          TEXT NOT NULL,
    account_id    TEXT NOT NULL,
    subject       TEXT NOT NULL DEFAULT '',
    owner         TEXT,
    tier          TEXT,
    severity      TEXT NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low')),
    reason        TEXT NOT NULL,
    evidence      TEXT NOT NULL CHECK (json_valid(evidence)),
    opened_on     TEXT NOT NULL,
    due_by        TEXT NOT NULL,
    last_seen_on  TEXT NOT NULL,
    changed_on    TEXT NOT NULL,
    revision      INTEGER NOT NULL DEFAULT 1,
    state         TEXT NOT NULL CHECK (state IN ('open', 'acked', 'snoozed', 'closed')),
    snoozed_until TEXT,
    closed_on     TEXT,
    closed_how    TEXT CHECK (closed_how IN ('done', 'resolved_by_data')),
    cleared_on    TEXT,
    CHECK ((state = 'closed') = (closed_on IS NOT NULL AND closed_how IS NOT NULL))
  );
  INSERT INTO alerts_next (id, rule, account_id, subject, owner, tier, severity, reason, evidence, opened_on, due_by, last_seen_on, changed_on, revision, state, snoozed_until, closed_on, closed_how, cleared_on)
    SELECT id, rule, account_id, subject, owner, tier, severity, reason, evidence, opened_on, due_by, last_seen_on, changed_on, revision, state, snoozed_until, closed_on, replace(closed_how, '-', '_'), cleared_on FROM alerts;
  CREATE TABLE alert_events_next (
    id          INTEGER PRIMARY KEY,
    alert_id    INTEGER NOT NULL REFERENCES alerts (id),
    day         TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('opened', 'acked', 'snoozed', 'reopened', 'done', 'resolved_by_data', 'cleared')),
    by          TEXT NOT NULL,
    note        TEXT,
    until       TEXT,
    recorded_at TEXT NOT NULL
  );
  INSERT INTO alert_events_next (id, alert_id, day, action, by, note, until, recorded_at)
    SELECT id, alert_id, day, replace(action, '-', '_'), by, note, until, recorded_at FROM alert_events;
  DROP TABLE alert_events;
  DROP TABLE alerts;
  ALTER TABLE alerts_next RENAME TO alerts;
  ALTER TABLE alert_events_next RENAME TO alert_events;
  CREATE INDEX alerts_by_key ON alerts (account_id, rule, subject, id);
  CREATE INDEX alerts_by_state ON alerts (state);
  CREATE INDEX alert_events_by_alert ON alert_events (alert_id, id);
  `,
  /* 12: nothing on SQLite: PostgreSQL's usage_daily checks its accounts once per statement (issue 25); SQLite's import already checks each row's account itself, with foreign keys off for the import */ `
  SELECT 1;
  `,
  /* 13: nothing on SQLite: PostgreSQL's usage_daily.logins and active_users are filled by the writer (issue 25); SQLite's stay generated columns */ `
  SELECT 1;
  `,
];

export const SCHEMA_VERSION = migrations.length;
