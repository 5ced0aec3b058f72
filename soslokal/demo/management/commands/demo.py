"""``soslokal demo``: load or refresh the demo data and print fresh demo logins."""

from typing import Any

from django.core.management.base import BaseCommand

from soslokal.demo.services import (
    DEMO_BRIEF_TITLE,
    DEMO_CAMPAIGN,
    DEMO_LAB,
    SIMULATED_CAMPAIGN,
    demo_load,
)
from soslokal.surveys.models import Channel, Response


class Command(BaseCommand):
    help = (
        "Load the demo (Skien and Porsgrunn with real population figures, the framework, the "
        "Telemark indicators from SSB and FHI, an open survey, a closed survey with simulated "
        "answers, a city lab on it with two actions, and demo staff users). Safe to run "
        "again: it refreshes the data and prints new passwords."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        logins = demo_load()
        self.stdout.write(self.style.SUCCESS("Demo loaded: Skien (4003) and Porsgrunn (4001)."))
        self.stdout.write("Demo logins for Skien (new passwords every time the demo is loaded):")
        for login in logins:
            self.stdout.write(
                f"  {login.role:<12} user {login.username:<18} password {login.password}"
            )
        self.stdout.write("Log in at http://127.0.0.1:8000/login/")
        self.stdout.write("Skien in figures: http://127.0.0.1:8000/indicators/4003/")
        channel = Channel.objects.get(campaign__name=DEMO_CAMPAIGN, kind=Channel.Kind.WEB)
        self.stdout.write(f"Answer the demo survey at http://127.0.0.1:8000/s/{channel.code}/")
        simulated = Response.objects.filter(campaign__name=SIMULATED_CAMPAIGN).count()
        self.stdout.write(
            f"Closed survey with {simulated} simulated answers: {SIMULATED_CAMPAIGN} "
            "(staff pages, Place surveys)"
        )
        self.stdout.write(
            f"City lab on its two lowest themes, with two actions: {DEMO_LAB} (staff pages, City "
            "labs; public page of Skien, You said, we did)"
        )
        self.stdout.write(
            f"Published brief in nynorsk: {DEMO_BRIEF_TITLE} (public page of Skien, Briefs for "
            "councillors; staff pages, Briefs)"
        )
