"""The seal on 申报表 PDFs is made from the 电子签章取样表 of the unit's approved certificate
order, before falling back to a generated placeholder."""

import pytest

from shebao.pki.seal import seal_image
from shebao.pki.selfservice import services as orders
from tests.pki.orders import ca_staff, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_approved_orders_seal_sample_is_the_seal(unit, operator):
    placeholder, generated = seal_image(unit)
    assert generated
    order = submitted(unit, operator)
    assert seal_image(unit)[1]  # a sample under review is not used yet
    orders.order_approve(order=order, actor=ca_staff())
    image, generated = seal_image(unit)
    assert not generated
    sample = order.materials.get(material="seal_sample")
    assert image.size == (40, 30) and sample.file.name
