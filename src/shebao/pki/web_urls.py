"""Portal pages for certificates in the browser (mounted at /, names are global)."""

from django.urls import path

from . import pin_change, weblogin

urlpatterns = [
    path("login/certificate/", weblogin.certificate_login_page, name="certificate_login"),
    path(
        "login/certificate/challenge/",
        weblogin.certificate_challenge,
        name="certificate_challenge",
    ),
    path("account/certificate/", weblogin.certificate_install, name="certificate_install"),
    path("account/certificate/enrol/", weblogin.certificate_enrol, name="certificate_enrol"),
    path("account/certificate/p12/", weblogin.certificate_p12, name="certificate_p12"),
    path("account/certificate/pin/", pin_change.certificate_pin_change, name="certificate_pin"),
]
