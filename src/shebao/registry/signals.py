"""Registry events other apps react to without the registry importing them.

``enrolments_opened`` is sent inside the enrolling transaction, after the new
``Enrolment`` rows exist, with ``enrolments`` (the list) and ``serial_no`` (the case's
业务流水号). The unemployment benefit listens: re-employment stops a benefit being paid
(失业保险条例 第十五条), and it must stop in the same transaction as the enrolment.
"""

from __future__ import annotations

from django.dispatch import Signal

enrolments_opened = Signal()
