-- name: fail_step
-- After a failed attempt the step stays `running` (retried) or is `failed` (effect unknown).
-- $1 uuid job id, $2 int position, $3 text step status, $4 text error
update job_step set status = $3::text, error = $4,
  finished_at = case when $3::text = 'failed' then now() end
where job_id = $1 and position = $2
