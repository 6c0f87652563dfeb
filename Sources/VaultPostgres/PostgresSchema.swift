/// The catalog's schema on PostgreSQL: the tables of SQLite's catalog at its migration v14, with
/// PostgreSQL's types (`timestamptz` for times, `bytea` for bytes, `bigint` for integers), as one
/// migration. Later changes are appended to `migrations`; a shipped one is never edited.
///
/// The audit log and its checkpoints are append-only here too: triggers refuse updates and deletes.
enum PostgresSchema {
    /// A schema change, applied once, in its own transaction.
    struct Migration {
        /// What the catalog records as applied.
        let identifier: String
        /// The statements.
        let sql: String
    }

    /// Every migration, in order.
    static let migrations: [Migration] = [v1, v2, v3, v4, v5, v6]

    /// A number for `pg_advisory_xact_lock` that serialises migrations between nodes opening the
    /// catalog at once (the bytes of "cvmigr").
    static let migrationLock: Int64 = 0x6376_6D69_6772

    /// Everything the migrations make, dropped (see `PostgresCatalog.dropCreatedCatalog`).
    static let dropAll = """
        DROP TABLE IF EXISTS recordings, ingest_journal, version_journal, kek_checks, policies, audit_log, audit_checkpoints,
            subjects, consent_numbers, consent_grants, call_attempts, holds, erasure_requests, pending_key_destructions,
            api_tokens, users, phrase_hits, lexicon_changes, subject_keys, destroyed_keys, rewrapped_data_keys, opt_outs,
            rs_metadata, callvault_migrations;
        DROP FUNCTION IF EXISTS callvault_append_only();
        """

    static let v1 = Migration(identifier: "v1: the catalog of SQLite's v14", sql: """
        CREATE TABLE recordings (
            id text PRIMARY KEY,
            state text NOT NULL,
            started_at timestamptz NOT NULL,
            ingested_at timestamptz NOT NULL,
            duration_ms bigint NOT NULL,
            channels bigint NOT NULL,
            input_sample_rate bigint NOT NULL,
            opus_sample_rate bigint NOT NULL,
            bitrate bigint NOT NULL,
            source_format text NOT NULL,
            subject_pseudonym text,
            subject_masked text,
            campaign text,
            agent text,
            opus_sha256 text NOT NULL,
            opus_size bigint NOT NULL,
            sealed_sha256 text NOT NULL,
            sealed_size bigint NOT NULL,
            object_path text NOT NULL UNIQUE,
            wrapped_data_key bytea NOT NULL,
            kek_version bigint NOT NULL,
            key_subject text,
            metadata text,
            restricted_until timestamptz,
            purged_at timestamptz,
            transcript_path text,
            transcript_format text,
            transcript_sha256 text,
            version bigint NOT NULL DEFAULT 1
        );
        CREATE INDEX recordings_started_at ON recordings (started_at, id);
        CREATE INDEX recordings_subject_pseudonym ON recordings (subject_pseudonym);
        CREATE INDEX recordings_key_subject ON recordings (key_subject);
        CREATE INDEX recordings_campaign ON recordings (campaign, started_at);
        CREATE INDEX recordings_agent ON recordings (agent, started_at);

        CREATE TABLE ingest_journal (
            recording_id text PRIMARY KEY,
            object_path text NOT NULL,
            started_at timestamptz NOT NULL,
            completion bytea,
            node text
        );
        CREATE TABLE version_journal (
            recording_id text PRIMARY KEY,
            version bigint NOT NULL,
            old_object_path text NOT NULL,
            new_object_path text,
            transcript_path text NOT NULL,
            subject text,
            new_key_id text,
            started_at timestamptz NOT NULL,
            node text
        );
        CREATE TABLE kek_checks (
            version bigint PRIMARY KEY,
            check_value bytea NOT NULL
        );
        CREATE TABLE policies (
            id bigserial PRIMARY KEY,
            yaml text NOT NULL,
            sha256 text NOT NULL,
            applied_at timestamptz NOT NULL
        );

        CREATE TABLE audit_log (
            seq bigint PRIMARY KEY,
            at text NOT NULL,
            actor text NOT NULL,
            auth text NOT NULL,
            action text NOT NULL,
            target text,
            outcome text NOT NULL,
            entry bytea NOT NULL,
            leaf_hash bytea NOT NULL
        );
        CREATE INDEX audit_log_at ON audit_log (at);
        CREATE INDEX audit_log_actor ON audit_log (actor);
        CREATE INDEX audit_log_action ON audit_log (action);
        CREATE INDEX audit_log_target ON audit_log (target);
        CREATE TABLE audit_checkpoints (
            tree_size bigint PRIMARY KEY,
            root_hash bytea NOT NULL,
            note text NOT NULL,
            at text NOT NULL,
            compact_range bytea
        );
        CREATE FUNCTION callvault_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
        END $$;
        CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
            FOR EACH STATEMENT EXECUTE FUNCTION callvault_append_only();
        CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_checkpoints
            FOR EACH STATEMENT EXECUTE FUNCTION callvault_append_only();

        CREATE TABLE subjects (
            subject text PRIMARY KEY,
            masked text,
            state text NOT NULL,
            created_at timestamptz NOT NULL,
            shred_requested_at timestamptz,
            shredded_at timestamptz,
            key_generation bigint NOT NULL DEFAULT 1
        );
        CREATE INDEX subjects_state ON subjects (state);

        CREATE TABLE consent_numbers (
            subject text PRIMARY KEY,
            sealed_number bytea,
            tag text,
            opted_out_at timestamptz,
            blacklisted_at timestamptz,
            blacklist_reason text
        );
        CREATE TABLE consent_grants (
            subject text NOT NULL,
            purpose text NOT NULL,
            source text NOT NULL,
            evidence text NOT NULL,
            granted_at timestamptz NOT NULL,
            revoked_at timestamptz,
            mac bytea,
            PRIMARY KEY (subject, purpose)
        );
        CREATE TABLE call_attempts (
            id bigserial PRIMARY KEY,
            subject text NOT NULL,
            purpose text NOT NULL,
            at timestamptz NOT NULL
        );
        CREATE INDEX call_attempts_subject_at ON call_attempts (subject, at);

        CREATE TABLE holds (
            id text PRIMARY KEY,
            recording_id text,
            subject text,
            reason text NOT NULL,
            placed_at timestamptz NOT NULL,
            released_at timestamptz
        );
        CREATE INDEX holds_recording_id ON holds (recording_id);
        CREATE INDEX holds_subject ON holds (subject);
        CREATE TABLE erasure_requests (
            id text PRIMARY KEY,
            subject text NOT NULL,
            masked text,
            requested_at timestamptz NOT NULL,
            deadline timestamptz NOT NULL,
            state text NOT NULL,
            reason text NOT NULL,
            completed_at timestamptz,
            failure text,
            receipt text
        );
        CREATE INDEX erasure_requests_subject ON erasure_requests (subject);
        CREATE INDEX erasure_requests_state ON erasure_requests (state);
        CREATE TABLE pending_key_destructions (
            key_subject text PRIMARY KEY,
            requested_at timestamptz NOT NULL
        );

        CREATE TABLE api_tokens (
            id text PRIMARY KEY,
            name text NOT NULL,
            role text NOT NULL,
            token_sha256 bytea NOT NULL UNIQUE,
            created_at timestamptz NOT NULL,
            revoked_at timestamptz,
            mac bytea
        );
        CREATE UNIQUE INDEX api_tokens_live_name ON api_tokens (name) WHERE revoked_at IS NULL;
        """)

    static let v2 = Migration(identifier: "v2: console accounts (SQLite's v15)", sql: """
        CREATE TABLE users (
            id text PRIMARY KEY,
            name text NOT NULL UNIQUE,
            role text NOT NULL,
            password_hash text NOT NULL,
            totp_secret bytea,
            totp_last_step bigint,
            failed_sign_ins bigint NOT NULL DEFAULT 0,
            locked_until timestamptz,
            disabled_at timestamptz,
            created_at timestamptz NOT NULL,
            language text,
            mac bytea
        );
        """)

    static let v3 = Migration(identifier: "v3: recordings search indexes (SQLite's v16)", sql: """
        CREATE INDEX recordings_state ON recordings (state, started_at);
        """)

    static let v4 = Migration(identifier: "v4: phrase hits and lexicon versions (SQLite's v17)", sql: """
        CREATE TABLE phrase_hits (
            id text PRIMARY KEY,
            recording_id text NOT NULL,
            version bigint NOT NULL,
            lexicon_version bigint NOT NULL,
            category text NOT NULL,
            severity text NOT NULL,
            phrase text NOT NULL,
            words text NOT NULL,
            context text NOT NULL,
            speaker text,
            start_ms bigint,
            end_ms bigint,
            agent text,
            campaign text,
            call_started_at timestamptz NOT NULL,
            found_at timestamptz NOT NULL,
            state text NOT NULL,
            reviewer text,
            note text,
            reviewed_at timestamptz
        );
        CREATE INDEX phrase_hits_recording ON phrase_hits (recording_id);
        CREATE INDEX phrase_hits_call_started_at ON phrase_hits (call_started_at);
        CREATE INDEX phrase_hits_agent ON phrase_hits (agent, call_started_at);
        CREATE INDEX phrase_hits_campaign ON phrase_hits (campaign, call_started_at);
        CREATE INDEX call_attempts_at ON call_attempts (at);
        CREATE TABLE lexicon_changes (
            version bigint PRIMARY KEY,
            kind text NOT NULL,
            yaml text,
            exception text,
            hit_id text,
            actor text NOT NULL,
            at timestamptz NOT NULL
        );
        """)

    /// The subject keys and their journal, which a vault of one node keeps in its key store's
    /// `subject-keys.sqlite` (the same tables), so every node reads and destroys the same keys.
    static let v5 = Migration(identifier: "v5: subject keys in the catalog", sql: """
        CREATE TABLE subject_keys (
            subject text PRIMARY KEY,
            position bigserial UNIQUE,
            kek_version bigint NOT NULL,
            wrapped bytea NOT NULL
        );
        CREATE INDEX subject_keys_kek_version ON subject_keys (kek_version);
        CREATE TABLE destroyed_keys (subject text PRIMARY KEY);
        CREATE TABLE rewrapped_data_keys (
            recording text PRIMARY KEY,
            key_subject text NOT NULL,
            wrapped bytea NOT NULL
        );
        CREATE INDEX rewrapped_data_keys_key_subject ON rewrapped_data_keys (key_subject);
        CREATE TABLE opt_outs (
            request text PRIMARY KEY,
            subject text NOT NULL,
            requested_at timestamptz NOT NULL
        );
        """)

    /// The sealed SIPREC metadata of live calls (SQLite's v18).
    static let v6 = Migration(identifier: "v6: sealed rs-metadata (SQLite's v18)", sql: """
        CREATE TABLE rs_metadata (
            recording_id text PRIMARY KEY,
            sealed bytea NOT NULL,
            documents bigint NOT NULL
        );
        """)
}
