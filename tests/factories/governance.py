"""Governance rows made directly: checklist templates, annual conversations, warning notices and escalation
steps (the services that make them in the product are tested themselves)."""

from governance.models import ChecklistTemplate, Conversation, EscalationStep, WarningNotice


def checklist_template(authority, *, slug="annual", name="Annual conversation"):
    """An empty checklist template of `authority` (load a real one with governance.services.checklist_template_load)."""
    return ChecklistTemplate.objects.create(authority=authority, slug=slug, name=name)


def conversation(school, template, *, due_by, academic_year=2026, status=Conversation.Status.DRAFT):
    """The annual governance conversation of `school` for `academic_year`, in `status`."""
    return Conversation.objects.create(
        school=school, academic_year=academic_year, template=template, status=status, due_by=due_by
    )


def warning_notice(school, *, issued_on, low_standards=True):
    """A warning notice to `school` on the ground of low standards, its outcome not yet recorded."""
    return WarningNotice.objects.create(school=school, issued_on=issued_on, low_standards=low_standards)


def escalation_step(school, step, *, taken_on, who="QA lead", summary="Discussed"):
    """A step of the escalation ladder (e.g. "informal_head") taken with `school` on `taken_on`, no letter."""
    return EscalationStep.objects.create(school=school, step=step, taken_on=taken_on, who=who, summary=summary)
