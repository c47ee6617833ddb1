-- name: cancel_step
-- The step stopped on request before applying its effect.
-- $1 uuid job id, $2 int position
update job_step set status = 'cancelled', effect = 'not_done', finished_at = now()
where job_id = $1 and position = $2
