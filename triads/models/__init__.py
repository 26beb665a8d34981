"""The triads package's tables: triads and meetings, action plans, QA visits, celebrations."""

from triads.models.celebrations import *  # noqa: F403
from triads.models.triads import *  # noqa: F403
from triads.models.visits import *  # noqa: F403
