-- name: job_plan
-- The plan of a job resumed after a lease expiry (its observation is what steps see).
-- $1 uuid job id
select plan from job where id = $1
