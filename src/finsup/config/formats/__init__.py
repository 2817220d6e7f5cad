"""Our overrides of Django's locale formats (FORMAT_MODULE_PATH); what is not set here is Django's."""
