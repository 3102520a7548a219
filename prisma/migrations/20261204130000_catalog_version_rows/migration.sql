-- The catalog version moves only when a statement changed rows. Statement-level triggers fire
-- for statements that match nothing too: the prober's "forget the health of APIs no longer
-- probed" (a DELETE that finds nothing, every round, every 30 s by default), retention's prune
-- with nothing to prune and a withdrawal of an API already gone each moved the version, and
-- every web server threw away its list pages and facets (over a second to recompute at 100k
-- APIs). Each INSERT, UPDATE and DELETE trigger now sees the statement's rows (a transition
-- table; one per event, as PostgreSQL requires) and notes the transaction only when there is
-- one. TRUNCATE keeps the plain statement trigger: it has no transition table.
CREATE FUNCTION signpost_note_catalog_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('signpost.catalog_written', true) IS DISTINCT FROM 'yes' AND EXISTS (SELECT 1 FROM changed_rows) THEN
    PERFORM set_config('signpost.catalog_written', 'yes', true);
    INSERT INTO catalog_writes (txid) VALUES (txid_current()) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END;
$$;

DROP TRIGGER apis_catalog_write ON apis;
DROP TRIGGER api_docs_catalog_write ON api_docs;
DROP TRIGGER api_scorecards_catalog_write ON api_scorecards;
DROP TRIGGER api_health_catalog_write ON api_health;
DROP TRIGGER api_contracts_catalog_write ON api_contracts;

CREATE TRIGGER apis_catalog_insert AFTER INSERT ON apis REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION signpost_note_catalog_rows();
CREATE TRIGGER apis_catalog_update AFTER UPDATE ON apis REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION signpost_note_catalog_rows();
CREATE TRIGGER apis_catalog_delete AFTER DELETE ON apis REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION signpost_note_catalog_rows();
CREATE TRIGGER apis_catalog_truncate AFTER TRUNCATE ON apis
  FOR EACH STATEMENT EXECUTE FUNCTION signpost_note_catalog_write();

CREATE TRIGGER api_docs_catalog_insert AFTER INSERT ON api_docs REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION signpost_note_catalog_rows();
CREATE TRIGGER api_docs_catalog_update AFTER UPDATE ON api_docs REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION signpost_note_catalog_rows();
CREATE TRIGGER api_docs_catalog_delete AFTER DELETE ON api_docs REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION signpost_note_catalog_rows();
CREATE TRIGGER api_docs_catalog_truncate AFTER TRUNCATE ON api_docs
  FOR EACH STATEMENT EXECUTE FUNCTION signpost_note_catalog_write();

CREATE TRIGGER api_scorecards_catalog_insert AFTER INSERT ON api_scorecards REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION signpost_note_catalog_rows();
CREATE TRIGGER api_scorecards_catalog_update AFTER UPDATE ON api_scorecards REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION signpost_note_catalog_rows();
CREATE TRIGGER api_scorecards_catalog_delete AFTER DELETE ON api_scorecards REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION signpost_note_catalog_rows();
CREATE TRIGGER api_scorecards_catalog_truncate AFTER TRUNCATE ON api_scorecards
  FOR EACH STATEMENT EXECUTE FUNCTION signpost_note_catalog_write();

CREATE TRIGGER api_health_catalog_insert AFTER INSERT ON api_health REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION signpost_note_catalog_rows();
CREATE TRIGGER api_health_catalog_update AFTER UPDATE ON api_health REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION signpost_note_catalog_rows();
CREATE TRIGGER api_health_catalog_delete AFTER DELETE ON api_health REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION signpost_note_catalog_rows();
CREATE TRIGGER api_health_catalog_truncate AFTER TRUNCATE ON api_health
  FOR EACH STATEMENT EXECUTE FUNCTION signpost_note_catalog_write();

CREATE TRIGGER api_contracts_catalog_insert AFTER INSERT ON api_contracts REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION signpost_note_catalog_rows();
CREATE TRIGGER api_contracts_catalog_update AFTER UPDATE ON api_contracts REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION signpost_note_catalog_rows();
CREATE TRIGGER api_contracts_catalog_delete AFTER DELETE ON api_contracts REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION signpost_note_catalog_rows();
CREATE TRIGGER api_contracts_catalog_truncate AFTER TRUNCATE ON api_contracts
  FOR EACH STATEMENT EXECUTE FUNCTION signpost_note_catalog_write();
