from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class WorkshopsConfig(AppConfig):
    name = "soslokal.workshops"
    label = "workshops"
    verbose_name = _("City labs")

    def ready(self) -> None:
        from soslokal.core.sections import (
            Section,
            StaffLink,
            register_municipality_section,
            register_staff_link,
        )
        from soslokal.surveys.selectors import register_next_lab
        from soslokal.workshops.selectors import follow_up_section, next_lab

        register_municipality_section(
            Section("workshops/_municipality_section.html", follow_up_section, order=30)
        )
        register_next_lab(next_lab)  # the survey's thank-you page invites to it
        # The label is a msgid; the menu translates it when it is shown.
        register_staff_link(
            StaffLink(
                gettext_noop("City labs"), "workshops_staff:labs", "workshops_staff", order=30
            )
        )
