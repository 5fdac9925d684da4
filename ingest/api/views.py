"""Thin views: submit an article (editors), read its status."""
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView


class ArticleSubmit(APIView):
    def post(self, request):
        return Response({"detail": "not ready"}, status=status.HTTP_503_SERVICE_UNAVAILABLE)


class ArticleStatus(APIView):
    def get(self, request, pk):
        return Response({"detail": "not ready"}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
