"""Parallel submissions through the portal on a SQLite *file* database, as the embedded demo
runs (issue #10 §5); run in a process of its own, since a test session's database is fixed.

    DATABASE_URL=sqlite:////tmp/x.sqlite3 PYTHONPATH=src:. python -m tests.cases.sqlite_parallel 50

Each of the N threads (own connection, released together by a barrier) does the whole wizard:
step 1 (creates and accepts the draft), 【添加校验】 of one new employee, 【确认提交】. Prints
one JSON line: requests made, 5xx answers, the first few errors, cases under review and
whether their serial numbers are unique.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import threading
from typing import Any

DONE_STATUS = 302  # every step of the flow answers with a redirect


def main(parallel: int) -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shebao.settings")
    assert os.environ.get("DATABASE_URL", "").startswith("sqlite:///"), "needs a SQLite file"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client
    from django.test.utils import setup_test_environment

    from shebao.cases.models import Case, CaseStatus
    from tests import factories
    from tests.web.helpers import ENROLMENT, enrolment_form

    setup_test_environment()  # the test client's host and in-memory mail
    call_command("migrate", verbosity=0)
    unit = factories.unit(region_obj=factories.region())
    operator = factories.operator(unit)
    clients = []
    for _ in range(parallel):
        client = Client(raise_request_exception=False)  # a crash shows as the 500 it would be
        client.force_login(operator)
        clients.append(client)
    connections.close_all()

    barrier = threading.Barrier(parallel)
    statuses: list[int] = []
    errors: list[str] = []
    lock = threading.Lock()

    def flow(n: int, client: Client) -> None:
        def post(url: str, data: dict[str, str] | None = None) -> str | None:
            response = client.post(url, data or {})
            with lock:
                statuses.append(response.status_code)
                if response.status_code >= 500:
                    errors.append(f"{url} {response.status_code} {response.content[-300:]!r}")
            return response["Location"] if response.status_code == DONE_STATUS else None

        try:
            barrier.wait(60)
            accept = {"declarant": "王建", "declarant_mobile": "18555555555", "agreement": "on"}
            step2 = post(f"/services/{ENROLMENT}/", accept)
            if step2 is None:
                return
            pk = int(step2.split("/")[2])
            birth = dt.date(1990, 1, 1) + dt.timedelta(days=n)
            row = enrolment_form(id_number=factories.id_number(birth), name="张三")
            if post(f"/cases/{pk}/rows/add/", row) is not None:
                post(f"/cases/{pk}/submit/")
        except Exception as exc:  # reported, not raised: the count is the result
            with lock:
                errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=flow, args=(n, c)) for n, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    serials = list(
        Case.objects.filter(status=CaseStatus.UNDER_REVIEW).values_list("serial_no", flat=True)
    )
    return {
        "requests": len(statuses),
        "server_errors": sum(status >= 500 for status in statuses),
        "errors": errors[:5],
        "under_review": len(serials),
        "serials_unique": len(set(serials)) == len(serials),
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 50), ensure_ascii=False))
