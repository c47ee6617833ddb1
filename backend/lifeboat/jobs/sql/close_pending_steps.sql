-- name: close_pending_steps
-- Steps a finished job never started: `cancelled` when it was cancelled, else `skipped`.
-- $1 uuid job id, $2 text their status
update job_step set status = $2 where job_id = $1 and status = 'pending'
