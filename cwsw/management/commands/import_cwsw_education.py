from cwsw.education import education_import
from imports.cli import LaFileImport


class Command(LaFileImport):
    help = (
        "Load the education extract by UPN for cohort figures only (the UPN hashed, never "
        "stored). All-or-nothing."
    )
    kind = "cwsw_education"
    run = staticmethod(education_import)
