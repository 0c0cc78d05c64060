from qa_portal.jobs.registry import register

from .reports import termly_report_job

register("termly_report", "Termly report for scrutiny", template="dashboards/job_result_termly_report.html")(
    termly_report_job
)
