-- A multi-tenant store platform with uuid keys and no constraints at all,
-- as in the Citus blog post "Sharding a multi-tenant app with Postgres"
-- (stores, products, purchases), plus the customers of each store.
CREATE TABLE stores (
  id UUID,
  owner_email VARCHAR(255),
  owner_password VARCHAR(255),
  name VARCHAR(255),
  url VARCHAR(255),
  last_login_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ
);

CREATE TABLE products (
  id UUID,
  name VARCHAR(255),
  description TEXT,
  price INTEGER,
  quantity INTEGER,
  store_id UUID,
  created_at TIMESTAMPTZ,
  updated_at TIMESTAMPTZ
);

CREATE TABLE purchases (
  id UUID,
  product_id UUID,
  customer_id UUID,
  store_id UUID,
  price INTEGER,
  purchased_at TIMESTAMPTZ
);

CREATE TABLE customers (
  id UUID,
  store_id UUID,
  email VARCHAR(255),
  created_at TIMESTAMPTZ
);
