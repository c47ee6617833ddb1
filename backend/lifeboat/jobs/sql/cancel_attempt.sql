-- name: cancel_attempt
-- The running attempt stopped on request before applying its effect.
-- $1 uuid job id, $2 int position, $3 int attempt, $4 text detail
update job_step_attempt set status = 'cancelled', finished_at = now(), error = $4
where job_id = $1 and position = $2 and attempt = $3
