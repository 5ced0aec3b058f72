from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "soslokal.indicators"
    label = "indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        from soslokal.core.sections import Section, register_municipality_section
        from soslokal.indicators.selectors import indicators_section

        register_municipality_section(
            Section("indicators/_municipality_section.html", indicators_section, order=20)
        )
