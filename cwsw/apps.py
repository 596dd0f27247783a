from django.apps import AppConfig


class CwswConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cwsw"
    verbose_name = "Children with a social worker (cohort figures)"

    def ready(self) -> None:
        from cwsw.census import cin_census_import
        from cwsw.education import education_import
        from imports.registry import Importer, one_file, register

        register(
            Importer(
                "cin_census",
                "CIN census (XML), for cohort figures only",
                one_file(cin_census_import),
                order=60,
                keep_files=False,  # read once: the CIN census is not kept
            )
        )
        register(
            Importer(
                "cwsw_education",
                "Education extract by UPN, for cohort figures only",
                one_file(education_import),
                order=61,
                keep_files=False,
            )
        )
