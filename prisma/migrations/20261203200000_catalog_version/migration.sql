-- The catalog's version: a number that changes with every committed transaction that wrote a
-- table the catalog's lists, facets and counts read (apis, api_docs, api_scorecards, api_health,
-- api_contracts), whoever wrote it, by hand too. Web servers key the answers they keep in memory
-- by it (lib/catalog/cached-facets.ts). Keyed by the database snapshot instead, they were thrown
-- away whenever anything at all committed: the worker's lease renewals and status reports did,
-- every second or two, and recomputing facets takes over a second at 100k APIs.
--
-- A statement that writes one of those tables notes its transaction once (catalog_writes); the
-- note's deferred trigger bumps the version when the transaction commits, so concurrent writers
-- hold the version row's lock only while they commit, and a rolled-back write bumps nothing.
CREATE TABLE "catalog_version" (
    "id" BOOLEAN NOT NULL DEFAULT true,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "catalog_version_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "catalog_version_one_row" CHECK ("id")
);
INSERT INTO "catalog_version" ("id", "version") VALUES (true, 0);

CREATE TABLE "catalog_writes" (
    "txid" BIGINT NOT NULL,

    CONSTRAINT "catalog_writes_pkey" PRIMARY KEY ("txid")
);

CREATE FUNCTION signpost_note_catalog_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('signpost.catalog_written', true) IS DISTINCT FROM 'yes' THEN
    PERFORM set_config('signpost.catalog_written', 'yes', true);
    INSERT INTO catalog_writes (txid) VALUES (txid_current()) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END;
$$;

CREATE FUNCTION signpost_bump_catalog_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM catalog_writes WHERE txid = NEW.txid;
  INSERT INTO catalog_version (id, version) VALUES (true, 1)
    ON CONFLICT (id) DO UPDATE SET version = catalog_version.version + 1;
  RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER catalog_writes_bump
  AFTER INSERT ON catalog_writes
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION signpost_bump_catalog_version();

CREATE TRIGGER apis_catalog_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON apis
  FOR EACH STATEMENT EXECUTE FUNCTION signpost_note_catalog_write();
CREATE TRIGGER api_docs_catalog_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON api_docs
  FOR EACH STATEMENT EXECUTE FUNCTION signpost_note_catalog_write();
CREATE TRIGGER api_scorecards_catalog_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON api_scorecards
  FOR EACH STATEMENT EXECUTE FUNCTION signpost_note_catalog_write();
CREATE TRIGGER api_health_catalog_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON api_health
  FOR EACH STATEMENT EXECUTE FUNCTION signpost_note_catalog_write();
CREATE TRIGGER api_contracts_catalog_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON api_contracts
  FOR EACH STATEMENT EXECUTE FUNCTION signpost_note_catalog_write();
