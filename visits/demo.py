"""Demo rows for the visits app, called by qa_portal.demo.seed (idempotent)."""


def seed(context):
    """context: authority, schools (list), people (email -> User), set_passwords."""
