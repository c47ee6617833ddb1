-- name: mark_compensated
-- After a successful compensation every done effect is compensated.
-- $1 uuid job id
update job_step set effect = 'compensated' where job_id = $1 and effect = 'done'
