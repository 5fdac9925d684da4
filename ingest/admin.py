"""Articles and feeds in the editors' workplace: what came in, how far it got, and why it stopped."""
from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from positions.admin import DateHierarchyInRange, DeletesThroughService
from positions.models import Statement

from . import services
from .models import Article, Feed


class StatementInline(admin.TabularInline):
    """The statements found in the article; each links to its own page, where editors correct it."""

    model = Statement
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["text_link", "kind", "speaker", "party", "stated_on", "round", "status", "counted", "confidence"]
    readonly_fields = fields
    ordering = ["start"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("speaker", "party", "round")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="statement")
    def text_link(self, statement):
        url = reverse("admin:positions_statement_change", args=[statement.pk])
        return format_html('<a href="{}">{}</a>', url, Truncator(statement.text).chars(140))


class DuplicateFilter(admin.SimpleListFilter):
    title = "duplicate"
    parameter_name = "duplicate"

    def lookups(self, request, model_admin):
        return [("yes", "a syndicated copy"), ("no", "an original")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(duplicate_of__isnull=False)
        if self.value() == "no":
            return queryset.filter(duplicate_of__isnull=True)
        return queryset


class ArticleAddForm(forms.ModelForm):
    """Paste a report (text or HTML) or give a URL; the pipeline does the rest."""

    url = forms.CharField(required=False, max_length=2048, help_text="http(s) address; may be left empty for pasted text.")
    raw = forms.CharField(required=False, widget=forms.Textarea, label="text or HTML",
                          help_text="Leave empty to fetch the URL.")

    class Meta:
        model = Article
        fields = ["url", "title", "outlet", "published", "negotiation", "raw", "raw_is_html"]

    def clean(self):
        """What the API would answer 400 to is a form error here (never a 500 from the save)."""
        data = super().clean()
        if not data.get("url") and not data.get("raw"):
            raise forms.ValidationError("Give a URL, or paste the text of the report.")
        if self.errors:
            return data
        try:
            services.submission_check(**self.submission())
            if data.get("url") and not data.get("raw"):
                services.check_fetchable(data["url"])
        except services.InvalidSubmission as exc:
            field = {"text": "raw", "html": "raw"}.get(exc.field, exc.field)
            self.add_error(field if field in self.fields else None, str(exc))
        return data

    def submission(self) -> dict:
        """The form's fields as `services.article_receive` takes them."""
        data = self.cleaned_data
        body = data.get("raw") or None
        html = data.get("raw_is_html")
        return {
            "url": data.get("url") or "", "title": data.get("title") or "", "outlet": data.get("outlet") or "",
            "published": data.get("published"), "html": body if html else None, "text": None if html else body,
        }

    def validate_unique(self):
        pass  # a URL already stored is found again by services.article_receive, not refused


class ArticleChangeForm(forms.ModelForm):
    """An editor's correction of a stored article: a publication day must be a possible one."""

    class Meta:
        model = Article
        fields = "__all__"

    def clean_published(self):
        try:
            return services.parse_published(self.cleaned_data.get("published"))
        except services.InvalidSubmission as exc:
            raise forms.ValidationError(str(exc)) from None


@admin.register(Article)
class ArticleAdmin(DateHierarchyInRange, DeletesThroughService, admin.ModelAdmin):
    list_display = ["short_title", "outlet", "published", "status", "stage", "statement_count", "duplicate_link",
                    "short_error", "updated_at"]
    list_filter = ["status", "stage", DuplicateFilter, "negotiation", "language", "outlet"]
    search_fields = ["title", "url", "outlet", "error"]
    ordering = ["-created_at"]  # the statement count's GROUP BY drops Meta.ordering
    date_hierarchy = "published"
    autocomplete_fields = ["duplicate_of", "negotiation"]
    actions = ["run_again"]
    inlines = [StatementInline]
    readonly_fields = ["url", "status", "stage", "error", "attempts", "language", "content_hash",
                       "feed", "created_at", "updated_at", "processed_at", "text", "raw_is_html"]
    fieldsets = [
        (None, {"fields": ["url", "title", "outlet", "published", "negotiation", "duplicate_of"]}),
        ("Processing", {"fields": [("status", "stage"), "error", ("attempts", "language"), "feed",
                                   ("created_at", "updated_at", "processed_at")]}),
        ("Text", {"classes": ["collapse"], "fields": ["text", "raw_is_html", "content_hash"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("duplicate_of").annotate(n_statements=Count("statements"))

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = ArticleAddForm if obj is None else ArticleChangeForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": ArticleAddForm.Meta.fields})]
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else super().get_readonly_fields(request, obj)

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    @admin.display(description="article", ordering="title")
    def short_title(self, article):
        return Truncator(str(article)).chars(80)

    @admin.display(description="statements", ordering="n_statements")
    def statement_count(self, article):
        return article.n_statements

    @admin.display(description="duplicate of")
    def duplicate_link(self, article):
        original = article.duplicate_of
        if original is None:
            return "—"
        url = reverse("admin:ingest_article_change", args=[original.pk])
        return format_html('<a href="{}">#{}</a>', url, original.pk)

    @admin.display(description="error")
    def short_error(self, article):
        return Truncator(article.error).chars(80) or "—"

    def save_model(self, request, obj, form, change):
        if change:
            services.article_correct(article=obj, changed=form.changed_data)
            return
        # Queued after the commit; with no broker the worker takes it, never this request.
        article = services.article_submit(negotiation=form.cleaned_data.get("negotiation"), in_request=True,
                                          **form.submission())
        obj.pk, obj._state.adding = article.pk, False

    def delete_rows(self, queryset):
        services.articles_delete(articles=queryset)

    @admin.action(description="Run the selected articles through the pipeline again")
    def run_again(self, request, queryset):
        """Automatic statements are replaced; what editors confirmed or rejected stays."""
        count = services.articles_run_again(article_ids=list(queryset.values_list("pk", flat=True)), in_request=True)
        self.message_user(request, f"{count} articles queued for the pipeline.", messages.SUCCESS)


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = ["__str__", "outlet", "negotiation", "active", "interval_minutes", "last_polled_at",
                    "last_status", "short_error", "entries_seen"]
    list_filter = ["active", "negotiation", "outlet"]
    list_select_related = ["negotiation"]
    search_fields = ["url", "title", "outlet", "last_error"]
    autocomplete_fields = ["negotiation"]
    readonly_fields = ["last_polled_at", "last_status", "last_error", "entries_seen", "etag", "last_modified"]
    fieldsets = [
        (None, {"fields": ["url", "title", "outlet", "negotiation", "active", "interval_minutes"]}),
        ("Last poll", {"fields": ["last_polled_at", "last_status", "last_error", "entries_seen",
                                  "etag", "last_modified"]}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="last error")
    def short_error(self, feed):
        return Truncator(feed.last_error).chars(80) or "—"
