from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "shebao.cases"
    label = "cases"
    verbose_name = "办件"

    def ready(self) -> None:
        """Pillow refuses to open images over twice this limit anywhere in the process."""
        from django.conf import settings

        try:
            from PIL import Image
        except ImportError:  # pragma: no cover
            return
        Image.MAX_IMAGE_PIXELS = settings.UPLOAD_MAX_PIXELS
