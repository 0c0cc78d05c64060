def apply_service_errors(form, error):
    """Put a service's ValidationError on the form, field by field where it can, so the error summary shows it."""
    problems_by_field = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for field, problems in problems_by_field.items():
        target = field if field in form.fields else None
        for problem in problems:
            form.add_error(target, problem)
