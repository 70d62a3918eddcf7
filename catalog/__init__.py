"""The DSI service catalogue: families, service sheets, subscriptions and news."""
