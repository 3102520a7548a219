-- The lease's holder becomes a key column. Fenced writes lock the lease row FOR KEY SHARE: a
-- renewal (expires_at alone) is not blocked by them, however many overlap, while a takeover
-- (a new holder) waits for them to end. With FOR SHARE, overlapping fenced writes kept the
-- renewal waiting until the lease expired (lib/sync/lease.ts).
CREATE UNIQUE INDEX "leases_name_holder_key" ON "leases"("name", "holder");
