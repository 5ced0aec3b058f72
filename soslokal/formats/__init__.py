"""Date and number formats where the site's differ from Django's own (``FORMAT_MODULE_PATH``)."""
