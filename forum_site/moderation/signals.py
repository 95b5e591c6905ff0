"""What moderation tells the apps that own threads (moderation itself knows no kind of content).

Each is sent with ``sender`` = the thread's :class:`~forum_site.moderation.owners.Owner` (or None for
a thread without a registered owner), inside the transaction of the write, so an app connects with
``post_state_changed.connect(receiver, sender=its_owner)`` and hears only of its own threads.

- ``post_state_changed(post, old_state, new_state, new_post)``: after every write a reader could see:
  a new post (``old_state`` None), a state change, an edit or a redaction (``old_state == new_state``).
- ``post_published(post, url)``: a post became visible for the first time (the owner tells followers).
- ``thread_changed(thread)``: an organiser changed the thread's settings (locked, pre-moderated, slow mode).
"""

from django.dispatch import Signal

post_state_changed = Signal()
post_published = Signal()
thread_changed = Signal()
