"""Blueprints, one per audience. Views parse the request, call one service and render."""
