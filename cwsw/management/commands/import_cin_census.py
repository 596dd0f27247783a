from cwsw.census import cin_census_import
from imports.cli import LaFileImport


class Command(LaFileImport):
    help = (
        "Load the CIN census XML for cohort figures only (hashed UPN, month of birth, episodes "
        "and plans). All-or-nothing; a file for another LA is refused."
    )
    kind = "cin_census"
    run = staticmethod(cin_census_import)
