"""Results of the surveys and the barometer."""

from indicators.surveys.views import bp  # noqa: F401
