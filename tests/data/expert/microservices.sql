-- Citus tutorial "Microservices": one schema per service, no table shared
-- between services.
CREATE SCHEMA user_service;
CREATE SCHEMA time_service;
CREATE SCHEMA ping_service;

CREATE TABLE user_service.users (
    id SERIAL PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    email VARCHAR(255) NOT NULL
);
CREATE TABLE time_service.query_details (
    id SERIAL PRIMARY KEY,
    ip_address INET NOT NULL,
    query_time TIMESTAMP NOT NULL
);
CREATE TABLE ping_service.ping_results (
    id SERIAL PRIMARY KEY,
    host VARCHAR(255) NOT NULL,
    result TEXT NOT NULL
);
