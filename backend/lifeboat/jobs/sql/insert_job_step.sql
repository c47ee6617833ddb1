-- name: insert_job_step
-- One planned step of a new job (run with executemany, one row per step).
-- $1 uuid id, $2 uuid job id, $3 int position, $4 text name, $5 text status,
-- $6 float timeout seconds, $7 int max attempts
insert into job_step (id, job_id, position, name, status, timeout_s, max_attempts,
  attempts, effect)
values ($1, $2, $3, $4, $5, $6, $7, 0, 'not_done')
