"""The authority admin's letter templates: what each kind of letter says, with placeholders and a preview."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from qa_portal.form_errors import apply_service_errors
from qa_portal.permissions import authority_with_perm
from qa_portal.wording import in_sentence

from . import services
from .forms import LetterTemplateForm
from .letter_templates import PLACEHOLDERS, fill, paragraphs, sample_values, wording_for
from .models import Letter

PERM = "classification.manage_letter_templates"


def _kind(value):
    try:
        return Letter.Kind(value)
    except ValueError:
        raise Http404("No such kind of letter") from None


@require_safe
def letter_templates(request):
    authority = authority_with_perm(request, PERM)
    kinds = [{"kind": kind, "wording": wording_for(authority, kind)} for kind in Letter.Kind]
    return render(request, "classification/letter_templates.html", {"authority": authority, "kinds": kinds})


@require_http_methods(["GET", "POST"])
def letter_template_edit(request, kind):
    authority = authority_with_perm(request, PERM)
    kind = _kind(kind)
    wording = wording_for(authority, kind)
    action = request.POST.get("action", "save")
    if request.method == "POST" and action == "reset":
        services.letter_template_reset(authority=authority, kind=kind, user=request.user)
        messages.success(request, f"The {in_sentence(kind.label)} uses the default wording again.")
        return redirect("classification:letter-template", kind=kind.value)
    if request.method == "POST":
        form = LetterTemplateForm(request.POST)
    else:
        form = LetterTemplateForm(initial={"subject": wording.subject, "body": wording.body})
    preview = None
    if request.method == "POST" and form.is_valid():
        if action == "save":
            try:
                services.letter_template_save(authority=authority, kind=kind, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, f"The {in_sentence(kind.label)} template is saved.")
                return redirect("classification:letter-template", kind=kind.value)
        else:
            preview = form.cleaned_data
    elif request.method == "GET":
        preview = {"subject": wording.subject, "body": wording.body}
    if preview is not None:
        values = sample_values(authority, kind)
        preview = {"subject": fill(preview["subject"], values), "paragraphs": paragraphs(fill(preview["body"], values))}
    return render(
        request,
        "classification/letter_template_form.html",
        {
            "authority": authority,
            "kind": kind,
            "form": form,
            "is_default": wording.is_default,
            "placeholders": PLACEHOLDERS,
            "preview": preview,
        },
    )
