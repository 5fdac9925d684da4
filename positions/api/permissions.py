"""Who may write through the API: editors (staff, or members of the "editors" group)."""
from rest_framework.permissions import BasePermission

EDITORS_GROUP = "editors"


def is_editor(user) -> bool:
    """Staff, or a member of the "editors" group; anonymous and inactive users never are."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return user.groups.filter(name=EDITORS_GROUP).exists()


class IsEditor(BasePermission):
    """Only editors, whatever the method: for the views that write (POST /api/articles/, reviews)."""

    message = "Only editors (staff, or members of the 'editors' group) may do this."

    def has_permission(self, request, view):
        return is_editor(request.user)

