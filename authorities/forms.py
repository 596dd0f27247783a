from django import forms

from authorities.models import LocalAuthority
from authorities.services import SETTINGS_FIELDS


class LocalAuthoritySettingsForm(forms.ModelForm):
    class Meta:
        model = LocalAuthority
        fields = SETTINGS_FIELDS
        labels = {
            "count_short_breaks_as_looked_after": "Count short breaks (V3/V4) on the roll",
            "pep_initial_working_days": "Initial PEP deadline (working days after entering care)",
            "pep_change_of_school_working_days": "PEP after a change of school (working days)",
            "pep_deadline_autumn": "Autumn term PEP deadline (day-month)",
            "pep_deadline_spring": "Spring term PEP deadline (day-month)",
            "pep_deadline_summer": "Summer term PEP deadline (day-month)",
            "pep_quality_scale": "PEP quality rating scale",
            "persistent_absence_percent": "Persistent absence from (% of sessions missed)",
            "severe_absence_percent": "Severe absence from (% of sessions missed)",
            "attendance_drop_points": "Alert on an attendance fall of (percentage points)",
            "consecutive_unexplained_absences": "Alert after consecutive unexplained absences",
            "part_time_alert_weeks": "Alert on a part-time timetable (C2) for more than (weeks)",
            "minimum_weekly_hours": "Alert on education below (hours a week)",
            "data_gap_school_days": "Alert when no marks arrive for (school days)",
            "ehcp_final_weeks": "Final EHC plan due (weeks after request)",
            "no_school_place_overdue_days": "No school place is overdue after (school days)",
            "dt_refresher_years": "Designated teachers' refresher training due after (years)",
            "school_visit_cadence": "Visit each school with our children",
            "school_choice_accepted": "Inspection outcomes a school may have without a reason",
            "sos_chase_working_days": "Chase the Secretary of State after (working days)",
            "advice_response_working_days": "Answer advice requests within (working days)",
            "advice_retention_years": "Anonymise closed advice requests after (years)",
            "small_number_suppression": "Suppress counts below",
        }
