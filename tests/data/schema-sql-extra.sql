-- What features.sql leaves out, for the schema script round trip: NOT VALID
-- and NO INHERIT checks, disabled and constraint triggers, domains over
-- domains, composite types, views over views, multi-level, hash, list and
-- default partitions, expression partition keys, index orderings and
-- operator classes, replica identity by index, several parents, roles.
CREATE SCHEMA app;
SET search_path = app;

CREATE DOMAIN app.small_positive AS integer CHECK (VALUE > 0);
CREATE DOMAIN app.tiny_positive AS app.small_positive CHECK (VALUE < 100) DEFAULT 1;
CREATE DOMAIN app.label AS text COLLATE "C" NOT NULL;
CREATE TYPE app.pair AS (a int, b text);
CREATE TYPE app.mood AS ENUM ();

CREATE TABLE accounts (
    account_id bigint NOT NULL,
    region text NOT NULL,
    level app.tiny_positive,
    tag app.label,
    info app.pair,
    created date DEFAULT CURRENT_DATE,
    price numeric(10, 2) CHECK (price >= 0) NO INHERIT,
    CONSTRAINT accounts_pkey PRIMARY KEY (account_id),
    CONSTRAINT accounts_region_key UNIQUE NULLS NOT DISTINCT (region, tag)
);
ALTER TABLE accounts ADD CONSTRAINT accounts_created_check CHECK (created > '2000-01-01') NOT VALID;
CREATE UNIQUE INDEX accounts_ident ON accounts (account_id, region);
ALTER TABLE accounts REPLICA IDENTITY USING INDEX accounts_ident;
CREATE INDEX accounts_desc ON accounts (created DESC NULLS LAST, region text_pattern_ops);
CREATE INDEX accounts_hash ON accounts USING hash (region);
CREATE INDEX accounts_incl ON accounts (region) INCLUDE (tag, created);

CREATE TABLE parent_a (a int NOT NULL, CHECK (a > 0));
CREATE TABLE parent_b (b text DEFAULT 'x');
CREATE TABLE two_parents (c int) INHERITS (parent_a, parent_b);

-- Partitions: list with sub-partitions by hash, default, expression key.
CREATE TABLE measures (
    account_id bigint NOT NULL,
    kind text NOT NULL,
    at timestamptz NOT NULL,
    value double precision CHECK (value IS NOT NULL),
    UNIQUE (account_id, kind, at)
) PARTITION BY LIST (kind);
CREATE TABLE measures_cpu PARTITION OF measures FOR VALUES IN ('cpu', 'load')
    PARTITION BY HASH (account_id);
CREATE TABLE measures_cpu_0 PARTITION OF measures_cpu FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE measures_cpu_1 PARTITION OF measures_cpu FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE TABLE measures_other PARTITION OF measures DEFAULT;
CREATE INDEX measures_at ON measures (at);
ALTER TABLE measures ADD CONSTRAINT measures_account_fkey FOREIGN KEY (account_id) REFERENCES accounts;

CREATE TABLE daily (day date NOT NULL, n int) PARTITION BY RANGE (date_trunc('month', day::timestamp));
CREATE TABLE daily_2025_01 PARTITION OF daily FOR VALUES FROM ('2025-01-01') TO ('2025-02-01');

-- Triggers: disabled, constraint, statement, truncate.
CREATE FUNCTION app.noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER accounts_noop AFTER INSERT OR DELETE ON accounts FOR EACH ROW EXECUTE FUNCTION app.noop();
ALTER TABLE accounts DISABLE TRIGGER accounts_noop;
CREATE CONSTRAINT TRIGGER accounts_check AFTER UPDATE ON accounts
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION app.noop();
CREATE TRIGGER accounts_truncate AFTER TRUNCATE ON accounts FOR EACH STATEMENT EXECUTE FUNCTION app.noop();

-- Policies for roles.
ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_user ON accounts FOR UPDATE TO CURRENT_USER USING (true) WITH CHECK (level > 1);
CREATE POLICY del ON accounts AS RESTRICTIVE FOR DELETE USING (region <> 'eu');

-- Views over views.
CREATE VIEW app.v1 AS SELECT account_id, region FROM accounts WHERE region <> 'x';
CREATE VIEW app.v2 AS SELECT region, count(*) AS n FROM app.v1 GROUP BY region;
CREATE MATERIALIZED VIEW app.mv AS SELECT * FROM app.v2;

-- A free sequence that counts down.
CREATE SEQUENCE app.countdown AS smallint INCREMENT BY -1;
CREATE TABLE app.ids (id int GENERATED ALWAYS AS IDENTITY (START WITH 7 INCREMENT BY 7 CACHE 5), n smallint DEFAULT nextval('app.countdown'));
