-- name: first_step_error
-- The error of a failed job: its first failed step's.
-- $1 uuid job id
select error from job_step where job_id = $1 and status = 'failed' order by position limit 1
