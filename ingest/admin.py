from django.contrib import admin

from .models import Article, Feed

admin.site.register(Article)
admin.site.register(Feed)
