import pytest

from shebao.policy.seed import policy_seed


@pytest.fixture(autouse=True)
def policy(region, settings, tmp_path):
    """The seeded law and award parameters (ages, minimum years, 计发月数, base standards)."""
    settings.MEDIA_ROOT = tmp_path / "private"
    policy_seed(region)
    return region
