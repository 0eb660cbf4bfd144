-- Citus use-case guide "Real-Time Dashboards": raw HTTP requests of many
-- sites, one-minute rollups, and the bookkeeping of the last rollup.
-- https://docs.citusdata.com/en/stable/use_cases/realtime_analytics.html
CREATE TABLE http_request (
  site_id INT,
  ingest_time TIMESTAMPTZ DEFAULT now(),

  url TEXT,
  request_country TEXT,
  ip_address TEXT,

  status_code INT,
  response_time_msec INT
);

CREATE TABLE http_request_1min (
  site_id INT,
  ingest_time TIMESTAMPTZ, -- which minute this row represents

  error_count INT,
  success_count INT,
  request_count INT,
  average_response_time_msec INT,
  CHECK (request_count = error_count + success_count),
  CHECK (ingest_time = date_trunc('minute', ingest_time))
);

CREATE INDEX http_request_1min_idx ON http_request_1min (site_id, ingest_time);

CREATE TABLE latest_rollup (
  minute timestamptz PRIMARY KEY,

  -- "minute" should be a minute, no seconds
  CHECK (minute = date_trunc('minute', minute))
);
