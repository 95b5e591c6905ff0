"""A content type moderation was not written for, installed by the test settings only.

Like adhocracy4's tests/apps/questions: it proves the owner registry generic. A question sits in a
subject; members comment on open questions; a question can ask for every comment to be pre-moderated.
"""
