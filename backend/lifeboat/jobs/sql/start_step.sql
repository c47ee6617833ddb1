-- name: start_step
-- Count a new attempt of a step and mark it running (an effect already done stays done).
-- $1 uuid job id, $2 int step position; returns the attempt number
update job_step set attempts = attempts + 1, status = 'running',
  started_at = coalesce(started_at, now()), error = null,
  effect = case when effect = 'done' then 'done' else 'unknown' end
where job_id = $1 and position = $2
returning attempts
