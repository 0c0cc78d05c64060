from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .forms import SchoolContactsForm
from .panels import panels_for
from .selectors import get_school_for_user, school_list_for_user
from .services import school_update_contacts


def register(request):
    schools = school_list_for_user(request.user).order_by("name")
    page = Paginator(schools, 50).get_page(request.GET.get("page"))
    return render(request, "schools/register.html", {"page": page})


def school_detail(request, urn):
    school = get_school_for_user(request.user, urn)
    can_edit = request.user.has_perm("schools.edit_school_contacts", school)
    return render(
        request,
        "schools/school_detail.html",
        {"school": school, "can_edit": can_edit, "panels": panels_for(request, school)},
    )


@require_http_methods(["GET", "POST"])
def school_contacts_edit(request, urn):
    school = get_school_for_user(request.user, urn, perm="schools.edit_school_contacts")
    form = SchoolContactsForm(request.POST or None, instance=school)
    if request.method == "POST" and form.is_valid():
        school_update_contacts(school=school, user=request.user, **form.cleaned_data)
        messages.success(request, "Contact details saved.")
        return redirect("schools:detail", urn=school.urn)
    return render(request, "schools/school_contacts_form.html", {"school": school, "form": form})
