from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class DecisionsConfig(AppConfig):
    name = "soslokal.decisions"
    label = "decisions"
    verbose_name = _("Decisions")

    def ready(self) -> None:
        from soslokal.core.sections import (
            Section,
            StaffLink,
            register_municipality_section,
            register_staff_link,
        )
        from soslokal.decisions.selectors import public_section

        register_municipality_section(
            Section("decisions/_municipality_section.html", public_section, order=40)
        )
        # The label is a msgid; the menu translates it when it is shown.
        register_staff_link(
            StaffLink(gettext_noop("Decisions"), "decisions_staff:log", "decisions_staff", order=40)
        )
