"""The papers a school sends before a meeting: which ones its framework asks for (`Framework.meeting_papers`), and
the slots of the head's "send papers" page, each with the paper stored for it."""

from dataclasses import dataclass

from django.utils.text import slugify

# What is asked for when the framework names no papers of its own. The one place this default lives.
DEFAULT_MEETING_PAPERS = (
    {"key": "self_evaluation", "title": "Self-evaluation"},
    {"key": "improvement_plan", "title": "School improvement plan"},
)
IMPROVEMENT_PLAN = "improvement_plan"


@dataclass(frozen=True)
class PaperAskedFor:
    key: str
    title: str

    @property
    def phrase(self):
        """The title inside a sentence: "Self-evaluation" becomes "self-evaluation", "SEND review" stays."""
        if len(self.title) > 1 and self.title[1].isupper():
            return self.title
        return self.title[:1].lower() + self.title[1:]


@dataclass(frozen=True)
class PaperSlot:
    """One paper on the page: what is asked for, and the SchoolPaper sent for it (None before it is uploaded)."""

    asked: PaperAskedFor
    paper: object = None

    @property
    def key(self):
        return self.asked.key

    @property
    def title(self):
        return self.asked.title

    @property
    def field_name(self):
        return f"paper_{self.key}"

    @property
    def filename(self):
        """The sent file's name as uploaded (without the folder it is stored in)."""
        return self.paper.file.name.rsplit("/", 1)[-1] if self.paper is not None else ""


def _band_code(band):
    """A band's code, whether given a Band, a code, or nothing."""
    if band is None:
        return ""
    return str(getattr(band, "code", band) or "")


def papers_asked_for(framework, *, band=None):
    """[PaperAskedFor, …] in the framework's order, of the papers asked of a school in `band` (a Band or its code):
    an entry with `bands` is asked only of schools in those bands ("Schools classified amber or red will also be
    asked to provide ..."), one without of every school. The default two when the framework names none (or there is
    no framework); when it names papers, but none for this band, nothing is asked for. Entries without a usable key
    or title are left out, and a key named twice (for one band) counts once."""
    entries = list(getattr(framework, "meeting_papers", None) or [])
    code = _band_code(band)
    asked, seen, named = [], set(), False
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        title = str(entry.get("title") or "").strip()
        key = slugify(str(entry.get("key") or "")).replace("-", "_")[:64]
        if not key or not title:
            continue
        named = True
        bands = [str(part) for part in entry.get("bands") or []]
        if (bands and code not in bands) or key in seen:
            continue
        seen.add(key)
        asked.append(PaperAskedFor(key=key, title=title))
    if not named:
        asked = [PaperAskedFor(**entry) for entry in DEFAULT_MEETING_PAPERS]
    return asked


def paper_slots(framework, papers, *, band=None):
    """The slots of a visit's papers page: one per paper the framework asks of a school in `band`, then one for any
    paper already sent under a kind the framework no longer asks for (so nothing sent is hidden)."""
    by_kind = {paper.kind: paper for paper in papers}
    asked_for = papers_asked_for(framework, band=band)
    slots = [PaperSlot(asked=asked, paper=by_kind.pop(asked.key, None)) for asked in asked_for]
    slots += [PaperSlot(asked=PaperAskedFor(key=p.kind, title=p.title), paper=p) for p in by_kind.values()]
    return slots
