"""Client committees, meetings, action plans, client meetings and projects."""
