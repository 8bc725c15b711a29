"""CA用户审核查询 (Nanjing 二、2 ③): the unit follows its operators' training applications."""

from __future__ import annotations

from shebao.cases.queries import CaseRowResultQuery
from shebao.policy.areas import NANJING_ONLY
from shebao.services.queries import register_query

from .specs.operator_training import OperatorTrainingApplication


@register_query
class TrainingReviewQuery(CaseRowResultQuery):
    code = "nj_ca_user_review_status"
    areas = NANJING_ONLY
    title = "CA用户审核查询"
    description = "经办人员CA培训申请的审核结果（三个工作日内审核）"
    service_code = OperatorTrainingApplication.code
    row_fields = (
        ("经办人姓名", "name"),
        ("身份证号码", "id_number"),
        ("手机号码", "mobile"),
    )
