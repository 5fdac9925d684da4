"""The editors' workplace.

Every write that can move a position goes through `services`, exactly as the
API and the pipeline do: the admin only collects what the editor meant.
"""
from __future__ import annotations

import json

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from . import codebook, services
from .models import Issue, Negotiation, Party, Person, Position, PositionPin, Round, Statement, StatementLink

CONTEXT_CHARS = 300  # article text shown around a statement's span

admin.site.site_header = "Negotiation positions tracker"
admin.site.site_url = "/negotiations/"
admin.site.site_title = "Positions tracker"
admin.site.index_title = "Editors' desk"
admin.site.enable_nav_sidebar = False  # the review lists need the width


def admin_link(obj, text=None) -> str:
    """A link to an object's change page in the admin ('—' for none)."""
    if obj is None:
        return "—"
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, text if text is not None else str(obj))


def matrix_url(negotiation: Negotiation) -> str:
    """The negotiation's positions matrix page."""
    return reverse("negotiation-matrix", kwargs={"slug": negotiation.slug})


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows the services derive: shown for reference, corrected at their source."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DateHierarchyInRange:
    """A date-hierarchy link for a year Django cannot step past (9999, or 0) is the admin's "bad filter"
    redirect, not a 500 (Django computes the next year, month or day of the one asked for)."""

    def get_changelist_instance(self, request):
        field = getattr(self, "date_hierarchy", None)
        if field:
            for part in ("year", "month", "day"):
                value = request.GET.get(f"{field}__{part}")
                if value is None:
                    continue
                low, high = {"year": (1, 9998), "month": (1, 12), "day": (1, 31)}[part]
                if not value.isdigit() or not low <= int(value) <= high:
                    raise IncorrectLookupParameters(f"{field}__{part}={value[:10]!r}")
        return super().get_changelist_instance(request)


class DeletesDerivedRows:
    """Deleting a round, issue, article… also deletes derived rows (positions, links) that editors
    cannot delete one by one; the delete methods below refresh what is left."""

    derived = {Position._meta.verbose_name, StatementLink._meta.verbose_name}

    def get_deleted_objects(self, objs, request):
        to_delete, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        return to_delete, counts, set(perms_needed) - self.derived, protected


class DeletesThroughService(DeletesDerivedRows):
    """Deleting one row or a selection is one call of the model's delete service on a queryset
    (`delete_rows`), which also refreshes the derived rows that are left."""

    def delete_rows(self, queryset):
        raise NotImplementedError

    def delete_model(self, request, obj):
        self.delete_rows(self.model._default_manager.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        self.delete_rows(queryset)


# --- Reference data: parties, people, negotiations, issues, rounds ------------------


@admin.register(Party)
class PartyAdmin(DeletesDerivedRows, admin.ModelAdmin):
    list_display = ["code", "name", "aliases", "adjectives"]
    search_fields = ["code", "name"]


@admin.register(Person)
class PersonAdmin(DeletesDerivedRows, admin.ModelAdmin):
    list_display = ["name", "party", "role", "reviewed", "statement_count", "created_at"]
    ordering = ["name"]  # the statement count's GROUP BY drops Meta.ordering
    list_filter = ["reviewed", "party"]
    search_fields = ["name", "role", "aliases"]
    autocomplete_fields = ["party"]
    list_select_related = ["party"]
    actions = ["mark_reviewed"]
    readonly_fields = ["created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_statements=Count("statements"))

    @admin.display(description="statements", ordering="n_statements")
    def statement_count(self, person):
        url = reverse("admin:positions_statement_changelist") + f"?speaker__id__exact={person.pk}"
        return format_html('<a href="{}">{}</a>', url, person.n_statements)

    @admin.action(description="Mark the selected people as reviewed")
    def mark_reviewed(self, request, queryset):
        done = queryset.update(reviewed=True)
        self.message_user(request, f"{done} people marked as reviewed.", messages.SUCCESS)


class RoundInline(admin.TabularInline):
    model = Round
    extra = 0
    fields = ["date", "slug", "name", "venue", "parties"]
    show_change_link = True


class IssueInline(admin.TabularInline):
    model = Issue
    extra = 0
    fields = ["position", "slug", "title", "owner"]
    autocomplete_fields = ["owner"]
    show_change_link = True


@admin.register(Negotiation)
class NegotiationAdmin(DeletesDerivedRows, admin.ModelAdmin):
    list_display = ["name", "slug", "active", "party_codes", "round_count", "issue_count", "relinking", "matrix"]
    actions = ["link_again", "export_codebook"]
    ordering = ["name"]
    list_filter = ["active"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["parties"]
    readonly_fields = ["matrix", "relinking"]
    inlines = [RoundInline, IssueInline]

    @admin.display(description="re-linking")
    def relinking(self, negotiation):
        if not negotiation.relink_state:
            return "—"
        when = negotiation.relink_finished_at or negotiation.relink_started_at
        return " · ".join(x for x in (negotiation.relink_state, when and f"{when:%Y-%m-%d %H:%M}",
                                      negotiation.relink_note) if x)

    @admin.action(description="Export as a codebook (JSON file)")
    def export_codebook(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select one negotiation to export.", level=messages.WARNING)
            return None
        negotiation = queryset.get()
        response = HttpResponse(
            json.dumps(codebook.codebook_export(negotiation), ensure_ascii=False, indent=1) + "\n",
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{negotiation.slug}.json"'
        return response

    @admin.action(description="Link the statements again (in the background)")
    def link_again(self, request, queryset):
        queued = sum(services.negotiation_relink(negotiation=n) for n in queryset)
        self.message_user(request, f"{queued} negotiation(s) are being linked again; the list shows when it is done.")

    def get_queryset(self, request):
        return (
            super().get_queryset(request)
            .annotate(n_rounds=Count("rounds", distinct=True), n_issues=Count("issues", distinct=True))
            .prefetch_related("parties")
        )

    @admin.display(description="parties")
    def party_codes(self, negotiation):
        return ", ".join(p.code for p in negotiation.parties.all())

    @admin.display(description="rounds", ordering="n_rounds")
    def round_count(self, negotiation):
        return negotiation.n_rounds

    @admin.display(description="issues", ordering="n_issues")
    def issue_count(self, negotiation):
        return negotiation.n_issues

    @admin.display(description="positions matrix")
    def matrix(self, negotiation):
        return format_html('<a href="{}">open the matrix</a>', matrix_url(negotiation)) if negotiation.pk else "—"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if any(fs.model is Round and fs.has_changed() for fs in formsets):
            # Statements get the round of their day again, and positions follow.
            services.rounds_reassign(negotiation=form.instance)
        if any(fs.model is Issue and any(set(f.changed_data) & ISSUE_WORDS for f in fs.forms) for fs in formsets):
            services.negotiation_relink(negotiation=form.instance)


ISSUE_WORDS = {"title", "description", "cues", "owner", "negotiation"}  # what the linker reads of an issue


@admin.register(Issue)
class IssueAdmin(DeletesDerivedRows, admin.ModelAdmin):
    list_display = ["title", "slug", "negotiation", "owner", "position", "cue_count"]
    list_filter = ["negotiation", "owner"]
    list_select_related = ["negotiation", "owner"]
    search_fields = ["title", "slug", "description"]
    autocomplete_fields = ["negotiation", "owner"]
    prepopulated_fields = {"slug": ["title"]}
    list_editable = ["position"]

    @admin.display(description="cues")
    def cue_count(self, issue):
        return len(issue.cues or [])

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change or set(form.changed_data) & ISSUE_WORDS:
            # An issue added tomorrow gets its past evidence: the negotiation's statements are linked again.
            services.negotiation_relink(negotiation=obj.negotiation)


@admin.register(Round)
class RoundAdmin(DateHierarchyInRange, DeletesThroughService, admin.ModelAdmin):
    list_display = ["date", "name", "slug", "negotiation", "venue"]
    list_filter = ["negotiation"]
    list_select_related = ["negotiation"]
    search_fields = ["name", "slug", "venue"]
    autocomplete_fields = ["negotiation"]
    filter_horizontal = ["parties"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        services.round_save(rnd=obj)

    def delete_rows(self, queryset):
        services.rounds_delete(rounds=queryset)


# --- Statements: the review desk -----------------------------------------------------


CHECKED = ("party", "speaker", "round")  # what services.statement_check refuses from another negotiation


class StatementForm(forms.ModelForm):
    def clean(self):
        """services.statement_check's refusals, beside the fields they concern."""
        data = super().clean()
        given = {name: data[name] for name in CHECKED if name in self.changed_data and data.get(name) is not None}
        try:
            services.statement_check(statement=self.instance, **given)
        except ValidationError as exc:
            self.add_error(None, exc)
        return data

    def correction(self) -> dict:
        """What the editor changed, as `services.statement_correct` takes it (the status always: the editor's word)."""
        fields = {name: self.cleaned_data[name] for name in self.changed_data if name in self.cleaned_data}
        return {**fields, "status": self.cleaned_data.get("status", self.instance.status)}


class StatementLinkFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.forms:
            issue = form.cleaned_data.get("issue") if hasattr(form, "cleaned_data") else None
            if issue is None or not form.has_changed() or form.cleaned_data.get("DELETE"):
                continue
            try:
                services.statement_check(statement=self.instance, links={issue.pk: form.cleaned_data.get("stance")})
            except ValidationError as exc:
                form.add_error("issue", exc.message_dict["links"])

    def links(self) -> dict[int, str]:
        """The editor's changes as `services.statement_correct` takes them: issue id to stance, '' to remove."""
        removed, kept = {}, {}
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.has_changed():
                continue
            issue, old = form.cleaned_data.get("issue"), form.initial.get("issue")
            if form.cleaned_data.get("DELETE") or issue is None:
                if old is not None:
                    removed[old] = ""
                continue
            if old is not None and old != issue.pk:
                removed[old] = ""  # the link moved to another issue
            kept[issue.pk] = form.cleaned_data.get("stance") or ""
        return {**removed, **kept}


class StatementLinkInline(admin.TabularInline):
    model = StatementLink
    formset = StatementLinkFormSet
    extra = 0
    fields = ["issue", "stance", "confidence", "reason"]
    readonly_fields = ["confidence", "reason"]
    autocomplete_fields = ["issue"]


@admin.register(Statement)
class StatementAdmin(DateHierarchyInRange, DeletesThroughService, admin.ModelAdmin):
    form = StatementForm
    list_display = ["short_text", "party_code", "speaker", "stances", "stated_on", "round_slug", "status",
                    "counted", "article_link"]
    ordering = ["-article_id", "start"]  # newest articles first, each read top to bottom
    list_filter = ["negotiation", "status", "party", "round", "kind", "counted"]
    list_select_related = ["party", "speaker", "round", "article"]
    search_fields = ["text", "speaker__name", "attribution", "article__title", "article__url"]
    autocomplete_fields = ["speaker", "party", "round"]
    date_hierarchy = "stated_on"
    actions = ["confirm", "reject"]
    inlines = [StatementLinkInline]
    readonly_fields = ["article_link", "start", "end", "in_article", "attribution", "confidence", "counted",
                       "negotiation", "reviewed_by", "reviewed_at", "created_at"]
    fieldsets = [
        (None, {"fields": ["text", "in_article", ("kind", "status"), ("speaker", "party"), ("stated_on", "round")]}),
        ("Where it comes from and why", {"fields": [
            "article_link", ("start", "end"), "attribution", "confidence", "counted", "negotiation",
            ("reviewed_by", "reviewed_at"), "created_at",
        ]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("links__issue")

    def has_add_permission(self, request):
        return False  # statements come from articles, through the pipeline

    @admin.display(description="statement")
    def short_text(self, statement):
        return Truncator(statement.text).chars(90)

    @admin.display(description="party", ordering="party__code")
    def party_code(self, statement):
        return statement.party.code if statement.party else "—"

    @admin.display(description="round", ordering="round__date")
    def round_slug(self, statement):
        return statement.round.slug if statement.round else "—"

    @admin.display(description="links")
    def stances(self, statement):
        return ", ".join(f"{link.issue.slug}: {link.stance}" for link in statement.links.all()) or "—"

    @admin.display(description="article")
    def article_link(self, statement):
        article = statement.article
        return admin_link(article, Truncator(str(article)).chars(60)) if article else "—"

    @admin.display(description="in the article")
    def in_article(self, statement):
        """The span in its surroundings, so the editor can judge speaker and stance at a glance."""
        text = statement.article.text if statement.article_id else ""
        if not text:
            return "—"
        start, end = statement.start, statement.end
        before = text[max(0, start - CONTEXT_CHARS):start]
        after = text[end:end + CONTEXT_CHARS]
        return format_html(
            '<div style="max-width:60em;white-space:pre-wrap">…{}<mark>{}</mark>{}…</div>',
            before, text[start:end], after,
        )

    def save_model(self, request, obj, form, change):
        pass  # the statement and its links are written together, by services.statement_correct (save_related)

    def save_formset(self, request, form, formset, change):
        formset.save(commit=False)  # nothing written: it only lists the changes for the admin's history

    def save_related(self, request, form, formsets, change):
        """The editor's word, in one service call: the statement and its links corrected, confirmed (unless
        rejected), kept on re-runs, positions moved."""
        links = {}
        for formset in formsets:
            self.save_formset(request, form, formset, change)
            if isinstance(formset, StatementLinkFormSet):
                links.update(formset.links())
        services.statement_correct(statement=form.instance, user=request.user, links=links, **form.correction())

    def delete_rows(self, queryset):
        services.statements_delete(statements=queryset)

    @admin.action(description="Confirm the selected statements")
    def confirm(self, request, queryset):
        done = services.statements_review(statements=queryset, status=Statement.Status.CONFIRMED, user=request.user)
        self.message_user(request, f"{done} statements confirmed.", messages.SUCCESS)

    @admin.action(description="Reject the selected statements")
    def reject(self, request, queryset):
        done = services.statements_review(statements=queryset, status=Statement.Status.REJECTED, user=request.user)
        self.message_user(request, f"{done} statements rejected; they no longer count towards positions.",
                          messages.SUCCESS)


@admin.register(StatementLink)
class StatementLinkAdmin(ReadOnlyAdmin):
    """Read-only overview of links; correct them on their statement's page."""

    list_display = ["statement_link", "issue", "stance", "party", "round", "counted", "confidence", "reason"]
    list_filter = ["issue__negotiation", "issue", "stance", "party", "counted"]
    list_select_related = ["statement", "issue", "party", "round"]
    search_fields = ["statement__text", "reason", "issue__slug"]

    @admin.display(description="statement")
    def statement_link(self, link):
        return admin_link(link.statement, Truncator(link.statement.text).chars(80))


# --- Positions: pinned by editors, derived by services -------------------------------


class PositionPinForm(forms.ModelForm):
    class Meta:
        model = PositionPin
        fields = ["party", "issue", "from_round", "stance", "note", "evidence"]

    def clean(self):
        """services.position_pin_check's refusals, beside the fields they concern."""
        data = super().clean()
        try:
            services.position_pin_check(party=data.get("party"), issue=data.get("issue"),
                                        from_round=data.get("from_round"), evidence=data.get("evidence") or [])
        except ValidationError as exc:
            self.add_error(None, exc)
        return data


@admin.register(PositionPin)
class PositionPinAdmin(DeletesDerivedRows, admin.ModelAdmin):
    """Pinning a position: from this round on, the party holds this stance (empty stance: none)."""

    form = PositionPinForm
    list_display = ["issue", "party", "from_round", "stance_or_cleared", "note", "created_by", "created_at"]
    list_filter = ["issue__negotiation", "party", "stance"]
    list_select_related = ["issue", "party", "from_round", "created_by"]
    search_fields = ["note", "issue__slug", "issue__title", "party__code"]
    autocomplete_fields = ["party", "issue", "from_round", "evidence"]
    readonly_fields = ["created_by", "created_at"]

    @admin.display(description="stance")
    def stance_or_cleared(self, pin):
        return pin.stance or "(cleared)"

    def save_model(self, request, obj, form, change):
        pin = services.position_pin(
            party=obj.party, issue=obj.issue, from_round=obj.from_round, stance=obj.stance, note=obj.note,
            evidence=form.cleaned_data.get("evidence") or [], user=request.user, replacing=obj if change else None,
        )
        obj.pk, obj.created_by, obj.created_at = pin.pk, pin.created_by, pin.created_at
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        pass  # evidence was set by services.position_pin, which refreshed the positions after it

    def delete_model(self, request, obj):
        services.position_unpin(pin=obj)

    def delete_queryset(self, request, queryset):
        for pin in queryset:
            services.position_unpin(pin=pin)


@admin.register(Position)
class PositionAdmin(ReadOnlyAdmin):
    """Derived from statements and pins by services; read-only here (pin one to overrule)."""

    list_display = ["party", "issue", "round", "stance", "source", "since_round", "evidence_links"]
    list_filter = ["negotiation", "source", "stance", "party", "issue"]
    list_select_related = ["party", "issue", "round", "since_round"]
    search_fields = ["issue__slug", "issue__title", "party__code", "round__slug"]

    @admin.display(description="evidence")
    def evidence_links(self, position):
        rows = ((reverse("admin:positions_statement_change", args=[pk]), pk) for pk in position.evidence)
        return format_html_join(", ", '<a href="{}">#{}</a>', rows) or "—"
