import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shebao.settings")

from shebao.startup import refuse_default_secret_key  # noqa: E402  (needs the settings module)

refuse_default_secret_key()
application = get_wsgi_application()
