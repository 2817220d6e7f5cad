"""The web kit: what every page of every app builds on (view mixins, form errors, navigation, the
context processor, middleware, template filters, the health check). It knows the users' policies and
notifications, no app above them; the kernel (`core`) knows no domain at all."""
