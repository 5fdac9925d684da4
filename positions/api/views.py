"""Thin views over positions.selectors (minimal first cut)."""
from django.shortcuts import get_object_or_404
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from positions import selectors
from positions.models import Negotiation, Round, Statement

from .serializers import PositionSerializer, StatementSerializer


class StatementList(generics.ListAPIView):
    serializer_class = StatementSerializer

    def get_queryset(self):
        qs = selectors.statements_list()
        status = self.request.query_params.get("status")
        if status:
            return qs.filter(status=status)
        return qs.exclude(status=Statement.Status.REJECTED)


class PositionList(APIView):
    def get(self, request, slug):
        negotiation = get_object_or_404(Negotiation, slug=slug)
        round_slug = request.query_params.get("round")
        if round_slug:
            rnd = Round.objects.filter(negotiation=negotiation, slug=round_slug).first()
            if rnd is None:
                raise NotFound(f"unknown round {round_slug!r} in negotiation {slug!r}")
        else:
            rnd = selectors.round_latest(negotiation=negotiation)
            if rnd is None:
                return Response([])
        return Response(PositionSerializer(selectors.positions_at(round=rnd), many=True).data)
