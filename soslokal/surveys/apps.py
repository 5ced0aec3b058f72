from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "soslokal.surveys"
    label = "surveys"
    verbose_name = _("Place surveys")

    def ready(self) -> None:
        from soslokal.core.sections import Section, register_municipality_section
        from soslokal.surveys.selectors import open_surveys_section

        register_municipality_section(
            Section("surveys/_municipality_section.html", open_surveys_section, order=10)
        )
