from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class SurveysConfig(AppConfig):
    name = "soslokal.surveys"
    label = "surveys"
    verbose_name = _("Place surveys")

    def ready(self) -> None:
        from soslokal.core.sections import (
            Section,
            StaffLink,
            register_municipality_section,
            register_staff_link,
        )
        from soslokal.surveys.selectors import surveys_section

        register_municipality_section(
            Section("surveys/_municipality_section.html", surveys_section, order=10)
        )
        # The label is a msgid; the menu translates it when it is shown.
        register_staff_link(
            StaffLink(
                gettext_noop("Place surveys"), "surveys_staff:campaigns", "surveys_staff", order=10
            )
        )
