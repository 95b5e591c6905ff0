"""The whole of what it takes to make questions commentable and moderated: one owner, one register()."""

from forum_site.moderation import owners
from forum_site.moderation.signals import post_published
from forum_site.notifications.services import post_followers_notify


class QuestionOwner(owners.Owner):
    key = "question"
    model = "testquestions.Question"
    comments = True
    group_label = "Subject"
    target_prefetch = ("subject",)
    cache_area = "consultations"  # any area but the forum's: a comment here must leave forum pages cached

    def commentable(self):
        return self.model_class().objects.filter(is_open=True)

    def kind(self, target):
        return "Question"

    def post_url(self, post, target, user=None):
        # Page-aware like the forum's: the question's page shows 2 comments per page.
        from forum_site.moderation.selectors import post_position

        page = post_position(post, user) // 2 + 1
        return f"{target.get_absolute_url()}{'' if page == 1 else f'?page={page}'}#post-{post.pk}"

    def premoderated(self, thread, target):
        return target.held

    def groups(self):
        from .models import Subject

        return [(s.pk, s.title) for s in Subject.objects.order_by("title")]

    def targets_in_group(self, group_id):
        return self.model_class().objects.filter(subject_id=group_id).values("pk")

    def follow_targets(self, post, target):
        return [(target, f"New answer on {target.title}"), (target.subject, f"New answer in {target.subject.title}")]

    def admin_links(self, target):
        return [("Question admin", f"/test-questions/{target.pk}/admin/")]


QUESTIONS = owners.register(QuestionOwner())


def _tell_followers(sender, post, url, **kwargs):
    post_followers_notify(post=post, targets=sender.follow_targets(post, owners.target_of(post.thread)), url=url)


post_published.connect(_tell_followers, sender=QUESTIONS, dispatch_uid="testquestions-followers")
