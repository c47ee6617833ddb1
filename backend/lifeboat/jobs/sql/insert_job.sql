-- name: insert_job
-- A new job (a dry run is finished at once); the partial unique index job_active_scope_unique
-- refuses a second active job on the same lock scope.
-- $1 uuid id, $2 text kind, $3 text status, $4 text params (json), $5 text request hash,
-- $6 text plan (json), $7 text reason, $8 bool dry run, $9 bool mutating,
-- $10 bool requires approval, $11 text lock scope, $12 text created by (id), $13 text its name,
-- $14 text request id, $15 text correlation id
insert into job (id, kind, status, params, request_hash, plan, reason, dry_run,
  mutating, requires_approval, lock_scope, created_by, created_by_name,
  created_at, updated_at, run_after, finished_at, lease_epoch, last_event_seq,
  request_id, correlation_id)
values ($1, $2, $3, $4::jsonb, $5, $6::jsonb, $7, $8, $9, $10, $11, $12, $13,
  now(), now(), now(), case when $8 then now() end, 0, 0, $14, $15)
