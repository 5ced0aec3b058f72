from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class BriefsConfig(AppConfig):
    name = "soslokal.briefs"
    label = "briefs"
    verbose_name = _("Briefs")

    def ready(self) -> None:
        from soslokal.briefs.selectors import briefs_section
        from soslokal.core.sections import (
            Section,
            StaffLink,
            register_municipality_section,
            register_staff_link,
        )

        register_municipality_section(
            Section("briefs/_municipality_section.html", briefs_section, order=40)
        )
        # The label is a msgid; the menu translates it when it is shown.
        register_staff_link(
            StaffLink(gettext_noop("Briefs"), "briefs_staff:briefs", "briefs_staff", order=40)
        )
