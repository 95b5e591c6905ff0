"""This app's comment owners, registered with forum_site.moderation's owner registry."""
