-- name: abandon_running_attempts
-- An attempt left `running` by a worker whose lease expired is `abandoned` (its effect is
-- unknown until the next attempt finishes); it does not count as a failure.
-- $1 uuid job id, $2 int step position
update job_step_attempt set status = 'abandoned', finished_at = now(),
  error = 'the worker lost its lease during this attempt'
where job_id = $1 and position = $2 and status = 'running'
