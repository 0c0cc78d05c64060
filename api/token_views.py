"""The person's own API tokens, under Your account: the list, a new token (its key shown once) and revoking one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from qa_portal.accounts.context import authorities_for_user
from qa_portal.permissions import require_perm

from . import selectors, services
from .forms import ApiTokenForm


def token_list(request):
    return render(request, "api/tokens.html", {"tokens": selectors.tokens_listed_for(request.user)})


@never_cache
@require_http_methods(["GET", "POST"])
def token_new(request):
    authorities = authorities_for_user(request.user)
    form = ApiTokenForm(request.POST or None, authorities=authorities)
    if request.method == "POST" and form.is_valid():
        try:
            token, key = services.api_token_create(
                user=request.user,
                authority=form.chosen_authority(),
                name=form.cleaned_data["name"],
                lifetime_days=form.cleaned_data["lifetime_days"],
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            return render(request, "api/token_created.html", {"token": token, "key": key})
    return render(request, "api/token_new.html", {"form": form, "has_authority": bool(authorities)})


@require_http_methods(["GET", "POST"])
def token_revoke(request, pk):
    token = require_perm(request.user, "api.revoke_token", selectors.get_token_of(request.user, pk))
    if request.method == "POST":
        services.api_token_revoke(token=token)
        messages.success(request, f"The token ‘{token.name}’ has been revoked. It no longer works.")
        return redirect(reverse("api-tokens:list"))
    return render(request, "api/token_revoke.html", {"token": token})
