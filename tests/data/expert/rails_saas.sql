-- A Rails issue tracker (what db/structure.sql holds): bigint ids, tenant
-- column account_id on every tenant table, only some associations backed
-- by foreign keys, a global tag list and a plans catalog.
CREATE TABLE public.plans (
    id bigint NOT NULL,
    name character varying NOT NULL,
    price_cents integer DEFAULT 0 NOT NULL,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);
CREATE SEQUENCE public.plans_id_seq START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;
ALTER SEQUENCE public.plans_id_seq OWNED BY public.plans.id;

CREATE TABLE public.accounts (
    id bigint NOT NULL,
    name character varying NOT NULL,
    subdomain character varying NOT NULL,
    plan_id bigint,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);
CREATE SEQUENCE public.accounts_id_seq START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;
ALTER SEQUENCE public.accounts_id_seq OWNED BY public.accounts.id;

CREATE TABLE public.users (
    id bigint NOT NULL,
    account_id bigint NOT NULL,
    email character varying NOT NULL,
    encrypted_password character varying DEFAULT ''::character varying NOT NULL,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);
CREATE SEQUENCE public.users_id_seq START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;
ALTER SEQUENCE public.users_id_seq OWNED BY public.users.id;

CREATE TABLE public.projects (
    id bigint NOT NULL,
    account_id bigint NOT NULL,
    name character varying NOT NULL,
    archived boolean DEFAULT false NOT NULL,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);
CREATE SEQUENCE public.projects_id_seq START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;
ALTER SEQUENCE public.projects_id_seq OWNED BY public.projects.id;

CREATE TABLE public.issues (
    id bigint NOT NULL,
    account_id bigint NOT NULL,
    project_id bigint NOT NULL,
    assignee_id bigint,
    title character varying NOT NULL,
    body text,
    state character varying DEFAULT 'open'::character varying NOT NULL,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);
CREATE SEQUENCE public.issues_id_seq START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;
ALTER SEQUENCE public.issues_id_seq OWNED BY public.issues.id;

CREATE TABLE public.comments (
    id bigint NOT NULL,
    account_id bigint NOT NULL,
    issue_id bigint NOT NULL,
    user_id bigint NOT NULL,
    body text NOT NULL,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);
CREATE SEQUENCE public.comments_id_seq START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;
ALTER SEQUENCE public.comments_id_seq OWNED BY public.comments.id;

CREATE TABLE public.tags (
    id bigint NOT NULL,
    name character varying NOT NULL,
    color character varying
);
CREATE SEQUENCE public.tags_id_seq START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;
ALTER SEQUENCE public.tags_id_seq OWNED BY public.tags.id;

CREATE TABLE public.taggings (
    id bigint NOT NULL,
    account_id bigint NOT NULL,
    tag_id bigint NOT NULL,
    issue_id bigint NOT NULL,
    created_at timestamp(6) without time zone NOT NULL
);
CREATE SEQUENCE public.taggings_id_seq START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;
ALTER SEQUENCE public.taggings_id_seq OWNED BY public.taggings.id;

ALTER TABLE ONLY public.plans ALTER COLUMN id SET DEFAULT nextval('public.plans_id_seq'::regclass);
ALTER TABLE ONLY public.accounts ALTER COLUMN id SET DEFAULT nextval('public.accounts_id_seq'::regclass);
ALTER TABLE ONLY public.users ALTER COLUMN id SET DEFAULT nextval('public.users_id_seq'::regclass);
ALTER TABLE ONLY public.projects ALTER COLUMN id SET DEFAULT nextval('public.projects_id_seq'::regclass);
ALTER TABLE ONLY public.issues ALTER COLUMN id SET DEFAULT nextval('public.issues_id_seq'::regclass);
ALTER TABLE ONLY public.comments ALTER COLUMN id SET DEFAULT nextval('public.comments_id_seq'::regclass);
ALTER TABLE ONLY public.tags ALTER COLUMN id SET DEFAULT nextval('public.tags_id_seq'::regclass);
ALTER TABLE ONLY public.taggings ALTER COLUMN id SET DEFAULT nextval('public.taggings_id_seq'::regclass);

ALTER TABLE ONLY public.plans ADD CONSTRAINT plans_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.users ADD CONSTRAINT users_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.projects ADD CONSTRAINT projects_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.issues ADD CONSTRAINT issues_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.comments ADD CONSTRAINT comments_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.tags ADD CONSTRAINT tags_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.taggings ADD CONSTRAINT taggings_pkey PRIMARY KEY (id);

CREATE UNIQUE INDEX index_accounts_on_subdomain ON public.accounts USING btree (subdomain);
CREATE UNIQUE INDEX index_users_on_email ON public.users USING btree (email);
CREATE INDEX index_users_on_account_id ON public.users USING btree (account_id);
CREATE INDEX index_projects_on_account_id ON public.projects USING btree (account_id);
CREATE INDEX index_issues_on_account_id_and_project_id ON public.issues USING btree (account_id, project_id);
CREATE INDEX index_comments_on_account_id_and_issue_id ON public.comments USING btree (account_id, issue_id);
CREATE UNIQUE INDEX index_tags_on_name ON public.tags USING btree (name);
CREATE INDEX index_taggings_on_account_id_and_issue_id ON public.taggings USING btree (account_id, issue_id);

ALTER TABLE ONLY public.accounts ADD CONSTRAINT fk_rails_6b3c2a0d11 FOREIGN KEY (plan_id) REFERENCES public.plans(id);
ALTER TABLE ONLY public.projects ADD CONSTRAINT fk_rails_a1b2c3d4e5 FOREIGN KEY (account_id) REFERENCES public.accounts(id);
ALTER TABLE ONLY public.issues ADD CONSTRAINT fk_rails_0f1e2d3c4b FOREIGN KEY (project_id) REFERENCES public.projects(id);
ALTER TABLE ONLY public.taggings ADD CONSTRAINT fk_rails_9e8d7c6b5a FOREIGN KEY (tag_id) REFERENCES public.tags(id);
