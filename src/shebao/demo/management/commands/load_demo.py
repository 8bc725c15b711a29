"""``manage.py load_demo``: the demo region, unit, 262 employees, accounts and cases. Idempotent."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from shebao.demo import loader


class Command(BaseCommand):
    help = "Load the demo data (湖北省省本级, one unit with 262 employees, demo accounts); safe to re-run."

    def handle(self, *args: Any, **options: Any) -> None:
        summary = loader.load_demo()
        out = self.stdout
        out.write(self.style.SUCCESS("演示数据已就绪 / demo data loaded"))
        out.write(f"  单位 units:        {summary.units} ({loader.UNIT_NO} {loader.UNIT_NAME})")
        out.write(f"  人员 persons:      {summary.persons}")
        out.write(
            f"  参保 enrolments:   {summary.enrolments} "
            f"(正常参保 {summary.active}, 暂停参保 {summary.suspended})"
        )
        out.write("  办件 cases:")
        for line in summary.cases:
            out.write(f"    {line}")
        out.write(f"  账号 accounts (password {loader.PASSWORD}):")
        out.write(f"    {loader.OPERATOR}  单位经办人 / unit operator")
        out.write(
            f"    {loader.REVIEWER}  {loader.REGION_NAME}审核人员 / agency reviewer"
            f"（动态口令 / TOTP: manage.py otp_code {loader.REVIEWER}）"
        )
        out.write(
            f"    {loader.CA_STAFF}        认证机构工作人员 / CA staff"
            f"（动态口令 / TOTP: manage.py otp_code {loader.CA_STAFF}）"
        )
        out.write(
            f"    {loader.ADMIN}     /admin/ superuser"
            f"（动态口令 / TOTP: manage.py otp_code {loader.ADMIN}）"
        )
