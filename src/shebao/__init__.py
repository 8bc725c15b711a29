"""Shebao: employer social-insurance online services (单位社会保险网上经办平台)."""

from .celery import app as celery_app

__all__ = ["celery_app"]
