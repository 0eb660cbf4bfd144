-- A help-desk SaaS whose tenants live in an external identity service: every
-- table carries a text tenant_id, no tenants table, composite keys and
-- foreign keys that already lead with the tenant, and global lookups.
CREATE TABLE ticket_statuses (
    code text PRIMARY KEY,
    label text NOT NULL
);
CREATE TABLE languages (
    iso_code char(2) PRIMARY KEY,
    name text NOT NULL
);
CREATE TABLE agents (
    tenant_id text NOT NULL,
    agent_id bigint GENERATED ALWAYS AS IDENTITY,
    email text NOT NULL,
    language char(2) REFERENCES languages (iso_code),
    PRIMARY KEY (tenant_id, agent_id),
    UNIQUE (tenant_id, email)
);
CREATE TABLE requesters (
    tenant_id text NOT NULL,
    requester_id bigint GENERATED ALWAYS AS IDENTITY,
    email text NOT NULL,
    name text,
    PRIMARY KEY (tenant_id, requester_id)
);
CREATE TABLE tickets (
    tenant_id text NOT NULL,
    ticket_id bigint GENERATED ALWAYS AS IDENTITY,
    requester_id bigint NOT NULL,
    assignee_id bigint,
    status text NOT NULL REFERENCES ticket_statuses (code),
    subject text NOT NULL,
    opened_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, ticket_id),
    FOREIGN KEY (tenant_id, requester_id) REFERENCES requesters (tenant_id, requester_id),
    FOREIGN KEY (tenant_id, assignee_id) REFERENCES agents (tenant_id, agent_id)
);
CREATE TABLE ticket_messages (
    tenant_id text NOT NULL,
    message_id bigint GENERATED ALWAYS AS IDENTITY,
    ticket_id bigint NOT NULL,
    author_agent_id bigint,
    body text NOT NULL,
    sent_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, message_id),
    FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, ticket_id) ON DELETE CASCADE
);
CREATE TABLE satisfaction_ratings (
    tenant_id text NOT NULL,
    ticket_id bigint NOT NULL,
    score smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment text,
    PRIMARY KEY (tenant_id, ticket_id),
    FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, ticket_id)
);
