"""This app's sections of a member's personal data (export and erasure); see forum_site/accounts/personal_data.py."""
