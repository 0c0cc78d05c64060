from functools import cached_property

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from .roles import AUTHORITY_ROLES, SCHOOL_ROLES, Role


def normalise_email(value):
    """Email addresses are kept lower-case, so that sign-in, invitations and the unique check ignore case."""
    return (value or "").strip().lower()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        # Sign-in (ModelBackend) looks people up here: any case of the address finds them.
        return self.get(email=normalise_email(username))

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=normalise_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in with their email address."""

    username = None
    email = models.EmailField("email address", unique=True)
    job_title = models.CharField(max_length=150, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="unique_email_any_case",
                violation_error_message="Someone already has an account with this email address.",
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def clean(self):
        super().clean()
        self.email = normalise_email(self.email)

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    # Role lookups are read once per request (the user object lives for one request). Permission predicates
    # (each app's rules.py) and selectors use them; views never do.
    @cached_property
    def role_assignments(self):
        if not self.is_authenticated or self.pk is None:
            return []
        return list(self.roles.select_related("authority", "school").order_by("pk"))

    def authority_ids_for(self, *roles):
        return {a.authority_id for a in self.role_assignments if a.role in roles}

    def school_ids_for(self, *roles, authority_id=None):
        return {
            a.school_id
            for a in self.role_assignments
            if a.role in roles and a.school_id and (authority_id is None or a.authority_id == authority_id)
        }

    def roles_in(self, authority_id):
        """The roles this person holds in one authority (at the authority or at one of its schools)."""
        return frozenset(a.role for a in self.role_assignments if a.authority_id == authority_id)

    def is_chair_of(self, school_id):
        return any(a.role == Role.GOVERNOR and a.school_id == school_id and a.is_chair for a in self.role_assignments)


class RoleAssignment(models.Model):
    """One role a person holds, in an authority and (for heads and governors) one school."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=32, choices=Role.choices)
    authority = models.ForeignKey("schools.Authority", on_delete=models.CASCADE, related_name="role_assignments")
    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, null=True, blank=True, related_name="role_assignments"
    )
    is_chair = models.BooleanField("chair of governors", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "authority__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "authority", "school"], name="unique_role_per_place"),
            models.UniqueConstraint(
                fields=["user", "role", "authority"],
                condition=models.Q(school__isnull=True),
                name="unique_authority_role",
            ),
            models.CheckConstraint(
                # Sorted: a set's order changes between runs and would make a new migration each time.
                condition=models.Q(role__in=sorted(r.value for r in SCHOOL_ROLES), school__isnull=False)
                | models.Q(role__in=sorted(r.value for r in AUTHORITY_ROLES), school__isnull=True),
                name="school_roles_have_a_school",
            ),
            models.CheckConstraint(
                condition=models.Q(is_chair=False) | models.Q(role=Role.GOVERNOR),
                name="only_governors_chair",
            ),
        ]

    def __str__(self):
        place = self.school.name if self.school_id else self.authority.name
        return f"{self.get_role_display()}, {place}"

    def clean(self):
        if self.role in SCHOOL_ROLES and not self.school_id:
            raise ValidationError({"school": "Choose the school for a headteacher or governor."})
        if self.role in AUTHORITY_ROLES and self.school_id:
            raise ValidationError({"school": "This role works across the authority, not one school."})
        if self.school_id and self.authority_id and self.school.authority_id != self.authority_id:
            raise ValidationError({"school": "The school belongs to another authority."})
        if self.is_chair and self.role != Role.GOVERNOR:
            raise ValidationError({"is_chair": "Only a governor can be the chair."})


class SecondFactorReset(models.Model):
    """An authority admin (or a superuser) took away a person's authenticator and recovery codes: who, when, where.
    The person sets a new one up the next time they sign in."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="second_factor_resets")
    reset_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    authority = models.ForeignKey(
        "schools.Authority", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reset_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reset_at"]

    def __str__(self):
        return f"Second factor of {self.user} reset on {self.reset_at:%-d %B %Y}"
