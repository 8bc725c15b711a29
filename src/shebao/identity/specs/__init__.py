"""Service specs whose effect changes who may do business online."""

from . import multi_unit_operator, online_business, operator_training

__all__ = ["multi_unit_operator", "online_business", "operator_training"]
