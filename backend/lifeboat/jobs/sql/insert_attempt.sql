-- name: insert_attempt
-- The attempt row of a started step.
-- $1 uuid attempt id, $2 uuid job id, $3 int position, $4 int attempt, $5 bigint lease epoch,
-- $6 text worker id
insert into job_step_attempt (id, job_id, position, attempt, lease_epoch, worker, status, started_at)
values ($1, $2, $3, $4, $5, $6, 'running', now())
