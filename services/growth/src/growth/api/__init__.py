"""Growth HTTP routes, one router per thing an agency does."""
