-- name: step_statuses
-- The steps of a job resumed after a lease expiry, read after the claim committed.
-- $1 uuid job id
select position, status from job_step where job_id = $1 order by position
