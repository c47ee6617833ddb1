-- name: fail_attempt
-- Record a failed attempt (with the pause before the next one, when it is retried).
-- $1 uuid job id, $2 int position, $3 int attempt, $4 text error type, $5 text error,
-- $6 float retry in seconds (null: not retried)
update job_step_attempt set status = 'failed', finished_at = now(), error_type = $4,
  error = $5, retry_in_s = $6
where job_id = $1 and position = $2 and attempt = $3
