"""What a facilitator's moderation decision can be: the texts decided on and the decisions
(stored by :class:`qsort.models.Moderation`, carried by the clinic file)."""

KINDS = ("comment", "answer")
STATUSES = ("approved", "hidden")
