-- name: renew_lease
-- Extend this worker's lease; no row back means the lease was taken (the worker must stop).
-- Returns whether cancellation has been requested, so the heartbeat doubles as the cancel signal.
-- $1 uuid job id, $2 bigint lease epoch, $3 text worker id, $4 float lease seconds
update job
set lease_expires_at = now() + make_interval(secs => $4)
where id = $1 and lease_epoch = $2 and lease_owner = $3
  and status in ('running', 'cancelling')
returning cancel_requested_at is not null as cancel_requested
