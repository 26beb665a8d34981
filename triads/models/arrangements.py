"""When and where a meeting or a QA visit takes place, and how many times that has changed.

Times are wall-clock times in London on the record's own date (a meeting at 10:00 is at 10:00
whichever side of the clock change it falls), turned into instants only when an invitation is
built. `invite_sequence` is the iCalendar SEQUENCE: it goes up every time the date, the times or
the place change, so a calendar replaces the event it already holds instead of adding another.
"""

from datetime import time

from sqlalchemy import Integer, String, Time
from sqlalchemy.orm import Mapped, mapped_column

PLACE_MAX = 200
LINK_MAX = 500


class Arranged:
    start_time: Mapped[time | None] = mapped_column(Time)
    end_time: Mapped[time | None] = mapped_column(Time)
    place: Mapped[str] = mapped_column(String(PLACE_MAX), default="", server_default="")
    online_link: Mapped[str] = mapped_column(String(LINK_MAX), default="", server_default="")
    invite_sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
