"""The applicant's side: 订单查询, the five steps, 证书更新续期 and the one-time 下载证书.

Every order is read through ``order_get(unit=acting unit)``: another unit's order is a 404.
"""

from __future__ import annotations

import base64
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shebao.core.errors import InvalidValue
from shebao.identity.acting import acting_unit, operator_view
from shebao.pki.client import TokenError
from shebao.pki.login import challenge_create
from shebao.pki.pin_guard import token_open_guarded

from .. import services
from ..form_pdf import application_form_pdf
from ..forms import CheckForm, InfoForm, PinForm, RenewForm, info_initial, operator_initial
from ..materials import order_materials, upload_rule
from ..models import CertificateOrder, CertProject, OrderKind, OrderStatus
from ..selectors import order_get, order_list, valid_certificates
from .common import ORDERS_PER_PAGE, client_ip, material_response

STEPS = (
    gettext_noop("信息校验"),
    gettext_noop("录入信息"),
    gettext_noop("打印申请表"),
    gettext_noop("上传资料"),
    gettext_noop("审核"),
)
SUBMITTED = gettext_noop("资料上传成功，等待审核……")
UPLOADED = gettext_noop("“%(m)s”已上传")
NO_FILE = gettext_noop("请选择要上传的文件")
NO_PROOF = gettext_noop("请选择当前证书文件并输入PIN码，或粘贴证书和签名")
ISSUED = gettext_noop("证书已生成并下载，请妥善保存证书文件和PIN码；证书只能下载一次")
KINDS_WITH_PREVIOUS = (OrderKind.CHANGE, OrderKind.REISSUE, OrderKind.UNLOCK)


def _order(request: HttpRequest, pk: int) -> CertificateOrder:
    try:
        return order_get(unit=acting_unit(request), pk=pk)
    except CertificateOrder.DoesNotExist:
        raise Http404("order")


def _steps(current: int) -> list[dict[str, object]]:
    return [
        {"no": f"{n:02d}", "label": _(label), "state": _state(n, current)}
        for n, label in enumerate(STEPS, start=1)
    ]


def _state(n: int, current: int) -> str:
    return "done" if n < current else "current" if n == current else "todo"


def _draft_step(order: CertificateOrder) -> str:
    """Where a draft continues: the first step not done yet."""
    if not services.order_info_complete(order):
        return reverse("pki_order_info", args=[order.pk])
    if order.agreed_at is None:
        return reverse("pki_order_print", args=[order.pk])
    return reverse("pki_order_materials", args=[order.pk])


@operator_view
@require_GET
def orders(request: HttpRequest) -> HttpResponse:
    """订单查询."""
    unit = acting_unit(request)
    page = Paginator(order_list(unit=unit), ORDERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "pki/orders/list.html",
        {"page": page, "unit": unit, "kinds": OrderKind.choices, "nav": "certificates"},
    )


@operator_view
@require_http_methods(["GET", "POST"])
def order_new(request: HttpRequest, kind: str) -> HttpResponse:
    """Step 1, 信息校验 (项目选择 in 变更 / 补办 / PIN解锁: the certificate concerned is chosen too)."""
    if kind == OrderKind.RENEW:
        return redirect("pki_order_renew")
    if kind not in OrderKind.values:
        raise Http404("kind")
    unit = acting_unit(request)
    certificates = list(valid_certificates(unit=unit)) if kind in KINDS_WITH_PREVIOUS else None
    posted = request.POST if request.method == "POST" else None  # an empty POST is bound too
    form = CheckForm(posted, unit=unit, certificates=certificates)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            previous = next((c for c in certificates or [] if c.pk == data.get("previous")), None)
            try:
                order = services.order_start(
                    unit=unit,
                    actor=request.user,
                    kind=kind,
                    project=data["project"],
                    social_security_no=data["social_security_no"],
                    region=data["region"],
                    unit_name=unit.name,  # shown, not asked: the platform knows it
                    previous=previous,
                    ip=client_ip(request),
                )
            except InvalidValue as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("pki_order_info", order.pk)
    return render(
        request,
        "pki/orders/check.html",
        {
            "form": form,
            "kind": kind,
            "kind_label": OrderKind(kind).label,
            "steps": _steps(1),
            "first_step": _("项目选择") if kind in KINDS_WITH_PREVIOUS else _("信息校验"),
            "no_certificate": certificates == [],
            "unit": unit,
            "projects": CertProject,
            "nav": "certificates",
        },
        status=status,
    )


@operator_view
@require_http_methods(["GET", "POST"])
def order_info(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 2, 录入信息."""
    order = _order(request, pk)
    if order.status != OrderStatus.DRAFT:
        return redirect("pki_order", order.pk)
    asks_unit = order.kind == OrderKind.CHANGE
    posted = request.POST if request.method == "POST" else None  # an empty POST is bound too
    form = InfoForm(posted, initial=info_initial(order, request.user), asks_unit=asks_unit)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            known = {"unit_name": order.unit.name, "credit_code": order.unit.credit_code}
            try:
                services.order_info_save(
                    order=order,
                    actor=request.user,
                    ip=client_ip(request),
                    **{**({} if asks_unit else known), **form.cleaned_data},
                )
            except services.OrderInvalid as exc:
                for field, message in exc.errors.items():
                    form.add_error(field if field in form.fields else None, message)
            except InvalidValue as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("pki_order_print", order.pk)
    return render(
        request,
        "pki/orders/info.html",
        {"order": order, "form": form, "steps": _steps(2), "nav": "certificates"},
        status=status,
    )


@operator_view
@require_http_methods(["GET", "POST"])
def order_print(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 3, 打印申请表: the pre-filled PDF, and 已阅读并遵守《数字证书服务协议》."""
    order = _order(request, pk)
    if order.status != OrderStatus.DRAFT:
        return redirect("pki_order", order.pk)
    error = ""
    if request.method == "POST":
        if request.POST.get("agree") != "on":
            error = _(services.NOT_AGREED)
        else:
            try:
                services.order_agree(order=order, actor=request.user, ip=client_ip(request))
            except InvalidValue as exc:
                error = str(exc)
            else:
                return redirect("pki_order_materials", order.pk)
    return render(
        request,
        "pki/orders/print.html",
        {"order": order, "steps": _steps(3), "error": error, "nav": "certificates"},
        status=400 if error else 200,
    )


@operator_view
@require_GET
def order_form_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(request, pk)
    response = HttpResponse(application_form_pdf(order), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{order.order_no}.pdf"'
    return response


@operator_view
@require_http_methods(["GET", "POST"])
def order_materials_step(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 4, 上传资料: one image per material, replaced by uploading again."""
    order = _order(request, pk)
    if order.status != OrderStatus.DRAFT:
        return redirect("pki_order", order.pk)
    status = 200
    if request.method == "POST":
        material = request.POST.get("material", "")
        uploaded = request.FILES.get("file")
        if uploaded is None:
            messages.error(request, _(NO_FILE))
            status = 400
        else:
            try:
                services.order_material_upload(
                    order=order,
                    material=material,
                    uploaded_file=uploaded,
                    actor=request.user,
                    ip=client_ip(request),
                )
            except InvalidValue as exc:
                messages.error(request, str(exc))
                status = 400
            else:
                messages.success(request, _(UPLOADED) % {"m": services.material_name(material)})
                return redirect("pki_order_materials", order.pk)
    stored = {m.material: m for m in order.materials.all()}
    rows = [{"spec": spec, "file": stored.get(spec.code)} for spec in order_materials(order)]
    return render(
        request,
        "pki/orders/materials.html",
        {
            "order": order,
            "rows": rows,
            "rule": upload_rule(),
            "steps": _steps(4),
            "nav": "certificates",
        },
        status=status,
    )


@operator_view
@require_POST
def order_submit(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(request, pk)
    try:
        services.order_submit(order=order, actor=request.user, ip=client_ip(request))
    except InvalidValue as exc:
        messages.error(request, str(exc))
        if order.status == OrderStatus.DRAFT:
            return redirect(_draft_step(order))
    else:
        messages.success(request, _(SUBMITTED))
    return redirect("pki_order", order.pk)


@operator_view
@require_GET
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(request, pk)
    return _render_detail(request, order, PinForm())


def _render_detail(
    request: HttpRequest, order: CertificateOrder, pin_form: PinForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "pki/orders/detail.html",
        {
            "order": order,
            "pin_form": pin_form,
            "materials": order.materials.all(),
            "continue_url": _draft_step(order) if order.status == OrderStatus.DRAFT else "",
            "can_download": order.status == OrderStatus.APPROVED and order.certificate_id is None,
            "steps": _steps(5),
            "nav": "certificates",
        },
        status=status,
    )


@operator_view
@require_POST
def order_download(request: HttpRequest, pk: int) -> HttpResponse:
    """下载证书: the PIN typed twice; the .p12 is made for this response and never kept."""
    order = _order(request, pk)
    form = PinForm(request.POST)
    if form.is_valid():
        try:
            order, p12 = services.order_certificate_issue(
                order=order,
                actor=request.user,
                pin=form.cleaned_data["pin"],
                pin_again=form.cleaned_data["pin_again"],
                ip=client_ip(request),
            )
        except InvalidValue as exc:
            form.add_error(None, str(exc))
        else:
            response = HttpResponse(p12, content_type="application/x-pkcs12")
            response["Content-Disposition"] = (
                f'attachment; filename="unit-{order.unit.unit_no}-{order.order_no}.p12"'
            )
            response["Cache-Control"] = "no-store"
            return response
    order.refresh_from_db()
    return _render_detail(request, order, form, status=400)


@operator_view
@require_GET
def order_material(request: HttpRequest, pk: int, material_id: int) -> HttpResponse:
    return material_response(_order(request, pk), material_id)


@operator_view
@require_http_methods(["GET", "POST"])
def order_renew(request: HttpRequest) -> HttpResponse:
    """证书更新续期: prove the current certificate by signing a one-time challenge with it.

    With the .p12 file and its PIN the server opens the file in memory for this one signature
    and discards it; HR software can instead send the certificate and its own signature."""
    unit = acting_unit(request)
    posted = request.POST if request.method == "POST" else None
    form = RenewForm(posted, request.FILES or None, initial=operator_initial(request.user))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                pem, signature = _proof(data, request.user)
                order = services.order_renew_start(
                    unit=unit,
                    actor=request.user,
                    certificate_pem=pem,
                    challenge=data["challenge"],
                    signature=signature,
                    operator_name=data["operator_name"],
                    operator_mobile=data["operator_mobile"],
                    ip=client_ip(request),
                )
            except services.OrderInvalid as exc:
                for field, message in exc.errors.items():
                    form.add_error(field, message)
            except (InvalidValue, TokenError) as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("pki_order", order.pk)
    nonce = challenge_create(ip=client_ip(request)).nonce
    if form.is_bound:  # a used challenge is worthless: offer a fresh one
        form.data = {**form.data.dict(), "challenge": nonce}  # type: ignore[attr-defined]
    else:
        form.initial["challenge"] = nonce
    return render(
        request,
        "pki/orders/renew.html",
        {
            "form": form,
            "challenge": nonce,
            "certificates": valid_certificates(unit=unit),
            "steps": [],
            "nav": "certificates",
        },
        status=status,
    )


def _proof(data: dict[str, object], user: Any) -> tuple[str, str]:
    upload = data.get("p12")
    if upload is not None:
        p12 = upload.read()  # type: ignore[attr-defined]
        token = token_open_guarded(user=user, p12=p12, pin=str(data.get("pin") or ""))
        nonce = base64.b64decode(str(data["challenge"]))
        return token.certificate_pem, base64.b64encode(token.sign(nonce)).decode()
    pem, signature = str(data.get("certificate_pem") or ""), str(data.get("signature") or "")
    if not pem.strip() or not signature.strip():
        raise InvalidValue(_(NO_PROOF))
    return pem, signature
