-- name: count_failed_attempts
-- The failed attempts of a step so far (what its retry policy counts).
-- $1 uuid job id, $2 int step position
select count(*) from job_step_attempt where job_id = $1 and position = $2 and status = 'failed'
