from django.contrib import admin

from .models import Issue, Negotiation, Party, Person, Position, PositionPin, Round, Statement, StatementLink

for model in (Issue, Negotiation, Party, Person, Position, PositionPin, Round, Statement, StatementLink):
    admin.site.register(model)
