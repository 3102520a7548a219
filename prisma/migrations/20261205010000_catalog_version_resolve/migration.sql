-- Resolve answers are kept by the catalog version too (lib/resolve/resolve-cache.ts), and a
-- resolve also reads exposures and the newest change event of its API. Those tables now move the
-- version as the catalog's own do: a transaction that only appends an event (a registration merged
-- into an API the cluster derives, a deregistration of such an API) or edits exposures by hand
-- changes what a resolve answers.
CREATE TRIGGER exposures_catalog_insert AFTER INSERT ON exposures REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION signpost_note_catalog_rows();
CREATE TRIGGER exposures_catalog_update AFTER UPDATE ON exposures REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION signpost_note_catalog_rows();
CREATE TRIGGER exposures_catalog_delete AFTER DELETE ON exposures REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION signpost_note_catalog_rows();
CREATE TRIGGER change_events_catalog_insert AFTER INSERT ON change_events REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION signpost_note_catalog_rows();
CREATE TRIGGER change_events_catalog_delete AFTER DELETE ON change_events REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION signpost_note_catalog_rows();
