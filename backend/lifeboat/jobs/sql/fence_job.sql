-- name: fence_job
-- Lock the job row and check this worker still holds the lease: no row back means the lease
-- was taken (LeaseLost). Every multi-statement fenced write of the worker starts with this.
-- $1 uuid job id, $2 bigint lease epoch, $3 text worker id (lease owner)
select * from job where id = $1 and lease_epoch = $2 and lease_owner = $3 for update
