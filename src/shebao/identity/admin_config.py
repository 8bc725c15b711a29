"""``django.contrib.admin`` with the OTP admin site as ``admin.site``.

Apart from :mod:`.admin_site` because an app config module is imported before the models are.
"""

from django.contrib.admin.apps import AdminConfig


class ShebaoAdminConfig(AdminConfig):
    default_site = "shebao.identity.admin_site.ShebaoAdminSite"
