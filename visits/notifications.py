"""The notification kinds the visits app sends (autodiscovered by qa_portal.notifications)."""

from qa_portal.notifications.kinds import register_kind

VISIT_MOVED = "visit_moved"
VISIT_CONFIRMED = "visit_confirmed"
PAPERS_SENT = "visit_papers_sent"
NOTE_ANSWERED = "note_accuracy_answered"

register_kind(VISIT_MOVED, "A visit is moved to another date", default="immediate")
register_kind(VISIT_CONFIRMED, "A visit is confirmed", default="immediate")
register_kind(PAPERS_SENT, "A school sends its papers or lines of enquiry for a visit", default="immediate")
register_kind(NOTE_ANSWERED, "A headteacher answers the factual-accuracy check of a note", default="immediate")

# The factual-accuracy loop of notes of visit and its undos.
NOTE_SENT = "note_sent_for_accuracy"
NOTE_WITHDRAWN = "note_withdrawn"
NOTE_UNPUBLISHED = "note_unpublished"

register_kind(NOTE_SENT, "A note of visit is sent to you to check for factual accuracy", default="immediate")
register_kind(NOTE_WITHDRAWN, "A note sent for factual accuracy is withdrawn before you answer", default="immediate")
register_kind(NOTE_UNPUBLISHED, "A published note of visit is withdrawn for correction", default="immediate")

# A visit's time and place set or changed (the calendar feed follows: its sequence is raised).
VISIT_TIME_SET = "visit_time_set"

register_kind(VISIT_TIME_SET, "The time or place of a visit is set or changed", default="immediate")

# A meeting the plan added (a band raised, the year planned): the school's headteachers and the QA lead.
VISIT_PLANNED = "visit_planned"

register_kind(VISIT_PLANNED, "A meeting is planned at your school", default="immediate")

# A term-dates change or a closure day leaves a confirmed visit on a day the school is closed: its QA lead.
VISIT_STRANDED = "visit_stranded"

register_kind(VISIT_STRANDED, "A confirmed visit is now on a day the school is closed", default="immediate")

# Improvement plans and review bodies (visits.improvement): the school's headteachers are told when the plan or a
# review of it is recorded; the authority's directors (senior officers) when a review body's minutes are published.
PLAN_RECORDED = "improvement_plan_recorded"
PLAN_REVIEWED = "improvement_plan_reviewed"
REVIEW_MINUTES_PUBLISHED = "review_body_minutes_published"

register_kind(PLAN_RECORDED, "Your school's improvement plan is recorded", default="immediate")
register_kind(PLAN_REVIEWED, "A review of your school's improvement plan is recorded", default="immediate")
register_kind(
    REVIEW_MINUTES_PUBLISHED, "The minutes of a school's review body meeting are published", default="immediate"
)
