from django.apps import AppConfig


class ClassificationConfig(AppConfig):
    name = "classification"
    verbose_name = "Classification"

    def ready(self):
        # The register (schools) annotates each row with the current band; its downloads carry it too.
        from schools.exports import EXPORT_COLUMNS

        if not any(heading == "Band" for heading, _func in EXPORT_COLUMNS):
            EXPORT_COLUMNS.extend(
                [
                    ("Band", lambda s: getattr(s, "band_label", None) or "Not yet classified"),
                    (
                        "In band since",
                        lambda s: s.band_since.strftime("%d/%m/%Y") if getattr(s, "band_since", None) else "",
                    ),
                ]
            )
