-- name: begin_compensation
-- Claim a job's compensation (run at most once per job, under the fence).
-- $1 uuid job id
update job set compensated_at = now() where id = $1
