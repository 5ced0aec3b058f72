from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "soslokal.demo"
    label = "demo"
    verbose_name = "Demo"
