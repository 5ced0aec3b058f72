from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class SurveysConfig(AppConfig):
    name = "soslokal.surveys"
    label = "surveys"
    verbose_name = _("Place surveys")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from soslokal.core.models import Area
        from soslokal.core.sections import (
            Section,
            StaffLink,
            register_municipality_section,
            register_staff_link,
        )
        from soslokal.framework.models import PlaceTheme
        from soslokal.surveys.models import Campaign, Channel
        from soslokal.surveys.selectors import form_cache_clear, surveys_section

        # What the answer form keeps in each process (selectors.channel_for_form).
        for model in (Campaign, Channel, Area, PlaceTheme):
            post_save.connect(form_cache_clear, sender=model, dispatch_uid=f"form-{model}")
            post_delete.connect(form_cache_clear, sender=model, dispatch_uid=f"form-{model}-del")
        m2m_changed.connect(
            form_cache_clear, sender=Campaign.areas.through, dispatch_uid="form-areas"
        )

        register_municipality_section(
            Section("surveys/_municipality_section.html", surveys_section, order=10)
        )
        # The label is a msgid; the menu translates it when it is shown.
        register_staff_link(
            StaffLink(
                gettext_noop("Place surveys"), "surveys_staff:campaigns", "surveys_staff", order=10
            )
        )
