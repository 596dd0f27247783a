from pathlib import Path

from core.security_table import capability_table

DOC = Path(__file__).resolve().parents[2] / "docs" / "security.md"


def test_security_doc_table_matches_the_code():
    assert capability_table() in DOC.read_text(encoding="utf-8"), (
        "docs/security.md's role x capability table differs from accounts/roles.py; "
        "paste core.security_table.capability_table() into it"
    )
