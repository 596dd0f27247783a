"""Accessible PDFs: tagged PDF/UA from our own HTML, its style inside it, fetching nothing over
the network (WeasyPrint). The PEP, the board's report, certificates and governors' reports."""

from __future__ import annotations

from pathlib import Path

PRINT_CSS = Path(__file__).resolve().parent.parent / "static" / "css" / "pep-print.css"


def print_css() -> str:
    return PRINT_CSS.read_text(encoding="utf-8")


def tagged_pdf(html: str, *, uncompressed: bool = False) -> bytes:
    """PDF/UA-1: tagged, with the document's language and title, for screen readers."""
    from weasyprint import HTML

    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=uncompressed)
