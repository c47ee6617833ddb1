#!/bin/sh
# Runs once, when the postgres container initialises an empty data volume (see docs/deploy.md).
#
# The `lifeboat` role (POSTGRES_USER) owns the database and runs `lifeboat migrate`; the API and
# the worker connect as `lifeboat_app`: not a superuser, not the owner of any table, so it cannot
# disable the audit log's append-only triggers. The migrations grant it DML on every table except
# UPDATE/DELETE/TRUNCATE on audit_event (lifeboat_grant_app_role, migration 2026-12-03T09:00).
# On an existing volume run the same statements once by hand, then
#   select lifeboat_grant_app_role('lifeboat_app');
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v app_password="$POSTGRES_APP_PASSWORD" -v db="$POSTGRES_DB" <<'SQL'
create role lifeboat_app login nosuperuser nocreatedb nocreaterole noreplication nobypassrls
  password :'app_password';
grant connect on database :"db" to lifeboat_app;
SQL
