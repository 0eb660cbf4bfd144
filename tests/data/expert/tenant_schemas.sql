-- A schema-per-tenant app (django-tenants style): shared apps in public
-- (the tenant registry and a plan catalogue tenant tables point at), each
-- tenant's tables in its own schema.
CREATE TABLE public.customers_client (
    id serial PRIMARY KEY,
    schema_name varchar(63) NOT NULL UNIQUE,
    name varchar(100) NOT NULL,
    created_on date NOT NULL
);
CREATE TABLE public.customers_domain (
    id serial PRIMARY KEY,
    domain varchar(253) NOT NULL UNIQUE,
    is_primary boolean NOT NULL,
    tenant_id integer NOT NULL REFERENCES public.customers_client (id)
);
CREATE TABLE public.billing_plan (
    id serial PRIMARY KEY,
    name varchar(50) NOT NULL
);
CREATE SCHEMA acme;
CREATE SCHEMA globex;
CREATE SCHEMA initech;
CREATE SCHEMA umbrella;
CREATE TABLE acme.shop_product (id serial PRIMARY KEY, name varchar(100) NOT NULL, plan_id integer REFERENCES public.billing_plan (id));
CREATE TABLE acme.shop_order (id serial PRIMARY KEY, product_id integer NOT NULL REFERENCES acme.shop_product (id), placed timestamptz NOT NULL);
CREATE TABLE globex.shop_product (id serial PRIMARY KEY, name varchar(100) NOT NULL, plan_id integer REFERENCES public.billing_plan (id));
CREATE TABLE globex.shop_order (id serial PRIMARY KEY, product_id integer NOT NULL REFERENCES globex.shop_product (id), placed timestamptz NOT NULL);
CREATE TABLE initech.shop_product (id serial PRIMARY KEY, name varchar(100) NOT NULL, plan_id integer REFERENCES public.billing_plan (id));
CREATE TABLE initech.shop_order (id serial PRIMARY KEY, product_id integer NOT NULL REFERENCES initech.shop_product (id), placed timestamptz NOT NULL);
CREATE TABLE umbrella.shop_product (id serial PRIMARY KEY, name varchar(100) NOT NULL, plan_id integer REFERENCES public.billing_plan (id));
CREATE TABLE umbrella.shop_order (id serial PRIMARY KEY, product_id integer NOT NULL REFERENCES umbrella.shop_product (id), placed timestamptz NOT NULL);
