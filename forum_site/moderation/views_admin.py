"""The moderation queue in the Wagtail admin: forum organisers and site admins only.

The list (safeguarding first, then oldest; filters by reason, where (an owner's group, such as a forum board) and age; bulk approve/reject),
the item page (the post in context, every open flag, the author's record, the audit log, and the
actions) and the thread settings. Views only read through selectors and write through services.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import ModelLogEntry

from forum_site.core.sanitize import plain_excerpt

from . import owners, permissions, selectors, services
from .admin_forms import ITEM_ACTIONS, BulkForm, ItemActionForm, QueueFilterForm, ThreadSettingsForm
from .models import SAFEGUARDING_REASONS, FlagReason, MemberSuspension, Post, PostState, Thread

EXCERPT_LENGTH = 200
EARLIER_POSTS = 3
HISTORY_ENTRIES = 20


class ModeratorRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        # Who may look comes first, so a refused user learns nothing about which ids exist.
        if not permissions.can_moderate(request.user):
            raise PermissionDenied
        self.load(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def load(self, **kwargs) -> None:
        """Fetch the objects named in the URL (404 for an unknown id)."""


def _reason_label(reason: str) -> str:
    return FlagReason(reason).label if reason in FlagReason.values else reason


def reason_summary(flags) -> list[str]:
    """One line per check ("Phone number") and one for all reports ("3 reports: offensive, spam")."""
    lines, reports = [], []
    for flag in flags:
        if flag.is_report:
            reports.append(flag)
        else:
            label = _reason_label(flag.reason)
            if label not in lines:
                lines.append(label)
    if reports:
        kinds = []
        for flag in reports:
            kind = _reason_label(flag.reason).removeprefix("Report: ")
            if kind not in kinds:
                kinds.append(kind)
        lines.append(f"{len(reports)} report{'s' if len(reports) != 1 else ''}: {', '.join(kinds)}")
    return lines


@dataclass
class QueueRow:
    post: Post
    reasons: list[str]
    safeguarding: bool
    where: str
    thread_title: str
    excerpt: str


def _where(post: Post) -> tuple[str, str]:
    """(where, title): ("EHC plans", "Topic title") or ("Consultation", its title), from loaded objects."""
    owner = owners.owner_for_thread(post.thread)
    target = selectors.thread_target(post.thread)
    if owner is None or target is None:
        return "", ""
    return owner.where(target)


def _public_url(thread: Thread) -> str:
    """Where the thread's target is on the site ("" for one without a public page)."""
    owner = owners.owner_for_thread(thread)
    target = selectors.thread_target(thread)
    return owner.url(target) if owner is not None and target is not None else ""


def _targets_prefetch(posts) -> None:
    """Read what each owner's rows show of their targets (a topic's board) once per list, not per row."""
    by_owner: dict = {}
    for post in posts:
        owner = owners.owner_for_thread(post.thread)
        target = post.thread.target if owner is not None and owner.target_prefetch else None
        if target is not None:
            by_owner.setdefault(owner, []).append(target)
    for owner, targets in by_owner.items():
        prefetch_related_objects(targets, *owner.target_prefetch)


@dataclass
class QueuePart:
    """One listing of the queue page: the posts that wait, or the published posts to look at again."""

    state: str
    title: str
    empty: str
    page_param: str
    page_obj: object
    rows: list[QueueRow]
    query: str  # the page's other parameters, for this listing's page links


def _queue_rows(posts) -> list[QueueRow]:
    rows = []
    _targets_prefetch(posts)
    for post in posts:
        where, title = _where(post)
        flags = post.open_flags
        rows.append(
            QueueRow(
                post=post,
                reasons=reason_summary(flags),
                safeguarding=post.safeguarding or any(f.reason in SAFEGUARDING_REASONS for f in flags),
                where=where,
                thread_title=title,
                excerpt=plain_excerpt(post.body, EXCERPT_LENGTH),
            )
        )
    return rows


# (state, heading, what an empty listing says, its page parameter)
QUEUE_PARTS = [
    (PostState.PENDING, "Waiting for a moderator", "Nothing is waiting to be published", "p"),
    (PostState.PUBLISHED, "Published, to look at again", "No published post is reported or flagged", "pp"),
]


class QueueView(ModeratorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "moderation/admin/queue.html"
    page_title = "Moderation queue"
    header_icon = "warning"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, *, bulk_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        filter_form = QueueFilterForm(self.request.GET or None, groups=selectors.queue_groups(), auto_id="filter-%s")
        filters = filter_form.filters() if self.request.GET else {}
        parts = []
        for state, title, empty, page_param in QUEUE_PARTS:
            items = selectors.queue(state=state, **filters).prefetch_related("thread__target")
            page_obj = Paginator(items, selectors.QUEUE_PAGE_SIZE).get_page(self.request.GET.get(page_param))
            query = self.request.GET.copy()
            query.pop(page_param, None)
            parts.append(
                QueuePart(
                    state=state,
                    title=title,
                    empty=empty,
                    page_param=page_param,
                    page_obj=page_obj,
                    rows=_queue_rows(page_obj.object_list),
                    query=query.urlencode(),
                )
            )
        # A safeguarding report on a published post (still on the site) is announced above both parts.
        urgent_published = list(
            Post.objects.in_queue()
            .filter(state=PostState.PUBLISHED, safeguarding=True)
            .order_by("queued_at", "pk")
            .values_list("pk", flat=True)[: selectors.QUEUE_PAGE_SIZE]
        )
        context.update(
            filter_form=filter_form,
            parts=parts,
            urgent_published=urgent_published,
            filtered=any(filters.values()),
            bulk_form=bulk_form,
        )
        return context


class BulkView(ModeratorRequiredMixin, View):
    """Approve or reject several selected items of the list at once."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = BulkForm(request.POST)
        if not form.is_valid():
            view = QueueView(request=request, args=(), kwargs={})
            return view.render_to_response(view.get_context_data(bulk_form=form), status=400)
        action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
        done, refused = 0, []
        for post in form.cleaned_data["posts"]:
            try:
                if action == "approve":
                    services.post_approve(post=post, moderator=request.user, note=reason)
                else:
                    services.post_reject(post=post, moderator=request.user, reason=reason)
                done += 1
            except services.ModerationError as refusal:
                refused.append(f"Post {post.pk}: {refusal}")
        verb = "approved" if action == "approve" else "rejected"
        if done:
            messages.success(request, f"{done} item{'s' if done != 1 else ''} {verb}.")
        for message in refused:
            messages.error(request, message)
        return redirect("moderation_queue:index")


# The item page's actions: the form that checks the input, and what to do with clean data.
def _approve(request, post, data):
    services.post_approve(post=post, moderator=request.user, note=data["reason"])
    return "Approved."


def _reject(request, post, data):
    services.post_reject(post=post, moderator=request.user, reason=data["reason"])
    return "Rejected. The author is told the reason."


def _hide(request, post, data):
    services.post_hide(post=post, moderator=request.user, reason=data["reason"])
    return "Hidden. The author is told the reason."


def _restore(request, post, data):
    services.post_restore(post=post, moderator=request.user, reason=data["reason"])
    return "Restored: the post is published again."


def _redact(request, post, data):
    waiting = post.state == PostState.PENDING
    post = services.post_redact(
        post=post, moderator=request.user, body=data["body"], reason=data["reason"], publish=data.get("publish", False)
    )
    if waiting and post.state == PostState.PUBLISHED:
        return "Redacted and published. The author is told what changed and why."
    return "Redacted. The original is kept for organisers, and the author is told what changed and why."


def _suspend(request, post, data):
    if post.author is None:
        raise services.ModerationError("This post's author no longer has an account.")
    suspension = services.member_suspend(
        user=post.author, moderator=request.user, days=data["days"], reason=data["reason"]
    )
    return f"Suspended until {suspension.ends_at:%-d %B %Y}."


def _spam(request, post, data):
    if post.author is None:
        raise services.ModerationError("This post's author no longer has an account.")
    changed = services.spam_account_remove(user=post.author, moderator=request.user, reason=data["reason"])
    return f"Spam account removed: {changed} post{'s' if changed != 1 else ''} taken down and the account suspended for a year."


ACTIONS = {
    "approve": _approve,
    "reject": _reject,
    "hide": _hide,
    "restore": _restore,
    "redact": _redact,
    "suspend": _suspend,
    "spam": _spam,
}


def _with_why(entries) -> list:
    """Each log entry with `why`: the reason (or a reporter's note) recorded in its data."""
    entries = list(entries)
    for entry in entries:
        data = entry.data if isinstance(entry.data, dict) else {}
        entry.why = data.get("reason") or data.get("note") or ""
    return entries


def _log_entries(post: Post) -> list:
    post_type = ContentType.objects.get_for_model(Post)
    return _with_why(
        ModelLogEntry.objects.filter(content_type=post_type, object_id=str(post.pk))
        .select_related("user")
        .order_by("-timestamp", "-pk")[:HISTORY_ENTRIES]
    )


def _previous_moderation(author, post: Post) -> list:
    """Moderators' decisions on the author's other posts, and their suspensions, newest first."""
    if author is None:
        return []
    post_type = ContentType.objects.get_for_model(Post)
    other_ids = [str(pk) for pk in Post.objects.filter(author=author).exclude(pk=post.pk).values_list("pk", flat=True)]
    moderator_actions = [f"moderation.{a}" for a in ("approve", "reject", "hide", "restore", "redact", "dismiss")]
    return _with_why(
        ModelLogEntry.objects.filter(content_type=post_type, object_id__in=other_ids, action__in=moderator_actions)
        .select_related("user")
        .order_by("-timestamp", "-pk")[:HISTORY_ENTRIES]
    )


class ItemView(ModeratorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "moderation/admin/item.html"
    header_icon = "warning"

    def load(self, *, post_id: int, **kwargs) -> None:
        self.post_obj = get_object_or_404(Post.objects.select_related("author", "thread"), pk=post_id)

    def get_page_title(self):
        return f"Queue item: post {self.post_obj.pk}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("moderation_queue:index"), "label": "Moderation queue"},
            {"url": "", "label": self.get_page_title()},
        ]

    def action_form(self, bound=None) -> ItemActionForm:
        """The one action form: the bound one after a refused attempt, else a fresh one (the redaction
        box starts from the post's text; "publish after redacting" only for a post that waits)."""
        form = bound if bound is not None else ItemActionForm(initial={"body": self.post_obj.body})
        if self.post_obj.state != PostState.PENDING:
            form.fields.pop("publish", None)
        return form

    def available_actions(self, bound_name: str | None) -> set[str]:
        """The actions offered for the post's state (the services refuse the others anyway), and the one just tried."""
        post = self.post_obj
        available = {"suspend", "spam"} if post.author_id else set()
        if post.state == PostState.PENDING or (post.state == PostState.PUBLISHED and post.needs_review):
            available.add("approve")
        if post.state == PostState.PENDING:
            available.add("reject")
        if post.state == PostState.PUBLISHED:
            available.add("hide")
        if post.state == PostState.HIDDEN:
            available.add("restore")
        if post.state in (PostState.PENDING, PostState.PUBLISHED, PostState.HIDDEN):
            available.add("redact")
        if bound_name:
            available.add(bound_name)
        return available

    def get_context_data(self, *, bound=None, **kwargs):
        context = super().get_context_data(**kwargs)
        post = self.post_obj
        owner = selectors.thread_target(post.thread)
        where, title = _where(post)
        flags = list(post.flags.select_related("reporter", "resolved_by").order_by("created_at", "pk"))
        open_flags = [f for f in flags if f.outcome == ""]
        reporter_ids = {f.reporter_id for f in flags if f.reporter_id}
        earlier = list(
            Post.objects.filter(thread=post.thread, state=PostState.PUBLISHED, created_at__lte=post.created_at)
            .exclude(pk=post.pk)
            .select_related("author")
            .order_by("-created_at", "-pk")[:EARLIER_POSTS]
        )[::-1]
        form = self.action_form(bound)
        available = self.available_actions(form.data.get("action") if bound is not None else None)
        author = post.author
        live = (
            Post.objects.filter(author=author, state__in=[PostState.PENDING, PostState.PUBLISHED]).count()
            if author
            else 0
        )
        context.update(
            post=post,
            owner=owner,
            owner_url=_public_url(post.thread),
            where=where,
            owner_title=title,
            post_url=selectors.post_location(post) if _public_url(post.thread) else "",
            open_flags=open_flags,
            resolved_flags=[f for f in flags if f.outcome != ""],
            reasons=reason_summary(open_flags),
            safeguarding=post.safeguarding or any(f.reason in SAFEGUARDING_REASONS for f in open_flags),
            often_declined=selectors.reporters_often_declined(reporter_ids) if reporter_ids else set(),
            earlier_posts=earlier,
            author=author,
            history=selectors.author_history(author),
            spam_hint=f"This account has {live} waiting or published post{'s' if live != 1 else ''}.",
            previous_moderation=_previous_moderation(author, post),
            suspensions=list(MemberSuspension.objects.filter(user=author).select_related("created_by")[:5])
            if author
            else [],
            active_suspension=services.active_suspension(author) if author else None,
            revisions=list(post.revisions.select_related("by").order_by("-created_at", "-pk")),
            log_entries=_log_entries(post),
            form=form,
            action_choices=[(name, label, hint) for name, label, hint in ITEM_ACTIONS if name in available],
            available=available,
            thread_settings_url=reverse("moderation_queue:thread", args=[post.thread_id]) + f"?post={post.pk}",
        )
        return context

    def post(self, request, *args, **kwargs):
        form = ItemActionForm(request.POST)
        if self.post_obj.state != PostState.PENDING:
            form.fields.pop("publish")  # only a waiting post can be published
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(bound=form), status=400)
        try:
            message = ACTIONS[form.cleaned_data["action"]](request, self.post_obj, form.cleaned_data)
        except services.ModerationError as refusal:
            messages.error(request, str(refusal))
            return redirect("moderation_queue:item", post_id=self.post_obj.pk)
        messages.success(request, message)
        return redirect("moderation_queue:index")


class ThreadSettingsView(ModeratorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """Lock, pre-moderate or slow down a thread (the owning app's own settings, such as pinning a
    forum topic, are on its own screens, linked from here)."""

    template_name = "moderation/admin/thread_settings.html"
    header_icon = "cog"

    def load(self, *, thread_id: int, **kwargs) -> None:
        self.thread = get_object_or_404(Thread, pk=thread_id)
        self.owner = owners.owner_for_thread(self.thread)
        self.target = selectors.thread_target(self.thread)

    def get_page_title(self):
        return f"Thread settings: {self.owner.title(self.target)}" if self.target is not None else "Thread settings"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("moderation_queue:index"), "label": "Moderation queue"},
            {"url": "", "label": self.get_page_title()},
        ]

    def back_url(self) -> str:
        post_id = self.request.GET.get("post", "")
        # isascii() too: "²".isdigit() is true but int("²") fails.
        if (
            post_id.isascii()
            and post_id.isdigit()
            and Post.objects.filter(pk=int(post_id), thread=self.thread).exists()
        ):
            return reverse("moderation_queue:item", args=[int(post_id)])
        return reverse("moderation_queue:index")

    def get_context_data(self, *, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        initial = {
            "locked": self.thread.locked,
            "premoderated": self.thread.premoderated,
            "slow_mode_seconds": self.thread.slow_mode_seconds,
        }
        where, title = self.owner.where(self.target) if self.target is not None else ("", "")
        context.update(
            form=form or ThreadSettingsForm(initial=initial),
            thread=self.thread,
            where=where,
            owner_title=title,
            owner_url=_public_url(self.thread),
            owner_links=self.owner.admin_links(self.target) if self.target is not None else [],
            back_url=self.back_url(),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = ThreadSettingsForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        try:
            services.thread_settings_set(
                thread=self.thread,
                moderator=request.user,
                locked=data["locked"],
                premoderated=data["premoderated"],
                slow_mode_seconds=data["slow_mode_seconds"],
            )
        except services.ModerationError as refusal:
            messages.error(request, str(refusal))
            return redirect(request.get_full_path())
        messages.success(request, "Thread settings saved.")
        return redirect(self.back_url())
