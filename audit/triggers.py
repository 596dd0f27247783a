"""The SQLite triggers that make the access log append-only in the database (PostgreSQL's are in
migration 0002). Kept here so the test suite's flush can lift them for a moment: flushing a test
database is the one legitimate wholesale delete, and on PostgreSQL it is a TRUNCATE, which row
triggers do not see."""

SQLITE_CREATE = [
    "CREATE TRIGGER IF NOT EXISTS audit_accesslog_no_update BEFORE UPDATE ON audit_accesslog "
    "BEGIN SELECT RAISE(ABORT, 'audit_accesslog is append-only: UPDATE refused'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_accesslog_no_delete BEFORE DELETE ON audit_accesslog "
    "BEGIN SELECT RAISE(ABORT, 'audit_accesslog is append-only: DELETE refused'); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_accesslog_no_update",
    "DROP TRIGGER IF EXISTS audit_accesslog_no_delete",
]
