-- Every statement that adds change events notifies the channel "signpost_change_events" when its
-- transaction commits, so web servers listening there read the new events at once instead of at
-- their next poll (lib/events/change-notifier.ts). PostgreSQL folds equal notifications of one
-- transaction into one; the payload is empty because listeners read the events themselves.
CREATE OR REPLACE FUNCTION signpost_notify_change_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('signpost_change_events', '');
  RETURN NULL;
END;
$$;

CREATE TRIGGER change_events_notify
  AFTER INSERT ON change_events
  FOR EACH STATEMENT EXECUTE FUNCTION signpost_notify_change_events();
