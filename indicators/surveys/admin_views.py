"""Managing surveys: the post-request settings, campaigns and their response rates."""

from indicators.surveys.views import bp  # noqa: F401
