-- name: done_steps
-- The steps whose effect is done, in order (what a compensation undoes).
-- $1 uuid job id
select name from job_step where job_id = $1 and effect = 'done' order by position
