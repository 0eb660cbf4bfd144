-- IoT telemetry: devices of a few types sending readings into a table
-- partitioned by time, alerts raised per device, firmware catalogue.
CREATE TABLE device_types (
    id smallserial PRIMARY KEY,
    name text NOT NULL UNIQUE
);
CREATE TABLE firmware_releases (
    version text PRIMARY KEY,
    released_on date NOT NULL,
    notes text
);
CREATE TABLE devices (
    device_id bigint PRIMARY KEY,
    device_type_id smallint NOT NULL REFERENCES device_types (id),
    firmware_version text REFERENCES firmware_releases (version),
    serial_number text NOT NULL,
    installed_at timestamptz NOT NULL,
    location point
);
CREATE TABLE readings (
    device_id bigint NOT NULL REFERENCES devices (device_id),
    recorded_at timestamptz NOT NULL,
    temperature double precision,
    humidity double precision,
    battery_level real,
    payload jsonb,
    PRIMARY KEY (device_id, recorded_at)
) PARTITION BY RANGE (recorded_at);
CREATE TABLE readings_2024_01 PARTITION OF readings FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
CREATE TABLE readings_2024_02 PARTITION OF readings FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');
CREATE INDEX readings_recorded_at_idx ON readings USING brin (recorded_at);
CREATE TABLE alerts (
    alert_id bigserial,
    device_id bigint NOT NULL REFERENCES devices (device_id),
    raised_at timestamptz NOT NULL DEFAULT now(),
    kind text NOT NULL,
    acknowledged boolean NOT NULL DEFAULT false,
    PRIMARY KEY (device_id, alert_id)
);
