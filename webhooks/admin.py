"""Editors register webhooks and read their delivery log; every write goes through `services`."""
from django import forms
from django.contrib import admin, messages

from . import services, tasks
from .models import Delivery, Webhook


class WebhookForm(forms.ModelForm):
    url = forms.URLField(max_length=2048, assume_scheme="https", help_text=Webhook._meta.get_field("url").help_text)

    class Meta:
        model = Webhook
        fields = ["negotiation", "url", "active", "note", "secret"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        problem = services.url_problem(url)
        if problem:
            raise forms.ValidationError(problem)
        return url


class DeliveryInline(admin.TabularInline):
    model = Delivery
    fields = ["created_at", "status", "attempts", "response_status", "error", "delivered_at"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    ordering = ["-created_at", "-id"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("payload")


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    form = WebhookForm
    list_display = ["url", "negotiation", "active", "note", "created_at"]
    list_filter = ["active", "negotiation"]
    search_fields = ["url", "note"]
    inlines = [DeliveryInline]
    readonly_fields = ["created_by", "created_at"]

    def get_fields(self, request, obj=None):
        return ["negotiation", "url", "active", "note", "secret", "created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        services.webhook_save(webhook=obj, user=request.user)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The delivery log: what was sent where, how many attempts, what the receiver answered."""

    list_display = ["id", "webhook", "status", "attempts", "response_status", "error", "created_at", "delivered_at"]
    list_filter = ["status", "webhook"]
    list_select_related = ["webhook__negotiation"]
    readonly_fields = ["webhook", "payload", "status", "attempts", "response_status", "error", "created_at",
                       "last_attempt_at", "delivered_at"]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Send the selected deliveries again")
    def send_again(self, request, queryset):
        sent = 0
        for delivery in queryset.exclude(status=Delivery.Status.DELIVERED):
            services.delivery_resend(delivery=delivery)
            tasks.deliver_webhook.delay(delivery.pk)
            sent += 1
        messages.info(request, f"{sent} deliver{'y' if sent == 1 else 'ies'} sent again.")
