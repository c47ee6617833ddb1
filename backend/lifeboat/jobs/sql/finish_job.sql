-- name: finish_job
-- Move the job to its terminal state and release the lease (and with it the lock scope).
-- $1 uuid job id, $2 text terminal status, $3 text error
update job set status = $2, finished_at = now(), updated_at = now(), lease_owner = null,
  lease_expires_at = null, error = $3
where id = $1
