from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class EvidenceConfig(AppConfig):
    name = "soslokal.evidence"
    label = "evidence"
    verbose_name = _("Evidence library")

    def ready(self) -> None:
        from soslokal.core.sections import (
            DimensionSection,
            StaffLink,
            register_dimension_section,
            register_staff_link,
        )
        from soslokal.evidence.selectors import key_sources_section

        register_dimension_section(
            DimensionSection("evidence/_dimension_section.html", key_sources_section, order=50)
        )
        # The label is a msgid; the menu translates it when it is shown.
        register_staff_link(
            StaffLink(
                gettext_noop("Evidence library"),
                "evidence_staff:reviews",
                "evidence_staff",
                order=40,
            )
        )
