"""Satisfaction surveys: after each request, relationship campaigns, results and the barometer."""
